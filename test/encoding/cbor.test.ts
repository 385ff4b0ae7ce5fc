import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/encoding/bytes.js';
import { decodeCBOR, decodeCBORPrefix, encodeCBOR } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof WebAuthnError ? err.code : `non-library: ${String(err)}`;
  }
  return undefined;
}

describe('strict CBOR decoder', () => {
  it('decodes the CTAP2 shapes: maps with int and text keys, bytes, arrays, negative ints', () => {
    const v = decodeCBOR(
      fromHex('a40102032620012158200000000000000000000000000000000000000000000000000000000000000000'),
    );
    expect(v).toBeInstanceOf(Map);
    const m = v as Map<number, unknown>;
    expect(m.get(1)).toBe(2);
    expect(m.get(3)).toBe(-7);
    expect(m.get(-1)).toBe(1);
    expect((m.get(-2) as Uint8Array).length).toBe(32);
  });

  it('round-trips what encodeCBOR produces, keeping Map order and untagged bytes', () => {
    const input = new Map<number | string, unknown>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', new Uint8Array([1, 2, 3])],
      [-3, [1, -1, 'x', true, null]],
    ]);
    const bytes = encodeCBOR(input);
    expect(bytes[0]).toBe(0xa4);
    const back = decodeCBOR(bytes) as Map<unknown, unknown>;
    expect([...back.keys()]).toEqual(['fmt', 'attStmt', 'authData', -3]);
    expect(back.get('authData')).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('reports where a prefix item ends', () => {
    const { value, end } = decodeCBORPrefix(fromHex('a10102ff00'), 0);
    expect(value).toBeInstanceOf(Map);
    expect(end).toBe(3);
  });

  it.each([
    ['trailing bytes', 'a1010200'],
    ['truncated map', 'a20102'],
    ['truncated byte string', '5820aabb'],
    ['indefinite map', 'bf0102ff'],
    ['indefinite array', '9f01ff'],
    ['indefinite byte string', '5f4101ff'],
    ['indefinite text', '7f6161ff'],
    ['duplicate int key', 'a2030103 02'.replace(' ', '')],
    ['duplicate text key', 'a263666d74616163666d746162'],
    ['tag 24 (embedded CBOR)', 'd81841a0'],
    ['tag 2 (bignum)', 'c24101'],
    ['byte-string key', 'a1410101'],
    ['array key', 'a1800101'],
    ['huge declared length', '5bffffffffffffffff'],
    ['declared length beyond input', '5a0000ffff00'],
    ['array count beyond input', '9a0000ffff'],
    ['invalid UTF-8 text', '62c328'],
    ['reserved additional info', '1c'],
    ['lone break', 'ff'],
    ['unassigned simple value', 'f0'],
    ['empty input', ''],
  ])('rejects %s with ERR_CBOR_MALFORMED', (_name, hex) => {
    expect(code(() => decodeCBOR(fromHex(hex)))).toBe('ERR_CBOR_MALFORMED');
  });

  it('rejects 100,000-deep nesting quickly and without a stack overflow', () => {
    const deep = new Uint8Array(100_001).fill(0x81);
    deep[100_000] = 0xf6;
    expect(code(() => decodeCBOR(deep))).toBe('ERR_CBOR_MALFORMED');
  });

  it('bounds item counts per container and per document', () => {
    const bigArray = new Uint8Array([0x99, 0x08, 0x00, ...new Array(2048).fill(0)]);
    expect(code(() => decodeCBOR(bigArray))).toBe('ERR_CBOR_MALFORMED');
    expect(code(() => decodeCBOR(bigArray, { maxItems: 4096 }))).toBeUndefined();
    expect(code(() => decodeCBOR(bigArray, { maxItems: 4096, maxTotalItems: 100 }))).toBe('ERR_CBOR_MALFORMED');
  });

  it('decodes large integers as bigint and half floats as numbers', () => {
    expect(decodeCBOR(fromHex('1b0020000000000000'))).toBe(2n ** 53n);
    expect(decodeCBOR(fromHex('3b001fffffffffffff'))).toBe(-(2n ** 53n));
    expect(decodeCBOR(fromHex('f93c00'))).toBe(1);
    expect(decodeCBOR(fromHex('f7'))).toBeUndefined();
  });
});

describe('allowFloats', () => {
  it('refuses half, single and double floats when allowFloats is false (COSE keys)', () => {
    for (const hex of ['f9c700', 'fac0e00000', 'fbc01c000000000000', 'a10cf93c00']) {
      expect(code(() => decodeCBOR(fromHex(hex), { allowFloats: false }))).toBe('ERR_CBOR_MALFORMED');
      expect(code(() => decodeCBOR(fromHex(hex)))).toBeUndefined();
    }
    expect(decodeCBOR(fromHex('f5'), { allowFloats: false })).toBe(true);
  });
});
