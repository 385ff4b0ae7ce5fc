/**
 * Module-level tables of src/certificates: the OID registries and the Android KeyDescription
 * schema. Each module is imported inside its test (after `vi.resetModules()`), so the tables are
 * built while the test runs and a wrong entry is observed here. Expected values come from the
 * RFCs named beside them, not from src.
 */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  derNull,
  derOctetString,
  derOID,
  derPrimitive,
  derSequence,
  derSmallInteger,
  derString,
  TAG,
} from '../../src/certificates/der.js';
import type { Certificate } from '../../src/certificates/types.js';

async function fresh<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}

// RFC 4519 §2, RFC 5280 Appendix A, RFC 4524 (DC, UID), PKCS #9 (emailAddress), TCG EK profile (tpm*).
const NAME_ATTRIBUTES: Record<string, string> = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  serialNumber: '2.5.4.5',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  street: '2.5.4.9',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  title: '2.5.4.12',
  GN: '2.5.4.42',
  initials: '2.5.4.43',
  generationQualifier: '2.5.4.44',
  dnQualifier: '2.5.4.46',
  pseudonym: '2.5.4.65',
  organizationIdentifier: '2.5.4.97',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
  emailAddress: '1.2.840.113549.1.9.1',
  tpmManufacturer: '2.23.133.2.1',
  tpmModel: '2.23.133.2.2',
  tpmVersion: '2.23.133.2.3',
};

describe('OID registries', () => {
  it('name attribute types map to their OIDs and back', async () => {
    const oids = await fresh(() => import('../../src/certificates/oids.js'));
    expect({ ...oids.NAME_ATTRIBUTE_OIDS }).toStrictEqual(NAME_ATTRIBUTES);
    for (const [name, oid] of Object.entries(NAME_ATTRIBUTES)) {
      expect(oids.attributeShortName(oid)).toBe(name);
      expect(oids.attributeOID(name)).toBe(oid);
    }
    expect(oids.attributeShortName('2.5.4.99')).toBe('2.5.4.99');
  });

  it('named curves (RFC 5480 §2.1.1.1, SEC 2) and hashes (RFC 8017 Appendix B.1)', async () => {
    const oids = await fresh(() => import('../../src/certificates/oids.js'));
    expect({ ...oids.CURVE_OIDS }).toStrictEqual({
      'P-256': '1.2.840.10045.3.1.7',
      'P-384': '1.3.132.0.34',
      'P-521': '1.3.132.0.35',
      secp256k1: '1.3.132.0.10',
    });
    expect({ ...oids.HASH_OIDS }).toStrictEqual({
      'SHA-1': '1.3.14.3.2.26',
      'SHA-256': '2.16.840.1.101.3.4.2.1',
      'SHA-384': '2.16.840.1.101.3.4.2.2',
      'SHA-512': '2.16.840.1.101.3.4.2.3',
    });
    expect(oids.lookupKey(oids.CURVE_OIDS, '1.3.132.0.34')).toBe('P-384');
    expect(oids.lookupKey(oids.HASH_OIDS, '2.16.840.1.101.3.4.2.3')).toBe('SHA-512');
  });
});

describe('Android KeyDescription schema (Android Keystore attestation extension)', () => {
  const level = (l: number) => derPrimitive(TAG.ENUMERATED, Uint8Array.of(l));
  const description = derSequence([
    derSmallInteger(200), // attestationVersion
    level(1), // attestationSecurityLevel: TrustedEnvironment
    derSmallInteger(300), // keymasterVersion
    level(2), // keymasterSecurityLevel: StrongBox
    derOctetString(Uint8Array.of(0xc1, 0xc2, 0xc3)), // attestationChallenge
    derOctetString(Uint8Array.of(0xd1, 0xd2)), // uniqueId
    derSequence([]), // softwareEnforced
    derSequence([]), // teeEnforced
  ]);
  const cert = {
    extensions: [{ oid: '1.3.6.1.4.1.11129.2.1.17', critical: false, value: description }],
  } as unknown as Certificate;

  it('reads every member from its position, with its type', async () => {
    const { parseAndroidKeyDescription } = await fresh(() => import('../../src/certificates/extensions.js'));
    const kd = parseAndroidKeyDescription(cert);
    expect(kd).toMatchObject({
      attestationVersion: 200,
      attestationSecurityLevel: 1,
      keymasterVersion: 300,
      keymasterSecurityLevel: 2,
      critical: false,
    });
    expect(kd?.attestationChallenge).toEqual(Uint8Array.of(0xc1, 0xc2, 0xc3));
    expect(kd?.uniqueId).toEqual(Uint8Array.of(0xd1, 0xd2));
    expect(kd?.softwareEnforced.tags).toEqual([]);
    expect(kd?.teeEnforced.tags).toEqual([]);
  });
});

