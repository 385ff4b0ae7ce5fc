/**
 * Exact encodings produced by the test-PKI builder (src/certificates/builder.ts): serial
 * numbers, name string types, keyUsage bit strings, extension defaults, version 1 and CRL
 * layout. Other suites rely on these encodings being exactly what RFC 5280 prescribes.
 */
import { describe, expect, it } from 'vitest';
import { createCertificate, createCRL, encodeName } from '../../src/certificates/builder.js';
import { parseCRL } from '../../src/certificates/crl.js';
import {
  derBitString,
  derBoolean,
  derOID,
  derSequence,
  derSetOf,
  derString,
  readChildren,
  readSingle,
  TAG,
} from '../../src/certificates/der.js';
import type { KeyUsageName } from '../../src/certificates/oids.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import type { Certificate } from '../../src/certificates/types.js';
import { DAY, ecKey, NOW } from './pki.js';

const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  aaguid: '1.3.6.1.4.1.45724.1.1.4',
};

const key = ecKey();
const extOf = (cert: Certificate, oid: string) => cert.extensions.find((e) => e.oid === oid);

async function make(o: Partial<Parameters<typeof createCertificate>[0]> = {}): Promise<Certificate> {
  return parseCertificate(
    await createCertificate({
      serialNumber: 1,
      subject: [['CN', 'b']],
      issuer: [['CN', 'b']],
      notBefore: new Date(NOW.getTime() - DAY),
      notAfter: new Date(NOW.getTime() + DAY),
      publicKey: key.publicKey,
      signatureAlgorithm: key.scheme,
      sign: key.sign,
      ...o,
    }),
  );
}

describe('serial numbers', () => {
  it('encodes numbers, bigints, hex and bytes', async () => {
    expect((await make({ serialNumber: 0 })).serialNumber).toBe('00');
    expect((await make({ serialNumber: 0x1234 })).serialNumber).toBe('1234');
    expect((await make({ serialNumber: 0x80 })).serialNumber).toBe('0080');
    expect((await make({ serialNumber: 0x0102030405060708n })).serialNumber).toBe('0102030405060708');
    expect((await make({ serialNumber: 'abc' })).serialNumber).toBe('0abc');
    expect((await make({ serialNumber: '7bcd' })).serialNumber).toBe('7bcd');
    expect((await make({ serialNumber: Uint8Array.of(1, 2) })).serialNumber).toBe('0102');
  });
  it('rejects a negative serial', async () => {
    await expect(make({ serialNumber: -1 })).rejects.toThrow(RangeError);
    await expect(make({ serialNumber: -1n })).rejects.toThrow(RangeError);
  });
});

describe('names', () => {
  it('chooses PrintableString for C and serialNumber, IA5String for emailAddress, UTF8String otherwise', async () => {
    const cert = await make({
      subject: [
        ['C', 'US'],
        ['2.5.4.5', 'SN1'],
        ['1.2.840.113549.1.9.1', 'a@b.c'],
        ['O', 'Org'],
        ['CN', 'Name', 'printableString'],
        ['OU', 'Unit', 'ia5String'],
        ['L', 'Town', 'utf8String'],
      ],
    });
    expect(cert.subject.map((a) => a.stringType)).toEqual([
      'printableString',
      'printableString',
      'ia5String',
      'utf8String',
      'printableString',
      'ia5String',
      'utf8String',
    ]);
  });
  it('one RDN per entry by default; multiValuedRDN puts all in one SET', () => {
    const cn = derSequence([derOID('2.5.4.3'), derString(TAG.UTF8_STRING, 'a')]);
    const o = derSequence([derOID('2.5.4.10'), derString(TAG.UTF8_STRING, 'b')]);
    expect(
      encodeName([
        ['CN', 'a'],
        ['O', 'b'],
      ]),
    ).toEqual(derSequence([derSetOf([cn]), derSetOf([o])]));
    expect(
      encodeName(
        [
          ['CN', 'a'],
          ['O', 'b'],
        ],
        true,
      ),
    ).toEqual(derSequence([derSetOf([cn, o])]));
    expect(encodeName([], true)).toEqual(derSequence([]));
    expect(encodeName([])).toEqual(derSequence([]));
  });
  it('emptySubject encodes an empty Name', async () => {
    const cert = await make({ emptySubject: true });
    expect(cert.subjectDer).toEqual(derSequence([]));
    expect((await make()).subject.map((a) => a.value)).toEqual(['b']);
  });
});

