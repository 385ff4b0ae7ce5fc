/**
 * The pure-JS RSA verifier (src/crypto/rsa.ts) called directly, without verifySignature's length
 * precheck: every step of RSAVP1, EMSA-PKCS1-v1_5 and EMSA-PSS-VERIFY (RFC 8017 §5.2.2, §9.1.2,
 * §9.2) on hand-built encodings, each next to the well-formed one it was derived from.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mgf1, modPow, verifyRSAPKCS1v15, verifyRSAPSS } from '../../src/crypto/rsa.js';
import type { HashName } from '../../src/crypto/types.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import {
  hashOf,
  mgf1Ref,
  modPowRef,
  pkcs1Encoding,
  pssAssemble,
  pssParts,
  type RawRSAKey,
  rawRSAKey,
  toBigInt,
  toBytes,
} from './raw-rsa.js';

const DATA = utf8Encode('signed bytes');
const key1024 = rawRSAKey(1024);

function salt(length: number, seed: number): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 31 + seed * 17 + 5) & 0xff);
}

describe('modPow', () => {
  it('matches a reference square-and-multiply, including exponent 0 and 1', () => {
    const mods = [3n, 97n, (1n << 127n) - 1n, key1024.n];
    for (const m of mods) {
      for (const e of [0n, 1n, 2n, 3n, 65537n, 0xdeadbeefn]) {
        for (const b of [0n, 1n, 2n, m - 1n, m + 5n]) expect(modPow(b, e, m)).toBe(modPowRef(b, e, m));
      }
    }
  });

  it('anything mod 1 is 0, even x^0', () => {
    expect(modPow(5n, 0n, 1n)).toBe(0n);
    expect(modPow(0n, 0n, 1n)).toBe(0n);
    expect(modPow(7n, 3n, 1n)).toBe(0n);
  });
});

describe('mgf1', () => {
  it.each(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as HashName[])(
    '%s matches RFC 8017 §B.2.1 for lengths around hLen',
    (hash) => {
      const seed = salt(20, 3);
      const hLen = hashOf(hash, seed).length;
      for (const length of [0, 1, hLen - 1, hLen, hLen + 1, 2 * hLen, 3 * hLen + 7]) {
        expect(mgf1(hash, seed, length)).toEqual(mgf1Ref(hash, seed, length));
      }
    },
  );
});

describe('RSAVP1: the signature representative (RFC 8017 §5.2.2, §8.2.2 step 1)', () => {
  const em = pkcs1Encoding('SHA-256', DATA, key1024.k);
  const sig = key1024.sign(em);

  it('the well-formed signature verifies', () => {
    expect(verifyRSAPKCS1v15(key1024.publicKey, 'SHA-256', sig, DATA)).toBe(true);
  });

  it('a prepended 0x00 (k + 1 octets, same integer) is rejected by both schemes', () => {
    expect(verifyRSAPKCS1v15(key1024.publicKey, 'SHA-256', Uint8Array.of(0, ...sig), DATA)).toBe(false);
    const pss = pssAssemble('SHA-256', pssParts('SHA-256', DATA, salt(32, 1), key1024.modBits));
    const pssSig = key1024.sign(pss);
    expect(verifyRSAPSS(key1024.publicKey, 'SHA-256', 32, pssSig, DATA)).toBe(true);
    expect(verifyRSAPSS(key1024.publicKey, 'SHA-256', 32, Uint8Array.of(0, ...pssSig), DATA)).toBe(false);
    expect(verifyRSAPSS(key1024.publicKey, 'SHA-256', 32, pssSig.subarray(1), DATA)).toBe(false);
    expect(verifyRSAPSS(key1024.publicKey, 'SHA-256', 32, new Uint8Array(0), DATA)).toBe(false);
  });

  it('an empty modulus verifies nothing', () => {
    const key = { n: new Uint8Array(1), e: Uint8Array.of(3) };
    expect(verifyRSAPKCS1v15(key, 'SHA-256', new Uint8Array(0), DATA)).toBe(false);
    expect(verifyRSAPSS(key, 'SHA-256', 0, new Uint8Array(0), DATA)).toBe(false);
  });

  let spare: RawRSAKey = key1024;
  it('s + n (congruent to a valid s, still k octets) is rejected: s must be below n', () => {
    // Find a key and a PSS salt whose signature s leaves room for s + n in k octets.
    let found = false;
    for (let attempt = 0; attempt < 200 && !found; attempt++) {
      const key = attempt % 10 === 0 ? rawRSAKey(1024) : spare;
      spare = key;
      const em = pssAssemble('SHA-256', pssParts('SHA-256', DATA, salt(32, attempt), key.modBits));
      const s = key.sign(em);
      const shifted = toBigInt(s) + key.n;
      if (shifted >= 1n << BigInt(8 * key.k)) continue;
      found = true;
      expect(verifyRSAPSS(key.publicKey, 'SHA-256', 32, s, DATA)).toBe(true);
      expect(verifyRSAPSS(key.publicKey, 'SHA-256', 32, toBytes(shifted, key.k), DATA)).toBe(false);
      const pkcs = key.sign(pkcs1Encoding('SHA-256', DATA, key.k));
      const pkcsShifted = toBigInt(pkcs) + key.n;
      if (pkcsShifted < 1n << BigInt(8 * key.k)) {
        expect(verifyRSAPKCS1v15(key.publicKey, 'SHA-256', toBytes(pkcsShifted, key.k), DATA)).toBe(false);
      }
    }
    expect(found).toBe(true);
  });
});

describe('EMSA-PKCS1-v1_5 (RFC 8017 §9.2): emLen ≥ tLen + 11', () => {
  // SHA-512: tLen = 19 + 64 = 83, so k = 94 is the smallest modulus (752 bits) with 8 octets of PS.
  const at = rawRSAKey(752);
  const below = rawRSAKey(744);

  it('k = tLen + 11 verifies (PS of exactly 8 × 0xff)', () => {
    expect(at.k).toBe(94);
    const em = pkcs1Encoding('SHA-512', DATA, at.k);
    expect(em.subarray(2, 10)).toEqual(new Uint8Array(8).fill(0xff));
    expect(em[10]).toBe(0);
    expect(verifyRSAPKCS1v15(at.publicKey, 'SHA-512', at.sign(em), DATA)).toBe(true);
  });

  it('k = tLen + 10 never verifies, even with a 7-octet PS', () => {
    expect(below.k).toBe(93);
    const em = pkcs1Encoding('SHA-512', DATA, below.k);
    expect(em.subarray(2, 9)).toEqual(new Uint8Array(7).fill(0xff));
    expect(verifyRSAPKCS1v15(below.publicKey, 'SHA-512', below.sign(em), DATA)).toBe(false);
  });

  it('a node:crypto signature agrees at the boundary', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 752 });
    const jwk = publicKey.export({ format: 'jwk' }) as JsonWebKey;
    const key = { n: Buffer.from(jwk.n as string, 'base64url'), e: Buffer.from(jwk.e as string, 'base64url') };
    const sig = new Uint8Array(sign('sha512', DATA, privateKey));
    expect(verifyRSAPKCS1v15(key, 'SHA-512', sig, DATA)).toBe(true);
  });
});

describe('EMSA-PSS-VERIFY (RFC 8017 §9.1.2)', () => {
  const hash: HashName = 'SHA-256';
  const key = key1024; // modBits = 1024: emBits = 1023, emLen = 128, one zero bit on top.

  function signParts(k: RawRSAKey, parts: ReturnType<typeof pssParts>, options?: Parameters<typeof pssAssemble>[2]) {
    return k.sign(pssAssemble(hash, parts, options));
  }

  it('the well-formed encoding verifies for several salts and salt lengths', () => {
    for (const sLen of [0, 20, 32, 64]) {
      const parts = pssParts(hash, DATA, salt(sLen, sLen), key.modBits);
      expect(verifyRSAPSS(key.publicKey, hash, sLen, signParts(key, parts), DATA)).toBe(true);
    }
  });

  it('emLen = hLen + sLen + 2 (an empty PS) verifies; one more salt octet does not', () => {
    const sLen = 128 - 32 - 2;
    const parts = pssParts(hash, DATA, salt(sLen, 9), key.modBits);
    expect(parts.db[0]).toBe(0x01);
    const sig = signParts(key, parts);
    expect(verifyRSAPSS(key.publicKey, hash, sLen, sig, DATA)).toBe(true);
    expect(verifyRSAPSS(key.publicKey, hash, sLen + 1, sig, DATA)).toBe(false);
    expect(verifyRSAPSS(key.publicKey, hash, sLen - 1, sig, DATA)).toBe(false);
  });

  it('a trailer other than 0xbc is rejected', () => {
    const parts = pssParts(hash, DATA, salt(32, 2), key.modBits);
    expect(verifyRSAPSS(key.publicKey, hash, 32, signParts(key, parts), DATA)).toBe(true);
    for (const trailer of [0xbd, 0xcc, 0x00]) {
      expect(verifyRSAPSS(key.publicKey, hash, 32, signParts(key, parts, { trailer }), DATA)).toBe(false);
    }
  });

  it('a non-zero octet in PS is rejected (first, middle and last PS octet)', () => {
    for (const at of [1, 30, 128 - 32 - 32 - 3]) {
      const parts = pssParts(hash, DATA, salt(32, 4), key.modBits);
      parts.db[at] = 0x01;
      expect(verifyRSAPSS(key.publicKey, hash, 32, signParts(key, parts), DATA)).toBe(false);
    }
  });

  it('the separator after PS must be 0x01', () => {
    const parts = pssParts(hash, DATA, salt(32, 5), key.modBits);
    const sep = parts.db.length - 32 - 1;
    for (const value of [0x00, 0x02, 0x81]) {
      parts.db[sep] = value;
      expect(verifyRSAPSS(key.publicKey, hash, 32, signParts(key, parts), DATA)).toBe(false);
    }
  });

  it('the leftmost 8·emLen − emBits bits of maskedDB must be zero', () => {
    // Set the top bit of EM (still below n) and keep the rest well formed.
    let checked = 0;
    for (let seed = 0; seed < 200 && checked < 2; seed++) {
      const parts = pssParts(hash, DATA, salt(32, seed), key.modBits);
      const em = pssAssemble(hash, parts);
      em[0] = (em[0] as number) | 0x80;
      if (toBigInt(em) >= key.n) continue;
      checked++;
      expect(verifyRSAPSS(key.publicKey, hash, 32, key.sign(em), DATA)).toBe(false);
      em[0] = (em[0] as number) & 0x7f;
      expect(verifyRSAPSS(key.publicKey, hash, 32, key.sign(em), DATA)).toBe(true);
    }
    expect(checked).toBe(2);
  });

  it('the top bits of the unmasked DB are cleared before PS is checked (mask with its top bit set)', () => {
    let checked = 0;
    for (let seed = 0; seed < 100 && checked < 3; seed++) {
      const parts = pssParts(hash, DATA, salt(32, seed), key.modBits);
      if (((mgf1Ref(hash, parts.h, 1)[0] as number) & 0x80) === 0) continue;
      checked++;
      expect(verifyRSAPSS(key.publicKey, hash, 32, signParts(key, parts), DATA)).toBe(true);
    }
    expect(checked).toBe(3);
  });

  it('a modulus of 8·k − 7 bits: emLen = k − 1, and an m ≥ 256^(k−1) is rejected', () => {
    const odd = rawRSAKey(1025);
    expect(odd.modBits).toBe(1025);
    expect(odd.k).toBe(129);
    const parts = pssParts(hash, DATA, salt(32, 7), odd.modBits);
    expect(parts.emLen).toBe(128);
    expect(verifyRSAPSS(odd.publicKey, hash, 32, signParts(odd, parts), DATA)).toBe(true);
    // m = 2^1024 + 5 does not fit in emLen = 128 octets.
    const m = (1n << 1024n) + 5n;
    expect(m < odd.n).toBe(true);
    const s = toBytes(modPowRef(m, odd.d, odd.n), odd.k);
    expect(verifyRSAPSS(odd.publicKey, hash, 32, s, DATA)).toBe(false);
    // 1028 bits: emBits = 1027, five zero bits on top (topMask 0xf8 on the first of 129 octets).
    const wide = rawRSAKey(1028);
    const wideParts = pssParts(hash, DATA, salt(32, 8), wide.modBits);
    expect(verifyRSAPSS(wide.publicKey, hash, 32, signParts(wide, wideParts), DATA)).toBe(true);
  });

  it('wrong data or a wrong salt length is rejected', () => {
    const parts = pssParts(hash, DATA, salt(32, 6), key.modBits);
    const sig = signParts(key, parts);
    expect(verifyRSAPSS(key.publicKey, hash, 32, sig, DATA.subarray(1))).toBe(false);
    expect(verifyRSAPSS(key.publicKey, hash, 31, sig, DATA)).toBe(false);
    expect(verifyRSAPSS(key.publicKey, hash, 33, sig, DATA)).toBe(false);
  });
});
