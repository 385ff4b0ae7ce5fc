/**
 * android-key (§8.4) boundaries: the format named in every error, the KeyDescription failure
 * modes (missing vs malformed), the authorization-list policies and the reported `teeEnforced`.
 */
import { describe, expect, it } from 'vitest';
import { androidKeyAttestation, KM_ORIGIN_GENERATED, KM_PURPOSE_SIGN } from '../../src/attestation/android-key.js';
import type { AttestationFormatPolicy, AttestationStatementResult } from '../../src/attestation/types.js';
import { WebAuthnError } from '../../src/errors.js';
import { ANDROID_KEY_DESCRIPTION_OID, generateTestKeyPair } from '../../src/testing/index.js';
import { rejection } from './helpers/fixtures.js';
import { type SoftwareStatementOptions, softwareStatement, verifyWith, withMember } from './helpers/software.js';

function androidKey(options: SoftwareStatementOptions = {}): ReturnType<typeof softwareStatement> {
  return softwareStatement('android-key', options);
}

async function run(
  options: SoftwareStatementOptions,
  policy: AttestationFormatPolicy = {},
): Promise<AttestationStatementResult> {
  return (await verifyWith(androidKeyAttestation, await androidKey(options), { policy })) as AttestationStatementResult;
}

async function expectCheck(
  options: SoftwareStatementOptions,
  check: string,
  policy: AttestationFormatPolicy = {},
): Promise<WebAuthnError> {
  const err = await rejection(() => run(options, policy));
  expect(err.code).toBe('ERR_ATTESTATION_INVALID');
  expect(err.details).toEqual({ format: 'android-key', check });
  return err;
}

const allowSoftware = { androidKeyAllowSoftwareEnforced: true };

describe('android-key: the format is named in results and errors', () => {
  it('the verifier is registered as android-key and its result says so', async () => {
    expect(androidKeyAttestation.format).toBe('android-key');
    expect(KM_ORIGIN_GENERATED).toBe(0);
    expect(KM_PURPOSE_SIGN).toBe(2);
    const result = await run({});
    expect(result.format).toBe('android-key');
    expect(result.type).toBe('basic');
    expect(result.details).toMatchObject({ teeEnforced: true });
  });
  it('an unexpected attStmt member', () => expectCheck({ mutate: { attStmt: withMember('ver', '1') } }, 'syntax'));
  it('alg missing', () => expectCheck({ mutate: { attStmt: withMember('alg', undefined) } }, 'syntax'));
  it('sig not bytes', () => expectCheck({ mutate: { attStmt: withMember('sig', 'AAAA') } }, 'syntax'));
  it('x5c empty', () => expectCheck({ mutate: { attStmt: withMember('x5c', []) } }, 'x5c'));
  it('a leaf key other than the credential key', () =>
    expectCheck(
      {
        attestationCertificate: {
          publicKey: generateTestKeyPair('ES256', { seed: 'android-key-boundaries' }).publicKey,
        },
      },
      'credential-key',
    ));
  it('alg does not fit the key', () => expectCheck({ mutate: { attStmt: withMember('alg', -257) } }, 'alg'));
  it('signature does not verify', () =>
    expectCheck(
      { mutate: { signature: (s) => Uint8Array.from(s, (b, i) => (i === s.length - 1 ? b ^ 1 : b)) } },
      'signature',
    ));
  it('attestationChallenge differs', () =>
    expectCheck({ androidKey: { attestationChallenge: new Uint8Array(32) } }, 'android-key.challenge'));
  it('purpose without SIGN', () =>
    expectCheck({ androidKey: { teeEnforced: { origin: 0, purpose: [3] } } }, 'android-key.purpose'));
  it('origin not generated', () =>
    expectCheck({ androidKey: { teeEnforced: { origin: 1, purpose: [2] } } }, 'android-key.origin'));
});

