/**
 * The performance work (issue 6) replaced library calls with cheaper equivalents. Each is checked
 * here against the implementation it replaced, on vectors and on many random inputs.
 */
import { createPublicKey, randomBytes } from 'node:crypto';
import { ed448 } from '@noble/curves/ed448.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { rsaPublicKeyDER } from '../../src/crypto/backend-node.js';
import { bytesToBigInt, bytesToBigIntLE, EC_CURVES, OKP_CURVES } from '../../src/crypto/curves.js';
import { edwardsKeyProblem, jacobi } from '../../src/crypto/edwards.js';
import { digest, sha256 } from '../../src/crypto/hash.js';
import {
  decodeBase64,
  decodeBase64urlOrUndefined,
  encodeBase64,
  encodeBase64url,
} from '../../src/encoding/base64url.js';
import { fromHex } from '../../src/encoding/bytes.js';
import { type CBORKey, type CBORValue, decodeCBOR, encodeCBOR } from '../../src/encoding/cbor.js';
import { rsaKeyPair } from './keys.js';

function nobleEdwardsProblem(curve: typeof ed25519, key: Uint8Array): string | undefined {
  let point: ReturnType<typeof ed25519.Point.fromBytes>;
  try {
    point = curve.Point.fromBytes(key, false);
  } catch {
    return 'invalid';
  }
  return point.isSmallOrder() ? 'small-order' : undefined;
}

function ours(crv: 'Ed25519' | 'Ed448', key: Uint8Array): string | undefined {
  const p = edwardsKeyProblem(crv, key);
  return p === 'non-canonical' || p === 'not-on-curve' ? 'invalid' : p;
}

describe('curve constants written out (no @noble/curves import at load)', () => {
  it('match @noble/curves', () => {
    const noble = { 'P-256': p256, 'P-384': p384, 'P-521': p521, secp256k1 } as const;
    for (const [name, curve] of Object.entries(noble)) {
      const c = curve.Point.CURVE();
      expect(EC_CURVES[name as keyof typeof noble]).toEqual({
        size: curve.Point.Fp.BYTES,
        p: c.p,
        a: c.a,
        b: c.b,
        n: c.n,
      });
    }
    expect(OKP_CURVES.Ed25519.L).toBe(ed25519.Point.CURVE().n);
    expect(OKP_CURVES.Ed448.L).toBe(ed448.Point.CURVE().n);
  });
});

