/**
 * Argument checks shared by the option generators. Every failure here is a programmer error, so
 * it throws `TypeError` (wrong type or shape) or `RangeError` (right type, unacceptable value),
 * never a `WebAuthnError`.
 *
 * @module
 */
import { decodeBase64urlOrUndefined, encodeBase64url } from '../encoding/base64url.js';
import type {
  AuthenticatorTransport,
  BinaryInput,
  PublicKeyCredentialDescriptorJSON,
  PublicKeyCredentialHint,
  RandomSource,
  UserVerificationRequirement,
} from './types.js';

/** Spec minimum for challenges (§13.4.3: at least 16 bytes). */
export const MIN_CHALLENGE_BYTES = 16;
/** Upper bound for challenges: far above any real use, stops accidental megabyte payloads. */
export const MAX_CHALLENGE_BYTES = 1024;
/** Default challenge size. */
export const DEFAULT_CHALLENGE_BYTES = 32;
/** Default user handle size (§5.4.3 allows 1–64). */
export const DEFAULT_USER_ID_BYTES = 32;
/** Default ceremony timeout: 5 minutes (§5.4 recommends 300000–600000 ms with user verification). */
export const DEFAULT_TIMEOUT_MS = 300_000;
/** Credential IDs are at most 1023 bytes (§4 "Credential ID"). */
export const MAX_CREDENTIAL_ID_BYTES = 1023;

const UINT32_MAX = 0xffff_ffff;

/** A plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Throws when `value` is not a plain object. */
export function assertRecord(value: unknown, name: string): asserts value is Record<string, unknown> {
  if (!isRecord(value)) throw new TypeError(`${name} must be an object`);
}

/** `value` as a record, `{}` when undefined; throws when it is something else. */
export function recordOrEmpty(value: unknown, name: string): Record<string, unknown> {
  if (value === undefined) return {};
  assertRecord(value, name);
  return value;
}

/** Throws when `record` has a key outside `allowed` (catches typos such as `userVerfication`). */
export function assertKnownKeys(record: Record<string, unknown>, allowed: readonly string[], name: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`${name} has an unknown member "${key}" (expected one of: ${allowed.join(', ')})`);
    }
  }
}

/** A non-empty string without leading/trailing whitespace issues being our concern. */
export function assertNonEmptyString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  if (value.length === 0) throw new RangeError(`${name} must not be empty`);
}

