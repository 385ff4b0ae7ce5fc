/**
 * Deterministic key pairs for every COSE algorithm the library verifies, with pure-JS signing:
 * `@noble/curves` for ECDSA (DER output) and EdDSA, BigInt RSA for PKCS#1 v1.5 and PSS.
 *
 * Keys are derived from a seed (HKDF-SHA-256 per purpose), so fixtures are reproducible; nothing
 * is cached globally. Test use only: the private keys are not protected in any way.
 *
 * @module
 */
import { ed448 } from '@noble/curves/ed448.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { digest } from '../crypto/hash.js';
import type { ECCurve, HashName, PublicKey, SignatureScheme } from '../crypto/types.js';
import { createSeededRandom, deriveSeed, type RandomSource, randomSeed, type TestSeed } from './random.js';
import { bigIntToBytes, generateRSAKey, type RSAPrivateKey, signRSAPKCS1, signRSAPSS } from './rsa.js';

/** Algorithm names accepted by the testing kit (COSE names; `EdDSA-Ed448` is alg -8 on crv Ed448). */
export type TestAlgorithm =
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'ES256K'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'EdDSA'
  | 'Ed448'
  | 'EdDSA-Ed448'
  | 'RS1';

/** What an algorithm name stands for. */
export interface TestAlgorithmInfo {
  /** COSE algorithm identifier. */
  coseAlgorithm: number;
  /** Key type. */
  kty: 'EC' | 'RSA' | 'OKP';
  /** Curve for EC and OKP keys. */
  crv?: ECCurve | 'Ed25519' | 'Ed448';
  /** Signature scheme (ECDSA signatures are DER, as WebAuthn requires, §6.5.6). */
  scheme: SignatureScheme;
}

