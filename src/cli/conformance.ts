/**
 * The conformance runner behind `tessera conformance <dir...>`: finds fixture files (format:
 * `../shared/fixtures/README.md`), runs each through the verifiers with the fixture's expectations,
 * policy, clock and trust anchors, and compares the outcome with the labelled one.
 *
 * A folder holding an MDS3 fixture set (`*.jwt` BLOBs and a `*.crt` root) is judged by
 * `./mds-conformance.ts` when the verifiers include `verifyMetadataBlob`, with one row per BLOB.
 *
 * File system access and the verifiers are injected, so tests run it on temp folders with fake
 * verifiers; `main.ts` wires in `node:fs`, `../verify/index.js` and `verifyMetadataBlob`.
 *
 * @module
 */

import type { AttestationFormatPolicy } from '../attestation/types.js';
import { DEFAULT_SUPPORTED_ALGORITHMS } from '../verify/algorithms.js';
import type { VerifyAuthenticationResponseOptions, VerifyRegistrationResponseOptions } from '../verify/index.js';
import { isMDSFolder, type MetadataBlobVerifier, runMDSConformance } from './mds-conformance.js';

/** One entry of a folder listing. */
export interface DirEntry {
  name: string;
  isDirectory: boolean;
}

/** The verifier functions the runner calls (the real ones, or fakes in tests). */
export interface ConformanceVerifiers {
  verifyRegistrationResponse(options: VerifyRegistrationResponseOptions): Promise<unknown>;
  verifyAuthenticationResponse(options: VerifyAuthenticationResponseOptions): Promise<unknown>;
  /**
   * `verifyMetadataBlob` from `@tessera/webauthn/metadata`. When given, MDS3 fixture sets are
   * judged too (one row per BLOB); without it they are ignored, as before.
   */
  verifyMetadataBlob?: MetadataBlobVerifier;
}

/** Options of {@link runConformance}. */
export interface RunConformanceOptions {
  /** Folders to walk (recursively). Paths use `/`; `main.ts` passes absolute ones. */
  dirs: readonly string[];
  /** Reads a whole file. */
  readFile: (path: string) => Promise<Uint8Array>;
  /** Lists a folder; rejects when it does not exist. */
  listDir: (path: string) => Promise<DirEntry[]>;
  verifiers: ConformanceVerifiers;
  /** Only fixtures whose id or path contains this substring. */
  filter?: string;
}

/** Outcome of one fixture (or one MDS3 BLOB). */
export interface ConformanceRow {
  id: string;
  /** Path of the fixture file (or BLOB). */
  file: string;
  kind: 'registration' | 'authentication' | 'metadata';
  /** The labelled outcome; `unknown` for a BLOB the MDS expectation table does not know (a skip). */
  expected: 'valid' | 'invalid' | 'unknown';
  /** The fixture's invalidReason; for MDS rows, the one expected WebAuthnError code. */
  invalidReason: string | undefined;
  /** What Tessera did: accepted, rejected with a WebAuthnError, could not run it, or crashed. */
  got: 'valid' | 'invalid' | 'unsupported' | 'error';
  /** The WebAuthnError code (or the error name for crashes). */
  code: string | undefined;
  /** Codes acceptable for this `invalidReason` (undefined: any WebAuthnError). */
  expectedCodes: readonly string[] | undefined;
  status: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped, or the error message. */
  message: string | undefined;
}