describe('Edwards public-key validation without a square root', () => {
  it('Jacobi symbol = Euler criterion modulo the field primes', () => {
    const p = (1n << 255n) - 19n;
    const pow = (b: bigint, e: bigint, m: bigint): bigint => {
      let r = 1n;
      let x = b % m;
      for (let k = e; k > 0n; k >>= 1n) {
        if (k & 1n) r = (r * x) % m;
        x = (x * x) % m;
      }
      return r;
    };
    for (let i = 0; i < 200; i++) {
      const a = bytesToBigInt(randomBytes(32)) % p;
      const euler = pow(a, (p - 1n) / 2n, p);
      expect(jacobi(a, p)).toBe(euler === 0n ? 0 : euler === 1n ? 1 : -1);
    }
    expect(jacobi(0n, p)).toBe(0);
    expect(jacobi(p - 1n, p)).toBe(1); // p ≡ 1 (mod 4): −1 is a square
  });

  it('Ed25519: the small-order encodings (libsodium list), both signs', () => {
    const list = [
      '0000000000000000000000000000000000000000000000000000000000000000',
      '0100000000000000000000000000000000000000000000000000000000000000',
      'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
      'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
      '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    ];
    for (const hex of list) {
      for (const sign of [0, 0x80]) {
        const key = fromHex(hex);
        key[31] = (key[31] as number) | sign;
        expect(ours('Ed25519', key), `${hex} sign ${sign}`).toBe(nobleEdwardsProblem(ed25519, key));
      }
    }
  });

  it('Ed25519: agrees with @noble/curves on random strings, random keys and y ≥ p', () => {
    const cases: Uint8Array[] = [];
    for (let i = 0; i < 400; i++) cases.push(new Uint8Array(randomBytes(32)));
    for (let i = 0; i < 100; i++) cases.push(ed25519.getPublicKey(ed25519.utils.randomSecretKey()));
    // Non-canonical y: p … 2^255 − 1 (with either sign bit).
    for (let k = 0; k < 19; k++) {
      const key = fromHex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
      key[0] = (key[0] as number) + k;
      cases.push(
        key,
        Uint8Array.from(key, (b, j) => (j === 31 ? b | 0x80 : b)),
      );
    }
    let valid = 0;
    for (const key of cases) {
      const expected = nobleEdwardsProblem(ed25519, key);
      if (expected === undefined) valid++;
      expect(ours('Ed25519', key)).toBe(expected);
    }
    expect(valid).toBeGreaterThan(100); // both outcomes exercised
  });

  it('Ed448: agrees with @noble/curves (torsion points, random strings, random keys)', () => {
    const p = (1n << 448n) - (1n << 224n) - 1n;
    const le = (v: bigint, sign: number): Uint8Array => {
      const out = new Uint8Array(57);
      for (let i = 0; i < 56; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
      out[56] = sign;
      return out;
    };
    const cases: Uint8Array[] = [];
    for (const y of [0n, 1n, p - 1n, p, p + 1n]) cases.push(le(y, 0), le(y, 0x80));
    for (let i = 0; i < 200; i++) {
      const key = new Uint8Array(randomBytes(57));
      key[56] = i % 4 === 0 ? (key[56] as number) : (key[56] as number) & 0x80;
      cases.push(key);
    }
    for (let i = 0; i < 50; i++) cases.push(ed448.getPublicKey(ed448.utils.randomSecretKey()));
    for (const key of cases)
      expect(ours('Ed448', key)).toBe(nobleEdwardsProblem(ed448 as unknown as typeof ed25519, key));
  });
});

describe('integer decoding through hex', () => {
  it('bytesToBigInt / bytesToBigIntLE match the shift loop', () => {
    for (const len of [0, 1, 2, 31, 32, 33, 57, 66, 256]) {
      const b = new Uint8Array(randomBytes(len));
      let be = 0n;
      for (const x of b) be = (be << 8n) | BigInt(x);
      let leValue = 0n;
      for (let i = b.length - 1; i >= 0; i--) leValue = (leValue << 8n) | BigInt(b[i] as number);
      expect(bytesToBigInt(b)).toBe(be);
      expect(bytesToBigIntLE(b)).toBe(leValue);
    }
  });
});

describe('RSAPublicKey DER for node:crypto import', () => {
  it('imports to the same n and e', () => {
    const { publicKey } = rsaKeyPair(2048);
    if (publicKey.kty !== 'RSA') throw new Error('unreachable');
    const der = rsaPublicKeyDER(publicKey.n, publicKey.e);
    const jwk = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'pkcs1' }).export({ format: 'jwk' });
    expect(jwk.n).toBe(encodeBase64url(publicKey.n[0] === 0 ? publicKey.n.subarray(1) : publicKey.n));
    expect(decodeBase64urlOrUndefined(jwk.e as string)).toEqual(
      publicKey.e.subarray(publicKey.e.findIndex((x) => x !== 0)),
    );
  });

  it('encodes lengths and sign octets per X.690 (short, 0x81, 0x82 forms)', () => {
    expect(Array.from(rsaPublicKeyDER(Uint8Array.of(0x7f), Uint8Array.of(3)))).toEqual([0x30, 6, 2, 1, 0x7f, 2, 1, 3]);
    expect(Array.from(rsaPublicKeyDER(Uint8Array.of(0, 0x80), Uint8Array.of(1, 0, 1)))).toEqual([
      0x30, 9, 2, 2, 0, 0x80, 2, 3, 1, 0, 1,
    ]);
    const n = new Uint8Array(256).fill(0xff);
    const der = rsaPublicKeyDER(n, Uint8Array.of(1, 0, 1));
    expect(Array.from(der.subarray(0, 8))).toEqual([0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01]);
    expect(der[8]).toBe(0); // sign octet before 0xff…
    expect(der.length).toBe(4 + 4 + 1 + 256 + 5);
  });
});

describe('hashing through node:crypto', () => {
  it('gives the @noble/hashes bytes as plain Uint8Arrays', () => {
    for (const len of [0, 1, 55, 56, 64, 150, 1000]) {
      const data = new Uint8Array(randomBytes(len));
      const ours256 = sha256(data);
      expect(Object.getPrototypeOf(ours256)).toBe(Uint8Array.prototype);
      expect(ours256).toEqual(nobleSha256(data));
      expect(digest('SHA-1', data)).toEqual(sha1(data));
      expect(digest('SHA-256', data)).toEqual(nobleSha256(data));
      expect(digest('SHA-384', data)).toEqual(sha384(data));
      expect(digest('SHA-512', data)).toEqual(sha512(data));
    }
  });
});

