/**
 * Signature AlgorithmIdentifier profiles (RFC 5758 §3.2, RFC 8017 A.2, RFC 4055 §3.1, RFC 8410 §3)
 * and issuer-signature checks on certificates (key type ↔ algorithm binding, EdDSA curve ↔ OID).
 */
import { describe, expect, it } from 'vitest';
import { encodeSignatureAlgorithm, signatureSchemeFromAlgorithmIdentifier } from '../../src/certificates/algorithms.js';
import {
  derExplicit,
  derNull,
  derOctetString,
  derOID,
  derPrimitive,
  derSequence,
  derSmallInteger,
  TAG,
  tlv,
} from '../../src/certificates/der.js';
import { verifyCertificateSignature } from '../../src/certificates/signature.js';
import type { CryptoBackend, HashName, SignatureScheme } from '../../src/crypto/types.js';
import { edKey, issue } from './pki.js';

const OID = {
  pss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
};

const scheme = (alg: Uint8Array) => signatureSchemeFromAlgorithmIdentifier(alg).scheme;
const hashAlg = (oid: string, ...params: Uint8Array[]) => derSequence([derOID(oid), ...params]);
const mgf = (...params: Uint8Array[]) => derSequence([derOID(OID.mgf1), ...params]);
const pss = (...fields: Uint8Array[]) => derSequence([derOID(OID.pss), derSequence(fields)]);
const int = (...bytes: number[]) => derPrimitive(TAG.INTEGER, Uint8Array.from(bytes));

/** SHA-256 PSS parameters with the given salt / trailer fields appended. */
const pss256 = (...tail: Uint8Array[]) =>
  pss(derExplicit(0, hashAlg(OID.sha256, derNull())), derExplicit(1, mgf(hashAlg(OID.sha256))), ...tail);

describe('PKCS#1 v1.5 and ECDSA parameters', () => {
  it('accept NULL or absent PKCS#1 parameters only', () => {
    const want = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    expect(scheme(derSequence([derOID(OID.sha256WithRSA), derNull()]))).toEqual(want);
    expect(scheme(derSequence([derOID(OID.sha256WithRSA)]))).toEqual(want);
    expect(scheme(derSequence([derOID(OID.sha256WithRSA), derPrimitive(TAG.NULL, Uint8Array.of(0))]))).toBeUndefined();
    expect(scheme(derSequence([derOID(OID.sha256WithRSA), derOctetString(new Uint8Array(0))]))).toBeUndefined();
    expect(scheme(derSequence([derOID(OID.sha256WithRSA), derNull(), derNull()]))).toBeUndefined();
  });

  it('reports the OID with an undefined scheme when the profile is not met', () => {
    expect(signatureSchemeFromAlgorithmIdentifier(derSequence([derOID('1.2.3.4')]))).toEqual({
      oid: '1.2.3.4',
      scheme: undefined,
    });
    expect(
      signatureSchemeFromAlgorithmIdentifier(derSequence([derOID(OID.ecdsaSha256), derNull(), derNull()])),
    ).toEqual({
      oid: OID.ecdsaSha256,
      scheme: undefined,
    });
  });

  it('require absent EdDSA parameters', () => {
    expect(scheme(derSequence([derOID(OID.ed25519)]))).toEqual({ name: 'EdDSA' });
    expect(scheme(derSequence([derOID(OID.ed448)]))).toEqual({ name: 'EdDSA' });
    expect(scheme(derSequence([derOID(OID.ed25519), derNull()]))).toBeUndefined();
  });

  it('encodes only hashes that have an algorithm', () => {
    expect(() =>
      encodeSignatureAlgorithm({ name: 'ECDSA', hash: 'SHA-3' as HashName, encoding: 'der' } as SignatureScheme),
    ).toThrow(RangeError);
  });
});