describe('keyUsage', () => {
  const kuValue = async (usages: readonly KeyUsageName[]) =>
    extOf(await make({ extensions: { keyUsage: usages } }), OID.keyUsage)!;

  it('encodes named bits with trailing zero bits dropped (X.690 §11.2.2)', async () => {
    expect((await kuValue(['digitalSignature'])).value).toEqual(derBitString(Uint8Array.of(0x80), 7));
    expect((await kuValue(['keyCertSign', 'cRLSign'])).value).toEqual(derBitString(Uint8Array.of(0x06), 1));
    expect((await kuValue(['cRLSign'])).value).toEqual(derBitString(Uint8Array.of(0x02), 1));
    expect((await kuValue(['encipherOnly'])).value).toEqual(derBitString(Uint8Array.of(0x01), 0));
    expect((await kuValue(['decipherOnly'])).value).toEqual(derBitString(Uint8Array.of(0x00, 0x80), 7));
    expect((await kuValue([])).value).toEqual(derBitString(new Uint8Array(0), 0));
  });
  it('is critical by default; the object form sets criticality', async () => {
    expect((await kuValue(['digitalSignature'])).critical).toBe(true);
    const cert = await make({ extensions: { keyUsage: { usages: ['digitalSignature'], critical: false } } });
    expect(extOf(cert, OID.keyUsage)).toMatchObject({ critical: false, value: derBitString(Uint8Array.of(0x80), 7) });
  });
  it('rejects an unknown usage', async () => {
    await expect(make({ extensions: { keyUsage: ['signEverything' as never] } })).rejects.toThrow(RangeError);
  });
});

