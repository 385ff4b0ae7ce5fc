/**
 * Curve parameters and big-endian integer helpers shared by COSE key validation, DER parsing and
 * the pure-JS backend. Parameters come from `@noble/curves` (SEC 2, FIPS 186-5, RFC 8032).
 *
 * @module
 */
import { ed448 } from '@noble/curves/ed448.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { ECCurve, OKPCurve } from './types.js';

/** Short-Weierstrass curve y² = x³ + ax + b over GF(p), group order n, cofactor 1. */
export interface WeierstrassParams {
  /** Field element / coordinate size in bytes. */
  size: number;
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
}

function params(curve: typeof p256): WeierstrassParams {
  const c = curve.Point.CURVE();
  return { size: curve.Point.Fp.BYTES, p: c.p, a: c.a, b: c.b, n: c.n };
}

/** SEC 2 / FIPS 186-5 parameters of the ECDSA curves Tessera supports. */
export const EC_CURVES: Readonly<Record<ECCurve, WeierstrassParams>> = /* @__PURE__ */ Object.freeze({
  'P-256': params(p256),
  'P-384': params(p384),
  'P-521': params(p521),
  secp256k1: params(secp256k1),
});

/** Raw public-key and signature sizes of the EdDSA curves (RFC 8032 §5.1.5, §5.2.5). */
export const OKP_CURVES: Readonly<Record<OKPCurve, { keySize: number; sigSize: number; L: bigint }>> =
  /* @__PURE__ */ Object.freeze({
    Ed25519: { keySize: 32, sigSize: 64, L: ed25519.Point.CURVE().n },
    Ed448: { keySize: 57, sigSize: 114, L: ed448.Point.CURVE().n },
  });

/** Big-endian unsigned bytes → bigint. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = 0; i < bytes.length; i++) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

/** Little-endian unsigned bytes → bigint (RFC 8032 encodings). */
export function bytesToBigIntLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i] as number);
  return n;
}

/** bigint → big-endian bytes of exactly `size` (RFC 8017 §4.1 I2OSP); `undefined` when it does not fit. */
export function bigIntToBytes(n: bigint, size: number): Uint8Array | undefined {
  if (n < 0n) return undefined;
  const out = new Uint8Array(size);
  let v = n;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return v === 0n ? out : undefined;
}

/** The bytes without leading zero octets (a view, no copy). */
export function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

/** Left-pad big-endian bytes with zeros to `size` (returns the input when it already has that size). */
export function leftPad(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.length === size) return bytes;
  const out = new Uint8Array(size);
  out.set(bytes, size - bytes.length);
  return out;
}
