/**
 * Deterministic RSA for tests: key generation from a seeded stream (BigInt Miller–Rabin prime
 * search) and RSASSA-PKCS1-v1_5 / RSASSA-PSS signing (RFC 8017). Pure JS, no WebCrypto, so a
 * fixed seed always yields the same key and the same signatures. Not constant time: test use only.
 *
 * @module
 */

import { digest } from '../crypto/hash.js';
import { DIGEST_INFO_PREFIX, mgf1, modPow } from '../crypto/rsa.js';
import type { HashName } from '../crypto/types.js';
import { concat } from '../encoding/bytes.js';
import type { RandomSource } from './random.js';

/** An RSA private key (CRT form) with its public half. */
export interface RSAPrivateKey {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qInv: bigint;
  /** Modulus length in bits. */
  bits: number;
}

const SMALL_PRIMES: readonly number[] = /* @__PURE__ */ (() => {
  const out: number[] = [];
  const limit = 2000;
  const sieve = new Uint8Array(limit);
  for (let i = 2; i < limit; i++) {
    if (sieve[i]) continue;
    out.push(i);
    for (let j = i * i; j < limit; j += i) sieve[j] = 1;
  }
  return out;
})();

/**
 * Big-endian unsigned bytes → bigint.
 *
 * @example
 * ```ts
 * bytesToBigInt(new Uint8Array([1, 0])); // 256n
 * ```
 */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

/**
 * bigint → big-endian unsigned bytes, left-padded to `length` (minimal when omitted).
 *
 * @example
 * ```ts
 * bigIntToBytes(256n, 4); // 00 00 01 00
 * ```
 */
export function bigIntToBytes(value: bigint, length?: number): Uint8Array {
  if (value < 0n) throw new RangeError('negative integer');
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const minimal = new Uint8Array(hex.length / 2);
  for (let i = 0; i < minimal.length; i++) minimal[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (length === undefined) return minimal;
  if (minimal.length > length) throw new RangeError('integer too large');
  const out = new Uint8Array(length);
  out.set(minimal, length - minimal.length);
  return out;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return ((oldS % m) + m) % m;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function randomBelow(random: RandomSource, max: bigint): bigint {
  const length = Math.ceil(max.toString(16).length / 2) + 8;
  return bytesToBigInt(random(length)) % max;
}

function isProbablePrime(n: bigint, rounds: number, random: RandomSource): boolean {
  for (const p of SMALL_PRIMES) {
    const bp = BigInt(p);
    if (n === bp) return true;
    if (n % bp === 0n) return false;
  }
  let d = n - 1n;
  let r = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    r++;
  }
  witness: for (let i = 0; i < rounds; i++) {
    const a = 2n + randomBelow(random, n - 3n);
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let j = 1; j < r; j++) {
      x = (x * x) % n;
      if (x === n - 1n) continue witness;
    }
    return false;
  }
  return true;
}

function generatePrime(bits: number, e: bigint, random: RandomSource): bigint {
  for (;;) {
    const bytes = random(Math.ceil(bits / 8));
    let candidate = bytesToBigInt(bytes) >> BigInt(bytes.length * 8 - bits);
    // Top two bits set (so p·q has exactly 2·bits bits), odd.
    candidate |= (3n << BigInt(bits - 2)) | 1n;
    // Incremental search with a residue sieve over the small primes.
    const residues = SMALL_PRIMES.map((p) => Number(candidate % BigInt(p)));
    for (let delta = 0; delta < 20_000; delta += 2) {
      let composite = false;
      for (let i = 0; i < SMALL_PRIMES.length; i++) {
        const p = SMALL_PRIMES[i] as number;
        if (((residues[i] as number) + delta) % p === 0) {
          composite = true;
          break;
        }
      }
      if (composite) continue;
      const c = candidate + BigInt(delta);
      if (c >> BigInt(bits) !== 0n) break;
      if (gcd(e, c - 1n) !== 1n) continue;
      if (isProbablePrime(c, 12, random)) return c;
    }
  }
}

