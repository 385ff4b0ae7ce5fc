import { describe, expect, it } from 'vitest';
import { androidSafetyNetAttestation } from '../../src/attestation/android-safetynet.js';
import { utf8Encode } from '../../src/encoding/bytes.js';
import type { CBORMap } from '../../src/encoding/cbor.js';
import { hasSharedFixtures } from '../helpers/shared-fixtures.js';
import { decodeFixture, registrationFixtures, rejection, statementInput } from './helpers/fixtures.js';
import { NOW, type SafetyNetOptions, safetyNetStatement, verifyWith } from './helpers/software.js';

describe.skipIf(!hasSharedFixtures('android-safetynet fixtures'))(
  'android-safetynet: shared fixtures (clock at verifyAt)',
  () => {
    const fixtures = registrationFixtures('android-safetynet');
    const byId = (id: string) => fixtures.find((f) => f.id === id)!;
    const run = (id: string, policy: Record<string, unknown> = {}) => {
      const fx = byId(id);
      return androidSafetyNetAttestation.verify(
        statementInput(decodeFixture(fx), { now: new Date(fx.attestation!.verifyAt!), policy }),
      );
    };
    it('finds all 5 SafetyNet registrations', () => {
      expect(fixtures.length).toBe(5);
    });
    it('swa-android-safetynet-2019: verifies', async () => {
      await expect(run('swa-android-safetynet-2019')).resolves.toMatchObject({
        type: 'basic',
        details: { ctsProfileMatch: true },
      });
    });
    it('swa-android-safetynet-cts-fail-not-enforced: verifies when ctsProfileMatch is not required', async () => {
      await expect(
        run('swa-android-safetynet-cts-fail-not-enforced', { safetyNetRequireCtsProfileMatch: false }),
      ).resolves.toMatchObject({
        details: { ctsProfileMatch: false },
      });
    });
    it('swa-android-safetynet-cts-fail-enforced: ctsProfileMatch false is refused by default', async () => {
      const err = await rejection(() => run('swa-android-safetynet-cts-fail-enforced'));
      expect(err.code).toBe('ERR_ATTESTATION_INVALID');
      expect(err.details?.check).toBe('android-safetynet.cts-profile');
    });
    it('gw-android-safetynet-jws-signature-broken: the JWS signature is refused', async () => {
      const err = await rejection(() => run('gw-android-safetynet-jws-signature-broken'));
      expect(err.code).toBe('ERR_ATTESTATION_INVALID');
      expect(err.details?.check).toBe('signature');
    });
    it('swa-android-safetynet-2021-gsr1-revoked: the statement verifies (revocation is decided centrally, with CRLs)', async () => {
      await expect(run('swa-android-safetynet-2021-gsr1-revoked')).resolves.toMatchObject({ type: 'basic' });
    });
    it('swa-android-safetynet-2019: stale one minute and one millisecond after timestampMs', async () => {
      const fx = byId('swa-android-safetynet-2019');
      const later = new Date(new Date(fx.attestation!.verifyAt!).getTime() + 60_001);
      const err = await rejection(() =>
        androidSafetyNetAttestation.verify(statementInput(decodeFixture(fx), { now: later })),
      );
      expect(err.details?.check).toBe('android-safetynet.timestamp');
    });
  },
);

async function expectCheck(
  options: SafetyNetOptions,
  check: string,
  code = 'ERR_ATTESTATION_INVALID',
  policy = {},
): Promise<void> {
  const err = await rejection(async () =>
    verifyWith(androidSafetyNetAttestation, await safetyNetStatement(options), { policy }),
  );
  expect(err.code).toBe(code);
  if (code === 'ERR_ATTESTATION_INVALID') expect(err.details?.check).toBe(check);
}

