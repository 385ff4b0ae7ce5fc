/**
 * Credential and recovery-code stores on PostgreSQL through the application's own `pg` pool
 * (typed structurally: anything with `query(text, values)` returning `{ rows, rowCount }`).
 *
 * Schema: {@link postgresMigrationSQL} (also shipped in docs/stores.md). The credential id is the
 * primary key; the public key is `bytea`; the counter is a `bigint` (signCount is an unsigned
 * 32-bit value, which does not fit `integer`) and comes back from `pg` as a string, converted and
 * range-checked here. Counter updates are compare-and-set:
 * `UPDATE … WHERE id = $1 AND counter = $2`.
 *
 * Subpath: `@tessera/webauthn/stores/postgres`.
 *
 * @module
 */
import { fromHex } from '../encoding/bytes.js';
import { WebAuthnError } from '../errors.js';
import { credentialRecordFromJSON, credentialRecordToJSON, recoveryCodeRecordFromJSON } from './codec.js';
import type {
  CredentialAuthenticationUpdate,
  CredentialRecord,
  CredentialStore,
  RecoveryCodeRecord,
  RecoveryCodeStore,
} from './types.js';

/** Result shape of `pg`'s `query`. */
export interface PostgresQueryResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

/** A client checked out of a pool (used for transactions). */
export interface PostgresPoolClientLike {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  release(error?: unknown): void;
}

/** The part of a `pg` `Pool` these stores use. `connect` is needed for `deleteUnlessLast` and recovery codes. */
export interface PostgresPoolLike {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>;
  connect?(): Promise<PostgresPoolClientLike>;
}

/** Table names (optionally schema-qualified, e.g. `auth.webauthn_credentials`). */
export interface PostgresTableOptions {
  /** Default `webauthn_credentials`. */
  credentialsTable?: string;
  /** Default `webauthn_recovery_codes`. */
  recoveryCodesTable?: string;
}

/** Options of {@link createPostgresCredentialStore}. */
export interface PostgresCredentialStoreOptions {
  pool: PostgresPoolLike;
  /** Default `webauthn_credentials`. */
  table?: string;
}

/** Options of {@link createPostgresRecoveryCodeStore}. */
export interface PostgresRecoveryCodeStoreOptions {
  pool: PostgresPoolLike;
  /** Default `webauthn_recovery_codes`. */
  table?: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}(\.[a-z_][a-z0-9_]{0,62})?$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new TypeError(`invalid table name "${name}": use [a-z_][a-z0-9_]* (optionally schema.)`);
  return name;
}

function indexName(table: string, suffix: string): string {
  return `${table.replace('.', '_')}_${suffix}`.slice(0, 63);
}

/**
 * The idempotent schema / migration SQL (`CREATE TABLE IF NOT EXISTS …`) for the credential and
 * recovery-code tables.
 *
 * @example
 * ```ts
 * await pool.query(postgresMigrationSQL());
 * ```
 */
export function postgresMigrationSQL(options: PostgresTableOptions = {}): string {
  const creds = ident(options.credentialsTable ?? 'webauthn_credentials');
  const codes = ident(options.recoveryCodesTable ?? 'webauthn_recovery_codes');
  return `CREATE TABLE IF NOT EXISTS ${creds} (
  id                 text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]+$'),
  user_handle        text NOT NULL CHECK (user_handle ~ '^[A-Za-z0-9_-]+$'),
  public_key         bytea NOT NULL,
  algorithm          integer NOT NULL,
  counter            bigint NOT NULL DEFAULT 0 CHECK (counter BETWEEN 0 AND 4294967295),
  transports         text[] NOT NULL DEFAULT '{}',
  backup_eligible    boolean NOT NULL,
  backed_up          boolean NOT NULL,
  uv_initialized     boolean NOT NULL,
  aaguid             uuid NOT NULL,
  attestation_format text NOT NULL,
  name               text NOT NULL,
  created_at         timestamptz NOT NULL,
  last_used_at       timestamptz
);
CREATE INDEX IF NOT EXISTS ${indexName(creds, 'user_handle_idx')} ON ${creds} (user_handle, created_at);
CREATE TABLE IF NOT EXISTS ${codes} (
  user_handle text NOT NULL,
  id          text NOT NULL,
  hash        text NOT NULL,
  salt        text NOT NULL,
  params      jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  used_at     timestamptz,
  PRIMARY KEY (user_handle, id)
);
`;
}

