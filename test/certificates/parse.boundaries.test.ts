/**
 * Boundary and negative vectors for certificate parsing (RFC 5280 §4.1): time encodings, the
 * TBSCertificate field sequence, extension decoding, PEM framing and input normalisation.
 * Each negative is a single-field mangle of a certificate that otherwise parses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  derBitString,
  derBoolean,
  derExplicit,
  derNull,
  derOctetString,
  derOID,
  derPrimitive,
  derSequence,
  derSmallInteger,
  derString,
  derUnsignedInteger,
  readChildren,
  readSingle,
  TAG,
  tlv,
} from '../../src/certificates/der.js';
import {
  decodeBasicConstraints,
  decodeExtendedKeyUsage,
  decodeKeyUsage,
  decodeTime,
  parseCertificate,
  parseCertificatesPEM,
  parsePEMBlocks,
  toCertificate,
} from '../../src/certificates/parse.js';
import type { Certificate } from '../../src/certificates/types.js';
import { encodeBase64 } from '../../src/encoding/base64url.js';
import { concat } from '../../src/encoding/bytes.js';
import { WebAuthnError } from '../../src/errors.js';
import { outcome } from '../helpers/outcome.js';
import { ecKey, issue } from './pki.js';

const INVALID = 'ERR_CERTIFICATE_INVALID';

const time = (tag: number, text: string) => readSingle(derString(tag, text));
const utc = (text: string) => decodeTime(time(TAG.UTC_TIME, text));
const gen = (text: string) => decodeTime(time(TAG.GENERALIZED_TIME, text));

describe('decodeTime (RFC 5280 §4.1.2.5)', () => {
  it('maps UTCTime YY 49 to 2049 and YY 50 to 1950', () => {
    expect(utc('491231235959Z').toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(utc('500101000000Z').toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(utc('990615120000Z').toISOString()).toBe('1999-06-15T12:00:00.000Z');
    expect(utc('000229000000Z').toISOString()).toBe('2000-02-29T00:00:00.000Z');
  });

  it('reads GeneralizedTime with four-digit years, including years below 100', () => {
    expect(gen('20500101000000Z').toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(gen('00490305060708Z').getUTCFullYear()).toBe(49);
  });

  it('rejects UTCTime that is not exactly YYMMDDHHMMSSZ', () => {
    for (const bad of ['1250101000000Z', '250101000000Z1', '2501010000Z', '250101000000', '250101000000+0000']) {
      expect(
        outcome(() => utc(bad)),
        bad,
      ).toBe(INVALID);
    }
  });

  it('rejects GeneralizedTime that is not exactly YYYYMMDDHHMMSSZ', () => {
    for (const bad of ['120250101000000Z', '20250101000000Z1', '20250101000000.5Z', '250101000000Z']) {
      expect(
        outcome(() => gen(bad)),
        bad,
      ).toBe(INVALID);
    }
  });

  it('rejects other element types, even when their text looks like a time', () => {
    expect(outcome(() => decodeTime(readSingle(derOctetString(new TextEncoder().encode('20250101000000Z')))))).toBe(
      INVALID,
    );
    expect(outcome(() => decodeTime(readSingle(derSmallInteger(5))))).toBe(INVALID);
  });

  it('rejects each out-of-range component and accepts its maximum', () => {
    expect(utc('251231235959Z').toISOString()).toBe('2025-12-31T23:59:59.000Z');
    for (const bad of [
      '251301000000Z', // month 13
      '250001000000Z', // month 0
      '250132000000Z', // day 32
      '250229000000Z', // Feb 29 in a non-leap year
      '250100000000Z', // day 0
      '250101240000Z', // hour 24
      '250101006000Z', // minute 60
      '250101000060Z', // second 60
    ]) {
      expect(
        outcome(() => utc(bad)),
        bad,
      ).toBe(INVALID);
    }
    expect(outcome(() => gen('20251301000000Z'))).toBe(INVALID);
  });
});

// ---------------------------------------------------------------------------------------------
// Certificates assembled field by field

interface Parts {
  /** TBSCertificate members: version, serial, signature, issuer, validity, subject, spki. */
  fields: Uint8Array[];
  alg: Uint8Array;
  sig: Uint8Array;
  cert: Certificate;
}

let base: Parts;

