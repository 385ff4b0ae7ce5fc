/**
 * parseCOSEPublicKey / encodeCOSEPublicKey / publicKeysEqual at their boundaries: coordinates that
 * are congruent to a valid point but not reduced (x + p), points with x = 0, zero-padded members,
 * the RSA size and exponent limits, error details, and argument types.
 */
import { describe, expect, it } from 'vitest';
import {
  COSE_ALGORITHMS,
  encodeCOSEPublicKey,
  isSupportedAlgorithm,
  parseCOSEPublicKey,
  publicKeysEqual,
  RSA_MODULUS_BITS,
} from '../../src/crypto/cose.js';
import { EC_CURVES } from '../../src/crypto/curves.js';
import type { ECCurve, PublicKey } from '../../src/crypto/types.js';
import { type CBORMap, decodeCBOR } from '../../src/encoding/cbor.js';
import { ecKeyPair, okpKeyPair, rsaKeyPair } from './keys.js';
import { modPowRef, toBigInt, toBytes } from './raw-rsa.js';

const A = COSE_ALGORITHMS;
const ALG: Record<ECCurve, number> = { 'P-256': A.ES256, 'P-384': A.ES384, 'P-521': A.ES512, secp256k1: A.ES256K };
const CRV: Record<ECCurve, number> = { 'P-256': 1, 'P-384': 2, 'P-521': 3, secp256k1: 8 };

const p521 = ecKeyPair('P-521').publicKey as Extract<PublicKey, { kty: 'EC' }>;
const p256 = ecKeyPair('P-256').publicKey as Extract<PublicKey, { kty: 'EC' }>;
const p384 = ecKeyPair('P-384').publicKey as Extract<PublicKey, { kty: 'EC' }>;
const ed25519 = okpKeyPair('Ed25519').publicKey;
const ed448 = okpKeyPair('Ed448').publicKey;
const rsa = rsaKeyPair(2048).publicKey as Extract<PublicKey, { kty: 'RSA' }>;

function ec2(crv: ECCurve, x: Uint8Array, y: Uint8Array | boolean | undefined): CBORMap {
  const m: CBORMap = new Map();
  m.set(1, 2);
  m.set(3, ALG[crv]);
  m.set(-1, CRV[crv]);
  m.set(-2, x);
  if (y !== undefined) m.set(-3, y);
  return m;
}
function rsaMap(n: Uint8Array, e: Uint8Array, alg: number = A.RS256): CBORMap {
  return new Map<number, number | Uint8Array>([
    [1, 3],
    [3, alg],
    [-1, n],
    [-2, e],
  ]) as CBORMap;
}

function failure(fn: () => unknown): { code?: unknown; details?: unknown } | 'returned' {
  try {
    fn();
  } catch (err) {
    return err as { code?: unknown; details?: unknown };
  }
  return 'returned';
}

/** A curve (cofactor 1, p ≡ 3 mod 4) where b is a square, so (0, √b) is a valid point. */
function curveWithPointAtXZero(): { crv: ECCurve; y: bigint } {
  for (const crv of ['P-256', 'P-384', 'P-521', 'secp256k1'] as ECCurve[]) {
    const { p, b } = EC_CURVES[crv];
    if (p % 4n !== 3n) continue;
    const y = modPowRef(b, (p + 1n) / 4n, p);
    if ((y * y) % p === b % p) return { crv, y };
  }
  throw new Error('no curve with a square b');
}

describe('EC2 points (SEC 1 §3.2.2.1)', () => {
  it('a real P-521 key parses', () => {
    expect(parseCOSEPublicKey(ec2('P-521', p521.x, p521.y)).publicKey).toMatchObject({ kty: 'EC', crv: 'P-521' });
  });

  it('x + p or y + p (the same point modulo p, still 66 octets) is refused', () => {
    const { p, size } = EC_CURVES['P-521'];
    const xp = toBytes(toBigInt(p521.x) + p, size);
    const yp = toBytes(toBigInt(p521.y) + p, size);
    for (const m of [ec2('P-521', xp, p521.y), ec2('P-521', p521.x, yp), ec2('P-521', xp, yp)]) {
      expect(failure(() => parseCOSEPublicKey(m))).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
    }
  });

  it('a point with x = 0 is valid; x = p (the same point unreduced) is not', () => {
    const { crv, y } = curveWithPointAtXZero();
    const { p, size } = EC_CURVES[crv];
    const parsed = parseCOSEPublicKey(ec2(crv, new Uint8Array(size), toBytes(y, size)));
    expect(parsed.publicKey).toMatchObject({ kty: 'EC', crv });
    expect(failure(() => parseCOSEPublicKey(ec2(crv, toBytes(p, size), toBytes(y, size))))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
    });
    // (0, 0) is not on the curve.
    expect(failure(() => parseCOSEPublicKey(ec2(crv, new Uint8Array(size), new Uint8Array(size))))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
    });
  });

  it('a zero-padded coordinate (one octet too long) is refused with the sizes in details', () => {
    const pad = (b: Uint8Array) => Uint8Array.of(0, ...b);
    expect(failure(() => parseCOSEPublicKey(ec2('P-256', pad(p256.x), p256.y)))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
      details: { x: 33, y: 32 },
    });
    expect(failure(() => parseCOSEPublicKey(ec2('P-256', p256.x, pad(p256.y))))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
      details: { x: 32, y: 33 },
    });
  });

  it('a missing, boolean (compressed) or text y is ERR_PUBLIC_KEY_INVALID', () => {
    for (const y of [undefined, true, false]) {
      expect(failure(() => parseCOSEPublicKey(ec2('P-256', p256.x, y)))).toMatchObject({
        code: 'ERR_PUBLIC_KEY_INVALID',
      });
    }
  });
});

