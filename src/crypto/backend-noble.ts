/**
 * Pure-JS verification: `@noble/curves` for ECDSA (P-256/384/521, secp256k1) and EdDSA
 * (Ed25519/Ed448), and Tessera's BigInt RSA (./rsa.ts). Works on every runtime.
 *
 * The curve modules are loaded with `import()` on first use: they cost tens of milliseconds to
 * evaluate, and a process on the Node fast path never needs them.
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import { digest } from './hash.js';
import { verifyRSAPKCS1v15, verifyRSAPSS } from './rsa.js';
import type { ECCurve, OKPCurve, PublicKey, SignatureScheme } from './types.js';

type ECDSACurve = typeof import('@noble/curves/nist.js')['p256'];
type EdDSACurve = typeof import('@noble/curves/ed25519.js')['ed25519'];

async function ecdsaCurve(crv: ECCurve): Promise<ECDSACurve> {
  if (crv === 'secp256k1') return (await import('@noble/curves/secp256k1.js')).secp256k1 as unknown as ECDSACurve;
  const nist = await import('@noble/curves/nist.js');
  return crv === 'P-256' ? nist.p256 : crv === 'P-384' ? nist.p384 : nist.p521;
}

async function eddsaCurve(crv: OKPCurve): Promise<EdDSACurve> {
  if (crv === 'Ed25519') return (await import('@noble/curves/ed25519.js')).ed25519;
  return (await import('@noble/curves/ed448.js')).ed448 as unknown as EdDSACurve;
}

function keyError(cause: unknown): WebAuthnError {
  return new WebAuthnError('ERR_PUBLIC_KEY_INVALID', '@noble/curves rejected the public key', { cause });
}

/** Verifies with pure JS. The caller has checked encodings and ranges already. */
export async function verifyNoble(
  scheme: SignatureScheme,
  key: PublicKey,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  switch (scheme.name) {
    case 'ECDSA': {
      if (key.kty !== 'EC') return false;
      const curve = await ecdsaCurve(key.crv);
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
      const curve = await eddsaCurve(key.crv);
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
