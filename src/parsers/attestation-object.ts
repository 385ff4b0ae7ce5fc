/**
 * attestationObject parsing (§6.5.4, §7.1 step 13). Pure and policy-free.
 *
 * @module
 */
import { decodeCBOR, isCBORMap } from '../encoding/cbor.js';
import { WebAuthnError } from '../errors.js';
import type { AttestationObject } from './types.js';

function invalid(message: string): WebAuthnError {
  return new WebAuthnError('ERR_INVALID_RESPONSE', `attestationObject: ${message}`);
}

/** `fmt` is case-sensitive, at most 32 octets of printable US-ASCII (§6.5.4, IANA registry rules). */
const FMT_PATTERN = /^[\x21-\x7e]{1,32}$/;

/**
 * Decodes an attestationObject: a CBOR map of exactly `fmt` (text), `attStmt` (a map, or an
 * array for `compound`) and `authData` (bytes). Unknown members and trailing bytes are errors.
 *
 * @example
 * ```ts
 * const { fmt, attStmt, authData } = parseAttestationObject(bytes);
 * ```
 */
export function parseAttestationObject(bytes: Uint8Array): AttestationObject {
  const value = decodeCBOR(bytes);
  if (!isCBORMap(value)) throw invalid('not a CBOR map');
  for (const key of value.keys()) {
    if (key !== 'fmt' && key !== 'attStmt' && key !== 'authData') throw invalid(`unexpected member ${String(key)}`);
  }
  const fmt = value.get('fmt');
  const attStmt = value.get('attStmt');
  const authData = value.get('authData');
  if (typeof fmt !== 'string' || !FMT_PATTERN.test(fmt)) throw invalid('"fmt" must be 1–32 printable ASCII characters');
  if (!(authData instanceof Uint8Array)) throw invalid('"authData" must be a byte string');
  if (!isCBORMap(attStmt) && !Array.isArray(attStmt)) throw invalid('"attStmt" must be a map');
  return { fmt, attStmt, authData };
}