beforeAll(async () => {
  const cert = await issue({ subject: [['CN', 'Boundaries']], key: ecKey() });
  const [tbs, alg, sig] = readChildren(readSingle(cert.der)) as [
    ReturnType<typeof readSingle>,
    ReturnType<typeof readSingle>,
    ReturnType<typeof readSingle>,
  ];
  const fields = readChildren(tbs).map((e) => e.bytes.slice());
  // drop the builder's extensions (if any) so each test adds exactly what it needs
  const last = readSingle(fields[fields.length - 1] as Uint8Array);
  if (last.tagClass === 'context' && last.tagNumber === 3) fields.pop();
  base = { fields, alg: alg.bytes.slice(), sig: sig.bytes.slice(), cert };
});

const VERSION = (v: number) => derExplicit(0, derSmallInteger(v));

/** Builds a certificate DER from TBSCertificate members (v3 header included unless replaced). */
function assemble(fields: readonly Uint8Array[], sig = base.sig): Uint8Array {
  return derSequence([derSequence(fields), base.alg, sig]);
}

/** v3 fields with the given tail (unique IDs, extensions, …) appended. */
function v3(...tail: Uint8Array[]): Uint8Array[] {
  return [...base.fields, ...tail];
}

/** The v1 field list: no version member. */
function v1(...tail: Uint8Array[]): Uint8Array[] {
  return [...base.fields.slice(1), ...tail];
}

function ext(oid: string, value: Uint8Array, critical?: Uint8Array): Uint8Array {
  return derSequence([derOID(oid), ...(critical === undefined ? [] : [critical]), derOctetString(value)]);
}

function exts(...list: Uint8Array[]): Uint8Array {
  return derExplicit(3, derSequence(list));
}

function withExtensions(...list: Uint8Array[]): Certificate {
  return parseCertificate(assemble(v3(exts(...list))));
}

describe('TBSCertificate field sequence (§4.1.2)', () => {
  it('parses the reassembled base certificate identically', () => {
    const cert = parseCertificate(assemble(v3()));
    expect(cert.version).toBe(3);
    expect(cert.extensions).toEqual([]);
    expect(cert.subjectDer).toEqual(base.cert.subjectDer);
  });

  it('accepts versions v1, v2 and v3 and rejects version values above 2', () => {
    expect(parseCertificate(assemble(v1())).version).toBe(1);
    expect(parseCertificate(assemble([VERSION(1), ...base.fields.slice(1)])).version).toBe(2);
    expect(parseCertificate(assemble([VERSION(0), ...base.fields.slice(1)])).version).toBe(1);
    expect(outcome(() => parseCertificate(assemble([VERSION(3), ...base.fields.slice(1)])))).toBe(INVALID);
    const negative = derExplicit(0, derPrimitive(TAG.INTEGER, Uint8Array.of(0xff)));
    expect(outcome(() => parseCertificate(assemble([negative, ...base.fields.slice(1)])))).toBe(INVALID);
  });

  it('rejects an empty serialNumber and keeps a one-byte one', () => {
    const fields = v3();
    fields[1] = derPrimitive(TAG.INTEGER, new Uint8Array(0));
    expect(outcome(() => parseCertificate(assemble(fields)))).toBe(INVALID);
    fields[1] = derPrimitive(TAG.INTEGER, Uint8Array.of(0x0a));
    expect(parseCertificate(assemble(fields)).serialNumber).toBe('0a');
  });

  it('requires exactly two Validity members', () => {
    const validity = readChildren(readSingle(base.fields[4] as Uint8Array)).map((e) => e.bytes);
    const fields = v3();
    fields[4] = derSequence([...validity, validity[1] as Uint8Array]);
    expect(outcome(() => parseCertificate(assemble(fields)))).toBe(INVALID);
    fields[4] = derSequence([validity[0] as Uint8Array]);
    expect(outcome(() => parseCertificate(assemble(fields)))).toBe(INVALID);
  });

  it('allows issuer/subject unique identifiers in v2 and v3 but not in v1', () => {
    const issuerUID = tlv('context', false, 1, Uint8Array.of(0, 0xaa));
    const subjectUID = tlv('context', false, 2, Uint8Array.of(0, 0xbb));
    const both = parseCertificate(assemble(v3(issuerUID, subjectUID, exts(ext('1.2.3.4', derNull())))));
    expect(both.version).toBe(3);
    expect(both.extensions.map((e) => e.oid)).toEqual(['1.2.3.4']);
    expect(parseCertificate(assemble(v3(subjectUID))).version).toBe(3);
    expect(parseCertificate(assemble([VERSION(1), ...base.fields.slice(1), issuerUID])).version).toBe(2);
    expect(outcome(() => parseCertificate(assemble(v1(issuerUID))))).toBe(INVALID);
    expect(outcome(() => parseCertificate(assemble(v1(subjectUID))))).toBe(INVALID);
    // unique identifiers out of order are not recognised as such
    expect(outcome(() => parseCertificate(assemble(v3(subjectUID, issuerUID))))).toBe(INVALID);
  });

  it('allows extensions only in v3', () => {
    const e = exts(ext('1.2.3.4', derNull()));
    expect(outcome(() => parseCertificate(assemble(v1(e))))).toBe(INVALID);
    expect(outcome(() => parseCertificate(assemble([VERSION(1), ...base.fields.slice(1), e])))).toBe(INVALID);
  });

  it('rejects members after the extensions', () => {
    expect(outcome(() => parseCertificate(assemble(v3(exts(ext('1.2.3.4', derNull())), derNull()))))).toBe(INVALID);
    expect(outcome(() => parseCertificate(assemble(v3(derNull()))))).toBe(INVALID);
  });

  it('requires a TBSCertificate SEQUENCE (a SET with the same members is rejected)', () => {
    const members = v3();
    const tbsAsSet = tlv('universal', true, TAG.SET, concat(...members));
    expect(parseCertificate(derSequence([derSequence(members), base.alg, base.sig])).version).toBe(3);
    expect(outcome(() => parseCertificate(derSequence([tbsAsSet, base.alg, base.sig])))).toBe(INVALID);
  });

  it('reads signatureValue bits with zero unused bits only', () => {
    expect(parseCertificate(assemble(v3(), derBitString(new Uint8Array(0)))).signature).toEqual(new Uint8Array(0));
    expect(parseCertificate(assemble(v3(), derBitString(Uint8Array.of(1, 2)))).signature).toEqual(Uint8Array.of(1, 2));
    expect(outcome(() => parseCertificate(assemble(v3(), derBitString(Uint8Array.of(0xaa), 1))))).toBe(INVALID);
    expect(outcome(() => parseCertificate(assemble(v3(), derPrimitive(TAG.BIT_STRING, new Uint8Array(0)))))).toBe(
      INVALID,
    );
  });
});

