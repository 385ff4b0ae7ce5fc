/**
 * Synchronous hashing for the software authenticator (pure JS via `@noble/hashes`, so signing
 * stays synchronous and identical on every runtime).
 *
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { HashName } from '../crypto/types.js';

/**
 * Hashes `data` with the named function.
 *
 * @example
 * ```ts
 * const digest = hashBytes('SHA-256', new TextEncoder().encode('abc'));
 * ```
 */
export function hashBytes(hash: HashName, data: Uint8Array): Uint8Array {
  switch (hash) {
    case 'SHA-1':
      return sha1(data);
    case 'SHA-256':
      return sha256(data);
    case 'SHA-384':
      return sha384(data);
    case 'SHA-512':
      return sha512(data);
    default:
      throw new RangeError(`unsupported hash ${String(hash)}`);
  }
}
