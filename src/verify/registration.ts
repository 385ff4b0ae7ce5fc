/**
 * verifyRegistrationResponse: WebAuthn L3 §7.1 "Registering a New Credential", step by step.
 *
 * @module
 */
import type { RevocationOptions } from '../attestation/trust.js';
import type {
  AttestationFormatPolicy,
  AttestationFormatVerifier,
  AttestationMetadataSource,
  AttestationStatementResult,
  AttestationType,
  ResolvedMetadata,
  TrustAnchorsInput,
} from '../attestation/types.js';
import type { RevocationResult } from '../certificates/crl.js';
import type { Certificate } from '../certificates/types.js';
import { parseCOSEPublicKey } from '../crypto/cose.js';
import { sha256 } from '../crypto/hash.js';
import type { CryptoBackend } from '../crypto/types.js';
import { encodeBase64url } from '../encoding/base64url.js';
import { formatUUID } from '../encoding/bytes.js';
import type { CBORValue } from '../encoding/cbor.js';
import { WebAuthnError } from '../errors.js';
import { parseAttestationObject } from '../parsers/attestation-object.js';
import { parseAuthenticatorData } from '../parsers/authenticator-data.js';
import { parseClientDataJSON } from '../parsers/client-data.js';
import { DEFAULT_SUPPORTED_ALGORITHMS } from './algorithms.js';
import { verifyClientData } from './client-data-checks.js';
import { type CommonVerifyOptions, checkFlags, clientDataExpectations, matchRpIdHash, rpIdHashes } from './common.js';
import {
  type AuthenticatorExtensionOutputs,
  type ClientExtensionOutputs,
  readAuthenticatorExtensionOutputs,
  readClientExtensionOutputs,
} from './extensions.js';
import { type InputLimits, resolveLimits } from './limits.js';
import {
  type AuthenticatorTransport,
  checkEnvelope,
  decodeMember,
  type RegistrationResponseJSON,
  readClientExtensions,
  readTransports,
} from './response.js';

/** Attestation policy for a registration. */
export interface RegistrationAttestationOptions {
  /** Trust anchors (PEM, DER or parsed), for every format or per format (`{ packed: [...], tpm: [...] }`). */
  trustAnchors?: TrustAnchorsInput;
  /** A metadata source (e.g. a verified FIDO MDS3 store); adds anchors and enforces status reports. */
  metadata?: AttestationMetadataSource;
  /** `'none'` (default): verify the statement and report `trusted`. `'trusted'`: refuse untrusted attestation. */
  require?: 'none' | 'trusted';
  /** Attestation types to accept (default: all). E.g. `['basic', 'attca', 'anonca']` refuses none and self. */
  allowedTypes?: readonly AttestationType[];
  /** Extra or replacement format verifiers (matched by `format`). */
  formats?: readonly AttestationFormatVerifier[];
  /** Per-format policy knobs (strict defaults). */
  policy?: AttestationFormatPolicy;
  /** CRLs for certificate revocation checking of attestation chains. */
  revocation?: RevocationOptions;
}

/** Options of {@link verifyRegistrationResponse}. */
export interface VerifyRegistrationResponseOptions extends CommonVerifyOptions {
  /** `PublicKeyCredential.toJSON()` of the new credential, as the browser sent it. */
  response: RegistrationResponseJSON;
  /** Require the UP flag (default true; false only for conditional create, §7.1 step 15). */
  requireUserPresence?: boolean;
  /** COSE algorithms to accept for the credential key (default: every supported one except RS1). */
  supportedAlgorithms?: readonly number[];
  attestation?: RegistrationAttestationOptions;
  /** Instant used for certificate validity (default: now). Pin it in tests. */
  now?: Date;
  /** Signature backend (default `'auto'`). */
  backend?: CryptoBackend;
  /** Size limits (defaults in `DEFAULT_LIMITS`). */
  limits?: InputLimits;
}

/** The verified credential, ready to store. */
export interface RegisteredCredential {
  /** Credential id, base64url. */
  id: string;
  /** COSE_Key bytes exactly as the authenticator produced them. */
  publicKey: Uint8Array;
  /** COSE algorithm of the key. */
  algorithm: number;
  counter: number;
  transports: AuthenticatorTransport[];
  /** AAGUID as a UUID string (all zeros for U2F and privacy-preserving authenticators). */
  aaguid: string;
  backupEligible: boolean;
  backedUp: boolean;
  /** `multiDevice` for synced passkeys (BE set), `singleDevice` otherwise. */
  deviceType: 'singleDevice' | 'multiDevice';
  /** §7.1 step 27: the UV flag at registration. */
  uvInitialized: boolean;
}

