/**
 * Boundaries of compound (§8.9) syntax and policy, the format registry, the built-in format list
 * and trust assessment (§7.1 steps 24 and 28), compound paths included.
 */
import { describe, expect, it } from 'vitest';
import { defaultAttestationFormats, registryWith } from '../../src/attestation/builtin.js';
import { COMPOUND_MAX_STATEMENTS, compoundAttestation } from '../../src/attestation/compound.js';
import { createAttestationRegistry } from '../../src/attestation/registry.js';
import { assessTrust } from '../../src/attestation/trust.js';
import type {
  AttestationFormatVerifier,
  AttestationStatementResult,
  ResolvedMetadata,
} from '../../src/attestation/types.js';
import type { CBORMap, CBORValue } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';
import { makePKI, NOW as PKI_NOW } from '../certificates/pki.js';
import { type DecodedStatement, rejection } from './helpers/fixtures.js';
import { softwareStatement, verifyWith } from './helpers/software.js';

const sub = (fmt: CBORValue | undefined, attStmt: CBORValue | undefined): CBORMap => {
  const m = new Map<string, CBORValue>();
  if (fmt !== undefined) m.set('fmt', fmt);
  if (attStmt !== undefined) m.set('attStmt', attStmt);
  return m;
};
const NONE = (): CBORMap => sub('none', new Map());
const BAD_NONE = (): CBORMap => sub('none', new Map([['x', 1]]));

async function compoundOf(items: CBORValue): Promise<DecodedStatement> {
  return { ...(await softwareStatement('none')), fmt: 'compound', attStmt: items };
}

const boom: AttestationFormatVerifier = {
  format: 'boom',
  verify: () => Promise.reject(new TypeError('verifier bug')),
};
const bare: AttestationFormatVerifier = {
  format: 'bare',
  verify: () => Promise.reject(new WebAuthnError('ERR_ATTESTATION_INVALID', 'no details')),
};

async function run(items: CBORValue, policy = {}): Promise<AttestationStatementResult> {
  return (await verifyWith(compoundAttestation, await compoundOf(items), {
    policy,
    verifiers: [boom, bare],
  })) as AttestationStatementResult;
}

async function expectCompound(items: CBORValue, check: string, policy = {}): Promise<WebAuthnError> {
  const err = await rejection(() => run(items, policy));
  expect(err.code).toBe('ERR_ATTESTATION_INVALID');
  expect(err.details).toEqual({ format: 'compound', check });
  return err;
}

describe('compound: syntax', () => {
  it('two none sub-statements verify as compound', async () => {
    expect(compoundAttestation.format).toBe('compound');
    const result = await run([NONE(), NONE()]);
    expect(result).toMatchObject({ format: 'compound', type: 'none', trustPath: [] });
    expect(result.details).toEqual({ verified: [0, 1], failures: [] });
  });
  it('not an array, or fewer than two', async () => {
    await expectCompound(new Map(), 'syntax');
    await expectCompound([NONE()], 'compound.count');
  });
  it(`${COMPOUND_MAX_STATEMENTS} sub-statements verify; one more is ERR_INPUT_TOO_LARGE`, async () => {
    expect(COMPOUND_MAX_STATEMENTS).toBe(8);
    const eight = Array.from({ length: 8 }, NONE);
    await expect(run(eight)).resolves.toMatchObject({ details: { verified: [0, 1, 2, 3, 4, 5, 6, 7] } });
    const err = await rejection(() => run([...eight, NONE()]));
    expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
    expect(err.details).toEqual({ format: 'compound', limit: 8 });
  });
  it('a sub-statement that is not a map, or has another member', async () => {
    await expectCompound([NONE(), 'none'], 'syntax');
    const extra = NONE().set('x', 1);
    await expectCompound([NONE(), extra], 'syntax');
  });
  it('a sub-statement without fmt, with a non-text fmt, or without attStmt', async () => {
    await expectCompound([NONE(), sub(undefined, new Map())], 'syntax');
    await expectCompound([NONE(), sub(1, new Map())], 'syntax');
    await expectCompound([NONE(), sub('none', undefined)], 'syntax');
  });
  it('a nested compound', () => expectCompound([NONE(), sub('compound', [NONE(), NONE()])], 'compound.nested'));
});

