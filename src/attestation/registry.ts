/**
 * The attestation-format registry: `fmt` → verifier, matched case-sensitively (§7.1 step 22).
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import type { AttestationFormatVerifier } from './types.js';

/** An immutable lookup table of format verifiers. */
export interface AttestationRegistry {
  get(fmt: string): AttestationFormatVerifier;
  formats(): string[];
}

/**
 * Builds a registry from verifiers. Later entries with the same `format` replace earlier ones,
 * so callers can override a built-in verifier explicitly.
 *
 * @example
 * ```ts
 * const registry = createAttestationRegistry([...defaultAttestationFormats(), myFormat]);
 * ```
 */
export function createAttestationRegistry(verifiers: readonly AttestationFormatVerifier[]): AttestationRegistry {
  const table = new Map<string, AttestationFormatVerifier>();
  for (const v of verifiers) {
    if (typeof v?.format !== 'string' || typeof v.verify !== 'function') {
      throw new TypeError('attestation verifiers need a string `format` and a `verify` function');
    }
    table.set(v.format, v);
  }
  return {
    get(fmt: string): AttestationFormatVerifier {
      const v = table.get(fmt);
      // §7.1 step 22: an unknown (or differently cased) fmt is a failure.
      if (v === undefined) {
        throw new WebAuthnError('ERR_ATTESTATION_FORMAT_UNSUPPORTED', `attestation format "${fmt}" is not supported`, {
          details: { fmt },
        });
      }
      return v;
    },
    formats: () => [...table.keys()],
  };
}