/** What the attestation proved. */
export interface AttestationReport {
  format: string;
  type: AttestationType;
  /** True only when the trust path ends at an anchor the caller supplied. */
  trusted: boolean;
  /** The x5c certificates, leaf first (empty for none and self). */
  trustPath: Certificate[];
  /** The caller's anchor the path ended at. */
  anchor: Certificate | undefined;
  /** Metadata found for the authenticator, when a metadata source was given. */
  metadata: ResolvedMetadata | undefined;
  /** Format-specific facts (TPM manufacturer, SafetyNet flags, …). */
  details: Readonly<Record<string, unknown>> | undefined;
  /** compound: each sub-statement's result. */
  components: AttestationStatementResult[] | undefined;
  /**
   * Revocation status of each certificate on the anchored path, when CRLs were supplied
   * (`status: 'unknown'` appears only under the `'fail-open'` policy).
   */
  revocation: RevocationResult | undefined;
}

/** The result of {@link verifyRegistrationResponse}. */
export interface VerifiedRegistration {
  credential: RegisteredCredential;
  attestation: AttestationReport;
  userVerified: boolean;
  userPresent: boolean;
  origin: string;
  rpID: string;
  authenticatorAttachment: 'platform' | 'cross-platform' | undefined;
  extensions: { client: ClientExtensionOutputs; authenticator: AuthenticatorExtensionOutputs };
}

type FormatsModule = typeof import('./formats.js');

// Memoised lazy load of the attestation formats and trust assessment (X.509 parsing, chain
// building): written once, like a capability probe. `import()` of an already loaded module still
// costs several microseconds per call, so the promise is kept; a failed load is retried.
let formatsModule: Promise<FormatsModule> | undefined;

function loadFormats(): Promise<FormatsModule> {
  formatsModule ??= import('./formats.js').catch((err: unknown) => {
    formatsModule = undefined;
    throw err;
  });
  return formatsModule;
}

/**
 * Verifies a registration ceremony and returns the credential to store, or throws
 * `WebAuthnError`.
 *
 * @example
 * ```ts
 * const { credential, attestation } = await verifyRegistrationResponse({
 *   response: body,
 *   expectedChallenge: session.challenge,
 *   expectedOrigin: 'https://example.com',
 *   expectedRPID: 'example.com',
 * });
 * await db.saveCredential(userId, credential);
 * ```
 */
