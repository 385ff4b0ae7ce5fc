import { describe, expect, it } from 'vitest';
import { createMemoryCredentialStore } from '../../src/stores/memory.js';
import type { CredentialStore } from '../../src/stores/types.js';
import { codeOf, createHarness, newAuthenticator, newUserHandle, ORIGIN, RP_ID, register } from './helpers.js';

describe('registration', () => {
  it('stores a verified credential bound to the user and emits registration.succeeded', async () => {
    const h = createHarness();
    const user = newUserHandle();
    const auth = newAuthenticator();
    const options = await h.rp.startRegistration({ session: 's1', user: { id: user, name: 'ada@example.com' } });
    expect(options.user.id).toBe(user);
    expect(options.rp).toEqual({ id: RP_ID, name: 'Example' });
    expect(options.authenticatorSelection?.userVerification).toBe('required');
    expect(options.timeout).toBe(300_000);
    const { response } = await auth.createCredential({
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      user: { id: user },
    });
    const result = await h.rp.finishRegistration({ session: 's1', response });
    expect(result.userHandle).toBe(user);
    expect(result.credential).toMatchObject({
      id: response.id,
      userHandle: user,
      counter: 0,
      name: 'Passkey',
      lastUsedAt: null,
    });
    expect(await h.credentials.get(response.id)).toEqual(result.credential);
    expect(h.events.map((e) => e.type)).toEqual(['registration.succeeded']);
  });

  it('generates a user handle for a new account', async () => {
    const h = createHarness();
    const options = await h.rp.startRegistration({ session: 's', user: { name: 'new@example.com' } });
    const { response } = await newAuthenticator().createCredential({
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      user: { id: options.user.id },
    });
    const result = await h.rp.finishRegistration({ session: 's', response });
    expect(result.userHandle).toBe(options.user.id);
    expect(Buffer.from(result.userHandle, 'base64url')).toHaveLength(32);
  });

  it('excludes the user’s existing credentials in new registration options', async () => {
    const h = createHarness();
    const user = newUserHandle();
    const id = await register(h, newAuthenticator({ transports: ['usb'] }), user);
    const options = await h.rp.startRegistration({ session: 's', user: { id: user, name: 'ada' } });
    expect(options.excludeCredentials).toEqual([{ type: 'public-key', id, transports: ['usb'] }]);
  });

  it('refuses a credential id that is already registered: ERR_CREDENTIAL_EXISTS', async () => {
    const h = createHarness();
    const credentialId = new Uint8Array(32).fill(7);
    await register(h, newAuthenticator(), newUserHandle(), { credentialId });
    const other = newUserHandle();
    const options = await h.rp.startRegistration({ session: 's2', user: { id: other, name: 'eve' } });
    const { response } = await newAuthenticator().createCredential({
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      credentialId,
    });
    expect(await codeOf(h.rp.finishRegistration({ session: 's2', response }))).toBe('ERR_CREDENTIAL_EXISTS');
    expect(h.events.at(-1)).toMatchObject({
      type: 'registration.failed',
      code: 'ERR_CREDENTIAL_EXISTS',
      userHandle: other,
    });
  });

  it('refuses a registration challenge replay', async () => {
    const h = createHarness();
    const options = await h.rp.startRegistration({ session: 's', user: { id: newUserHandle(), name: 'ada' } });
    const { response } = await newAuthenticator().createCredential({
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    await h.rp.finishRegistration({ session: 's', response });
    expect(await codeOf(h.rp.finishRegistration({ session: 's', response }))).toBe('ERR_CHALLENGE_UNKNOWN');
    expect(h.events.map((e) => e.type)).toEqual([
      'registration.succeeded',
      'challenge.replayed',
      'registration.failed',
    ]);
  });

  it('uses the server-side user-verification requirement', async () => {
    const h = createHarness();
    const options = await h.rp.startRegistration({ session: 's', user: { id: newUserHandle(), name: 'ada' } });
    const { response } = await newAuthenticator().createCredential({
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      flags: { uv: false },
    });
    expect(await codeOf(h.rp.finishRegistration({ session: 's', response }))).toBe('ERR_USER_VERIFICATION_REQUIRED');
  });

  it('rejects a wrong origin through verify', async () => {
    const h = createHarness();
    const options = await h.rp.startRegistration({ session: 's', user: { id: newUserHandle(), name: 'ada' } });
    const { response } = await newAuthenticator().createCredential({
      challenge: options.challenge,
      rpId: RP_ID,
      origin: 'https://evil.example',
    });
    expect(await codeOf(h.rp.finishRegistration({ session: 's', response }))).toBe('ERR_ORIGIN_MISMATCH');
  });
});

describe('authentication', () => {
  it('signs in with a discoverable credential, updates counter and last use, emits authentication.succeeded', async () => {
    const h = createHarness();
    const user = newUserHandle();
    const auth = newAuthenticator();
    const id = await register(h, auth, user);
    const options = await h.rp.startAuthentication({ session: 'a1' });
    expect(options.allowCredentials ?? []).toEqual([]);
    h.advance(1000);
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    const result = await h.rp.finishAuthentication({ session: 'a1', response });
    expect(result).toMatchObject({
      userHandle: user,
      userVerified: true,
      counterStatus: 'ok',
      needsReauthentication: false,
    });
    expect(result.credential.counter).toBe(1);
    expect((await h.credentials.get(id))?.lastUsedAt).toEqual(h.now());
    expect((await h.credentials.get(id))?.counter).toBe(1);
    expect(h.events.at(-1)).toMatchObject({
      type: 'authentication.succeeded',
      userHandle: user,
      credentialId: id,
      counterStatus: 'ok',
    });
  });

  it('signs in an identified user with allowCredentials', async () => {
    const h = createHarness();
    const user = newUserHandle();
    const auth = newAuthenticator();
    const id = await register(h, auth, user);
    const options = await h.rp.startAuthentication({ session: 'a', user: { id: user } });
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([id]);
    // Safari sends an empty userHandle in identified flows: accepted (§4 row 118).
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      userHandle: null,
    });
    expect((await h.rp.finishAuthentication({ session: 'a', response })).userHandle).toBe(user);
  });

  it('consumes the challenge once: a replay fails with ERR_CHALLENGE_UNKNOWN and emits challenge.replayed', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    const options = await h.rp.startAuthentication({ session: 'a' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    await h.rp.finishAuthentication({ session: 'a', response });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'a', response }))).toBe('ERR_CHALLENGE_UNKNOWN');
    expect(h.events.slice(-2).map((e) => e.type)).toEqual(['challenge.replayed', 'authentication.failed']);
  });

  it('50 concurrent finishes of one response: exactly 1 success, 49 ERR_CHALLENGE_UNKNOWN', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    const options = await h.rp.startAuthentication({ session: 'a' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => h.rp.finishAuthentication({ session: 'a', response })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code: string }).code] : []));
    expect(codes).toEqual(Array(49).fill('ERR_CHALLENGE_UNKNOWN'));
  });

  it('binds the challenge to the session: another session cannot finish it', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    const options = await h.rp.startAuthentication({ session: 'victim' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'attacker', response }))).toBe('ERR_CHALLENGE_UNKNOWN');
    // … and the victim's session still can.
    await expect(h.rp.finishAuthentication({ session: 'victim', response })).resolves.toBeDefined();
  });

  it('expires challenges with the injected clock: ERR_CHALLENGE_EXPIRED, later ERR_CHALLENGE_UNKNOWN', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    const first = await h.rp.startAuthentication({ session: 'a' });
    const second = await h.rp.startAuthentication({ session: 'a' });
    const r1 = (await auth.getAssertion({ credentialId: id, challenge: first.challenge, rpId: RP_ID, origin: ORIGIN }))
      .response;
    const r2 = (await auth.getAssertion({ credentialId: id, challenge: second.challenge, rpId: RP_ID, origin: ORIGIN }))
      .response;
    h.advance(300_000); // exactly at expiry: still valid
    h.advance(1);
    expect(await codeOf(h.rp.finishAuthentication({ session: 'a', response: r1 }))).toBe('ERR_CHALLENGE_EXPIRED');
    h.advance(60 * 60_000);
    expect(await codeOf(h.rp.finishAuthentication({ session: 'a', response: r2 }))).toBe('ERR_CHALLENGE_UNKNOWN');
  });

  it('accepts a challenge right at its expiry instant', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    const options = await h.rp.startAuthentication({ session: 'a' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    h.advance(300_000);
    await expect(h.rp.finishAuthentication({ session: 'a', response })).resolves.toBeDefined();
  });

  it('a registration challenge cannot finish an authentication, and vice versa: ERR_CEREMONY_MISMATCH', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const user = newUserHandle();
    const id = await register(h, auth, user);
    const reg = await h.rp.startRegistration({ session: 's', user: { id: user, name: 'ada' } });
    const assertion = await auth.getAssertion({
      credentialId: id,
      challenge: reg.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 's', response: assertion.response }))).toBe(
      'ERR_CEREMONY_MISMATCH',
    );

    const authOptions = await h.rp.startAuthentication({ session: 's' });
    const created = await newAuthenticator().createCredential({
      challenge: authOptions.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(await codeOf(h.rp.finishRegistration({ session: 's', response: created.response }))).toBe(
      'ERR_CEREMONY_MISMATCH',
    );
  });

  it('rejects user A’s credential in a sign-in started for user B: ERR_CREDENTIAL_MISMATCH (YSA-2026-02)', async () => {
    const h = createHarness();
    const alice = newUserHandle();
    const bob = newUserHandle();
    const aliceAuth = newAuthenticator();
    const aliceCred = await register(h, aliceAuth, alice);
    await register(h, newAuthenticator(), bob);
    const options = await h.rp.startAuthentication({ session: 'b', user: { id: bob } });
    const { response } = await aliceAuth.getAssertion({
      credentialId: aliceCred,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'b', response }))).toBe('ERR_CREDENTIAL_MISMATCH');
    expect(h.events.at(-1)).toMatchObject({
      type: 'authentication.failed',
      code: 'ERR_CREDENTIAL_MISMATCH',
      userHandle: bob,
    });
  });

  it('rejects A’s credential presented with B’s user handle in a discoverable sign-in', async () => {
    const h = createHarness();
    const alice = newUserHandle();
    const bob = newUserHandle();
    const aliceAuth = newAuthenticator();
    const aliceCred = await register(h, aliceAuth, alice);
    await register(h, newAuthenticator(), bob);
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await aliceAuth.getAssertion({
      credentialId: aliceCred,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      userHandle: bob,
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'x', response }))).toBe('ERR_CREDENTIAL_MISMATCH');
  });

  it('requires the user handle in a discoverable sign-in (§7.2 step 6b)', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    for (const userHandle of [null, '']) {
      const options = await h.rp.startAuthentication({ session: 'x' });
      const { response } = await auth.getAssertion({
        credentialId: id,
        challenge: options.challenge,
        rpId: RP_ID,
        origin: ORIGIN,
        userHandle: null,
      });
      if (userHandle === '') response.response.userHandle = '';
      expect(await codeOf(h.rp.finishAuthentication({ session: 'x', response }))).toBe('ERR_CREDENTIAL_MISMATCH');
    }
  });

  it('reports an unknown credential with ERR_CREDENTIAL_NOT_FOUND and builds the unknown-credential signal', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    await h.credentials.delete(id);
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'x', response }))).toBe('ERR_CREDENTIAL_NOT_FOUND');
    expect(h.rp.signalUnknownCredential({ credentialId: response.id })).toEqual({ rpId: RP_ID, credentialId: id });
  });

  it('rejects a change of the backup-eligible flag (L3 §6.1.3)', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle(), { flags: { be: false } });
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      flags: { be: true },
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'x', response }))).toBe('ERR_BACKUP_ELIGIBILITY_CHANGED');
  });

  it('records a backup-state change', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle(), { flags: { be: true, bs: false } });
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      flags: { be: true, bs: true },
    });
    await h.rp.finishAuthentication({ session: 'x', response });
    expect((await h.credentials.get(id))?.backedUp).toBe(true);
  });

  it('does not upgrade uvInitialized silently (§7.2 step 24)', async () => {
    const h = createHarness({ userVerification: 'preferred' });
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle(), { flags: { uv: false } });
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      flags: { uv: true },
    });
    await h.rp.finishAuthentication({ session: 'x', response });
    expect((await h.credentials.get(id))?.uvInitialized).toBe(false);
  });

  it('refuses an assertion without UV when the server requires it', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      flags: { uv: false },
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'x', response }))).toBe('ERR_USER_VERIFICATION_REQUIRED');
  });
});

