/**
 * Byte helpers on plain `Uint8Array`s (no `Buffer`), safe on every runtime.
 *
 * @module
 */

const textEncoder = /* @__PURE__ */ new TextEncoder();
const strictDecoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lenientDecoder = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** A byte array backed by a plain `ArrayBuffer` (what WebCrypto accepts). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** UTF-8 encode a string. */
export function utf8Encode(text: string): Bytes {
  return textEncoder.encode(text) as Bytes;
}

/** UTF-8 decode; invalid sequences throw a `TypeError` (used for CBOR text strings). */
export function utf8DecodeStrict(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

/** UTF-8 decode the WHATWG way: invalid sequences become U+FFFD, a BOM is kept. */
export function utf8DecodeLenient(bytes: Uint8Array): string {
  return lenientDecoder.decode(bytes);
}

/** Concatenate byte arrays into a fresh one. */
export function concat(...parts: readonly Uint8Array[]): Bytes {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Byte-wise equality (not constant time: for public data). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Constant-time equality for secrets of possibly different lengths (length itself may leak). */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** Constant-time string equality over UTF-8 bytes. */
export function timingSafeEqualString(a: string, b: string): boolean {
  return timingSafeEqual(utf8Encode(a), utf8Encode(b));
}

const HEX = '0123456789abcdef';

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    s += HEX[b >> 4] + (HEX[b & 15] as string);
  }
  return s;
}

/** Parse hex (upper or lower case, even length); throws `TypeError` on bad input. */
export function fromHex(hex: string): Bytes {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError('expected an even-length hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Copy into a fresh `ArrayBuffer`-backed array (for WebCrypto inputs). */
export function toBytes(view: Uint8Array): Bytes {
  if (view.buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength) {
    return view as Bytes;
  }
  return new Uint8Array(view) as Bytes;
}

/** Format 16 AAGUID bytes as a lower-case UUID string. */
export function formatUUID(bytes: Uint8Array): string {
  const h = toHex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
