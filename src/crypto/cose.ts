/**
 * COSE_Key (RFC 9052 §7, RFC 9053) parsing, validation and encoding for credential public keys.
 *
 * CONTRACT (implementation pending in this file):
 *   parseCOSEPublicKey(map: CBORMap, options?: { allowedAlgorithms?: readonly number[] }): COSEPublicKey
 *   encodeCOSEPublicKey(key: PublicKey, alg: number): Uint8Array
 *   coseAlgorithmScheme(alg: number): SignatureScheme   // throws ERR_UNSUPPORTED_ALGORITHM
 *
 * @module
 */
import type { PublicKey, SignatureScheme } from './types.js';

/** A validated credential public key. */
export interface COSEPublicKey {
  /** COSE algorithm identifier (label 3). */
  alg: number;
  /** COSE key type (label 1): 1 OKP, 2 EC2, 3 RSA. */
  kty: number;
  /** COSE curve (label -1) for EC2/OKP keys. */
  crv: number | undefined;
  /** The key in runtime-neutral form. */
  publicKey: PublicKey;
  /** How signatures by this key are verified. */
  scheme: SignatureScheme;
}
