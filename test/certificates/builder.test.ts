import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCertificate } from '../../src/certificates/builder.js';
import { derExplicit, derOctetString, derSequence } from '../../src/certificates/der.js';
import {
  parseAAGUIDExtension,
  parseAppleNonceExtension,
  parseFIDOTransportsExtension,
  parseTPMSubjectAltName,
} from '../../src/certificates/extensions.js';
import { getNameAttribute, parseCertificate } from '../../src/certificates/parse.js';
import { ecKey, edKey, issue, makePKI, NOW, rsaKey } from './pki.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('builder', () => {
  it('builds a chain that node:crypto verifies', async () => {
    const pki = await makePKI();
    const root = new X509Certificate(pki.root.der);
    const int = new X509Certificate(pki.intermediate.der);
    const leaf = new X509Certificate(pki.leaf.der);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(int.verify(root.publicKey)).toBe(true);
    expect(leaf.verify(int.publicKey)).toBe(true);
    expect(int.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(pki.leaf.basicConstraints).toEqual({ ca: false, pathLength: undefined });
    expect(pki.intermediate.keyUsage).toEqual(new Set(['keyCertSign', 'cRLSign']));
    expect(getNameAttribute(pki.leaf.subject, 'OU')).toBe('Authenticator Attestation');
    expect(pki.leaf.subject.find((a) => a.type === 'C')?.stringType).toBe('printableString');
  });

  for (const [name, make] of [
    ['RSA PKCS#1', () => rsaKey()],
    ['RSA-PSS', () => rsaKey(true)],
    ['Ed25519', () => edKey('Ed25519')],
    ['Ed448', () => edKey('Ed448')],
    ['P-384', () => ecKey('P-384')],
    ['P-521', () => ecKey('P-521')],
  ] as const) {
    it(`signs and round-trips keys with ${name}`, async () => {
      const key = make();
      const cert = await issue({ subject: [['CN', name]], key, extensions: { basicConstraints: { ca: true } } });
      expect(cert.publicKey).toEqual(key.publicKey);
      expect(cert.signatureScheme).toEqual(key.scheme);
      expect(new X509Certificate(cert.der).verify(new X509Certificate(cert.der).publicKey)).toBe(true);
    });
  }

  it('encodes extensions the parsers read back', async () => {
    const key = ecKey();
    const aaguid = new Uint8Array(16).fill(7);
    const der = await createCertificate({
      serialNumber: 0x80n,
      subject: [],
      emptySubject: true,
      issuer: [['CN', 'CA']],
      notBefore: NOW,
      notAfter: new Date('2060-01-01T00:00:00Z'),
      publicKey: key.publicKey,
      signatureAlgorithm: key.scheme,
      sign: key.sign,
      extensions: {
        basicConstraints: { ca: false, explicitFalse: true },
        extendedKeyUsage: ['2.23.133.8.3'],
        subjectAltName: {
          directoryName: [
            ['tpmManufacturer', 'id:4E544300'],
            ['tpmModel', 'NPCT6xx'],
            ['tpmVersion', 'id:0007'],
          ],
          multiValuedRDN: true,
          critical: true,
        },
        aaguid,
        raw: [
          {
            oid: '1.2.840.113635.100.8.2',
            critical: false,
            value: derSequence([derExplicit(1, derOctetString(new Uint8Array([1, 2, 3])))]),
          },
          { oid: '1.3.6.1.4.1.45724.2.1.1', critical: false, value: new Uint8Array([3, 2, 5, 0x20]) },
        ],
      },
    });
    const cert = parseCertificate(der);
    expect(cert.serialNumber).toBe('0080');
    expect(cert.subject).toEqual([]);
    expect(cert.notAfter.toISOString()).toBe('2060-01-01T00:00:00.000Z');
    expect(cert.extendedKeyUsage).toEqual(['2.23.133.8.3']);
    expect(cert.basicConstraints).toEqual({ ca: false, pathLength: undefined });
    expect(parseAAGUIDExtension(cert)).toEqual({ aaguid, critical: false });
    expect(parseAppleNonceExtension(cert)).toEqual({ nonce: new Uint8Array([1, 2, 3]), critical: false });
    expect(parseFIDOTransportsExtension(cert)).toEqual(['usb']);
    const san = parseTPMSubjectAltName(cert);
    expect(san).toMatchObject({ manufacturer: 'id:4E544300', model: 'NPCT6xx', version: 'id:0007', critical: true });
    new X509Certificate(der); // node accepts it
  });

  it('reads TPM SAN attributes from separate RDNs too', async () => {
    const key = ecKey();
    const cert = await issue({
      subject: [['CN', 'x']],
      key,
      extensions: {
        subjectAltName: {
          directoryName: [
            ['tpmManufacturer', 'id:414D4400'],
            ['tpmModel', 'AMD'],
            ['tpmVersion', 'id:0003'],
          ],
        },
      },
    });
    expect(parseTPMSubjectAltName(cert)).toMatchObject({
      manufacturer: 'id:414D4400',
      model: 'AMD',
      version: 'id:0003',
    });
  });

  it('rejects a single-wrapped AAGUID extension and a wrong length', async () => {
    const key = ecKey();
    for (const value of [new Uint8Array(16), derOctetString(new Uint8Array(15))]) {
      const cert = await issue({
        subject: [['CN', 'x']],
        key,
        extensions: { raw: [{ oid: '1.3.6.1.4.1.45724.1.1.4', critical: false, value }] },
      });
      expect(code(() => parseAAGUIDExtension(cert))).toBe('ERR_CERTIFICATE_INVALID');
    }
  });

  it('builds version 1 certificates', async () => {
    const key = ecKey();
    const cert = await issue({ subject: [['CN', 'v1']], key, version: 1 });
    expect(cert.version).toBe(1);
    expect(cert.extensions).toEqual([]);
  });
});
