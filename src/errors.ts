/**
 * The one error class Tessera throws for verification failures.
 *
 * Codes are public API: adding one is a minor release, renaming one is a major release.
 * Programmer errors (wrong argument types, impossible configuration) throw `TypeError` or
 * `RangeError` instead and are not part of this union.
 *
 * @module
 */

/** Every stable error code, grouped by area. */
export const WEBAUTHN_ERROR_CODES = [
  // response envelope and encoding
  'ERR_INVALID_RESPONSE',
  'ERR_INPUT_TOO_LARGE',
  'ERR_CBOR_MALFORMED',
  // clientDataJSON
  'ERR_CLIENT_DATA_INVALID',
  'ERR_CLIENT_DATA_TYPE',
  'ERR_CHALLENGE_MISMATCH',
  'ERR_ORIGIN_MISMATCH',
  'ERR_CROSS_ORIGIN',
  'ERR_TOP_ORIGIN_MISMATCH',
  // authenticatorData
  'ERR_AUTHENTICATOR_DATA_INVALID',
  'ERR_RP_ID_HASH_MISMATCH',
  'ERR_USER_PRESENCE_REQUIRED',
  'ERR_USER_VERIFICATION_REQUIRED',
  'ERR_BACKUP_FLAGS_INVALID',
  'ERR_BACKUP_ELIGIBILITY_CHANGED',
  'ERR_EXTENSIONS_INVALID',
  // keys and signatures
  'ERR_UNSUPPORTED_ALGORITHM',
  'ERR_PUBLIC_KEY_INVALID',
  'ERR_SIGNATURE_INVALID',
  // credentials and counters
  'ERR_COUNTER_REGRESSION',
  'ERR_CREDENTIAL_MISMATCH',
  'ERR_CREDENTIAL_ID_TOO_LONG',
  'ERR_CREDENTIAL_EXISTS',
  'ERR_CREDENTIAL_NOT_FOUND',
  // attestation and trust
  'ERR_ATTESTATION_FORMAT_UNSUPPORTED',
  'ERR_ATTESTATION_INVALID',
  'ERR_ATTESTATION_UNTRUSTED',
  'ERR_ATTESTATION_TYPE_NOT_ALLOWED',
  'ERR_CERTIFICATE_INVALID',
  'ERR_CERTIFICATE_EXPIRED',
  'ERR_CERTIFICATE_REVOKED',
  'ERR_REVOCATION_UNAVAILABLE',
  'ERR_METADATA_INVALID',
  'ERR_METADATA_ROLLBACK',
  'ERR_METADATA_EXPIRED',
  'ERR_AUTHENTICATOR_REVOKED',
  'ERR_AUTHENTICATOR_NOT_CERTIFIED',
  // relying-party layer
  'ERR_CHALLENGE_EXPIRED',
  'ERR_CHALLENGE_UNKNOWN',
  'ERR_CEREMONY_MISMATCH',
  'ERR_LAST_CREDENTIAL',
  'ERR_RECOVERY_CODE_INVALID',
  'ERR_STORE_CONFLICT',
] as const;

/** Union of every stable error code. `switch (err.code)` narrows on it. */
export type WebAuthnErrorCode = (typeof WEBAUTHN_ERROR_CODES)[number];

/** Extra, non-secret context attached to an error (expected/received values where safe). */
export type WebAuthnErrorDetails = Readonly<Record<string, unknown>>;

/** Options accepted by the {@link WebAuthnError} constructor. */
export interface WebAuthnErrorOptions {
  details?: WebAuthnErrorDetails;
  cause?: unknown;
}

/**
 * Thrown by every verification step on failure.
 *
 * @example
 * ```ts
 * try {
 *   await verifyAuthenticationResponse(opts);
 * } catch (err) {
 *   if (err instanceof WebAuthnError && err.code === 'ERR_COUNTER_REGRESSION') lockAccount();
 *   throw err;
 * }
 * ```
 */
export class WebAuthnError extends Error {
  override readonly name = 'WebAuthnError';
  readonly code: WebAuthnErrorCode;
  readonly details: WebAuthnErrorDetails | undefined;

  constructor(code: WebAuthnErrorCode, message: string, options: WebAuthnErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** True when `value` is a {@link WebAuthnError}, optionally with the given code. */
export function isWebAuthnError(value: unknown, code?: WebAuthnErrorCode): value is WebAuthnError {
  return value instanceof WebAuthnError && (code === undefined || value.code === code);
}

/** Throws a {@link WebAuthnError} with the given code when `condition` is false. */
export function ensure(
  condition: unknown,
  code: WebAuthnErrorCode,
  message: string,
  details?: WebAuthnErrorDetails,
): asserts condition {
  if (!condition) throw new WebAuthnError(code, message, details === undefined ? {} : { details });
}
