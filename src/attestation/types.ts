/**
 * The contract between the registration verifier and the attestation-format verifiers.
 *
 * A format verifier checks the statement itself (signature, binding to authData and
 * clientDataHash, certificate requirements of its §8 subsection) and returns the attestation
 * type and trust path. Whether that path is *trusted* is decided centrally afterwards
 * (`attestation/trust.ts`), against anchors the caller supplied — never by the format.
 *
 * @module
 */

import type { Certificate, CertificateInput } from '../certificates/types.js';
import type { COSEPublicKey } from '../crypto/cose.js';
import type { CryptoBackend } from '../crypto/types.js';
import type { CBORValue } from '../encoding/cbor.js';
import type { AuthenticatorData } from '../parsers/types.js';

/** Attestation types of §6.5.3, lower-case. */
export type AttestationType = 'none' | 'self' | 'basic' | 'attca' | 'anonca';

/** Per-format policy knobs (every one strict by default). */
export interface AttestationFormatPolicy {
  /** android-key: also accept origin/purpose from softwareEnforced (default false: TEE only). */
  androidKeyAllowSoftwareEnforced?: boolean;
  /**
   * android-key: skip the origin/purpose authorization-list rules of §8.4 entirely (default false).
   * Only for replaying test vectors whose lists are empty (the W3C vector); never in production.
   */
  dangerouslySkipAndroidKeyAuthorizationList?: boolean;
  /** android-safetynet: reject `ctsProfileMatch: false` (default true). */
  safetyNetRequireCtsProfileMatch?: boolean;
  /** android-safetynet: maximum age of `timestampMs` relative to `now` (default 60 s). */
  safetyNetMaxAgeMs?: number;
  /** android-safetynet: allowed clock skew into the future (default 10 s). */
  safetyNetMaxFutureMs?: number;
  /** compound: how many sub-statements must verify: `'all'` (default) or a number ≥ 1. */
  compoundRequire?: 'all' | number;
  /** tpm: also accept TPM manufacturer ids missing from the TCG registry (default false). */
  tpmAllowUnknownManufacturer?: boolean;
  /** Allow SHA-1 based statements where the format requires it (TPM legacy, RS1). Default true for tpm only. */
  allowSHA1?: boolean;
}

/** What a format verifier receives. */
export interface AttestationStatementInput {
  fmt: string;
  attStmt: CBORValue;
  authData: AuthenticatorData;
  clientDataHash: Uint8Array;
  /** The credential public key from authData, parsed and validated. */
  credentialPublicKey: COSEPublicKey;
  /** Certificate validity is checked at this instant. */
  now: Date;
  backend: CryptoBackend;
  policy: AttestationFormatPolicy;
  /** For `compound`: verifies a nested statement with the same registry. */
  verifyNested: (fmt: string, attStmt: CBORValue) => Promise<AttestationStatementResult>;
}

/** What a format verifier proved. */
export interface AttestationStatementResult {
  format: string;
  type: AttestationType;
  /** x5c as given, leaf first (internal signatures already checked); empty for none/self. */
  trustPath: Certificate[];
  /** For compound: the result of each sub-statement. */
  components?: AttestationStatementResult[];
  /** Format-specific facts worth reporting (TPM manufacturer, SafetyNet flags, …). */
  details?: Readonly<Record<string, unknown>>;
}

/** One attestation statement format (§8). */
export interface AttestationFormatVerifier {
  /** The case-sensitive `fmt` identifier. */
  readonly format: string;
  verify(input: AttestationStatementInput): Promise<AttestationStatementResult>;
}

/** Trust anchors, for every format or per format. */
export type TrustAnchorsInput =
  | readonly CertificateInput[]
  | Readonly<Partial<Record<string, readonly CertificateInput[]>>>;

/**
 * A source of authenticator metadata (a FIDO MDS3 store from `@tessera/webauthn/metadata`,
 * or your own). Called once per registration with an attestation trust path.
 */
export interface AttestationMetadataSource {
  /**
   * Looks the authenticator up (by AAGUID, or by attestation key identifier when the AAGUID is
   * zero), enforces the status policy (throwing `ERR_AUTHENTICATOR_REVOKED` …) and returns the
   * anchors its metadata statement lists, or `undefined` when there is no entry.
   */
  resolveAttestation(input: {
    format: string;
    aaguid: Uint8Array;
    trustPath: readonly Certificate[];
    /** The verification instant (status reports dated after it are not yet in effect). */
    now: Date;
  }): Promise<ResolvedMetadata | undefined> | ResolvedMetadata | undefined;
}

/** What a metadata source says about one authenticator. */
export interface ResolvedMetadata {
  /** The metadata entry (its shape belongs to the source). */
  entry: unknown;
  /** Trust anchors from the entry's `attestationRootCertificates`. */
  anchors: readonly Certificate[];
  /** Status reports from the entry. */
  statusReports: readonly unknown[];
}