describe('base64 in blocks', () => {
  it('round-trips every length and matches Buffer', () => {
    for (let len = 0; len < 300; len++) {
      const b = new Uint8Array(randomBytes(len));
      const url = encodeBase64url(b);
      expect(url).toBe(Buffer.from(b).toString('base64url'));
      expect(decodeBase64urlOrUndefined(url)).toEqual(b);
      expect(encodeBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(decodeBase64(encodeBase64(b))).toEqual(b);
    }
    const big = new Uint8Array(randomBytes(40000));
    expect(encodeBase64url(big)).toBe(Buffer.from(big).toString('base64url'));
  });

  it('still refuses non-canonical input in every position', () => {
    for (const bad of ['A', 'AB=', 'AB+/', 'AB/C', 'ABCD\n', 'ABC\u00e9', 'AB\u0100C', 'AR', 'ABD', 'A B C']) {
      expect(decodeBase64urlOrUndefined(bad), bad).toBeUndefined();
    }
    expect(decodeBase64urlOrUndefined('AQ')).toEqual(Uint8Array.of(1));
    expect(decodeBase64urlOrUndefined('AQI')).toEqual(Uint8Array.of(1, 2));
  });
});

describe('hand-written CBOR encoder (replaces cbor-x; same bytes)', () => {
  // Expected bytes recorded from cbor-x 1.6 with the options Tessera used
  // ({ mapsAsObjects: false, useRecords: false, tagUint8Array: false, variableMapSize: true, useFloat32: 0 }).
  const vectors: Array<[unknown, string]> = [
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [256, '190100'],
    [65536, '1a00010000'],
    [2 ** 32 - 1, '1affffffff'],
    [2 ** 32, 'fb41f0000000000000'],
    [-1, '20'],
    [-25, '3818'],
    [-257, '390100'],
    [-(2 ** 32), '3affffffff'],
    [-(2 ** 32) - 1, 'fbc1f0000000100000'],
    [1.5, 'fb3ff8000000000000'],
    [-0, '00'],
    [Number.NaN, 'fb7ff8000000000000'],
    [10n, '1b000000000000000a'],
    [-10n, '3b0000000000000009'],
    [2n ** 64n, 'c249010000000000000000'],
    // -2^64 fits major type 1 (RFC 8949 §3.1): the shortest form, where cbor-x writes a tag-3 bignum.
    [-(2n ** 64n), '3bffffffffffffffff'],
    ['', '60'],
    ['é', '62c3a9'],
    [true, 'f5'],
    [null, 'f6'],
    [undefined, 'f7'],
    [Uint8Array.of(1, 2), '420102'],
    [[1, [2]], '82018102'],
    [
      new Map<unknown, unknown>([
        [1, 2],
        ['a', new Map()],
      ]),
      'a201026161a0',
    ],
    [{ a: 1, b: [2] }, 'a261610161628102'],
  ];
  it.each(vectors)('%s', (value, hex) => {
    expect(Buffer.from(encodeCBOR(value)).toString('hex')).toBe(hex);
  });

  it('uses shortest-form lengths and round-trips through the strict decoder', () => {
    expect(
      Buffer.from(encodeCBOR('x'.repeat(300)))
        .toString('hex')
        .slice(0, 6),
    ).toBe('79012c');
    expect(
      Buffer.from(encodeCBOR(new Uint8Array(70000)))
        .toString('hex')
        .slice(0, 10),
    ).toBe('5a00011170');
    expect(
      Buffer.from(encodeCBOR(new Array(30).fill(0)))
        .toString('hex')
        .slice(0, 4),
    ).toBe('981e');
    const value = new Map<CBORKey, CBORValue>([
      ['fmt', 'packed'],
      [-3, [1, -1, 'x', true, null, new Uint8Array(200)]],
      [7, new Map<CBORKey, CBORValue>([['k', 2 ** 31]])],
    ]);
    expect(decodeCBOR(encodeCBOR(value))).toEqual(value);
  });

  it('refuses values CBOR has no untagged form for here', () => {
    expect(() => encodeCBOR(new Date(0))).toThrow(TypeError);
    expect(() => encodeCBOR(new Set([1]))).toThrow(TypeError);
    expect(() => encodeCBOR(() => 1)).toThrow(TypeError);
  });
});
