/**
 * clientDataJSON parsing (§5.8.1, §7.1 steps 5–6, §7.2 steps 8–9). Pure and policy-free:
 * it checks the shape; the verifier compares values with what the RP expects.
 *
 * @module
 */
import { utf8DecodeLenient } from '../encoding/bytes.js';
import { parseStrictJSON } from '../encoding/json.js';
import { WebAuthnError } from '../errors.js';
import type { ClientData } from './types.js';

function invalid(message: string, cause?: unknown): WebAuthnError {
  return new WebAuthnError(
    'ERR_CLIENT_DATA_INVALID',
    `clientDataJSON: ${message}`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * Parses the raw clientDataJSON bytes. The bytes themselves (BOM included) are what gets
 * hashed; this function never re-serialises them.
 *
 * @example
 * ```ts
 * const c = parseClientDataJSON(bytes);
 * c.type; // 'webauthn.get'
 * ```
 */
export function parseClientDataJSON(bytes: Uint8Array): ClientData {
  // §7.1 step 5: UTF-8 decode; a leading BOM is stripped, invalid sequences become U+FFFD.
  let text = utf8DecodeLenient(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let parsed: unknown;
  try {
    // §7.1 step 6: parse as JSON (strictly: duplicate members would let parsers disagree).
    parsed = parseStrictJSON(text, { maxDepth: 16 });
  } catch (err) {
    throw invalid('not valid JSON', err);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('not a JSON object');
  const members = parsed as Record<string, unknown>;
  const { type, challenge, origin, crossOrigin, topOrigin } = members;
  if (typeof type !== 'string') throw invalid('"type" must be a string');
  if (typeof challenge !== 'string') throw invalid('"challenge" must be a string');
  if (typeof origin !== 'string') throw invalid('"origin" must be a string');
  if (crossOrigin !== undefined && typeof crossOrigin !== 'boolean') throw invalid('"crossOrigin" must be a boolean');
  if (topOrigin !== undefined && typeof topOrigin !== 'string') throw invalid('"topOrigin" must be a string');
  return {
    type,
    challenge,
    origin,
    crossOrigin: crossOrigin as boolean | undefined,
    topOrigin: topOrigin as string | undefined,
    members,
  };
}
