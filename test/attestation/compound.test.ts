import { describe, expect, it } from 'vitest';
import { compoundAttestation } from '../../src/attestation/compound.js';
import { tpmAttestation } from '../../src/attestation/tpm.js';
import type { AttestationStatementResult } from '../../src/attestation/types.js';
import type { CBORMap, CBORValue } from '../../src/encoding/cbor.js';
import { rejection } from './helpers/fixtures.js';
import { type SoftwareStatementOptions, softwareStatement, verifyWith } from './helpers/software.js';

const VERIFIERS = [tpmAttestation];

/** packed + tpm, both signed over the same authData and clientDataHash. */
function compound(options: SoftwareStatementOptions = {}): ReturnType<typeof softwareStatement> {
  return softwareStatement('compound', options);
}

function items(attStmt: CBORValue): CBORMap[] {
  return attStmt as CBORMap[];
}

describe('compound', () => {
  it('packed + tpm verifies; each component is reported', async () => {
    const result = (await verifyWith(compoundAttestation, await compound(), {
      verifiers: VERIFIERS,
    })) as AttestationStatementResult;
    expect(result.format).toBe('compound');
    expect(result.trustPath).toEqual([]);
    expect(result.components?.map((c) => [c.format, c.type])).toEqual([
      ['packed', 'basic'],
      ['tpm', 'attca'],
    ]);
    expect(result.type).toBe('basic');
    expect(result.details).toEqual({ verified: [0, 1], failures: [] });
  });
  it('one sub-statement only', async () => {
    const decoded = await compound({ mutate: { attStmt: (a) => items(a).slice(0, 1) } });
    const err = await rejection(() => verifyWith(compoundAttestation, decoded, { verifiers: VERIFIERS }));
    expect(err.code).toBe('ERR_ATTESTATION_INVALID');
    expect(err.details?.check).toBe('compound.count');
  });
  it('a nested compound statement', async () => {
    const decoded = await compound({
      mutate: {
        attStmt: (a) => [
          items(a)[0]!,
          new Map<string, CBORValue>([
            ['fmt', 'compound'],
            ['attStmt', a as CBORValue[]],
          ]),
        ],
      },
    });
    const err = await rejection(() => verifyWith(compoundAttestation, decoded, { verifiers: VERIFIERS }));
    expect(err.details?.check).toBe('compound.nested');
  });
  it('one failing sub-statement: rejected by default with the failure’s own code and check', async () => {
    const decoded = await compound({
      tpm: { mutateCertInfo: (c) => Uint8Array.from(c, (b, i) => (i === 0 ? b ^ 1 : b)) },
    });
    const err = await rejection(() => verifyWith(compoundAttestation, decoded, { verifiers: VERIFIERS }));
    expect(err.code).toBe('ERR_ATTESTATION_INVALID');
    expect(err.details).toMatchObject({ format: 'tpm', check: 'tpm.magic' });
  });
  it('compoundRequire 1: one of two suffices, the failure is reported', async () => {
    const decoded = await compound({
      tpm: { mutateCertInfo: (c) => Uint8Array.from(c, (b, i) => (i === 0 ? b ^ 1 : b)) },
    });
    const result = (await verifyWith(compoundAttestation, decoded, {
      verifiers: VERIFIERS,
      policy: { compoundRequire: 1 },
    })) as AttestationStatementResult;
    expect(result.components?.map((c) => c.format)).toEqual(['packed']);
    expect(result.details).toEqual({
      verified: [0],
      failures: [{ index: 1, fmt: 'tpm', code: 'ERR_ATTESTATION_INVALID', check: 'tpm.magic' }],
    });
  });
  it('compoundRequire 2 with one failing', async () => {
    const decoded = await compound({
      tpm: { mutateCertInfo: (c) => Uint8Array.from(c, (b, i) => (i === 0 ? b ^ 1 : b)) },
    });
    const err = await rejection(() =>
      verifyWith(compoundAttestation, decoded, { verifiers: VERIFIERS, policy: { compoundRequire: 2 } }),
    );
    expect(err.details?.check).toBe('compound.require');
  });
  it('an unsupported sub-format', async () => {
    const decoded = await compound({
      mutate: { attStmt: (a) => [items(a)[0]!, new Map(items(a)[1]!).set('fmt', 'tpm2')] },
    });
    const err = await rejection(() => verifyWith(compoundAttestation, decoded, { verifiers: VERIFIERS }));
    expect(err.code).toBe('ERR_ATTESTATION_FORMAT_UNSUPPORTED');
  });
  it('malformed items, too many items, bad policy', async () => {
    const base = await compound();
    const list = items(base.attStmt);
    const run = (attStmt: CBORValue, policy = {}) =>
      verifyWith(compoundAttestation, { ...base, attStmt }, { verifiers: VERIFIERS, policy });
    expect((await rejection(() => run(new Map()))).details?.check).toBe('syntax');
    expect((await rejection(() => run([list[0]!, 'packed']))).details?.check).toBe('syntax');
    expect((await rejection(() => run([list[0]!, new Map(list[1]!).set('extra', 1)]))).details?.check).toBe('syntax');
    expect((await rejection(() => run(new Array(9).fill(list[0]!)))).code).toBe('ERR_INPUT_TOO_LARGE');
    await expect(run(list, { compoundRequire: 0 })).rejects.toThrow(RangeError);
  });
});
