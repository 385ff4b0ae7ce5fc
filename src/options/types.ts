/**
 * The W3C JSON forms of WebAuthn options and responses (WebAuthn L3 §5.1, §5.4, §5.5) and the
 * typed extension inputs/outputs (§10, CTAP 2.2 §12). Every binary member is an unpadded
 * base64url string, so these values go through `JSON.stringify` unchanged and the browser turns
 * them into `PublicKeyCredentialCreationOptions` with `PublicKeyCredential.parseCreationOptionsFromJSON()`
 * (or `@tessera/webauthn/browser`).
 *
 * Shared by the options generators, the verify layer and the browser companion.
 *
 * @module
 */

/** An unpadded base64url string (RFC 4648 §5). */
export type Base64URLString = string;

/** Bytes as callers may give them: a `Uint8Array`, or a canonical unpadded base64url string. */
export type BinaryInput = Uint8Array | Base64URLString;

/**
 * A COSE algorithm identifier (IANA "COSE Algorithms" registry), e.g. `-7` (ES256).
 * `COSE_ALGORITHMS` (crypto layer) names the ones Tessera verifies.
 */
export type COSEAlgorithmIdentifier = number;

import type { AuthenticatorTransport } from '../verify/response.js';

export type { AuthenticatorTransport };

/** §5.4.5 authenticator attachment. */
export type AuthenticatorAttachment = 'platform' | 'cross-platform';

/** §5.4.6 resident key (discoverable credential) requirement. */
export type ResidentKeyRequirement = 'discouraged' | 'preferred' | 'required';

/** §5.8.6 user verification requirement. */
export type UserVerificationRequirement = 'required' | 'preferred' | 'discouraged';

/** §5.4.7 attestation conveyance preference. */
export type AttestationConveyancePreference = 'none' | 'indirect' | 'direct' | 'enterprise';

/** §5.8.7 hints, in order of preference. */
export type PublicKeyCredentialHint = 'security-key' | 'client-device' | 'hybrid';

/** Attestation statement format identifiers (IANA "WebAuthn Attestation Statement Format Identifiers"). */
export type AttestationFormat =
  | 'packed'
  | 'tpm'
  | 'android-key'
  | 'android-safetynet'
  | 'fido-u2f'
  | 'apple'
  | 'none'
  | 'compound';

/** CTAP 2.2 §12.1 credential protection policies (credProtect extension). */
export type CredentialProtectionPolicy =
  | 'userVerificationOptional'
  | 'userVerificationOptionalWithCredentialIDList'
  | 'userVerificationRequired';

/** The integer each {@link CredentialProtectionPolicy} has in the authenticator's `credProtect` output. */
export const CREDENTIAL_PROTECTION_POLICY_VALUES: Readonly<Record<CredentialProtectionPolicy, 1 | 2 | 3>> =
  /* @__PURE__ */ Object.freeze({
    userVerificationOptional: 1,
    userVerificationOptionalWithCredentialIDList: 2,
    userVerificationRequired: 3,
  });

/** §5.4.1 Relying Party entity. */
export interface PublicKeyCredentialRpEntity {
  id: string;
  name: string;
}

/** §5.4.3 user entity, JSON form. */
export interface PublicKeyCredentialUserEntityJSON {
  /** The user handle: 1–64 opaque bytes, base64url. Never personally identifying information. */
  id: Base64URLString;
  name: string;
  displayName: string;
}

/** §5.3 credential parameters. */
export interface PublicKeyCredentialParameters {
  type: 'public-key';
  alg: COSEAlgorithmIdentifier;
}

/** §5.8.3 credential descriptor, JSON form. */
export interface PublicKeyCredentialDescriptorJSON {
  type: 'public-key';
  id: Base64URLString;
  transports?: AuthenticatorTransport[];
}

/** §5.4.4 authenticator selection criteria. */
export interface AuthenticatorSelectionCriteria {
  authenticatorAttachment?: AuthenticatorAttachment;
  residentKey?: ResidentKeyRequirement;
  /** L2 compatibility: `true` exactly when `residentKey` is `'required'`. */
  requireResidentKey?: boolean;
  userVerification?: UserVerificationRequirement;
}

/** §10.1.4 prf evaluation inputs, JSON form. */
export interface AuthenticationExtensionsPRFValuesJSON {
  first: Base64URLString;
  second?: Base64URLString;
}

/** §10.1.4 prf inputs, JSON form. */
export interface AuthenticationExtensionsPRFInputsJSON {
  eval?: AuthenticationExtensionsPRFValuesJSON;
  /** Authentication only: per-credential inputs keyed by base64url credential id. */
  evalByCredential?: Record<Base64URLString, AuthenticationExtensionsPRFValuesJSON>;
}

/** §10.1.5 largeBlob inputs, JSON form. */
export interface AuthenticationExtensionsLargeBlobInputsJSON {
  /** Registration only. */
  support?: 'required' | 'preferred';
  /** Authentication only. */
  read?: boolean;
  /** Authentication only (exactly one allowed credential). */
  write?: Base64URLString;
}

