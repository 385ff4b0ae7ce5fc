/**
 * Strict base64url (RFC 4648 §5, no padding) and standard base64 helpers.
 *
 * The decoder is strict on purpose: `+`, `/`, `=`, whitespace and non-zero unused trailing bits
 * are rejected, so one byte string has exactly one accepted encoding (security.md §4 #5, #38).
 *
 * @module
 */
import type { Bytes } from './bytes.js';

const URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const STD_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function buildTable(alphabet: string): Int16Array {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
}
const URL_TABLE = /* @__PURE__ */ buildTable(URL_ALPHABET);
const STD_TABLE = /* @__PURE__ */ buildTable(STD_ALPHABET);

const URL_CODES: readonly number[] = /* @__PURE__ */ Array.from(URL_ALPHABET, (c) => c.charCodeAt(0));
const STD_CODES: readonly number[] = /* @__PURE__ */ Array.from(STD_ALPHABET, (c) => c.charCodeAt(0));
const PAD = 0x3d; // '='
/** Characters per `String.fromCharCode.apply` call (well below engines' argument limits). */
const CHUNK = 8192;

/** Encodes into character codes and builds the string in a few native calls (no per-char concatenation). */
function encode(bytes: Uint8Array, codes: readonly number[], pad: boolean): string {
  const len = bytes.length;
  const out = new Array<number>(Math.ceil(len / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < len; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = codes[(n >> 18) & 63] as number;
    out[o++] = codes[(n >> 12) & 63] as number;
    out[o++] = codes[(n >> 6) & 63] as number;
    out[o++] = codes[n & 63] as number;
  }
  const rest = len - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out[o++] = codes[(n >> 18) & 63] as number;
    out[o++] = codes[(n >> 12) & 63] as number;
    if (pad) {
      out[o++] = PAD;
      out[o++] = PAD;
    }
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out[o++] = codes[(n >> 18) & 63] as number;
    out[o++] = codes[(n >> 12) & 63] as number;
    out[o++] = codes[(n >> 6) & 63] as number;
    if (pad) out[o++] = PAD;
  }
  out.length = o;
  if (o <= CHUNK) return String.fromCharCode.apply(null, out);
  let s = '';
  for (let k = 0; k < o; k += CHUNK) s += String.fromCharCode.apply(null, out.slice(k, k + CHUNK));
  return s;
}

/** Returns the bytes, or `undefined` when `text` is not canonical in the given alphabet. */
function decode(text: string, table: Int16Array): Bytes | undefined {
  const len = text.length;
  if (len % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  const full = len - (len % 4);
  let o = 0;
  let i = 0;
  // Four characters → three bytes. Non-ASCII characters are refused first; any other character
  // outside the alphabet maps to −1 and makes the OR negative.
  for (; i < full; i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 127) return undefined;
    const v0 = table[c0] as number;
    const v1 = table[c1] as number;
    const v2 = table[c2] as number;
    const v3 = table[c3] as number;
    if ((v0 | v1 | v2 | v3) < 0) return undefined;
    const n = (v0 << 18) | (v1 << 12) | (v2 << 6) | v3;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  const rest = len - full;
  if (rest > 0) {
    let acc = 0;
    for (let k = 0; k < rest; k++) {
      const c = text.charCodeAt(i + k);
      const v = c < 128 ? (table[c] as number) : -1;
      if (v < 0) return undefined;
      acc = (acc << 6) | v;
    }
    if (rest === 2) {
      // 12 bits: one byte and 4 unused bits, which must be zero (canonical encoding).
      if ((acc & 0x0f) !== 0) return undefined;
      out[o++] = acc >> 4;
    } else {
      // rest === 3: 18 bits: two bytes and 2 unused bits, which must be zero.
      if ((acc & 0x03) !== 0) return undefined;
      out[o++] = acc >> 10;
      out[o++] = (acc >> 2) & 0xff;
    }
  }
  return out;
}

/** Encode bytes as unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  return encode(bytes, URL_CODES, false);
}

/** Decode canonical unpadded base64url; `undefined` on any deviation. */
export function decodeBase64urlOrUndefined(text: string): Bytes | undefined {
  return decode(text, URL_TABLE);
}

/** Decode canonical unpadded base64url; throws `TypeError` on any deviation. */
export function decodeBase64url(text: string): Bytes {
  const out = typeof text === 'string' ? decode(text, URL_TABLE) : undefined;
  if (out === undefined) throw new TypeError('expected canonical unpadded base64url');
  return out;
}

/** Encode bytes as padded standard base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return encode(bytes, STD_CODES, true);
}

/** Decode standard base64 (padding optional, no whitespace); `undefined` on bad input. */
export function decodeBase64OrUndefined(text: string): Bytes | undefined {
  let body = text;
  if (body.length % 4 === 0 && body.endsWith('==')) body = body.slice(0, -2);
  else if (body.length % 4 === 0 && body.endsWith('=')) body = body.slice(0, -1);
  return decode(body, STD_TABLE);
}

/** True when `text` is canonical unpadded base64url. */
export function isBase64url(text: unknown): text is string {
  return typeof text === 'string' && decode(text, URL_TABLE) !== undefined;
}

/** Decode standard base64 (padding optional); throws `TypeError` on bad input. */
export function decodeBase64(text: string): Bytes {
  const out = typeof text === 'string' ? decodeBase64OrUndefined(text) : undefined;
  if (out === undefined) throw new TypeError('expected standard base64');
  return out;
}
