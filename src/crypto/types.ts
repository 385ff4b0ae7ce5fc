/**
 * Key and signature-scheme types shared by the crypto, COSE and certificate layers.
 *
 * Public types are self-contained (plain `Uint8Array`s), so the `.d.cts` never imports an
 * ESM-only dependency.
 *
 * @module
 */

/** Elliptic curves for ECDSA keys. */
export type ECCurve = 'P-256' | 'P-384' | 'P-521' | 'secp256k1';
/** Edwards curves for EdDSA keys. */
export type OKPCurve = 'Ed25519' | 'Ed448';
/** Hash functions used by signature schemes. */
export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** A public key in a runtime-neutral form (big-endian unsigned integers, unpadded n/e). */
export type PublicKey =
  | { kty: 'EC'; crv: ECCurve; x: Uint8Array; y: Uint8Array }
  | { kty: 'RSA'; n: Uint8Array; e: Uint8Array }
  | { kty: 'OKP'; crv: OKPCurve; x: Uint8Array };

/** How a signature is computed and encoded. */
export type SignatureScheme =
  | { name: 'ECDSA'; hash: HashName; encoding: 'der' | 'raw' }
  | { name: 'RSASSA-PKCS1-v1_5'; hash: HashName }
  | { name: 'RSA-PSS'; hash: HashName; saltLength: number }
  | { name: 'EdDSA' };

/**
 * Which implementation verifies signatures.
 * - `auto` (default): Node's `crypto.verify` when the runtime exposes it through
 *   `process.getBuiltinModule`, else WebCrypto when it has the algorithm, else `@noble/curves`.
 * - `node`, `webcrypto`, `noble`: force one (`noble` = pure JS, works everywhere).
 */
export type CryptoBackend = 'auto' | 'node' | 'webcrypto' | 'noble';