describe('compound: compoundRequire', () => {
  it('by default a failing sub-statement rejects with its own code and check', async () => {
    const err = await rejection(() => run([NONE(), BAD_NONE()]));
    expect(err.details).toEqual({ format: 'none', check: 'syntax' });
  });
  for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1']) {
    it(`compoundRequire ${String(bad)} is a programmer error`, async () => {
      await expect(run([NONE(), NONE()], { compoundRequire: bad })).rejects.toThrow(RangeError);
    });
  }
  it('compoundRequire 1: failures are reported, including one without details', async () => {
    const result = await run([BAD_NONE(), NONE(), sub('bare', new Map())], { compoundRequire: 1 });
    expect(result.details).toEqual({
      verified: [1],
      failures: [
        { index: 0, fmt: 'none', code: 'ERR_ATTESTATION_INVALID', check: 'syntax' },
        { index: 2, fmt: 'bare', code: 'ERR_ATTESTATION_INVALID', check: undefined },
      ],
    });
  });
  it('too few verified: compound.require, caused by the first failure', async () => {
    const err = await expectCompound([NONE(), sub('bare', new Map()), BAD_NONE()], 'compound.require', {
      compoundRequire: 2,
    });
    expect(err.cause).toBeInstanceOf(WebAuthnError);
    expect((err.cause as WebAuthnError).details).toBeUndefined();
    const err2 = await expectCompound([BAD_NONE(), NONE(), sub('bare', new Map())], 'compound.require', {
      compoundRequire: 3,
    });
    expect((err2.cause as WebAuthnError).details).toEqual({ format: 'none', check: 'syntax' });
  });
  it('a sub-verifier that throws something other than a WebAuthnError is never counted as a failure', async () => {
    await expect(run([NONE(), NONE(), sub('boom', new Map())], { compoundRequire: 1 })).rejects.toThrow(TypeError);
  });
});

describe('registry', () => {
  it('built-in formats', () => {
    const formats = defaultAttestationFormats().map((v) => v.format);
    expect(formats).toEqual([
      'none',
      'packed',
      'fido-u2f',
      'tpm',
      'android-key',
      'android-safetynet',
      'apple',
      'compound',
    ]);
    // A copy: changing it does not change the defaults.
    defaultAttestationFormats().pop();
    expect(defaultAttestationFormats()).toHaveLength(8);
  });
  it('registryWith(undefined or []) serves the built-ins; extra formats are added', () => {
    expect(registryWith(undefined).formats()).toHaveLength(8);
    expect(registryWith([]).formats()).toHaveLength(8);
    const extended = registryWith([boom]);
    expect(extended.formats()).toEqual([...registryWith(undefined).formats(), 'boom']);
    expect(extended.get('boom')).toBe(boom);
    expect(registryWith(undefined).get('packed').format).toBe('packed');
  });
  it('an unknown or differently cased fmt is ERR_ATTESTATION_FORMAT_UNSUPPORTED with the fmt', () => {
    const registry = createAttestationRegistry([boom]);
    for (const fmt of ['Boom', 'none']) {
      let err: unknown;
      try {
        registry.get(fmt);
      } catch (e) {
        err = e;
      }
      expect((err as WebAuthnError).code).toBe('ERR_ATTESTATION_FORMAT_UNSUPPORTED');
      expect((err as WebAuthnError).details).toEqual({ fmt });
    }
    expect(registry.formats()).toEqual(['boom']);
  });
  it('verifiers need a text format and a verify function', () => {
    const verify = boom.verify;
    for (const v of [null, undefined, { format: 1, verify }, { format: 'x' }, { format: 'x', verify: 'f' }, {}]) {
      expect(() => createAttestationRegistry([v as never])).toThrow(TypeError);
    }
    expect(createAttestationRegistry([{ format: 'x', verify }]).formats()).toEqual(['x']);
  });
});