describe('signature algorithm tables (RFC 5758 §3.2, RFC 8017 Appendix A.2.4)', () => {
  it.each([
    ['1.2.840.10045.4.1', 'SHA-1'],
    ['1.2.840.10045.4.3.2', 'SHA-256'],
    ['1.2.840.10045.4.3.3', 'SHA-384'],
    ['1.2.840.10045.4.3.4', 'SHA-512'],
  ])('ecdsa-with-SHA* %s → ECDSA over %s', async (oid, hash) => {
    const { signatureSchemeFromAlgorithmIdentifier } = await fresh(
      () => import('../../src/certificates/algorithms.js'),
    );
    const { scheme } = signatureSchemeFromAlgorithmIdentifier(derSequence([derOID(oid)]));
    expect(scheme).toStrictEqual({ name: 'ECDSA', hash, encoding: 'der' });
  });

  it.each([
    ['1.2.840.113549.1.1.5', 'SHA-1'],
    ['1.2.840.113549.1.1.11', 'SHA-256'],
    ['1.2.840.113549.1.1.12', 'SHA-384'],
    ['1.2.840.113549.1.1.13', 'SHA-512'],
  ])('sha*WithRSAEncryption %s → PKCS #1 v1.5 over %s', async (oid, hash) => {
    const { signatureSchemeFromAlgorithmIdentifier } = await fresh(
      () => import('../../src/certificates/algorithms.js'),
    );
    const { scheme } = signatureSchemeFromAlgorithmIdentifier(derSequence([derOID(oid), derNull()]));
    expect(scheme).toStrictEqual({ name: 'RSASSA-PKCS1-v1_5', hash });
  });
});

describe('DER tag classes (X.690 §8.1.2.2)', () => {
  it.each([
    [0x01, 'universal'],
    [0x41, 'application'],
    [0x81, 'context'],
    [0xc1, 'private'],
  ])('identifier octet %i → %s', async (tag, tagClass) => {
    const { readElement } = await fresh(() => import('../../src/certificates/der.js'));
    expect(readElement(Uint8Array.of(tag, 0)).tagClass).toBe(tagClass);
  });
});

describe('UTF8String decoding keeps a byte-order mark and refuses invalid UTF-8', () => {
  it('EF BB BF 41 → "\uFEFFA"; FF FE → ERR_CERTIFICATE_INVALID', async () => {
    const der = await fresh(() => import('../../src/certificates/der.js'));
    const { decodeDirectoryString } = await import('../../src/certificates/names.js');
    const utf8 = (bytes: number[]) => der.readSingle(derPrimitive(TAG.UTF8_STRING, Uint8Array.from(bytes)));
    expect(decodeDirectoryString(utf8([0xef, 0xbb, 0xbf, 0x41])).value).toBe('\uFEFFA');
    let code: unknown;
    try {
      decodeDirectoryString(utf8([0xff, 0xfe]));
    } catch (err) {
      code = (err as { code?: unknown }).code;
    }
    expect(code).toBe('ERR_CERTIFICATE_INVALID');
    expect(decodeDirectoryString(der.readSingle(derString(TAG.UTF8_STRING, 'é'))).value).toBe('é');
  });
});

describe('named-curve parameters (SEC 2, FIPS 186-5)', () => {
  it.each([
    ['P-256', 'prime256v1', 32],
    ['P-384', 'secp384r1', 48],
    ['P-521', 'secp521r1', 66],
    ['secp256k1', 'secp256k1', 32],
  ])('a valid %s SubjectPublicKeyInfo decodes to its point', async (crv, nodeName, size) => {
    const { decodeSPKI } = await fresh(() => import('../../src/certificates/public-key.js'));
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: nodeName });
    const jwk = publicKey.export({ format: 'jwk' });
    const spki = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    const key = decodeSPKI(spki);
    expect(key).toMatchObject({ kty: 'EC', crv });
    const ec = key as { x: Uint8Array; y: Uint8Array };
    expect(ec.x.length).toBe(size);
    expect(Buffer.from(ec.x).toString('base64url')).toBe(jwk.x);
    expect(Buffer.from(ec.y).toString('base64url')).toBe(jwk.y);
  });
});

describe('CRL extensions understood when critical (RFC 5280 §5.2)', () => {
  it('a critical issuerAltName keeps the CRL complete; an unknown critical extension does not', async () => {
    const { createCRL } = await import('../../src/certificates/builder.js');
    const { ecKey, NOW } = await import('./pki.js');
    const key = ecKey();
    const crlWith = (oid: string) =>
      createCRL({
        issuer: [['CN', 'CRL issuer']],
        thisUpdate: NOW,
        revoked: [],
        signatureAlgorithm: key.scheme,
        sign: key.sign,
        raw: [{ oid, critical: true, value: derSequence([]) }],
      });
    const known = await crlWith('2.5.29.18');
    const unknown = await crlWith('1.2.3.4');
    const { parseCRL } = await fresh(() => import('../../src/certificates/crl.js'));
    expect(parseCRL(known).complete).toBe(true);
    expect(parseCRL(unknown).complete).toBe(false);
  });
});
