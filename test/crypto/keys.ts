/**
 * Test-only key helpers: generate keys with node:crypto and convert them to Tessera's PublicKey.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { ECCurve, HashName, OKPCurve, PublicKey } from '../../src/crypto/types.js';
import { decodeBase64url } from '../../src/encoding/base64url.js';

export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: PublicKey;
}

const NODE_CURVES: Record<ECCurve, string> = {
  'P-256': 'prime256v1',
  'P-384': 'secp384r1',
  'P-521': 'secp521r1',
  secp256k1: 'secp256k1',
};

export function jwkToPublicKey(jwk: JsonWebKey): PublicKey {
  if (jwk.kty === 'EC') {
    return { kty: 'EC', crv: jwk.crv as ECCurve, x: decodeBase64url(jwk.x!), y: decodeBase64url(jwk.y!) };
  }
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: decodeBase64url(jwk.n!), e: decodeBase64url(jwk.e!) };
  return { kty: 'OKP', crv: jwk.crv as OKPCurve, x: decodeBase64url(jwk.x!) };
}

export function ecKeyPair(crv: ECCurve): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: NODE_CURVES[crv] });
  return { privateKey, publicKey: jwkToPublicKey(publicKey.export({ format: 'jwk' }) as JsonWebKey) };
}

export function okpKeyPair(crv: OKPCurve): TestKeyPair {
  const { privateKey, publicKey } = crv === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ed448');
  return { privateKey, publicKey: jwkToPublicKey(publicKey.export({ format: 'jwk' }) as JsonWebKey) };
}

export function rsaKeyPair(bits = 2048): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent: 65537 });
  return { privateKey, publicKey: jwkToPublicKey(publicKey.export({ format: 'jwk' }) as JsonWebKey) };
}

const NODE_HASH: Record<HashName, string> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export function signECDSA(
  pair: TestKeyPair,
  hash: HashName,
  data: Uint8Array,
  encoding: 'der' | 'raw' = 'der',
): Uint8Array {
  return new Uint8Array(
    sign(NODE_HASH[hash], data, { key: pair.privateKey, dsaEncoding: encoding === 'der' ? 'der' : 'ieee-p1363' }),
  );
}

export function signEdDSA(pair: TestKeyPair, data: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, data, pair.privateKey));
}

export function signRSA(pair: TestKeyPair, hash: HashName, data: Uint8Array, pss?: { saltLength: number }): Uint8Array {
  return new Uint8Array(
    sign(NODE_HASH[hash], data, {
      key: pair.privateKey,
      ...(pss === undefined ? {} : { padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: pss.saltLength }),
    }),
  );
}
