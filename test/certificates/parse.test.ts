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

describe('parse details', () => {
  it('decompresses compressed EC points and rejects off-curve points', async () => {
    const { ecKey } = await import('./pki.js');
    const { decodeSPKI } = await import('../../src/certificates/public-key.js');
    for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
      const key = ecKey(curve).publicKey as { kty: 'EC'; crv: typeof curve; x: Uint8Array; y: Uint8Array };
      const spki = encodePublicKeySPKI(key);
      const size = key.x.length;
      const point = spki.subarray(spki.length - (1 + 2 * size));
      const prefix = ((key.y[size - 1] as number) & 1) === 1 ? 3 : 2;
      const { derSequence, derBitString, readSingle, readChildren } = await import('../../src/certificates/der.js');
      const alg = readChildren(readSingle(spki))[0]!.bytes;
      const c = derSequence([alg, derBitString(Uint8Array.of(prefix, ...key.x))]);
      expect(decodeSPKI(c)).toEqual(key);
      const off = Uint8Array.from(point);
      off[off.length - 1] = (off[off.length - 1] as number) ^ 1;
      expect(code(() => decodeSPKI(derSequence([alg, derBitString(off)])))).toBe('ERR_CERTIFICATE_INVALID');
    }
  });

  it('maps signature algorithm identifiers', async () => {
    const { signatureSchemeFromAlgorithmIdentifier, encodeSignatureAlgorithm } = await import(
      '../../src/certificates/algorithms.js'
    );
    const { derSequence, derOID, derNull } = await import('../../src/certificates/der.js');
    // RSASSA-PSS with all-default parameters: SHA-1, MGF1-SHA-1, salt 20
    expect(
      signatureSchemeFromAlgorithmIdentifier(derSequence([derOID('1.2.840.113549.1.1.10'), derSequence([])])).scheme,
    ).toEqual({ name: 'RSA-PSS', hash: 'SHA-1', saltLength: 20 });
    // PSS round trip
    const pss = { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 } as const;
    expect(signatureSchemeFromAlgorithmIdentifier(encodeSignatureAlgorithm(pss)).scheme).toEqual(pss);
    // sha1WithRSAEncryption with and without NULL
    for (const alg of [
      derSequence([derOID('1.2.840.113549.1.1.5'), derNull()]),
      derSequence([derOID('1.2.840.113549.1.1.5')]),
    ]) {
      expect(signatureSchemeFromAlgorithmIdentifier(alg).scheme).toEqual({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' });
    }
    expect(signatureSchemeFromAlgorithmIdentifier(derSequence([derOID('1.2.840.10045.4.1')])).scheme).toEqual({
      name: 'ECDSA',
      hash: 'SHA-1',
      encoding: 'der',
    });
    // ECDSA with parameters, unknown OIDs: unsupported
    expect(
      signatureSchemeFromAlgorithmIdentifier(derSequence([derOID('1.2.840.10045.4.3.2'), derNull()])).scheme,
    ).toBeUndefined();
    expect(signatureSchemeFromAlgorithmIdentifier(derSequence([derOID('1.2.840.10040.4.3')])).scheme).toBeUndefined();
    expect(signatureSchemeFromAlgorithmIdentifier(encodeSignatureAlgorithm({ name: 'EdDSA' }, 'Ed448')).oid).toBe(
      '1.3.101.113',
    );
  });

  it('rejects structural violations', async () => {
    const { ecKey, issue } = await import('./pki.js');
    const der = await import('../../src/certificates/der.js');
    const key = ecKey();
    const cert = await issue({ subject: [['CN', 'x']], key });
    const [tbs, alg, sig] = der.readChildren(der.readSingle(cert.der)).map((e) => e.bytes) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    // outer algorithm differs from tbsCertificate.signature
    const otherAlg = der.derSequence([der.derOID('1.2.840.10045.4.3.3')]);
    expect(code(() => parseCertificate(der.derSequence([tbs, otherAlg, sig])))).toBe('ERR_CERTIFICATE_INVALID');
    expect(code(() => parseCertificate(der.derSequence([tbs, alg])))).toBe('ERR_CERTIFICATE_INVALID');
    expect(code(() => parseCertificate(der.derSequence([tbs, alg, sig, der.derNull()])))).toBe(
      'ERR_CERTIFICATE_INVALID',
    );
    // duplicate extension
    const dup = await issue({
      subject: [['CN', 'x']],
      key,
      extensions: {
        raw: [
          { oid: '1.2.3', critical: false, value: der.derNull() },
          { oid: '1.2.3', critical: false, value: der.derNull() },
        ],
      },
    }).catch((err: { code?: string }) => err.code);
    expect(dup).toBe('ERR_CERTIFICATE_INVALID');
    // malformed basicConstraints
    const badBC = await issue({
      subject: [['CN', 'x']],
      key,
      extensions: { raw: [{ oid: '2.5.29.19', critical: true, value: der.derOctetString(new Uint8Array(1)) }] },
    }).catch((err: { code?: string }) => err.code);
    expect(badBC).toBe('ERR_CERTIFICATE_INVALID');
  });

  it('reads a BER BOOLEAN TRUE (0x01) in basicConstraints as TRUE', async () => {
    const { ecKey, issue } = await import('./pki.js');
    const der = await import('../../src/certificates/der.js');
    const cert = await issue({
      subject: [['CN', 'x']],
      key: ecKey(),
      extensions: {
        raw: [{ oid: '2.5.29.19', critical: false, value: der.derSequence([der.derPrimitive(1, Uint8Array.of(1))]) }],
      },
    });
    expect(cert.basicConstraints).toEqual({ ca: true, pathLength: undefined });
  });
});