/** Totals over rows. */
export interface ConformanceSummary {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * invalidReason → the WebAuthnError codes that correctly express it. Reasons not listed accept
 * any WebAuthnError.
 */
export const INVALID_REASON_CODES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'challenge-mismatch': ['ERR_CHALLENGE_MISMATCH'],
  'origin-mismatch': ['ERR_ORIGIN_MISMATCH'],
  'rpid-mismatch': ['ERR_RP_ID_HASH_MISMATCH'],
  'counter-not-increased': ['ERR_COUNTER_REGRESSION'],
  'cross-origin-not-allowed': ['ERR_CROSS_ORIGIN'],
  'signature-invalid': ['ERR_SIGNATURE_INVALID'],
  'aaguid-extension-mismatch': ['ERR_ATTESTATION_INVALID'],
  'safetynet-cts-profile-mismatch': ['ERR_ATTESTATION_INVALID'],
  'safetynet-jws-signature-invalid': ['ERR_ATTESTATION_INVALID', 'ERR_CERTIFICATE_INVALID'],
  'certificate-chain-invalid': ['ERR_ATTESTATION_INVALID', 'ERR_CERTIFICATE_INVALID'],
  'certificate-revoked': ['ERR_CERTIFICATE_REVOKED'],
});

/** Capabilities a fixture may require (`requires`) that this runner knows how to provide. */
const KNOWN_REQUIREMENTS = ['sha1', 'crl-revocation-check'] as const;
const RS1 = -65535;

/**
 * The codes acceptable for a (possibly comma-separated) invalidReason: the union over its parts,
 * or `undefined` (any code) when a part is not in {@link INVALID_REASON_CODES}.
 */
export function expectedCodesFor(invalidReason: string | undefined): readonly string[] | undefined {
  if (invalidReason === undefined || invalidReason.trim() === '') return undefined;
  const codes = new Set<string>();
  for (const part of invalidReason.split(',')) {
    const mapped = INVALID_REASON_CODES[part.trim()];
    if (mapped === undefined) return undefined;
    for (const c of mapped) codes.add(c);
  }
  return [...codes];
}

