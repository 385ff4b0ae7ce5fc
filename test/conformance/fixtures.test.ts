/**
 * Every fixture (the project's own under fixtures/, the public ones under ../shared/fixtures)
 * through the real verifiers, one test per fixture, judged exactly as the conformance CLI
 * judges it. A fixture the verifiers cannot run yet is a skipped test, never a pass.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConformanceRow, runConformance } from '../../src/cli/conformance.js';
import { verifyMetadataBlob } from '../../src/metadata/index.js';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '../../src/verify/index.js';
import { hasSharedFixtures, SHARED_FIXTURES } from '../helpers/shared-fixtures.js';

async function listDir(path: string): Promise<Array<{ name: string; isDirectory: boolean }>> {
  const entries = await readdir(path, { withFileTypes: true });
  return entries.map((e) => ({ name: e.name, isDirectory: e.isDirectory() }));
}

async function rowsFor(dir: string): Promise<ConformanceRow[]> {
  if (!existsSync(dir) || !(await stat(dir)).isDirectory()) return [];
  return runConformance({
    dirs: [dir],
    readFile: (p: string) => readFile(p),
    listDir,
    verifiers: { verifyRegistrationResponse, verifyAuthenticationResponse, verifyMetadataBlob },
  });
}

function suite(name: string, rows: ConformanceRow[]): void {
  describe(name, () => {
    it('contains fixtures', () => {
      expect(rows.length).toBeGreaterThan(0);
    });
    for (const row of rows) {
      const title = `${row.id} (${row.expected}${row.invalidReason ? `: ${row.invalidReason}` : ''})`;
      if (row.status === 'skip') {
        it.skip(`${title} — ${row.message ?? 'unsupported'}`, () => {});
        continue;
      }
      it(title, () => {
        expect({ status: row.status, code: row.code, message: row.message }).toMatchObject({ status: 'pass' });
      });
    }
  });
}

const own = await rowsFor(resolve(import.meta.dirname, '../../fixtures'));
if (own.length > 0) suite('project fixtures (fixtures/)', own);

if (hasSharedFixtures('public conformance fixtures') && SHARED_FIXTURES !== undefined) {
  const shared = await rowsFor(SHARED_FIXTURES);
  suite('public fixtures (../shared/fixtures)', shared);
  it('runs all 90 public ceremony fixtures and the 8 MDS rows', () => {
    expect(shared.filter((r) => r.kind !== 'metadata').length).toBe(90);
    expect(shared.filter((r) => r.kind === 'metadata').length).toBe(8);
  });
}
