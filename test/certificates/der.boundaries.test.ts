/**
 * Boundary vectors for the strict DER reader and the deterministic writer (X.690 §8.1, §10, §11.6).
 */
import { describe, expect, it } from 'vitest';
import {
  decodeOID,
  derOID,
  derSetOf,
  derSmallInteger,
  derTime,
  derUnsignedInteger,
  isContext,
  isUniversal,
  readChildren,
  readElement,
  readSingle,
  TAG,
  tlv,
} from '../../src/certificates/der.js';
import { outcome } from '../helpers/outcome.js';

const INVALID = 'ERR_CERTIFICATE_INVALID';
const b = (...bytes: number[]) => Uint8Array.from(bytes);
const hex = (u: Uint8Array) => Buffer.from(u).toString('hex');

describe('readElement: tags', () => {
  it('reads low and high tag numbers', () => {
    expect(readElement(b(0xa3, 0x00))).toMatchObject({ tagClass: 'context', constructed: true, tagNumber: 3 });
    expect(readElement(b(0x5f, 0x1f, 0x00))).toMatchObject({ tagClass: 'application', tagNumber: 31 });
    expect(readElement(b(0xdf, 0x81, 0x00, 0x00))).toMatchObject({ tagClass: 'private', tagNumber: 128 });
    // an inner 0x80 continuation byte is minimal (only a leading one is not)
    expect(readElement(b(0x9f, 0x81, 0x80, 0x01, 0x00)).tagNumber).toBe(16385);
  });

  it('accepts four tag-number bytes and rejects five', () => {
    expect(readElement(b(0x9f, 0x81, 0x80, 0x80, 0x00, 0x00)).tagNumber).toBe(128 ** 3);
    expect(outcome(() => readElement(b(0x9f, 0x81, 0x80, 0x80, 0x80, 0x00, 0x00)))).toBe(INVALID);
  });

  it('rejects a non-minimal high tag number and truncated tags', () => {
    expect(outcome(() => readElement(b(0x9f, 0x80, 0x01, 0x00)))).toBe(INVALID);
    expect(outcome(() => readElement(b(0x9f)))).toBe(INVALID);
    expect(outcome(() => readElement(b(0x9f, 0x81)))).toBe(INVALID);
    expect(outcome(() => readElement(b()))).toBe(INVALID);
    expect(outcome(() => readElement(b(0x04, 0x00), 2))).toBe(INVALID);
  });
});

describe('readElement: lengths', () => {
  it('reads short and long forms at their boundaries', () => {
    const v127 = readElement(b(0x04, 0x7f, ...new Uint8Array(127)));
    expect(v127.value.length).toBe(127);
    expect(v127.end).toBe(129);
    expect(readElement(b(0x04, 0x81, 0x80, ...new Uint8Array(128))).value.length).toBe(128);
    expect(readElement(b(0x04, 0x81, 0x00)).value.length).toBe(0);
    expect(readElement(b(0x04, 0x84, 0, 0, 0, 1, 0xaa)).value).toEqual(b(0xaa));
  });

  it('rejects the indefinite form even when data follows', () => {
    expect(outcome(() => readElement(b(0x04, 0x80, ...new Uint8Array(128))))).toBe(INVALID);
    expect(outcome(() => readElement(b(0x30, 0x80, 0x00, 0x00)))).toBe(INVALID);
  });

  it('rejects more than four length bytes', () => {
    expect(outcome(() => readElement(b(0x04, 0x85, 0, 0, 0, 0, 1, 0xaa)))).toBe(INVALID);
  });

  it('rejects missing and truncated length octets', () => {
    expect(outcome(() => readElement(b(0x04)))).toBe(INVALID);
    expect(outcome(() => readElement(b(0x04, 0x82, 0x01)))).toBe(INVALID);
    expect(outcome(() => readElement(b(0x04, 0x81)))).toBe(INVALID);
  });

  it('rejects contents longer than the data, by one byte', () => {
    expect(readElement(b(0x04, 0x02, 0xaa, 0xbb)).value).toEqual(b(0xaa, 0xbb));
    expect(outcome(() => readElement(b(0x04, 0x02, 0xaa)))).toBe(INVALID);
    expect(outcome(() => readElement(b(0x00, 0x04, 0x04, 0x02, 0xaa), 2))).toBe(INVALID);
  });

  it('reads at an offset and reports the end', () => {
    const el = readElement(b(0xff, 0x04, 0x01, 0x07, 0xee), 1);
    expect(el.bytes).toEqual(b(0x04, 0x01, 0x07));
    expect(el.end).toBe(4);
  });
});

