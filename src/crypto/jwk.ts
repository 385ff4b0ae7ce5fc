/**
 * {@link PublicKey} → JSON Web Key (RFC 7517, RFC 7518 §6, RFC 8037 §2) for key import by Node and
 * WebCrypto. No PEM or DER round-trips.
 *
 * @module
 */
import { encodeBase64url } from '../encoding/base64url.js';
import { stripLeadingZeros } from './curves.js';
import type { PublicKey } from './types.js';

/**
 * base64url without padding (RFC 7515 §2). Uses the native `btoa` (a Web-standard global, about
 * twice as fast for RSA moduli) and falls back to the pure-JS encoder; both give identical output.
 */
function b64u(bytes: Uint8Array): string {
  if (typeof btoa !== 'function' || bytes.length > 8192) return encodeBase64url(bytes);
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i] as number);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

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
      return { kty: 'EC', crv: key.crv, x: b64u(key.x), y: b64u(key.y) };
    case 'RSA':
      return { kty: 'RSA', n: b64u(stripLeadingZeros(key.n)), e: b64u(stripLeadingZeros(key.e)) };
    case 'OKP':
      // RFC 8037 §2: crv and the raw public key as x.
      return { kty: 'OKP', crv: key.crv, x: b64u(key.x) };
  }
}
