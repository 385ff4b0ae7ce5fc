/**
 * Distinguished-name decoding (RFC 5280 §4.1.2.4): every DirectoryString type Tessera decodes,
 * their byte-level limits, Name structure errors, and attribute lookup.
 */
import { describe, expect, it } from 'vitest';
import {
  derOctetString,
  derOID,
  derPrimitive,
  derSequence,
  derSetOf,
  derString,
  readSingle,
  TAG,
  tlv,
} from '../../src/certificates/der.js';
import {
  decodeDirectoryString,
  decodeName,
  getNameAttribute,
  getNameAttributes,
} from '../../src/certificates/names.js';
import { WebAuthnError } from '../../src/errors.js';
import { outcome } from '../helpers/outcome.js';

const INVALID = 'ERR_CERTIFICATE_INVALID';
const b = (...bytes: number[]) => Uint8Array.from(bytes);
const ds = (tag: number, bytes: Uint8Array) => decodeDirectoryString(readSingle(derPrimitive(tag, bytes)));

describe('decodeDirectoryString', () => {
  it('decodes UTF8String strictly, keeping a leading BOM', () => {
    expect(ds(TAG.UTF8_STRING, new TextEncoder().encode('Zürich'))).toEqual({
      value: 'Zürich',
      stringType: 'utf8String',
    });
    expect(ds(TAG.UTF8_STRING, b(0xef, 0xbb, 0xbf, 0x41))).toEqual({ value: '\uFEFFA', stringType: 'utf8String' });
  });

  it('rejects invalid UTF-8 and keeps the decoder error as cause', () => {
    let err: unknown;
    try {
      ds(TAG.UTF8_STRING, b(0x41, 0xc3));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WebAuthnError);
    expect((err as WebAuthnError).code).toBe(INVALID);
    expect((err as Error).cause).toBeInstanceOf(TypeError);
    expect(outcome(() => ds(TAG.UTF8_STRING, b(0xff)))).toBe(INVALID);
  });

  it('decodes the ASCII string types up to 0x7f and rejects 0x80', () => {
    const cases: [number, string][] = [
      [TAG.PRINTABLE_STRING, 'printableString'],
      [TAG.IA5_STRING, 'ia5String'],
      [18, 'numericString'],
      [26, 'visibleString'],
    ];
    for (const [tag, stringType] of cases) {
      expect(ds(tag, b(0x41, 0x20, 0x7f)), stringType).toEqual({ value: 'A \x7f', stringType });
      let err: unknown;
      try {
        ds(tag, b(0x41, 0x80));
      } catch (e) {
        err = e;
      }
      expect((err as WebAuthnError).code, stringType).toBe(INVALID);
      expect((err as Error).cause, stringType).toBeUndefined();
    }
  });

  it('decodes TeletexString as Latin-1', () => {
    expect(ds(TAG.TELETEX_STRING, b(0x63, 0x61, 0x66, 0xe9))).toEqual({ value: 'café', stringType: 'teletexString' });
  });

  it('decodes BMPString as UCS-2 and rejects odd lengths', () => {
    expect(ds(TAG.BMP_STRING, b(0x00, 0x41, 0x4e, 0x2d, 0x00, 0xe9))).toEqual({
      value: 'A中é',
      stringType: 'bmpString',
    });
    expect(ds(TAG.BMP_STRING, b())).toEqual({ value: '', stringType: 'bmpString' });
    expect(outcome(() => ds(TAG.BMP_STRING, b(0x00, 0x41, 0x00)))).toBe(INVALID);
    expect(outcome(() => ds(TAG.BMP_STRING, b(0x41)))).toBe(INVALID);
  });

  it('decodes UniversalString as UCS-4 within the Unicode scalar range', () => {
    expect(ds(TAG.UNIVERSAL_STRING, b(0, 0, 0, 0x41, 0, 0x01, 0xf6, 0x00))).toEqual({
      value: 'A😀',
      stringType: 'universalString',
    });
    const one = (cp: number) => ds(TAG.UNIVERSAL_STRING, b(cp >>> 24, (cp >> 16) & 0xff, (cp >> 8) & 0xff, cp & 0xff));
    expect(one(0x10ffff).value).toBe(String.fromCodePoint(0x10ffff));
    expect(one(0xd7ff).value).toBe('\ud7ff');
    expect(one(0xe000).value).toBe('\ue000');
    for (const cp of [0x110000, 0xd800, 0xdbff, 0xdfff, 0x01000000, 0x80000000]) {
      expect(
        outcome(() => one(cp)),
        cp.toString(16),
      ).toBe(INVALID);
    }
    for (const len of [1, 2, 3, 5]) {
      expect(
        outcome(() => ds(TAG.UNIVERSAL_STRING, new Uint8Array(len))),
        `length ${len}`,
      ).toBe(INVALID);
    }
  });

  it('renders other types, constructed strings and non-universal tags as #hex of the TLV', () => {
    expect(ds(TAG.OCTET_STRING, b(0xab))).toEqual({ value: '#0401ab', stringType: 'unknown' });
    const constructedUtf8 = readSingle(tlv('universal', true, TAG.UTF8_STRING, derString(TAG.UTF8_STRING, 'A')));
    expect(decodeDirectoryString(constructedUtf8)).toEqual({ value: '#2c030c0141', stringType: 'unknown' });
    const contextTwelve = readSingle(tlv('context', false, TAG.UTF8_STRING, b(0x41)));
    expect(decodeDirectoryString(contextTwelve)).toEqual({ value: '#8c0141', stringType: 'unknown' });
  });
});