describe('RSA parameters (RFC 8230 §4, RFC 8017 §3.1)', () => {
  it('the 2048-bit key parses', () => {
    expect(parseCOSEPublicKey(rsaMap(rsa.n, rsa.e)).publicKey).toMatchObject({ kty: 'RSA' });
  });

  it('a leading zero on n or e is refused even when the value is valid', () => {
    expect(failure(() => parseCOSEPublicKey(rsaMap(Uint8Array.of(0, ...rsa.n), rsa.e)))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
    });
    expect(failure(() => parseCOSEPublicKey(rsaMap(rsa.n, Uint8Array.of(0, 1, 0, 1))))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
    });
    for (const empty of [rsaMap(new Uint8Array(0), rsa.e), rsaMap(rsa.n, new Uint8Array(0))]) {
      expect(failure(() => parseCOSEPublicKey(empty))).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
    }
  });

  const modulus = (bits: number): Uint8Array => {
    const bytes = Math.ceil(bits / 8);
    const n = new Uint8Array(bytes).fill(0xa5);
    n[0] = 1 << ((bits - 1) % 8);
    n[bytes - 1] = 0xa5 | 1;
    return n;
  };

  it(`the modulus may have ${RSA_MODULUS_BITS.min}..${RSA_MODULUS_BITS.max} bits; the bit count is in details`, () => {
    for (const bits of [
      RSA_MODULUS_BITS.min,
      RSA_MODULUS_BITS.min + 1,
      RSA_MODULUS_BITS.max - 1,
      RSA_MODULUS_BITS.max,
    ]) {
      expect(parseCOSEPublicKey(rsaMap(modulus(bits), rsa.e)).publicKey).toMatchObject({ kty: 'RSA' });
    }
    for (const bits of [RSA_MODULUS_BITS.min - 1, RSA_MODULUS_BITS.max + 1]) {
      expect(failure(() => parseCOSEPublicKey(rsaMap(modulus(bits), rsa.e)))).toMatchObject({
        code: 'ERR_PUBLIC_KEY_INVALID',
        details: { bits },
      });
    }
  });

  it('e may have 4 octets (odd, ≥ 3) but not 5', () => {
    expect(parseCOSEPublicKey(rsaMap(rsa.n, Uint8Array.of(1, 0, 0, 1))).publicKey).toMatchObject({ kty: 'RSA' });
    expect(parseCOSEPublicKey(rsaMap(rsa.n, Uint8Array.of(0xff, 0xff, 0xff, 0xff))).publicKey).toMatchObject({
      kty: 'RSA',
    });
    expect(failure(() => parseCOSEPublicKey(rsaMap(rsa.n, Uint8Array.of(1, 0, 0, 0, 1))))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
    });
  });
});

