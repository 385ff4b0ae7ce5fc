/**
 * Synchronous hashing (FIPS 180-4): Node's native one-shot `crypto.hash` where the runtime
 * exposes `node:crypto` through `process.getBuiltinModule`, `@noble/hashes` everywhere else. The
 * output is the same bytes either way.
 *
 * @module
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 as nobleSha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { getNodeCrypto } from './backend-node.js';
import type { HashName } from './types.js';

const NODE_NAMES: Readonly<Record<HashName, string>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

/** Native digest as a plain Uint8Array view, or `undefined` without node:crypto. */
function nativeDigest(hash: HashName, data: Uint8Array): Uint8Array | undefined {
  const nc = getNodeCrypto();
  if (nc === undefined) return undefined;
  const name = NODE_NAMES[hash];
  let out: Uint8Array;
  try {
    out = nc.hash !== undefined ? nc.hash(name, data, 'buffer') : nc.createHash(name).update(data).digest();
  } catch {
    return undefined; // e.g. SHA-1 refused by a FIPS provider: the pure-JS hash decides
  }
  // A Buffer is a Uint8Array subclass: hand out a plain view (no copy) so callers see one type.
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

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
  return nativeDigest('SHA-256', data) ?? nobleSha256(data);
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
  if (Object.hasOwn(NODE_NAMES, hash)) {
    const native = nativeDigest(hash, data);
    if (native !== undefined) return native;
  }
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
