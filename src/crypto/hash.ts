/**
 * Synchronous hashing (FIPS 180-4) over `@noble/hashes`, identical on every runtime.
 *
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { HashName } from './types.js';

/** Output length in bytes of each supported hash. */
export const HASH_LENGTHS: Readonly<Record<HashName, number>> = /* @__PURE__ */ Object.freeze({
  'SHA-1': 20,
  'SHA-256': 32,
  'SHA-384': 48,
  'SHA-512': 64,
});

/**
 * SHA-256 of `data` (used for rpIdHash and clientDataHash).
 *
 * @example
 * ```ts
 * const rpIdHash = sha256(new TextEncoder().encode('example.com'));
 * ```
 */
export function sha256(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new TypeError('sha256: expected a Uint8Array');
  return nobleSha256(data);
}

/**
 * Hash `data` with the named function.
 *
 * @example
 * ```ts
 * const h = digest('SHA-384', bytes);
 * ```
 */
export function digest(hash: HashName, data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new TypeError('digest: expected a Uint8Array');
  switch (hash) {
    case 'SHA-1':
      return sha1(data);
    case 'SHA-256':
      return nobleSha256(data);
    case 'SHA-384':
      return sha384(data);
    case 'SHA-512':
      return sha512(data);
    default:
      throw new TypeError(`digest: unsupported hash ${String(hash)}`);
  }
}
