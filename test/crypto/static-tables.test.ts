/**
 * The crypto layer's module-level tables: COSE registries (IANA "COSE Algorithms", "COSE Key
 * Types", "COSE Elliptic Curves"), the algorithm → scheme table, curve parameters and hash
 * tables. The modules are imported inside each test (after `vi.resetModules()`), so the tables
 * are evaluated while the test runs: a wrong entry fails a valid key or signature here.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CryptoBackend, ECCurve, HashName, OKPCurve, SignatureScheme } from '../../src/crypto/types.js';
import type { CBORMap } from '../../src/encoding/cbor.js';
import { ecKeyPair, okpKeyPair, rsaKeyPair, signECDSA, signEdDSA, signRSA, type TestKeyPair } from './keys.js';

async function fresh<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

const DATA = new TextEncoder().encode('signed by a static-table test');

const EC: Array<[string, number, ECCurve, number, HashName]> = [
  ['ES256', -7, 'P-256', 1, 'SHA-256'],
  ['ES384', -35, 'P-384', 2, 'SHA-384'],
  ['ES512', -36, 'P-521', 3, 'SHA-512'],
  ['ES256K', -47, 'secp256k1', 8, 'SHA-256'],
];
const OKP: Array<[string, number, OKPCurve, number]> = [
  ['EdDSA', -8, 'Ed25519', 6],
  ['EdDSA', -8, 'Ed448', 7],
  ['Ed25519', -19, 'Ed25519', 6],
  ['Ed448', -53, 'Ed448', 7],
];
type RSAScheme = Extract<SignatureScheme, { name: 'RSA-PSS' | 'RSASSA-PKCS1-v1_5' }>;
const RSA: Array<[string, number, RSAScheme]> = [
  ['PS256', -37, { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 }],
  ['PS384', -38, { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 }],
  ['PS512', -39, { name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 }],
  ['RS256', -257, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }],
  ['RS384', -258, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' }],
  ['RS512', -259, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' }],
  ['RS1', -65535, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' }],
];
const ALL = [...EC.map((e) => e[1]), ...OKP.map((o) => o[1]), ...RSA.map((r) => r[1])];

const ecPairs = new Map(EC.map(([, , crv]) => [crv, ecKeyPair(crv)]));
const okpPairs = new Map(OKP.map(([, , crv]) => [crv, okpKeyPair(crv)]));
const rsaPair = rsaKeyPair(2048);

function ecMap(alg: number, crv: number, pair: TestKeyPair): CBORMap {
  const k = pair.publicKey as { x: Uint8Array; y: Uint8Array };
  return new Map<number, number | Uint8Array>([
    [1, 2],
    [3, alg],
    [-1, crv],
    [-2, k.x],
    [-3, k.y],
  ]) as CBORMap;
}
function okpMap(alg: number, crv: number, pair: TestKeyPair): CBORMap {
  return new Map<number, number | Uint8Array>([
    [1, 1],
    [3, alg],
    [-1, crv],
    [-2, (pair.publicKey as { x: Uint8Array }).x],
  ]) as CBORMap;
}
function rsaMap(alg: number): CBORMap {
  const k = rsaPair.publicKey as { n: Uint8Array; e: Uint8Array };
  return new Map<number, number | Uint8Array>([
    [1, 3],
    [3, alg],
    [-1, k.n],
    [-2, k.e],
  ]) as CBORMap;
}
function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return (err as { code?: unknown }).code;
  }
  return 'returned';
}

describe('COSE registries', () => {
  it('algorithm, key type and curve identifiers, and the RSA modulus bounds', async () => {
    const cose = await fresh(() => import('../../src/crypto/cose.js'));
    expect({ ...cose.COSE_ALGORITHMS }).toStrictEqual({
      ES256: -7,
      EdDSA: -8,
      Ed25519: -19,
      ES384: -35,
      ES512: -36,
      PS256: -37,
      PS384: -38,
      PS512: -39,
      ES256K: -47,
      Ed448: -53,
      RS256: -257,
      RS384: -258,
      RS512: -259,
      RS1: -65535,
    });
    expect({ ...cose.COSE_KEY_TYPES }).toStrictEqual({ OKP: 1, EC2: 2, RSA: 3 });
    expect({ ...cose.COSE_CURVES }).toStrictEqual({
      P256: 1,
      P384: 2,
      P521: 3,
      X25519: 4,
      X448: 5,
      Ed25519: 6,
      Ed448: 7,
      secp256k1: 8,
    });
    expect({ ...cose.RSA_MODULUS_BITS }).toStrictEqual({ min: 2048, max: 16384 });
  });

  it('each algorithm has its name and signature scheme', async () => {
    const cose = await fresh(() => import('../../src/crypto/cose.js'));
    for (const [name, alg, , , hash] of EC) {
      expect(cose.algorithmName(alg)).toBe(name);
      expect(cose.coseAlgorithmScheme(alg)).toStrictEqual({ name: 'ECDSA', hash, encoding: 'der' });
    }
    for (const [name, alg] of OKP) {
      expect(cose.algorithmName(alg)).toBe(name);
      expect(cose.coseAlgorithmScheme(alg)).toStrictEqual({ name: 'EdDSA' });
    }
    for (const [name, alg, scheme] of RSA) {
      expect(cose.algorithmName(alg)).toBe(name);
      expect(cose.coseAlgorithmScheme(alg)).toStrictEqual(scheme);
    }
    for (const alg of ALL) expect(cose.isSupportedAlgorithm(alg)).toBe(true);
    expect(cose.algorithmName(-9)).toBe('COSE(-9)');
  });
});

describe('COSE key parsing per algorithm', () => {
  it('EC2 keys: each algorithm takes its curve and only it', async () => {
    const cose = await fresh(() => import('../../src/crypto/cose.js'));
    for (const [, alg, crv, crvId] of EC) {
      const pair = ecPairs.get(crv)!;
      const parsed = cose.parseCOSEPublicKey(ecMap(alg, crvId, pair), { allowedAlgorithms: ALL });
      expect(parsed).toMatchObject({ alg, kty: 2, crv: crvId, publicKey: { kty: 'EC', crv } });
      for (const [, , other, otherId] of EC) {
        if (other === crv) continue;
        expect(codeOf(() => cose.parseCOSEPublicKey(ecMap(alg, otherId, pair), { allowedAlgorithms: ALL }))).toMatch(
          /^ERR_/,
        );
      }
      const extra = ecMap(alg, crvId, pair);
      extra.set(-4, new Uint8Array(1));
      expect(codeOf(() => cose.parseCOSEPublicKey(extra, { allowedAlgorithms: ALL }))).toBe('ERR_PUBLIC_KEY_INVALID');
    }
  });

  it('OKP keys: EdDSA takes both curves, Ed25519 and Ed448 only their own', async () => {
    const cose = await fresh(() => import('../../src/crypto/cose.js'));
    for (const [, alg, crv, crvId] of OKP) {
      const pair = okpPairs.get(crv)!;
      expect(cose.parseCOSEPublicKey(okpMap(alg, crvId, pair), { allowedAlgorithms: ALL })).toMatchObject({
        alg,
        kty: 1,
        crv: crvId,
        publicKey: { kty: 'OKP', crv },
      });
      const extra = okpMap(alg, crvId, pair);
      extra.set(-3, new Uint8Array(1));
      expect(codeOf(() => cose.parseCOSEPublicKey(extra, { allowedAlgorithms: ALL }))).toBe('ERR_PUBLIC_KEY_INVALID');
    }
    const ed448 = okpPairs.get('Ed448')!;
    expect(codeOf(() => cose.parseCOSEPublicKey(okpMap(-19, 7, ed448), { allowedAlgorithms: ALL }))).toMatch(/^ERR_/);
    const ed25519 = okpPairs.get('Ed25519')!;
    expect(codeOf(() => cose.parseCOSEPublicKey(okpMap(-53, 6, ed25519), { allowedAlgorithms: ALL }))).toMatch(/^ERR_/);
  });

  it('RSA keys: every RSA algorithm, no curve label', async () => {
    const cose = await fresh(() => import('../../src/crypto/cose.js'));
    for (const [, alg, scheme] of RSA) {
      expect(cose.parseCOSEPublicKey(rsaMap(alg), { allowedAlgorithms: ALL })).toMatchObject({
        alg,
        kty: 3,
        scheme,
        publicKey: { kty: 'RSA' },
      });
      const extra = rsaMap(alg);
      extra.set(-3, new Uint8Array(1));
      expect(codeOf(() => cose.parseCOSEPublicKey(extra, { allowedAlgorithms: ALL }))).toBe('ERR_PUBLIC_KEY_INVALID');
    }
  });
});

describe('signature verification tables (curves, hashes, Edwards parameters)', () => {
  const BACKENDS: CryptoBackend[] = ['noble', 'auto', 'node'];
  it.each(BACKENDS)(
    'a valid signature for every algorithm verifies on %s; a flipped byte does not',
    async (backend) => {
      const { verifySignature } = await fresh(() => import('../../src/crypto/verify.js'));
      const cases: Array<{ scheme: SignatureScheme; pair: TestKeyPair; signature: Uint8Array }> = [];
      for (const [, , crv, , hash] of EC) {
        const pair = ecPairs.get(crv)!;
        cases.push({ scheme: { name: 'ECDSA', hash, encoding: 'der' }, pair, signature: signECDSA(pair, hash, DATA) });
        cases.push({
          scheme: { name: 'ECDSA', hash, encoding: 'raw' },
          pair,
          signature: signECDSA(pair, hash, DATA, 'raw'),
        });
      }
      for (const crv of ['Ed25519', 'Ed448'] as const) {
        const pair = okpPairs.get(crv)!;
        cases.push({ scheme: { name: 'EdDSA' }, pair, signature: signEdDSA(pair, DATA) });
      }
      for (const [, , scheme] of RSA) {
        const pss = scheme.name === 'RSA-PSS' ? { saltLength: scheme.saltLength } : undefined;
        cases.push({ scheme, pair: rsaPair, signature: signRSA(rsaPair, scheme.hash, DATA, pss) });
      }
      for (const { scheme, pair, signature } of cases) {
        const key = pair.publicKey;
        expect(await verifySignature({ scheme, key, signature, data: DATA, backend })).toBe(true);
        const bad = signature.slice();
        bad[bad.length - 1] = (bad[bad.length - 1] as number) ^ 1;
        expect(await verifySignature({ scheme, key, signature: bad, data: DATA, backend })).toBe(false);
      }
    },
  );

  it('SHA-2 and SHA-1 digests (FIPS 180-4 test vector "abc")', async () => {
    const { digest, sha256 } = await fresh(() => import('../../src/crypto/hash.js'));
    const abc = new TextEncoder().encode('abc');
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(hex(sha256(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(digest('SHA-1', abc))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(digest('SHA-384', abc))).toBe(
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    );
    expect(hex(digest('SHA-512', abc))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });
});

describe('Edwards curve parameters (RFC 8032 §5.1, §5.2) and small-order points', () => {
  const le = (y: bigint, size: number) => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = Number((y >> BigInt(8 * i)) & 0xffn);
    return out;
  };
  const P25519 = (1n << 255n) - 19n;
  const P448 = (1n << 448n) - (1n << 224n) - 1n;
  // The y coordinates of the 8-torsion points of edwards25519 and the 4-torsion points of edwards448.
  const SMALL_25519 = [
    0n,
    1n,
    P25519 - 1n,
    0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n,
    0x05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826n,
  ];
  const SMALL_448 = [0n, 1n, P448 - 1n];

  it('valid keys pass; every small-order point and y = p are refused', async () => {
    const { edwardsKeyProblem } = await fresh(() => import('../../src/crypto/edwards.js'));
    for (const crv of ['Ed25519', 'Ed448'] as const) {
      const x = (okpPairs.get(crv)!.publicKey as { x: Uint8Array }).x;
      expect(edwardsKeyProblem(crv, x)).toBeUndefined();
    }
    for (const y of SMALL_25519) expect(edwardsKeyProblem('Ed25519', le(y, 32))).toBeDefined();
    for (const y of SMALL_448) expect(edwardsKeyProblem('Ed448', le(y, 57))).toBeDefined();
    expect(edwardsKeyProblem('Ed25519', le(P25519, 32))).toBe('non-canonical');
    expect(edwardsKeyProblem('Ed448', le(P448, 57))).toBe('non-canonical');
  });
});

describe('a key of an unknown type is refused', () => {
  it('kty "oct" → ERR_PUBLIC_KEY_INVALID', async () => {
    const { verifySignature } = await fresh(() => import('../../src/crypto/verify.js'));
    const err = await verifySignature({
      scheme: { name: 'EdDSA' },
      key: { kty: 'oct' } as never,
      signature: new Uint8Array(64),
      data: DATA,
    }).then(
      () => undefined,
      (e: { code?: unknown }) => e.code,
    );
    expect(err).toBe('ERR_PUBLIC_KEY_INVALID');
  });
});