// ---------------------------------------------------------------------------------------------

const atv = (oid: string, value: Uint8Array) => derSequence([derOID(oid), value]);
const rdn = (...atvs: Uint8Array[]) => derSetOf(atvs);
const name = (...rdns: Uint8Array[]) => readSingle(derSequence(rdns));
const utf8 = (s: string) => derString(TAG.UTF8_STRING, s);

describe('decodeName', () => {
  it('flattens RDNs in order, with short names for known types and OIDs otherwise', () => {
    const attrs = decodeName(
      name(
        rdn(atv('2.5.4.6', derString(TAG.PRINTABLE_STRING, 'US'))),
        rdn(atv('2.5.4.11', utf8('A')), atv('2.5.4.3', utf8('B'))),
        rdn(atv('1.2.3.4', utf8('C'))),
      ),
    );
    expect(attrs).toEqual([
      { oid: '2.5.4.6', type: 'C', value: 'US', stringType: 'printableString' },
      { oid: '2.5.4.3', type: 'CN', value: 'B', stringType: 'utf8String' },
      { oid: '2.5.4.11', type: 'OU', value: 'A', stringType: 'utf8String' },
      { oid: '1.2.3.4', type: '1.2.3.4', value: 'C', stringType: 'utf8String' },
    ]);
    expect(decodeName(name())).toEqual([]);
  });

  it('rejects structural violations', () => {
    const good = atv('2.5.4.3', utf8('x'));
    expect(outcome(() => decodeName(readSingle(derSetOf([rdn(good)]))))).toBe(INVALID);
    expect(outcome(() => decodeName(name(derSequence([good]))))).toBe(INVALID);
    expect(outcome(() => decodeName(name(rdn())))).toBe(INVALID);
    expect(outcome(() => decodeName(name(rdn(derSetOf([derOID('2.5.4.3'), utf8('x')])))))).toBe(INVALID);
    expect(outcome(() => decodeName(name(rdn(derSequence([derOID('2.5.4.3')])))))).toBe(INVALID);
    expect(outcome(() => decodeName(name(rdn(derSequence([derOID('2.5.4.3'), utf8('x'), utf8('y')])))))).toBe(INVALID);
    expect(outcome(() => decodeName(name(rdn(derSequence([derOctetString(b(1)), utf8('x')])))))).toBe(INVALID);
  });
});

describe('getNameAttribute(s)', () => {
  const attrs = decodeName(
    name(rdn(atv('2.5.4.11', utf8('one'))), rdn(atv('2.5.4.11', utf8('two'))), rdn(atv('1.2.3.4', utf8('x')))),
  );

  it('finds values by short name or OID', () => {
    expect(getNameAttributes(attrs, 'OU')).toEqual(['one', 'two']);
    expect(getNameAttributes(attrs, '2.5.4.11')).toEqual(['one', 'two']);
    expect(getNameAttribute(attrs, 'OU')).toBe('one');
    expect(getNameAttribute(attrs, '1.2.3.4')).toBe('x');
    expect(getNameAttributes(attrs, 'CN')).toEqual([]);
    expect(getNameAttribute(attrs, 'CN')).toBeUndefined();
  });

  it('throws TypeError for unknown short names and malformed OIDs', () => {
    for (const bad of ['bogus', 'x2.5.4.3', '2.5.4.3x', '3.1', '2.5.04', '']) {
      expect(
        outcome(() => getNameAttributes(attrs, bad)),
        bad,
      ).toBe('TypeError');
    }
  });
});