describe('android-safetynet: built statements', () => {
  it('a valid statement verifies and reports its flags', async () => {
    await expect(verifyWith(androidSafetyNetAttestation, await safetyNetStatement())).resolves.toMatchObject({
      type: 'basic',
      details: { jwsAlg: 'RS256', ctsProfileMatch: true, basicIntegrity: true, timestampMs: NOW.getTime() - 2_000 },
    });
  });
  it('empty ver', () => expectCheck({ ver: '' }, 'android-safetynet.ver'));
  it('JWS alg none', () => expectCheck({ alg: 'none' }, 'alg'));
  it('JWS alg HS256', () => expectCheck({ alg: 'HS256' }, 'alg'));
  it('JWS alg ES256 with an RSA leaf', () => expectCheck({ alg: 'ES256' }, 'alg'));
  it('JWS signature broken', () => expectCheck({ breakSignature: true }, 'signature'));
  it('no x5c in the header', () => expectCheck({ noX5c: true }, 'x5c'));
  it('leaf not issued to attest.android.com', () =>
    expectCheck({ hostname: 'attest.example.com' }, 'android-safetynet.hostname'));
  it('nonce mismatch', () => expectCheck({ payload: { nonce: 'AAAA' } }, 'android-safetynet.nonce'));
  it('nonce missing', () => expectCheck({ payload: { nonce: undefined } }, 'android-safetynet.nonce'));
  it('ctsProfileMatch false: refused by default, accepted when not required', async () => {
    await expectCheck({ payload: { ctsProfileMatch: false } }, 'android-safetynet.cts-profile');
    const decoded = await safetyNetStatement({ payload: { ctsProfileMatch: false } });
    await expect(
      verifyWith(androidSafetyNetAttestation, decoded, { policy: { safetyNetRequireCtsProfileMatch: false } }),
    ).resolves.toBeDefined();
  });
  it('ctsProfileMatch missing', () =>
    expectCheck({ payload: { ctsProfileMatch: undefined } }, 'android-safetynet.cts-profile'));
  it('stale timestamp (older than safetyNetMaxAgeMs)', async () => {
    await expectCheck({ payload: { timestampMs: NOW.getTime() - 60_001 } }, 'android-safetynet.timestamp');
    const decoded = await safetyNetStatement({ payload: { timestampMs: NOW.getTime() - 60_001 } });
    await expect(
      verifyWith(androidSafetyNetAttestation, decoded, { policy: { safetyNetMaxAgeMs: 120_000 } }),
    ).resolves.toBeDefined();
  });
  it('timestamp in the future beyond the skew', () =>
    expectCheck({ payload: { timestampMs: NOW.getTime() + 10_001 } }, 'android-safetynet.timestamp'));
  it('timestamp not an integer', () => expectCheck({ payload: { timestampMs: '1' } }, 'android-safetynet.timestamp'));
  it('expired leaf', () => expectCheck({ notAfter: new Date('2029-06-01T00:00:00Z') }, '', 'ERR_CERTIFICATE_EXPIRED'));
  it('a negative policy duration is a programmer error', async () => {
    const decoded = await safetyNetStatement();
    await expect(
      verifyWith(androidSafetyNetAttestation, decoded, { policy: { safetyNetMaxAgeMs: -1 } }),
    ).rejects.toThrow(RangeError);
  });
  it('response is not a compact JWS', async () => {
    const decoded = await safetyNetStatement();
    const attStmt = new Map(decoded.attStmt as CBORMap).set('response', utf8Encode('a.b'));
    const err = await rejection(() => verifyWith(androidSafetyNetAttestation, { ...decoded, attStmt }));
    expect(err.details?.check).toBe('android-safetynet.jws');
  });
  it('response over 64 KiB', async () => {
    const decoded = await safetyNetStatement();
    const attStmt = new Map(decoded.attStmt as CBORMap).set('response', new Uint8Array(64 * 1024 + 1).fill(0x41));
    const err = await rejection(() => verifyWith(androidSafetyNetAttestation, { ...decoded, attStmt }));
    expect(err.code).toBe('ERR_INPUT_TOO_LARGE');
  });
  it('ver missing or response not bytes', async () => {
    const decoded = await safetyNetStatement();
    const noVer = new Map(decoded.attStmt as CBORMap);
    noVer.delete('ver');
    expect(
      (await rejection(() => verifyWith(androidSafetyNetAttestation, { ...decoded, attStmt: noVer }))).details?.check,
    ).toBe('syntax');
    const textResponse = new Map(decoded.attStmt as CBORMap).set('response', 'eyJ');
    expect(
      (await rejection(() => verifyWith(androidSafetyNetAttestation, { ...decoded, attStmt: textResponse }))).details
        ?.check,
    ).toBe('syntax');
  });
});
