/**
 * Deterministic random streams for the software authenticator.
 *
 * Every key, salt and serial number the testing kit produces comes from a seed, so that a
 * fixed seed gives byte-identical output on every run and runtime. Streams are derived per
 * purpose (`deriveSeed(seed, 'credential/0')`) so that adding a draw in one place never shifts
 * the bytes drawn somewhere else. Nothing here is secret-grade: it is for tests only.
 *
 * @module
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concat, utf8Encode } from '../encoding/bytes.js';

/** A seed: bytes, or a string (its UTF-8 bytes). */
export type TestSeed = string | Uint8Array;

/** A source of bytes: returns `length` fresh bytes on each call. */
export type RandomSource = (length: number) => Uint8Array;

const SALT = /* @__PURE__ */ utf8Encode('tessera/testing/v1');

function seedBytes(seed: TestSeed): Uint8Array {
  if (typeof seed === 'string') return utf8Encode(seed);
  if (seed instanceof Uint8Array) return seed;
  throw new TypeError('seed must be a string or a Uint8Array');
}

/**
 * Derives a 32-byte child seed for one purpose (HKDF-SHA-256, RFC 5869).
 *
 * @example
 * ```ts
 * const keySeed = deriveSeed('my-tests', 'credential/0');
 * ```
 */
export function deriveSeed(seed: TestSeed, label: string, length = 32): Uint8Array {
  return hkdf(sha256, seedBytes(seed), SALT, utf8Encode(label), length);
}

/**
 * A deterministic byte stream: HMAC-SHA-256(key = HKDF(seed, label), counter) blocks.
 *
 * @example
 * ```ts
 * const random = createSeededRandom('my-tests', 'salts');
 * const salt = random(32); // same bytes on every run
 * ```
 */
export function createSeededRandom(seed: TestSeed, label = 'stream'): RandomSource {
  const key = deriveSeed(seed, `stream/${label}`);
  let counter = 0;
  let pool: Uint8Array = new Uint8Array(0);
  return (length: number): Uint8Array => {
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError('length must be a non-negative integer');
    while (pool.length < length) {
      const block = new Uint8Array(4);
      new DataView(block.buffer).setUint32(0, counter++);
      pool = concat(pool, hmac(sha256, key, block));
    }
    const out = pool.slice(0, length);
    pool = pool.slice(length);
    return out;
  };
}

/**
 * A fresh random seed from the runtime's CSPRNG (`crypto.getRandomValues`), used when the
 * caller gives none.
 *
 * @example
 * ```ts
 * const seed = randomSeed();
 * ```
 */
export function randomSeed(): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}
