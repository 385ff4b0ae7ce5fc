/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 5480, RFC 8017, RFC 8410) ↔ {@link PublicKey}.
 *
 * @module
 */
import type { ECCurve, PublicKey } from '../crypto/types.js';
import { WebAuthnError } from '../errors.js';
import {
  decodeOID,
  derBitString,
  derNull,
  derOID,
  derSequence,
  derUnsignedInteger,
  expectUniversal,
  isUniversal,
  readChildren,
  readSingle,
  TAG,
} from './der.js';
import { ALG, CURVE_OIDS, lookupKey } from './oids.js';

/** Largest RSA modulus accepted, in bits (security.md §4 #127). */
export const MAX_RSA_MODULUS_BITS = 8192;

interface CurveParams {
  size: number;
  p: bigint;
  a: bigint;
  b: bigint;
}

const CURVES: Readonly<Record<ECCurve, CurveParams>> = {
  'P-256': {
    size: 32,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    size: 48,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffcn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    size: 66,
    p: (1n << 521n) - 1n,
    a: (1n << 521n) - 4n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
  secp256k1: {
    size: 32,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn,
    a: 0n,
    b: 7n,
  },
};

function invalid(message: string): never {
  throw new WebAuthnError('ERR_CERTIFICATE_INVALID', message);
}

function toBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fromBigInt(n: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = n;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

function curveRHS(c: CurveParams, x: bigint): bigint {
  return (((x * x * x + c.a * x + c.b) % c.p) + c.p) % c.p;
}

/** Decodes an SEC1 point (uncompressed, or compressed → decompressed) and checks it is on the curve. */
function decodeECPoint(crv: ECCurve, point: Uint8Array): PublicKey {
  const c = CURVES[crv];
  const prefix = point[0];
  if (prefix === 0x04) {
    if (point.length !== 1 + 2 * c.size) invalid(`EC point has the wrong length for ${crv}`);
    const x = point.slice(1, 1 + c.size);
    const y = point.slice(1 + c.size);
    const xi = toBigInt(x);
    const yi = toBigInt(y);
    if (xi >= c.p || yi >= c.p) invalid('EC coordinate out of range');
    if ((yi * yi) % c.p !== curveRHS(c, xi)) invalid('EC point is not on the curve');
    return { kty: 'EC', crv, x, y };
  }
  if (prefix === 0x02 || prefix === 0x03) {
    // SEC1 §2.3.4: every supported curve has p ≡ 3 (mod 4), so y = rhs^((p+1)/4).
    if (point.length !== 1 + c.size) invalid(`compressed EC point has the wrong length for ${crv}`);
    const x = point.slice(1);
    const xi = toBigInt(x);
    if (xi >= c.p) invalid('EC coordinate out of range');
    const rhs = curveRHS(c, xi);
    let y = modPow(rhs, (c.p + 1n) / 4n, c.p);
    if ((y * y) % c.p !== rhs) invalid('EC point is not on the curve');
    if ((y & 1n) !== BigInt(prefix & 1)) y = c.p - y;
    return { kty: 'EC', crv, x, y: fromBigInt(y, c.size) };
  }
  return invalid('unsupported EC point encoding');
}

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.slice(i);
}

function decodeRSAPublicKey(bits: Uint8Array): PublicKey {
  // RFC 8017 Appendix A.1.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  const seq = expectUniversal(readSingle(bits), TAG.SEQUENCE, 'RSAPublicKey');
  const parts = readChildren(seq);
  if (parts.length !== 2) invalid('RSAPublicKey must have two members');
  const n = expectUniversal(parts[0], TAG.INTEGER, 'RSA modulus').value;
  const e = expectUniversal(parts[1], TAG.INTEGER, 'RSA exponent').value;
  if (n.length === 0 || e.length === 0 || ((n[0] as number) & 0x80) !== 0 || ((e[0] as number) & 0x80) !== 0) {
    invalid('RSA integers must be positive');
  }
  const nn = stripLeadingZeros(n);
  const ee = stripLeadingZeros(e);
  const bitsLen = nn.length * 8 - Math.clz32(nn[0] as number) + 24;
  if (bitsLen > MAX_RSA_MODULUS_BITS) {
    throw new WebAuthnError('ERR_INPUT_TOO_LARGE', `RSA modulus larger than ${MAX_RSA_MODULUS_BITS} bits`);
  }
  if (nn.length === 1 && nn[0] === 0) invalid('RSA modulus is zero');
  if ((ee.length === 1 && (ee[0] as number) < 3) || ((ee[ee.length - 1] as number) & 1) === 0) {
    invalid('RSA exponent must be odd and at least 3');
  }
  return { kty: 'RSA', n: nn, e: ee };
}

/**
 * Decodes a SubjectPublicKeyInfo. Returns `undefined` for key types Tessera does not support
 * (e.g. DSA); throws `ERR_CERTIFICATE_INVALID` when a supported key type is malformed.
 */
export function decodeSPKI(spki: Uint8Array): PublicKey | undefined {
  const seq = expectUniversal(readSingle(spki), TAG.SEQUENCE, 'SubjectPublicKeyInfo');
  const parts = readChildren(seq);
  if (parts.length !== 2) invalid('SubjectPublicKeyInfo must have two members');
  const algSeq = expectUniversal(parts[0], TAG.SEQUENCE, 'AlgorithmIdentifier');
  const alg = readChildren(algSeq);
  const oid = decodeOID(expectUniversal(alg[0], TAG.OID, 'algorithm OID').value);
  const params = alg[1];
  if (alg.length > 2) invalid('AlgorithmIdentifier has extra members');
  const bitString = expectUniversal(parts[1], TAG.BIT_STRING, 'subjectPublicKey').value;
  if (bitString.length < 1 || bitString[0] !== 0) invalid('subjectPublicKey must have no unused bits');
  const bits = bitString.subarray(1);

  switch (oid) {
    case ALG.ecPublicKey: {
      // RFC 5480 §2.1.1: namedCurve only (implicitCurve and specifiedCurve are not allowed).
      if (!isUniversal(params, TAG.OID)) invalid('EC key parameters must be a named curve');
      const crv = lookupKey(CURVE_OIDS, decodeOID(params.value));
      if (crv === undefined) return undefined;
      return decodeECPoint(crv, bits);
    }
    case ALG.rsaEncryption:
      // RFC 3279 §2.3.1: parameters MUST be NULL (absent tolerated).
      if (params !== undefined && !(isUniversal(params, TAG.NULL) && params.value.length === 0)) {
        invalid('rsaEncryption parameters must be NULL');
      }
      return decodeRSAPublicKey(bits);
    case ALG.rsassaPss:
      // RFC 4055 §1.2: RSASSA-PSS keys carry the same RSAPublicKey; parameters (if any) restrict use.
      return decodeRSAPublicKey(bits);
    case ALG.ed25519:
    case ALG.ed448: {
      // RFC 8410 §3: parameters MUST be absent.
      if (params !== undefined) invalid('EdDSA key parameters must be absent');
      const crv = oid === ALG.ed25519 ? 'Ed25519' : 'Ed448';
      if (bits.length !== (crv === 'Ed25519' ? 32 : 57)) invalid(`${crv} key has the wrong length`);
      return { kty: 'OKP', crv, x: bits.slice() };
    }
    default:
      return undefined;
  }
}

/** Encodes a {@link PublicKey} as SubjectPublicKeyInfo DER (uncompressed EC points). */
export function encodePublicKeySPKI(key: PublicKey): Uint8Array {
  switch (key.kty) {
    case 'EC': {
      const size = CURVES[key.crv].size;
      if (key.x.length !== size || key.y.length !== size) throw new RangeError(`EC coordinates must be ${size} bytes`);
      const point = new Uint8Array(1 + 2 * size);
      point[0] = 4;
      point.set(key.x, 1);
      point.set(key.y, 1 + size);
      return derSequence([derSequence([derOID(ALG.ecPublicKey), derOID(CURVE_OIDS[key.crv])]), derBitString(point)]);
    }
    case 'RSA':
      return derSequence([
        derSequence([derOID(ALG.rsaEncryption), derNull()]),
        derBitString(derSequence([derUnsignedInteger(key.n), derUnsignedInteger(key.e)])),
      ]);
    case 'OKP':
      return derSequence([derSequence([derOID(key.crv === 'Ed25519' ? ALG.ed25519 : ALG.ed448)]), derBitString(key.x)]);
  }
}
