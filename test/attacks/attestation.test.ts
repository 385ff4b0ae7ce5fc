/** security.md §4 #83–#111: attestation statements. Mutations run before the attestation key signs. */
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../../src/certificates/parse.js';
import { sha256 } from '../../src/crypto/hash.js';
import { encodeBase64, encodeBase64url } from '../../src/encoding/base64url.js';
import { concat, utf8Encode } from '../../src/encoding/bytes.js';
import { type CBORMap, type CBORValue, decodeCBOR, encodeCBOR } from '../../src/encoding/cbor.js';
import { WebAuthnError } from '../../src/errors.js';
import {
  createTestCA,
  deriveSeed,
  generateTestKeyPair,
  type TestCA,
  type TestKeyPair,
} from '../../src/testing/index.js';
import type { RegistrationResponseJSON } from '../../src/verify/index.js';
import {
  attackerTestCA,
  NOW,
  type PreparedRegistration,
  prepareRegistration,
  type RegistrationCase,
  rebuildAttestation,
  register,
  setMember,
  testCA,
} from './harness.js';

/** The error a registration fails with: `code` and, for attestation errors, `details.check`. */
async function failure(
  c: RegistrationCase | PreparedRegistration,
  response?: RegistrationResponseJSON,
): Promise<string> {
  const p = 'created' in c ? c : await prepareRegistration(c);
  try {
    await p.verify(response);
    return 'accepted';
  } catch (err) {
    if (!(err instanceof WebAuthnError)) throw err;
    const check = (err.details as { check?: string } | undefined)?.check;
    return check === undefined ? err.code : `${err.code}:${check}`;
  }
}
/** Only the code part of {@link failure}. */
const code = (s: string) => s.split(':')[0];

const trusted = { attestation: { require: 'trusted' as const } };
const fmt = (
  attestation: NonNullable<RegistrationCase['authenticator']>['attestation'],
  extra: RegistrationCase = {},
): RegistrationCase => ({
  ...extra,
  authenticator: { attestation, ...extra.authenticator },
  verify: { ...trusted, ...extra.verify },
});
const u2f = (extra: RegistrationCase = {}): RegistrationCase =>
  fmt('fido-u2f', { ...extra, verify: { requireUserVerification: false, ...extra.verify } });