describe('Extensions (§4.1.2.9, §4.2)', () => {
  it('decodes critical flags and copies values', () => {
    const cert = withExtensions(
      ext('1.2.3.4', Uint8Array.of(5, 0), derBoolean(true)),
      ext('1.2.3.5', Uint8Array.of(5, 0), derBoolean(false)),
      ext('1.2.3.6', Uint8Array.of(5, 0)),
    );
    expect(cert.extensions).toEqual([
      { oid: '1.2.3.4', critical: true, value: Uint8Array.of(5, 0) },
      { oid: '1.2.3.5', critical: false, value: Uint8Array.of(5, 0) },
      { oid: '1.2.3.6', critical: false, value: Uint8Array.of(5, 0) },
    ]);
    // values are independent of the certificate bytes
    cert.der.fill(0);
    expect((cert.extensions[0] as { value: Uint8Array }).value).toEqual(Uint8Array.of(5, 0));
  });

  it('rejects an empty Extensions SEQUENCE', () => {
    expect(outcome(() => withExtensions())).toBe(INVALID);
  });

  it('rejects an Extension with extra members', () => {
    const extra = derSequence([derOID('1.2.3.4'), derBoolean(true), derOctetString(derNull()), derNull()]);
    expect(outcome(() => withExtensions(extra))).toBe(INVALID);
  });

  it('requires a one-byte critical BOOLEAN', () => {
    for (const len of [0, 2]) {
      const crit = derPrimitive(TAG.BOOLEAN, new Uint8Array(len).fill(0xff));
      expect(
        outcome(() => withExtensions(ext('1.2.3.4', derNull(), crit))),
        `length ${len}`,
      ).toBe(INVALID);
    }
  });

  it('rejects a repeated extension OID', () => {
    expect(outcome(() => withExtensions(ext('1.2.3.4', derNull()), ext('1.2.3.4', derNull())))).toBe(INVALID);
  });
});

