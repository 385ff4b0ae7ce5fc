/**
 * Verifies a certificate's or CRL's signature with an issuer certificate's key.
 *
 * @module
 */

import { schemeFitsKey } from '../crypto/scheme.js';
import type { CryptoBackend, PublicKey, SignatureScheme } from '../crypto/types.js';
import { verifySignature } from '../crypto/verify.js';
import { ALG } from './oids.js';
import type { Certificate } from './types.js';

/** Something signed by an issuer: a certificate or a CRL. */
export interface SignedObject {
  tbs: Uint8Array;
  signature: Uint8Array;
  signatureAlgorithm: string;
  signatureScheme: SignatureScheme | undefined;
}

/** True when the key type fits the scheme (and, for EdDSA, the OID names the key's curve). */
function keyFitsScheme(key: PublicKey, scheme: SignatureScheme, algorithmOID: string): boolean {
  if (!schemeFitsKey(scheme, key)) return false;
  return key.kty !== 'OKP' || (key.crv === 'Ed25519' ? ALG.ed25519 : ALG.ed448) === algorithmOID;
}

/**
 * True when `signed` verifies with `issuer`'s public key. False (never a throw) when the
 * algorithm or key type is unsupported or mismatched, or the crypto layer rejects the input.
 */
export async function verifyCertificateSignature(
  signed: SignedObject,
  issuer: Certificate,
  backend?: CryptoBackend,
): Promise<boolean> {
  const scheme = signed.signatureScheme;
  const key = issuer.publicKey;
  if (scheme === undefined || key === undefined || !keyFitsScheme(key, scheme, signed.signatureAlgorithm)) return false;
  try {
    return await verifySignature({
      scheme,
      key,
      signature: signed.signature,
      data: signed.tbs,
      ...(backend === undefined ? {} : { backend }),
    });
  } catch {
    return false;
  }
}
