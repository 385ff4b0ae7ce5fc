import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPostgresCredentialStore,
  createPostgresRecoveryCodeStore,
  migratePostgres,
  POSTGRES_MIGRATION_SQL,
} from '../../src/stores/postgres.js';
import { describeStoreContract, sampleCredential } from '../stores/contract.js';
import { isolationSuffix, requireEnv } from './env.js';

const pool = new pg.Pool({ connectionString: requireEnv('DATABASE_URL'), max: 10 });
const schema = `tessera_store_${isolationSuffix()}`;
const tables = {
  credentialsTable: `${schema}.webauthn_credentials`,
  recoveryCodesTable: `${schema}.webauthn_recovery_codes`,
};

beforeAll(async () => {
  await pool.query(`CREATE SCHEMA ${schema}`);
  await migratePostgres({ pool, ...tables });
});

afterAll(async () => {
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
});

describeStoreContract({
  name: 'postgres (pg Pool)',
  credentials: () => createPostgresCredentialStore({ pool, table: tables.credentialsTable }),
  recoveryCodes: () => createPostgresRecoveryCodeStore({ pool, table: tables.recoveryCodesTable }),
  advanceTime: async () => undefined,
});

describe('postgres store specifics', () => {
  it('migration is idempotent, and the default SQL runs on a fresh schema', async () => {
    await migratePostgres({ pool, ...tables });
    const fresh = `tessera_default_${isolationSuffix()}`;
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA ${fresh}`);
      await client.query(`SET search_path TO ${fresh}`);
      await client.query(POSTGRES_MIGRATION_SQL);
      await client.query(POSTGRES_MIGRATION_SQL);
      const { rows } = await client.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
        [fresh],
      );
      expect(rows.map((r) => r.table_name)).toEqual(['webauthn_credentials', 'webauthn_recovery_codes']);
    } finally {
      await client.query(`DROP SCHEMA ${fresh} CASCADE`);
      await client.query('RESET search_path');
      client.release();
    }
  });

  it('stores the public key as bytea and the counter as bigint', async () => {
    const store = createPostgresCredentialStore({ pool, table: tables.credentialsTable });
    const record = sampleCredential({ counter: 4294967295 });
    await store.create(record);
    const { rows } = await pool.query(
      `SELECT pg_typeof(public_key)::text AS pk, pg_typeof(counter)::text AS ctr, counter FROM ${tables.credentialsTable} WHERE id = $1`,
      [record.id],
    );
    expect(rows[0]).toEqual({ pk: 'bytea', ctr: 'bigint', counter: '4294967295' });
  });

  it('rejects a corrupted row on the way back in', async () => {
    const store = createPostgresCredentialStore({ pool, table: tables.credentialsTable });
    const record = sampleCredential();
    await store.create(record);
    await pool.query(`UPDATE ${tables.credentialsTable} SET attestation_format = '' WHERE id = $1`, [record.id]);
    await expect(store.get(record.id)).rejects.toBeInstanceOf(TypeError);
  });

  it('refuses unsafe table names', () => {
    expect(() => createPostgresCredentialStore({ pool, table: 'x; DROP TABLE y' })).toThrow(TypeError);
  });
});
