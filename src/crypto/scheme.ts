/**
 * Binding between signature schemes and key types.
 *
 * @module
 */
import type { PublicKey, SignatureScheme } from './types.js';

/** True when a key of this type can produce signatures of `scheme` (alg ↔ key binding, security.md §4 #74, #93). */
export function schemeFitsKey(scheme: SignatureScheme, key: PublicKey): boolean {
  switch (scheme.name) {
    case 'ECDSA':
      return key.kty === 'EC';
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA-PSS':
      return key.kty === 'RSA';
    case 'EdDSA':
      return key.kty === 'OKP';
  }
}