/** The migration SQL with the default table names. */
export const POSTGRES_MIGRATION_SQL: string = postgresMigrationSQL();

/**
 * Runs {@link postgresMigrationSQL} on the pool (idempotent).
 *
 * @example
 * ```ts
 * await migratePostgres({ pool });
 * ```
 */
export async function migratePostgres(options: PostgresTableOptions & { pool: PostgresPoolLike }): Promise<void> {
  await options.pool.query(postgresMigrationSQL(options));
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value); // Buffer → plain Uint8Array copy
  if (typeof value === 'string' && value.startsWith('\\x')) return fromHex(value.slice(2));
  throw new TypeError('postgres store: expected bytea');
}

function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  throw new TypeError('postgres store: expected a timestamp');
}

function toNumber(value: unknown): number {
  // bigint columns arrive as strings from pg
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new TypeError('postgres store: expected an integer');
  return n;
}

function rowToRecord(row: Record<string, unknown>): CredentialRecord {
  const record: CredentialRecord = {
    id: row.id as string,
    userHandle: row.user_handle as string,
    publicKey: toBytes(row.public_key),
    algorithm: toNumber(row.algorithm),
    counter: toNumber(row.counter),
    transports: row.transports as string[],
    backupEligible: row.backup_eligible as boolean,
    backedUp: row.backed_up as boolean,
    uvInitialized: row.uv_initialized as boolean,
    aaguid: String(row.aaguid).toLowerCase(),
    attestationFormat: row.attestation_format as string,
    name: row.name as string,
    createdAt: toDate(row.created_at),
    lastUsedAt: row.last_used_at === null || row.last_used_at === undefined ? null : toDate(row.last_used_at),
  };
  // Strict validation on the way back in (a corrupted row never reaches verification).
  return credentialRecordFromJSON(credentialRecordToJSON(record));
}

const COLUMNS =
  'id, user_handle, public_key, algorithm, counter, transports, backup_eligible, backed_up, uv_initialized, aaguid, attestation_format, name, created_at, last_used_at';

/**
 * Creates a credential store on a `pg` pool. Run {@link migratePostgres} (or the SQL) first.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresCredentialStore, migratePostgres } from '@tessera/webauthn/stores/postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migratePostgres({ pool });
 * const credentials = createPostgresCredentialStore({ pool });
 * ```
 */
