/**
 * The MDS3 rows of `tessera conformance`: the public set (../shared/fixtures/mds) passes with the
 * real verifyMetadataBlob, a tampered copy fails, unknown BLOBs are skip rows; the runner's own
 * logic (facts, crashes, missing files, filters) on fakes and a synthetic root, without fixtures.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ConformanceVerifiers, formatTable, runConformance, summarize } from '../../src/cli/conformance.js';
import {
  isMDSFolder,
  MDS_FIXTURE_SETS,
  type MDSFixtureSet,
  type MetadataBlobVerifier,
  runMDSConformance,
} from '../../src/cli/mds-conformance.js';
import { type CLIEnvironment, runCLI } from '../../src/cli/run.js';
import { sha256 } from '../../src/crypto/hash.js';
import { toHex } from '../../src/encoding/bytes.js';
import { WebAuthnError } from '../../src/errors.js';
import type { VerifiedMetadata } from '../../src/metadata/index.js';
import { verifyMetadataBlob } from '../../src/metadata/index.js';
import { createTestCA } from '../../src/testing/index.js';
import { hasSharedFixtures, SHARED_FIXTURES } from '../helpers/shared-fixtures.js';

const present = hasSharedFixtures('cli MDS conformance rows');

const nodeIO = {
  readFile: async (p: string): Promise<Uint8Array> => new Uint8Array(await readFile(p)),
  listDir: async (p: string): Promise<Array<{ name: string; isDirectory: boolean }>> =>
    (await readdir(p, { withFileTypes: true })).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })),
};

/** Ceremony verifiers that must never be called here (MDS folders hold no fixtures). */
const noCeremonies: Pick<ConformanceVerifiers, 'verifyRegistrationResponse' | 'verifyAuthenticationResponse'> = {
  verifyRegistrationResponse: async () => {
    throw new Error('unexpected ceremony');
  },
  verifyAuthenticationResponse: async () => {
    throw new Error('unexpected ceremony');
  },
};
const realVerifiers: ConformanceVerifiers = { ...noCeremonies, verifyMetadataBlob };

const tmpDirs: string[] = [];
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-mds-'));
  tmpDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of tmpDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Copies files of a shared MDS set into `<dir>/mds/<set>/`, returning that folder. */
function copySet(dir: string, set: string, names: readonly string[]): string {
  const to = join(dir, 'mds', set);
  mkdirSync(to, { recursive: true });
  for (const n of names) copyFileSync(join(SHARED_FIXTURES as string, 'mds', set, n), join(to, n));
  return to;
}

const CONFORMANCE_BASE = ['MDS3ROOT.crt', 'MDSROOT.crl', 'MDSCA-1.crl'];

