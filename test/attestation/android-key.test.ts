import { describe, expect, it } from 'vitest';
import { androidKeyAttestation } from '../../src/attestation/android-key.js';
import { ANDROID_KEY_DESCRIPTION_OID, generateTestKeyPair } from '../../src/testing/index.js';
import { hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { decodeFixture, registrationFixtures, rejection, statementInput } from './helpers/fixtures.js';
import { type SoftwareStatementOptions, softwareStatement, verifyWith, withMember } from './helpers/software.js';

// The W3C vector's KeyDescription has empty authorization lists: no origin, no purpose.
const EMPTY_AUTHORIZATION_LISTS = 'w3c-android-key-es256-registration';

describe.skipIf(!hasSharedFixtures('android-key fixtures'))('android-key: shared fixtures (clock at verifyAt)', () => {
  const fixtures = registrationFixtures('android-key');
  it('finds all 6 android-key registrations', () => {
    expect(fixtures.length).toBe(6);
  });
  for (const fx of fixtures.filter((f) => f.id !== EMPTY_AUTHORIZATION_LISTS)) {
    it(`${fx.id}: verifies with origin and purpose in teeEnforced`, async () => {
      const result = await androidKeyAttestation.verify(
        statementInput(decodeFixture(fx), { now: new Date(fx.attestation!.verifyAt!) }),
      );
      expect(result).toMatchObject({ format: 'android-key', type: 'basic', details: { teeEnforced: true } });
    });
  }
  it(`${EMPTY_AUTHORIZATION_LISTS}: origin absent from both lists is refused under every policy (fails closed)`, async () => {
    const fx = fixtures.find((f) => f.id === EMPTY_AUTHORIZATION_LISTS)!;
    for (const androidKeyAllowSoftwareEnforced of [false, true]) {
      const input = statementInput(decodeFixture(fx), {
        now: new Date(fx.attestation!.verifyAt!),
        policy: { androidKeyAllowSoftwareEnforced },
      });
      const err = await rejection(() => androidKeyAttestation.verify(input));
      expect(err.code).toBe('ERR_ATTESTATION_INVALID');
      expect(err.details?.check).toBe('android-key.origin');
    }
  });
});

function androidKey(options: SoftwareStatementOptions = {}): ReturnType<typeof softwareStatement> {
  return softwareStatement('android-key', options);
}

async function expectCheck(promise: Promise<unknown>, check: string, code = 'ERR_ATTESTATION_INVALID'): Promise<void> {
  const err = await rejection(() => promise);
  expect(err.code).toBe(code);
  if (code === 'ERR_ATTESTATION_INVALID') expect(err.details?.check).toBe(check);
}

const TEE = { purpose: [2], algorithm: 3, origin: 0 } as const;

describe('android-key: software statements', () => {
  for (const algorithm of ['ES256', 'ES384', 'RS256']) {
    it(`${algorithm} credential verifies`, async () => {
      await expect(
        verifyWith(androidKeyAttestation, await androidKey({ algorithm: algorithm as 'ES256' })),
      ).resolves.toMatchObject({
        type: 'basic',
      });
    });
  }
  it('attestationChallenge is not clientDataHash', async () => {
    const decoded = await androidKey({ androidKey: { attestationChallenge: new Uint8Array(32) } });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'android-key.challenge');
  });
  it('allApplications in teeEnforced', async () => {
    const decoded = await androidKey({ androidKey: { teeEnforced: { ...TEE, allApplications: true } } });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'android-key.all-applications');
  });
  it('allApplications in softwareEnforced', async () => {
    const decoded = await androidKey({ androidKey: { softwareEnforced: { allApplications: true } } });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'android-key.all-applications');
  });
  it('purpose without KM_PURPOSE_SIGN', async () => {
    const decoded = await androidKey({ androidKey: { teeEnforced: { ...TEE, purpose: [3] } } });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'android-key.purpose');
  });
  it('origin is not KM_ORIGIN_GENERATED (imported key)', async () => {
    const decoded = await androidKey({ androidKey: { teeEnforced: { ...TEE, origin: 2 } } });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'android-key.origin');
  });
  it('origin and purpose only in softwareEnforced: refused by default, accepted with androidKeyAllowSoftwareEnforced', async () => {
    const decoded = await androidKey({ androidKey: { teeEnforced: {}, softwareEnforced: { ...TEE } } });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'android-key.origin');
    await expect(
      verifyWith(androidKeyAttestation, decoded, { policy: { androidKeyAllowSoftwareEnforced: true } }),
    ).resolves.toMatchObject({
      details: { teeEnforced: false },
    });
  });
  it('union policy: purpose SIGN in softwareEnforced, origin in teeEnforced', async () => {
    const decoded = await androidKey({
      androidKey: { teeEnforced: { origin: 0 }, softwareEnforced: { purpose: [2] } },
    });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'android-key.purpose');
    await expect(
      verifyWith(androidKeyAttestation, decoded, { policy: { androidKeyAllowSoftwareEnforced: true } }),
    ).resolves.toBeDefined();
  });
  it('leaf key is not the credential key', async () => {
    const other = generateTestKeyPair('ES256', { seed: 'android-other' });
    const decoded = await androidKey({ attestationCertificate: { publicKey: other.publicKey } });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'credential-key');
  });
  it('sig does not verify', async () => {
    const decoded = await androidKey({
      mutate: { signature: (s) => Uint8Array.from(s, (b, i) => (i === s.length - 1 ? b ^ 1 : b)) },
    });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'signature');
  });
  it('alg does not fit the key, or is SHA-1 based', async () => {
    await expectCheck(
      verifyWith(androidKeyAttestation, await androidKey({ mutate: { attStmt: withMember('alg', -257) } })),
      'alg',
    );
    const rsa = await androidKey({ algorithm: 'RS256', mutate: { attStmt: withMember('alg', -65535) } });
    await expectCheck(verifyWith(androidKeyAttestation, rsa, { policy: { allowSHA1: true } }), 'alg');
  });
  it('KeyDescription missing', async () => {
    const decoded = await androidKey({ attestationCertificate: { extensions: (e) => ({ ...e, raw: [] }) } });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'android-key.key-description');
  });
  it('KeyDescription malformed (fails closed)', async () => {
    const decoded = await androidKey({
      attestationCertificate: {
        extensions: (e) => ({
          ...e,
          raw: [
            { oid: ANDROID_KEY_DESCRIPTION_OID, critical: false, value: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x03) },
          ],
        }),
      },
    });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), 'android-key.key-description');
  });
  it('x5c missing', async () => {
    await expectCheck(
      verifyWith(androidKeyAttestation, await androidKey({ mutate: { attStmt: withMember('x5c', undefined) } })),
      'x5c',
    );
  });
  it('expired leaf', async () => {
    const decoded = await androidKey({ attestationCertificate: { notAfter: new Date('2029-06-01T00:00:00Z') } });
    await expectCheck(verifyWith(androidKeyAttestation, decoded), '', 'ERR_CERTIFICATE_EXPIRED');
  });
});