describe('decodeBasicConstraints (§4.2.1.9)', () => {
  const bc = (...members: Uint8Array[]) => decodeBasicConstraints(derSequence(members));

  it('decodes cA and pathLenConstraint', () => {
    expect(bc()).toEqual({ ca: false, pathLength: undefined });
    expect(bc(derBoolean(true))).toEqual({ ca: true, pathLength: undefined });
    expect(bc(derBoolean(true), derSmallInteger(0))).toEqual({ ca: true, pathLength: 0 });
    expect(bc(derBoolean(true), derSmallInteger(256))).toEqual({ ca: true, pathLength: 256 });
    expect(bc(derSmallInteger(3))).toEqual({ ca: false, pathLength: 3 });
  });

  it('accepts a four-byte pathLenConstraint and rejects five bytes, negatives and empty', () => {
    expect(bc(derBoolean(true), derPrimitive(TAG.INTEGER, Uint8Array.of(0x7f, 0xff, 0xff, 0xff))).pathLength).toBe(
      0x7fffffff,
    );
    for (const v of [
      Uint8Array.of(0, 0x80, 0, 0, 0),
      Uint8Array.of(0x80),
      Uint8Array.of(0xff, 0xff),
      new Uint8Array(0),
    ]) {
      expect(
        outcome(() => bc(derBoolean(true), derPrimitive(TAG.INTEGER, v))),
        `${v}`,
      ).toBe(INVALID);
    }
  });

  it('rejects extra or misordered members', () => {
    expect(outcome(() => bc(derBoolean(true), derSmallInteger(1), derSmallInteger(1)))).toBe(INVALID);
    expect(outcome(() => bc(derSmallInteger(1), derBoolean(true)))).toBe(INVALID);
    expect(outcome(() => bc(derBoolean(true), derBoolean(true)))).toBe(INVALID);
  });

  it('is decoded into Certificate.basicConstraints', () => {
    const cert = withExtensions(
      ext('2.5.29.19', derSequence([derBoolean(true), derSmallInteger(2)]), derBoolean(true)),
    );
    expect(cert.basicConstraints).toEqual({ ca: true, pathLength: 2 });
  });
});

describe('decodeKeyUsage (§4.2.1.3)', () => {
  const ku = (unused: number, ...bytes: number[]) => decodeKeyUsage(derBitString(Uint8Array.from(bytes), unused));

  it('reads only the used bits', () => {
    expect([...ku(7, 0x80)]).toEqual(['digitalSignature']);
    expect([...ku(1, 0xff)]).toEqual([
      'digitalSignature',
      'nonRepudiation',
      'keyEncipherment',
      'dataEncipherment',
      'keyAgreement',
      'keyCertSign',
      'cRLSign',
    ]);
    expect([...ku(0, 0x06)]).toEqual(['keyCertSign', 'cRLSign']);
    expect([...ku(7, 0x00, 0x80)]).toEqual(['decipherOnly']);
    expect(ku(0).size).toBe(0);
  });

  it('rejects an empty BIT STRING, unused bits above 7 and unused bits without data', () => {
    expect(outcome(() => decodeKeyUsage(derPrimitive(TAG.BIT_STRING, new Uint8Array(0))))).toBe(INVALID);
    expect(outcome(() => ku(8, 0x80))).toBe(INVALID);
    expect(outcome(() => ku(1))).toBe(INVALID);
  });

  it('is decoded into Certificate.keyUsage', () => {
    const cert = withExtensions(ext('2.5.29.15', derBitString(Uint8Array.of(0x06), 1)));
    expect([...(cert.keyUsage ?? [])]).toEqual(['keyCertSign', 'cRLSign']);
  });
});

describe('decodeExtendedKeyUsage (§4.2.1.12)', () => {
  it('lists purposes in order and rejects an empty list or non-OID members', () => {
    expect(decodeExtendedKeyUsage(derSequence([derOID('1.3.6.1.5.5.7.3.2'), derOID('2.23.133.8.3')]))).toEqual([
      '1.3.6.1.5.5.7.3.2',
      '2.23.133.8.3',
    ]);
    expect(outcome(() => decodeExtendedKeyUsage(derSequence([])))).toBe(INVALID);
    expect(outcome(() => decodeExtendedKeyUsage(derSequence([derNull()])))).toBe(INVALID);
  });

  it('is decoded into Certificate.extendedKeyUsage', () => {
    const cert = withExtensions(ext('2.5.29.37', derSequence([derOID('2.23.133.8.3')])));
    expect(cert.extendedKeyUsage).toEqual(['2.23.133.8.3']);
  });
});

