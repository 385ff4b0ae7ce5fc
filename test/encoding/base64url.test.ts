import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeBase64OrUndefined,
  decodeBase64url,
  decodeBase64urlOrUndefined,
  encodeBase64,
  encodeBase64url,
} from '../../src/encoding/base64url.js';

describe('base64url', () => {
  it('round-trips arbitrary bytes and matches the platform encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const s = encodeBase64url(bytes);
        expect(s).toBe(Buffer.from(bytes).toString('base64url'));
        expect(decodeBase64url(s)).toEqual(bytes);
        expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64OrUndefined(encodeBase64(bytes))).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['padding', 'AQ=='],
    ['standard alphabet +', 'a+b_'],
    ['standard alphabet /', 'a/b_'],
    ['whitespace', 'AQID BA'],
    ['non-zero unused bits', 'AR'],
    ['impossible length', 'AQIDB'],
    ['non-ASCII', 'AQ\u00e9'],
  ])('rejects %s', (_name, text) => {
    expect(decodeBase64urlOrUndefined(text)).toBeUndefined();
    expect(() => decodeBase64url(text)).toThrow(TypeError);
  });

  it('decodes the empty string to empty bytes', () => {
    expect(decodeBase64url('')).toEqual(new Uint8Array(0));
  });

  it('exposes a strict standard-base64 decoder', () => {
    expect(decodeBase64('AQID')).toEqual(new Uint8Array([1, 2, 3]));
    expect(() => decodeBase64('AQ-_')).toThrow(TypeError);
  });
});
