import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  createSQLiteChallengeStore,
  createSQLiteCredentialStore,
  createSQLiteRecoveryCodeStore,
  migrateSQLite,
} from '../../src/stores/sqlite.js';
import { describeStoreContract, sampleCredential } from './contract.js';

let now = Date.parse('2026-03-01T00:00:00.000Z');
const clock = (): Date => new Date(now);
const db = new Database(':memory:');
migrateSQLite({ db });

describeStoreContract({
  name: 'sqlite (better-sqlite3, :memory:)',
  challenges: () => createSQLiteChallengeStore({ db, clock }),
  credentials: () => createSQLiteCredentialStore({ db }),
  recoveryCodes: () => createSQLiteRecoveryCodeStore({ db }),
  advanceTime: async (ms) => {
    now += ms;
  },
});

describe('sqlite store specifics', () => {
  it('migration is idempotent', () => {
    expect(() => migrateSQLite({ db })).not.toThrow();
  });

  it('rejects a corrupted row on the way back in', async () => {
    const store = createSQLiteCredentialStore({ db });
    const record = sampleCredential();
    await store.create(record);
    db.prepare('UPDATE webauthn_credentials SET aaguid = ? WHERE id = ?').run('not-a-uuid', record.id);
    await expect(store.get(record.id)).rejects.toBeInstanceOf(TypeError);
  });

  it('refuses unsafe table names', () => {
    expect(() => createSQLiteCredentialStore({ db, table: 'x; DROP TABLE y' })).toThrow(TypeError);
  });
});