describe('key identifiers (§4.2.1.1, §4.2.1.2)', () => {
  const aki = (...members: Uint8Array[]) =>
    withExtensions(ext('2.5.29.35', derSequence(members))).authorityKeyIdentifier;

  it('reads subjectKeyIdentifier as an independent copy', () => {
    const cert = withExtensions(ext('2.5.29.14', derOctetString(Uint8Array.of(1, 2, 3))));
    expect(cert.subjectKeyIdentifier).toEqual(Uint8Array.of(1, 2, 3));
    cert.der.fill(0);
    cert.extensions[0]?.value.fill(0);
    expect(cert.subjectKeyIdentifier).toEqual(Uint8Array.of(1, 2, 3));
    expect(outcome(() => withExtensions(ext('2.5.29.14', derNull())))).toBe(INVALID);
  });

  it('reads keyIdentifier [0] IMPLICIT from authorityKeyIdentifier', () => {
    const cert = withExtensions(ext('2.5.29.35', derSequence([tlv('context', false, 0, Uint8Array.of(9, 8))])));
    expect(cert.authorityKeyIdentifier).toEqual(Uint8Array.of(9, 8));
    cert.der.fill(0);
    cert.extensions[0]?.value.fill(0);
    expect(cert.authorityKeyIdentifier).toEqual(Uint8Array.of(9, 8));
  });

  it('yields undefined when keyIdentifier is absent or not a primitive [0]', () => {
    expect(aki()).toBeUndefined();
    expect(aki(tlv('context', true, 0, derOctetString(Uint8Array.of(1))))).toBeUndefined();
    expect(aki(tlv('context', false, 2, Uint8Array.of(1)))).toBeUndefined();
    expect(aki(derOctetString(Uint8Array.of(1)))).toBeUndefined();
  });

  it('leaves absent extensions undefined', () => {
    const cert = parseCertificate(assemble(v3()));
    expect(cert.subjectKeyIdentifier).toBeUndefined();
    expect(cert.authorityKeyIdentifier).toBeUndefined();
    expect(cert.basicConstraints).toBeUndefined();
    expect(cert.keyUsage).toBeUndefined();
    expect(cert.extendedKeyUsage).toBeUndefined();
  });
});

