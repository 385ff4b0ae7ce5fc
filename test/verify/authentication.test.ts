import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { createSoftwareAuthenticator } from '../../src/testing/index.js';
import { verifyAuthenticationResponse } from '../../src/verify/index.js';
import { challenge, codeOf, ORIGIN, RP_ID } from './helpers.js';

async function setup(seed: string, options: Parameters<typeof createSoftwareAuthenticator>[0] = {}) {
  const auth = createSoftwareAuthenticator({ seed, ...options });
  const userId = new TextEncoder().encode(`user-${seed}`);
  const { credential } = await auth.createCredential({
    challenge: challenge(),
    rpId: RP_ID,
    origin: ORIGIN,
    user: { id: userId, name: seed },
  });
  const stored = {
    id: credential.id,
    publicKey: credential.publicKey,
    counter: credential.counter,
    userHandle: encodeBase64url(userId),
    backupEligible: credential.backupEligible,
  };
  return { auth, stored };
}

const opts = (response: unknown, ch: string, credential: Record<string, unknown>) => ({
  response: response as never,
  expectedChallenge: ch,
  expectedOrigin: ORIGIN,
  expectedRPID: RP_ID,
  credential: credential as never,
});

describe('verifyAuthenticationResponse', () => {
  it.each(['ES256', 'ES384', 'ES512', 'RS256', 'PS256', 'EdDSA', 'Ed448', 'ES256K'] as const)(
    '%s assertion verifies on every backend and returns the new counter',
    async (algorithm) => {
      const { auth, stored } = await setup(`auth-${algorithm}`, { algorithm });
      for (const backend of ['auto', 'node', 'webcrypto', 'noble'] as const) {
        if (backend === 'webcrypto' && (algorithm === 'ES256K' || algorithm === 'Ed448')) continue;
        const ch = challenge();
        const { response, counter } = await auth.getAssertion({
          credentialId: stored.id,
          challenge: ch,
          rpId: RP_ID,
          origin: ORIGIN,
        });
        const r = await verifyAuthenticationResponse({ ...opts(response, ch, stored), backend });
        expect(r).toMatchObject({
          credentialId: stored.id,
          newCounter: counter,
          counterStatus: 'ok',
          userVerified: true,
        });
        stored.counter = r.newCounter;
      }
    },
  );

  it('accepts the stored key as base64url and reports the user handle', async () => {
    const { auth, stored } = await setup('b64');
    const ch = challenge();
    const { response } = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      userHandle: stored.userHandle,
    });
    const r = await verifyAuthenticationResponse(
      opts(response, ch, { ...stored, publicKey: encodeBase64url(stored.publicKey) }),
    );
    expect(r.userHandle).toBe(stored.userHandle);
  });

  it('counters: 0→0 not-supported, regression rejected by default and flagged on request (§7.2 step 22)', async () => {
    const { auth, stored } = await setup('counters', { counter: { initial: 0, mode: 'zero' } });
    let ch = challenge();
    let a = await auth.getAssertion({ credentialId: stored.id, challenge: ch, rpId: RP_ID, origin: ORIGIN });
    expect((await verifyAuthenticationResponse(opts(a.response, ch, { ...stored, counter: 0 }))).counterStatus).toBe(
      'not-supported',
    );
    ch = challenge();
    a = await auth.getAssertion({ credentialId: stored.id, challenge: ch, rpId: RP_ID, origin: ORIGIN, counter: 5 });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, ch, { ...stored, counter: 5 })))).toBe(
      'ERR_COUNTER_REGRESSION',
    );
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, ch, { ...stored, counter: 9 })))).toBe(
      'ERR_COUNTER_REGRESSION',
    );
    const flagged = await verifyAuthenticationResponse({
      ...opts(a.response, ch, { ...stored, counter: 9 }),
      counterPolicy: 'flag',
    });
    expect(flagged).toMatchObject({ counterStatus: 'regressed', newCounter: 9 });
    const up = await verifyAuthenticationResponse(opts(a.response, ch, { ...stored, counter: 0 }));
    expect(up).toMatchObject({ counterStatus: 'ok', newCounter: 5 });
  });

  it('a response for another credential → ERR_CREDENTIAL_MISMATCH', async () => {
    const { auth, stored } = await setup('owner');
    const other = await setup('other');
    const ch = challenge();
    const { response } = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(response, ch, other.stored)))).toBe(
      'ERR_CREDENTIAL_MISMATCH',
    );
    // Same id, other key: the signature check catches it.
    expect(
      await codeOf(verifyAuthenticationResponse(opts(response, ch, { ...stored, publicKey: other.stored.publicKey }))),
    ).toBe('ERR_SIGNATURE_INVALID');
  });

  it('a user handle that is not the owner’s → ERR_CREDENTIAL_MISMATCH; null or absent is fine', async () => {
    const { auth, stored } = await setup('uh');
    const ch = challenge();
    const wrong = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      userHandle: encodeBase64url(new Uint8Array([1, 2, 3])),
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(wrong.response, ch, stored)))).toBe(
      'ERR_CREDENTIAL_MISMATCH',
    );
    const ch2 = challenge();
    const none = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch2,
      rpId: RP_ID,
      origin: ORIGIN,
      userHandle: null,
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(none.response, ch2, stored)))).toBe('resolved');
  });

  it('BE differing from the stored eligibility → ERR_BACKUP_ELIGIBILITY_CHANGED; BS may change', async () => {
    const { auth, stored } = await setup('be');
    const ch = challenge();
    const a = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      flags: { be: true },
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, ch, { ...stored, backupEligible: false })))).toBe(
      'ERR_BACKUP_ELIGIBILITY_CHANGED',
    );
    const bs = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      flags: { be: true, bs: true },
    });
    const r = await verifyAuthenticationResponse(opts(bs.response, ch, { ...stored, backupEligible: true }));
    expect(r).toMatchObject({ backupEligible: true, backedUp: true });
  });

  it('registration clientData type in an assertion → ERR_CLIENT_DATA_TYPE', async () => {
    const { auth, stored } = await setup('type');
    const ch = challenge();
    const a = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      mutate: { clientData: (c) => ({ ...c, type: 'webauthn.create' }) },
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, ch, stored)))).toBe('ERR_CLIENT_DATA_TYPE');
  });

  it('a tampered signature or signed data → ERR_SIGNATURE_INVALID', async () => {
    const { auth, stored } = await setup('sig');
    const ch = challenge();
    const a = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      mutate: { signature: (s) => s.map((b, i) => (i === s.length - 1 ? b ^ 1 : b)) },
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, ch, stored)))).toBe('ERR_SIGNATURE_INVALID');
  });

  it('UV: required by default, optional when asked', async () => {
    const { auth, stored } = await setup('uv');
    const ch = challenge();
    const a = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      flags: { uv: false },
    });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, ch, stored)))).toBe(
      'ERR_USER_VERIFICATION_REQUIRED',
    );
    const r = await verifyAuthenticationResponse({ ...opts(a.response, ch, stored), requireUserVerification: false });
    expect(r.userVerified).toBe(false);
  });

  it('appid: the AppID hash is accepted only when requested and reported used (§10.1.1)', async () => {
    const { auth, stored } = await setup('appid');
    const appid = 'https://example.com/appid.json';
    const ch = challenge();
    const a = await auth.getAssertion({
      credentialId: stored.id,
      challenge: ch,
      rpId: RP_ID,
      origin: ORIGIN,
      useAppId: true,
      extensions: { appid },
    });
    const r = await verifyAuthenticationResponse({ ...opts(a.response, ch, stored), expectedAppID: appid });
    expect(r.rpID).toBe(appid);
    expect(r.extensions.client.appid).toBe(true);
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, ch, stored)))).toBe('ERR_RP_ID_HASH_MISMATCH');
    const unreported = { ...a.response, clientExtensionResults: { appid: false } };
    expect(await codeOf(verifyAuthenticationResponse({ ...opts(unreported, ch, stored), expectedAppID: appid }))).toBe(
      'ERR_RP_ID_HASH_MISMATCH',
    );
  });

  it('a stored RS1 key is refused unless RS1 is listed', async () => {
    const { auth, stored } = await setup('rs1', { algorithm: 'RS1' as never });
    const ch = challenge();
    const a = await auth.getAssertion({ credentialId: stored.id, challenge: ch, rpId: RP_ID, origin: ORIGIN });
    expect(await codeOf(verifyAuthenticationResponse(opts(a.response, ch, stored)))).toBe('ERR_UNSUPPORTED_ALGORITHM');
    const r = await verifyAuthenticationResponse({ ...opts(a.response, ch, stored), supportedAlgorithms: [-65535] });
    expect(r.counterStatus).toBe('ok');
  });

  it('programmer errors are TypeErrors', async () => {
    const { auth, stored } = await setup('prog');
    const ch = challenge();
    const a = await auth.getAssertion({ credentialId: stored.id, challenge: ch, rpId: RP_ID, origin: ORIGIN });
    await expect(verifyAuthenticationResponse(opts(a.response, ch, { ...stored, counter: -1 }))).rejects.toThrow(
      TypeError,
    );
    await expect(verifyAuthenticationResponse(opts(a.response, ch, { ...stored, publicKey: 42 }))).rejects.toThrow(
      TypeError,
    );
    await expect(
      verifyAuthenticationResponse({ ...opts(a.response, ch, stored), counterPolicy: 'ignore' as never }),
    ).rejects.toThrow(TypeError);
  });
});
