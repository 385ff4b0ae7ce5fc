import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConformanceRow,
  type ConformanceVerifiers,
  exitCodeFor,
  expectedCodesFor,
  type Fixture,
  formatSummary,
  formatTable,
  judge,
  prepareCall,
  runConformance,
  summarize,
} from '../../src/cli/conformance.js';
import { WebAuthnError, type WebAuthnErrorCode } from '../../src/errors.js';
import type { VerifyAuthenticationResponseOptions, VerifyRegistrationResponseOptions } from '../../src/verify/index.js';
import { hasSharedFixtures, SHARED_FIXTURES } from '../helpers/shared-fixtures.js';

type Behaviour = 'ok' | WebAuthnErrorCode | 'TypeError';

/** A verifier that does whatever `behaviour[challenge]` says and records every call. */
function fakeVerifiers(behaviour: Record<string, Behaviour> = {}): ConformanceVerifiers & {
  calls: Array<{ kind: string; options: VerifyRegistrationResponseOptions | VerifyAuthenticationResponseOptions }>;
} {
  const calls: Array<{
    kind: string;
    options: VerifyRegistrationResponseOptions | VerifyAuthenticationResponseOptions;
  }> = [];
  const act = async (options: { expectedChallenge: unknown }): Promise<unknown> => {
    const b = behaviour[String(options.expectedChallenge)] ?? 'ok';
    if (b === 'ok') return {};
    if (b === 'TypeError') throw new TypeError('boom');
    throw new WebAuthnError(b, `fake ${b}`);
  };
  return {
    calls,
    verifyRegistrationResponse: async (options) => {
      calls.push({ kind: 'registration', options });
      return act(options);
    },
    verifyAuthenticationResponse: async (options) => {
      calls.push({ kind: 'authentication', options });
      return act(options);
    },
  };
}

function fixture(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'fx',
    kind: 'registration',
    response: { id: 'AQID', rawId: 'AQID', type: 'public-key', response: {} },
    expected: {
      challenge: 'c-ok',
      origin: 'https://example.org',
      rpId: 'example.org',
      requireUserVerification: false,
      requireUserPresence: true,
    },
    credential: null,
    outcome: 'valid',
    ...overrides,
  };
}

const nodeIO = {
  readFile: async (p: string): Promise<Uint8Array> => new Uint8Array(await readFile(p)),
  listDir: async (p: string): Promise<Array<{ name: string; isDirectory: boolean }>> =>
    (await readdir(p, { withFileTypes: true })).map((d) => ({ name: d.name, isDirectory: d.isDirectory() })),
};

