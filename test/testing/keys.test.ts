import { constants, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PublicKey } from '../../src/crypto/types.js';
import { generateTestKeyPair, TEST_ALGORITHMS, type TestAlgorithm } from '../../src/testing/keys.js';

const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

function nodeKey(key: PublicKey) {
  if (key.kty === 'EC')
    return createPublicKey({ key: { kty: 'EC', crv: key.crv, x: b64u(key.x), y: b64u(key.y) }, format: 'jwk' });
  if (key.kty === 'RSA') return createPublicKey({ key: { kty: 'RSA', n: b64u(key.n), e: b64u(key.e) }, format: 'jwk' });
  return createPublicKey({ key: { kty: 'OKP', crv: key.crv, x: b64u(key.x) }, format: 'jwk' });
}

const data = new TextEncoder().encode('tessera signing input');

describe('generateTestKeyPair', () => {
  for (const alg of Object.keys(TEST_ALGORITHMS) as TestAlgorithm[]) {
    it(`${alg}: signature verifies with node:crypto`, () => {
      const key = generateTestKeyPair(alg, { seed: 'keys-test' });
      const sig = key.sign(data);
      const pub = nodeKey(key.publicKey);
      const s = key.scheme;
      let ok: boolean;
      if (s.name === 'EdDSA') ok = verify(null, data, pub, sig);
      else if (s.name === 'ECDSA')
        ok = verify(s.hash.replace('-', '').toLowerCase(), data, { key: pub, dsaEncoding: 'der' }, sig);
      else if (s.name === 'RSA-PSS')
        ok = verify(
          s.hash.replace('-', '').toLowerCase(),
          data,
          { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.saltLength },
          sig,
        );
      else
        ok = verify(
          s.hash.replace('-', '').toLowerCase(),
          data,
          { key: pub, padding: constants.RSA_PKCS1_PADDING },
          sig,
        );
      expect(ok).toBe(true);
    });
  }
});
