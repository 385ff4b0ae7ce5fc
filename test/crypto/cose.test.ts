import { describe, expect, it } from 'vitest';
import {
  algorithmName,
  COSE_ALGORITHMS,
  coseAlgorithmScheme,
  encodeCOSEPublicKey,
  parseCOSEPublicKey,
  publicKeysEqual,
} from '../../src/crypto/cose.js';
import { EC_CURVES } from '../../src/crypto/curves.js';
import type { PublicKey } from '../../src/crypto/types.js';
import { fromHex, toHex } from '../../src/encoding/bytes.js';
import { type CBORMap, type CBORValue, decodeCBOR } from '../../src/encoding/cbor.js';
import type { WebAuthnErrorCode } from '../../src/errors.js';
import { ecKeyPair, okpKeyPair, rsaKeyPair } from './keys.js';

const A = COSE_ALGORITHMS;

const es256 = ecKeyPair('P-256').publicKey;
const es384 = ecKeyPair('P-384').publicKey;
const es512 = ecKeyPair('P-521').publicKey;
const es256k = ecKeyPair('secp256k1').publicKey;
const ed25519 = okpKeyPair('Ed25519').publicKey;
const ed448 = okpKeyPair('Ed448').publicKey;
const rsa = rsaKeyPair(2048).publicKey;

function coseMap(key: PublicKey, alg: number): CBORMap {
  return decodeCBOR(encodeCOSEPublicKey(key, alg)) as CBORMap;
}

function mutate(key: PublicKey, alg: number, edit: (m: CBORMap) => void): CBORMap {
  const m = coseMap(key, alg);
  edit(m);
  return m;
}

function expectCode(fn: () => unknown, code: WebAuthnErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown, 'expected a WebAuthnError').toMatchObject({ name: 'WebAuthnError', code });
}

const VALID: [string, PublicKey, number][] = [
  ['ES256', es256, A.ES256],
  ['ES384', es384, A.ES384],
  ['ES512', es512, A.ES512],
  ['ES256K', es256k, A.ES256K],
  ['EdDSA/Ed25519', ed25519, A.EdDSA],
  ['EdDSA/Ed448', ed448, A.EdDSA],
  ['Ed25519', ed25519, A.Ed25519],
  ['Ed448', ed448, A.Ed448],
  ['RS256', rsa, A.RS256],
  ['RS384', rsa, A.RS384],
  ['RS512', rsa, A.RS512],
  ['PS256', rsa, A.PS256],
  ['PS384', rsa, A.PS384],
  ['PS512', rsa, A.PS512],
];

