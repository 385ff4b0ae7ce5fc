/**
 * Storage-safe JSON forms of the records in `./types.ts`, so that any database can hold them
 * without guessing how to store bytes and dates: bytes become canonical base64url strings, dates
 * ISO 8601 strings. The `*FromJSON` functions validate every member strictly and throw
 * `TypeError` naming the first bad field, so a corrupted row never reaches verification.
 *
 * @module
 */
import { decodeBase64urlOrUndefined, encodeBase64url, isBase64url } from '../encoding/base64url.js';
import type { ChallengeRecord, CredentialRecord, RecoveryCodeRecord, UserVerificationRequirement } from './types.js';

/** JSON form of a {@link CredentialRecord} (version 1). */
export interface CredentialRecordJSON {
  v: 1;
  id: string;
  userHandle: string;
  /** base64url COSE_Key bytes. */
  publicKey: string;
  algorithm: number;
  counter: number;
  transports: string[];
  backupEligible: boolean;
  backedUp: boolean;
  uvInitialized: boolean;
  aaguid: string;
  attestationFormat: string;
  name: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601 or null. */
  lastUsedAt: string | null;
}

/** JSON form of a {@link ChallengeRecord} (version 1). */
export interface ChallengeRecordJSON {
  v: 1;
  ceremony: 'registration' | 'authentication';
  challenge: string;
  userHandle?: string;
  createdAt: string;
  expiresAt: string;
  userVerification: UserVerificationRequirement;
  allowCredentials?: string[];
  userName?: string;
}

/** JSON form of a {@link RecoveryCodeRecord} (version 1). */
export interface RecoveryCodeRecordJSON {
  v: 1;
  id: string;
  userHandle: string;
  hash: string;
  salt: string;
  params: { N: number; r: number; p: number };
  createdAt: string;
  usedAt: string | null;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const MAX_UINT32 = 0xffffffff;

function fail(what: string, field: string, expected: string): never {
  throw new TypeError(`${what}: invalid "${field}", expected ${expected}`);
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${what}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

function b64(o: Record<string, unknown>, field: string, what: string, maxLength = 2048): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length === 0 || v.length > maxLength || !isBase64url(v)) {
    fail(what, field, 'a non-empty canonical base64url string');
  }
  return v;
}

function str(o: Record<string, unknown>, field: string, what: string, maxLength = 1024): string {
  const v = o[field];
  if (typeof v !== 'string' || v.length > maxLength) fail(what, field, `a string of at most ${maxLength} characters`);
  return v;
}

function bool(o: Record<string, unknown>, field: string, what: string): boolean {
  const v = o[field];
  if (typeof v !== 'boolean') fail(what, field, 'a boolean');
  return v;
}

function int(o: Record<string, unknown>, field: string, what: string, min: number, max: number): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(what, field, `an integer in [${min}, ${max}]`);
  }
  return v;
}

function date(o: Record<string, unknown>, field: string, what: string): Date {
  const v = o[field];
  if (typeof v !== 'string' || !ISO_RE.test(v)) fail(what, field, 'an ISO 8601 date-time string');
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) fail(what, field, 'an ISO 8601 date-time string');
  return d;
}

function nullableDate(o: Record<string, unknown>, field: string, what: string): Date | null {
  return o[field] === null ? null : date(o, field, what);
}

function stringArray(o: Record<string, unknown>, field: string, what: string, b64url: boolean): string[] {
  const v = o[field];
  if (!Array.isArray(v) || v.length > 1000) fail(what, field, 'an array of strings');
  return v.map((item) => {
    if (typeof item !== 'string' || item.length === 0 || item.length > 2048 || (b64url && !isBase64url(item))) {
      fail(what, field, b64url ? 'an array of base64url strings' : 'an array of non-empty strings');
    }
    return item;
  });
}

function version(o: Record<string, unknown>, what: string): void {
  if (o.v !== 1) fail(what, 'v', '1');
}

function validDate(value: unknown, what: string, field: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) fail(what, field, 'a valid Date');
  return value.toISOString();
}

/**
 * Converts a credential record to its storage-safe JSON form (base64url bytes, ISO dates).
 *
 * @example
 * ```ts
 * await db.put(record.id, JSON.stringify(credentialRecordToJSON(record)));
 * ```
 */
export function credentialRecordToJSON(record: CredentialRecord): CredentialRecordJSON {
  const what = 'credentialRecordToJSON';
  if (!(record.publicKey instanceof Uint8Array)) fail(what, 'publicKey', 'a Uint8Array');
  const json: CredentialRecordJSON = {
    v: 1,
    id: record.id,
    userHandle: record.userHandle,
    publicKey: encodeBase64url(record.publicKey),
    algorithm: record.algorithm,
    counter: record.counter,
    transports: [...record.transports],
    backupEligible: record.backupEligible,
    backedUp: record.backedUp,
    uvInitialized: record.uvInitialized,
    aaguid: record.aaguid,
    attestationFormat: record.attestationFormat,
    name: record.name,
    createdAt: validDate(record.createdAt, what, 'createdAt'),
    lastUsedAt: record.lastUsedAt === null ? null : validDate(record.lastUsedAt, what, 'lastUsedAt'),
  };
  // Validate on the way out too, so an invalid record is never written.
  credentialRecordFromJSON(json);
  return json;
}

/**
 * Parses and strictly validates the JSON form of a credential record (an object, or a JSON string).
 * Throws `TypeError` naming the first invalid field.
 *
 * @example
 * ```ts
 * const record = credentialRecordFromJSON(await db.get(credentialId));
 * ```
 */