/**
 * Client extension inputs, JSON form, as they appear in `options.extensions`.
 * credProtect's members are top-level (CTAP 2.2 §12.1), not nested under `credProtect`.
 */
export interface AuthenticationExtensionsClientInputsJSON {
  /** §10.1.1 FIDO AppID (authentication). */
  appid?: string;
  /** §10.1.2 FIDO AppID exclusion (registration). */
  appidExclude?: string;
  /** §10.1.3 credential properties (registration). */
  credProps?: boolean;
  /** §10.1.4 pseudo-random function. */
  prf?: AuthenticationExtensionsPRFInputsJSON;
  /** §10.1.5 large blob storage. */
  largeBlob?: AuthenticationExtensionsLargeBlobInputsJSON;
  /** CTAP 2.2 §12.1 credProtect (registration). */
  credentialProtectionPolicy?: CredentialProtectionPolicy;
  /** CTAP 2.2 §12.1: fail creation when the policy cannot be honoured (default false). */
  enforceCredentialProtectionPolicy?: boolean;
}

/** §10.1.3 credProps output. */
export interface CredentialPropertiesOutput {
  /** Whether the credential is discoverable (client-side resident); absent when unknown. */
  rk?: boolean;
}

/** §10.1.4 prf outputs, JSON form. */
export interface AuthenticationExtensionsPRFOutputsJSON {
  enabled?: boolean;
  results?: AuthenticationExtensionsPRFValuesJSON;
}

/** §10.1.5 largeBlob outputs, JSON form. */
export interface AuthenticationExtensionsLargeBlobOutputsJSON {
  supported?: boolean;
  blob?: Base64URLString;
  written?: boolean;
}

/**
 * Client extension outputs, JSON form (`clientExtensionResults` of a response).
 * credProtect has no client output: its result is the authenticator output (see
 * {@link AuthenticationExtensionsAuthenticatorOutputs}).
 */
export interface AuthenticationExtensionsClientOutputsJSON {
  appid?: boolean;
  appidExclude?: boolean;
  credProps?: CredentialPropertiesOutput;
  prf?: AuthenticationExtensionsPRFOutputsJSON;
  largeBlob?: AuthenticationExtensionsLargeBlobOutputsJSON;
}

/**
 * Authenticator extension outputs (the CBOR map in authenticatorData when the ED flag is set),
 * for the extensions Tessera knows; other identifiers are kept as decoded.
 */
export interface AuthenticationExtensionsAuthenticatorOutputs {
  /** CTAP 2.2 §12.1: the policy the credential was created with (1, 2 or 3). */
  credProtect?: number;
  /** CTAP 2.2 §12.5 hmac-secret (registration): whether it was enabled. */
  'hmac-secret'?: boolean;
  /** CTAP 2.2 §12.4 minPinLength (registration). */
  minPinLength?: number;
  /** CTAP 2.2 §12.2 credBlob: stored (registration) or the blob (authentication). */
  credBlob?: boolean | Uint8Array;
  [identifier: string]: unknown;
}

/** §5.1 / §5.4 `PublicKeyCredentialCreationOptionsJSON`: pass to `navigator.credentials.create()` via parseCreationOptionsFromJSON. */
export interface PublicKeyCredentialCreationOptionsJSON {
  rp: PublicKeyCredentialRpEntity;
  user: PublicKeyCredentialUserEntityJSON;
  challenge: Base64URLString;
  pubKeyCredParams: PublicKeyCredentialParameters[];
  timeout?: number;
  excludeCredentials?: PublicKeyCredentialDescriptorJSON[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  hints?: PublicKeyCredentialHint[];
  attestation?: AttestationConveyancePreference;
  attestationFormats?: AttestationFormat[];
  extensions?: AuthenticationExtensionsClientInputsJSON;
}

/** §5.1 / §5.5 `PublicKeyCredentialRequestOptionsJSON`: pass to `navigator.credentials.get()` via parseRequestOptionsFromJSON. */
export interface PublicKeyCredentialRequestOptionsJSON {
  challenge: Base64URLString;
  timeout?: number;
  rpId?: string;
  allowCredentials?: PublicKeyCredentialDescriptorJSON[];
  userVerification?: UserVerificationRequirement;
  hints?: PublicKeyCredentialHint[];
  extensions?: AuthenticationExtensionsClientInputsJSON;
}

/** A source of cryptographically secure random bytes: returns exactly `length` fresh bytes. */
export type RandomSource = (length: number) => Uint8Array;

/**
 * The default `pubKeyCredParams` order offered at registration: ES256 (-7), EdDSA (-8), RS256 (-257).
 * ES256 first because every authenticator implements it and every verifier (including FIPS
 * environments and other libraries the data may migrate to) can check it; EdDSA second for
 * authenticators that prefer it; RS256 last for Windows Hello / TPM-backed keys.
 * (The verifiers accept more: see `DEFAULT_SUPPORTED_ALGORITHMS` of the verify layer.)
 */
export const DEFAULT_REGISTRATION_ALGORITHMS: readonly COSEAlgorithmIdentifier[] = /* @__PURE__ */ Object.freeze([
  -7, -8, -257,
]);