describe('other extensions', () => {
  it('basicConstraints: critical by default, cA FALSE omitted unless explicitFalse', async () => {
    const bc = async (basicConstraints: NonNullable<Parameters<typeof make>[0]>['extensions']) =>
      extOf(await make({ extensions: basicConstraints }), OID.basicConstraints)!;
    expect(await bc({ basicConstraints: { ca: false } })).toMatchObject({ critical: true, value: derSequence([]) });
    expect(await bc({ basicConstraints: { ca: true } })).toMatchObject({ value: derSequence([derBoolean(true)]) });
    expect(await bc({ basicConstraints: { ca: false, explicitFalse: true, critical: false } })).toMatchObject({
      critical: false,
      value: derSequence([derBoolean(false)]),
    });
  });
  it('extKeyUsage: non-critical by default; the object form sets criticality', async () => {
    const plain = await make({ extensions: { extendedKeyUsage: ['2.23.133.8.3'] } });
    expect(extOf(plain, OID.extKeyUsage)?.critical).toBe(false);
    expect(plain.extendedKeyUsage).toEqual(['2.23.133.8.3']);
    const crit = await make({ extensions: { extendedKeyUsage: { purposes: ['1.3.6.1.5.5.7.3.2'], critical: true } } });
    expect(extOf(crit, OID.extKeyUsage)?.critical).toBe(true);
    expect(crit.extendedKeyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });
  it('subjectAltName: non-critical, one RDN per entry unless multiValuedRDN', async () => {
    const entries = [
      ['2.23.133.2.1', 'id:FFFFF1D0'],
      ['2.23.133.2.2', 'FIDO'],
    ] as const;
    const separate = extOf(
      await make({ extensions: { subjectAltName: { directoryName: entries } } }),
      OID.subjectAltName,
    )!;
    expect(separate.critical).toBe(false);
    // GeneralNames SEQUENCE { [4] EXPLICIT Name } -> number of RDNs in Name
    const rdns = (value: Uint8Array) => readChildren(readSingle(readChildren(readSingle(value))[0]!.value)).length;
    expect(rdns(separate.value)).toBe(2);
    const multi = extOf(
      await make({ extensions: { subjectAltName: { directoryName: entries, multiValuedRDN: true, critical: true } } }),
      OID.subjectAltName,
    )!;
    expect(multi.critical).toBe(true);
    expect(rdns(multi.value)).toBe(1);
  });
  it('key identifiers and the AAGUID are non-critical by default', async () => {
    const cert = await make({
      extensions: {
        subjectKeyIdentifier: Uint8Array.of(1, 2, 3),
        authorityKeyIdentifier: Uint8Array.of(4, 5),
        aaguid: new Uint8Array(16).fill(6),
      },
    });
    expect(cert.subjectKeyIdentifier).toEqual(Uint8Array.of(1, 2, 3));
    expect(cert.authorityKeyIdentifier).toEqual(Uint8Array.of(4, 5));
    for (const oid of [OID.subjectKeyIdentifier, OID.authorityKeyIdentifier, OID.aaguid]) {
      expect(extOf(cert, oid)?.critical).toBe(false);
    }
    const crit = await make({ extensions: { aaguid: { aaguid: new Uint8Array(16), critical: true } } });
    expect(extOf(crit, OID.aaguid)?.critical).toBe(true);
  });
});

describe('versions', () => {
  it('version 1 has no version field and no extensions', async () => {
    const v1 = await make({ version: 1 });
    expect(v1.version).toBe(1);
    expect(v1.extensions).toEqual([]);
    expect((await make()).version).toBe(3);
    await expect(make({ version: 1, extensions: { basicConstraints: { ca: true } } })).rejects.toThrow(RangeError);
    // Only 1 and 3 are supported: a v2 request is refused, never built with its extensions dropped.
    for (const version of [2, 0, 4]) {
      await expect(make({ version: version as 3 })).rejects.toThrow(RangeError);
      await expect(make({ version: version as 3, extensions: { basicConstraints: { ca: true } } })).rejects.toThrow(
        RangeError,
      );
    }
  });
  it('a v3 certificate without extensions has no [3] field', async () => {
    const cert = await make({ extensions: {} });
    const tbsFields = readChildren(readSingle(cert.tbs));
    expect(tbsFields).toHaveLength(7); // version, serial, signature, issuer, validity, subject, spki
  });
});

describe('createCRL', () => {
  const crlOf = async (o: Partial<Parameters<typeof createCRL>[0]> = {}) =>
    parseCRL(
      await createCRL({
        issuer: [['CN', 'CA']],
        thisUpdate: NOW,
        revoked: [],
        signatureAlgorithm: key.scheme,
        sign: key.sign,
        ...o,
      }),
    );

  it('cRLNumber defaults to 1 and is non-critical', async () => {
    const crl = await crlOf();
    expect(crl.crlNumber).toBe('01');
    expect(crl.extensions).toEqual([{ oid: '2.5.29.20', critical: false, value: Uint8Array.of(2, 1, 1) }]);
    expect((await crlOf({ crlNumber: 300 })).crlNumber).toBe('012c');
  });
  it('an empty revocation list is omitted (§5.1.2.6), a non-empty one is present', async () => {
    const fields = (crl: { tbs: Uint8Array }) => readChildren(readSingle(crl.tbs)).length;
    expect(fields(await crlOf())).toBe(5); // version, signature, issuer, thisUpdate, [0]
    expect(fields(await crlOf({ nextUpdate: new Date(NOW.getTime() + DAY) }))).toBe(6);
    const withRevoked = await crlOf({ revoked: [{ serialNumber: 5, revocationDate: NOW }] });
    expect(fields(withRevoked)).toBe(6);
    expect(withRevoked.revoked.map((r) => r.serialNumber)).toEqual(['05']);
  });
  it('authorityKeyIdentifier is non-critical and read back', async () => {
    const crl = await crlOf({ authorityKeyIdentifier: Uint8Array.of(9, 9) });
    expect(crl.authorityKeyIdentifier).toEqual(Uint8Array.of(9, 9));
    expect(crl.extensions.find((e) => e.oid === '2.5.29.35')?.critical).toBe(false);
  });
});