describe('android-key: KeyDescription', () => {
  it('a missing KeyDescription is refused without a cause', async () => {
    const err = await expectCheck(
      { attestationCertificate: { extensions: (e) => ({ ...e, raw: [] }) } },
      'android-key.key-description',
    );
    expect(err.cause).toBeUndefined();
  });
  it('a malformed KeyDescription is refused, carrying the parse error as cause', async () => {
    const err = await expectCheck(
      {
        attestationCertificate: {
          extensions: (e) => ({
            ...e,
            raw: [
              {
                oid: ANDROID_KEY_DESCRIPTION_OID,
                critical: false,
                value: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x03),
              },
            ],
          }),
        },
      },
      'android-key.key-description',
    );
    expect(err.cause).toBeInstanceOf(WebAuthnError);
  });
});

describe('android-key: authorization lists (§8.4 step 5)', () => {
  it('dangerouslySkipAndroidKeyAuthorizationList accepts lists without origin or purpose', async () => {
    const options = { androidKey: { teeEnforced: {}, softwareEnforced: {} } };
    await expectCheck(options, 'android-key.origin');
    await expect(run(options, { dangerouslySkipAndroidKeyAuthorizationList: true })).resolves.toMatchObject({
      details: { teeEnforced: false },
    });
  });
  it('dangerouslySkipAndroidKeyAuthorizationList false still checks', () =>
    expectCheck({ androidKey: { teeEnforced: {} } }, 'android-key.origin', {
      dangerouslySkipAndroidKeyAuthorizationList: false,
    }));
  it('union policy: a foreign origin in softwareEnforced is refused even when teeEnforced is generated', async () => {
    const options = { androidKey: { teeEnforced: { origin: 0, purpose: [2] }, softwareEnforced: { origin: 2 } } };
    await expect(run(options)).resolves.toMatchObject({ details: { teeEnforced: true } });
    await expectCheck(options, 'android-key.origin', allowSoftware);
  });
  it('union policy: purpose found only in softwareEnforced is accepted', async () => {
    const options = { androidKey: { teeEnforced: { origin: 0 }, softwareEnforced: { purpose: [2] } } };
    await expectCheck(options, 'android-key.purpose');
    await expect(run(options, allowSoftware)).resolves.toBeDefined();
  });
});

describe('android-key: reported teeEnforced (origin and purpose both in teeEnforced)', () => {
  it('origin generated and purpose SIGN in teeEnforced: true', async () => {
    const result = await run({ androidKey: { teeEnforced: { origin: 0, purpose: [3, 2] } } });
    expect(result.details).toMatchObject({ teeEnforced: true });
  });
  it('origin in teeEnforced, purpose only in softwareEnforced: false', async () => {
    const result = await run(
      { androidKey: { teeEnforced: { origin: 0 }, softwareEnforced: { purpose: [2] } } },
      allowSoftware,
    );
    expect(result.details).toMatchObject({ teeEnforced: false });
  });
  it('purpose in teeEnforced, origin only in softwareEnforced: false', async () => {
    const result = await run(
      { androidKey: { teeEnforced: { purpose: [2] }, softwareEnforced: { origin: 0 } } },
      allowSoftware,
    );
    expect(result.details).toMatchObject({ teeEnforced: false });
  });
  it('origin in teeEnforced is not generated, both in softwareEnforced: refused by the union rule', () =>
    expectCheck(
      { androidKey: { teeEnforced: { origin: 1, purpose: [2] }, softwareEnforced: { origin: 0, purpose: [2] } } },
      'android-key.origin',
      allowSoftware,
    ));
  it('reports the security levels and version of the KeyDescription', async () => {
    const result = await run({
      androidKey: { attestationVersion: 4, attestationSecurityLevel: 2, teeEnforced: { origin: 0, purpose: [2] } },
    });
    expect(result.details).toMatchObject({ attestationVersion: 4, attestationSecurityLevel: 2 });
  });
});