/** Throws when `value` is not one of `allowed`. */
export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): asserts value is T {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  if (!(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${value}'`);
  }
}

/** Throws unless `value` is a boolean. */
export function assertBoolean(value: unknown, name: string): asserts value is boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${name} must be a boolean`);
}

/**
 * Validates an RP ID (§5.1.2: a valid domain string, no scheme, port, path or IP address).
 * Lower-case ASCII only: internationalised names must be given as A-labels (`xn--…`).
 */
export function assertRPID(value: unknown, name = 'rpID'): asserts value is string {
  assertNonEmptyString(value, name);
  if (value.includes('://') || value.includes('/')) {
    throw new RangeError(`${name} must be a bare domain such as "example.com", without scheme or path`);
  }
  if (value.includes(':')) throw new RangeError(`${name} must not contain a port or be an IPv6 address`);
  if (value !== value.trim() || /\s/.test(value)) throw new RangeError(`${name} must not contain whitespace`);
  if (value.length > 253) throw new RangeError(`${name} is longer than 253 characters`);
  if (value !== value.toLowerCase()) throw new RangeError(`${name} must be lower case`);
  if (value.endsWith('.')) throw new RangeError(`${name} must not end with a dot`);
  const labels = value.split('.');
  for (const label of labels) {
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) {
      throw new RangeError(
        `${name} "${value}" is not a valid domain (labels are 1–63 of a-z, 0-9, '-'; use the A-label for IDNs)`,
      );
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] as string)) {
    throw new RangeError(`${name} must be a domain, not an IP address`);
  }
}

/** Decodes a {@link BinaryInput} into bytes; base64url strings must be canonical and unpadded. */
export function toBytesInput(value: unknown, name: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') {
    const bytes = decodeBase64urlOrUndefined(value);
    if (bytes === undefined) throw new TypeError(`${name} must be canonical unpadded base64url`);
    return bytes;
  }
  throw new TypeError(`${name} must be a Uint8Array or a base64url string`);
}

/** {@link toBytesInput} with a length check. */
export function toBytesInRange(value: unknown, name: string, min: number, max: number): Uint8Array {
  const bytes = toBytesInput(value, name);
  if (bytes.length < min || bytes.length > max) {
    throw new RangeError(`${name} must be ${min}–${max} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** The default random source: Web Crypto's CSPRNG (no global state). */
export function defaultRandom(length: number): Uint8Array {
  const out = new Uint8Array(length);
  // getRandomValues is limited to 65536 bytes per call; we never ask for more than 1024.
  globalThis.crypto.getRandomValues(out);
  return out;
}

/** Draws `length` bytes from `random`, checking that it returned what it promised. */
export function drawRandom(random: RandomSource | undefined, length: number): Uint8Array {
  if (random !== undefined && typeof random !== 'function') throw new TypeError('random must be a function');
  const out = (random ?? defaultRandom)(length);
  if (!(out instanceof Uint8Array) || out.length !== length) {
    throw new TypeError(`random(${length}) must return a Uint8Array of exactly ${length} bytes`);
  }
  return out;
}

/** The challenge as base64url: the caller's (validated) or `DEFAULT_CHALLENGE_BYTES` fresh random bytes. */
export function resolveChallenge(challenge: unknown, random: RandomSource | undefined): string {
  if (challenge === undefined) return encodeBase64url(drawRandom(random, DEFAULT_CHALLENGE_BYTES));
  return encodeBase64url(toBytesInRange(challenge, 'challenge', MIN_CHALLENGE_BYTES, MAX_CHALLENGE_BYTES));
}

/** Validates a timeout in milliseconds (a positive `unsigned long`). */
export function resolveTimeout(timeout: unknown): number {
  if (timeout === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof timeout !== 'number') throw new TypeError('timeout must be a number of milliseconds');
  if (!Number.isInteger(timeout) || timeout <= 0 || timeout > UINT32_MAX) {
    throw new RangeError('timeout must be a positive integer number of milliseconds (≤ 4294967295)');
  }
  return timeout;
}

const USER_VERIFICATION: readonly UserVerificationRequirement[] = ['required', 'preferred', 'discouraged'];

/** Validates a user verification requirement. */
export function resolveUserVerification(value: unknown, name: string): UserVerificationRequirement {
  if (value === undefined) return 'required';
  assertOneOf(value, USER_VERIFICATION, name);
  return value;
}

const HINTS: readonly PublicKeyCredentialHint[] = ['security-key', 'client-device', 'hybrid'];

/** Validates hints (§5.8.7): known values, no duplicates, order kept. */
export function resolveHints(value: unknown): PublicKeyCredentialHint[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new TypeError('hints must be an array');
  const seen = new Set<string>();
  for (const [i, hint] of value.entries()) {
    assertOneOf(hint, HINTS, `hints[${i}]`);
    if (seen.has(hint)) throw new RangeError(`hints contains '${hint}' twice`);
    seen.add(hint);
  }
  return value.length === 0 ? undefined : [...(value as PublicKeyCredentialHint[])];
}

/** A credential to exclude (registration) or allow (authentication). */
export interface CredentialDescriptorInput {
  /** The credential ID: bytes or base64url (as stored). */
  id: BinaryInput;
  /** Transports recorded at registration; they help the client route the request. */
  transports?: readonly AuthenticatorTransport[];
}

/** Converts credential descriptors to JSON; ids must be 1–1023 bytes and unique. */
export function resolveDescriptors(value: unknown, name: string): PublicKeyCredentialDescriptorJSON[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new TypeError(`${name} must be an array`);
  const seen = new Set<string>();
  return value.map((entry: unknown, i): PublicKeyCredentialDescriptorJSON => {
    const where = `${name}[${i}]`;
    assertRecord(entry, where);
    assertKnownKeys(entry, ['id', 'transports', 'type'], where);
    if (entry.type !== undefined && entry.type !== 'public-key') {
      throw new RangeError(`${where}.type must be 'public-key'`);
    }
    const id = encodeBase64url(toBytesInRange(entry.id, `${where}.id`, 1, MAX_CREDENTIAL_ID_BYTES));
    if (seen.has(id)) throw new RangeError(`${name} lists credential ${id} twice`);
    seen.add(id);
    const out: PublicKeyCredentialDescriptorJSON = { type: 'public-key', id };
    if (entry.transports !== undefined) {
      if (!Array.isArray(entry.transports)) throw new TypeError(`${where}.transports must be an array`);
      const transports: string[] = [];
      for (const [j, t] of entry.transports.entries()) {
        assertNonEmptyString(t, `${where}.transports[${j}]`);
        if (!transports.includes(t)) transports.push(t);
      }
      if (transports.length > 0) out.transports = transports;
    }
    return out;
  });
}

/** Validates an AppID (FIDO U2F facet URL): an absolute `https:` URL. */
export function assertAppID(value: unknown, name: string): asserts value is string {
  assertNonEmptyString(value, name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`${name} must be an absolute https: URL`);
  }
  if (url.protocol !== 'https:') throw new RangeError(`${name} must be an https: URL`);
}
