/**
 * {@link PublicKey} → JSON Web Key (RFC 7517, RFC 7518 §6, RFC 8037 §2) for key import by Node and
 * WebCrypto. No PEM or DER round-trips.
 *
 * @module
 */
import { encodeBase64url } from '../encoding/base64url.js';
import { stripLeadingZeros } from './curves.js';
import type { PublicKey } from './types.js';

/** The JWK members Tessera produces. */
export interface PublicJWK {
  kty: 'EC' | 'RSA' | 'OKP';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

/** Converts a validated public key to a JWK (RSA n/e minimal per RFC 7518 §6.3.1.1). */
export function publicKeyToJWK(key: PublicKey): PublicJWK {
  switch (key.kty) {
    case 'EC':
      // RFC 7518 §6.2.1.2: x and y are full-size coordinates.
      return { kty: 'EC', crv: key.crv, x: encodeBase64url(key.x), y: encodeBase64url(key.y) };
    case 'RSA':
      return { kty: 'RSA', n: encodeBase64url(stripLeadingZeros(key.n)), e: encodeBase64url(stripLeadingZeros(key.e)) };
    case 'OKP':
      // RFC 8037 §2: crv and the raw public key as x.
      return { kty: 'OKP', crv: key.crv, x: encodeBase64url(key.x) };
  }
}
