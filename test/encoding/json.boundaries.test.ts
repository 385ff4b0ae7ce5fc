import { describe, expect, it } from 'vitest';
import { parseStrictJSON } from '../../src/encoding/json.js';

describe('strict JSON numbers', () => {
  it.each([
    ['-1', -1],
    ['-0', -0],
    ['0', 0],
    ['1e5', 100000],
    ['1E2', 100],
    ['2e-1', 0.2],
    ['2e+1', 20],
    ['-1.5e3', -1500],
    ['[1e2,-3]', [100, -3]],
  ])('parses %s exactly', (text, expected) => {
    expect(parseStrictJSON(text)).toEqual(expected);
  });

  it.each([
    ['a lone minus', '-'],
    ['a minus before a letter', '-a'],
    ['a minus inside an array', '[-]'],
    ['a minus before a separator and a number', '[-,0]'],
    ['a minus before whitespace and a number', '[- 1]'],
    ['a leading plus', '+1'],
    ['a bare fraction', '.5'],
    ['a missing exponent', '1e'],
  ])('rejects %s with SyntaxError', (_name, text) => {
    expect(() => parseStrictJSON(text)).toThrow(SyntaxError);
  });
});

describe('strict JSON literals', () => {
  it('parses the three literals', () => {
    expect(parseStrictJSON('true')).toBe(true);
    expect(parseStrictJSON('false')).toBe(false);
    expect(parseStrictJSON('null')).toBeNull();
  });

  it.each([['trux'], ['falsy'], ['nulL'], ['tru'], ['[fals,0]']])('rejects %s with SyntaxError', (text) => {
    expect(() => parseStrictJSON(text)).toThrow(SyntaxError);
  });
});

describe('strict JSON string escapes', () => {
  it('decodes every single-character escape', () => {
    expect(parseStrictJSON('"\\b\\f\\n\\r\\t\\"\\\\\\/"')).toBe('\b\f\n\r\t"\\/');
    expect(parseStrictJSON('"a\\nb"')).toBe('a\nb');
  });

  it('decodes unicode escapes, including lone surrogates, as code units', () => {
    expect(parseStrictJSON('"\\u0041\\u00E9\\ud83d\\ude00"')).toBe('A\u00e9\u{1f600}');
    expect(parseStrictJSON('"\\uD800"')).toBe('\ud800');
  });

  it.each([
    ['non-hex digits', '"\\u00zz"'],
    ['a non-hex first digit', '"\\ux041"'],
    ['too few digits before the quote', '"\\u41"'],
    ['digits cut by the end of input', '"\\u004'],
    ['a signed escape', '"\\u+041"'],
    ['an escape at the end of input', '"\\'],
  ])('rejects a unicode escape with %s', (_name, text) => {
    expect(() => parseStrictJSON(text)).toThrow(SyntaxError);
  });
});

describe('strict JSON containers', () => {
  it('accepts whitespace inside empty containers', () => {
    expect(parseStrictJSON('[ ]')).toEqual([]);
    expect(parseStrictJSON('[\n\t]')).toEqual([]);
    expect(parseStrictJSON('{ }')).toEqual({});
    expect(parseStrictJSON('{\r\n}')).toEqual({});
    expect(parseStrictJSON(' { "a" : [ 1 , 2 ] } ')).toEqual({ a: [1, 2] });
  });

  it.each([
    ['array elements without a comma', '[1 2]'],
    ['array elements separated by a semicolon', '[1;2]'],
    ['array elements separated by a colon', '[1:2]'],
    ['an unterminated array', '[1,2'],
    ['members separated by a semicolon', '{"a":1;"b":2}'],
    ['members without a comma', '{"a":1 "b":2}'],
    ['an unterminated object', '{"a":1'],
    ['an unquoted member name', '{xa":1}'],
    ['a numeric member name', '{1:2}'],
    ['a missing colon', '{"a" 1}'],
    ['a missing value', '{"a":}'],
  ])('rejects %s with SyntaxError', (_name, text) => {
    expect(() => parseStrictJSON(text)).toThrow(SyntaxError);
  });

  it('allows nesting up to maxDepth and refuses one level more, for arrays and objects', () => {
    expect(parseStrictJSON('[[1]]', { maxDepth: 2 })).toEqual([[1]]);
    expect(() => parseStrictJSON('[[[1]]]', { maxDepth: 2 })).toThrow(SyntaxError);
    expect(parseStrictJSON('{"a":{"b":1}}', { maxDepth: 2 })).toEqual({ a: { b: 1 } });
    expect(() => parseStrictJSON('{"a":{"b":{}}}', { maxDepth: 2 })).toThrow(SyntaxError);
    expect(parseStrictJSON('[{"a":1}]', { maxDepth: 2 })).toEqual([{ a: 1 }]);
    expect(() => parseStrictJSON('{"a":[{}]}', { maxDepth: 2 })).toThrow(SyntaxError);
  });

  it('defaults maxDepth to 32', () => {
    expect(parseStrictJSON(`${'['.repeat(32)}${']'.repeat(32)}`)).toBeDefined();
    expect(() => parseStrictJSON(`${'['.repeat(33)}${']'.repeat(33)}`)).toThrow(SyntaxError);
    expect(parseStrictJSON(`${'{"a":'.repeat(31)}{}${'}'.repeat(31)}`)).toBeDefined();
    expect(() => parseStrictJSON(`${'{"a":'.repeat(32)}{}${'}'.repeat(32)}`)).toThrow(SyntaxError);
  });

  it('returns member values keyed exactly, with duplicates refused after escapes are decoded', () => {
    expect(parseStrictJSON('{"a":1,"b":2}')).toEqual({ a: 1, b: 2 });
    expect(() => parseStrictJSON('{"a":1,"\\u0061":2}')).toThrow(SyntaxError);
  });
});
