/**
 * Small helpers for reading attestation statements (CBOR maps) strictly.
 *
 * @module
 */
import type { CBORMap, CBORValue } from '../encoding/cbor.js';
import { isCBORMap } from '../encoding/cbor.js';
import { WebAuthnError } from '../errors.js';

/** An ERR_ATTESTATION_INVALID naming the failed rule in `details.check`. */
export function attestationError(format: string, check: string, message: string, cause?: unknown): WebAuthnError {
  return new WebAuthnError('ERR_ATTESTATION_INVALID', `${format} attestation: ${message}`, {
    details: { format, check },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** The statement as a map whose keys are all in `allowed` (unknown members never change meaning: refused). */
export function statementMap(format: string, attStmt: CBORValue, allowed: readonly string[]): CBORMap {
  if (!isCBORMap(attStmt)) throw attestationError(format, 'syntax', 'attStmt must be a map');
  for (const key of attStmt.keys()) {
    if (typeof key !== 'string' || !allowed.includes(key)) {
      throw attestationError(format, 'syntax', `unexpected attStmt member ${String(key)}`);
    }
  }
  return attStmt;
}

/** A required integer member. */
export function intMember(format: string, m: CBORMap, key: string): number {
  const v = m.get(key);
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    throw attestationError(format, 'syntax', `"${key}" must be an integer`);
  return v;
}

/** A required byte-string member. */
export function bytesMember(format: string, m: CBORMap, key: string): Uint8Array {
  const v = m.get(key);
  if (!(v instanceof Uint8Array)) throw attestationError(format, 'syntax', `"${key}" must be a byte string`);
  return v;
}

/** A required text member. */
export function textMember(format: string, m: CBORMap, key: string): string {
  const v = m.get(key);
  if (typeof v !== 'string') throw attestationError(format, 'syntax', `"${key}" must be a text string`);
  return v;
}

/** `x5c`: a non-empty array of byte strings (at most `max`). */
export function x5cMember(format: string, m: CBORMap, max = 8): Uint8Array[] {
  const v = m.get('x5c');
  if (!Array.isArray(v) || v.length === 0 || !v.every((c) => c instanceof Uint8Array)) {
    throw attestationError(format, 'x5c', '"x5c" must be a non-empty array of certificates');
  }
  if (v.length > max) {
    throw new WebAuthnError('ERR_INPUT_TOO_LARGE', `${format} attestation: x5c has ${v.length} certificates`, {
      details: { format, limit: max },
    });
  }
  return v as Uint8Array[];
}
