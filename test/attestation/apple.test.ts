import { describe, expect, it } from 'vitest';
import { appleAttestation } from '../../src/attestation/apple.js';
import { createSoftwareAuthenticator, generateTestKeyPair } from '../../src/testing/index.js';
import { hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { decodeFixture, registrationFixtures, rejection, statementInput } from './helpers/fixtures.js';
import { type SoftwareStatementOptions, softwareStatement, verifyWith, withMember } from './helpers/software.js';

describe.skipIf(!hasSharedFixtures('apple fixtures'))('apple: shared fixtures (clock at verifyAt)', () => {
  const fixtures = registrationFixtures('apple');
  it('finds all 3 Apple registrations', () => {
    expect(fixtures.length).toBe(3);
  });
  for (const fx of fixtures) {
    it(`${fx.id}: verifies (P-384 CA signing with SHA-256 included)`, async () => {
      const result = await appleAttestation.verify(
        statementInput(decodeFixture(fx), { now: new Date(fx.attestation!.verifyAt!) }),
      );
      expect(result).toMatchObject({ format: 'apple', type: 'anonca' });
      expect(result.trustPath.length).toBeGreaterThan(0);
    });
  }
  it('swa-apple-es256-iphone: fails one day after the 24-hour leaf expired', async () => {
    const fx = fixtures.find((f) => f.id === 'swa-apple-es256-iphone')!;
    const later = new Date(new Date(fx.attestation!.verifyAt!).getTime() + 2 * 86_400_000);
    const err = await rejection(() => appleAttestation.verify(statementInput(decodeFixture(fx), { now: later })));
    expect(err.code).toBe('ERR_CERTIFICATE_EXPIRED');
  });
});

function apple(options: SoftwareStatementOptions = {}): ReturnType<typeof softwareStatement> {
  return softwareStatement('apple', options);
}

async function expectCheck(promise: Promise<unknown>, check: string, code = 'ERR_ATTESTATION_INVALID'): Promise<void> {
  const err = await rejection(() => promise);
  expect(err.code).toBe(code);
  if (code === 'ERR_ATTESTATION_INVALID') expect(err.details?.check).toBe(check);
}

describe('apple: software statements', () => {
  for (const algorithm of ['ES256', 'ES384', 'RS256', 'EdDSA'] as const) {
    it(`${algorithm} credential verifies`, async () => {
      await expect(verifyWith(appleAttestation, await apple({ algorithm }))).resolves.toMatchObject({ type: 'anonca' });
    });
  }
  it('an integer alg member (sent by iOS) is tolerated', async () => {
    const decoded = await apple({ mutate: { attStmt: withMember('alg', -7) } });
    await expect(verifyWith(appleAttestation, decoded)).resolves.toBeDefined();
  });
  it('nonce is not SHA-256(authData ‖ clientDataHash)', async () => {
    await expectCheck(
      verifyWith(appleAttestation, await apple({ apple: { nonce: new Uint8Array(32) } })),
      'apple.nonce',
    );
  });
  it('nonce extension missing', async () => {
    const decoded = await apple({ attestationCertificate: { extensions: (e) => ({ ...e, raw: [] }) } });
    await expectCheck(verifyWith(appleAttestation, decoded), 'apple.nonce');
  });
  it('leaf key is not the credential key', async () => {
    const other = generateTestKeyPair('ES256', { seed: 'apple-other' });
    const decoded = await apple({ attestationCertificate: { publicKey: other.publicKey } });
    await expectCheck(verifyWith(appleAttestation, decoded), 'credential-key');
  });
  it('x5c missing', async () => {
    await expectCheck(
      verifyWith(appleAttestation, await apple({ mutate: { attStmt: withMember('x5c', undefined) } })),
      'x5c',
    );
  });
  it('a non-integer alg or an unknown member', async () => {
    await expectCheck(
      verifyWith(appleAttestation, await apple({ mutate: { attStmt: withMember('alg', 'ES256') } })),
      'syntax',
    );
    await expectCheck(
      verifyWith(appleAttestation, await apple({ mutate: { attStmt: withMember('sig', new Uint8Array(8)) } })),
      'syntax',
    );
  });
  it('expired leaf', async () => {
    const decoded = await apple({ attestationCertificate: { notAfter: new Date('2029-06-01T00:00:00Z') } });
    await expectCheck(verifyWith(appleAttestation, decoded), '', 'ERR_CERTIFICATE_EXPIRED');
  });
  it('leaf not issued by the next certificate', async () => {
    const other = await createSoftwareAuthenticator({ seed: 'another-apple' }).getAttestationCA();
    const decoded = await apple({ mutate: { certificates: (x5c) => [x5c[0]!, other.root.der] } });
    await expectCheck(verifyWith(appleAttestation, decoded), '', 'ERR_CERTIFICATE_INVALID');
  });
});
