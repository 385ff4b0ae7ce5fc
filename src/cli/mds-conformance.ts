/**
 * The MDS3 part of `tessera conformance`: judges the FIDO Metadata Service BLOBs of a fixture
 * set (`../shared/fixtures/mds/`, format and facts in its README) with `verifyMetadataBlob`.
 *
 * A folder is an **MDS fixture set** when it holds at least one `*.jwt` file and at least one
 * `*.crt` file (its root). The set is recognised by its root's file name, and the root must have
 * the SHA-256 fingerprint the README gives. Expectations (which BLOB loads with which root at which
 * instant, which is rejected with which code, which CRLs apply) are facts from the README,
 * encoded in {@link MDS_FIXTURE_SETS} with the README's reasons; no fixture data is copied here.
 *
 * Rows: one per `*.jwt` (a file the table does not know is a `skip` row, never a pass) and one
 * per rollback pair. Each file is read and decoded once and each BLOB is verified once per
 * scenario (the BLOB row, plus the offered side of a rollback pair).
 *
 * @module
 */
import { toCertificate } from '../certificates/parse.js';
import type { CertificateInput } from '../certificates/types.js';
import { sha256 } from '../crypto/hash.js';
import { toHex } from '../encoding/bytes.js';
import type { VerifiedMetadata, VerifyMetadataBlobOptions } from '../metadata/types.js';
import type { ConformanceRow } from './conformance.js';

/** What one BLOB of a known set must do (facts from the fixture set's README). */
export interface MDSBlobExpectation {
  /** `valid`: must load; `invalid`: must be rejected with `code`. */
  outcome: 'valid' | 'invalid';
  /** The one WebAuthnError code an `invalid` BLOB must be rejected with. */
  code?: string;
  /** The instant verification is pinned at (ISO 8601). */
  verifyAt: string;
  /** Pass the set's CRLs (revocation checked, fail-closed). */
  withCRLs: boolean;
  /** `valid` only: the payload's `no`. */
  no?: number;
  /** `valid` only: the number of entries. */
  entries?: number;
  /** `valid` only: what verification must report about revocation of the signing path. */
  revocation?: VerifiedMetadata['revocation'];
  /** Why, in the README's words. */
  reason: string;
}

/** A rollback pair: after `accepted` loaded, `offered` (a lower `no`) must be refused. */
export interface MDSRollbackExpectation {
  /** Row name inside the set (the row id is `mds/<set>/<name>`). */
  name: string;
  /** The BLOB accepted first (verified with its own expectation). */
  accepted: string;
  /** The older BLOB offered afterwards, verified with its own expectation plus `previous: { no }`. */
  offered: string;
  /** The code the offered BLOB must be rejected with. */
  code: string;
  reason: string;
}

/** One MDS fixture set: its root, the CRLs that apply, and the expectation for each BLOB. */
export interface MDSFixtureSet {
  /** Short name, used in row ids (`mds/<name>/<file>`). */
  name: string;
  /** The root, recognised by file name and pinned by the SHA-256 of its DER (as in the README). */
  root: { file: string; sha256: string };
  /** CRL files (DER) passed to BLOBs whose expectation has `withCRLs`. */
  crls: readonly string[];
  /** Why these CRLs (and no others) apply. */
  crlReason: string;
  blobs: Readonly<Record<string, MDSBlobExpectation>>;
  rollbacks: readonly MDSRollbackExpectation[];
}