describe('error details', () => {
  it('an unsupported or disallowed alg carries it in details', () => {
    const m = rsaMap(rsa.n, rsa.e, -999);
    expect(failure(() => parseCOSEPublicKey(m))).toMatchObject({
      code: 'ERR_UNSUPPORTED_ALGORITHM',
      details: { alg: -999 },
    });
    expect(failure(() => parseCOSEPublicKey(rsaMap(rsa.n, rsa.e), { allowedAlgorithms: [A.ES256] }))).toMatchObject({
      code: 'ERR_UNSUPPORTED_ALGORITHM',
      details: { alg: A.RS256 },
    });
  });

  it('a kty or crv that does not fit the alg carries both in details', () => {
    const m = rsaMap(rsa.n, rsa.e);
    m.set(1, 2);
    expect(failure(() => parseCOSEPublicKey(m))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
      details: { kty: 2, alg: A.RS256 },
    });
    const e = ec2('P-256', p256.x, p256.y);
    e.set(-1, 2);
    expect(failure(() => parseCOSEPublicKey(e))).toMatchObject({
      code: 'ERR_PUBLIC_KEY_INVALID',
      details: { crv: 2, alg: A.ES256 },
    });
  });

  it('a missing or non-integer kty or crv is reported as such (no kty/crv details)', () => {
    for (const kty of [undefined, '2', 2.5]) {
      const m = ec2('P-256', p256.x, p256.y);
      if (kty === undefined) m.delete(1);
      else m.set(1, kty);
      const err = failure(() => parseCOSEPublicKey(m));
      expect(err).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
      expect((err as { details?: unknown }).details).toBeUndefined();
    }
    for (const crv of [undefined, '1', 1.5]) {
      const m = ec2('P-256', p256.x, p256.y);
      if (crv === undefined) m.delete(-1);
      else m.set(-1, crv);
      const err = failure(() => parseCOSEPublicKey(m));
      expect(err).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
      expect((err as { details?: unknown }).details).toBeUndefined();
    }
  });

  it('errors without details carry none', () => {
    const m = ec2('P-256', p256.x, p256.y);
    m.delete(3);
    const err = failure(() => parseCOSEPublicKey(m));
    expect(err).toMatchObject({ code: 'ERR_PUBLIC_KEY_INVALID' });
    expect((err as { details?: unknown }).details).toBeUndefined();
  });
});

describe('argument types', () => {
  const valid = ec2('P-256', p256.x, p256.y);

  it('a Map-like object that is not a Map is a TypeError', () => {
    const mapLike = { get: (k: number) => valid.get(k), keys: () => valid.keys(), has: (k: number) => valid.has(k) };
    expect(() => parseCOSEPublicKey(mapLike as unknown as CBORMap)).toThrow(TypeError);
  });

  it('allowedAlgorithms must be an array (a string "-7" or a Set is a TypeError)', () => {
    expect(parseCOSEPublicKey(valid, { allowedAlgorithms: [A.ES256] }).alg).toBe(A.ES256);
    for (const allowed of ['-7', new Set([A.ES256])]) {
      expect(() => parseCOSEPublicKey(valid, { allowedAlgorithms: allowed as unknown as number[] })).toThrow(TypeError);
    }
  });
});

describe('isSupportedAlgorithm', () => {
  it('is true for every listed id (RS1 included) and false otherwise', () => {
    for (const alg of Object.values(A)) expect(isSupportedAlgorithm(alg)).toBe(true);
    for (const alg of [0, 1, -6, -257 - 3, -65536]) expect(isSupportedAlgorithm(alg)).toBe(false);
  });
});

describe('encodeCOSEPublicKey refuses a curve that does not fit the alg', () => {
  it('EC2 and OKP', () => {
    expect(() => encodeCOSEPublicKey(p384, A.ES256)).toThrow(TypeError);
    expect(() => encodeCOSEPublicKey(p256, A.ES384)).toThrow(TypeError);
    expect(() => encodeCOSEPublicKey(ed448, A.Ed25519)).toThrow(TypeError);
    expect(() => encodeCOSEPublicKey(ed25519, A.Ed448)).toThrow(TypeError);
    expect(() => encodeCOSEPublicKey({ ...p256, crv: 'P-192' } as unknown as PublicKey, A.ES256)).toThrow(TypeError);
    expect(() => encodeCOSEPublicKey(ed25519, 12345)).toThrow(TypeError);
    // The fitting ones encode and parse back.
    expect(parseCOSEPublicKey(decodeCBOR(encodeCOSEPublicKey(ed448, A.EdDSA)) as CBORMap).crv).toBe(7);
  });
});

describe('publicKeysEqual', () => {
  it('EC keys differ when only the curve, only x or only y differs', () => {
    expect(publicKeysEqual(p256, { ...p256 })).toBe(true);
    expect(publicKeysEqual(p256, { ...p256, crv: 'secp256k1' })).toBe(false);
    const x = new Uint8Array(p256.x);
    x[5] = (x[5] as number) ^ 1;
    expect(publicKeysEqual(p256, { ...p256, x })).toBe(false);
    const y = new Uint8Array(p256.y);
    y[5] = (y[5] as number) ^ 1;
    expect(publicKeysEqual(p256, { ...p256, y })).toBe(false);
  });

  it('RSA keys compare n and e; different key types are never equal', () => {
    const other = rsaKeyPair(1024).publicKey;
    expect(publicKeysEqual(rsa, { ...rsa })).toBe(true);
    expect(publicKeysEqual(rsa, other)).toBe(false);
    expect(publicKeysEqual(rsa, p256)).toBe(false);
    expect(publicKeysEqual(p256, rsa)).toBe(false);
    expect(publicKeysEqual(ed25519, rsa)).toBe(false);
    expect(publicKeysEqual(rsa, ed25519)).toBe(false);
    expect(publicKeysEqual(ed25519, p256)).toBe(false);
    expect(publicKeysEqual(ed25519, { ...ed25519 })).toBe(true);
  });
});