describe('RSASSA-PSS parameters (RFC 4055 §3.1)', () => {
  it('reads hash, MGF1 hash, salt and trailer', () => {
    expect(scheme(pss256())).toEqual({ name: 'RSA-PSS', hash: 'SHA-256', saltLength: 20 });
    expect(scheme(pss256(derExplicit(2, derSmallInteger(32))))).toEqual({
      name: 'RSA-PSS',
      hash: 'SHA-256',
      saltLength: 32,
    });
    expect(scheme(pss256(derExplicit(2, int(0x01, 0x00))))).toMatchObject({ saltLength: 256 });
    expect(scheme(pss256(derExplicit(2, int(0x7f, 0xff))))).toMatchObject({ saltLength: 0x7fff });
    expect(scheme(pss256(derExplicit(2, derSmallInteger(32)), derExplicit(3, derSmallInteger(1))))).toEqual({
      name: 'RSA-PSS',
      hash: 'SHA-256',
      saltLength: 32,
    });
    expect(scheme(pss256(derExplicit(3, derSmallInteger(1))))).toEqual({
      name: 'RSA-PSS',
      hash: 'SHA-256',
      saltLength: 20,
    });
  });

  it('rejects absent or non-SEQUENCE parameters without throwing', () => {
    expect(scheme(derSequence([derOID(OID.pss)]))).toBeUndefined();
    expect(scheme(derSequence([derOID(OID.pss), derNull()]))).toBeUndefined();
    expect(scheme(derSequence([derOID(OID.pss), derSequence([]), derNull()]))).toBeUndefined();
  });

  it('rejects fields that are not constructed context tags in increasing order', () => {
    const h = derExplicit(0, hashAlg(OID.sha256));
    const m = derExplicit(1, mgf(hashAlg(OID.sha256)));
    expect(scheme(pss(m, h))).toBeUndefined();
    expect(scheme(pss(h, h, m))).toBeUndefined();
    // universal constructed [2]-numbered element holding an INTEGER
    expect(scheme(pss(h, m, tlv('universal', true, 2, derSmallInteger(32))))).toBeUndefined();
    // primitive [2] whose contents happen to be an INTEGER TLV
    expect(scheme(pss(h, m, tlv('context', false, 2, derSmallInteger(32))))).toBeUndefined();
    // unknown [4]
    expect(scheme(pss(h, m, derExplicit(4, derSmallInteger(1))))).toBeUndefined();
  });

  it('requires MGF1 with one hash parameter equal to the message hash', () => {
    const h = derExplicit(0, hashAlg(OID.sha256));
    expect(scheme(pss(h, derExplicit(1, derSequence([derOID('1.2.3.4'), hashAlg(OID.sha256)]))))).toBeUndefined();
    expect(scheme(pss(h, derExplicit(1, mgf())))).toBeUndefined();
    expect(scheme(pss(h, derExplicit(1, mgf(hashAlg(OID.sha256), derNull()))))).toBeUndefined();
    expect(scheme(pss(h, derExplicit(1, mgf(hashAlg(OID.sha384)))))).toBeUndefined();
    // default MGF1 hash is SHA-1: only the SHA-1 hash matches it
    expect(scheme(pss(h))).toBeUndefined();
    expect(scheme(pss(derExplicit(0, hashAlg(OID.sha1))))).toEqual({ name: 'RSA-PSS', hash: 'SHA-1', saltLength: 20 });
  });

  it('requires hash AlgorithmIdentifiers with NULL or absent parameters and a known hash', () => {
    const m = derExplicit(1, mgf(hashAlg(OID.sha256)));
    expect(scheme(pss(derExplicit(0, hashAlg(OID.sha256, derNull(), derNull())), m))).toBeUndefined();
    expect(scheme(pss(derExplicit(0, hashAlg(OID.sha256, derSmallInteger(0))), m))).toBeUndefined();
    expect(scheme(pss(derExplicit(0, hashAlg('1.2.3.4')), derExplicit(1, mgf(hashAlg('1.2.3.4')))))).toBeUndefined();
  });

  it('bounds salt and trailer INTEGERs to two non-negative bytes and trailer to 1', () => {
    for (const v of [int(), int(0x01, 0x00, 0x00), int(0x80), int(0xff, 0xff)]) {
      expect(scheme(pss256(derExplicit(2, v)))).toBeUndefined();
    }
    expect(scheme(pss256(derExplicit(3, derSmallInteger(2))))).toBeUndefined();
    expect(scheme(pss256(derExplicit(3, derSmallInteger(0))))).toBeUndefined();
  });
});

describe('verifyCertificateSignature', () => {
  it('verifies Ed25519 only under the Ed25519 OID', async () => {
    const rootKey = edKey('Ed25519');
    const root = await issue({ subject: [['CN', 'Ed root']], key: rootKey });
    expect(root.signatureScheme).toEqual({ name: 'EdDSA' });
    expect(await verifyCertificateSignature(root, root)).toBe(true);
    expect(await verifyCertificateSignature({ ...root, signatureAlgorithm: OID.ed448 }, root)).toBe(false);
  });

  it('is false for an unsupported scheme or key, never a throw', async () => {
    const rootKey = edKey('Ed25519');
    const root = await issue({ subject: [['CN', 'Ed root']], key: rootKey });
    expect(await verifyCertificateSignature({ ...root, signatureScheme: undefined }, root)).toBe(false);
    expect(await verifyCertificateSignature(root, { ...root, publicKey: undefined })).toBe(false);
  });

  it('passes the chosen backend through (an unknown backend makes it false)', async () => {
    const rootKey = edKey('Ed25519');
    const root = await issue({ subject: [['CN', 'Ed root']], key: rootKey });
    expect(await verifyCertificateSignature(root, root, 'noble')).toBe(true);
    expect(await verifyCertificateSignature(root, root, 'bogus' as CryptoBackend)).toBe(false);
  });
});