/** A parsed fixture (only the members the runner reads). */
export interface Fixture {
  id: string;
  kind: 'registration' | 'authentication';
  response: unknown;
  expected: {
    challenge: string;
    origin: string;
    rpId: string;
    requireUserVerification?: boolean;
    requireUserPresence?: boolean;
    topOrigin?: string;
  };
  credential?: { id: string; publicKey: string; counter: number } | null;
  outcome: 'valid' | 'invalid';
  invalidReason?: string;
  policy?: {
    allowCrossOrigin?: boolean;
    safetyNetEnforceCtsProfileMatch?: boolean;
    tpmAllowUnknownManufacturer?: boolean;
    androidKeyAllowSoftwareEnforced?: boolean;
  };
  requires?: string[];
  attestation?: { verifyAt?: string; trustAnchors?: string[] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when `value` looks like a fixture file (`kind` registration or authentication). */
export function isFixture(
  value: unknown,
): value is Record<string, unknown> & { kind: 'registration' | 'authentication' } {
  return isRecord(value) && (value.kind === 'registration' || value.kind === 'authentication');
}

/** Throws a descriptive Error when a fixture misses members the runner needs. */
export function checkFixture(value: Record<string, unknown>, file: string): Fixture {
  const fail = (what: string): never => {
    throw new Error(`${file}: malformed fixture: ${what}`);
  };
  if (typeof value.id !== 'string' || value.id === '') fail('id must be a non-empty string');
  if (!isRecord(value.response)) fail('response must be an object');
  const e = value.expected;
  if (!isRecord(e)) return fail('expected must be an object');
  for (const k of ['challenge', 'origin', 'rpId'] as const)
    if (typeof e[k] !== 'string') fail(`expected.${k} must be a string`);
  if (value.outcome !== 'valid' && value.outcome !== 'invalid') fail("outcome must be 'valid' or 'invalid'");
  if (value.kind === 'authentication') {
    const c = value.credential;
    if (!isRecord(c) || typeof c.id !== 'string' || typeof c.publicKey !== 'string' || typeof c.counter !== 'number') {
      fail('authentication fixtures need credential {id, publicKey, counter}');
    }
  }
  if (
    value.requires !== undefined &&
    !(Array.isArray(value.requires) && value.requires.every((r) => typeof r === 'string'))
  ) {
    fail('requires must be a list of strings');
  }
  return value as unknown as Fixture;
}

/** What the runner found around a fixture: anchors by relative path, and CRLs. */
export interface FixtureContext {
  /** PEM text of each anchor the fixture names (`roots/x.pem` → text). */
  anchors: ReadonlyMap<string, string>;
  /** DER CRLs found in `<fixture root>/crls/`. */
  crls: readonly Uint8Array[];
}

/** A fixture prepared for one verifier call, or the reason it cannot run. */
export type PreparedCall =
  | { kind: 'registration'; options: VerifyRegistrationResponseOptions }
  | { kind: 'authentication'; options: VerifyAuthenticationResponseOptions }
  | { kind: 'unsupported'; reason: string };

/**
 * Maps a fixture to verifier options. Cross-origin: `allowCrossOrigin` and `expectedTopOrigin`
 * are passed only when `policy.allowCrossOrigin` is true (an RP that does not allow embedding
 * has no expected top origin; the verifiers treat `expectedTopOrigin` as permission).
 */
export function prepareCall(fixture: Fixture, context: FixtureContext): PreparedCall {
  const requires = fixture.requires ?? [];
  for (const r of requires) {
    if (!(KNOWN_REQUIREMENTS as readonly string[]).includes(r)) return { kind: 'unsupported', reason: `requires ${r}` };
  }
  if (requires.includes('crl-revocation-check') && context.crls.length === 0) {
    return { kind: 'unsupported', reason: 'requires crl-revocation-check: no CRL available (<fixture root>/crls/)' };
  }
  const e = fixture.expected;
  const allowCrossOrigin = fixture.policy?.allowCrossOrigin === true;
  const common = {
    expectedChallenge: e.challenge,
    expectedOrigin: e.origin,
    expectedRPID: e.rpId,
    requireUserVerification: e.requireUserVerification ?? true,
    requireUserPresence: e.requireUserPresence ?? true,
    ...(allowCrossOrigin ? { allowCrossOrigin: true } : {}),
    ...(allowCrossOrigin && e.topOrigin !== undefined ? { expectedTopOrigin: e.topOrigin } : {}),
    ...(requires.includes('sha1') ? { supportedAlgorithms: [...DEFAULT_SUPPORTED_ALGORITHMS, RS1] } : {}),
  };
  if (fixture.kind === 'authentication') {
    const c = fixture.credential as { id: string; publicKey: string; counter: number };
    return {
      kind: 'authentication',
      options: {
        ...common,
        response: fixture.response as VerifyAuthenticationResponseOptions['response'],
        credential: { id: c.id, publicKey: c.publicKey, counter: c.counter },
      },
    };
  }
  const att = fixture.attestation ?? {};
  const trustAnchors: string[] = [];
  for (const name of att.trustAnchors ?? []) {
    const pem = context.anchors.get(name);
    if (pem === undefined) throw new Error(`trust anchor ${name} not found under the fixture root`);
    trustAnchors.push(pem);
  }
  const policy: NonNullable<NonNullable<VerifyRegistrationResponseOptions['attestation']>['policy']> = {};
  if (fixture.policy?.safetyNetEnforceCtsProfileMatch !== undefined) {
    policy.safetyNetRequireCtsProfileMatch = fixture.policy.safetyNetEnforceCtsProfileMatch;
  }
  if (requires.includes('sha1')) policy.allowSHA1 = true;
  if (fixture.policy?.tpmAllowUnknownManufacturer !== undefined) {
    policy.tpmAllowUnknownManufacturer = fixture.policy.tpmAllowUnknownManufacturer;
  }
  if (fixture.policy?.androidKeyAllowSoftwareEnforced !== undefined) {
    policy.androidKeyAllowSoftwareEnforced = fixture.policy.androidKeyAllowSoftwareEnforced;
  }
  let now: Date | undefined;
  if (att.verifyAt !== undefined) {
    now = new Date(att.verifyAt);
    if (Number.isNaN(now.getTime())) throw new Error(`attestation.verifyAt is not a date: ${att.verifyAt}`);
  }
  return {
    kind: 'registration',
    options: {
      ...common,
      response: fixture.response as VerifyRegistrationResponseOptions['response'],
      ...(now === undefined ? {} : { now }),
      attestation: {
        require: 'none',
        trustAnchors,
        policy,
        ...(requires.includes('crl-revocation-check') ? { revocation: { crls: context.crls } } : {}),
      },
    },
  };
}

function errorCode(err: unknown): { webauthn: boolean; code: string; message: string } {
  if (err instanceof Error || isRecord(err)) {
    const e = err as { name?: unknown; code?: unknown; message?: unknown };
    const message = typeof e.message === 'string' ? e.message : String(err);
    if (e.name === 'WebAuthnError' && typeof e.code === 'string') return { webauthn: true, code: e.code, message };
    return { webauthn: false, code: typeof e.name === 'string' ? e.name : 'Error', message };
  }
  return { webauthn: false, code: 'thrown', message: String(err) };
}

/**
 * Rules the shared fixture format says its labels do not cover ("Not checked: … TPM manufacturer
 * IDs …, Android KeyDescription authorization lists beyond the challenge"), with the policy that
 * relaxes each. Tessera enforces them by default; the unit tests cover them.
 */
const RELAXABLE: Readonly<Record<string, AttestationFormatPolicy>> = Object.freeze({
  'certificate.manufacturer': { tpmAllowUnknownManufacturer: true },
  'android-key.origin': { dangerouslySkipAndroidKeyAuthorizationList: true },
  'android-key.purpose': { dangerouslySkipAndroidKeyAuthorizationList: true },
});

const RELAXED_NOTE = 'valid only with a rule relaxed that the fixture source does not check (fixtures README)';

function relaxationFor(err: unknown): { check: string; policy: AttestationFormatPolicy } | undefined {
  if (!isRecord(err) || (err as { code?: unknown }).code !== 'ERR_ATTESTATION_INVALID') return undefined;
  const check = (err as { details?: { check?: unknown } }).details?.check;
  if (typeof check !== 'string') return undefined;
  const policy = RELAXABLE[check];
  return policy === undefined ? undefined : { check, policy };
}

/** Runs one prepared fixture and decides pass / fail / skip. */
export async function judge(
  fixture: Fixture,
  file: string,
  call: PreparedCall,
  verifiers: ConformanceVerifiers,
): Promise<ConformanceRow> {
  const expectedCodes = fixture.outcome === 'invalid' ? expectedCodesFor(fixture.invalidReason) : undefined;
  const row: ConformanceRow = {
    id: fixture.id,
    file,
    kind: fixture.kind,
    expected: fixture.outcome,
    invalidReason: fixture.invalidReason,
    got: 'unsupported',
    code: undefined,
    expectedCodes,
    status: 'skip',
    message: undefined,
  };
  if (call.kind === 'unsupported') return { ...row, message: call.reason };
  let relaxed: string | undefined;
  try {
    try {
      if (call.kind === 'registration') await verifiers.verifyRegistrationResponse(call.options);
      else await verifiers.verifyAuthenticationResponse(call.options);
    } catch (strictErr) {
      // A valid-labelled fixture that fails only a rule its source never checked (fixture README,
      // "Not checked") is re-run with exactly that rule relaxed, and the row says so.
      const relaxation = fixture.outcome === 'valid' ? relaxationFor(strictErr) : undefined;
      if (relaxation === undefined || call.kind !== 'registration') throw strictErr;
      relaxed = relaxation.check;
      const attestation = call.options.attestation ?? {};
      await verifiers.verifyRegistrationResponse({
        ...call.options,
        attestation: { ...attestation, policy: { ...attestation.policy, ...relaxation.policy } },
      });
    }
  } catch (err) {
    const { webauthn, code, message } = errorCode(err);
    if (!webauthn) return { ...row, got: 'error', code, status: 'fail', message };
    if (code === 'ERR_ATTESTATION_FORMAT_UNSUPPORTED')
      return { ...row, got: 'unsupported', code, status: 'skip', message };
    if (fixture.outcome === 'valid') return { ...row, got: 'invalid', code, status: 'fail', message };
    if (expectedCodes !== undefined && !expectedCodes.includes(code)) {
      return {
        ...row,
        got: 'invalid',
        code,
        status: 'fail',
        message: `expected ${expectedCodes.join(' or ')}: ${message}`,
      };
    }
    return { ...row, got: 'invalid', code, status: 'pass', message };
  }
  if (fixture.outcome === 'valid') {
    return relaxed === undefined
      ? { ...row, got: 'valid', status: 'pass' }
      : { ...row, got: 'valid', status: 'pass', code: `relaxed:${relaxed}`, message: RELAXED_NOTE };
  }
  return {
    ...row,
    got: 'valid',
    status: 'fail',
    message: `accepted a fixture labelled invalid (${fixture.invalidReason ?? '?'})`,
  };
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function parentPath(path: string): string | undefined {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const i = trimmed.lastIndexOf('/');
  if (i < 0) return trimmed === '.' || trimmed === '' ? undefined : '.';
  if (i === 0) return trimmed === '/' ? undefined : '/';
  const parent = trimmed.slice(0, i);
  return /^[A-Za-z]:$/.test(parent) ? `${parent}/` : parent;
}

const textDecoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Walks `dirs`, runs every fixture, and returns one row per fixture in a stable order
 * (folder order, names sorted). Never throws for a bad fixture: it becomes a `fail` row.
 *
 * @example
 * ```ts
 * const rows = await runConformance({
 *   dirs: ['/path/to/fixtures'],
 *   readFile: (p) => fs.readFile(p),
 *   listDir: async (p) => (await fs.readdir(p, { withFileTypes: true })).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })),
 *   verifiers: { verifyRegistrationResponse, verifyAuthenticationResponse },
 * });
 * console.log(formatSummary(summarize(rows)));
 * ```
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceRow[]> {
  const { readFile, listDir, verifiers, filter } = options;
  const listings = new Map<string, Promise<DirEntry[] | undefined>>();
  const list = (dir: string): Promise<DirEntry[] | undefined> => {
    let p = listings.get(dir);
    if (p === undefined) {
      p = listDir(dir).then(
        (entries) => [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        () => undefined,
      );
      listings.set(dir, p);
    }
    return p;
  };
  const contexts = new Map<string, Promise<FixtureContext & { root: string | undefined }>>();

  /** The nearest ancestor of `dir` (itself included) that has a `roots/` folder. */
  const findRoot = async (dir: string): Promise<string | undefined> => {
    for (let d: string | undefined = dir; d !== undefined; d = parentPath(d)) {
      const entries = await list(d);
      if (entries?.some((e) => e.isDirectory && e.name === 'roots')) return d;
    }
    return undefined;
  };
  const contextFor = (dir: string): Promise<FixtureContext & { root: string | undefined }> => {
    let p = contexts.get(dir);
    if (p === undefined) {
      p = (async () => {
        const root = await findRoot(dir);
        const anchors = new Map<string, string>();
        const crls: Uint8Array[] = [];
        if (root !== undefined) {
          for (const e of (await list(joinPath(root, 'roots'))) ?? []) {
            if (!e.isDirectory && e.name.endsWith('.pem')) {
              anchors.set(
                `roots/${e.name}`,
                textDecoder.decode(await readFile(joinPath(joinPath(root, 'roots'), e.name))),
              );
            }
          }
          for (const e of (await list(joinPath(root, 'crls'))) ?? []) {
            if (!e.isDirectory && /\.(crl|der)$/i.test(e.name))
              crls.push(await readFile(joinPath(joinPath(root, 'crls'), e.name)));
          }
        }
        return { root, anchors, crls };
      })();
      contexts.set(dir, p);
    }
    return p;
  };

  type Item = { kind: 'fixture'; dir: string; path: string } | { kind: 'mds'; dir: string; names: string[] };
  const files: Item[] = [];
  const walk = async (dir: string, top: boolean): Promise<void> => {
    const entries = await list(dir);
    if (entries === undefined) {
      if (top) throw new Error(`cannot read folder ${dir}`);
      return;
    }
    const names = entries.filter((e) => !e.isDirectory && !e.name.startsWith('.')).map((e) => e.name);
    if (verifiers.verifyMetadataBlob !== undefined && isMDSFolder(names)) files.push({ kind: 'mds', dir, names });
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const path = joinPath(dir, e.name);
      if (e.isDirectory) await walk(path, false);
      else if (e.name.endsWith('.json')) files.push({ kind: 'fixture', dir, path });
    }
  };
  for (const dir of options.dirs) await walk(dir, true);

  const rows: ConformanceRow[] = [];
  for (const item of files) {
    if (item.kind === 'mds') {
      rows.push(
        ...(await runMDSConformance({
          dir: item.dir,
          files: item.names,
          readFile,
          verifyMetadataBlob: verifiers.verifyMetadataBlob as MetadataBlobVerifier,
          ...(filter === undefined ? {} : { filter }),
        })),
      );
      continue;
    }
    const { dir, path } = item;
    let parsed: unknown;
    try {
      parsed = JSON.parse(textDecoder.decode(await readFile(path)));
    } catch {
      continue; // not JSON: not a fixture
    }
    if (!isFixture(parsed)) continue;
    const id = typeof parsed.id === 'string' ? parsed.id : path;
    if (filter !== undefined && !id.includes(filter) && !path.includes(filter)) continue;
    const expected = parsed.outcome === 'invalid' ? 'invalid' : 'valid';
    try {
      const fixture = checkFixture(parsed, path);
      const call = prepareCall(fixture, await contextFor(dir));
      rows.push(await judge(fixture, path, call, verifiers));
    } catch (err) {
      rows.push({
        id,
        file: path,
        kind: parsed.kind,
        expected,
        invalidReason: undefined,
        got: 'error',
        code: errorCode(err).code,
        expectedCodes: undefined,
        status: 'fail',
        message: errorCode(err).message,
      });
    }
  }
  return rows;
}

/** Counts rows by status. */
export function summarize(rows: readonly ConformanceRow[]): ConformanceSummary {
  const s: ConformanceSummary = { passed: 0, failed: 0, skipped: 0 };
  for (const r of rows) {
    if (r.status === 'pass') s.passed++;
    else if (r.status === 'fail') s.failed++;
    else s.skipped++;
  }
  return s;
}

/** The closing line: exactly `N passed, M failed, K skipped`. */
export function formatSummary(s: ConformanceSummary): string {
  return `${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`;
}

/** Exit status: 0 only when nothing failed. */
export function exitCodeFor(s: ConformanceSummary): number {
  return s.failed === 0 ? 0 : 1;
}

/** The aligned human table (status, id, expected, got, code), failures explained below it. */
export function formatTable(rows: readonly ConformanceRow[]): string {
  const header = ['RESULT', 'ID', 'EXPECTED', 'GOT', 'CODE'];
  const body = rows.map((r) => [
    r.status.toUpperCase(),
    r.id,
    r.expected === 'invalid' && r.invalidReason !== undefined ? `invalid (${r.invalidReason})` : r.expected,
    r.got,
    r.code ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] as string).length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...body.map(line)];
  const notes = rows.filter((r) => r.status !== 'pass' && r.message !== undefined);
  if (notes.length > 0) {
    out.push('');
    for (const r of notes) out.push(`${r.status.toUpperCase()} ${r.id}: ${r.message}`);
  }
  return out.join('\n');
}
