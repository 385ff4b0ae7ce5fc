/**
 * Pure-JS RSA signature verification with BigInt (RFC 8017): RSASSA-PKCS1-v1_5 (§8.2.2, EMSA
 * §9.2) and RSASSA-PSS (§8.1.2, EMSA-PSS §9.1.2, MGF1 §B.2.1). Verification only, public data
 * only, so constant time is not a goal. Encoded messages are compared in full (construct and
 * compare for PKCS#1 v1.5), never parsed leniently (jsrsasign CVE-2021-30246, CVE-2020-14968).
 *
 * @module
 */
import { bigIntToBytes, bytesToBigInt, stripLeadingZeros } from './curves.js';
import { digest, HASH_LENGTHS } from './hash.js';
import type { HashName } from './types.js';

/** DER DigestInfo prefixes (RFC 8017 §9.2 note 1), AlgorithmIdentifier with explicit NULL. */
export const DIGEST_INFO_PREFIX: Readonly<Record<HashName, Uint8Array>> = /* @__PURE__ */ Object.freeze({
  'SHA-1': /* @__PURE__ */ Uint8Array.of(
    0x30,
    0x21,
    0x30,
    0x09,
    0x06,
    0x05,
    0x2b,
    0x0e,
    0x03,
    0x02,
    0x1a,
    0x05,
    0x00,
    0x04,
    0x14,
  ),
  'SHA-256': /* @__PURE__ */ Uint8Array.of(
    0x30,
    0x31,
    0x30,
    0x0d,
    0x06,
    0x09,
    0x60,
    0x86,
    0x48,
    0x01,
    0x65,
    0x03,
    0x04,
    0x02,
    0x01,
    0x05,
    0x00,
    0x04,
    0x20,
  ),
  'SHA-384': /* @__PURE__ */ Uint8Array.of(
    0x30,
    0x41,
    0x30,
    0x0d,
    0x06,
    0x09,
    0x60,
    0x86,
    0x48,
    0x01,
    0x65,
    0x03,
    0x04,
    0x02,
    0x02,
    0x05,
    0x00,
    0x04,
    0x30,
  ),
  'SHA-512': /* @__PURE__ */ Uint8Array.of(
    0x30,
    0x51,
    0x30,
    0x0d,
    0x06,
    0x09,
    0x60,
    0x86,
    0x48,
    0x01,
    0x65,
    0x03,
    0x04,
    0x02,
    0x03,
    0x05,
    0x00,
    0x04,
    0x40,
  ),
});

/** base^exp mod m by left-to-right square-and-multiply (exp is public). */
export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  if (mod === 1n) return 0n;
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    e >>= 1n;
    if (e > 0n) b = (b * b) % mod;
  }
  return result;
}

/** RSAVP1 (RFC 8017 §5.2.2) with the signature-length check of §8.1.2 / §8.2.2 step 1. */
function rsavp1(
  n: Uint8Array,
  e: Uint8Array,
  signature: Uint8Array,
): { m: bigint; k: number; modBits: number } | undefined {
  const nb = stripLeadingZeros(n);
  const k = nb.length;
  // RFC 8017 §8.2.2 step 1: the signature is exactly k octets (no prepended 0x00, not shorter).
  if (k === 0 || signature.length !== k) return undefined;
  const nInt = bytesToBigInt(nb);
  const s = bytesToBigInt(signature);
  // RFC 8017 §5.2.2 step 1: the representative is in [0, n − 1].
  if (s >= nInt) return undefined;
  const m = modPow(s, bytesToBigInt(stripLeadingZeros(e)), nInt);
  return { m, k, modBits: nInt.toString(2).length };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= (a[i] as number) ^ (b[i] as number);
  return d === 0;
}

/** RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2): rebuild EMSA-PKCS1-v1_5 (§9.2) and compare. */
export function verifyRSAPKCS1v15(
  key: { n: Uint8Array; e: Uint8Array },
  hash: HashName,
  signature: Uint8Array,
  data: Uint8Array,
): boolean {
  const v = rsavp1(key.n, key.e, signature);
  if (v === undefined) return false;
  const em = bigIntToBytes(v.m, v.k);
  if (em === undefined) return false;
  const prefix = DIGEST_INFO_PREFIX[hash];
  const h = digest(hash, data);
  const tLen = prefix.length + h.length;
  // RFC 8017 §9.2 step 3: emLen ≥ tLen + 11 (at least eight 0xff octets of PS).
  if (v.k < tLen + 11) return false;
  // RFC 8017 §9.2 step 5: EM = 0x00 ‖ 0x01 ‖ PS (0xff…) ‖ 0x00 ‖ T.
  const expected = new Uint8Array(v.k);
  expected[1] = 0x01;
  expected.fill(0xff, 2, v.k - tLen - 1);
  expected.set(prefix, v.k - tLen);
  expected.set(h, v.k - h.length);
  return equal(em, expected);
}

/** MGF1 (RFC 8017 §B.2.1). */
export function mgf1(hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const hLen = HASH_LENGTHS[hash];
  const out = new Uint8Array(length);
  const input = new Uint8Array(seed.length + 4);
  input.set(seed, 0);
  for (let counter = 0, off = 0; off < length; counter++, off += hLen) {
    input[seed.length] = counter >>> 24;
    input[seed.length + 1] = (counter >>> 16) & 0xff;
    input[seed.length + 2] = (counter >>> 8) & 0xff;
    input[seed.length + 3] = counter & 0xff;
    const block = digest(hash, input);
    out.set(block.subarray(0, Math.min(hLen, length - off)), off);
  }
  return out;
}

/**
 * RSASSA-PSS verification (RFC 8017 §8.1.2 + EMSA-PSS-VERIFY §9.1.2) with MGF1 over the same hash
 * and an exact salt length.
 */
export function verifyRSAPSS(
  key: { n: Uint8Array; e: Uint8Array },
  hash: HashName,
  saltLength: number,
  signature: Uint8Array,
  data: Uint8Array,
): boolean {
  const v = rsavp1(key.n, key.e, signature);
  if (v === undefined) return false;
  // RFC 8017 §8.1.2 step 2c: EM = I2OSP(m, emLen), emLen = ⌈(modBits − 1)/8⌉.
  const emBits = v.modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = bigIntToBytes(v.m, emLen);
  if (em === undefined) return false;
  const hLen = HASH_LENGTHS[hash];
  const mHash = digest(hash, data);
  // RFC 8017 §9.1.2 step 3: emLen ≥ hLen + sLen + 2.
  if (emLen < hLen + saltLength + 2) return false;
  // §9.1.2 step 4: the rightmost octet is 0xbc.
  if (em[emLen - 1] !== 0xbc) return false;
  // §9.1.2 step 5: maskedDB ‖ H.
  const dbLen = emLen - hLen - 1;
  const maskedDB = em.subarray(0, dbLen);
  const H = em.subarray(dbLen, dbLen + hLen);
  // §9.1.2 step 6: the leftmost 8·emLen − emBits bits of maskedDB are zero.
  const zeroBits = 8 * emLen - emBits;
  const topMask = (0xff << (8 - zeroBits)) & 0xff;
  if (((maskedDB[0] as number) & topMask) !== 0) return false;
  // §9.1.2 steps 7–9: DB = maskedDB ⊕ MGF(H), clear the top bits.
  const db = mgf1(hash, H, dbLen);
  for (let i = 0; i < dbLen; i++) db[i] = (db[i] as number) ^ (maskedDB[i] as number);
  db[0] = (db[0] as number) & ~topMask & 0xff;
  // §9.1.2 step 10: DB = PS (zeros) ‖ 0x01 ‖ salt.
  const psLen = emLen - hLen - saltLength - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(dbLen - saltLength);
  // §9.1.2 steps 12–14: H' = Hash(0x00×8 ‖ mHash ‖ salt) equals H.
  const mPrime = new Uint8Array(8 + hLen + saltLength);
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + hLen);
  return equal(digest(hash, mPrime), H);
}
