/**
 * Pure-JS verification: `@noble/curves` for ECDSA (P-256/384/521, secp256k1) and EdDSA
 * (Ed25519/Ed448), and Tessera's BigInt RSA (./rsa.ts). Works on every runtime.
 *
 * @module
 */
import { ed448 } from '@noble/curves/ed448.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { WebAuthnError } from '../errors.js';
import { digest } from './hash.js';
import { verifyRSAPKCS1v15, verifyRSAPSS } from './rsa.js';
import type { ECCurve, PublicKey, SignatureScheme } from './types.js';

const ECDSA_CURVES: Readonly<Record<ECCurve, typeof p256>> = { 'P-256': p256, 'P-384': p384, 'P-521': p521, secp256k1 };

function keyError(cause: unknown): WebAuthnError {
  return new WebAuthnError('ERR_PUBLIC_KEY_INVALID', '@noble/curves rejected the public key', { cause });
}

/** Verifies with pure JS. The caller has checked encodings and ranges already. */
export function verifyNoble(scheme: SignatureScheme, key: PublicKey, signature: Uint8Array, data: Uint8Array): boolean {
  switch (scheme.name) {
    case 'ECDSA': {
      if (key.kty !== 'EC') return false;
      const curve = ECDSA_CURVES[key.crv];
      // SEC 1 §2.3.3: uncompressed point 0x04 ‖ x ‖ y.
      const point = new Uint8Array(1 + key.x.length + key.y.length);
      point[0] = 0x04;
      point.set(key.x, 1);
      point.set(key.y, 1 + key.x.length);
      try {
        curve.Point.fromBytes(point).assertValidity();
      } catch (cause) {
        throw keyError(cause);
      }
      try {
        // WebAuthn §6.5.6: high-S is valid (lowS: false); the hash is the scheme's, not the curve's.
        return curve.verify(signature, digest(scheme.hash, data), point, {
          prehash: false,
          lowS: false,
          format: scheme.encoding === 'der' ? 'der' : 'compact',
        });
      } catch {
        return false;
      }
    }
    case 'EdDSA': {
      if (key.kty !== 'OKP') return false;
      const curve = key.crv === 'Ed25519' ? ed25519 : ed448;
      try {
        // RFC 8032 §5.1.3 / §5.2.3: canonical point decoding (not ZIP-215).
        curve.Point.fromBytes(key.x, false);
      } catch (cause) {
        throw keyError(cause);
      }
      try {
        return curve.verify(signature, data, key.x, { zip215: false });
      } catch {
        return false;
      }
    }
    case 'RSASSA-PKCS1-v1_5':
      return key.kty === 'RSA' && verifyRSAPKCS1v15(key, scheme.hash, signature, data);
    case 'RSA-PSS':
      return key.kty === 'RSA' && verifyRSAPSS(key, scheme.hash, scheme.saltLength, signature, data);
  }
}