describe('parseCOSEPublicKey: valid keys', () => {
  it.each(VALID)('%s round-trips through encodeCOSEPublicKey', (_name, key, alg) => {
    const parsed = parseCOSEPublicKey(coseMap(key, alg));
    expect(parsed.alg).toBe(alg);
    expect(publicKeysEqual(parsed.publicKey, key)).toBe(true);
    expect(parsed.scheme).toEqual(coseAlgorithmScheme(alg));
  });

  it('encodes in CTAP2 canonical order (kty, alg, crv, x, y)', () => {
    const hex = toHex(encodeCOSEPublicKey(es256, A.ES256));
    expect(hex.startsWith('a5010203262001215820')).toBe(true);
    expect(hex.slice(20 + 64, 20 + 64 + 6)).toBe('225820');
    expect(toHex(encodeCOSEPublicKey(rsa, A.RS256)).startsWith('a401030339010020590100')).toBe(true);
  });

  it('RS1 only when listed in allowedAlgorithms', () => {
    expectCode(() => parseCOSEPublicKey(coseMap(rsa, A.RS1)), 'ERR_UNSUPPORTED_ALGORITHM');
    const k = parseCOSEPublicKey(coseMap(rsa, A.RS1), { allowedAlgorithms: [A.RS1] });
    expect(k.scheme).toEqual({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' });
  });

  it('reports kty and crv ids', () => {
    expect(parseCOSEPublicKey(coseMap(es256, A.ES256))).toMatchObject({ kty: 2, crv: 1 });
    expect(parseCOSEPublicKey(coseMap(ed448, A.EdDSA))).toMatchObject({ kty: 1, crv: 7 });
    expect(parseCOSEPublicKey(coseMap(rsa, A.PS256))).toMatchObject({ kty: 3, crv: undefined });
  });
});

describe('parseCOSEPublicKey: alg (security.md §4 #54, #62, #63)', () => {
  it('missing or non-integer alg is ERR_PUBLIC_KEY_INVALID', () => {
    for (const v of [undefined, '-7', -7.5, 2n ** 64n, new Uint8Array([0x26])] as (CBORValue | undefined)[]) {
      expectCode(
        () => parseCOSEPublicKey(mutate(es256, A.ES256, (m) => (v === undefined ? m.delete(3) : m.set(3, v)))),
        'ERR_PUBLIC_KEY_INVALID',
      );
    }
  });

  it('unknown alg is ERR_UNSUPPORTED_ALGORITHM', () => {
    for (const alg of [-999, 0, 1, -6, -65535 + 1]) {
      expectCode(() => parseCOSEPublicKey(mutate(es256, A.ES256, (m) => m.set(3, alg))), 'ERR_UNSUPPORTED_ALGORITHM');
    }
  });

  it('alg outside allowedAlgorithms is ERR_UNSUPPORTED_ALGORITHM', () => {
    expectCode(
      () => parseCOSEPublicKey(coseMap(es384, A.ES384), { allowedAlgorithms: [A.ES256, A.RS256] }),
      'ERR_UNSUPPORTED_ALGORITHM',
    );
    expect(parseCOSEPublicKey(coseMap(es384, A.ES384), { allowedAlgorithms: [A.ES384] }).alg).toBe(A.ES384);
  });

  it('rejects OPTIONAL members (kid, key_ops, Base IV) and unknown labels (§6.5.1.1)', () => {
    for (const [label, value] of [
      [2, new Uint8Array(4)],
      [4, [2]],
      [5, new Uint8Array(16)],
      [-4, new Uint8Array(32)],
      ['x', 1],
    ] as [number | string, CBORValue][]) {
      expectCode(
        () => parseCOSEPublicKey(mutate(es256, A.ES256, (m) => m.set(label, value))),
        'ERR_PUBLIC_KEY_INVALID',
      );
    }
    expectCode(
      () => parseCOSEPublicKey(mutate(rsa, A.RS256, (m) => m.set(-3, new Uint8Array(1)))),
      'ERR_PUBLIC_KEY_INVALID',
    );
  });

  it('a non-Map argument is a TypeError', () => {
    expect(() => parseCOSEPublicKey({} as unknown as CBORMap)).toThrow(TypeError);
  });
});

describe('parseCOSEPublicKey: kty/crv agreement (#55, #56, #64)', () => {
  it.each([
    ['ES256 with OKP kty', es256, A.ES256, 1],
    ['ES256 with RSA kty', es256, A.ES256, 3],
    ['EdDSA with EC2 kty', ed25519, A.EdDSA, 2],
    ['RS256 with EC2 kty', rsa, A.RS256, 2],
    ['symmetric kty 4', es256, A.ES256, 4],
    ['negative kty', es256, A.ES256, -1],
    ['text kty', es256, A.ES256, 'EC2'],
  ] as [string, PublicKey, number, CBORValue][])('%s → ERR_PUBLIC_KEY_INVALID', (_n, key, alg, kty) => {
    expectCode(() => parseCOSEPublicKey(mutate(key, alg, (m) => m.set(1, kty))), 'ERR_PUBLIC_KEY_INVALID');
  });

  it('missing kty', () => {
    expectCode(() => parseCOSEPublicKey(mutate(es256, A.ES256, (m) => m.delete(1))), 'ERR_PUBLIC_KEY_INVALID');
  });

  it.each([
    ['ES256 with crv P-384', es256, A.ES256, 2],
    ['ES384 with crv P-256', es384, A.ES384, 1],
    ['ES256 with secp256k1 crv', es256, A.ES256, 8],
    ['ES256 with unknown crv', es256, A.ES256, 99],
    ['EdDSA with X25519', ed25519, A.EdDSA, 4],
    ['Ed25519 alg with Ed448 crv', ed25519, A.Ed25519, 7],
    ['Ed448 alg with Ed25519 crv', ed448, A.Ed448, 6],
    ['text crv', es256, A.ES256, 'P-256'],
  ] as [string, PublicKey, number, CBORValue][])('%s → ERR_PUBLIC_KEY_INVALID', (_n, key, alg, crv) => {
    expectCode(() => parseCOSEPublicKey(mutate(key, alg, (m) => m.set(-1, crv))), 'ERR_PUBLIC_KEY_INVALID');
  });

  it('missing crv', () => {
    expectCode(() => parseCOSEPublicKey(mutate(es256, A.ES256, (m) => m.delete(-1))), 'ERR_PUBLIC_KEY_INVALID');
    expectCode(() => parseCOSEPublicKey(mutate(ed25519, A.EdDSA, (m) => m.delete(-1))), 'ERR_PUBLIC_KEY_INVALID');
  });
});

describe('parseCOSEPublicKey: EC2 points (#57, #58)', () => {
  const p256 = EC_CURVES['P-256'];
  const be = (n: bigint, size = 32): Uint8Array => fromHex(n.toString(16).padStart(size * 2, '0'));

  it.each([
    ['x 31 bytes', (m: CBORMap) => m.set(-2, (m.get(-2) as Uint8Array).subarray(1))],
    ['x 33 bytes', (m: CBORMap) => m.set(-2, Uint8Array.of(0, ...(m.get(-2) as Uint8Array)))],
    ['y 31 bytes', (m: CBORMap) => m.set(-3, (m.get(-3) as Uint8Array).subarray(1))],
    ['y missing', (m: CBORMap) => m.delete(-3)],
    ['y boolean (compressed)', (m: CBORMap) => m.set(-3, true)],
    ['y integer', (m: CBORMap) => m.set(-3, 1)],
    ['x text', (m: CBORMap) => m.set(-2, 'x')],
    ['x missing', (m: CBORMap) => m.delete(-2)],
    [
      'point off the curve',
      (m: CBORMap) => {
        const y = new Uint8Array(m.get(-3) as Uint8Array);
        y[31] = (y[31] as number) ^ 1;
        m.set(-3, y);
      },
    ],
    [
      '(0, 0)',
      (m: CBORMap) => {
        m.set(-2, new Uint8Array(32));
        m.set(-3, new Uint8Array(32));
      },
    ],
    ['x = p', (m: CBORMap) => m.set(-2, be(p256.p))],
    [
      'x + p (≥ p, same residue)',
      (m: CBORMap) => {
        // A coordinate ≥ p that is ≡ x mod p (fits 32 bytes only when x < 2^256 − p).
        m.set(-2, be(2n ** 256n - 1n));
      },
    ],
    ['y ≥ p', (m: CBORMap) => m.set(-3, be(p256.p + 1n))],
  ])('%s → ERR_PUBLIC_KEY_INVALID', (_n, edit) => {
    expectCode(() => parseCOSEPublicKey(mutate(es256, A.ES256, edit)), 'ERR_PUBLIC_KEY_INVALID');
  });

  it('accepts a coordinate with a leading zero byte (full-size padding)', () => {
    // Find a key whose x starts with 0x00 by generating a few.
    for (let i = 0; i < 2000; i++) {
      const k = ecKeyPair('P-256').publicKey;
      if (k.kty === 'EC' && k.x[0] === 0) {
        expect(parseCOSEPublicKey(coseMap(k, A.ES256)).alg).toBe(A.ES256);
        return;
      }
    }
  });
});

describe('parseCOSEPublicKey: OKP keys (#61)', () => {
  it.each([
    ['Ed25519 x 31 bytes', ed25519, A.EdDSA, (m: CBORMap) => m.set(-2, (m.get(-2) as Uint8Array).subarray(1))],
    ['Ed25519 x 33 bytes', ed25519, A.EdDSA, (m: CBORMap) => m.set(-2, Uint8Array.of(...(m.get(-2) as Uint8Array), 0))],
    ['Ed448 x 56 bytes', ed448, A.EdDSA, (m: CBORMap) => m.set(-2, (m.get(-2) as Uint8Array).subarray(1))],
    ['Ed25519 x missing', ed25519, A.EdDSA, (m: CBORMap) => m.delete(-2)],
    // RFC 8032 §5.1.3: identity (y = 1) and other small-order points.
    ['Ed25519 identity 01 00…00', ed25519, A.EdDSA, (m: CBORMap) => m.set(-2, fromHex(`01${'00'.repeat(31)}`))],
    ['Ed25519 order-2 point (y = −1)', ed25519, A.EdDSA, (m: CBORMap) => m.set(-2, fromHex(`ec${'ff'.repeat(30)}7f`))],
    [
      'Ed25519 order-8 point',
      ed25519,
      A.EdDSA,
      (m: CBORMap) => m.set(-2, fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a')),
    ],
    ['Ed25519 order-4 point (x = √−1, y = 0)', ed25519, A.EdDSA, (m: CBORMap) => m.set(-2, new Uint8Array(32))],
    // y = p (non-canonical encoding of y = 0).
    ['Ed25519 y ≥ p', ed25519, A.EdDSA, (m: CBORMap) => m.set(-2, fromHex(`ed${'ff'.repeat(30)}7f`))],
    ['Ed25519 y not on curve', ed25519, A.EdDSA, (m: CBORMap) => m.set(-2, fromHex(`02${'00'.repeat(31)}`))],
    ['Ed448 identity', ed448, A.Ed448, (m: CBORMap) => m.set(-2, fromHex(`01${'00'.repeat(56)}`))],
  ] as [string, PublicKey, number, (m: CBORMap) => void][])('%s → ERR_PUBLIC_KEY_INVALID', (_n, key, alg, edit) => {
    expectCode(() => parseCOSEPublicKey(mutate(key, alg, edit)), 'ERR_PUBLIC_KEY_INVALID');
  });
});

describe('parseCOSEPublicKey: RSA (#59, #60)', () => {
  const n = (rsa as { n: Uint8Array }).n;
  it.each([
    ['n with a leading zero', (m: CBORMap) => m.set(-1, Uint8Array.of(0, ...n))],
    ['n of 1024 bits', (m: CBORMap) => m.set(-1, n.subarray(128))],
    ['n of 2047 bits', (m: CBORMap) => m.set(-1, Uint8Array.of(0x7f, ...n.subarray(1)))],
    ['n above 16384 bits', (m: CBORMap) => m.set(-1, new Uint8Array(2049).fill(0xff))],
    ['n even', (m: CBORMap) => m.set(-1, Uint8Array.of(...n.subarray(0, 255), 0x10))],
    ['n empty', (m: CBORMap) => m.set(-1, new Uint8Array(0))],
    ['e = 1', (m: CBORMap) => m.set(-2, Uint8Array.of(1))],
    ['e = 0', (m: CBORMap) => m.set(-2, Uint8Array.of(0))],
    ['e empty', (m: CBORMap) => m.set(-2, new Uint8Array(0))],
    ['e even (65536)', (m: CBORMap) => m.set(-2, Uint8Array.of(1, 0, 0))],
    ['e with a leading zero', (m: CBORMap) => m.set(-2, Uint8Array.of(0, 1, 0, 1))],
    ['e above 2^32', (m: CBORMap) => m.set(-2, Uint8Array.of(1, 0, 0, 0, 1))],
    ['e as an integer', (m: CBORMap) => m.set(-2, 65537)],
    ['n missing', (m: CBORMap) => m.delete(-1)],
  ])('%s → ERR_PUBLIC_KEY_INVALID', (_n, edit) => {
    expectCode(() => parseCOSEPublicKey(mutate(rsa, A.RS256, edit)), 'ERR_PUBLIC_KEY_INVALID');
  });

  it('accepts e = 3 and 4096-bit keys', () => {
    expect(parseCOSEPublicKey(mutate(rsa, A.RS256, (m) => m.set(-2, Uint8Array.of(3)))).alg).toBe(A.RS256);
    expect(parseCOSEPublicKey(coseMap(rsaKeyPair(4096).publicKey, A.PS256)).alg).toBe(A.PS256);
  });
});

describe('helpers', () => {
  it('coseAlgorithmScheme maps ids and throws ERR_UNSUPPORTED_ALGORITHM', () => {
    expect(coseAlgorithmScheme(A.ES256)).toEqual({ name: 'ECDSA', hash: 'SHA-256', encoding: 'der' });
    expect(coseAlgorithmScheme(A.ES512)).toEqual({ name: 'ECDSA', hash: 'SHA-512', encoding: 'der' });
    expect(coseAlgorithmScheme(A.PS384)).toEqual({ name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 });
    expect(coseAlgorithmScheme(A.EdDSA)).toEqual({ name: 'EdDSA' });
    expectCode(() => coseAlgorithmScheme(-999), 'ERR_UNSUPPORTED_ALGORITHM');
  });

  it('algorithmName', () => {
    expect(algorithmName(-7)).toBe('ES256');
    expect(algorithmName(-65535)).toBe('RS1');
    expect(algorithmName(-999)).toBe('COSE(-999)');
  });

  it('publicKeysEqual ignores RSA leading zeros and compares everything else', () => {
    const { n, e } = rsa as { n: Uint8Array; e: Uint8Array };
    expect(publicKeysEqual(rsa, { kty: 'RSA', n: Uint8Array.of(0, ...n), e: Uint8Array.of(0, ...e) })).toBe(true);
    expect(publicKeysEqual(rsa, { kty: 'RSA', n, e: Uint8Array.of(3) })).toBe(false);
    expect(publicKeysEqual(es256, es256)).toBe(true);
    expect(publicKeysEqual(es256, ecKeyPair('P-256').publicKey)).toBe(false);
    expect(publicKeysEqual(es256, ed25519)).toBe(false);
    expect(publicKeysEqual(ed25519, { ...ed25519, crv: 'Ed448' } as PublicKey)).toBe(false);
  });

  it('encodeCOSEPublicKey refuses an alg that does not fit the key', () => {
    expect(() => encodeCOSEPublicKey(es256, A.ES384)).toThrow(TypeError);
    expect(() => encodeCOSEPublicKey(rsa, A.ES256)).toThrow(TypeError);
    expect(() => encodeCOSEPublicKey(ed448, A.Ed25519)).toThrow(TypeError);
    expect(() => encodeCOSEPublicKey(es256, -999)).toThrow(TypeError);
  });
});