describe('signature counter', () => {
  async function regressed(policy: 'reject' | 'flag') {
    const h = createHarness({ counterPolicy: policy });
    const auth = newAuthenticator({ counter: 5 });
    const id = await register(h, auth, newUserHandle());
    const a = await h.rp.startAuthentication({ session: 'x' });
    await h.rp.finishAuthentication({
      session: 'x',
      response: (await auth.getAssertion({ credentialId: id, challenge: a.challenge, rpId: RP_ID, origin: ORIGIN }))
        .response,
    });
    const stored = (await h.credentials.get(id))?.counter ?? -1;
    const b = await h.rp.startAuthentication({ session: 'x' });
    const clone = await auth.getAssertion({
      credentialId: id,
      challenge: b.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      counter: 3,
    });
    return { h, id, stored, run: () => h.rp.finishAuthentication({ session: 'x', response: clone.response }) };
  }

  it('rejects a regression by default with ERR_COUNTER_REGRESSION and emits counter.regressed', async () => {
    const { h, id, stored, run } = await regressed('reject');
    expect(stored).toBe(6);
    expect(await codeOf(run())).toBe('ERR_COUNTER_REGRESSION');
    expect(h.events.slice(-2)).toMatchObject([
      { type: 'counter.regressed', credentialId: id, storedCounter: 6, receivedCounter: 3, policy: 'reject' },
      { type: 'authentication.failed', code: 'ERR_COUNTER_REGRESSION' },
    ]);
    expect((await h.credentials.get(id))?.counter).toBe(6);
  });

  it('under counterPolicy "flag" accepts, flags and keeps the higher stored counter', async () => {
    const { h, id, run } = await regressed('flag');
    const result = await run();
    expect(result).toMatchObject({ counterStatus: 'regressed', needsReauthentication: true });
    expect((await h.credentials.get(id))?.counter).toBe(6);
    expect(h.events.slice(-2).map((e) => e.type)).toEqual(['counter.regressed', 'authentication.succeeded']);
  });

  it('accepts authenticators that do not count (0 → 0)', async () => {
    const h = createHarness();
    const auth = newAuthenticator({ counter: { initial: 0, mode: 'zero' } });
    const id = await register(h, auth, newUserHandle());
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect((await h.rp.finishAuthentication({ session: 'x', response })).counterStatus).toBe('not-supported');
  });

  function racingStore(
    onFirstUpdate: (inner: CredentialStore, id: string) => Promise<void>,
    failAlways = false,
  ): CredentialStore {
    const inner = createMemoryCredentialStore();
    let raced = false;
    return {
      ...inner,
      updateName: inner.updateName,
      deleteUnlessLast: inner.deleteUnlessLast,
      async updateAfterAuthentication(id, expected, next) {
        if (failAlways) return false;
        if (!raced) {
          raced = true;
          await onFirstUpdate(inner, id);
        }
        return inner.updateAfterAuthentication(id, expected, next);
      },
    };
  }

  it('retries a lost compare-and-set when its counter is still the highest', async () => {
    const credentials = racingStore(async (inner, id) => {
      const cur = await inner.get(id);
      await inner.updateAfterAuthentication(
        id,
        { counter: cur?.counter ?? 0 },
        { counter: 3, backedUp: false, lastUsedAt: new Date() },
      );
    });
    const h = createHarness({ credentials });
    const auth = newAuthenticator({ counter: 1 });
    const id = await register(h, auth, newUserHandle());
    auth.setCounter(id, 9);
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    const result = await h.rp.finishAuthentication({ session: 'x', response });
    expect(result.counterStatus).toBe('ok');
    expect((await credentials.get(id))?.counter).toBe(10);
  });

  it('treats a lost race against a higher counter as a regression', async () => {
    const credentials = racingStore(async (inner, id) => {
      const cur = await inner.get(id);
      await inner.updateAfterAuthentication(
        id,
        { counter: cur?.counter ?? 0 },
        { counter: 50, backedUp: false, lastUsedAt: new Date() },
      );
    });
    const h = createHarness({ credentials });
    const auth = newAuthenticator({ counter: 1 });
    const id = await register(h, auth, newUserHandle());
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'x', response }))).toBe('ERR_COUNTER_REGRESSION');
    expect((await credentials.get(id))?.counter).toBe(50);
  });

  it('gives up with ERR_STORE_CONFLICT after maxUpdateAttempts lost compare-and-sets', async () => {
    const credentials = racingStore(async () => undefined, true);
    const h = createHarness({ credentials, maxUpdateAttempts: 3 });
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'x', response }))).toBe('ERR_STORE_CONFLICT');
  });

  it('a credential deleted during sign-in fails with ERR_CREDENTIAL_NOT_FOUND', async () => {
    const credentials = racingStore(async (inner, id) => inner.delete(id));
    const h = createHarness({ credentials });
    const auth = newAuthenticator();
    const id = await register(h, auth, newUserHandle());
    const options = await h.rp.startAuthentication({ session: 'x' });
    const { response } = await auth.getAssertion({
      credentialId: id,
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    expect(await codeOf(h.rp.finishAuthentication({ session: 'x', response }))).toBe('ERR_CREDENTIAL_NOT_FOUND');
  });
});