export async function verifyRegistrationResponse(
  opts: VerifyRegistrationResponseOptions,
): Promise<VerifiedRegistration> {
  if (typeof opts !== 'object' || opts === null)
    throw new TypeError('verifyRegistrationResponse needs an options object');
  const limits = resolveLimits(opts.limits);
  const expectations = clientDataExpectations(opts, 'webauthn.create');
  const rpIds = rpIdHashes(opts.expectedRPID);
  const backend = opts.backend ?? 'auto';
  const now = opts.now ?? new Date();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('now must be a valid Date');
  const attestationOpts = opts.attestation ?? {};
  const { assessTrust, registryWith } = await loadFormats();
  const registry = registryWith(attestationOpts.formats);

  // §7.1 step 3: an AuthenticatorAttestationResponse (envelope, id = rawId, canonical base64url).
  const { json, inner, id } = checkEnvelope(opts.response, limits.credentialId);
  const clientDataJSON = decodeMember(inner.clientDataJSON, 'response.clientDataJSON', limits.clientDataJSON);
  const attestationObjectBytes = decodeMember(
    inner.attestationObject,
    'response.attestationObject',
    limits.attestationObject,
  );
  const transports = readTransports(inner.transports);
  // §7.1 step 4: client extension results.
  const clientExtensions = readClientExtensionOutputs(readClientExtensions(json));

  // §7.1 steps 5–11: decode, parse and check clientData.
  const clientData = parseClientDataJSON(clientDataJSON);
  await verifyClientData(clientData, expectations);
  // §7.1 step 12: hash of the raw clientDataJSON bytes.
  const clientDataHash = sha256(clientDataJSON);

  // §7.1 step 13: decode the attestationObject.
  const attObj = parseAttestationObject(attestationObjectBytes);
  const authData = parseAuthenticatorData(attObj.authData);
  // §7.1 step 14: rpIdHash.
  const rpID = matchRpIdHash(authData.rpIdHash, rpIds);
  // §7.1 steps 15–17: UP (unless conditional create), UV, BE/BS.
  checkFlags(authData.flags, opts.requireUserPresence !== false, opts.requireUserVerification !== false);
  const acd = authData.attestedCredentialData;
  if (!authData.flags.at || acd === undefined) {
    throw new WebAuthnError(
      'ERR_AUTHENTICATOR_DATA_INVALID',
      'registration authenticatorData has no attested credential data',
    );
  }
  // §7.1 step 25: credentialId at most 1023 bytes.
  if (acd.credentialId.length > 1023) {
    throw new WebAuthnError(
      'ERR_CREDENTIAL_ID_TOO_LONG',
      `credential id is ${acd.credentialId.length} bytes (max 1023)`,
    );
  }
  // The credential id the client reports must be the one the authenticator attested.
  if (encodeBase64url(acd.credentialId) !== id) {
    throw new WebAuthnError('ERR_CREDENTIAL_MISMATCH', 'rawId differs from the credential id in authenticatorData');
  }
  // §7.1 step 20: the key's alg is one the RP asked for (and the key itself is valid).
  const credentialPublicKey = parseCOSEPublicKey(acd.credentialPublicKeyMap, {
    allowedAlgorithms: opts.supportedAlgorithms ?? DEFAULT_SUPPORTED_ALGORITHMS,
  });
  // §7.1 step 21: extension outputs (typed; unknown ones never influence the result).
  const authenticatorExtensions = readAuthenticatorExtensionOutputs(authData.extensions);

  // §7.1 steps 22–23: pick the format (case-sensitive) and run its verification procedure.
  const policy = attestationOpts.policy ?? {};
  const verifyStatement = (fmt: string, attStmt: CBORValue): Promise<AttestationStatementResult> =>
    registry.get(fmt).verify({
      fmt,
      attStmt,
      authData,
      clientDataHash,
      credentialPublicKey,
      now,
      backend,
      policy,
      verifyNested: (nestedFmt, nestedStmt) => {
        if (nestedFmt === 'compound') {
          throw new WebAuthnError('ERR_ATTESTATION_INVALID', 'compound attestation cannot nest compound', {
            details: { format: 'compound', check: 'nested' },
          });
        }
        return verifyStatement(nestedFmt, nestedStmt);
      },
    });
  const statement = await verifyStatement(attObj.fmt, attObj.attStmt);
  if (attestationOpts.allowedTypes !== undefined && !attestationOpts.allowedTypes.includes(statement.type)) {
    throw new WebAuthnError('ERR_ATTESTATION_TYPE_NOT_ALLOWED', `attestation type ${statement.type} is not allowed`, {
      details: { type: statement.type, format: statement.format },
    });
  }

  // §7.1 step 24: trust anchors (caller-supplied or from metadata) and trust assessment.
  const trust = await assessTrust({
    statement,
    aaguid: acd.aaguid,
    anchors: attestationOpts.trustAnchors,
    metadata: attestationOpts.metadata,
    revocation: attestationOpts.revocation,
    now,
    backend,
  });
  // §7.1 step 28: untrustworthy attestation fails when the policy demands trust.
  if (attestationOpts.require === 'trusted' && !trust.trusted) {
    throw new WebAuthnError(
      'ERR_ATTESTATION_UNTRUSTED',
      `${statement.format} attestation does not chain to a trusted anchor`,
      {
        details: { format: statement.format, type: statement.type },
      },
    );
  }

  const attachment = json.authenticatorAttachment;
  return {
    credential: {
      id,
      publicKey: acd.credentialPublicKey,
      algorithm: credentialPublicKey.alg,
      counter: authData.signCount,
      transports,
      aaguid: formatUUID(acd.aaguid),
      backupEligible: authData.flags.be,
      backedUp: authData.flags.bs,
      deviceType: authData.flags.be ? 'multiDevice' : 'singleDevice',
      uvInitialized: authData.flags.uv,
    },
    attestation: {
      format: statement.format,
      type: statement.type,
      trusted: trust.trusted,
      trustPath: statement.trustPath,
      anchor: trust.anchor,
      metadata: trust.metadata,
      details: statement.details,
      components: statement.components,
      revocation: trust.revocation,
    },
    userVerified: authData.flags.uv,
    userPresent: authData.flags.up,
    origin: clientData.origin,
    rpID,
    authenticatorAttachment: attachment === 'platform' || attachment === 'cross-platform' ? attachment : undefined,
    extensions: { client: clientExtensions, authenticator: authenticatorExtensions },
  };
}