describe('attestation (security.md §4 #83–#111)', () => {
  describe('harness check: every format verifies and is trusted through the test CA', () => {
    for (const f of ['packed', 'fido-u2f', 'tpm', 'apple', 'android-key', 'compound'] as const) {
      it(`${f} is trusted`, async () => {
        const c = f === 'fido-u2f' ? u2f() : fmt(f);
        const p = await prepareRegistration(c);
        expect((await p.verify()).attestation.trusted).toBe(true);
      });
    }
  });

  describe('#83 fmt', () => {
    for (const name of ['foo', 'Packed', 'NONE', 'fido-U2F', 'packed-']) {
      it(`#83 fmt "${name}": unsupported`, async () => {
        const p = await prepareRegistration({ authenticator: { attestation: 'packed-self' } });
        const response = rebuildAttestation(p.created, (m) => new Map(m).set('fmt', name));
        expect(await failure(p, response)).toBe('ERR_ATTESTATION_FORMAT_UNSUPPORTED');
      });
    }
    for (const [label, name] of [
      ['33 octets', 'a'.repeat(33)],
      ['empty', ''],
      ['a space inside', 'pa cked'],
      ['a trailing space', 'packed '],
      ['a control character', 'packed\u0000'],
      ['non-ASCII', 'päcked'],
    ] as const) {
      it(`#83 fmt ${label}: malformed`, async () => {
        const p = await prepareRegistration({ authenticator: { attestation: 'packed-self' } });
        const response = rebuildAttestation(p.created, (m) => new Map(m).set('fmt', name));
        expect(await failure(p, response)).toBe('ERR_INVALID_RESPONSE');
      });
    }
  });

  describe('#84 none', () => {
    it('#84 none with a non-empty attStmt', async () => {
      const p = await prepareRegistration({ authenticator: { attestation: 'none' } });
      const response = rebuildAttestation(p.created, (m) => new Map(m).set('attStmt', new Map([['alg', -7]])));
      expect(code(await failure(p, response))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#84 none when the policy requires attestation (allowedTypes)', async () => {
      expect(
        await failure({
          authenticator: { attestation: 'none' },
          verify: { attestation: { allowedTypes: ['basic', 'attca', 'anonca'] } },
        }),
      ).toBe('ERR_ATTESTATION_TYPE_NOT_ALLOWED');
    });
    it("#84 none when the policy requires trusted attestation (require: 'trusted')", async () => {
      expect(await failure(fmt('none'))).toBe('ERR_ATTESTATION_UNTRUSTED');
    });
  });

  describe('#85–#86 packed self attestation', () => {
    it('#85 alg differs from the credential key alg', async () => {
      for (const alg of [-257, -8, -35]) {
        expect(
          code(
            await failure({
              authenticator: { attestation: 'packed-self' },
              create: { mutate: { attStmt: setMember('alg', alg) } },
            }),
          ),
        ).toBe('ERR_ATTESTATION_INVALID');
      }
    });
    it('#86 sig made by another key', async () => {
      const other = generateTestKeyPair('ES256', { seed: 'attacks', label: 'other' });
      const p = await prepareRegistration({ authenticator: { attestation: 'packed-self' } });
      const sig = other.sign(concat(p.created.raw.authenticatorData, p.created.raw.clientDataHash));
      const response = rebuildAttestation(p.created, (m) =>
        new Map(m).set('attStmt', setMember('sig', sig)(m.get('attStmt') as CBORMap)),
      );
      expect(await failure(p, response)).toBe('ERR_ATTESTATION_INVALID:signature');
    });
    it('#86 self attestation is reported as self, untrusted', async () => {
      const r = await register({ authenticator: { attestation: 'packed-self' } });
      expect([r.attestation.type, r.attestation.trusted]).toEqual(['self', false]);
    });
  });

  describe('#87 packed x5c syntax', () => {
    for (const [label, value] of [
      ['empty', []],
      ['not an array (bytes)', new Uint8Array(10)],
      ['not an array (map)', new Map()],
      ['an element that is not DER', [new Uint8Array([1, 2, 3])]],
      ['an element that is text', ['MIIB']],
    ] as Array<[string, CBORValue]>) {
      it(`#87 x5c ${label}`, async () => {
        const result = await failure(fmt('packed', { create: { mutate: { attStmt: setMember('x5c', value) } } }));
        expect(['ERR_ATTESTATION_INVALID', 'ERR_CERTIFICATE_INVALID']).toContain(code(result));
        expect(result).not.toContain('signature');
      });
    }
  });

  it('#88 packed leaf with BasicConstraints CA = true', async () => {
    const c = fmt('packed', {
      create: { attestationCertificate: { extensions: (e) => ({ ...e, basicConstraints: { ca: true } }) } },
    });
    expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
  });

  describe('#89 packed leaf subject and version', () => {
    const base: Array<[string, string]> = [
      ['C', 'AA'],
      ['O', 'Tessera Test'],
      ['OU', 'Authenticator Attestation'],
      ['CN', 'Tessera Attack Authenticator'],
    ];
    const variants: Array<[string, Array<[string, string]>]> = [
      [
        'OU "Authenticator attestation" (case)',
        base.map(([k, v]) => [k, k === 'OU' ? 'Authenticator attestation' : v]),
      ],
      ['OU missing', base.filter(([k]) => k !== 'OU')],
      ['C missing', base.filter(([k]) => k !== 'C')],
      ['O missing', base.filter(([k]) => k !== 'O')],
      ['CN missing', base.filter(([k]) => k !== 'CN')],
    ];
    for (const [label, subject] of variants) {
      it(`#89 ${label}`, async () => {
        expect(code(await failure(fmt('packed', { create: { attestationCertificate: { subject } } })))).toBe(
          'ERR_ATTESTATION_INVALID',
        );
      });
    }
    it('#89 harness check: the same subject builder with all four attributes verifies', async () => {
      expect(await failure(fmt('packed', { create: { attestationCertificate: { subject: base } } }))).toBe('accepted');
    });
    it('#89 a version 1 certificate', async () => {
      const result = await failure(fmt('packed', { create: { attestationCertificate: { version: 1 } } }));
      expect(['ERR_ATTESTATION_INVALID', 'ERR_CERTIFICATE_INVALID']).toContain(code(result));
    });
  });

  describe('#90 id-fido-gen-ce-aaguid extension', () => {
    it('#90 differs from the authData AAGUID', async () => {
      const c = fmt('packed', {
        create: { attestationCertificate: { extensions: (e) => ({ ...e, aaguid: new Uint8Array(16).fill(0xab) }) } },
      });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#90 marked critical', async () => {
      const c = fmt('packed', {
        create: {
          attestationCertificate: {
            extensions: (e) => ({ ...e, aaguid: { aaguid: e.aaguid as Uint8Array, critical: true } }),
          },
        },
      });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#90 single-wrapped (the 16 bytes without the inner OCTET STRING)', async () => {
      const c = fmt('packed', {
        create: {
          attestationCertificate: {
            extensions: (e) => {
              const { aaguid, ...rest } = e;
              return {
                ...rest,
                raw: [{ oid: '1.3.6.1.4.1.45724.1.1.4', critical: false, value: aaguid as Uint8Array }],
              };
            },
          },
        },
      });
      // Refused while parsing the certificate's known extension.
      expect(code(await failure(c))).toBe('ERR_CERTIFICATE_INVALID');
    });
  });

  describe('#91 validity periods', () => {
    it('#91 leaf expired', async () => {
      const c = fmt('packed', { create: { attestationCertificate: { notAfter: new Date('2029-12-31T00:00:00Z') } } });
      expect(await failure(c)).toBe('ERR_CERTIFICATE_EXPIRED');
    });
    it('#91 leaf not yet valid', async () => {
      const c = fmt('packed', { create: { attestationCertificate: { notBefore: new Date('2030-01-02T00:00:00Z') } } });
      expect(await failure(c)).toBe('ERR_CERTIFICATE_EXPIRED');
    });
    it('#91 intermediate expired (whole CA ends before the verification time)', async () => {
      const ca = await createTestCA({
        seed: 'attacks-expired-ca',
        intermediate: true,
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: new Date('2029-06-01T00:00:00Z'),
      });
      const c = fmt('packed', {
        authenticator: { attestationCA: ca },
        verify: { attestation: { require: 'trusted', trustAnchors: [ca.root.der] } },
      });
      expect(await failure(c)).toBe('ERR_CERTIFICATE_EXPIRED');
    });
  });

  describe('#92 path validation', () => {
    it('#92 chain to an untrusted root', async () => {
      const attacker = await attackerTestCA();
      expect(await failure(fmt('packed', { authenticator: { attestationCA: attacker } }))).toBe(
        'ERR_ATTESTATION_UNTRUSTED',
      );
    });
    it('#92 x5c ends in an attacker self-signed root (GHSA-6hxq-p678-4hr2)', async () => {
      const attacker = await attackerTestCA();
      const c = fmt('packed', {
        authenticator: { attestationCA: attacker },
        create: { mutate: { certificates: (x5c) => [...x5c, attacker.root.der] } },
      });
      expect(await failure(c)).toBe('ERR_ATTESTATION_UNTRUSTED');
    });
    it('#92 intermediate without cA (issuer of the leaf is an end-entity certificate)', async () => {
      const ca = await testCA();
      const fakeKey = generateTestKeyPair('ES256', { seed: 'attacks', label: 'fake-intermediate' });
      const fakeIntermediate = await ca.issueCertificate({
        subject: [['CN', 'Not A CA']],
        publicKey: fakeKey.publicKey,
        extensions: { basicConstraints: { ca: false } },
      });
      const { createCertificate } = await import('../../src/certificates/builder.js');
      const fakeCert = parseCertificate(fakeIntermediate);
      const p = await prepareRegistration(fmt('packed'));
      const stmt = (decodeCBOR(p.created.raw.attestationObject) as CBORMap).get('attStmt') as CBORMap;
      const leaf = parseCertificate((stmt.get('x5c') as Uint8Array[])[0] as Uint8Array);
      const forged = await createCertificate({
        serialNumber: 77,
        subject: [
          ['C', 'AA'],
          ['O', 'Tessera Test'],
          ['OU', 'Authenticator Attestation'],
          ['CN', 'Forged'],
        ],
        issuer: fakeCert.subjectDer,
        notBefore: new Date('2025-01-01T00:00:00Z'),
        notAfter: new Date('2045-01-01T00:00:00Z'),
        publicKey: leaf.publicKey as NonNullable<typeof leaf.publicKey>,
        signatureAlgorithm: fakeKey.scheme,
        sign: async (tbs: Uint8Array) => fakeKey.sign(tbs),
        extensions: { basicConstraints: { ca: false }, aaguid: p.authenticator.aaguid },
      });
      const response = rebuildAttestation(p.created, (m) =>
        new Map(m).set(
          'attStmt',
          setMember('x5c', [forged, fakeIntermediate, ...ca.chain])(m.get('attStmt') as CBORMap),
        ),
      );
      expect(await failure(p, response)).toBe('ERR_CERTIFICATE_INVALID');
    });
  });

  it('#93 packed x5c: alg does not match the leaf key type', async () => {
    for (const alg of [-257, -8, -35]) {
      expect(code(await failure(fmt('packed', { create: { mutate: { attStmt: setMember('alg', alg) } } })))).toBe(
        'ERR_ATTESTATION_INVALID',
      );
    }
  });

  it('#94 packed with ecdaaKeyId (removed L1 ECDAA form)', async () => {
    const result = await failure(
      fmt('packed', { create: { mutate: { attStmt: setMember('ecdaaKeyId', new Uint8Array(32)) } } }),
    );
    expect(code(result)).toBe('ERR_ATTESTATION_INVALID');
    const self = await failure({
      authenticator: { attestation: 'packed-self' },
      create: { mutate: { attStmt: setMember('ecdaaKeyId', new Uint8Array(32)) } },
    });
    expect(code(self)).toBe('ERR_ATTESTATION_INVALID');
  });

  describe('#95 zero AAGUID does not skip trust-path verification (PKSA-8q9p-nqf2-p48x)', () => {
    it('#95 zero AAGUID, attacker chain, metadata source with no entry: REJECT', async () => {
      const attacker = await attackerTestCA();
      const metadata = { resolveAttestation: () => undefined };
      const c = fmt('packed', {
        authenticator: { attestationCA: attacker },
        create: { aaguid: new Uint8Array(16) },
        verify: { attestation: { require: 'trusted', metadata, trustAnchors: [] } },
      });
      expect(await failure(c)).toBe('ERR_ATTESTATION_UNTRUSTED');
    });
    it('#95 zero AAGUID, chain to the configured anchor: trusted (the path was verified)', async () => {
      const r = await register(fmt('packed', { create: { aaguid: new Uint8Array(16) } }));
      expect(r.attestation.trusted).toBe(true);
    });
  });

  describe('#96 fido-u2f', () => {
    it('#96 two certificates in x5c', async () => {
      const ca = await testCA();
      expect(await failure(u2f({ create: { mutate: { certificates: (x5c) => [...x5c, ca.root.der] } } }))).toBe(
        'ERR_ATTESTATION_INVALID:x5c',
      );
    });
    it('#96 a certificate key that is not P-256', async () => {
      const p384 = generateTestKeyPair('ES384', { seed: 'attacks', label: 'u2f-p384' });
      expect(await failure(u2f({ create: { attestationCertificate: { publicKey: p384.publicKey } } }))).toBe(
        'ERR_ATTESTATION_INVALID:certificate.key',
      );
    });
    it('#96 a credential key that is not EC2 P-256 (u2f statement grafted onto an Ed25519 credential)', async () => {
      const u = await prepareRegistration(u2f());
      const stmt = (decodeCBOR(u.created.raw.attestationObject) as CBORMap).get('attStmt') as CBORMap;
      const ed = await prepareRegistration({
        authenticator: { algorithm: 'EdDSA', attestation: 'none' },
        verify: { requireUserVerification: false },
      });
      const response = rebuildAttestation(ed.created, (m) => new Map(m).set('fmt', 'fido-u2f').set('attStmt', stmt));
      expect(await failure(ed, response)).toBe('ERR_ATTESTATION_INVALID:credential.key');
    });
    for (const [label, build] of [
      [
        'without the 0x00 prefix',
        (rp: Uint8Array, cd: Uint8Array, id: Uint8Array, pk: Uint8Array) => concat(rp, cd, id, pk),
      ],
      [
        'with the wrong rpIdHash',
        (_rp: Uint8Array, cd: Uint8Array, id: Uint8Array, pk: Uint8Array) =>
          concat(Uint8Array.of(0), sha256(utf8Encode('evil.com')), cd, id, pk),
      ],
      [
        'without the credential id',
        (rp: Uint8Array, cd: Uint8Array, _id: Uint8Array, pk: Uint8Array) => concat(Uint8Array.of(0), rp, cd, pk),
      ],
      [
        'as a correct harness check',
        (rp: Uint8Array, cd: Uint8Array, id: Uint8Array, pk: Uint8Array) => concat(Uint8Array.of(0), rp, cd, id, pk),
      ],
    ] as const) {
      it(`#96 signature over verificationData ${label}`, async () => {
        const p = await prepareRegistration(u2f());
        const seed = deriveSeed('tessera-attacks', 'software-authenticator');
        const key: TestKeyPair = generateTestKeyPair('ES256', { seed, label: 'attestation/fido-u2f' });
        const ad = p.created.raw.authenticatorData;
        const cred = p.created.keyPair.publicKey as { x: Uint8Array; y: Uint8Array };
        const idLen = ((ad[53] as number) << 8) | (ad[54] as number);
        const data = build(
          ad.subarray(0, 32),
          p.created.raw.clientDataHash,
          ad.subarray(55, 55 + idLen),
          concat(Uint8Array.of(4), cred.x, cred.y),
        );
        const response = rebuildAttestation(p.created, (m) =>
          new Map(m).set('attStmt', setMember('sig', key.sign(data))(m.get('attStmt') as CBORMap)),
        );
        const expected = label.startsWith('as a correct') ? 'accepted' : 'ERR_ATTESTATION_INVALID:signature';
        expect(await failure(p, response)).toBe(expected);
      });
    }
  });

  describe('#97–#102 tpm', () => {
    const tpm = (extra: RegistrationCase['create'] = {}) => fmt('tpm', { create: extra });
    const flipAt = (offset: number) => (b: Uint8Array) => {
      const out = b.slice();
      out[offset] = (out[offset] as number) ^ 0x01;
      return out;
    };
    it('#97 ver "1.2" / "2.00" / ""', async () => {
      for (const ver of ['1.2', '2.00', '']) {
        expect(code(await failure(tpm({ tpm: { ver } })))).toBe('ERR_ATTESTATION_INVALID');
      }
    });
    it('#97 magic is not TPM_GENERATED_VALUE', async () => {
      expect(code(await failure(tpm({ tpm: { mutateCertInfo: flipAt(3) } })))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#97 type is not TPM_ST_ATTEST_CERTIFY', async () => {
      expect(code(await failure(tpm({ tpm: { mutateCertInfo: flipAt(5) } })))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#98 extraData is not H(authData ‖ cdHash)', async () => {
      // certInfo: magic(4) type(2) qualifiedSigner TPM2B(2 + n) extraData TPM2B(2 + 32) …
      const flipExtraData = (b: Uint8Array) => {
        const qs = ((b[6] as number) << 8) | (b[7] as number);
        return flipAt(8 + qs + 2 + 5)(b);
      };
      expect(code(await failure(tpm({ tpm: { mutateCertInfo: flipExtraData } })))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#98 extraData hashed with the wrong algorithm (SHA-1 instead of SHA-256)', async () => {
      expect(code(await failure(tpm({ tpm: { extraDataHash: 'SHA-1' } })))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#99 attested name is not nameAlg ‖ H(pubArea)', async () => {
      const flipLast = (b: Uint8Array) => flipAt(b.length - 30)(b);
      expect(code(await failure(tpm({ tpm: { mutateCertInfo: flipLast } })))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#99 unsupported nameAlg', async () => {
      // pubArea: type(2) nameAlg(2) …: set nameAlg to TPM_ALG_NULL (0x0010) after the name was computed.
      const p = await prepareRegistration(tpm());
      const response = rebuildAttestation(p.created, (m) => {
        const stmt = m.get('attStmt') as CBORMap;
        const pubArea = (stmt.get('pubArea') as Uint8Array).slice();
        pubArea[2] = 0x00;
        pubArea[3] = 0x10;
        return new Map(m).set('attStmt', setMember('pubArea', pubArea)(stmt));
      });
      expect(code(await failure(p, response))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#100 pubArea RSA modulus differs from the credential key', async () => {
      expect(code(await failure(tpm({ tpm: { mutatePubArea: (b) => flipAt(b.length - 10)(b) } })))).toBe(
        'ERR_ATTESTATION_INVALID',
      );
    });
    it('#100 pubArea ECC x differs from the credential key', async () => {
      const c = fmt('tpm', {
        authenticator: { algorithm: 'ES256' },
        create: { tpm: { mutatePubArea: (b) => flipAt(b.length - 40)(b) } },
      });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#100 an OKP credential must not skip the pubArea check (tpm statement grafted onto an Ed25519 key)', async () => {
      const t = await prepareRegistration(tpm());
      const stmt = (decodeCBOR(t.created.raw.attestationObject) as CBORMap).get('attStmt') as CBORMap;
      const ed = await prepareRegistration({ authenticator: { algorithm: 'EdDSA', attestation: 'none' } });
      const response = rebuildAttestation(ed.created, (m) => new Map(m).set('fmt', 'tpm').set('attStmt', stmt));
      expect(code(await failure(ed, response))).toBe('ERR_ATTESTATION_INVALID');
    });
    describe('#101 AIK certificate', () => {
      it('#101 subject not empty', async () => {
        const ca = await testCA();
        const p = await prepareRegistration(tpm());
        const stmt = (decodeCBOR(p.created.raw.attestationObject) as CBORMap).get('attStmt') as CBORMap;
        const aik = parseCertificate((stmt.get('x5c') as Uint8Array[])[0] as Uint8Array);
        const withSubject = await ca.issueCertificate({
          subject: [['CN', 'AIK']],
          publicKey: aik.publicKey as NonNullable<typeof aik.publicKey>,
          extensions: {
            basicConstraints: { ca: false },
            extendedKeyUsage: ['2.23.133.8.3'],
            subjectAltName: {
              directoryName: [
                ['2.23.133.2.1', 'id:414D4400'],
                ['2.23.133.2.2', 'Tessera vTPM'],
                ['2.23.133.2.3', 'id:00020000'],
              ],
              multiValuedRDN: true,
              critical: true,
            },
          },
        } as Parameters<TestCA['issueCertificate']>[0]);
        const response = rebuildAttestation(p.created, (m) =>
          new Map(m).set('attStmt', setMember('x5c', [withSubject, ...ca.chain])(stmt)),
        );
        expect(code(await failure(p, response))).toBe('ERR_ATTESTATION_INVALID');
      });
      it('#101 no tcg-kp-AIKCertificate EKU', async () => {
        const c = tpm({
          attestationCertificate: { extensions: (e) => ({ ...e, extendedKeyUsage: ['1.3.6.1.5.5.7.3.2'] }) },
        });
        expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
      });
      it('#101 unknown TPM manufacturer', async () => {
        expect(code(await failure(tpm({ tpm: { manufacturer: 'id:FFFFF1D0' } })))).toBe('ERR_ATTESTATION_INVALID');
      });
      it('#101 SAN missing', async () => {
        const c = tpm({ attestationCertificate: { extensions: (e) => ({ ...e, subjectAltName: undefined }) } });
        expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
      });
      it('#101 CA = true', async () => {
        const c = tpm({ attestationCertificate: { extensions: (e) => ({ ...e, basicConstraints: { ca: true } }) } });
        expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
      });
      it('#101 x5c missing', async () => {
        expect(code(await failure(tpm({ mutate: { attStmt: setMember('x5c', undefined) } })))).toBe(
          'ERR_ATTESTATION_INVALID',
        );
      });
    });
    describe('#102 tpm signature and structure', () => {
      it('#102 sig not over certInfo', async () => {
        expect(await failure(tpm({ mutate: { signature: (s) => flipAt(20)(s) } }))).toMatch(/^ERR_ATTESTATION_INVALID/);
      });
      it('#102 alg differs from the AIK signature algorithm', async () => {
        expect(code(await failure(tpm({ mutate: { attStmt: setMember('alg', -7) } })))).toBe('ERR_ATTESTATION_INVALID');
      });
      it('#102 a TPM2B size field larger than the bytes left', async () => {
        const grow = (b: Uint8Array) => {
          const out = b.slice();
          out[6] = 0xff;
          return out;
        };
        expect(code(await failure(tpm({ tpm: { mutateCertInfo: grow } })))).toBe('ERR_ATTESTATION_INVALID');
        // pubArea: type(2) nameAlg(2) objectAttributes(4) authPolicy TPM2B(2 + n) …
        const growPolicy = (b: Uint8Array) => {
          const o = b.slice();
          o[8] = 0xff;
          return o;
        };
        expect(code(await failure(tpm({ tpm: { mutatePubArea: growPolicy } })))).toBe('ERR_ATTESTATION_INVALID');
      });
    });
  });

  describe('#103–#107 android-key', () => {
    const ak = (create: RegistrationCase['create'] = {}, verify: RegistrationCase['verify'] = {}) =>
      fmt('android-key', { create, verify: { ...trusted, ...verify } });
    it('#103 attestationChallenge differs from clientDataHash', async () => {
      expect(code(await failure(ak({ androidKey: { attestationChallenge: new Uint8Array(32) } })))).toBe(
        'ERR_ATTESTATION_INVALID',
      );
    });
    it('#104 allApplications in teeEnforced', async () => {
      const c = ak({ androidKey: { teeEnforced: { purpose: [2], algorithm: 3, origin: 0, allApplications: true } } });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#104 allApplications in softwareEnforced', async () => {
      const c = ak({ androidKey: { softwareEnforced: { allApplications: true } } });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#105 origin is not KM_ORIGIN_GENERATED', async () => {
      const c = ak({ androidKey: { teeEnforced: { purpose: [2], algorithm: 3, origin: 2 } } });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#105 purpose without KM_PURPOSE_SIGN', async () => {
      const c = ak({ androidKey: { teeEnforced: { purpose: [3], algorithm: 3, origin: 0 } } });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#105 origin/purpose only in softwareEnforced: REJECT when a TEE is required (default)', async () => {
      const c = ak({ androidKey: { teeEnforced: {}, softwareEnforced: { purpose: [2], algorithm: 3, origin: 0 } } });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#105 origin/purpose only in softwareEnforced: ACCEPT with androidKeyAllowSoftwareEnforced', async () => {
      const c = ak(
        { androidKey: { teeEnforced: {}, softwareEnforced: { purpose: [2], algorithm: 3, origin: 0 } } },
        { attestation: { require: 'trusted', policy: { androidKeyAllowSoftwareEnforced: true } } },
      );
      expect(await failure(c)).toBe('accepted');
    });
    it('#106 leaf key differs from the credential key', async () => {
      const other = generateTestKeyPair('ES256', { seed: 'attacks', label: 'android-other' });
      expect(code(await failure(ak({ attestationCertificate: { publicKey: other.publicKey } })))).toBe(
        'ERR_ATTESTATION_INVALID',
      );
    });
    it('#106 sig not made by the leaf key', async () => {
      expect(
        await failure(
          ak({
            mutate: {
              signature: (s) => {
                const o = s.slice();
                o[10] = (o[10] as number) ^ 1;
                return o;
              },
            },
          }),
        ),
      ).toBe('ERR_ATTESTATION_INVALID:signature');
    });
    it('#106 malformed KeyDescription (fail closed)', async () => {
      const c = ak({
        attestationCertificate: {
          extensions: (e) => ({
            ...e,
            raw: [
              ...(e.raw ?? []).filter((x) => x.oid !== '1.3.6.1.4.1.11129.2.1.17'),
              { oid: '1.3.6.1.4.1.11129.2.1.17', critical: false, value: Uint8Array.of(0x30, 0x03, 0x02, 0x01) },
            ],
          }),
        },
      });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#107 chain to a non-Google root', async () => {
      const attacker = await attackerTestCA();
      expect(await failure(fmt('android-key', { authenticator: { attestationCA: attacker } }))).toBe(
        'ERR_ATTESTATION_UNTRUSTED',
      );
    });
  });

  describe('#108 android-safetynet', () => {
    let kit: Promise<{ ca: TestCA; key: TestKeyPair }> | undefined;
    const safetyNetKit = () => {
      kit ??= (async () => ({
        ca: await createTestCA({ seed: 'attacks-safetynet', name: 'Attacks GlobalSign-like Root', intermediate: true }),
        key: generateTestKeyPair('RS256', { seed: 'attacks-safetynet', label: 'attest.android.com' }),
      }))();
      return kit;
    };
    interface SN {
      alg?: string;
      hostname?: string;
      payload?: Record<string, unknown>;
      ver?: string;
      breakSignature?: boolean;
      anchors?: 'safetynet' | 'attacker';
    }
    async function safetyNet(o: SN = {}): Promise<string> {
      const { ca, key } = await safetyNetKit();
      const attacker = await attackerTestCA();
      const issuing = o.anchors === 'attacker' ? attacker : ca;
      const p = await prepareRegistration({
        authenticator: { attestation: 'none' },
        verify: { attestation: { require: 'trusted', trustAnchors: [ca.root.der] } },
      });
      const leaf = await issuing.issueCertificate({
        subject: [
          ['C', 'US'],
          ['O', 'Google LLC'],
          ['CN', o.hostname ?? 'attest.android.com'],
        ],
        publicKey: key.publicKey,
        extensions: { basicConstraints: { ca: false }, keyUsage: ['digitalSignature'] },
      });
      const header = { alg: o.alg ?? 'RS256', x5c: [leaf, ...issuing.chain].map((d) => encodeBase64(d)) };
      const payload: Record<string, unknown> = {
        nonce: encodeBase64(sha256(concat(p.created.raw.authenticatorData, p.created.raw.clientDataHash))),
        timestampMs: NOW.getTime() - 2000,
        apkPackageName: 'com.google.android.gms',
        ctsProfileMatch: true,
        basicIntegrity: true,
      };
      for (const [k, v] of Object.entries(o.payload ?? {})) {
        if (v === undefined) delete payload[k];
        else payload[k] = v;
      }
      const input = `${encodeBase64url(utf8Encode(JSON.stringify(header)))}.${encodeBase64url(utf8Encode(JSON.stringify(payload)))}`;
      let sig = header.alg === 'none' ? new Uint8Array(0) : key.sign(utf8Encode(input));
      if (o.breakSignature === true)
        sig = concat(sig.subarray(0, 10), Uint8Array.of((sig[10] as number) ^ 1), sig.subarray(11));
      const attStmt = new Map<string, CBORValue>([
        ['ver', o.ver ?? '12345678'],
        ['response', utf8Encode(`${input}.${encodeBase64url(sig)}`)],
      ]);
      const response = rebuildAttestation(p.created, (m) =>
        new Map(m).set('fmt', 'android-safetynet').set('attStmt', attStmt),
      );
      return failure(p, response);
    }
    it('#108 harness check: a well-formed SafetyNet statement is trusted', async () => {
      expect(await safetyNet()).toBe('accepted');
    });
    const rejects: Array<[string, SN]> = [
      ['nonce mismatch', { payload: { nonce: encodeBase64(new Uint8Array(32)) } }],
      ['nonce missing', { payload: { nonce: undefined } }],
      ['JWS alg none', { alg: 'none' }],
      ['JWS alg HS256', { alg: 'HS256' }],
      ['a bad JWS signature', { breakSignature: true }],
      ['leaf hostname not attest.android.com', { hostname: 'attest.android.com.evil.com' }],
      ['ctsProfileMatch false', { payload: { ctsProfileMatch: false } }],
      ['timestamp in the future', { payload: { timestampMs: NOW.getTime() + 3_600_000 } }],
      ['stale timestamp', { payload: { timestampMs: NOW.getTime() - 3_600_000 } }],
      ['empty ver', { ver: '' }],
    ];
    for (const [label, o] of rejects) {
      it(`#108 ${label}`, async () => {
        expect(code(await safetyNet(o))).toBe('ERR_ATTESTATION_INVALID');
      });
    }
    it('#108 no chain to the configured (GlobalSign) root', async () => {
      expect(await safetyNet({ anchors: 'attacker' })).toBe('ERR_ATTESTATION_UNTRUSTED');
    });
  });

  describe('#109 apple', () => {
    it('#109 nonce extension differs from SHA-256(authData ‖ cdHash)', async () => {
      expect(code(await failure(fmt('apple', { create: { apple: { nonce: new Uint8Array(32) } } })))).toBe(
        'ERR_ATTESTATION_INVALID',
      );
    });
    it('#109 leaf key differs from the credential key', async () => {
      const other = generateTestKeyPair('ES256', { seed: 'attacks', label: 'apple-other' });
      expect(
        code(await failure(fmt('apple', { create: { attestationCertificate: { publicKey: other.publicKey } } }))),
      ).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#109 no chain to the configured Apple root', async () => {
      const attacker = await attackerTestCA();
      expect(await failure(fmt('apple', { authenticator: { attestationCA: attacker } }))).toBe(
        'ERR_ATTESTATION_UNTRUSTED',
      );
    });
    it('#109 x5c missing', async () => {
      expect(code(await failure(fmt('apple', { create: { mutate: { attStmt: setMember('x5c', undefined) } } })))).toBe(
        'ERR_ATTESTATION_INVALID',
      );
    });
  });

  describe('#110 attStmt members', () => {
    for (const [f, member] of [
      ['packed', 'sig'],
      ['packed', 'alg'],
      ['packed-self', 'sig'],
      ['packed-self', 'alg'],
      ['fido-u2f', 'sig'],
      ['fido-u2f', 'x5c'],
      ['tpm', 'certInfo'],
      ['tpm', 'pubArea'],
      ['tpm', 'ver'],
      ['android-key', 'sig'],
      ['android-key', 'x5c'],
    ] as const) {
      it(`#110 ${f} without "${member}"`, async () => {
        const c = f === 'fido-u2f' ? u2f() : fmt(f, { verify: { attestation: {} } });
        c.create = { mutate: { attStmt: setMember(member, undefined) } };
        expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
      });
    }
    for (const f of ['packed', 'packed-self', 'fido-u2f', 'tpm', 'apple', 'android-key'] as const) {
      it(`#110 ${f} with an unknown extra member: REJECT (never let it change meaning)`, async () => {
        const c = f === 'fido-u2f' ? u2f() : fmt(f, { verify: { attestation: {} } });
        c.create = { mutate: { attStmt: setMember('extra', 1) } };
        expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
      });
    }
  });

  describe('#111 compound', () => {
    it('#111 fewer than two sub-statements', async () => {
      const c = fmt('compound', { create: { mutate: { attStmt: (s) => (s as CBORValue[]).slice(0, 1) } } });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
      const empty = fmt('compound', { create: { mutate: { attStmt: () => [] } } });
      expect(code(await failure(empty))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#111 a nested compound', async () => {
      const c = fmt('compound', {
        create: {
          mutate: {
            attStmt: (s) => {
              const items = s as CBORValue[];
              return [
                items[0] as CBORValue,
                new Map<string, CBORValue>([
                  ['fmt', 'compound'],
                  ['attStmt', items],
                ]),
              ];
            },
          },
        },
      });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#111 one sub-statement fails (strict default: all must verify)', async () => {
      const c = fmt('compound', {
        create: {
          mutate: {
            attStmt: (s) => {
              const items = (s as CBORMap[]).map((m) => new Map(m));
              const first = items[0] as CBORMap;
              first.set('attStmt', setMember('sig', new Uint8Array(70).fill(1))(first.get('attStmt') as CBORMap));
              return items;
            },
          },
        },
      });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
    it('#111 attStmt is a map instead of an array', async () => {
      const c = fmt('compound', { create: { mutate: { attStmt: () => new Map() } } });
      expect(code(await failure(c))).toBe('ERR_ATTESTATION_INVALID');
    });
  });
});

void encodeCBOR;
