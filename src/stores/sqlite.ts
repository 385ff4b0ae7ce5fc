/**
 * Credential, recovery-code and (optionally) challenge stores on SQLite through the application's
 * own `better-sqlite3` `Database` (typed structurally). better-sqlite3 is synchronous; every
 * method here runs its statements synchronously (hence atomically with respect to this process)
 * and returns a promise. SQLite serialises writers, so compare-and-set and single-use consume
 * (`DELETE … RETURNING`, SQLite ≥ 3.35) also hold across processes sharing the file.
 *
 * Subpath: `@tessera/webauthn/stores/sqlite`.
 *
 * @module
 */
import { WebAuthnError } from '../errors.js';
import {
  challengeRecordFromJSON,
  challengeRecordToJSON,
  credentialRecordFromJSON,
  credentialRecordToJSON,
  recoveryCodeRecordFromJSON,
} from './codec.js';
import type {
  ChallengeRecord,
  ChallengeStore,
  Clock,
  CredentialAuthenticationUpdate,
  CredentialRecord,
  CredentialStore,
  RecoveryCodeRecord,
  RecoveryCodeStore,
} from './types.js';

/** A prepared statement of better-sqlite3. */
export interface SQLiteStatementLike {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/** The part of a better-sqlite3 `Database` these stores use. */
export interface SQLiteDatabaseLike {
  prepare(sql: string): SQLiteStatementLike;
  exec(sql: string): unknown;
}

/** Runs `fn` synchronously inside `BEGIN IMMEDIATE … COMMIT` (write lock taken up front). */
function inTransaction<T>(db: SQLiteDatabaseLike, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** Table names. */
export interface SQLiteTableOptions {
  /** Default `webauthn_credentials`. */
  credentialsTable?: string;
  /** Default `webauthn_challenges`. */
  challengesTable?: string;
  /** Default `webauthn_recovery_codes`. */
  recoveryCodesTable?: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new TypeError(`invalid table name "${name}": use [a-z_][a-z0-9_]*`);
  return name;
}

/**
 * The idempotent schema SQL for the SQLite tables.
 *
 * @example
 * ```ts
 * db.exec(sqliteMigrationSQL());
 * ```
 */
export function sqliteMigrationSQL(options: SQLiteTableOptions = {}): string {
  const creds = ident(options.credentialsTable ?? 'webauthn_credentials');
  const challenges = ident(options.challengesTable ?? 'webauthn_challenges');
  const codes = ident(options.recoveryCodesTable ?? 'webauthn_recovery_codes');
  return `CREATE TABLE IF NOT EXISTS ${creds} (
  id                 TEXT PRIMARY KEY NOT NULL,
  user_handle        TEXT NOT NULL,
  public_key         BLOB NOT NULL,
  algorithm          INTEGER NOT NULL,
  counter            INTEGER NOT NULL DEFAULT 0 CHECK (counter BETWEEN 0 AND 4294967295),
  transports         TEXT NOT NULL DEFAULT '[]',
  backup_eligible    INTEGER NOT NULL CHECK (backup_eligible IN (0, 1)),
  backed_up          INTEGER NOT NULL CHECK (backed_up IN (0, 1)),
  uv_initialized     INTEGER NOT NULL CHECK (uv_initialized IN (0, 1)),
  aaguid             TEXT NOT NULL,
  attestation_format TEXT NOT NULL,
  name               TEXT NOT NULL,
  created_at         INTEGER NOT NULL,
  last_used_at       INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS ${creds}_user_handle_idx ON ${creds} (user_handle, created_at);
CREATE TABLE IF NOT EXISTS ${challenges} (
  key        TEXT PRIMARY KEY NOT NULL,
  record     TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS ${challenges}_expires_idx ON ${challenges} (expires_at);
CREATE TABLE IF NOT EXISTS ${codes} (
  user_handle TEXT NOT NULL,
  id          TEXT NOT NULL,
  hash        TEXT NOT NULL,
  salt        TEXT NOT NULL,
  params      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  used_at     INTEGER,
  PRIMARY KEY (user_handle, id)
) STRICT;
`;
}

/** The schema SQL with the default table names. */
export const SQLITE_MIGRATION_SQL: string = sqliteMigrationSQL();

/**
 * Runs {@link sqliteMigrationSQL} on the database (idempotent).
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * const db = new Database('app.db');
 * migrateSQLite({ db });
 * ```
 */
export function migrateSQLite(options: SQLiteTableOptions & { db: SQLiteDatabaseLike }): void {
  options.db.exec(sqliteMigrationSQL(options));
}

/** Options of {@link createSQLiteCredentialStore}. */
export interface SQLiteCredentialStoreOptions {
  db: SQLiteDatabaseLike;
  /** Default `webauthn_credentials`. */
  table?: string;
}

interface CredentialRow {
  id: string;
  user_handle: string;
  public_key: Uint8Array;
  algorithm: number;
  counter: number | bigint;
  transports: string;
  backup_eligible: number;
  backed_up: number;
  uv_initialized: number;
  aaguid: string;
  attestation_format: string;
  name: string;
  created_at: number | bigint;
  last_used_at: number | bigint | null;
}

function rowToRecord(row: CredentialRow): CredentialRecord {
  if (!(row.public_key instanceof Uint8Array)) throw new TypeError('sqlite store: public_key is not a BLOB');
  const record: CredentialRecord = {
    id: row.id,
    userHandle: row.user_handle,
    publicKey: new Uint8Array(row.public_key), // Buffer → plain Uint8Array copy
    algorithm: Number(row.algorithm),
    counter: Number(row.counter),
    transports: JSON.parse(row.transports) as string[],
    backupEligible: row.backup_eligible === 1,
    backedUp: row.backed_up === 1,
    uvInitialized: row.uv_initialized === 1,
    aaguid: row.aaguid,
    attestationFormat: row.attestation_format,
    name: row.name,
    createdAt: new Date(Number(row.created_at)),
    lastUsedAt: row.last_used_at === null ? null : new Date(Number(row.last_used_at)),
  };
  return credentialRecordFromJSON(credentialRecordToJSON(record));
}

const COLUMNS =
  'id, user_handle, public_key, algorithm, counter, transports, backup_eligible, backed_up, uv_initialized, aaguid, attestation_format, name, created_at, last_used_at';

/**
 * Creates a credential store on a better-sqlite3 database. Run {@link migrateSQLite} first.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { createSQLiteCredentialStore, migrateSQLite } from '@tessera/webauthn/stores/sqlite';
 * const db = new Database('app.db');
 * migrateSQLite({ db });
 * const credentials = createSQLiteCredentialStore({ db });
 * ```
 */
export function createSQLiteCredentialStore(options: SQLiteCredentialStoreOptions): CredentialStore {
  const { db } = options;
  const t = ident(options.table ?? 'webauthn_credentials');
  const insert = db.prepare(
    `INSERT INTO ${t} (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  const selectOne = db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE id = ?`);
  const selectByUser = db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE user_handle = ? ORDER BY created_at, id`);
  const update = db.prepare(
    `UPDATE ${t} SET counter = ?, backed_up = ?, last_used_at = ? WHERE id = ? AND counter = ?`,
  );
  const remove = db.prepare(`DELETE FROM ${t} WHERE id = ?`);
  const rename = db.prepare(`UPDATE ${t} SET name = ? WHERE id = ?`);
  const countByUser = db.prepare(`SELECT count(*) AS n FROM ${t} WHERE user_handle = ?`);
  const owner = db.prepare(`SELECT user_handle FROM ${t} WHERE id = ?`);
  const deleteUnlessLast = (credentialId: string, userHandle: string): 'deleted' | 'last' | 'not-found' =>
    inTransaction(db, () => {
      const row = owner.get(credentialId) as { user_handle: string } | undefined;
      if (row === undefined || row.user_handle !== userHandle) return 'not-found';
      const { n } = countByUser.get(userHandle) as { n: number };
      if (Number(n) <= 1) return 'last';
      remove.run(credentialId);
      return 'deleted';
    });
  return {
    async create(record: CredentialRecord): Promise<void> {
      credentialRecordToJSON(record); // validates; throws TypeError on a malformed record
      const { changes } = insert.run(
        record.id,
        record.userHandle,
        record.publicKey,
        record.algorithm,
        record.counter,
        JSON.stringify(record.transports),
        record.backupEligible ? 1 : 0,
        record.backedUp ? 1 : 0,
        record.uvInitialized ? 1 : 0,
        record.aaguid,
        record.attestationFormat,
        record.name,
        record.createdAt.getTime(),
        record.lastUsedAt === null ? null : record.lastUsedAt.getTime(),
      );
      if (changes !== 1) {
        throw new WebAuthnError('ERR_CREDENTIAL_EXISTS', 'a credential with this id is already registered');
      }
    },
    async get(credentialId: string): Promise<CredentialRecord | undefined> {
      const row = selectOne.get(credentialId) as CredentialRow | undefined;
      return row === undefined ? undefined : rowToRecord(row);
    },
    async listByUser(userHandle: string): Promise<CredentialRecord[]> {
      return (selectByUser.all(userHandle) as CredentialRow[]).map(rowToRecord);
    },
    async updateAfterAuthentication(
      id: string,
      expected: { counter: number },
      next: CredentialAuthenticationUpdate,
    ): Promise<boolean> {
      return (
        update.run(next.counter, next.backedUp ? 1 : 0, next.lastUsedAt.getTime(), id, expected.counter).changes === 1
      );
    },
    async delete(credentialId: string): Promise<void> {
      remove.run(credentialId);
    },
    async updateName(credentialId: string, name: string): Promise<boolean> {
      return rename.run(name, credentialId).changes === 1;
    },
    async deleteUnlessLast(credentialId: string, userHandle: string): Promise<'deleted' | 'last' | 'not-found'> {
      return deleteUnlessLast(credentialId, userHandle);
    },
  };
}

/** Options of {@link createSQLiteChallengeStore}. */
export interface SQLiteChallengeStoreOptions {
  db: SQLiteDatabaseLike;
  /** Default `webauthn_challenges`. */
  table?: string;
  /** Time source for TTLs; default `() => new Date()`. */
  clock?: Clock;
}

/**
 * Creates a challenge store on a better-sqlite3 database (single use via `DELETE … RETURNING`).
 *
 * @example
 * ```ts
 * const challenges = createSQLiteChallengeStore({ db });
 * ```
 */
export function createSQLiteChallengeStore(options: SQLiteChallengeStoreOptions): ChallengeStore {
  const { db } = options;
  const clock = options.clock ?? ((): Date => new Date());
  const t = ident(options.table ?? 'webauthn_challenges');
  const insert = db.prepare(
    `INSERT INTO ${t} (key, record, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET record = excluded.record, expires_at = excluded.expires_at
     WHERE ${t}.expires_at <= ?`,
  );
  const take = db.prepare(`DELETE FROM ${t} WHERE key = ? RETURNING record, expires_at`);
  const sweep = db.prepare(`DELETE FROM ${t} WHERE expires_at <= ?`);
  let puts = 0;
  return {
    async put(key: string, record: ChallengeRecord, ttlMs: number): Promise<void> {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError('ttlMs must be a positive number');
      const now = clock().getTime();
      if (++puts % 256 === 0) sweep.run(now);
      const value = JSON.stringify(challengeRecordToJSON(record));
      const { changes } = insert.run(key, value, now + Math.ceil(ttlMs), now);
      if (changes !== 1)
        throw new WebAuthnError('ERR_STORE_CONFLICT', 'a live challenge already exists under this key');
    },
    async consume(key: string): Promise<ChallengeRecord | undefined> {
      const row = take.get(key) as { record: string; expires_at: number | bigint } | undefined;
      if (row === undefined || Number(row.expires_at) <= clock().getTime()) return undefined;
      return challengeRecordFromJSON(row.record);
    },
  };
}

/** Options of {@link createSQLiteRecoveryCodeStore}. */
export interface SQLiteRecoveryCodeStoreOptions {
  db: SQLiteDatabaseLike;
  /** Default `webauthn_recovery_codes`. */
  table?: string;
}

/**
 * Creates a recovery-code store on a better-sqlite3 database.
 *
 * @example
 * ```ts
 * const recoveryCodes = createSQLiteRecoveryCodeStore({ db });
 * ```
 */
export function createSQLiteRecoveryCodeStore(options: SQLiteRecoveryCodeStoreOptions): RecoveryCodeStore {
  const { db } = options;
  const t = ident(options.table ?? 'webauthn_recovery_codes');
  const removeAll = db.prepare(`DELETE FROM ${t} WHERE user_handle = ?`);
  const insert = db.prepare(
    `INSERT INTO ${t} (user_handle, id, hash, salt, params, created_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare(
    `SELECT user_handle, id, hash, salt, params, created_at, used_at FROM ${t} WHERE user_handle = ? ORDER BY id`,
  );
  const use = db.prepare(`UPDATE ${t} SET used_at = ? WHERE user_handle = ? AND id = ? AND used_at IS NULL`);
  const replace = (userHandle: string, records: RecoveryCodeRecord[]): void =>
    inTransaction(db, () => {
      removeAll.run(userHandle);
      for (const r of records) {
        insert.run(
          userHandle,
          r.id,
          r.hash,
          r.salt,
          JSON.stringify(r.params),
          r.createdAt.getTime(),
          r.usedAt === null ? null : r.usedAt.getTime(),
        );
      }
    });
  return {
    async replaceAll(userHandle: string, records: RecoveryCodeRecord[]): Promise<void> {
      if (records.some((r) => r.userHandle !== userHandle)) throw new TypeError('records must belong to userHandle');
      replace(userHandle, records);
    },
    async listByUser(userHandle: string): Promise<RecoveryCodeRecord[]> {
      const rows = select.all(userHandle) as {
        user_handle: string;
        id: string;
        hash: string;
        salt: string;
        params: string;
        created_at: number | bigint;
        used_at: number | bigint | null;
      }[];
      return rows.map((row) =>
        recoveryCodeRecordFromJSON({
          v: 1,
          id: row.id,
          userHandle: row.user_handle,
          hash: row.hash,
          salt: row.salt,
          params: JSON.parse(row.params),
          createdAt: new Date(Number(row.created_at)).toISOString(),
          usedAt: row.used_at === null ? null : new Date(Number(row.used_at)).toISOString(),
        }),
      );
    },
    async markUsed(userHandle: string, id: string, usedAt: Date): Promise<boolean> {
      return use.run(usedAt.getTime(), userHandle, id).changes === 1;
    },
  };
}