describe('readSingle / readChildren', () => {
  it('rejects trailing bytes', () => {
    expect(outcome(() => readSingle(b(0x05, 0x00, 0x00)))).toBe(INVALID);
  });

  it('reads children of constructed elements only', () => {
    expect(readChildren(readSingle(b(0x30, 0x04, 0x05, 0x00, 0x01, 0x00))).map((e) => e.tagNumber)).toEqual([5, 1]);
    expect(readChildren(readSingle(b(0x30, 0x00)))).toEqual([]);
    expect(outcome(() => readChildren(readSingle(b(0x04, 0x02, 0x05, 0x00))))).toBe(INVALID);
    expect(outcome(() => readChildren(readSingle(b(0x04, 0x00))))).toBe(INVALID);
  });
});

describe('isUniversal / isContext', () => {
  const ctx = readSingle(b(0x82, 0x00));
  const uni = readSingle(b(0x02, 0x01, 0x00));
  it('match class and number', () => {
    expect(isUniversal(uni, 2)).toBe(true);
    expect(isUniversal(uni, 3)).toBe(false);
    expect(isUniversal(ctx, 2)).toBe(false);
    expect(isUniversal(undefined, 2)).toBe(false);
    expect(isContext(ctx, 2)).toBe(true);
    expect(isContext(ctx, 1)).toBe(false);
    expect(isContext(uni, 2)).toBe(false);
    expect(isContext(undefined, 2)).toBe(false);
  });
});

describe('decodeOID', () => {
  it('splits the first arc at 40 and 80', () => {
    expect(decodeOID(b(0x00))).toBe('0.0');
    expect(decodeOID(b(39))).toBe('0.39');
    expect(decodeOID(b(40))).toBe('1.0');
    expect(decodeOID(b(79))).toBe('1.39');
    expect(decodeOID(b(80))).toBe('2.0');
    expect(decodeOID(b(0x81, 0x00))).toBe('2.48');
  });

  it('decodes multi-byte arcs with inner zero groups', () => {
    expect(decodeOID(b(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d))).toBe('1.2.840.113549');
    expect(decodeOID(b(0x2a, 0x81, 0x80, 0x01))).toBe('1.2.16385');
  });

  it('rejects empty, non-minimal and truncated encodings', () => {
    expect(outcome(() => decodeOID(b()))).toBe(INVALID);
    expect(outcome(() => decodeOID(b(0x80, 0x01)))).toBe(INVALID);
    expect(outcome(() => decodeOID(b(0x2a, 0x80, 0x01)))).toBe(INVALID);
    expect(outcome(() => decodeOID(b(0x2a, 0x81)))).toBe(INVALID);
  });

  it('accepts arcs up to 2^45 - 1 and rejects larger ones', () => {
    // 2^45 - 1: 45 one-bits = 0b111 then six groups of seven
    expect(decodeOID(b(0x2a, 0x87, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f))).toBe(`1.2.${2 ** 45 - 1}`);
    // 2^45
    expect(outcome(() => decodeOID(b(0x2a, 0x88, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)))).toBe(INVALID);
    // 2^46
    expect(outcome(() => decodeOID(b(0x2a, 0x90, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)))).toBe(INVALID);
  });
});

