/**
 * The project's own captures from real Chromium (fixtures/chromium/, written by the e2e suite
 * with CDP virtual authenticators) through the verifiers, one test per fixture, with the same
 * rules as `tessera conformance`. Under the default policy the cloned-counter capture must be
 * rejected with ERR_COUNTER_REGRESSION; under counterPolicy 'flag' it must be reported instead.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkFixture, judge, prepareCall } from '../../src/cli/conformance.js';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '../../src/verify/index.js';

const DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../fixtures/chromium');
const files = ['registration', 'authentication'].flatMap((kind) =>
  existsSync(join(DIR, kind))
    ? readdirSync(join(DIR, kind))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(DIR, kind, f))
    : [],
);
const verifiers = { verifyRegistrationResponse, verifyAuthenticationResponse };
const load = (file: string) => checkFixture(JSON.parse(readFileSync(file, 'utf8')), file);

describe('fixtures/chromium (real Chromium captures)', () => {
  it('has captures for every authenticator kind of the e2e suite', () => {
    const ids = files.map((f) => load(f).id).join(' ');
    for (const part of ['es256', 'rs256', 'ed25519', 'packed', 'fido-u2f', 'non-resident', 'wrong-origin', 'cloned']) {
      expect(ids).toContain(part);
    }
  });

  it.each(files.map((f) => [f.slice(DIR.length + 1), f]))('%s', async (_name, file) => {
    const fixture = load(file);
    const call = prepareCall(fixture, { anchors: new Map(), crls: [] });
    const row = await judge(fixture, file, call, verifiers);
    // On failure the diff shows what Tessera did (got, code, message).
    expect({ status: row.status, got: row.got, code: row.code, message: row.message }).toMatchObject({
      status: 'pass',
    });
  });

  it('a cloned authenticator is reported, not rejected, under counterPolicy "flag"', async () => {
    const file = files.find((f) => f.includes('cloned-counter'));
    if (!file) return;
    const fixture = load(file);
    const call = prepareCall(fixture, { anchors: new Map(), crls: [] });
    if (call.kind !== 'authentication') throw new Error('expected an authentication fixture');
    const result = await verifyAuthenticationResponse({ ...call.options, counterPolicy: 'flag' });
    expect(result.counterStatus).toBe('regressed');
  });
});
