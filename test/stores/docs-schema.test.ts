import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { POSTGRES_MIGRATION_SQL } from '../../src/stores/postgres.js';
import { SQLITE_MIGRATION_SQL } from '../../src/stores/sqlite.js';

const doc = readFileSync(new URL('../../docs/stores.md', import.meta.url), 'utf8');

it('docs/stores.md shows the exact PostgreSQL schema', () => {
  expect(doc).toContain(POSTGRES_MIGRATION_SQL.trim());
});

it('docs/stores.md shows the exact SQLite schema', () => {
  expect(doc).toContain(SQLITE_MIGRATION_SQL.trim());
});