describe('trust assessment', () => {
  const base = {
    aaguid: new Uint8Array(16),
    metadata: undefined,
    revocation: undefined,
    now: PKI_NOW,
    backend: 'auto' as const,
  };
  async function paths() {
    const pki = await makePKI();
    const trustedPath: AttestationStatementResult = {
      format: 'packed',
      type: 'basic',
      trustPath: [pki.leaf, pki.intermediate],
    };
    const none: AttestationStatementResult = { format: 'none', type: 'none', trustPath: [] };
    return { pki, trustedPath, none };
  }
  const compound = (components: AttestationStatementResult[]): AttestationStatementResult => ({
    format: 'compound',
    type: components[0]?.type ?? 'none',
    trustPath: [],
    components,
  });

  it('a path to a supplied anchor is trusted; without anchors it is not', async () => {
    const { pki, trustedPath } = await paths();
    const t = await assessTrust({ ...base, statement: trustedPath, anchors: [pki.root.der] });
    expect(t.trusted).toBe(true);
    expect(t.anchor?.der).toEqual(pki.root.der);
    const u = await assessTrust({ ...base, statement: trustedPath, anchors: [] });
    expect(u.trusted).toBe(false);
    const w = await assessTrust({ ...base, statement: trustedPath, anchors: undefined });
    expect(w.trusted).toBe(false);
  });
  it('compound: trusted only when every component is; no components is never trusted', async () => {
    const { pki, trustedPath, none } = await paths();
    const anchors = [pki.root.der];
    const all = await assessTrust({ ...base, statement: compound([trustedPath, trustedPath]), anchors });
    expect(all.trusted).toBe(true);
    expect(all.anchor?.der).toEqual(pki.root.der);
    const mixed = await assessTrust({ ...base, statement: compound([trustedPath, none]), anchors });
    expect(mixed.trusted).toBe(false);
    expect(mixed.anchor?.der).toEqual(pki.root.der);
    const noneFirst = await assessTrust({ ...base, statement: compound([none, trustedPath]), anchors });
    expect(noneFirst.trusted).toBe(false);
    expect(noneFirst.anchor?.der).toEqual(pki.root.der);
    const onlyNone = await assessTrust({ ...base, statement: compound([none]), anchors });
    expect(onlyNone.trusted).toBe(false);
    const empty = await assessTrust({ ...base, statement: compound([]), anchors });
    expect(empty).toEqual({ trusted: false, anchor: undefined, metadata: undefined, revocation: undefined });
  });
  it('compound: the first component metadata is kept and its anchors count', async () => {
    const { pki, trustedPath } = await paths();
    const resolved: ResolvedMetadata[] = [
      { entry: { n: 1 }, anchors: [pki.root], statusReports: [] },
      { entry: { n: 2 }, anchors: [pki.root], statusReports: [] },
    ];
    let calls = 0;
    const metadata = { resolveAttestation: async () => resolved[calls++] };
    const t = await assessTrust({ ...base, statement: compound([trustedPath, trustedPath]), anchors: [], metadata });
    expect(t.trusted).toBe(true);
    expect(t.metadata?.entry).toEqual({ n: 1 });
  });
  it('compound: revocation results of the components are concatenated', async () => {
    const { pki, trustedPath } = await paths();
    const revocation = { crls: [], policy: 'fail-open' as const };
    const single = await assessTrust({ ...base, statement: trustedPath, anchors: [pki.root.der], revocation });
    expect(single.revocation?.checked.length).toBeGreaterThan(0);
    const n = single.revocation!.checked.length;
    const both = await assessTrust({
      ...base,
      statement: compound([trustedPath, trustedPath]),
      anchors: [pki.root.der],
      revocation,
    });
    expect(both.revocation?.checked).toEqual([...single.revocation!.checked, ...single.revocation!.checked]);
    expect(both.revocation?.checked).toHaveLength(2 * n);
    const none = await assessTrust({ ...base, statement: compound([trustedPath]), anchors: [pki.root.der] });
    expect(none.revocation).toBeUndefined();
  });
  it('revocation without a policy fails closed when no CRL is available', async () => {
    const { pki, trustedPath } = await paths();
    const err = await rejection(() =>
      assessTrust({ ...base, statement: trustedPath, anchors: [pki.root.der], revocation: { crls: [] } }),
    );
    expect(err.code).toBe('ERR_REVOCATION_UNAVAILABLE');
  });
});
