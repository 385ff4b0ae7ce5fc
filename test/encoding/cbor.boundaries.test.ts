import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/encoding/bytes.js';
import { type CBORLimits, decodeCBOR, decodeCBORPrefix, encodeCBOR } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';

/** The error code a call throws, a marker for foreign errors, or undefined when it returns. */
function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof WebAuthnError ? err.code : `non-library: ${String(err)}`;
  }
  return undefined;
}

const prefix = (hex: string, limits?: CBORLimits) => () => decodeCBORPrefix(fromHex(hex), 0, limits);

describe('decodeCBORPrefix on truncated input', () => {
  // decodeCBOR would also catch these through its trailing-bytes check; the prefix decoder
  // (used for the COSE key inside authenticatorData) must refuse them on its own.
  it.each([
    ['empty input', ''],
    ['uint with a missing 1-byte argument', '18'],
    ['uint with a short 2-byte argument', '1900'],
    ['uint with a short 4-byte argument', '1a000000'],
    ['uint with a short 8-byte argument', '1b00000000000000'],
    ['half float with one byte', 'f900'],
    ['single float with three bytes', 'fa000000'],
    ['double float with seven bytes', 'fb00000000000000'],
    ['byte string one byte short', '430102'],
    ['text string one byte short', '636162'],
    ['byte string with a truncated length', '58'],
  ])('rejects %s', (_name, hex) => {
    expect(code(prefix(hex))).toBe('ERR_CBOR_MALFORMED');
  });

  it('rejects an offset at the end of the input', () => {
    expect(code(() => decodeCBORPrefix(fromHex('0102'), 2))).toBe('ERR_CBOR_MALFORMED');
  });

  it('accepts a byte string that ends exactly at the end of the input', () => {
    const { value, end } = decodeCBORPrefix(fromHex('00430102030405'), 1);
    expect(value).toEqual(Uint8Array.of(1, 2, 3));
    expect(end).toBe(5);
  });
});

describe('integer arguments', () => {
  it('decodes each argument width exactly', () => {
    expect(decodeCBOR(fromHex('17'))).toBe(23);
    expect(decodeCBOR(fromHex('1818'))).toBe(24);
    expect(decodeCBOR(fromHex('19ffff'))).toBe(0xffff);
    expect(decodeCBOR(fromHex('1affffffff'))).toBe(0xffffffff);
    expect(decodeCBOR(fromHex('1b0000000100000000'))).toBe(2 ** 32);
  });

  it('keeps 2^53 - 1 a number and makes 2^53 a bigint', () => {
    const max = decodeCBOR(fromHex('1b001fffffffffffff'));
    expect(typeof max).toBe('number');
    expect(max).toBe(Number.MAX_SAFE_INTEGER);
    expect(decodeCBOR(fromHex('1b0020000000000000'))).toBe(2n ** 53n);
  });

  it('decodes negative integers at and beyond the safe range exactly', () => {
    expect(decodeCBOR(fromHex('20'))).toBe(-1);
    expect(decodeCBOR(fromHex('3b001ffffffffffffe'))).toBe(-Number.MAX_SAFE_INTEGER);
    expect(decodeCBOR(fromHex('3b001fffffffffffff'))).toBe(-(2n ** 53n));
    expect(decodeCBOR(fromHex('3b0020000000000000'))).toBe(-(2n ** 53n) - 1n);
    expect(decodeCBOR(fromHex('3bffffffffffffffff'))).toBe(-(2n ** 64n));
  });
});

describe('half-precision floats (RFC 8949 Appendix A)', () => {
  it.each([
    ['f90000', 0],
    ['f98000', -0],
    ['f93c00', 1],
    ['f93e00', 1.5],
    ['f93800', 0.5],
    ['f97bff', 65504],
    ['f90001', 2 ** -24],
    ['f98001', -(2 ** -24)],
    ['f903ff', 1023 * 2 ** -24],
    ['f90400', 2 ** -14],
    ['f9c400', -4],
    ['f9c000', -2],
    ['f9bc00', -1],
    ['f97c00', Number.POSITIVE_INFINITY],
    ['f9fc00', Number.NEGATIVE_INFINITY],
    ['f97e00', Number.NaN],
    ['f97c01', Number.NaN],
  ])('%s decodes to %d', (hex, expected) => {
    expect(decodeCBOR(fromHex(hex))).toBe(expected);
  });

  it('decodes single and double floats', () => {
    expect(decodeCBOR(fromHex('fa47c35000'))).toBe(100000);
    expect(decodeCBOR(fromHex('fa7f800000'))).toBe(Number.POSITIVE_INFINITY);
    expect(decodeCBOR(fromHex('fb3ff199999999999a'))).toBe(1.1);
    expect(decodeCBOR(fromHex('fbc010666666666666'))).toBe(-4.1);
  });
});