export function credentialRecordFromJSON(json: unknown): CredentialRecord {
  const what = 'credentialRecordFromJSON';
  const o = asObject(typeof json === 'string' ? JSON.parse(json) : json, what);
  version(o, what);
  const publicKey = decodeBase64urlOrUndefined(b64(o, 'publicKey', what, 8192));
  if (publicKey === undefined) fail(what, 'publicKey', 'base64url');
  const aaguid = str(o, 'aaguid', what, 36);
  if (!UUID_RE.test(aaguid)) fail(what, 'aaguid', 'a lower-case UUID string');
  const attestationFormat = str(o, 'attestationFormat', what, 32);
  if (attestationFormat.length === 0) fail(what, 'attestationFormat', 'a non-empty string');
  return {
    id: b64(o, 'id', what),
    userHandle: b64(o, 'userHandle', what, 86),
    publicKey,
    algorithm: int(o, 'algorithm', what, -(2 ** 31), 2 ** 31 - 1),
    counter: int(o, 'counter', what, 0, MAX_UINT32),
    transports: stringArray(o, 'transports', what, false),
    backupEligible: bool(o, 'backupEligible', what),
    backedUp: bool(o, 'backedUp', what),
    uvInitialized: bool(o, 'uvInitialized', what),
    aaguid,
    attestationFormat,
    name: str(o, 'name', what, 256),
    createdAt: date(o, 'createdAt', what),
    lastUsedAt: nullableDate(o, 'lastUsedAt', what),
  };
}

/**
 * Converts a challenge record to its storage-safe JSON form.
 *
 * @example
 * ```ts
 * const text = JSON.stringify(challengeRecordToJSON(record));
 * ```
 */
export function challengeRecordToJSON(record: ChallengeRecord): ChallengeRecordJSON {
  const what = 'challengeRecordToJSON';
  const json: ChallengeRecordJSON = {
    v: 1,
    ceremony: record.ceremony,
    challenge: record.challenge,
    createdAt: validDate(record.createdAt, what, 'createdAt'),
    expiresAt: validDate(record.expiresAt, what, 'expiresAt'),
    userVerification: record.userVerification,
  };
  if (record.userHandle !== undefined) json.userHandle = record.userHandle;
  if (record.allowCredentials !== undefined) json.allowCredentials = [...record.allowCredentials];
  if (record.userName !== undefined) json.userName = record.userName;
  challengeRecordFromJSON(json);
  return json;
}

/**
 * Parses and strictly validates the JSON form of a challenge record (an object, or a JSON string).
 *
 * @example
 * ```ts
 * const record = challengeRecordFromJSON(await redis.getDel(key));
 * ```
 */
export function challengeRecordFromJSON(json: unknown): ChallengeRecord {
  const what = 'challengeRecordFromJSON';
  const o = asObject(typeof json === 'string' ? JSON.parse(json) : json, what);
  version(o, what);
  if (o.ceremony !== 'registration' && o.ceremony !== 'authentication') {
    fail(what, 'ceremony', '"registration" or "authentication"');
  }
  const uv = o.userVerification;
  if (uv !== 'required' && uv !== 'preferred' && uv !== 'discouraged') {
    fail(what, 'userVerification', '"required", "preferred" or "discouraged"');
  }
  const record: ChallengeRecord = {
    ceremony: o.ceremony,
    challenge: b64(o, 'challenge', what, 1024),
    createdAt: date(o, 'createdAt', what),
    expiresAt: date(o, 'expiresAt', what),
    userVerification: uv,
  };
  if (o.userHandle !== undefined) record.userHandle = b64(o, 'userHandle', what, 86);
  if (o.allowCredentials !== undefined) record.allowCredentials = stringArray(o, 'allowCredentials', what, true);
  if (o.userName !== undefined) record.userName = str(o, 'userName', what, 256);
  return record;
}

/**
 * Converts a recovery-code record to its storage-safe JSON form.
 *
 * @example
 * ```ts
 * const text = JSON.stringify(recoveryCodeRecordToJSON(record));
 * ```
 */
export function recoveryCodeRecordToJSON(record: RecoveryCodeRecord): RecoveryCodeRecordJSON {
  const what = 'recoveryCodeRecordToJSON';
  const json: RecoveryCodeRecordJSON = {
    v: 1,
    id: record.id,
    userHandle: record.userHandle,
    hash: record.hash,
    salt: record.salt,
    params: { N: record.params.N, r: record.params.r, p: record.params.p },
    createdAt: validDate(record.createdAt, what, 'createdAt'),
    usedAt: record.usedAt === null ? null : validDate(record.usedAt, what, 'usedAt'),
  };
  recoveryCodeRecordFromJSON(json);
  return json;
}

/**
 * Parses and strictly validates the JSON form of a recovery-code record.
 *
 * @example
 * ```ts
 * const record = recoveryCodeRecordFromJSON(row.data);
 * ```
 */
export function recoveryCodeRecordFromJSON(json: unknown): RecoveryCodeRecord {
  const what = 'recoveryCodeRecordFromJSON';
  const o = asObject(typeof json === 'string' ? JSON.parse(json) : json, what);
  version(o, what);
  const params = asObject(o.params, `${what}: params`);
  const id = str(o, 'id', what, 16);
  if (!/^[0-9A-Z]{1,16}$/.test(id)) fail(what, 'id', 'an upper-case alphanumeric string');
  return {
    id,
    userHandle: b64(o, 'userHandle', what, 86),
    hash: b64(o, 'hash', what, 128),
    salt: b64(o, 'salt', what, 128),
    params: {
      N: int(params, 'N', what, 2, 2 ** 24),
      r: int(params, 'r', what, 1, 64),
      p: int(params, 'p', what, 1, 64),
    },
    createdAt: date(o, 'createdAt', what),
    usedAt: nullableDate(o, 'usedAt', what),
  };
}
