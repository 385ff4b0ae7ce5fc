import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeBase64OrUndefined,
  decodeBase64url,
  decodeBase64urlOrUndefined,
  encodeBase64,
  encodeBase64url,
  isBase64url,
} from '../../src/encoding/base64url.js';

describe('base64url decoding of the trailing group', () => {
  it('decodes 2- and 3-character tails exactly', () => {
    expect(decodeBase64url('AQ')).toEqual(Uint8Array.of(1));
    expect(decodeBase64url('AQI')).toEqual(Uint8Array.of(1, 2));
    expect(decodeBase64url('AQIDBA')).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(decodeBase64url('AQIDBAU')).toEqual(Uint8Array.of(1, 2, 3, 4, 5));
    expect(decodeBase64url('_-8')).toEqual(Uint8Array.of(0xff, 0xef));
  });

  it.each([
    ['non-ASCII first in a 2-character tail', '\u00e9A'],
    ['non-ASCII first in a 3-character tail', 'AAAA\u00e9AA'],
    ['U+0080 in the tail', 'AA\u0080'],
    ['U+0080 in a full group', 'AAA\u0080'],
    ['non-zero unused bits in a 3-character tail', 'AQJ'],
  ])('rejects %s', (_name, text) => {
    expect(decodeBase64urlOrUndefined(text)).toBeUndefined();
    expect(isBase64url(text)).toBe(false);
  });
});

describe('non-string inputs', () => {
  it.each([
    ['a number', 42],
    ['an object', {}],
  ])('decodeBase64url throws TypeError on %s', (_name, value) => {
    expect(() => decodeBase64url(value as unknown as string)).toThrow(TypeError);
  });

  it.each([
    ['a number', 42],
    ['an object', {}],
  ])('decodeBase64 throws TypeError on %s', (_name, value) => {
    expect(() => decodeBase64(value as unknown as string)).toThrow(TypeError);
  });

  it('isBase64url is false for non-strings and true for canonical text', () => {
    expect(isBase64url(42)).toBe(false);
    expect(isBase64url({})).toBe(false);
    expect(isBase64url(undefined)).toBe(false);
    expect(isBase64url('AQID')).toBe(true);
    expect(isBase64url('')).toBe(true);
  });
});

describe('standard base64 padding', () => {
  it('accepts full padding or none', () => {
    expect(decodeBase64('AQ==')).toEqual(Uint8Array.of(1));
    expect(decodeBase64('AQ')).toEqual(Uint8Array.of(1));
    expect(decodeBase64('AQI=')).toEqual(Uint8Array.of(1, 2));
    expect(decodeBase64('AQI')).toEqual(Uint8Array.of(1, 2));
    expect(decodeBase64('AQID')).toEqual(Uint8Array.of(1, 2, 3));
    expect(decodeBase64('+/8=')).toEqual(Uint8Array.of(0xfb, 0xff));
  });

  it.each([
    ['a single pad on a 2-character tail', 'AQ='],
    ['two pads on a 3-character tail', 'AQI=='],
    ['three pads', 'AQ==='],
    ['pads only', '=='],
    ['padding in the middle', 'AQ==AQID'],
    ['base64url alphabet', 'AQ-_'],
  ])('rejects %s', (_name, text) => {
    expect(decodeBase64OrUndefined(text)).toBeUndefined();
    expect(() => decodeBase64(text)).toThrow(TypeError);
  });
});

describe('long inputs', () => {
  it('encodes and decodes inputs longer than one string-building chunk', () => {
    for (const n of [6143, 6144, 6145, 12_288, 20_000]) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
      const url = encodeBase64url(bytes);
      expect(url).toBe(Buffer.from(bytes).toString('base64url'));
      expect(decodeBase64url(url)).toEqual(bytes);
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