describe('simple values when floats are refused', () => {
  it('still decodes false, true, null and undefined', () => {
    const noFloats = { allowFloats: false };
    expect(decodeCBOR(fromHex('f4'), noFloats)).toBe(false);
    expect(decodeCBOR(fromHex('f5'), noFloats)).toBe(true);
    expect(decodeCBOR(fromHex('f6'), noFloats)).toBeNull();
    expect(decodeCBOR(fromHex('f7'), noFloats)).toBeUndefined();
  });

  it.each([['f8'], ['f818'], ['fc'], ['fd'], ['fe'], ['ff']])('rejects simple value %s', (hex) => {
    expect(code(() => decodeCBOR(fromHex(hex)))).toBe('ERR_CBOR_MALFORMED');
    expect(code(() => decodeCBOR(fromHex(hex), { allowFloats: false }))).toBe('ERR_CBOR_MALFORMED');
  });
});

describe('tags', () => {
  it.each([
    ['a tag whose argument looks like a half float', 'd93c00'],
    ['a tag whose argument looks like false', 'd4'],
    ['a tag whose argument looks like null', 'd6'],
    ['tag 1 (epoch time)', 'c11a514b67b0'],
  ])('rejects %s', (_name, hex) => {
    expect(code(() => decodeCBOR(fromHex(hex)))).toBe('ERR_CBOR_MALFORMED');
    expect(code(prefix(hex))).toBe('ERR_CBOR_MALFORMED');
  });
});

describe('text strings', () => {
  it('rejects invalid UTF-8 even when the following bytes would form a valid item', () => {
    // 0x62 announces 2 bytes of text; the bytes after it could be misread as an array's items.
    expect(code(() => decodeCBOR(fromHex('8162c3280102')))).toBe('ERR_CBOR_MALFORMED');
    expect(code(prefix('62c3280102'))).toBe('ERR_CBOR_MALFORMED');
  });

  it('decodes valid multi-byte UTF-8', () => {
    expect(decodeCBOR(fromHex('62c3a9'))).toBe('\u00e9');
  });
});

