/**
 * Test-only textbook RSA: signs an arbitrary encoded message EM (s = EM^d mod n) with a key that
 * node:crypto generated, so that tests can build well-formed and deliberately malformed
 * EMSA-PKCS1-v1_5 / EMSA-PSS encodings byte by byte.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import type { HashName, PublicKey } from '../../src/crypto/types.js';
import { decodeBase64url } from '../../src/encoding/base64url.js';

export interface RawRSAKey {
  publicKey: Extract<PublicKey, { kty: 'RSA' }>;
  n: bigint;
  d: bigint;
  /** Modulus length in bytes. */
  k: number;
  /** Modulus length in bits. */
  modBits: number;
  /** s = em^d mod n as exactly k bytes (em is read as a big-endian integer). */
  sign(em: Uint8Array): Uint8Array;
}

export function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

export function toBytes(value: bigint, size: number): Uint8Array {
  const hex = value.toString(16).padStart(size * 2, '0');
  if (hex.length !== size * 2) throw new RangeError('value does not fit');
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function modPowRef(base: bigint, exp: bigint, mod: bigint): bigint {
  let r = 1n;
  let b = base % mod;
  for (let e = exp; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
  }
  return r;
}

export function rawRSAKey(bits: number, publicExponent = 65537): RawRSAKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits, publicExponent });
  const jwk = privateKey.export({ format: 'jwk' }) as JsonWebKey;
  const nBytes = decodeBase64url(jwk.n as string);
  const n = toBigInt(nBytes);
  const d = toBigInt(decodeBase64url(jwk.d as string));
  const k = nBytes.length;
  return {
    publicKey: { kty: 'RSA', n: nBytes, e: decodeBase64url(jwk.e as string) },
    n,
    d,
    k,
    modBits: n.toString(2).length,
    sign: (em) => toBytes(modPowRef(toBigInt(em), d, n), k),
  };
}

const NODE_HASH: Record<HashName, string> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export function hashOf(hash: HashName, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(NODE_HASH[hash]).update(data).digest());
}

/** RFC 8017 §9.2 DigestInfo prefixes (DER of AlgorithmIdentifier + OCTET STRING header). */
export const DIGEST_INFO: Record<HashName, string> = {
  'SHA-1': '3021300906052b0e03021a05000414',
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2) of `data` into `k` bytes; `psLength` overrides the 0xff run. */
export function pkcs1Encoding(hash: HashName, data: Uint8Array, k: number): Uint8Array {
  const t = new Uint8Array([...Buffer.from(DIGEST_INFO[hash], 'hex'), ...hashOf(hash, data)]);
  const em = new Uint8Array(k);
  em[1] = 0x01;
  em.fill(0xff, 2, k - t.length - 1);
  em.set(t, k - t.length);
  return em;
}

/** MGF1 (RFC 8017 §B.2.1), reference implementation on node:crypto. */
export function mgf1Ref(hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const out: number[] = [];
  for (let counter = 0; out.length < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    out.push(...hashOf(hash, new Uint8Array([...seed, ...c])));
  }
  return new Uint8Array(out.slice(0, length));
}

export interface PSSParts {
  /** DB before masking: PS ‖ 0x01 ‖ salt (editable). */
  db: Uint8Array;
  /** H = Hash(0x00×8 ‖ mHash ‖ salt). */
  h: Uint8Array;
  emLen: number;
  emBits: number;
}

/** The pieces of EMSA-PSS-ENCODE (RFC 8017 §9.1.1) for `data`, before masking. */
export function pssParts(hash: HashName, data: Uint8Array, salt: Uint8Array, modBits: number): PSSParts {
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const mHash = hashOf(hash, data);
  const h = hashOf(hash, new Uint8Array([...new Uint8Array(8), ...mHash, ...salt]));
  const dbLen = emLen - h.length - 1;
  const db = new Uint8Array(dbLen);
  db[dbLen - salt.length - 1] = 0x01;
  db.set(salt, dbLen - salt.length);
  return { db, h, emLen, emBits };
}

/** Masks DB and assembles EM = maskedDB ‖ H ‖ trailer, clearing the top 8·emLen − emBits bits. */
export function pssAssemble(
  hash: HashName,
  parts: PSSParts,
  options: { trailer?: number; keepTopBits?: boolean } = {},
): Uint8Array {
  const { db, h, emLen, emBits } = parts;
  const mask = mgf1Ref(hash, h, db.length);
  const masked = db.map((b, i) => b ^ (mask[i] as number));
  if (options.keepTopBits !== true) masked[0] = (masked[0] as number) & (0xff >> (8 * emLen - emBits));
  const em = new Uint8Array(emLen);
  em.set(masked, 0);
  em.set(h, db.length);
  em[emLen - 1] = options.trailer ?? 0xbc;
  return em;
}
