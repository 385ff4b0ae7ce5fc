/**
 * Curve parameters and big-endian integer helpers shared by COSE key validation, DER parsing and
 * the pure-JS backend. The constants are the published ones (SEC 2 v2 §2.4.1, FIPS 186-5 /
 * SP 800-186 §3.2, RFC 8032 §5.1 and §5.2), written out so that loading this module does not load
 * `@noble/curves` (test/crypto checks them against it).
 *
 * @module
 */
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

const P256_P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const P384_P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn;
const P521_P = (1n << 521n) - 1n;

/** SEC 2 / FIPS 186-5 parameters of the ECDSA curves Tessera supports (a as a field element). */
export const EC_CURVES: Readonly<Record<ECCurve, WeierstrassParams>> = /* @__PURE__ */ Object.freeze({
  'P-256': {
    size: 32,
    p: P256_P,
    a: P256_P - 3n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  'P-384': {
    size: 48,
    p: P384_P,
    a: P384_P - 3n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
  'P-521': {
    size: 66,
    p: P521_P,
    a: P521_P - 3n,
    b: 0x51953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    n: 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
  secp256k1: {
    size: 32,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
    a: 0n,
    b: 7n,
    n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
  },
});

/** Raw public-key and signature sizes of the EdDSA curves (RFC 8032 §5.1.5, §5.2.5). */
export const OKP_CURVES: Readonly<Record<OKPCurve, { keySize: number; sigSize: number; L: bigint }>> =
  /* @__PURE__ */ Object.freeze({
    // RFC 8032 §5.1: L = 2^252 + 27742317777372353535851937790883648493.
    Ed25519: { keySize: 32, sigSize: 64, L: 0x1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3edn },
    // RFC 8032 §5.2: L = 2^446 − 13818066809895115352007386748515426880336692474882178609894547503885.
    Ed448: {
      keySize: 57,
      sigSize: 114,
      L: 0x3fffffffffffffffffffffffffffffffffffffffffffffffffffffff7cca23e9c44edb49aed63690216cc2728dc58f552378c292ab5844f3n,
    },
  });

/** Two lower-case hex digits per byte value. */
export const HEX_BYTE: readonly string[] = /* @__PURE__ */ Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, '0'),
);

/** Big-endian unsigned bytes → bigint (through one hex parse: far cheaper than a shift per byte). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = '0x';
  for (let i = 0; i < bytes.length; i++) hex += HEX_BYTE[bytes[i] as number] as string;
  return BigInt(hex);
}

/** Little-endian unsigned bytes → bigint (RFC 8032 encodings). */
export function bytesToBigIntLE(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  let hex = '0x';
  for (let i = bytes.length - 1; i >= 0; i--) hex += HEX_BYTE[bytes[i] as number] as string;
  return BigInt(hex);
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
