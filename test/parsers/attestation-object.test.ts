import { describe, expect, it } from 'vitest';
import { encodeCBOR } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';
import { parseAttestationObject } from '../../src/parsers/attestation-object.js';

const good = (): Map<string, unknown> =>
  new Map<string, unknown>([
    ['fmt', 'none'],
    ['attStmt', new Map()],
    ['authData', new Uint8Array(37)],
  ]);

function codeOf(bytes: Uint8Array): string | undefined {
  try {
    parseAttestationObject(bytes);
  } catch (err) {
    return err instanceof WebAuthnError ? err.code : `non-library: ${String(err)}`;
  }
  return undefined;
}

describe('parseAttestationObject', () => {
  it('parses fmt, attStmt and authData', () => {
    const o = parseAttestationObject(encodeCBOR(good()));
    expect(o.fmt).toBe('none');
    expect(o.authData.length).toBe(37);
  });

  it('accepts an array attStmt (compound, §8.9)', () => {
    const m = good();
    m.set('fmt', 'compound');
    m.set('attStmt', []);
    expect(parseAttestationObject(encodeCBOR(m)).attStmt).toEqual([]);
  });

  it.each<[string, (m: Map<string, unknown>) => void]>([
    ['fmt as bytes (§4 #13)', (m) => m.set('fmt', new Uint8Array([1]))],
    ['fmt longer than 32 bytes (§4 #83)', (m) => m.set('fmt', 'x'.repeat(33))],
    ['fmt with a non-printable character', (m) => m.set('fmt', 'pa\ncked')],
    ['authData as text', (m) => m.set('authData', 'abc')],
    ['attStmt missing', (m) => m.delete('attStmt')],
    ['attStmt a number', (m) => m.set('attStmt', 1)],
    ['unknown member', (m) => m.set('epAtt', true)],
  ])('rejects %s with ERR_INVALID_RESPONSE', (_name, mutate) => {
    const m = good();
    mutate(m);
    expect(codeOf(encodeCBOR(m))).toBe('ERR_INVALID_RESPONSE');
  });

  it('rejects malformed CBOR with ERR_CBOR_MALFORMED', () => {
    const bytes = encodeCBOR(good());
    expect(codeOf(bytes.slice(0, -1))).toBe('ERR_CBOR_MALFORMED');
    expect(codeOf(new Uint8Array([...bytes, 0]))).toBe('ERR_CBOR_MALFORMED');
  });
});