const PUBLIC_SETS: MDSFixtureSet[] = [
  {
    name: 'production',
    root: {
      // README "Root certificates": GlobalSign Root CA - R3, DER.
      file: 'globalsign-root-r3.crt',
      sha256: 'CB:B5:22:D7:B7:F1:27:AD:6A:01:13:86:5B:DF:1C:D4:10:2E:7D:07:59:AF:63:5A:7C:F4:72:0D:C9:63:C5:3B',
    },
    crls: [],
    crlReason:
      'none: root-r3.crl and gsextendvalsha2g3r3.crl were fetched in 2024 and do not overlap the leaf validity of ' +
      'either BLOB; there is no single instant at which a production leaf and both CRLs are valid',
    blobs: {
      'blob-no9.jwt': {
        outcome: 'valid',
        verifyAt: '2021-11-15T00:00:00Z',
        withCRLs: false,
        no: 9,
        entries: 98,
        revocation: 'not-checked',
        reason:
          'chain valid 2021-04-12T19:57:24Z → 2022-05-14T19:57:24Z, nextUpdate 2021-12-01; ' +
          'README: pin the clock at 2021-11-15T00:00:00Z',
      },
      'blob-no31.jwt': {
        outcome: 'valid',
        verifyAt: '2023-09-15T00:00:00Z',
        withCRLs: false,
        no: 31,
        entries: 174,
        revocation: 'not-checked',
        reason:
          'chain valid 2023-06-08T20:00:11Z → 2024-07-09T20:00:10Z, nextUpdate 2023-10-01; ' +
          'README: pin the clock at 2023-09-15T00:00:00Z',
      },
    },
    rollbacks: [
      {
        name: 'rollback-no31-to-no9',
        accepted: 'blob-no31.jwt',
        offered: 'blob-no9.jwt',
        code: 'ERR_METADATA_ROLLBACK',
        reason:
          'README: use the no 9 / no 31 pair for "no must increase" (rollback) tests; no 9 is otherwise valid at ' +
          'its own pinned instant, so only the rollback rule (MDS3 §3.2 step 4) can refuse it',
      },
    ],
  },
  {
    name: 'conformance',
    root: {
      // README "Root certificates": FAKE Root FAKE, PEM preceded by banner lines.
      file: 'MDS3ROOT.crt',
      sha256: '66:D9:77:0B:57:71:10:9B:8D:83:55:7B:A2:7D:58:9B:56:BD:B3:BF:DB:DE:A2:D2:42:C4:CA:0D:57:70:A4:7C',
    },
    crls: ['MDSROOT.crl', 'MDSCA-1.crl'],
    crlReason:
      'both: MDSROOT.crl is current 2018-02-01 → 2020-02-01 and MDSCA-1.crl 2018-02-01 → 2022-02-01; README: ' +
      'full check including both CRLs at an instant in [2018-02-01, 2020-02-01), e.g. 2019-07-01T00:00:00Z',
    blobs: {
      'blob-valid.jwt': {
        outcome: 'valid',
        verifyAt: '2019-07-01T00:00:00Z',
        withCRLs: true,
        no: 42,
        entries: 200,
        revocation: 'checked',
        reason: 'normal chain; JWS verifies; openssl OK at 2019-07-01 with both CRLs',
      },
      'blob-bad-signature.jwt': {
        outcome: 'invalid',
        code: 'ERR_SIGNATURE_INVALID',
        verifyAt: '2019-07-01T00:00:00Z',
        withCRLs: true,
        reason: 'same header as blob-valid; payload differs, JWS signature does not verify',
      },
      'blob-revoked-signer.jwt': {
        outcome: 'invalid',
        code: 'ERR_CERTIFICATE_REVOKED',
        verifyAt: '2019-07-01T00:00:00Z',
        withCRLs: true,
        reason:
          'signer serial 04806749DE307BBD5175A26D73F5F3 is correctly issued by CA-1 but revoked in MDSCA-1.crl ' +
          '(2018-03-25); only detectable with the CRL',
      },
      'blob-bad-chain-foreign-intermediate.jwt': {
        outcome: 'invalid',
        code: 'ERR_CERTIFICATE_INVALID',
        verifyAt: '2019-07-01T00:00:00Z',
        withCRLs: true,
        reason:
          'x5c[1] is an unrelated TPM certificate whose public key cannot be parsed; reject (chain), and must not crash',
      },
      'blob-bad-chain-wrong-intermediate.jwt': {
        outcome: 'invalid',
        code: 'ERR_CERTIFICATE_INVALID',
        verifyAt: '2019-07-01T00:00:00Z',
        withCRLs: true,
        reason: 'x5c[1] is a non-CA certificate that did not issue x5c[0]; reject (chain)',
      },
    },
    rollbacks: [],
  },
];

