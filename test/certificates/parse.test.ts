import { describe, expect, it } from 'vitest';
import { getNameAttribute, parseCertificate, parsePEMBlocks, toCertificate } from '../../src/certificates/parse.js';
import { encodePublicKeySPKI } from '../../src/certificates/public-key.js';
import { encodeBase64 } from '../../src/encoding/base64url.js';
import { hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { fixtureChains, readRootPEM, rootFiles } from './fixture-certs.js';

const HAS = hasSharedFixtures('certificates/parse');

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe.skipIf(!HAS)('parse fixture roots', () => {
  for (const file of HAS ? rootFiles() : []) {
    it(`parses ${file}`, () => {
      const pem = readRootPEM(file);
      const cert = toCertificate(pem);
      expect(cert.version).toBe(3);
      expect(cert.publicKey).toBeDefined();
      expect(cert.signatureScheme).toBeDefined();
      expect(cert.notBefore.getTime()).toBeLessThan(cert.notAfter.getTime());
      // self-signed roots: subject DER equals issuer DER
      expect(cert.subjectDer).toEqual(cert.issuerDer);
      // re-encoding the parsed key gives back a parseable SPKI with the same key
      const spki = encodePublicKeySPKI(cert.publicKey!);
      if (cert.publicKey!.kty !== 'RSA') expect(spki).toEqual(cert.spki);
      // DER and parsed inputs round-trip
      expect(toCertificate(cert.der).der).toEqual(cert.der);
      expect(toCertificate(cert)).toBe(cert);
      expect(toCertificate(encodeBase64(cert.der)).der).toEqual(cert.der);
    });
  }
});

describe.skipIf(!HAS)('parse fixture x5c certificates', () => {
  const chains = HAS ? fixtureChains() : [];
  it('finds x5c chains in the fixtures', () => {
    expect(chains.length).toBeGreaterThan(20);
  });
  for (const chain of chains) {
    it(`parses ${chain.id} (${chain.x5c.length} certs)`, () => {
      for (const der of chain.x5c) {
        const cert = parseCertificate(der);
        expect(cert.der).toEqual(der);
        expect(cert.serialNumber).toMatch(/^[0-9a-f]+$/);
        expect(cert.publicKey).toBeDefined();
      }
    });
  }
  it('tolerates explicit cA FALSE (chrome virtual broken basic constraints)', () => {
    const chain = chains.find((c) => c.id === 'swa-packed-x5c-es256-chrome-virtual-broken-basic-constraints');
    expect(chain).toBeDefined();
    const cert = parseCertificate(chain!.x5c[0]!);
    expect(cert.basicConstraints).toEqual({ ca: false, pathLength: undefined });
    expect(getNameAttribute(cert.subject, 'OU')).toBe('Authenticator Attestation');
  });
});

describe('parse negatives', () => {
  it('rejects trailing bytes, truncation and garbage', () => {
    expect(code(() => parseCertificate(new Uint8Array([0x30, 0x00, 0x00])))).toBe('ERR_CERTIFICATE_INVALID');
    expect(code(() => parseCertificate(new Uint8Array([0x30, 0x05, 0x00])))).toBe('ERR_CERTIFICATE_INVALID');
    expect(code(() => parseCertificate(new Uint8Array([])))).toBe('ERR_CERTIFICATE_INVALID');
    expect(code(() => parseCertificate(new Uint8Array([0x30, 0x80, 0x00, 0x00])))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('rejects malformed PEM', () => {
    expect(code(() => toCertificate('-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----'))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
    expect(code(() => toCertificate('-----BEGIN CERTIFICATE-----\nAAAA\n'))).toBe('ERR_CERTIFICATE_INVALID');
    expect(code(() => toCertificate('not base64 !'))).toBe('ERR_CERTIFICATE_INVALID');
  });
  it('extracts PEM blocks between banner text', () => {
    const blocks = parsePEMBlocks('Subject: x\n-----BEGIN X509 CRL-----\nAQID\n-----END X509 CRL-----\ntrailer\n');
    expect(blocks).toEqual([{ label: 'X509 CRL', der: new Uint8Array([1, 2, 3]) }]);
  });
});