/** Every supported algorithm, by name. */
export const TEST_ALGORITHMS: Readonly<Record<TestAlgorithm, TestAlgorithmInfo>> = {
  ES256: { coseAlgorithm: -7, kty: 'EC', crv: 'P-256', scheme: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' } },
  ES384: { coseAlgorithm: -35, kty: 'EC', crv: 'P-384', scheme: { name: 'ECDSA', hash: 'SHA-384', encoding: 'der' } },
  ES512: { coseAlgorithm: -36, kty: 'EC', crv: 'P-521', scheme: { name: 'ECDSA', hash: 'SHA-512', encoding: 'der' } },
  ES256K: {
    coseAlgorithm: -47,
    kty: 'EC',
    crv: 'secp256k1',
    scheme: { name: 'ECDSA', hash: 'SHA-256', encoding: 'der' },
  },
  RS256: { coseAlgorithm: -257, kty: 'RSA', scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } },
  RS384: { coseAlgorithm: -258, kty: 'RSA', scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' } },
  RS512: { coseAlgorithm: -259, kty: 'RSA', scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' } },
  PS256: { coseAlgorithm: -37, kty: 'RSA', scheme: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 } },
  PS384: { coseAlgorithm: -38, kty: 'RSA', scheme: { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 } },
  PS512: { coseAlgorithm: -39, kty: 'RSA', scheme: { name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 } },
  EdDSA: { coseAlgorithm: -8, kty: 'OKP', crv: 'Ed25519', scheme: { name: 'EdDSA' } },
  Ed448: { coseAlgorithm: -53, kty: 'OKP', crv: 'Ed448', scheme: { name: 'EdDSA' } },
  'EdDSA-Ed448': { coseAlgorithm: -8, kty: 'OKP', crv: 'Ed448', scheme: { name: 'EdDSA' } },
  RS1: { coseAlgorithm: -65535, kty: 'RSA', scheme: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' } },
};

/** Options for one signature. */
export interface TestSignOptions {
  /**
   * ECDSA only: return the high-S twin (s → n − s) of the signature. Both verify; WebAuthn has
   * no low-S rule, so verifiers must accept it (security.md §4 #69).
   */
  highS?: boolean;
  /** Sign with another scheme than the key's own (e.g. an RSA key signing a certificate with SHA-256). */
  scheme?: SignatureScheme;
}

/** A key pair with synchronous, deterministic signing. */
export interface TestKeyPair {
  /** Algorithm name. */
  readonly algorithm: TestAlgorithm;
  /** COSE algorithm identifier. */
  readonly coseAlgorithm: number;
  /** The public key. */
  readonly publicKey: PublicKey;
  /** The default signature scheme. */
  readonly scheme: SignatureScheme;
  /** Signs `data` (the hash is computed inside, as the algorithm says). */
  sign(data: Uint8Array, options?: TestSignOptions): Uint8Array;
}

/** Options for {@link generateTestKeyPair}. */
export interface GenerateTestKeyPairOptions {
  /** Seed; the same seed and label give the same key. Default: fresh random. */
  seed?: TestSeed;
  /** Purpose label mixed into the derivation (default `'key'`). */
  label?: string;
  /** RSA modulus size (default 2048). */
  rsaModulusBits?: number;
}

type WeierstrassCurve = typeof p256;

const EC_CURVES: Readonly<Record<ECCurve, WeierstrassCurve>> = {
  'P-256': p256,
  'P-384': p384,
  'P-521': p521,
  secp256k1: secp256k1 as unknown as WeierstrassCurve,
};

/**
 * Resolves a name or COSE identifier to an algorithm name (-8 means Ed25519).
 *
 * @example
 * ```ts
 * resolveTestAlgorithm(-257); // 'RS256'
 * ```
 */
export function resolveTestAlgorithm(algorithm: TestAlgorithm | number): TestAlgorithm {
  if (typeof algorithm === 'string') {
    if (!Object.hasOwn(TEST_ALGORITHMS, algorithm)) throw new RangeError(`unsupported algorithm ${algorithm}`);
    return algorithm;
  }
  for (const [name, info] of Object.entries(TEST_ALGORITHMS) as [TestAlgorithm, TestAlgorithmInfo][]) {
    if (info.coseAlgorithm === algorithm) return name;
  }
  throw new RangeError(`unsupported COSE algorithm ${algorithm}`);
}

function signECDSA(
  curve: WeierstrassCurve,
  secretKey: Uint8Array,
  hash: HashName,
  data: Uint8Array,
  highS: boolean,
): Uint8Array {
  // RFC 6979 deterministic k; pre-hash ourselves so the hash is the one the scheme names.
  const compact = curve.sign(digest(hash, data), secretKey, { prehash: false, lowS: true, format: 'compact' });
  let sig = curve.Signature.fromBytes(compact, 'compact');
  if (highS) sig = new curve.Signature(sig.r, curve.Point.Fn.ORDER - sig.s);
  return sig.toBytes('der');
}

function ecKeyPair(algorithm: TestAlgorithm, info: TestAlgorithmInfo, seed: Uint8Array): TestKeyPair {
  const curve = EC_CURVES[info.crv as ECCurve];
  const secretKey = curve.utils.randomSecretKey(deriveSeed(seed, 'ec-secret', curve.lengths.seed as number));
  const point = curve.getPublicKey(secretKey, false);
  const size = (point.length - 1) / 2;
  const publicKey: PublicKey = {
    kty: 'EC',
    crv: info.crv as ECCurve,
    x: point.slice(1, 1 + size),
    y: point.slice(1 + size),
  };
  return {
    algorithm,
    coseAlgorithm: info.coseAlgorithm,
    publicKey,
    scheme: info.scheme,
    sign(data: Uint8Array, options: TestSignOptions = {}): Uint8Array {
      const scheme = options.scheme ?? info.scheme;
      if (scheme.name !== 'ECDSA') throw new RangeError(`an EC key cannot sign with ${scheme.name}`);
      return signECDSA(curve, secretKey, scheme.hash, data, options.highS === true);
    },
  };
}

function okpKeyPair(algorithm: TestAlgorithm, info: TestAlgorithmInfo, seed: Uint8Array): TestKeyPair {
  const curve = info.crv === 'Ed448' ? ed448 : ed25519;
  const secretKey = deriveSeed(seed, 'okp-secret', curve.lengths.secretKey as number);
  const publicKey: PublicKey = { kty: 'OKP', crv: info.crv as 'Ed25519' | 'Ed448', x: curve.getPublicKey(secretKey) };
  return {
    algorithm,
    coseAlgorithm: info.coseAlgorithm,
    publicKey,
    scheme: info.scheme,
    sign(data: Uint8Array, options: TestSignOptions = {}): Uint8Array {
      if (options.scheme !== undefined && options.scheme.name !== 'EdDSA') {
        throw new RangeError(`an OKP key cannot sign with ${options.scheme.name}`);
      }
      return curve.sign(data, secretKey);
    },
  };
}

function rsaKeyPair(algorithm: TestAlgorithm, info: TestAlgorithmInfo, seed: Uint8Array, bits: number): TestKeyPair {
  const key: RSAPrivateKey = generateRSAKey(bits, createSeededRandom(seed, 'rsa-keygen'));
  const pssRandom: RandomSource = createSeededRandom(seed, 'rsa-pss-salt');
  const publicKey: PublicKey = { kty: 'RSA', n: bigIntToBytes(key.n), e: bigIntToBytes(key.e) };
  return {
    algorithm,
    coseAlgorithm: info.coseAlgorithm,
    publicKey,
    scheme: info.scheme,
    sign(data: Uint8Array, options: TestSignOptions = {}): Uint8Array {
      const scheme = options.scheme ?? info.scheme;
      if (scheme.name === 'RSASSA-PKCS1-v1_5') return signRSAPKCS1(key, scheme.hash, data);
      if (scheme.name === 'RSA-PSS') return signRSAPSS(key, scheme.hash, data, pssRandom, scheme.saltLength);
      throw new RangeError(`an RSA key cannot sign with ${scheme.name}`);
    },
  };
}

/**
 * Generates a key pair for a COSE algorithm, deterministically from `seed` (HKDF-SHA-256 with
 * the label and algorithm as context). RSA keys are found with a seeded Miller–Rabin search
 * (about 0.1–1 s for 2048 bits); EC and Ed keys are instant.
 *
 * @example
 * ```ts
 * import { generateTestKeyPair } from '@tessera/webauthn/testing';
 *
 * const key = generateTestKeyPair('ES256', { seed: 'my-tests' });
 * const signature = key.sign(new TextEncoder().encode('hello')); // DER ECDSA
 * ```
 */
export function generateTestKeyPair(
  algorithm: TestAlgorithm | number,
  options: GenerateTestKeyPairOptions = {},
): TestKeyPair {
  const name = resolveTestAlgorithm(algorithm);
  const info = TEST_ALGORITHMS[name];
  const seed = deriveSeed(options.seed ?? randomSeed(), `${options.label ?? 'key'}/${name}`);
  switch (info.kty) {
    case 'EC':
      return ecKeyPair(name, info, seed);
    case 'OKP':
      return okpKeyPair(name, info, seed);
    case 'RSA':
      return rsaKeyPair(name, info, seed, options.rsaModulusBits ?? 2048);
  }
}