describe('parseCertificate inputs and errors', () => {
  it('throws TypeError for non-bytes', () => {
    expect(outcome(() => parseCertificate('MIIB' as unknown as Uint8Array))).toBe('TypeError');
    expect(outcome(() => parseCertificate([0x30, 0x00] as unknown as Uint8Array))).toBe('TypeError');
  });

  it('keeps its own copy of the input', () => {
    const input = assemble(v3());
    const cert = parseCertificate(input);
    expect(cert.der).not.toBe(input);
    input.fill(0);
    expect(cert.der[0]).toBe(0x30);
  });

  it('rethrows its own errors unchanged: no wrapping, original code', () => {
    let err: unknown;
    try {
      parseCertificate(Uint8Array.of(0x30, 0x05, 0x00));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WebAuthnError);
    expect((err as WebAuthnError).code).toBe(INVALID);
    expect((err as Error).cause).toBeUndefined();

    // an oversized RSA modulus keeps its own code
    const modulus = new Uint8Array(1100).fill(0x7f);
    const spki = derSequence([
      derSequence([derOID('1.2.840.113549.1.1.1'), derNull()]),
      derBitString(derSequence([derUnsignedInteger(modulus), derSmallInteger(65537)])),
    ]);
    const fields = v3();
    fields[6] = spki;
    expect(outcome(() => parseCertificate(assemble(fields)))).toBe('ERR_INPUT_TOO_LARGE');
  });

  it('wraps a foreign failure (detached buffer) as ERR_CERTIFICATE_INVALID with a cause', () => {
    const der = assemble(v3());
    structuredClone(der.buffer, { transfer: [der.buffer] });
    let err: unknown;
    try {
      parseCertificate(der);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WebAuthnError);
    expect((err as WebAuthnError).code).toBe(INVALID);
    expect((err as Error).cause).toBeInstanceOf(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// PEM

const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;

describe('parsePEMBlocks (RFC 7468)', () => {
  it('throws TypeError for non-text', () => {
    expect(outcome(() => parsePEMBlocks(new Uint8Array(1) as unknown as string))).toBe('TypeError');
    // a String object is not text either, even though it could be split
    expect(outcome(() => parsePEMBlocks(new String('') as unknown as string))).toBe('TypeError');
  });

  it('tolerates surrounding whitespace on every line and whitespace inside body lines', () => {
    const text = '  -----BEGIN X509 CRL-----  \r\n\tAQ ID \r\n   -----END X509 CRL-----\t';
    expect(parsePEMBlocks(text)).toEqual([{ label: 'X509 CRL', der: Uint8Array.of(1, 2, 3) }]);
  });

  it('reads several blocks in order', () => {
    expect(parsePEMBlocks(`${pem('A', 'AQ==')}\nbanner\n${pem('B', 'Ag==')}\n`)).toEqual([
      { label: 'A', der: Uint8Array.of(1) },
      { label: 'B', der: Uint8Array.of(2) },
    ]);
    expect(parsePEMBlocks('no blocks here')).toEqual([]);
  });

  it('recognises BEGIN/END only as whole lines', () => {
    expect(outcome(() => parsePEMBlocks(`x${pem('A', 'AQID')}`))).toBe(INVALID); // BEGIN ignored, END alone
    expect(outcome(() => parsePEMBlocks('-----BEGIN A-----x\nAQID\n-----END A-----'))).toBe(INVALID);
    expect(outcome(() => parsePEMBlocks('-----BEGIN A-----\nAQID\nx-----END A-----'))).toBe(INVALID);
    expect(outcome(() => parsePEMBlocks('-----BEGIN A-----\nAQID\n-----END A-----x'))).toBe(INVALID);
    expect(parsePEMBlocks('x-----BEGIN A-----\n')).toEqual([]);
  });

  it('rejects END without BEGIN, mismatched labels, nesting, headers, empty bodies and a missing END', () => {
    expect(outcome(() => parsePEMBlocks('-----END A-----'))).toBe(INVALID);
    expect(outcome(() => parsePEMBlocks('-----BEGIN A-----\nAQID\n-----END B-----'))).toBe(INVALID);
    expect(outcome(() => parsePEMBlocks(`-----BEGIN A-----\n${pem('B', 'AQID')}\n-----END A-----`))).toBe(INVALID);
    expect(outcome(() => parsePEMBlocks(pem('A', 'Proc-Type: 4,ENCRYPTED\nAQID')))).toBe(INVALID);
    expect(outcome(() => parsePEMBlocks('-----BEGIN A-----\n-----END A-----'))).toBe(INVALID);
    expect(outcome(() => parsePEMBlocks(pem('A', '!!!!')))).toBe(INVALID);
    expect(outcome(() => parsePEMBlocks('-----BEGIN A-----\nAQID'))).toBe(INVALID);
  });
});

describe('toCertificate and parseCertificatesPEM', () => {
  let der: Uint8Array;
  let b64: string;
  beforeAll(() => {
    der = assemble(v3());
    b64 = encodeBase64(der);
  });
  const wrapped = () => (b64.match(/.{1,64}/g) ?? []).join('\n');

  it('picks the single CERTIFICATE block among other blocks', () => {
    const text = `${pem('X509 CRL', 'AQID')}\n${pem('CERTIFICATE', wrapped())}\n`;
    expect(toCertificate(text).der).toEqual(der);
    expect(parseCertificatesPEM(text).map((c) => c.der)).toEqual([der]);
  });

  it('requires exactly one CERTIFICATE block', () => {
    const one = pem('CERTIFICATE', wrapped());
    expect(outcome(() => toCertificate(`${one}\n${one}`))).toBe(INVALID);
    expect(outcome(() => toCertificate(pem('X509 CRL', 'AQID')))).toBe(INVALID);
    expect(parseCertificatesPEM(`${one}\n${one}`)).toHaveLength(2);
    expect(parseCertificatesPEM(pem('X509 CRL', 'AQID'))).toEqual([]);
  });

  it('accepts bare base64 with line breaks and spaces', () => {
    expect(toCertificate(` ${wrapped()}\n`).der).toEqual(der);
    expect(outcome(() => toCertificate('@@@@'))).toBe(INVALID);
  });

  it('returns a parsed certificate as is and rejects look-alikes', () => {
    const cert = toCertificate(der);
    expect(toCertificate(cert)).toBe(cert);
    const u = new Uint8Array(1);
    for (const fake of [
      {},
      { der: u, tbs: u },
      { der: u, subjectDer: u },
      { tbs: u, subjectDer: u },
      { der: 'x', tbs: u, subjectDer: u },
      null,
      42,
      Object.assign(() => undefined, { der: u, tbs: u, subjectDer: u }),
    ]) {
      expect(
        outcome(() => toCertificate(fake as unknown as Certificate)),
        String(fake),
      ).toBe('TypeError');
    }
  });
});