describe.skipIf(!present)('MDS rows on the public set', () => {
  it('every BLOB and the rollback pair pass with the real verifyMetadataBlob', async () => {
    const rows = await runConformance({
      dirs: [join(SHARED_FIXTURES as string, 'mds')],
      ...nodeIO,
      verifiers: realVerifiers,
    });
    expect(rows.map((r) => [r.id, r.kind, r.expected, r.invalidReason ?? '', r.got, r.code ?? '', r.status])).toEqual([
      [
        'mds/conformance/blob-bad-chain-foreign-intermediate.jwt',
        'metadata',
        'invalid',
        'ERR_CERTIFICATE_INVALID',
        'invalid',
        'ERR_CERTIFICATE_INVALID',
        'pass',
      ],
      [
        'mds/conformance/blob-bad-chain-wrong-intermediate.jwt',
        'metadata',
        'invalid',
        'ERR_CERTIFICATE_INVALID',
        'invalid',
        'ERR_CERTIFICATE_INVALID',
        'pass',
      ],
      [
        'mds/conformance/blob-bad-signature.jwt',
        'metadata',
        'invalid',
        'ERR_SIGNATURE_INVALID',
        'invalid',
        'ERR_SIGNATURE_INVALID',
        'pass',
      ],
      [
        'mds/conformance/blob-revoked-signer.jwt',
        'metadata',
        'invalid',
        'ERR_CERTIFICATE_REVOKED',
        'invalid',
        'ERR_CERTIFICATE_REVOKED',
        'pass',
      ],
      ['mds/conformance/blob-valid.jwt', 'metadata', 'valid', '', 'valid', '', 'pass'],
      ['mds/production/blob-no31.jwt', 'metadata', 'valid', '', 'valid', '', 'pass'],
      ['mds/production/blob-no9.jwt', 'metadata', 'valid', '', 'valid', '', 'pass'],
      [
        'mds/production/rollback-no31-to-no9',
        'metadata',
        'invalid',
        'ERR_METADATA_ROLLBACK',
        'invalid',
        'ERR_METADATA_ROLLBACK',
        'pass',
      ],
    ]);
    expect(summarize(rows)).toEqual({ passed: 8, failed: 0, skipped: 0 });
  });

  it('reads each file once and verifies each BLOB once per scenario', async () => {
    const reads: string[] = [];
    const verified: number[] = [];
    const counting: MetadataBlobVerifier = async (jwt, options) => {
      verified.push(jwt.length);
      return verifyMetadataBlob(jwt, options);
    };
    const rows = await runConformance({
      dirs: [join(SHARED_FIXTURES as string, 'mds', 'production')],
      readFile: async (p) => {
        reads.push(p);
        return nodeIO.readFile(p);
      },
      listDir: nodeIO.listDir,
      verifiers: { ...noCeremonies, verifyMetadataBlob: counting },
    });
    expect(rows.every((r) => r.status === 'pass')).toBe(true);
    expect(reads.filter((p) => p.endsWith('.jwt')).sort()).toEqual(
      [
        join(SHARED_FIXTURES as string, 'mds/production/blob-no31.jwt'),
        join(SHARED_FIXTURES as string, 'mds/production/blob-no9.jwt'),
      ].sort(),
    );
    // no 31 once (its row, reused as the rollback's accepted BLOB); no 9 for its row and as the offered BLOB.
    expect(verified).toHaveLength(3);
  });

  it('a tampered copy of blob-valid.jwt fails (flipped byte in the payload)', async () => {
    const dir = tmp();
    const set = copySet(dir, 'conformance', [...CONFORMANCE_BASE, 'blob-valid.jwt']);
    const jwt = readFileSync(join(set, 'blob-valid.jwt'));
    const payloadMiddle = jwt.indexOf(0x2e) + Math.floor((jwt.lastIndexOf(0x2e) - jwt.indexOf(0x2e)) / 2);
    jwt[payloadMiddle] = jwt[payloadMiddle] === 0x41 ? 0x42 : 0x41; // 'A' ↔ 'B': still base64url
    writeFileSync(join(set, 'blob-valid.jwt'), jwt);
    const rows = await runConformance({ dirs: [dir], ...nodeIO, verifiers: realVerifiers });
    expect(rows.map((r) => [r.id, r.expected, r.got, r.code, r.status])).toEqual([
      ['mds/conformance/blob-valid.jwt', 'valid', 'invalid', 'ERR_SIGNATURE_INVALID', 'fail'],
    ]);
    expect(summarize(rows)).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });

  it('an unknown .jwt in a known set is a skip row, never a pass', async () => {
    const dir = tmp();
    const set = copySet(dir, 'conformance', [...CONFORMANCE_BASE, 'blob-valid.jwt']);
    copyFileSync(join(set, 'blob-valid.jwt'), join(set, 'blob-extra.jwt'));
    const rows = await runConformance({ dirs: [dir], ...nodeIO, verifiers: realVerifiers });
    expect(rows.map((r) => [r.id, r.expected, r.got, r.status])).toEqual([
      ['mds/conformance/blob-extra.jwt', 'unknown', 'unsupported', 'skip'],
      ['mds/conformance/blob-valid.jwt', 'valid', 'valid', 'pass'],
    ]);
    expect(rows[0]?.message).toMatch(/no expectation/);
    expect(summarize(rows)).toEqual({ passed: 1, failed: 0, skipped: 1 });
  });

  it('a missing CRL or a different root under the expected name fails the rows that need them', async () => {
    const dir = tmp();
    const set = copySet(dir, 'conformance', ['MDS3ROOT.crt', 'MDSROOT.crl', 'blob-valid.jwt']);
    expect((await runConformance({ dirs: [dir], ...nodeIO, verifiers: realVerifiers }))[0]).toMatchObject({
      status: 'fail',
      code: 'crl-missing',
    });
    copyFileSync(join(SHARED_FIXTURES as string, 'mds/conformance/MDSCA-1.crl'), join(set, 'MDSCA-1.crl'));
    copyFileSync(join(SHARED_FIXTURES as string, 'mds/production/globalsign-root-r3.crt'), join(set, 'MDS3ROOT.crt'));
    expect((await runConformance({ dirs: [dir], ...nodeIO, verifiers: realVerifiers }))[0]).toMatchObject({
      status: 'fail',
      code: 'root-mismatch',
    });
  });

  it('a rollback pair with one BLOB absent is a skip row', async () => {
    const dir = tmp();
    copySet(dir, 'production', ['globalsign-root-r3.crt', 'blob-no9.jwt']);
    const rows = await runConformance({ dirs: [dir], ...nodeIO, verifiers: realVerifiers });
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['mds/production/blob-no9.jwt', 'pass'],
      ['mds/production/rollback-no31-to-no9', 'skip'],
    ]);
  });

  it('the CLI prints MDS rows in the table and counts them in the closing line', async () => {
    const out: string[] = [];
    const env: CLIEnvironment = {
      ...nodeIO,
      resolvePath: (p) => p,
      readStdin: async () => new Uint8Array(),
      stdout: (t) => {
        out.push(t);
      },
      stderr: () => {},
      verifiers: realVerifiers,
    };
    const code = await runCLI(['conformance', '--filter', 'production', join(SHARED_FIXTURES as string, 'mds')], env);
    const lines = out.join('').trimEnd().split('\n');
    expect(code).toBe(0);
    expect(lines[0]?.split(/\s+/)).toEqual(['RESULT', 'ID', 'EXPECTED', 'GOT', 'CODE']);
    expect(
      lines.some((l) => /^PASS +mds\/production\/rollback-no31-to-no9 +invalid \(ERR_METADATA_ROLLBACK\)/.test(l)),
    ).toBe(true);
    expect(lines.at(-1)).toBe('3 passed, 0 failed, 0 skipped');
  });
});

