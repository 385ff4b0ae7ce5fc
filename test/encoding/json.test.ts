import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStrictJSON } from '../../src/encoding/json.js';

describe('strict JSON', () => {
  it('agrees with JSON.parse on valid documents without duplicates', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
        const text = JSON.stringify(value);
        expect(parseStrictJSON(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('accepts escaped slashes, whitespace and unicode escapes', () => {
    expect(parseStrictJSON(' {"origin":"https:\\/\\/example.com",\r\n\t"x":"\\u00e9"} ')).toEqual({
      origin: 'https://example.com',
      x: 'é',
    });
  });

  it.each([
    ['duplicate member', '{"a":1,"a":2}'],
    ['nested duplicate member', '{"a":{"b":1,"b":1}}'],
    ['trailing garbage', '{"a":1} x'],
    ['trailing comma', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['control character', '{"a":"\u0001"}'],
    ['bad escape', '{"a":"\\x41"}'],
    ['leading zero', '{"a":01}'],
    ['unterminated', '{"a":"x'],
  ])('rejects %s', (_name, text) => {
    expect(() => parseStrictJSON(text)).toThrow(SyntaxError);
  });

  it('bounds nesting depth', () => {
    expect(() => parseStrictJSON('['.repeat(10_000) + ']'.repeat(10_000))).toThrow(SyntaxError);
  });
});