describe('writer', () => {
  it('encodes lengths 127 / 128 / 256 in short and long form', () => {
    expect(hex(tlv('universal', false, 4, new Uint8Array(127)).subarray(0, 2))).toBe('047f');
    expect(hex(tlv('universal', false, 4, new Uint8Array(128)).subarray(0, 3))).toBe('048180');
    expect(hex(tlv('universal', false, 4, new Uint8Array(256)).subarray(0, 4))).toBe('04820100');
  });

  it('encodes tag numbers 30 / 31 / 200 and reads them back', () => {
    expect(hex(tlv('context', false, 30, b()))).toBe('9e00');
    expect(hex(tlv('context', false, 31, b()))).toBe('9f1f00');
    expect(hex(tlv('private', true, 200, b()))).toBe('ff814800');
    expect(readSingle(tlv('application', false, 16385, b())).tagNumber).toBe(16385);
  });

  it('sorts SET OF members by their encodings (X.690 §11.6)', () => {
    const set = (...items: Uint8Array[]) => hex(derSetOf(items));
    expect(set(b(5), b(3))).toBe('31020305');
    expect(set(b(3), b(5))).toBe('31020305');
    expect(set(b(1, 5), b(1, 3))).toBe('310401030105');
    expect(set(b(1, 2), b(1))).toBe('3103010102');
    expect(set(b(1), b(1, 2))).toBe('3103010102');
    expect(set(b(9), b(2, 7), b(2, 1, 1), b(2, 1))).toBe('31080201020101020709');
    // the caller's array is left in its order
    const items = [b(2), b(1)];
    derSetOf(items);
    expect(items).toEqual([b(2), b(1)]);
  });

  it('encodes unsigned INTEGERs minimally', () => {
    expect(hex(derUnsignedInteger(b()))).toBe('020100');
    expect(hex(derUnsignedInteger(b(0, 0, 0)))).toBe('020100');
    expect(hex(derUnsignedInteger(b(0, 0, 5)))).toBe('020105');
    expect(hex(derUnsignedInteger(b(0, 5, 6)))).toBe('02020506');
    expect(hex(derUnsignedInteger(b(0x80)))).toBe('02020080');
    expect(hex(derUnsignedInteger(b(0, 0, 0x80)))).toBe('02020080');
  });

  it('encodes small integers and rejects negatives and non-integers', () => {
    expect(hex(derSmallInteger(0))).toBe('020100');
    expect(hex(derSmallInteger(127))).toBe('02017f');
    expect(hex(derSmallInteger(128))).toBe('02020080');
    expect(hex(derSmallInteger(256))).toBe('02020100');
    for (const v of [-1, 1.5, Number.NaN, 2 ** 53])
      expect(
        outcome(() => derSmallInteger(v)),
        String(v),
      ).toBe('RangeError');
  });

  it('encodes dotted OIDs and rejects malformed ones', () => {
    expect(hex(derOID('1.2.840.113549'))).toBe('06062a864886f70d');
    expect(hex(derOID('2.999'))).toBe('06028837');
    for (const bad of ['1', '3.1', 'x1.2', '1.2.03', '1.2.', '1.2.x', '', '1..2']) {
      expect(
        outcome(() => derOID(bad)),
        bad,
      ).toBe('TypeError');
    }
  });

  it('uses UTCTime for 1950..2049 and GeneralizedTime outside (§4.1.2.5)', () => {
    const at = (y: number) => {
      const d = new Date(Date.UTC(2000, 0, 2, 3, 4, 5));
      d.setUTCFullYear(y);
      return derTime(d);
    };
    const text = (u: Uint8Array) => new TextDecoder().decode(u.subarray(2));
    expect(at(1949)[0]).toBe(TAG.GENERALIZED_TIME);
    expect(text(at(1949))).toBe('19490102030405Z');
    expect(at(1950)[0]).toBe(TAG.UTC_TIME);
    expect(text(at(1950))).toBe('500102030405Z');
    expect(at(2049)[0]).toBe(TAG.UTC_TIME);
    expect(text(at(2049))).toBe('490102030405Z');
    expect(at(2050)[0]).toBe(TAG.GENERALIZED_TIME);
    expect(text(at(2050))).toBe('20500102030405Z');
    expect(text(at(999))).toBe('09990102030405Z');
    expect(outcome(() => derTime(new Date(Number.NaN)))).toBe('RangeError');
  });
});
