import { describe, expect, it } from 'vitest';
import { parseTPMManufacturer, TPM_MANUFACTURERS } from '../../src/attestation/tpm/manufacturers.js';
import { parseCertInfo } from '../../src/attestation/tpm/parse-cert-info.js';
import { parsePubArea } from '../../src/attestation/tpm/parse-pub-area.js';
import { tpmAttestation } from '../../src/attestation/tpm.js';
import { parseCertificate } from '../../src/certificates/parse.js';
import type { CBORMap } from '../../src/encoding/cbor.js';
import { createSoftwareAuthenticator, generateTestKeyPair } from '../../src/testing/index.js';
import { hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { decodeFixture, registrationFixtures, rejection, statementInput } from './helpers/fixtures.js';
import { NOW, type SoftwareStatementOptions, softwareStatement, verifyWith, withMember } from './helpers/software.js';

// Fixtures whose AIK SAN names a vendor outside the TCG registry: the FIDO conformance tools'
// test vendor id:FFFFF1D0 and the W3C vectors' id:00000000.
const UNREGISTERED_VENDOR = new Set([
  'swa-tpm-aaguid-ext-match',
  'swa-tpm-aaguid-ext-mismatch',
  'swa-tpm-rs1-conformance-a',
  'swa-tpm-rs1-fido2-net-lib',
  'swa-tpm-rs256-conformance-a',
  'swa-tpm-rs256-conformance-b',
  'swa-tpm-rs256-fido2-net-lib',
  'w3c-tpm-es256-registration',
]);

describe.skipIf(!hasSharedFixtures('tpm fixtures'))('tpm: shared fixtures (clock at verifyAt)', () => {
  const fixtures = registrationFixtures('tpm');
  it('finds all 11 TPM registrations', () => {
    expect(fixtures.length).toBe(11);
  });
  for (const fx of fixtures) {
    const now = new Date(fx.attestation!.verifyAt!);
    const unregistered = UNREGISTERED_VENDOR.has(fx.id);
    if (fx.outcome === 'valid') {
      it(`${fx.id}: verifies${unregistered ? ' (tpmAllowUnknownManufacturer)' : ''}`, async () => {
        const input = statementInput(decodeFixture(fx), { now, policy: { tpmAllowUnknownManufacturer: unregistered } });
        const result = await tpmAttestation.verify(input);
        expect(result.format).toBe('tpm');
        expect(result.type).toBe('attca');
        expect(result.trustPath.length).toBe(2 - (fx.id.startsWith('w3c-') ? 1 : 0));
        expect(result.details?.alg).toEqual(fx.requires?.includes('sha1') === true ? -65535 : expect.any(Number));
      });
    } else {
      it(`${fx.id}: is rejected (${fx.invalidReason})`, async () => {
        const input = statementInput(decodeFixture(fx), { now, policy: { tpmAllowUnknownManufacturer: true } });
        const err = await rejection(() => tpmAttestation.verify(input));
        expect(err.code).toBe('ERR_ATTESTATION_INVALID');
        expect(err.details?.check).toBe('aaguid-extension');
      });
    }
    if (unregistered && fx.outcome === 'valid') {
      it(`${fx.id}: its unregistered TPM vendor is rejected by default`, async () => {
        const err = await rejection(() => tpmAttestation.verify(statementInput(decodeFixture(fx), { now })));
        expect(err.code).toBe('ERR_ATTESTATION_INVALID');
        expect(err.details?.check).toBe('certificate.manufacturer');
      });
    }
  }
  it('swa-tpm-rs256-windows-hello-san-spec-compliant: reports the manufacturer (one RDN per attribute)', async () => {
    const fx = fixtures.find((f) => f.id === 'swa-tpm-rs256-windows-hello-san-spec-compliant')!;
    const result = await tpmAttestation.verify(
      statementInput(decodeFixture(fx), { now: new Date(fx.attestation!.verifyAt!) }),
    );
    expect(result.details?.manufacturer).toEqual({ id: '53544D20', name: 'STMicroelectronics' });
    expect(result.details?.model).toBe('ST33HTPxAHA6');
  });
  it('swa-tpm-rs256-windows-hello-san-single-rdn: reports the manufacturer (multi-valued RDN)', async () => {
    const fx = fixtures.find((f) => f.id === 'swa-tpm-rs256-windows-hello-san-single-rdn')!;
    const result = await tpmAttestation.verify(
      statementInput(decodeFixture(fx), { now: new Date(fx.attestation!.verifyAt!) }),
    );
    expect(result.details?.manufacturer).toEqual({ id: '4E544300', name: 'Nuvoton Technology' });
  });
  it('RS1 statements are refused when allowSHA1 is false', async () => {
    const fx = fixtures.find((f) => f.id === 'swa-tpm-es256-windows-hello-ecc-pubarea')!;
    const input = statementInput(decodeFixture(fx), {
      now: new Date(fx.attestation!.verifyAt!),
      policy: { allowSHA1: false },
    });
    const err = await rejection(() => tpmAttestation.verify(input));
    expect(err.code).toBe('ERR_ATTESTATION_INVALID');
    expect(err.details?.check).toBe('alg');
  });
});

/** A tpm statement from the software authenticator (AIK RS256 by default, vendor AMD). */
function tpm(options: SoftwareStatementOptions = {}): ReturnType<typeof softwareStatement> {
  return softwareStatement('tpm', options);
}

async function expectCheck(promise: Promise<unknown>, check: string, code = 'ERR_ATTESTATION_INVALID'): Promise<void> {
  const err = await rejection(() => promise);
  expect(err.code).toBe(code);
  if (code === 'ERR_ATTESTATION_INVALID') expect(err.details?.check).toBe(check);
}

const flip =
  (at: (b: Uint8Array) => number) =>
  (bytes: Uint8Array): Uint8Array => {
    const out = bytes.slice();
    const i = at(out);
    out[i] = (out[i] as number) ^ 0x01;
    return out;
  };

describe('tpm: valid software statements', () => {
  for (const algorithm of ['ES256', 'ES384', 'ES512', 'RS256', 'PS256'] as const) {
    it(`${algorithm} credential with an RS256 AIK`, async () => {
      const result = (await verifyWith(tpmAttestation, await tpm({ algorithm }))) as { type: string; details: unknown };
      expect(result.type).toBe('attca');
      expect(result.details).toMatchObject({ manufacturer: { id: '414D4400', name: 'AMD' }, alg: -257 });
    });
  }
  it('ES256 AIK', async () => {
    const decoded = await tpm({ authenticator: { attestationAlgorithm: 'ES256' } });
    await expect(verifyWith(tpmAttestation, decoded)).resolves.toMatchObject({ type: 'attca' });
  });
  it('RS1 AIK (legacy Windows Hello) is accepted by default', async () => {
    const decoded = await tpm({ authenticator: { attestationAlgorithm: 'RS1' } });
    await expect(verifyWith(tpmAttestation, decoded)).resolves.toMatchObject({ details: { alg: -65535 } });
    await expectCheck(verifyWith(tpmAttestation, decoded, { policy: { allowSHA1: false } }), 'alg');
  });
  it('nameAlg SHA-384 and SHA-1 are computed with their own hash', async () => {
    await expect(
      verifyWith(tpmAttestation, await tpm({ tpm: { pubArea: { nameAlg: 'SHA-384' } } })),
    ).resolves.toBeDefined();
    await expect(
      verifyWith(tpmAttestation, await tpm({ tpm: { pubArea: { nameAlg: 'SHA-1' } } })),
    ).resolves.toBeDefined();
  });
  it('an RSA exponent written out explicitly (65537, big-endian) is the same key', async () => {
    const decoded = await tpm({
      algorithm: 'RS256',
      tpm: { mutatePubArea: (p) => Uint8Array.from([...p.slice(0, 16), 0x00, 0x01, 0x00, 0x01, ...p.slice(20)]) },
    });
    await expect(verifyWith(tpmAttestation, decoded)).resolves.toBeDefined();
  });
});

describe('tpm: single-mutation negatives (re-signed)', () => {
  it('ver is not "2.0"', async () => {
    await expectCheck(verifyWith(tpmAttestation, await tpm({ tpm: { ver: '1.2' } })), 'tpm.ver');
  });
  it('x5c missing', async () => {
    await expectCheck(
      verifyWith(tpmAttestation, await tpm({ mutate: { attStmt: withMember('x5c', undefined) } })),
      'x5c',
    );
  });
  it('an unknown attStmt member (ecdaaKeyId)', async () => {
    const decoded = await tpm({ mutate: { attStmt: withMember('ecdaaKeyId', new Uint8Array(4)) } });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'syntax');
  });
  it('alg does not fit the AIK key', async () => {
    await expectCheck(verifyWith(tpmAttestation, await tpm({ mutate: { attStmt: withMember('alg', -7) } })), 'alg');
  });
  it('sig does not verify over certInfo', async () => {
    await expectCheck(
      verifyWith(tpmAttestation, await tpm({ mutate: { signature: flip((b) => b.length - 1) } })),
      'signature',
    );
  });
  it('extraData hashed with the wrong algorithm', async () => {
    await expectCheck(verifyWith(tpmAttestation, await tpm({ tpm: { extraDataHash: 'SHA-384' } })), 'tpm.extraData');
  });
  it('extraData altered', async () => {
    // magic(4) type(2) qualifiedSigner(2) extraData size(2): the first extraData byte is at 10.
    await expectCheck(
      verifyWith(tpmAttestation, await tpm({ tpm: { mutateCertInfo: flip(() => 10) } })),
      'tpm.extraData',
    );
  });
  it('magic is not TPM_GENERATED_VALUE', async () => {
    await expectCheck(verifyWith(tpmAttestation, await tpm({ tpm: { mutateCertInfo: flip(() => 0) } })), 'tpm.magic');
  });
  it('type is not TPM_ST_ATTEST_CERTIFY', async () => {
    await expectCheck(verifyWith(tpmAttestation, await tpm({ tpm: { mutateCertInfo: flip(() => 5) } })), 'tpm.type');
  });
  it('attested name is not Name(pubArea)', async () => {
    // qualifiedName is empty (2 bytes), so the name digest ends 3 bytes before the end.
    const decoded = await tpm({ tpm: { mutateCertInfo: flip((b) => b.length - 3) } });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'tpm.name');
  });
  it('pubArea.nameAlg differs from the algorithm the name was computed with', async () => {
    const decoded = await tpm({
      tpm: { mutatePubArea: (p) => Uint8Array.from([...p.slice(0, 2), 0x00, 0x0c, ...p.slice(4)]) },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'tpm.name');
  });
  it('pubArea.nameAlg is unsupported (SM3_256)', async () => {
    const decoded = await tpm({
      tpm: { mutatePubArea: (p) => Uint8Array.from([...p.slice(0, 2), 0x00, 0x12, ...p.slice(4)]) },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'tpm.nameAlg');
  });
  it('pubArea SHA-1 nameAlg is refused when allowSHA1 is false', async () => {
    const decoded = await tpm({ tpm: { pubArea: { nameAlg: 'SHA-1' } } });
    await expectCheck(verifyWith(tpmAttestation, decoded, { policy: { allowSHA1: false } }), 'tpm.nameAlg');
  });
  it('pubArea ECC point differs from the credential key', async () => {
    await expectCheck(
      verifyWith(tpmAttestation, await tpm({ tpm: { mutatePubArea: flip((b) => b.length - 1) } })),
      'credential-key',
    );
  });
  it('pubArea RSA modulus differs from the credential key', async () => {
    const decoded = await tpm({ algorithm: 'RS256', tpm: { mutatePubArea: flip((b) => b.length - 1) } });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'credential-key');
  });
  it('pubArea RSA exponent read little-endian would match, big-endian does not', async () => {
    // 65537 written little-endian (01 00 01 00) is 16777472 big-endian.
    const decoded = await tpm({
      algorithm: 'RS256',
      tpm: { mutatePubArea: (p) => Uint8Array.from([...p.slice(0, 16), 0x01, 0x00, 0x01, 0x00, ...p.slice(20)]) },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'credential-key');
  });
  it('pubArea curve differs from the credential curve', async () => {
    // ECC parameters: symmetric(2) scheme(2) curveID at offset 14: P-256 (3) → P-384 (4).
    const decoded = await tpm({
      tpm: { mutatePubArea: (p) => Uint8Array.from([...p.slice(0, 14), 0x00, 0x04, ...p.slice(16)]) },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'credential-key');
  });
  it('pubArea is an ECC key for an RSA credential', async () => {
    const rsa = await tpm({ algorithm: 'RS256' });
    const ecc = await tpm({ algorithm: 'ES256' });
    const attStmt = new Map(rsa.attStmt as CBORMap);
    attStmt.set('pubArea', (ecc.attStmt as CBORMap).get('pubArea')!);
    await expectCheck(verifyWith(tpmAttestation, { ...rsa, attStmt }), 'credential-key');
  });
  it('an OKP credential never skips the pubArea comparison (fails closed)', async () => {
    const decoded = await tpm();
    const input = statementInput(decoded, { now: NOW });
    const ed = generateTestKeyPair('EdDSA', { seed: 'okp' });
    const err = await rejection(() =>
      tpmAttestation.verify({
        ...input,
        credentialPublicKey: {
          ...input.credentialPublicKey,
          alg: -8,
          kty: 1,
          crv: 6,
          publicKey: ed.publicKey,
          scheme: ed.scheme,
        },
      }),
    );
    expect(err.details?.check).toBe('credential-key');
  });
  it('pubArea type is not RSA or ECC (KEYEDHASH)', async () => {
    const decoded = await tpm({ tpm: { mutatePubArea: (p) => Uint8Array.from([0x00, 0x08, ...p.slice(2)]) } });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'tpm.pubArea');
  });
  it('pubArea has a trailing byte', async () => {
    const decoded = await tpm({ tpm: { mutatePubArea: (p) => Uint8Array.from([...p, 0]) } });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'tpm.pubArea');
  });
  it('a TPM2B size runs past the end of certInfo', async () => {
    // extraData size 0x0040 with only the rest of the structure behind it.
    const decoded = await tpm({
      tpm: { mutateCertInfo: (c) => Uint8Array.from([...c.slice(0, 8), 0x00, 0x40, ...c.slice(10, 60)]) },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'tpm.certInfo');
  });
  it('a TPM2B size above its bound', async () => {
    const decoded = await tpm({
      tpm: { mutateCertInfo: (c) => Uint8Array.from([...c.slice(0, 8), 0xff, 0xff, ...c.slice(10)]) },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'tpm.certInfo');
  });
  it('certInfo has a trailing byte', async () => {
    const decoded = await tpm({ tpm: { mutateCertInfo: (c) => Uint8Array.from([...c, 0]) } });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'tpm.certInfo');
  });
  it('AIK certificate without EKU 2.23.133.8.3', async () => {
    const decoded = await tpm({
      attestationCertificate: { extensions: (e) => ({ ...e, extendedKeyUsage: ['1.3.6.1.5.5.7.3.2'] }) },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'certificate.eku');
  });
  it('AIK certificate without subjectAltName', async () => {
    const decoded = await tpm({ attestationCertificate: { extensions: ({ subjectAltName: _, ...e }) => e } });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'certificate.san');
  });
  it('AIK SAN without tpmModel', async () => {
    const decoded = await tpm({
      attestationCertificate: {
        extensions: (e) => ({
          ...e,
          subjectAltName: {
            directoryName: [
              ['2.23.133.2.1', 'id:414D4400'],
              ['2.23.133.2.3', 'id:1'],
            ],
            critical: true,
          },
        }),
      },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'certificate.san');
  });
  it('AIK SAN with one RDN per attribute (the EK profile form) is accepted', async () => {
    const decoded = await tpm({
      attestationCertificate: {
        extensions: (e) => ({
          ...e,
          subjectAltName: {
            directoryName: [
              ['2.23.133.2.1', 'id:49465800'],
              ['2.23.133.2.2', 'SLB9670'],
              ['2.23.133.2.3', 'id:0007003D'],
            ],
            critical: true,
          },
        }),
      },
    });
    await expect(verifyWith(tpmAttestation, decoded)).resolves.toMatchObject({
      details: { manufacturer: { name: 'Infineon' } },
    });
  });
  it('AIK SAN with a malformed manufacturer', async () => {
    await expectCheck(verifyWith(tpmAttestation, await tpm({ tpm: { manufacturer: 'AMD' } })), 'certificate.san');
  });
  it('AIK SAN with an unregistered vendor (conformance test vendor)', async () => {
    const decoded = await tpm({ tpm: { manufacturer: 'id:FFFFF1D0' } });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'certificate.manufacturer');
    await expect(
      verifyWith(tpmAttestation, decoded, { policy: { tpmAllowUnknownManufacturer: true } }),
    ).resolves.toMatchObject({
      details: { manufacturer: { id: 'FFFFF1D0', name: undefined } },
    });
  });
  it('AIK certificate with a non-empty subject', async () => {
    // The kit always encodes an empty AIK subject: re-issue the AIK certificate with a subject.
    const original = await tpm();
    const aik = parseCertificate(((original.attStmt as CBORMap).get('x5c') as Uint8Array[])[0]!);
    const ca = await createSoftwareAuthenticator({
      seed: 'tessera-attestation-tests',
      attestation: 'tpm',
    }).getAttestationCA();
    const leaf = await ca.issueCertificate({
      subject: [['CN', 'Not Empty']],
      publicKey: aik.publicKey!,
      extensions: {
        basicConstraints: { ca: false },
        extendedKeyUsage: ['2.23.133.8.3'],
        subjectAltName: {
          directoryName: [
            ['2.23.133.2.1', 'id:414D4400'],
            ['2.23.133.2.2', 'Tessera vTPM'],
            ['2.23.133.2.3', 'id:1'],
          ],
          multiValuedRDN: true,
          critical: true,
        },
      },
    });
    const decoded = await tpm({ mutate: { certificates: (x5c) => [leaf, ...x5c.slice(1)] } });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'certificate.subject');
  });
  it('AIK certificate with CA=true', async () => {
    const decoded = await tpm({
      attestationCertificate: { extensions: (e) => ({ ...e, basicConstraints: { ca: true } }) },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'certificate.basic-constraints');
  });
  it('AIK certificate is not v3', async () => {
    await expectCheck(
      verifyWith(tpmAttestation, await tpm({ attestationCertificate: { version: 1 } })),
      'certificate.version',
    );
  });
  it('AIK AAGUID extension differs from authData', async () => {
    const decoded = await tpm({
      attestationCertificate: { extensions: (e) => ({ ...e, aaguid: new Uint8Array(16).fill(7) }) },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), 'aaguid-extension');
  });
  it('expired AIK certificate', async () => {
    const decoded = await tpm({ attestationCertificate: { notAfter: new Date('2029-01-01T00:00:00Z') } });
    await expectCheck(verifyWith(tpmAttestation, decoded), '', 'ERR_CERTIFICATE_EXPIRED');
  });
  it('an x5c certificate not signed by the next one', async () => {
    const other = await createSoftwareAuthenticator({ seed: 'another-vendor', attestation: 'tpm' }).getAttestationCA();
    const decoded = await tpm({
      mutate: { certificates: (x5c) => [x5c[0]!, ...(other.chain.length > 0 ? other.chain : [other.root.der])] },
    });
    await expectCheck(verifyWith(tpmAttestation, decoded), '', 'ERR_CERTIFICATE_INVALID');
  });
});

describe('tpm: structure parsers', () => {
  it('parseCertInfo reads a CERTIFY structure and bounds every TPM2B', () => {
    const info = Uint8Array.from([
      0xff,
      0x54,
      0x43,
      0x47,
      0x80,
      0x17,
      0x00,
      0x00,
      0x00,
      0x01,
      0xaa,
      ...new Array(17).fill(0),
      ...new Array(8).fill(0),
      0x00,
      0x02,
      0x00,
      0x0b,
      0x00,
      0x00,
    ]);
    expect(parseCertInfo(info)).toMatchObject({ magic: 0xff544347, type: 0x8017, extraData: Uint8Array.of(0xaa) });
    for (let cut = 0; cut < info.length; cut++) {
      expect(() => parseCertInfo(info.slice(0, cut))).toThrow(
        expect.objectContaining({ code: 'ERR_ATTESTATION_INVALID' }),
      );
    }
  });
  it('parsePubArea rejects unknown schemes instead of guessing their size', () => {
    const pub = Uint8Array.from([0x00, 0x23, 0x00, 0x0b, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x10, 0x7f, 0x7f]);
    expect(() => parsePubArea(pub)).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ check: 'tpm.pubArea' }) }),
    );
  });
  it('parsePubArea reads ECDSA scheme details and a KDF', () => {
    const pub = Uint8Array.from([
      0x00, 0x23, 0x00, 0x0b, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x10, 0x00, 0x18, 0x00, 0x0b, 0x00, 0x03, 0x00, 0x20, 0x00,
      0x0b, 0x00, 0x01, 0x05, 0x00, 0x01, 0x06,
    ]);
    expect(parsePubArea(pub)).toMatchObject({
      type: 'ECC',
      scheme: { scheme: 0x18, hashAlg: 0x0b },
      curveID: 3,
      kdf: { scheme: 0x20 },
    });
  });
  it('the TCG registry maps ids to vendors', () => {
    expect(TPM_MANUFACTURERS.get('49465800')).toBe('Infineon');
    expect(parseTPMManufacturer('id:4e544300')).toEqual({ id: '4E544300', name: 'Nuvoton Technology' });
    expect(parseTPMManufacturer('id:FFFFF1D0')).toEqual({ id: 'FFFFF1D0', name: undefined });
    expect(parseTPMManufacturer('4E544300')).toBeUndefined();
  });
});