export function createPostgresCredentialStore(options: PostgresCredentialStoreOptions): CredentialStore {
  const { pool } = options;
  const t = ident(options.table ?? 'webauthn_credentials');
  return {
    async create(record: CredentialRecord): Promise<void> {
      credentialRecordToJSON(record); // validates; throws TypeError on a malformed record
      const result = await pool.query(
        `INSERT INTO ${t} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (id) DO NOTHING`,
        [
          record.id,
          record.userHandle,
          record.publicKey,
          record.algorithm,
          String(record.counter),
          record.transports,
          record.backupEligible,
          record.backedUp,
          record.uvInitialized,
          record.aaguid,
          record.attestationFormat,
          record.name,
          record.createdAt,
          record.lastUsedAt,
        ],
      );
      if (result.rowCount !== 1) {
        throw new WebAuthnError('ERR_CREDENTIAL_EXISTS', 'a credential with this id is already registered');
      }
    },
    async get(credentialId: string): Promise<CredentialRecord | undefined> {
      const result = await pool.query(`SELECT ${COLUMNS} FROM ${t} WHERE id = $1`, [credentialId]);
      const row = result.rows[0];
      return row === undefined ? undefined : rowToRecord(row);
    },
    async listByUser(userHandle: string): Promise<CredentialRecord[]> {
      const result = await pool.query(`SELECT ${COLUMNS} FROM ${t} WHERE user_handle = $1 ORDER BY created_at, id`, [
        userHandle,
      ]);
      return result.rows.map(rowToRecord);
    },
    async updateAfterAuthentication(
      id: string,
      expected: { counter: number },
      next: CredentialAuthenticationUpdate,
    ): Promise<boolean> {
      const result = await pool.query(
        `UPDATE ${t} SET counter = $3, backed_up = $4, last_used_at = $5 WHERE id = $1 AND counter = $2`,
        [id, String(expected.counter), String(next.counter), next.backedUp, next.lastUsedAt],
      );
      return result.rowCount === 1;
    },
    async delete(credentialId: string): Promise<void> {
      await pool.query(`DELETE FROM ${t} WHERE id = $1`, [credentialId]);
    },
    async updateName(credentialId: string, name: string): Promise<boolean> {
      const result = await pool.query(`UPDATE ${t} SET name = $2 WHERE id = $1`, [credentialId, name]);
      return result.rowCount === 1;
    },
    async deleteUnlessLast(credentialId: string, userHandle: string): Promise<'deleted' | 'last' | 'not-found'> {
      // One statement: lock the user's rows, then delete only when another row remains. The row
      // locks serialise concurrent deletes for the same user, so the last two cannot both go.
      const result = await pool.query(
        `WITH locked AS (SELECT id FROM ${t} WHERE user_handle = $2 FOR UPDATE),
              target AS (SELECT id FROM locked WHERE id = $1),
              deleted AS (
                DELETE FROM ${t} WHERE id = $1 AND user_handle = $2 AND (SELECT count(*) FROM locked) > 1
                RETURNING id)
         SELECT (SELECT count(*) FROM target) AS found, (SELECT count(*) FROM deleted) AS deleted`,
        [credentialId, userHandle],
      );
      const row = result.rows[0] ?? {};
      if (toNumber(row.found) === 0) return 'not-found';
      return toNumber(row.deleted) === 1 ? 'deleted' : 'last';
    },
  };
}

function rowToRecoveryRecord(row: Record<string, unknown>): RecoveryCodeRecord {
  return recoveryCodeRecordFromJSON({
    v: 1,
    id: row.id,
    userHandle: row.user_handle,
    hash: row.hash,
    salt: row.salt,
    params: typeof row.params === 'string' ? JSON.parse(row.params) : row.params,
    createdAt: toDate(row.created_at).toISOString(),
    usedAt: row.used_at === null || row.used_at === undefined ? null : toDate(row.used_at).toISOString(),
  });
}

/**
 * Creates a recovery-code store on a `pg` pool (needs `pool.connect` for the replace transaction).
 *
 * @example
 * ```ts
 * const recoveryCodes = createPostgresRecoveryCodeStore({ pool });
 * ```
 */
export function createPostgresRecoveryCodeStore(options: PostgresRecoveryCodeStoreOptions): RecoveryCodeStore {
  const { pool } = options;
  const t = ident(options.table ?? 'webauthn_recovery_codes');
  return {
    async replaceAll(userHandle: string, records: RecoveryCodeRecord[]): Promise<void> {
      if (records.some((r) => r.userHandle !== userHandle)) throw new TypeError('records must belong to userHandle');
      if (typeof pool.connect !== 'function') throw new TypeError('postgres recovery-code store needs pool.connect()');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`DELETE FROM ${t} WHERE user_handle = $1`, [userHandle]);
        for (const r of records) {
          await client.query(
            `INSERT INTO ${t} (user_handle, id, hash, salt, params, created_at, used_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [userHandle, r.id, r.hash, r.salt, JSON.stringify(r.params), r.createdAt, r.usedAt],
          );
        }
        await client.query('COMMIT');
        client.release();
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(error);
        throw error;
      }
    },
    async listByUser(userHandle: string): Promise<RecoveryCodeRecord[]> {
      const result = await pool.query(
        `SELECT user_handle, id, hash, salt, params, created_at, used_at FROM ${t} WHERE user_handle = $1 ORDER BY id`,
        [userHandle],
      );
      return result.rows.map(rowToRecoveryRecord);
    },
    async markUsed(userHandle: string, id: string, usedAt: Date): Promise<boolean> {
      const result = await pool.query(
        `UPDATE ${t} SET used_at = $3 WHERE user_handle = $1 AND id = $2 AND used_at IS NULL`,
        [userHandle, id, usedAt],
      );
      return result.rowCount === 1;
    },
  };
}
