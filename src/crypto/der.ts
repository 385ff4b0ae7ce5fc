/**
 * Strict DER decoding of ECDSA signatures (SEC 1 v2 §C.8 Ecdsa-Sig-Value, X.690 §8.3, §10.1) and
 * checks of raw IEEE P1363 r‖s signatures. Anything that is BER but not DER is refused: long-form
 * or non-minimal lengths, negative or zero-padded INTEGERs, trailing bytes (elliptic
 * CVE-2024-42460/42461, jsrsasign CVE-2020-14966).
 *
 * @module
 */
import { bytesToBigInt, leftPad, stripLeadingZeros, type WeierstrassParams } from './curves.js';

/** A decoded ECDSA signature whose r and s lie in [1, n - 1]. */
export interface ECDSASignatureValues {
  r: bigint;
  s: bigint;
  /** Minimal big-endian r (no sign octet). */
  rBytes: Uint8Array;
  /** Minimal big-endian s (no sign octet). */
  sBytes: Uint8Array;
}

interface Cursor {
  pos: number;
}

/** Reads a DER INTEGER that must be positive and minimally encoded; `undefined` otherwise. */
function readPositiveInteger(der: Uint8Array, cur: Cursor, end: number): Uint8Array | undefined {
  // X.690 §8.3: INTEGER, universal tag 2.
  if (cur.pos + 2 > end || der[cur.pos] !== 0x02) return undefined;
  const len = der[cur.pos + 1] as number;
  // X.690 §10.1: definite short form only (r and s never exceed 127 content octets here).
  if (len === 0 || len >= 0x80) return undefined;
  const start = cur.pos + 2;
  if (start + len > end) return undefined;
  const first = der[start] as number;
  // X.690 §8.3.2: two's complement; a set top bit is a negative value (CVE-2024-42460).
  if (first & 0x80) return undefined;
  // X.690 §8.3.2: the first nine bits must not all be zero (no superfluous leading zero).
  if (len > 1 && first === 0 && ((der[start + 1] as number) & 0x80) === 0) return undefined;
  cur.pos = start + len;
  return der.subarray(start, start + len);
}

/**
 * Parses `SEQUENCE { r INTEGER, s INTEGER }` in strict DER and range-checks r and s against the
 * curve order. Returns `undefined` for any deviation (the caller reports "signature invalid").
 */
export function parseECDSASignatureDER(der: Uint8Array, curve: WeierstrassParams): ECDSASignatureValues | undefined {
  // SEC 1 §C.8: SEQUENCE, universal constructed tag 0x30.
  if (der.length < 8 || der[0] !== 0x30) return undefined;
  let contentStart: number;
  let contentLen = der[1] as number;
  if (contentLen < 0x80) {
    contentStart = 2;
  } else if (contentLen === 0x81) {
    // X.690 §10.1: long form only when needed (≥ 128 octets) and with the minimal number of octets.
    contentLen = der[2] as number;
    if (contentLen < 0x80) return undefined;
    contentStart = 3;
  } else {
    return undefined;
  }
  // X.690 §8.1.1: the encoding ends exactly with the SEQUENCE (no trailing bytes).
  const end = contentStart + contentLen;
  if (end !== der.length) return undefined;
  const cur: Cursor = { pos: contentStart };
  const rBytes = readPositiveInteger(der, cur, end);
  if (rBytes === undefined) return undefined;
  const sBytes = readPositiveInteger(der, cur, end);
  if (sBytes === undefined || cur.pos !== end) return undefined;
  return checkRange(stripLeadingZeros(rBytes), stripLeadingZeros(sBytes), curve);
}

/** Splits a raw IEEE P1363 `r ‖ s` (each exactly the coordinate size) and range-checks it. */
export function parseECDSASignatureRaw(raw: Uint8Array, curve: WeierstrassParams): ECDSASignatureValues | undefined {
  // IEEE 1363 / RFC 7518 §3.4: fixed-width r and s.
  if (raw.length !== 2 * curve.size) return undefined;
  return checkRange(stripLeadingZeros(raw.subarray(0, curve.size)), stripLeadingZeros(raw.subarray(curve.size)), curve);
}

function checkRange(
  rBytes: Uint8Array,
  sBytes: Uint8Array,
  curve: WeierstrassParams,
): ECDSASignatureValues | undefined {
  if (rBytes.length > curve.size || sBytes.length > curve.size) return undefined;
  const r = bytesToBigInt(rBytes);
  const s = bytesToBigInt(sBytes);
  // SEC 1 §4.1.4 step 1 / FIPS 186-5 §6.4.2: r, s ∈ [1, n − 1] (CVE-2022-21449 sends r = s = 0).
  if (r <= 0n || r >= curve.n || s <= 0n || s >= curve.n) return undefined;
  return { r, s, rBytes, sBytes };
}

/** Fixed-width `r ‖ s` for WebCrypto (W3C WebCrypto §23.4 ECDSA signature format). */
export function ecdsaRawSignature(values: ECDSASignatureValues, curve: WeierstrassParams): Uint8Array {
  const out = new Uint8Array(2 * curve.size);
  out.set(leftPad(values.rBytes, curve.size), 0);
  out.set(leftPad(values.sBytes, curve.size), curve.size);
  return out;
}

/** Minimal DER encoding of (r, s) (used by tests and the software authenticator). */
export function encodeECDSASignatureDER(r: Uint8Array, s: Uint8Array): Uint8Array {
  const int = (v: Uint8Array): Uint8Array => {
    let m = stripLeadingZeros(v);
    if (m.length === 0) m = new Uint8Array(1);
    const pad = ((m[0] as number) & 0x80) !== 0 ? 1 : 0;
    const out = new Uint8Array(2 + pad + m.length);
    out[0] = 0x02;
    out[1] = pad + m.length;
    out.set(m, 2 + pad);
    return out;
  };
  const ri = int(r);
  const si = int(s);
  const len = ri.length + si.length;
  const header = len < 0x80 ? [0x30, len] : [0x30, 0x81, len];
  const out = new Uint8Array(header.length + len);
  out.set(header, 0);
  out.set(ri, header.length);
  out.set(si, header.length + ri.length);
  return out;
}