describe('MDS runner logic (synthetic root, fake verifier)', () => {
  const NOW = '2030-01-01T00:00:00Z';

  async function syntheticSet(): Promise<{ set: MDSFixtureSet; root: Uint8Array }> {
    const ca = await createTestCA({ seed: 'mds-conformance-test', name: 'Synthetic MDS Root' });
    const fingerprint = toHex(sha256(ca.root.der))
      .toUpperCase()
      .replace(/(..)(?!$)/g, '$1:');
    const set: MDSFixtureSet = {
      name: 'synthetic',
      root: { file: 'root.crt', sha256: fingerprint },
      crls: [],
      crlReason: 'none',
      blobs: {
        'good.jwt': { outcome: 'valid', verifyAt: NOW, withCRLs: false, no: 5, entries: 1, reason: 'test' },
        'bad.jwt': {
          outcome: 'invalid',
          code: 'ERR_SIGNATURE_INVALID',
          verifyAt: NOW,
          withCRLs: false,
          reason: 'test',
        },
        'old.jwt': { outcome: 'valid', verifyAt: NOW, withCRLs: false, no: 4, entries: 1, reason: 'test' },
      },
      rollbacks: [
        { name: 'rollback', accepted: 'good.jwt', offered: 'old.jwt', code: 'ERR_METADATA_ROLLBACK', reason: 't' },
      ],
    };
    return { set, root: ca.root.der };
  }

  /** A fake verifier: behaviour by the JWT text. */
  const fake: MetadataBlobVerifier = async (jwt, options) => {
    const [kind, no] = jwt.split(':') as [string, string];
    if (kind === 'throw') throw new WebAuthnError('ERR_SIGNATURE_INVALID', 'fake');
    if (kind === 'crash') throw new TypeError('boom');
    const n = Number(no);
    if (options.previous !== undefined && n < options.previous.no)
      throw new WebAuthnError('ERR_METADATA_ROLLBACK', 'fake');
    return { no: n, entries: [{}], revocation: 'not-checked' } as unknown as VerifiedMetadata;
  };

  function memory(files: Record<string, string | Uint8Array>): (p: string) => Promise<Uint8Array> {
    return async (p) => {
      const v = files[p];
      if (v === undefined) throw new Error(`ENOENT ${p}`);
      return typeof v === 'string' ? new TextEncoder().encode(v) : v;
    };
  }

  it('recognises MDS folders by a .jwt next to a .crt', () => {
    expect(isMDSFolder(['a.jwt', 'root.crt'])).toBe(true);
    expect(isMDSFolder(['a.jwt'])).toBe(false);
    expect(isMDSFolder(['root.crt', 'x.json'])).toBe(false);
  });

  it('judges outcomes, payload facts, crashes and rollbacks', async () => {
    const { set, root } = await syntheticSet();
    const run = (files: Record<string, string>): ReturnType<typeof runMDSConformance> =>
      runMDSConformance({
        dir: '/m/synthetic',
        files: ['root.crt', ...Object.keys(files)],
        readFile: memory({
          '/m/synthetic/root.crt': root,
          ...Object.fromEntries(Object.entries(files).map(([k, v]) => [`/m/synthetic/${k}`, v])),
        }),
        verifyMetadataBlob: fake,
        sets: [set],
      });
    const ok = await run({ 'good.jwt': 'ok:5', 'bad.jwt': 'throw:0', 'old.jwt': 'ok:4' });
    expect(ok.map((r) => [r.id, r.status, r.code ?? ''])).toEqual([
      ['mds/synthetic/bad.jwt', 'pass', 'ERR_SIGNATURE_INVALID'],
      ['mds/synthetic/good.jwt', 'pass', ''],
      ['mds/synthetic/old.jwt', 'pass', ''],
      ['mds/synthetic/rollback', 'pass', 'ERR_METADATA_ROLLBACK'],
    ]);
    const bad = await run({ 'good.jwt': 'ok:6', 'bad.jwt': 'ok:1', 'old.jwt': 'crash:4' });
    expect(bad.map((r) => [r.id, r.status, r.got, r.code ?? ''])).toEqual([
      ['mds/synthetic/bad.jwt', 'fail', 'valid', ''],
      ['mds/synthetic/good.jwt', 'fail', 'valid', ''],
      ['mds/synthetic/old.jwt', 'fail', 'error', 'TypeError'],
      ['mds/synthetic/rollback', 'fail', 'error', 'TypeError'],
    ]);
    expect(bad[1]?.message).toMatch(/no 6/);
  });

  it('skips every BLOB of a set the table does not know, and honours the filter', async () => {
    const rows = await runMDSConformance({
      dir: '/m/other',
      files: ['x.crt', 'a.jwt', 'b.jwt'],
      readFile: memory({}),
      verifyMetadataBlob: fake,
    });
    expect(rows.map((r) => [r.id, r.status, r.expected])).toEqual([
      ['mds/other/a.jwt', 'skip', 'unknown'],
      ['mds/other/b.jwt', 'skip', 'unknown'],
    ]);
    const { set, root } = await syntheticSet();
    const filtered = await runMDSConformance({
      dir: '/m/synthetic',
      files: ['root.crt', 'good.jwt', 'bad.jwt'],
      readFile: memory({ '/m/synthetic/root.crt': root, '/m/synthetic/good.jwt': 'ok:5' }),
      verifyMetadataBlob: fake,
      sets: [set],
      filter: 'good',
    });
    // The rollback pair names good.jwt too (skipped here: old.jwt is absent).
    expect(filtered.map((r) => [r.id, r.status])).toEqual([
      ['mds/synthetic/good.jwt', 'pass'],
      ['mds/synthetic/rollback', 'skip'],
    ]);
  });

  it('without verifyMetadataBlob, runConformance ignores MDS folders', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'mds'));
    writeFileSync(join(dir, 'mds', 'root.crt'), 'x');
    writeFileSync(join(dir, 'mds', 'a.jwt'), 'x');
    expect(await runConformance({ dirs: [dir], ...nodeIO, verifiers: noCeremonies })).toEqual([]);
  });

  it('formats MDS rows: expected valid / invalid (code) / unknown', async () => {
    const { set, root } = await syntheticSet();
    const rows = await runMDSConformance({
      dir: '/m/synthetic',
      files: ['root.crt', 'bad.jwt', 'good.jwt', 'new.jwt'],
      readFile: memory({
        '/m/synthetic/root.crt': root,
        '/m/synthetic/good.jwt': 'ok:5',
        '/m/synthetic/bad.jwt': 'throw:0',
      }),
      verifyMetadataBlob: fake,
      sets: [set],
    });
    const table = formatTable(rows).split('\n');
    expect(table[1]).toMatch(
      /^PASS +mds\/synthetic\/bad\.jwt +invalid \(ERR_SIGNATURE_INVALID\) +invalid +ERR_SIGNATURE_INVALID$/,
    );
    expect(table[2]).toMatch(/^PASS +mds\/synthetic\/good\.jwt +valid +valid +-$/);
    expect(table[3]).toMatch(/^SKIP +mds\/synthetic\/new\.jwt +unknown +unsupported +-$/);
  });

  it('the public table states a reason for every BLOB, and CRLs only where the README says they apply', () => {
    for (const set of MDS_FIXTURE_SETS) {
      expect(set.crlReason.length).toBeGreaterThan(0);
      for (const [file, e] of Object.entries(set.blobs)) {
        expect(file.endsWith('.jwt')).toBe(true);
        expect(e.reason.length).toBeGreaterThan(0);
        expect(Number.isNaN(new Date(e.verifyAt).getTime())).toBe(false);
        expect(e.outcome === 'invalid' ? e.code : e.no).toBeDefined();
        if (e.withCRLs) expect(set.crls.length).toBeGreaterThan(0);
      }
    }
  });
});