let tmp: string;
function write(relative: string, content: unknown): void {
  const path = join(tmp, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tessera-conformance-'));
  write('suite/roots/test-root.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  write('suite/roots/index.json', [{ file: 'test-root.pem' }]);
  write('suite/index.json', [{ id: 'a' }]);
  write('suite/readme.json', { kind: 'notes' });
  write('suite/broken.json', '{ not json');
  write('suite/registration/b-valid.json', fixture({ id: 'b-valid' }));
  write(
    'suite/registration/a-attested.json',
    fixture({
      id: 'a-attested',
      attestation: { verifyAt: '2024-01-02T00:00:00Z', trustAnchors: ['roots/test-root.pem'] },
      policy: { safetyNetEnforceCtsProfileMatch: false },
      requires: ['sha1'],
    }),
  );
  write(
    'suite/authentication/deep/c-auth.json',
    fixture({
      id: 'c-auth',
      kind: 'authentication',
      credential: { id: 'AQID', publicKey: 'pQECAyYgAQ', counter: 5 },
      expected: {
        challenge: 'c-counter',
        origin: 'https://example.org',
        rpId: 'example.org',
        requireUserVerification: true,
        requireUserPresence: true,
      },
      outcome: 'invalid',
      invalidReason: 'counter-not-increased',
    }),
  );
  write('suite/registration/d-revoked.json', fixture({ id: 'd-revoked', requires: ['crl-revocation-check'] }));
  write('suite/registration/e-malformed.json', { id: 'e-malformed', kind: 'registration', outcome: 'valid' });
  write(
    'suite/registration/f-missing-anchor.json',
    fixture({ id: 'f-missing-anchor', attestation: { trustAnchors: ['roots/absent.pem'] } }),
  );
  write('suite/.hidden/g.json', fixture({ id: 'g-hidden' }));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('runConformance on a folder tree', () => {
  it('runs fixtures only, in sorted order, and turns bad fixtures into fail rows', async () => {
    const v = fakeVerifiers({ 'c-counter': 'ERR_COUNTER_REGRESSION' });
    const rows = await runConformance({ dirs: [join(tmp, 'suite')], ...nodeIO, verifiers: v });
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['c-auth', 'pass'],
      ['a-attested', 'pass'],
      ['b-valid', 'pass'],
      ['d-revoked', 'skip'],
      ['e-malformed', 'fail'],
      ['f-missing-anchor', 'fail'],
    ]);
    expect(rows.find((r) => r.id === 'c-auth')).toMatchObject({ got: 'invalid', code: 'ERR_COUNTER_REGRESSION' });
    expect(rows.find((r) => r.id === 'd-revoked')?.message).toMatch(/crl-revocation-check/);
    expect(rows.find((r) => r.id === 'e-malformed')?.message).toMatch(/malformed fixture/);
    expect(rows.find((r) => r.id === 'f-missing-anchor')?.message).toMatch(/roots\/absent\.pem/);
    expect(summarize(rows)).toEqual({ passed: 3, failed: 2, skipped: 1 });
  });

  it('maps the fixture to verifier options (clock, anchors from the nearest roots/, policy, sha1)', async () => {
    const v = fakeVerifiers();
    await runConformance({ dirs: [join(tmp, 'suite')], ...nodeIO, verifiers: v, filter: 'a-attested' });
    expect(v.calls).toHaveLength(1);
    const o = v.calls[0]?.options as VerifyRegistrationResponseOptions;
    expect(o.expectedChallenge).toBe('c-ok');
    expect(o.expectedOrigin).toBe('https://example.org');
    expect(o.expectedRPID).toBe('example.org');
    expect(o.requireUserVerification).toBe(false);
    expect(o.requireUserPresence).toBe(true);
    expect(o.now?.toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(o.attestation?.require).toBe('none');
    expect(o.attestation?.trustAnchors).toEqual([readFileSync(join(tmp, 'suite/roots/test-root.pem'), 'utf8')]);
    expect(o.attestation?.policy).toEqual({ safetyNetRequireCtsProfileMatch: false, allowSHA1: true });
    expect(o.supportedAlgorithms).toContain(-65535);
    expect(o.supportedAlgorithms).toContain(-7);
    expect(o).not.toHaveProperty('allowCrossOrigin');
    expect(o).not.toHaveProperty('expectedTopOrigin');
  });

  it('passes the stored credential for authentication (found from a nested folder)', async () => {
    const v = fakeVerifiers();
    await runConformance({ dirs: [join(tmp, 'suite/authentication')], ...nodeIO, verifiers: v });
    expect(v.calls.map((c) => c.kind)).toEqual(['authentication']);
    const o = v.calls[0]?.options as VerifyAuthenticationResponseOptions;
    expect(o.credential).toEqual({ id: 'AQID', publicKey: 'pQECAyYgAQ', counter: 5 });
    expect(o).not.toHaveProperty('now');
  });

  it('uses CRLs from <root>/crls/ for crl-revocation-check fixtures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-crl-'));
    try {
      mkdirSync(join(dir, 'roots'));
      mkdirSync(join(dir, 'crls'));
      writeFileSync(join(dir, 'crls', 'ca.crl'), new Uint8Array([0x30, 0x00]));
      writeFileSync(
        join(dir, 'revoked.json'),
        JSON.stringify(
          fixture({
            id: 'revoked',
            outcome: 'invalid',
            invalidReason: 'certificate-revoked',
            requires: ['crl-revocation-check'],
            expected: { challenge: 'c-revoked', origin: 'https://example.org', rpId: 'example.org' },
          }),
        ),
      );
      const v = fakeVerifiers({ 'c-revoked': 'ERR_CERTIFICATE_REVOKED' });
      const rows = await runConformance({ dirs: [dir], ...nodeIO, verifiers: v });
      expect(rows.map((r) => r.status)).toEqual(['pass']);
      const o = v.calls[0]?.options as VerifyRegistrationResponseOptions;
      expect(o.attestation?.revocation?.crls).toEqual([new Uint8Array([0x30, 0x00])]);
      expect(o.requireUserVerification).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('filters by id or path substring', async () => {
    const rows = await runConformance({
      dirs: [join(tmp, 'suite')],
      ...nodeIO,
      verifiers: fakeVerifiers(),
      filter: 'b-val',
    });
    expect(rows.map((r) => r.id)).toEqual(['b-valid']);
  });

  it('rejects a folder that does not exist', async () => {
    await expect(runConformance({ dirs: [join(tmp, 'nope')], ...nodeIO, verifiers: fakeVerifiers() })).rejects.toThrow(
      /cannot read folder/,
    );
  });
});

describe('prepareCall', () => {
  const ctx = { anchors: new Map<string, string>(), crls: [] };
  const asFixture = (o: Record<string, unknown>): Fixture => fixture(o) as unknown as Fixture;

  it('passes allowCrossOrigin and expectedTopOrigin only when the policy allows cross-origin use', () => {
    const expected = {
      challenge: 'c',
      origin: 'https://example.org',
      rpId: 'example.org',
      topOrigin: 'https://example.com',
    };
    const allowed = prepareCall(asFixture({ expected, policy: { allowCrossOrigin: true } }), ctx);
    expect(allowed.kind === 'registration' && allowed.options).toMatchObject({
      allowCrossOrigin: true,
      expectedTopOrigin: 'https://example.com',
    });
    const denied = prepareCall(asFixture({ expected, policy: { allowCrossOrigin: false } }), ctx);
    expect(denied.kind).toBe('registration');
    if (denied.kind === 'registration') {
      expect(denied.options).not.toHaveProperty('allowCrossOrigin');
      expect(denied.options).not.toHaveProperty('expectedTopOrigin');
    }
  });

  it('defaults requireUserVerification and requireUserPresence to true', () => {
    const call = prepareCall(
      asFixture({ expected: { challenge: 'c', origin: 'https://a.example', rpId: 'a.example' } }),
      ctx,
    );
    expect(call.kind === 'registration' && call.options).toMatchObject({
      requireUserVerification: true,
      requireUserPresence: true,
    });
  });

  it('marks unknown requirements unsupported', () => {
    expect(prepareCall(asFixture({ requires: ['quantum'] }), ctx)).toEqual({
      kind: 'unsupported',
      reason: 'requires quantum',
    });
  });

  it('rejects an unparseable verifyAt', () => {
    expect(() => prepareCall(asFixture({ attestation: { verifyAt: 'yesterday' } }), ctx)).toThrow(/verifyAt/);
  });
});

describe('judge', () => {
  async function run(o: Record<string, unknown>, behaviour: Behaviour): Promise<ConformanceRow> {
    const f = fixture({ ...o, expected: { challenge: 'x', origin: 'https://example.org', rpId: 'example.org' } });
    const call = prepareCall(f as unknown as Fixture, { anchors: new Map(), crls: [] });
    return judge(f as unknown as Fixture, 'f.json', call, fakeVerifiers({ x: behaviour }));
  }

  it('valid fixtures must verify', async () => {
    expect(await run({}, 'ok')).toMatchObject({ status: 'pass', got: 'valid' });
    expect(await run({}, 'ERR_SIGNATURE_INVALID')).toMatchObject({
      status: 'fail',
      got: 'invalid',
      code: 'ERR_SIGNATURE_INVALID',
    });
  });

  it('invalid fixtures must be rejected with a matching code', async () => {
    const inv = { outcome: 'invalid', invalidReason: 'origin-mismatch' };
    expect(await run(inv, 'ERR_ORIGIN_MISMATCH')).toMatchObject({ status: 'pass', got: 'invalid' });
    expect(await run(inv, 'ERR_CHALLENGE_MISMATCH')).toMatchObject({ status: 'fail', got: 'invalid' });
    expect((await run(inv, 'ERR_CHALLENGE_MISMATCH')).message).toMatch(/expected ERR_ORIGIN_MISMATCH/);
    expect(await run(inv, 'ok')).toMatchObject({ status: 'fail', got: 'valid' });
  });

  it('several reasons accept the union of their codes; unknown reasons accept any code', async () => {
    const multi = { outcome: 'invalid', invalidReason: 'certificate-chain-invalid,safetynet-jws-signature-invalid' };
    expect(await run(multi, 'ERR_CERTIFICATE_INVALID')).toMatchObject({ status: 'pass' });
    expect(await run(multi, 'ERR_ATTESTATION_INVALID')).toMatchObject({ status: 'pass' });
    expect(await run(multi, 'ERR_SIGNATURE_INVALID')).toMatchObject({ status: 'fail' });
    expect(await run({ outcome: 'invalid', invalidReason: 'something-new' }, 'ERR_INVALID_RESPONSE')).toMatchObject({
      status: 'pass',
    });
  });

  it('ERR_ATTESTATION_FORMAT_UNSUPPORTED is a skip, never a pass', async () => {
    expect(await run({}, 'ERR_ATTESTATION_FORMAT_UNSUPPORTED')).toMatchObject({ status: 'skip', got: 'unsupported' });
    expect(
      await run(
        { outcome: 'invalid', invalidReason: 'aaguid-extension-mismatch' },
        'ERR_ATTESTATION_FORMAT_UNSUPPORTED',
      ),
    ).toMatchObject({ status: 'skip' });
  });

  it('a crash (non-WebAuthnError) is a failure even for invalid fixtures', async () => {
    expect(await run({ outcome: 'invalid', invalidReason: 'x' }, 'TypeError')).toMatchObject({
      status: 'fail',
      got: 'error',
      code: 'TypeError',
    });
  });
});

describe('expectedCodesFor', () => {
  it.each([
    ['challenge-mismatch', ['ERR_CHALLENGE_MISMATCH']],
    ['origin-mismatch', ['ERR_ORIGIN_MISMATCH']],
    ['rpid-mismatch', ['ERR_RP_ID_HASH_MISMATCH']],
    ['counter-not-increased', ['ERR_COUNTER_REGRESSION']],
    ['cross-origin-not-allowed', ['ERR_CROSS_ORIGIN']],
    ['signature-invalid', ['ERR_SIGNATURE_INVALID']],
    ['aaguid-extension-mismatch', ['ERR_ATTESTATION_INVALID']],
    ['safetynet-cts-profile-mismatch', ['ERR_ATTESTATION_INVALID']],
    ['safetynet-jws-signature-invalid', ['ERR_ATTESTATION_INVALID', 'ERR_CERTIFICATE_INVALID']],
    ['certificate-chain-invalid', ['ERR_ATTESTATION_INVALID', 'ERR_CERTIFICATE_INVALID']],
    ['certificate-revoked', ['ERR_CERTIFICATE_REVOKED']],
  ])('%s', (reason, codes) => {
    expect(expectedCodesFor(reason)).toEqual(codes);
  });

  it('is undefined (any code) for missing or unknown reasons', () => {
    expect(expectedCodesFor(undefined)).toBeUndefined();
    expect(expectedCodesFor('origin-mismatch,brand-new')).toBeUndefined();
  });
});

describe('summary, table and exit code', () => {
  const row = (id: string, status: ConformanceRow['status'], code?: string): ConformanceRow => ({
    id,
    file: `${id}.json`,
    kind: 'registration',
    expected: 'valid',
    invalidReason: undefined,
    got: status === 'pass' ? 'valid' : status === 'skip' ? 'unsupported' : 'invalid',
    code,
    expectedCodes: undefined,
    status,
    message: status === 'pass' ? undefined : `why ${id}`,
  });

  it('counts and formats exactly "N passed, M failed, K skipped"', () => {
    const rows = [row('a', 'pass'), row('bb', 'fail', 'ERR_X'), row('c', 'skip'), row('d', 'pass')];
    const s = summarize(rows);
    expect(formatSummary(s)).toBe('2 passed, 1 failed, 1 skipped');
    expect(exitCodeFor(s)).toBe(1);
    expect(exitCodeFor(summarize([row('a', 'pass'), row('c', 'skip')]))).toBe(0);
    expect(formatSummary(summarize([]))).toBe('0 passed, 0 failed, 0 skipped');
  });

  it('aligns columns and explains non-passing rows', () => {
    const table = formatTable([row('a', 'pass'), row('long-id', 'fail', 'ERR_X')]).split('\n');
    expect(table[0]).toBe('RESULT  ID       EXPECTED  GOT      CODE');
    expect(table[1]).toBe('PASS    a        valid     valid    -');
    expect(table[2]).toBe('FAIL    long-id  valid     invalid  ERR_X');
    expect(table).toContain('FAIL long-id: why long-id');
  });
});

describe('shared fixtures (copied to a temp folder)', () => {
  const pick = ['registration/w3c-none-es256-registration.json', 'authentication/w3c-none-es256-authentication.json'];

  function copyShared(): string {
    const dir = mkdtempSync(join(tmpdir(), 'tessera-shared-'));
    for (const rel of pick) {
      mkdirSync(join(dir, dirname(rel)), { recursive: true });
      writeFileSync(join(dir, rel), readFileSync(join(SHARED_FIXTURES as string, rel)));
    }
    mkdirSync(join(dir, 'roots'));
    for (const f of readdirSync(join(SHARED_FIXTURES as string, 'roots'))) {
      writeFileSync(join(dir, 'roots', f), readFileSync(join(SHARED_FIXTURES as string, 'roots', f)));
    }
    return dir;
  }

  it.skipIf(!hasSharedFixtures('cli conformance on shared fixtures'))('reads real fixture files', async () => {
    const dir = copyShared();
    try {
      const v = fakeVerifiers();
      const rows = await runConformance({ dirs: [dir], ...nodeIO, verifiers: v });
      expect(rows.map((r) => [r.id, r.kind, r.status])).toEqual([
        ['w3c-none-es256-authentication', 'authentication', 'pass'],
        ['w3c-none-es256-registration', 'registration', 'pass'],
      ]);
      expect(v.calls[1]?.options.expectedRPID).toBe('example.org');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasSharedFixtures('cli conformance on shared fixtures'))(
    'passes them with the real verifiers (when src/verify is complete)',
    async (ctx) => {
      let verify: ConformanceVerifiers | undefined;
      try {
        verify = await import('../../src/verify/index.js');
      } catch {
        verify = undefined;
      }
      if (verify === undefined) {
        console.warn('[tessera] src/verify does not load yet: skipping the real-verifier conformance test');
        ctx.skip();
        return;
      }
      const dir = copyShared();
      try {
        const rows = await runConformance({ dirs: [dir], ...nodeIO, verifiers: verify });
        expect(rows.map((r) => `${r.id}:${r.status}:${r.code ?? ''}`)).toEqual([
          'w3c-none-es256-authentication:pass:',
          'w3c-none-es256-registration:pass:',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
