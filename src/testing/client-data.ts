/**
 * clientDataJSON as a browser serializes it (§5.8.1.1): `type`, `challenge`, `origin`,
 * `crossOrigin`, then `topOrigin` when present, then anything else — with knobs to reorder
 * members, add members, prepend a BOM, or rewrite the object or the bytes.
 *
 * @module
 */
import { encodeBase64url } from '../encoding/base64url.js';
import { concat, utf8Encode } from '../encoding/bytes.js';

/** Serialization quirks for negative and robustness tests. */
export interface ClientDataQuirks {
  /** Extra members appended after the standard ones (e.g. Chrome's anti-templating hint). */
  extraMembers?: Readonly<Record<string, unknown>>;
  /** Member names in the order to emit first; the others follow in their usual order. */
  memberOrder?: readonly string[];
  /** Prepend a UTF-8 byte order mark (EF BB BF); the hash covers it (§7.1 step 5). */
  bom?: boolean;
  /** Pretty-print with this indentation (whitespace is legal JSON). */
  indent?: number;
}

/** Inputs of {@link buildClientDataJSON}. */
export interface ClientDataInput {
  type: string;
  challenge: string | Uint8Array;
  origin: string;
  crossOrigin?: boolean;
  topOrigin?: string;
  quirks?: ClientDataQuirks;
  /** Rewrites the object before serialization (its key order is the output order). */
  mutateObject?: (clientData: Record<string, unknown>) => Record<string, unknown>;
  /** Rewrites the serialized bytes (BOM included). */
  mutateBytes?: (bytes: Uint8Array) => Uint8Array;
}

/**
 * Serializes CollectedClientData to the exact bytes the authenticator signs over (via its hash).
 *
 * @example
 * ```ts
 * const bytes = buildClientDataJSON({ type: 'webauthn.get', challenge: 'abc', origin: 'https://example.com' });
 * ```
 */
export function buildClientDataJSON(input: ClientDataInput): Uint8Array {
  let obj: Record<string, unknown> = {
    type: input.type,
    challenge: typeof input.challenge === 'string' ? input.challenge : encodeBase64url(input.challenge),
    origin: input.origin,
    crossOrigin: input.crossOrigin ?? false,
  };
  if (input.topOrigin !== undefined) obj.topOrigin = input.topOrigin;
  const quirks = input.quirks ?? {};
  if (quirks.extraMembers !== undefined) obj = { ...obj, ...quirks.extraMembers };
  if (quirks.memberOrder !== undefined) {
    const ordered: Record<string, unknown> = {};
    for (const key of quirks.memberOrder) if (Object.hasOwn(obj, key)) ordered[key] = obj[key];
    obj = { ...ordered, ...obj };
    // Spread keeps the first insertion position, so `ordered` keys lead.
  }
  if (input.mutateObject !== undefined) obj = input.mutateObject(obj);
  let bytes: Uint8Array = utf8Encode(JSON.stringify(obj, null, quirks.indent));
  if (quirks.bom === true) bytes = concat(Uint8Array.of(0xef, 0xbb, 0xbf), bytes);
  if (input.mutateBytes !== undefined) bytes = input.mutateBytes(bytes);
  return bytes;
}
