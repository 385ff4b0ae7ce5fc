/**
 * One-time recovery codes: the way back in for a user who lost every passkey.
 *
 * A code looks like `K7P2-9XQM-4HRT-VW3B` (Crockford base32, 80 bits). The first group is a public
 * lookup id; the remaining 60 bits are the secret, of which only `scrypt(secret, salt)` is stored
 * (per-code random salt, `@noble/hashes` scrypt). Redeeming hashes once, compares in constant
 * time, and marks the code used with a compare-and-set, so each code works exactly once.
 * Rate-limit redemption attempts in the application like any other login form.
 *
 * @module
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { decodeBase64urlOrUndefined, encodeBase64url } from '../encoding/base64url.js';
import { timingSafeEqual, utf8Encode } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import type { RecoveryCodeRecord, RecoveryCodeStore } from '../stores/types.js';

/** scrypt cost parameters. */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Default scrypt cost: N = 2^15, r = 8, p = 1 (≈ 32 MiB, tens of milliseconds). */
export const DEFAULT_RECOVERY_CODE_SCRYPT: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

/** Returns `length` random bytes. */
export type RandomBytes = (length: number) => Uint8Array;

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32
const GROUPS = 4;
const GROUP_LENGTH = 4;
const HASH_LENGTH = 32;
const MAX_CODES = 32;

function defaultRandom(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

function randomChars(random: RandomBytes, count: number): string {
  // 5 bits per character from one random byte each (the top 3 bits are discarded: no bias).
  const bytes = random(count);
  if (!(bytes instanceof Uint8Array) || bytes.length !== count)
    throw new TypeError('random must return the requested length');
  let s = '';
  for (const b of bytes) s += ALPHABET[b & 31];
  return s;
}

/** Upper-cases, drops spaces and dashes, and maps the Crockford look-alikes (O→0, I/L→1). */
function normalize(code: string): string | undefined {
  if (typeof code !== 'string' || code.length > 64) return undefined;
  const s = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== GROUPS * GROUP_LENGTH) return undefined;
  for (const ch of s) if (!ALPHABET.includes(ch)) return undefined;
  return s;
}

async function hashSecret(secret: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> {
  return scryptAsync(utf8Encode(secret), salt, { N: params.N, r: params.r, p: params.p, dkLen: HASH_LENGTH });
}

/** Options of {@link generateRecoveryCodes}. */
export interface GenerateRecoveryCodesOptions {
  store: RecoveryCodeStore;
  userHandle: string;
  /** How many codes (1–32); default 10. */
  count?: number;
  random?: RandomBytes;
  now?: Date;
  scrypt?: ScryptParams;
}

/**
 * Issues a fresh set of recovery codes, replacing any previous set. Show the returned codes to
 * the user once; only their hashes are stored.
 *
 * @example
 * ```ts
 * const { codes } = await generateRecoveryCodes({ store, userHandle });
 * // render codes once, e.g. ['K7P2-9XQM-4HRT-VW3B', …]
 * ```
 */
export async function generateRecoveryCodes(options: GenerateRecoveryCodesOptions): Promise<{ codes: string[] }> {
  const count = options.count ?? 10;
  if (!Number.isInteger(count) || count < 1 || count > MAX_CODES) throw new RangeError(`count must be 1–${MAX_CODES}`);
  const random = options.random ?? defaultRandom;
  const params = options.scrypt ?? DEFAULT_RECOVERY_CODE_SCRYPT;
  const createdAt = options.now ?? new Date();
  const codes: string[] = [];
  const records: RecoveryCodeRecord[] = [];
  const ids = new Set<string>();
  while (codes.length < count) {
    const raw = randomChars(random, GROUPS * GROUP_LENGTH);
    const id = raw.slice(0, GROUP_LENGTH);
    if (ids.has(id)) continue; // ids are unique per user
    ids.add(id);
    const salt = random(16);
    const hash = await hashSecret(raw.slice(GROUP_LENGTH), salt, params);
    records.push({
      id,
      userHandle: options.userHandle,
      hash: encodeBase64url(hash),
      salt: encodeBase64url(salt),
      params: { N: params.N, r: params.r, p: params.p },
      createdAt,
      usedAt: null,
    });
    const groups: string[] = [];
    for (let i = 0; i < GROUPS; i++) groups.push(raw.slice(i * GROUP_LENGTH, (i + 1) * GROUP_LENGTH));
    codes.push(groups.join('-'));
  }
  await options.store.replaceAll(options.userHandle, records);
  return { codes };
}

/** Options of {@link redeemRecoveryCode}. */
export interface RedeemRecoveryCodeOptions {
  store: RecoveryCodeStore;
  userHandle: string;
  /** The code as typed (case, spaces and dashes do not matter). */
  code: string;
  now?: Date;
  /** Parameters for the dummy hash computed when no code matches (keeps timing uniform). */
  scrypt?: ScryptParams;
}

/**
 * Redeems one recovery code: single use, constant-time comparison. Any failure (malformed,
 * unknown, already used, wrong) throws `WebAuthnError('ERR_RECOVERY_CODE_INVALID')`.
 *
 * @example
 * ```ts
 * const { remaining } = await redeemRecoveryCode({ store, userHandle, code: form.code });
 * // the user is signed in: let them register a new passkey now
 * ```
 */
export async function redeemRecoveryCode(options: RedeemRecoveryCodeOptions): Promise<{ remaining: number }> {
  const invalid = (): WebAuthnError => new WebAuthnError('ERR_RECOVERY_CODE_INVALID', 'the recovery code is not valid');
  const normalized = normalize(options.code);
  const records = await options.store.listByUser(options.userHandle);
  const id = normalized?.slice(0, GROUP_LENGTH);
  const record = id === undefined ? undefined : records.find((r) => r.id === id && r.usedAt === null);
  const salt = record === undefined ? undefined : decodeBase64urlOrUndefined(record.salt);
  const expected = record === undefined ? undefined : decodeBase64urlOrUndefined(record.hash);
  const params = record?.params ?? options.scrypt ?? DEFAULT_RECOVERY_CODE_SCRYPT;
  // Always hash once, so a wrong id costs the same time as a wrong secret.
  const actual = await hashSecret(normalized?.slice(GROUP_LENGTH) ?? '', salt ?? new Uint8Array(16), params);
  const matches = timingSafeEqual(actual, expected ?? new Uint8Array(HASH_LENGTH));
  if (record === undefined || salt === undefined || expected === undefined || !matches) throw invalid();
  const used = await options.store.markUsed(options.userHandle, record.id, options.now ?? new Date());
  if (!used) throw invalid(); // a concurrent redemption won
  return { remaining: records.filter((r) => r.usedAt === null).length - 1 };
}