describe('item limits', () => {
  it('allows exactly maxTotalItems items in a document and refuses one more', () => {
    // [1, 2, 3] is four items: the array and its three elements.
    expect(decodeCBOR(fromHex('83010203'), { maxTotalItems: 4 })).toEqual([1, 2, 3]);
    expect(code(() => decodeCBOR(fromHex('83010203'), { maxTotalItems: 3 }))).toBe('ERR_CBOR_MALFORMED');
  });

  it('allows an array of exactly maxItems elements and refuses one more', () => {
    expect(decodeCBOR(fromHex('83010203'), { maxItems: 3 })).toEqual([1, 2, 3]);
    expect(code(() => decodeCBOR(fromHex('8401020304'), { maxItems: 3 }))).toBe('ERR_CBOR_MALFORMED');
  });

  it('allows a map of exactly maxItems entries and refuses one more', () => {
    const two = decodeCBOR(fromHex('a201020304'), { maxItems: 2 });
    expect(two).toEqual(
      new Map([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(code(() => decodeCBOR(fromHex('a3010203040506'), { maxItems: 2 }))).toBe('ERR_CBOR_MALFORMED');
  });

  it('allows nesting up to maxDepth and refuses one level more', () => {
    // [[1]] has two container levels.
    expect(decodeCBOR(fromHex('818101'), { maxDepth: 2 })).toEqual([[1]]);
    expect(code(() => decodeCBOR(fromHex('818101'), { maxDepth: 1 }))).toBe('ERR_CBOR_MALFORMED');
    expect(decodeCBOR(fromHex('a101a10102'), { maxDepth: 2 })).toEqual(new Map([[1, new Map([[1, 2]])]]));
    expect(code(() => decodeCBOR(fromHex('a101a10102'), { maxDepth: 1 }))).toBe('ERR_CBOR_MALFORMED');
  });

  it('bounds nesting through map keys as well as values, without a stack overflow', () => {
    // 200,000 maps, each the key of the previous one; the item budget is lifted so only the
    // depth bound can stop the recursion.
    const n = 200_000;
    const deep = new Uint8Array(n + 4).fill(0xa1);
    deep.set([0x01, 0x01, 0x01, 0x01], n);
    expect(code(() => decodeCBOR(deep, { maxTotalItems: Number.MAX_SAFE_INTEGER }))).toBe('ERR_CBOR_MALFORMED');
  });
});

describe('encodeCBOR', () => {
  it('encodes bigint zero, 2^64 - 1 and -(2^64 - 1) in the 64-bit forms', () => {
    expect(encodeCBOR(0n)).toEqual(fromHex('1b0000000000000000'));
    expect(encodeCBOR(2n ** 64n - 1n)).toEqual(fromHex('1bffffffffffffffff'));
    expect(encodeCBOR(-1n)).toEqual(fromHex('3b0000000000000000'));
    expect(encodeCBOR(-(2n ** 64n) + 1n)).toEqual(fromHex('3bfffffffffffffffe'));
  });

  it('encodes -2^64, the most negative major-type-1 integer, in the 64-bit form (RFC 8949 §3.1)', () => {
    expect(encodeCBOR(-(2n ** 64n))).toEqual(fromHex('3bffffffffffffffff'));
    expect(decodeCBOR(encodeCBOR(-(2n ** 64n)))).toBe(-(2n ** 64n));
  });

  it('encodes bigints beyond 64 bits as tag 2/3 bignums', () => {
    expect(encodeCBOR(2n ** 64n)).toEqual(fromHex('c249010000000000000000'));
    expect(encodeCBOR(-(2n ** 64n) - 1n)).toEqual(fromHex('c349010000000000000000'));
  });

  it('encodes integers in their shortest form and other numbers as float64', () => {
    expect(encodeCBOR(23)).toEqual(fromHex('17'));
    expect(encodeCBOR(24)).toEqual(fromHex('1818'));
    expect(encodeCBOR(0x100)).toEqual(fromHex('190100'));
    expect(encodeCBOR(0x10000)).toEqual(fromHex('1a00010000'));
    expect(encodeCBOR(-7)).toEqual(fromHex('26'));
    expect(encodeCBOR(1.5)).toEqual(fromHex('fb3ff8000000000000'));
  });

  it('encodes outputs larger than the initial buffer', () => {
    for (const n of [200, 250, 251, 252, 253, 254, 255, 256, 300, 70_000]) {
      const bytes = new Uint8Array(n).map((_, i) => i & 0xff);
      const encoded = encodeCBOR([bytes, 'end']);
      expect(decodeCBOR(encoded)).toEqual([bytes, 'end']);
    }
  });

  function nestArrays(levels: number): unknown {
    let v: unknown = 0;
    for (let i = 0; i < levels; i++) v = [v];
    return v;
  }
  function nestMapValues(levels: number): unknown {
    let v: unknown = 0;
    for (let i = 0; i < levels; i++) v = new Map([[1, v]]);
    return v;
  }
  function nestMapKeys(levels: number): unknown {
    let v: unknown = 0;
    for (let i = 0; i < levels; i++) v = new Map([[v, 1]]);
    return v;
  }
  function nestObjects(levels: number): unknown {
    let v: unknown = 0;
    for (let i = 0; i < levels; i++) v = { a: v };
    return v;
  }

  it.each([
    ['arrays', nestArrays],
    ['map values', nestMapValues],
    ['map keys', nestMapKeys],
    ['plain-object values', nestObjects],
  ])('allows 64 levels of %s and throws RangeError at 65', (_name, nest) => {
    expect(() => encodeCBOR(nest(64))).not.toThrow();
    expect(() => encodeCBOR(nest(65))).toThrow(RangeError);
  });

  it('encodes null-prototype objects as text-keyed maps and refuses class instances', () => {
    const bare = Object.assign(Object.create(null), { a: 1 });
    expect(encodeCBOR(bare)).toEqual(fromHex('a1616101'));
    expect(encodeCBOR({ a: 1 })).toEqual(fromHex('a1616101'));
    expect(() => encodeCBOR(new Date(0))).toThrow(TypeError);
    expect(() => encodeCBOR(() => 0)).toThrow(TypeError);
  });
});
