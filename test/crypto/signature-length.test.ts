/**
 * Signature and key lengths checked before any backend runs. RFC 8017 §8.1.2 / §8.2.2 step 1:
 * an RSA signature has exactly k octets (the modulus length); node:crypto and WebCrypto accept a
 * PSS signature whose leading zero octet was dropped, so Tessera's own check is what refuses it.
 * RFC 8032 §5.1.5: an Ed25519 public key is 32 bytes.
 */
import { constants, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CryptoBackend, PublicKey, SignatureScheme } from '../../src/crypto/types.js';
import { verifySignature } from '../../src/crypto/verify.js';
import { decodeBase64url } from '../../src/encoding/base64url.js';
import { WebAuthnError } from '../../src/errors.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = publicKey.export({ format: 'jwk' });
const KEY: PublicKey = { kty: 'RSA', n: decodeBase64url(jwk.n!), e: decodeBase64url(jwk.e!) };
const PS256: SignatureScheme = { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 };
const RS256: SignatureScheme = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

/** Signs messages until a signature starts with a zero octet (about 1 in 256). */
function signatureWithLeadingZero(pss: boolean): { data: Uint8Array; signature: Uint8Array } {
  for (let i = 0; i < 20_000; i++) {
    const data = new TextEncoder().encode(`message ${i}`);
    const signature = new Uint8Array(
      pss
        ? nodeSign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
        : nodeSign('sha256', data, privateKey),
    );
    if (signature[0] === 0) return { data, signature };
  }
  throw new Error('no signature with a leading zero octet found');
}

const BACKENDS: CryptoBackend[] = ['auto', 'node', 'webcrypto', 'noble'];

describe('an RSA signature shorter than the modulus is refused on every backend', () => {
  for (const [name, scheme, pss] of [
    ['PS256', PS256, true],
    ['RS256', RS256, false],
  ] as const) {
    const { data, signature } = signatureWithLeadingZero(pss);
    it.each(BACKENDS)(`${name} on %s: k octets verify, k - 1 (leading zero dropped) do not`, async (backend) => {
      expect(signature.length).toBe(256);
      expect(await verifySignature({ scheme, key: KEY, signature, data, backend })).toBe(true);
      expect(await verifySignature({ scheme, key: KEY, signature: signature.subarray(1), data, backend })).toBe(false);
    });
  }
});

describe('an Ed25519 key of the wrong length is refused before the signature is looked at', () => {
  it.each([31, 33])('%i-byte key → ERR_PUBLIC_KEY_INVALID', async (size) => {
    const key: PublicKey = { kty: 'OKP', crv: 'Ed25519', x: new Uint8Array(size) };
    const err = await verifySignature({
      scheme: { name: 'EdDSA' },
      key,
      signature: new Uint8Array(0),
      data: new Uint8Array(1),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WebAuthnError);
    expect((err as WebAuthnError).code).toBe('ERR_PUBLIC_KEY_INVALID');
  });
});
