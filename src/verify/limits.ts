/**
 * Size limits applied before any decoding (security.md §4 #124–#130).
 *
 * @module
 */

/** Maximum decoded sizes, in bytes. Every one is configurable per call. */
export interface InputLimits {
  /** clientDataJSON (default 16 KiB). */
  clientDataJSON?: number;
  /** attestationObject (default 128 KiB: TPM and SafetyNet statements carry several certificates). */
  attestationObject?: number;
  /** authenticatorData of an assertion (default 16 KiB). */
  authenticatorData?: number;
  /** Assertion signature (default 2 KiB: a 16384-bit RSA signature). */
  signature?: number;
  /** userHandle (default 64 bytes, §5.4.3). */
  userHandle?: number;
  /** Credential id in `id`/`rawId` (default 1023 bytes, §6.5.1; longer ids are refused). */
  credentialId?: number;
}

/** The defaults of {@link InputLimits}. */
export const DEFAULT_LIMITS: Readonly<Required<InputLimits>> = Object.freeze({
  clientDataJSON: 16 * 1024,
  attestationObject: 128 * 1024,
  authenticatorData: 16 * 1024,
  signature: 2048,
  userHandle: 64,
  credentialId: 1023,
});

/** Merges caller limits over the defaults, rejecting nonsense with a `RangeError`. */
export function resolveLimits(limits: InputLimits | undefined): Required<InputLimits> {
  // The defaults are frozen and valid: nothing to merge or check.
  if (limits === undefined) return DEFAULT_LIMITS;
  const out = { ...DEFAULT_LIMITS, ...limits };
  for (const [k, v] of Object.entries(out)) {
    if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`limits.${k} must be a positive integer`);
  }
  return out;
}