/**
 * The public MDS3 fixture sets (`../shared/fixtures/mds/README.md`), keyed by file name.
 * Every value is stated in that README; the `reason`s quote or summarise it.
 */
export const MDS_FIXTURE_SETS: readonly MDSFixtureSet[] = Object.freeze(PUBLIC_SETS);

/** The BLOB verifier the runner calls (`verifyMetadataBlob`, or a fake in tests). */
export type MetadataBlobVerifier = (jwt: string, options: VerifyMetadataBlobOptions) => Promise<VerifiedMetadata>;

/** Options of {@link runMDSConformance}. */
export interface RunMDSConformanceOptions {
  /** The folder (`/`-separated). */
  dir: string;
  /** Names of the files (not folders) in it. */
  files: readonly string[];
  readFile: (path: string) => Promise<Uint8Array>;
  verifyMetadataBlob: MetadataBlobVerifier;
  /** Only rows whose id or path contains this substring. */
  filter?: string;
  /** The sets to recognise (default {@link MDS_FIXTURE_SETS}). */
  sets?: readonly MDSFixtureSet[];
}

/** True when a folder's file names make it an MDS fixture set: a `*.jwt` and a `*.crt`. */
export function isMDSFolder(files: readonly string[]): boolean {
  return files.some((f) => f.endsWith('.jwt')) && files.some((f) => f.endsWith('.crt'));
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function normaliseFingerprint(fp: string): string {
  return fp.replace(/:/g, '').toLowerCase();
}

function describeError(err: unknown): { webauthn: boolean; code: string; message: string } {
  if (typeof err === 'object' && err !== null) {
    const e = err as { name?: unknown; code?: unknown; message?: unknown };
    const message = typeof e.message === 'string' ? e.message : String(err);
    if (e.name === 'WebAuthnError' && typeof e.code === 'string') return { webauthn: true, code: e.code, message };
    return { webauthn: false, code: typeof e.name === 'string' ? e.name : 'Error', message };
  }
  return { webauthn: false, code: 'thrown', message: String(err) };
}

type Outcome = { ok: true; value: VerifiedMetadata } | { ok: false; error: unknown };

const textDecoder = new TextDecoder('utf-8', { fatal: false });

/** Compares a verified payload with the facts a `valid` expectation lists. */
function factMismatch(expectation: MDSBlobExpectation, v: VerifiedMetadata): string | undefined {
  const wrong: string[] = [];
  if (expectation.no !== undefined && v.no !== expectation.no) wrong.push(`no ${v.no} (expected ${expectation.no})`);
  if (expectation.entries !== undefined && v.entries.length !== expectation.entries) {
    wrong.push(`${v.entries.length} entries (expected ${expectation.entries})`);
  }
  if (expectation.revocation !== undefined && v.revocation !== expectation.revocation) {
    wrong.push(`revocation ${v.revocation} (expected ${expectation.revocation})`);
  }
  return wrong.length === 0 ? undefined : `loaded, but with ${wrong.join(', ')}`;
}

/**
 * Judges the BLOBs of one MDS fixture set folder and returns its rows (BLOBs in name order, then
 * rollback pairs). Never throws for bad data: it becomes a `fail` row.
 *
 * @example
 * ```ts
 * const rows = await runMDSConformance({
 *   dir: '/fixtures/mds/conformance',
 *   files: ['MDS3ROOT.crt', 'MDSCA-1.crl', 'MDSROOT.crl', 'blob-valid.jwt'],
 *   readFile,
 *   verifyMetadataBlob,
 * });
 * ```
 */
export async function runMDSConformance(options: RunMDSConformanceOptions): Promise<ConformanceRow[]> {
  const { dir, readFile, verifyMetadataBlob, filter } = options;
  const files = [...options.files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const blobs = files.filter((f) => f.endsWith('.jwt'));
  const set = (options.sets ?? MDS_FIXTURE_SETS).find((s) => files.includes(s.root.file));
  const setName = set?.name ?? baseName(dir);
  const wanted = (id: string, ...paths: string[]): boolean =>
    filter === undefined || id.includes(filter) || paths.some((p) => p.includes(filter));

  const base = (id: string, file: string): ConformanceRow => ({
    id,
    file,
    kind: 'metadata',
    expected: 'unknown',
    invalidReason: undefined,
    got: 'unsupported',
    code: undefined,
    expectedCodes: undefined,
    status: 'skip',
    message: undefined,
  });
  const expectedOf = (e: { outcome: 'valid' | 'invalid'; code?: string }): Partial<ConformanceRow> =>
    e.outcome === 'valid'
      ? { expected: 'valid' }
      : { expected: 'invalid', invalidReason: e.code, expectedCodes: e.code === undefined ? undefined : [e.code] };

  if (set === undefined) {
    const roots = files.filter((f) => f.endsWith('.crt')).join(', ');
    return blobs
      .map((f) => ({ id: `mds/${setName}/${f}`, path: joinPath(dir, f) }))
      .filter((b) => wanted(b.id, b.path))
      .map((b) => ({
        ...base(b.id, b.path),
        message: `no expectation table for an MDS set with root ${roots} (MDS_FIXTURE_SETS)`,
      }));
  }

  // Plan the rows first, so that a filter never costs a verification it does not need.
  interface Planned {
    id: string;
    path: string;
    file: string;
    expectation: MDSBlobExpectation | undefined;
  }
  const planned: Planned[] = blobs
    .map((file) => ({ id: `mds/${set.name}/${file}`, path: joinPath(dir, file), file, expectation: set.blobs[file] }))
    .filter((p) => wanted(p.id, p.path));
  const pairs = set.rollbacks
    .map((r) => ({
      rollback: r,
      id: `mds/${set.name}/${r.name}`,
      path: joinPath(dir, r.offered),
      acceptedPath: joinPath(dir, r.accepted),
    }))
    .filter((p) => wanted(p.id, p.path, p.acceptedPath))
    .filter((p) => blobs.includes(p.rollback.accepted) || blobs.includes(p.rollback.offered));
  if (planned.length === 0 && pairs.length === 0) return [];

  // The root: present (it named the set), parseable, and the certificate the README names.
  let setProblem: { code: string; message: string } | undefined;
  let root: CertificateInput | undefined;
  try {
    const bytes = await readFile(joinPath(dir, set.root.file));
    const cert = toCertificate(bytes[0] === 0x30 ? bytes : textDecoder.decode(bytes));
    const fingerprint = toHex(sha256(cert.der));
    if (fingerprint !== normaliseFingerprint(set.root.sha256)) {
      setProblem = {
        code: 'root-mismatch',
        message: `${set.root.file} is not the root the fixture README names (SHA-256 ${fingerprint})`,
      };
    }
    root = cert;
  } catch (err) {
    const d = describeError(err);
    setProblem = { code: d.code, message: `cannot use ${set.root.file}: ${d.message}` };
  }
  const crls: Uint8Array[] = [];
  if (setProblem === undefined) {
    for (const name of set.crls) {
      if (!files.includes(name)) {
        setProblem = { code: 'crl-missing', message: `${name} (needed by this set's expectations) not found` };
        break;
      }
      crls.push(await readFile(joinPath(dir, name)));
    }
  }

  const texts = new Map<string, Promise<string>>();
  const textOf = (file: string): Promise<string> => {
    let p = texts.get(file);
    if (p === undefined) {
      p = readFile(joinPath(dir, file)).then((b) => textDecoder.decode(b));
      texts.set(file, p);
    }
    return p;
  };
  const optionsFor = (e: MDSBlobExpectation, previous?: { no: number }): VerifyMetadataBlobOptions => ({
    trustAnchors: [root as CertificateInput],
    now: new Date(e.verifyAt),
    ...(e.withCRLs ? { crls } : {}),
    ...(previous === undefined ? {} : { previous }),
  });
  const run = async (file: string, e: MDSBlobExpectation, previous?: { no: number }): Promise<Outcome> => {
    try {
      return { ok: true, value: await verifyMetadataBlob(await textOf(file), optionsFor(e, previous)) };
    } catch (error) {
      return { ok: false, error };
    }
  };
  // One verification per BLOB for its own row, shared with a rollback pair's accepted side.
  const outcomes = new Map<string, Promise<Outcome>>();
  const outcomeOf = (file: string, e: MDSBlobExpectation): Promise<Outcome> => {
    let p = outcomes.get(file);
    if (p === undefined) {
      p = run(file, e);
      outcomes.set(file, p);
    }
    return p;
  };

  const judgeRejection = (row: ConformanceRow, outcome: Outcome, code: string): ConformanceRow => {
    if (outcome.ok) return { ...row, got: 'valid', status: 'fail', message: `accepted; expected ${code}` };
    const d = describeError(outcome.error);
    if (!d.webauthn) return { ...row, got: 'error', code: d.code, status: 'fail', message: d.message };
    if (d.code !== code) {
      return { ...row, got: 'invalid', code: d.code, status: 'fail', message: `expected ${code}: ${d.message}` };
    }
    return { ...row, got: 'invalid', code: d.code, status: 'pass', message: d.message };
  };

  const rows: ConformanceRow[] = [];
  for (const p of planned) {
    const row = base(p.id, p.path);
    const e = p.expectation;
    if (e === undefined) {
      rows.push({
        ...row,
        message: `no expectation for ${p.file} in the ${set.name} MDS table (MDS_FIXTURE_SETS)`,
      });
      continue;
    }
    const expected = { ...row, ...expectedOf(e) };
    if (setProblem !== undefined) {
      rows.push({ ...expected, got: 'error', code: setProblem.code, status: 'fail', message: setProblem.message });
      continue;
    }
    const outcome = await outcomeOf(p.file, e);
    if (e.outcome === 'invalid') {
      rows.push(judgeRejection(expected, outcome, e.code as string));
      continue;
    }
    if (!outcome.ok) {
      const d = describeError(outcome.error);
      rows.push({
        ...expected,
        got: d.webauthn ? 'invalid' : 'error',
        code: d.code,
        status: 'fail',
        message: d.message,
      });
      continue;
    }
    const mismatch = factMismatch(e, outcome.value);
    rows.push(
      mismatch === undefined
        ? { ...expected, got: 'valid', status: 'pass' }
        : { ...expected, got: 'valid', status: 'fail', message: mismatch },
    );
  }

  for (const p of pairs) {
    const r = p.rollback;
    const row: ConformanceRow = { ...base(p.id, p.path), ...expectedOf({ outcome: 'invalid', code: r.code }) };
    const accepted = set.blobs[r.accepted];
    const offered = set.blobs[r.offered];
    if (!blobs.includes(r.accepted) || !blobs.includes(r.offered)) {
      rows.push({ ...row, got: 'unsupported', status: 'skip', message: `needs both ${r.accepted} and ${r.offered}` });
      continue;
    }
    if (accepted === undefined || offered === undefined) {
      rows.push({
        ...row,
        got: 'error',
        status: 'fail',
        message: 'rollback pair names a BLOB the table does not know',
      });
      continue;
    }
    if (setProblem !== undefined) {
      rows.push({ ...row, got: 'error', code: setProblem.code, status: 'fail', message: setProblem.message });
      continue;
    }
    const first = await outcomeOf(r.accepted, accepted);
    if (!first.ok) {
      const d = describeError(first.error);
      rows.push({
        ...row,
        got: 'error',
        code: d.code,
        status: 'fail',
        message: `${r.accepted} did not load, so there is no previous BLOB: ${d.message}`,
      });
      continue;
    }
    rows.push(judgeRejection(row, await run(r.offered, offered, { no: first.value.no }), r.code));
  }
  return rows;
}
