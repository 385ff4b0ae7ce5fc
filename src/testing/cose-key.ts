/**
 * COSE_Key maps (RFC 9052 §7, RFC 9053) for the software authenticator's credential keys.
 *
 * The authenticator keeps the key as a `Map` so that tests can override labels (wrong `alg`,
 * wrong curve, extra members) and still get a well-formed CBOR encoding.
 *
 * @module
 */
import type { PublicKey } from '../crypto/types.js';
import type { CBORMap } from '../encoding/cbor.js';

const EC2_CURVES: Readonly<Record<string, number>> = { 'P-256': 1, 'P-384': 2, 'P-521': 3, secp256k1: 8 };
const OKP_CURVES: Readonly<Record<string, number>> = { Ed25519: 6, Ed448: 7 };

/**
 * Builds the COSE_Key map of a public key, labels in CTAP2 canonical order (1, 3, -1, -2, -3).
 *
 * @example
 * ```ts
 * const map = coseKeyMap(key.publicKey, -7); // Map { 1 => 2, 3 => -7, -1 => 1, -2 => x, -3 => y }
 * ```
 */
export function coseKeyMap(key: PublicKey, alg: number): CBORMap {
  switch (key.kty) {
    case 'EC':
      return new Map<number, number | Uint8Array>([
        [1, 2],
        [3, alg],
        [-1, EC2_CURVES[key.crv] as number],
        [-2, key.x],
        [-3, key.y],
      ]);
    case 'OKP':
      return new Map<number, number | Uint8Array>([
        [1, 1],
        [3, alg],
        [-1, OKP_CURVES[key.crv] as number],
        [-2, key.x],
      ]);
    case 'RSA':
      return new Map<number, number | Uint8Array>([
        [1, 3],
        [3, alg],
        [-1, key.n],
        [-2, key.e],
      ]);
  }
}