describe('audit events', () => {
  it('carry no secrets: no challenge, session id or public key', async () => {
    const h = createHarness();
    const auth = newAuthenticator();
    const user = newUserHandle();
    const session = 'super-secret-session-id';
    const reg = await h.rp.startRegistration({ session, user: { id: user, name: 'ada' } });
    const created = await auth.createCredential({
      challenge: reg.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
      user: { id: user },
    });
    await h.rp.finishRegistration({ session, response: created.response });
    const a = await h.rp.startAuthentication({ session });
    const { response } = await auth.getAssertion({
      credentialId: created.response.id,
      challenge: a.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    await h.rp.finishAuthentication({ session, response });
    await codeOf(h.rp.finishAuthentication({ session, response }));
    const text = JSON.stringify(h.events);
    const publicKey = Buffer.from(created.credential.publicKey).toString('base64url');
    for (const secret of [session, reg.challenge, a.challenge, publicKey]) expect(text).not.toContain(secret);
    expect(h.events.map((e) => e.type)).toEqual([
      'registration.succeeded',
      'authentication.succeeded',
      'challenge.replayed',
      'authentication.failed',
    ]);
  });

  it('a failing onEvent never fails the ceremony; the logger hears about it', async () => {
    const warnings: string[] = [];
    const h = createHarness({
      onEvent: () => {
        throw new Error('audit sink down');
      },
      logger: { warn: (message) => warnings.push(message) },
    });
    await register(h, newAuthenticator(), newUserHandle());
    expect(warnings).toEqual(['onEvent handler failed']);
  });
});

describe('configuration errors are programmer errors', () => {
  it('throws TypeError for a missing session or a malformed user handle', async () => {
    const h = createHarness();
    await expect(h.rp.startAuthentication({ session: '' })).rejects.toBeInstanceOf(TypeError);
    await expect(
      h.rp.startRegistration({ session: 's', user: { id: 'not base64url!', name: 'x' } }),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