/**
 * Generates an RSA key of `bits` bits (public exponent 65537) from a deterministic stream.
 *
 * @example
 * ```ts
 * const key = generateRSAKey(2048, createSeededRandom('seed', 'rsa'));
 * ```
 */
export function generateRSAKey(bits: number, random: RandomSource): RSAPrivateKey {
  if (!Number.isInteger(bits) || bits < 512 || bits % 16 !== 0)
    throw new RangeError('RSA modulus bits must be a multiple of 16, ≥ 512');
  const e = 65537n;
  for (;;) {
    const p = generatePrime(bits / 2, e, random);
    const q = generatePrime(bits / 2, e, random);
    if (p === q) continue;
    const [big, small] = p > q ? [p, q] : [q, p];
    const n = big * small;
    if (n.toString(2).length !== bits) continue;
    const phi = (big - 1n) * (small - 1n);
    const d = modInverse(e, phi);
    return {
      n,
      e,
      d,
      p: big,
      q: small,
      dp: d % (big - 1n),
      dq: d % (small - 1n),
      qInv: modInverse(small, big),
      bits,
    };
  }
}

function rsaPrivate(key: RSAPrivateKey, m: bigint): bigint {
  // RFC 8017 §5.1.2 (CRT).
  const m1 = modPow(m, key.dp, key.p);
  const m2 = modPow(m, key.dq, key.q);
  const h = (key.qInv * (((m1 - m2) % key.p) + key.p)) % key.p;
  return m2 + h * key.q;
}

/**
 * RSASSA-PKCS1-v1_5 signature (RFC 8017 §8.2.1) over `data` hashed with `hash`.
 *
 * @example
 * ```ts
 * const sig = signRSAPKCS1(key, 'SHA-256', data);
 * ```
 */
export function signRSAPKCS1(key: RSAPrivateKey, hash: HashName, data: Uint8Array): Uint8Array {
  const k = Math.ceil(key.bits / 8);
  const t = concat(DIGEST_INFO_PREFIX[hash], digest(hash, data));
  if (t.length + 11 > k) throw new RangeError('modulus too short for this hash');
  const em = new Uint8Array(k);
  em[1] = 1;
  em.fill(0xff, 2, k - t.length - 1);
  em.set(t, k - t.length);
  return bigIntToBytes(rsaPrivate(key, bytesToBigInt(em)), k);
}

/**
 * RSASSA-PSS signature (RFC 8017 §8.1.1, MGF1 with the same hash) with a salt drawn from
 * `random` (salt length = hash length unless given).
 *
 * @example
 * ```ts
 * const sig = signRSAPSS(key, 'SHA-256', data, createSeededRandom('seed', 'pss'));
 * ```
 */
export function signRSAPSS(
  key: RSAPrivateKey,
  hash: HashName,
  data: Uint8Array,
  random: RandomSource,
  saltLength?: number,
): Uint8Array {
  const mHash = digest(hash, data);
  const hLen = mHash.length;
  const sLen = saltLength ?? hLen;
  const emBits = key.bits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < hLen + sLen + 2) throw new RangeError('modulus too short for PSS');
  const salt = random(sLen);
  const h = digest(hash, concat(new Uint8Array(8), mHash, salt));
  const db = new Uint8Array(emLen - hLen - 1);
  db[emLen - sLen - hLen - 2] = 1;
  db.set(salt, emLen - sLen - hLen - 1);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i] = (db[i] as number) ^ (mask[i] as number);
  db[0] = (db[0] as number) & (0xff >> (8 * emLen - emBits));
  const em = concat(db, h, Uint8Array.of(0xbc));
  const k = Math.ceil(key.bits / 8);
  return bigIntToBytes(rsaPrivate(key, bytesToBigInt(em)), k);
}

export { modPow };
