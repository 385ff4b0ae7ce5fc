import { describe, expect, it } from 'vitest';
import { equalBytes, fromHex, timingSafeEqual, toBytes, toHex } from '../../src/encoding/bytes.js';

describe('equalBytes', () => {
  it('is false when one array is a strict prefix of the other', () => {
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(false);
    expect(equalBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2))).toBe(false);
    expect(equalBytes(new Uint8Array(0), Uint8Array.of(0))).toBe(false);
  });

  it('is true for equal contents and false on a last-byte difference', () => {
    expect(equalBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBe(true);
    expect(equalBytes(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4))).toBe(false);
    expect(equalBytes(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe('timingSafeEqual', () => {
  it('compares contents and lengths', () => {
    expect(timingSafeEqual(Uint8Array.of(9, 8, 7), Uint8Array.of(9, 8, 7))).toBe(true);
    expect(timingSafeEqual(Uint8Array.of(9, 8, 7), Uint8Array.of(9, 8, 6))).toBe(false);
    // Zero-padding the shorter input must not make it equal to the longer one.
    expect(timingSafeEqual(Uint8Array.of(9, 8), Uint8Array.of(9, 8, 0))).toBe(false);
    expect(timingSafeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe('fromHex', () => {
  it('parses upper and lower case and round-trips with toHex', () => {
    expect(fromHex('00ff7F80aB')).toEqual(Uint8Array.of(0x00, 0xff, 0x7f, 0x80, 0xab));
    expect(toHex(fromHex('00ff7F80aB'))).toBe('00ff7f80ab');
    expect(fromHex('')).toEqual(new Uint8Array(0));
  });

  it.each([
    ['odd length of valid digits', 'abc'],
    ['one digit', 'a'],
    ['non-hex characters only', 'zz'],
    ['non-hex character first', 'zz00'],
    ['non-hex character last', '00zz'],
    ['non-hex character in the middle', '0zz0'],
    ['whitespace', '00 0'],
    ['sign', '+1'],
  ])('throws TypeError on %s', (_name, hex) => {
    expect(() => fromHex(hex)).toThrow(TypeError);
  });
});

describe('toBytes', () => {
  it('returns the same array when it already spans a whole ArrayBuffer', () => {
    const whole = Uint8Array.of(1, 2, 3, 4);
    expect(toBytes(whole)).toBe(whole);
  });

  it('copies a view with a non-zero offset into its own buffer', () => {
    const backing = Uint8Array.of(1, 2, 3, 4);
    const view = backing.subarray(1);
    const out = toBytes(view);
    expect(out).not.toBe(view);
    expect(out).toEqual(Uint8Array.of(2, 3, 4));
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(3);
    backing[1] = 99;
    expect(out[0]).toBe(2);
  });

  it('copies a view at offset 0 that is shorter than its buffer', () => {
    const backing = Uint8Array.of(1, 2, 3, 4);
    const view = backing.subarray(0, 2);
    const out = toBytes(view);
    expect(out).not.toBe(view);
    expect(out).toEqual(Uint8Array.of(1, 2));
    expect(out.buffer.byteLength).toBe(2);
  });

  it('copies a view over a whole SharedArrayBuffer into a plain ArrayBuffer', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(3));
    shared.set([5, 6, 7]);
    const out = toBytes(shared);
    expect(out).not.toBe(shared);
    expect(out.buffer).toBeInstanceOf(ArrayBuffer);
    expect(out).toEqual(Uint8Array.of(5, 6, 7));
  });
});
