/**
 * security.md §4 #112–#123: ceremony binding and replay, through `createRelyingParty` with the
 * memory stores (rows that belong to the relying-party layer) and the verify functions.
 */
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../src/encoding/base64url.js';
import { createMemoryCredentialStore } from '../../src/stores/memory.js';
import type { SoftwareAuthenticator } from '../../src/testing/index.js';
import {
  codeOf,
  createHarness,
  type Harness,
  newAuthenticator,
  newUserHandle,
  ORIGIN,
  RP_ID,
  register,
} from '../relying-party/helpers.js';
import { authenticate, prepareAssertion } from './harness.js';

async function signIn(
  h: Harness,
  authenticator: SoftwareAuthenticator,
  credentialId: string,
  options: { user?: string; session?: string; get?: Record<string, unknown> } = {},
) {
  const session = options.session ?? `auth-${Math.random()}`;
  const request = await h.rp.startAuthentication({
    session,
    ...(options.user === undefined ? {} : { user: { id: options.user } }),
  });
  const { response } = await authenticator.getAssertion({
    credentialId,
    challenge: request.challenge,
    rpId: RP_ID,
    origin: ORIGIN,
    ...options.get,
  });
  return { session, request, response, finish: (s = session) => h.rp.finishAuthentication({ session: s, response }) };
}

describe('ceremony binding and replay (security.md §4 #112–#123)', () => {
  describe('#112 identical response replayed', () => {
    it('#112 authentication replay: REJECT', async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const id = await register(h, a, newUserHandle());
      const s = await signIn(h, a, id);
      await s.finish();
      expect(await codeOf(s.finish())).toBe('ERR_CHALLENGE_UNKNOWN');
      expect(h.events.at(-2)?.type).toBe('challenge.replayed');
    });
    it('#112 registration replay: REJECT', async () => {
      const h = createHarness();
      const user = newUserHandle();
      const options = await h.rp.startRegistration({ session: 'r', user: { id: user, name: 'ada' } });
      const { response } = await newAuthenticator().createCredential({
        challenge: options.challenge,
        rpId: RP_ID,
        origin: ORIGIN,
        user: { id: user },
      });
      await h.rp.finishRegistration({ session: 'r', response });
      expect(await codeOf(h.rp.finishRegistration({ session: 'r', response }))).toBe('ERR_CHALLENGE_UNKNOWN');
    });
    it('#112 verify function: the challenge is compared (SimpleWebAuthn issue #3)', async () => {
      const p = await prepareAssertion();
      expect(await codeOf(p.verify(undefined, { expectedChallenge: encodeBase64url(new Uint8Array(32)) }))).toBe(
        'ERR_CHALLENGE_MISMATCH',
      );
    });
  });

  describe('#113 challenge of one ceremony used in the other', () => {
    it('#113 registration challenge used for authentication', async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const user = newUserHandle();
      const id = await register(h, a, user);
      const options = await h.rp.startRegistration({ session: 'x', user: { id: user, name: 'ada' } });
      const { response } = await a.getAssertion({
        credentialId: id,
        challenge: options.challenge,
        rpId: RP_ID,
        origin: ORIGIN,
      });
      expect(await codeOf(h.rp.finishAuthentication({ session: 'x', response }))).toBe('ERR_CEREMONY_MISMATCH');
    });
    it('#113 authentication challenge used for registration', async () => {
      const h = createHarness();
      const request = await h.rp.startAuthentication({ session: 'y' });
      const { response } = await newAuthenticator().createCredential({
        challenge: request.challenge,
        rpId: RP_ID,
        origin: ORIGIN,
        user: { id: newUserHandle() },
      });
      expect(await codeOf(h.rp.finishRegistration({ session: 'y', response }))).toBe('ERR_CEREMONY_MISMATCH');
    });
    it('#113 verify function: the clientData type check refuses a registration clientData in an assertion', async () => {
      const p = await prepareAssertion({ get: { mutate: { clientData: (c) => ({ ...c, type: 'webauthn.create' }) } } });
      expect(await codeOf(p.verify())).toBe('ERR_CLIENT_DATA_TYPE');
    });
  });

  it('#114 challenge past its timeout', async () => {
    const h = createHarness();
    const a = newAuthenticator();
    const id = await register(h, a, newUserHandle());
    const s = await signIn(h, a, id);
    h.advance(300_001);
    expect(await codeOf(s.finish())).toBe('ERR_CHALLENGE_EXPIRED');
  });

  it('#115 challenge issued to session X, used from session Y', async () => {
    const h = createHarness();
    const a = newAuthenticator();
    const user = newUserHandle();
    const id = await register(h, a, user);
    const s = await signIn(h, a, id, { user });
    expect(await codeOf(s.finish('another-session'))).toBe('ERR_CHALLENGE_UNKNOWN');
    // The rightful session still completes: the failed attempt did not consume its challenge.
    expect((await s.finish()).userHandle).toBe(user);
  });

  describe('#116 credential not in allowCredentials', () => {
    it("#116 another user's credential answers a ceremony started for this user", async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const alice = newUserHandle();
      await register(h, a, alice);
      const mallory = newUserHandle();
      const malloryCred = await register(h, a, mallory);
      const s = await signIn(h, a, malloryCred, { user: alice });
      expect(s.request.allowCredentials?.map((c) => c.id)).not.toContain(malloryCred);
      expect(await codeOf(s.finish())).toBe('ERR_CREDENTIAL_MISMATCH');
    });
  });

  describe('#117 credential owned by another user (YSA-2026-02, Rodauth 2.46.0)', () => {
    it("#117 ceremony started for A, answered with B's credential and B's userHandle", async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const alice = newUserHandle();
      await register(h, a, alice);
      const bob = newUserHandle();
      const bobCred = await register(h, a, bob);
      const s = await signIn(h, a, bobCred, { user: alice });
      expect(await codeOf(s.finish())).toBe('ERR_CREDENTIAL_MISMATCH');
    });
    it("#117 discoverable flow: B's credential presented with A's userHandle", async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const alice = newUserHandle();
      await register(h, a, alice);
      const bobCred = await register(h, a, newUserHandle());
      const s = await signIn(h, a, bobCred, { get: { userHandle: alice } });
      expect(await codeOf(s.finish())).toBe('ERR_CREDENTIAL_MISMATCH');
    });
    it('#117 verify function: a userHandle that is not the stored owner', async () => {
      const p = await prepareAssertion({ get: { userHandle: encodeBase64url(new Uint8Array([1, 2, 3])) } });
      expect(await codeOf(p.verify())).toBe('ERR_CREDENTIAL_MISMATCH');
    });
  });

  describe('#118 userHandle in discoverable and identified flows', () => {
    for (const [label, userHandle] of [
      ['missing', undefined],
      ['null', null],
      ['empty ""', ''],
    ] as const) {
      it(`#118 discoverable flow with userHandle ${label}: REJECT`, async () => {
        const h = createHarness();
        const a = newAuthenticator();
        const id = await register(h, a, newUserHandle());
        const s = await signIn(h, a, id, {
          get: {
            mutate: {
              response: (r: { response: Record<string, unknown> }) => {
                const inner = { ...r.response };
                if (userHandle === undefined) delete inner.userHandle;
                else inner.userHandle = userHandle;
                return { ...r, response: inner };
              },
            },
          },
        });
        expect(await codeOf(s.finish())).toBe('ERR_CREDENTIAL_MISMATCH');
      });
    }
    it('#118 identified flow with userHandle null: ACCEPT (Safari sends it)', async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const user = newUserHandle();
      const id = await register(h, a, user);
      const s = await signIn(h, a, id, { user, get: { userHandle: null } });
      expect((await s.finish()).userHandle).toBe(user);
    });
    it('#118 identified flow with userHandle "": ACCEPT', async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const user = newUserHandle();
      const id = await register(h, a, user);
      const s = await signIn(h, a, id, { user, get: { userHandle: '' } });
      expect((await s.finish()).userHandle).toBe(user);
    });
    it('#118 verify function: null userHandle when the user is known: ACCEPT', async () => {
      const r = await authenticate({ get: { userHandle: null } });
      expect(r.userHandle).toBeUndefined();
    });
  });

  describe('#119 credentialId already registered', () => {
    it('#119 to the same user', async () => {
      const h = createHarness();
      const user = newUserHandle();
      const credentialId = new Uint8Array(32).fill(0x31);
      await register(h, newAuthenticator(), user, { credentialId });
      expect(await codeOf(register(h, newAuthenticator(), user, { credentialId }))).toBe('ERR_CREDENTIAL_EXISTS');
    });
    it("#119 to another user (an attacker registering the victim's credential id)", async () => {
      const h = createHarness();
      const credentialId = new Uint8Array(32).fill(0x32);
      const victimAuthenticator = newAuthenticator();
      await register(h, victimAuthenticator, newUserHandle(), { credentialId });
      expect(await codeOf(register(h, newAuthenticator(), newUserHandle(), { credentialId }))).toBe(
        'ERR_CREDENTIAL_EXISTS',
      );
    });
  });

  it('#120 unknown credential id: REJECT (documented: ERR_CREDENTIAL_NOT_FOUND, a different code from a bad signature)', async () => {
    const h = createHarness();
    const a = newAuthenticator();
    const stranger = await a.createCredential({
      challenge: 'AAAAAAAAAAAAAAAAAAAAAA',
      rpId: RP_ID,
      origin: ORIGIN,
      user: { id: newUserHandle() },
    });
    const s = await signIn(h, a, stranger.credential.id);
    expect(await codeOf(s.finish())).toBe('ERR_CREDENTIAL_NOT_FOUND');
    expect(h.events.at(-1)).toMatchObject({ type: 'authentication.failed', code: 'ERR_CREDENTIAL_NOT_FOUND' });
  });

  describe('#121 client-controlled userVerification is ignored (GHSA-h4fw-6r7f-w494)', () => {
    it('#121 an injected userVerification in the start input does not lower the requirement', async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const user = newUserHandle();
      const id = await register(h, a, user);
      const session = 'uv';
      const request = await h.rp.startAuthentication({
        session,
        user: { id: user },
        userVerification: 'discouraged',
      } as never);
      expect(request.userVerification).toBe('required');
      const { response } = await a.getAssertion({
        credentialId: id,
        challenge: request.challenge,
        rpId: RP_ID,
        origin: ORIGIN,
        flags: { uv: false },
      });
      expect(await codeOf(h.rp.finishAuthentication({ session, response }))).toBe('ERR_USER_VERIFICATION_REQUIRED');
    });
  });

  it('#122 uvInitialized false, assertion with UV = 1: accepted without a silent upgrade of the record', async () => {
    const h = createHarness({ userVerification: 'preferred', credentials: createMemoryCredentialStore() });
    const a = newAuthenticator({ flags: { uv: false } });
    const user = newUserHandle();
    const id = await register(h, a, user);
    expect((await h.credentials.get(id))?.uvInitialized).toBe(false);
    const s = await signIn(h, a, id, { user, get: { flags: { uv: true } } });
    const result = await s.finish();
    expect(result.userVerified).toBe(true);
    expect((await h.credentials.get(id))?.uvInitialized).toBe(false);
  });

  describe('#123 unsolicited extension outputs never affect verification', () => {
    it('#123 credProps, appid: true, largeBlob and prf outputs nobody asked for: ACCEPT, rpID unchanged', async () => {
      const r = await authenticate({
        get: {
          clientExtensionResults: {
            credProps: { rk: true },
            appid: true,
            largeBlob: { written: true },
            unknownExt: { a: 1 },
          },
          authenticatorExtensions: { 'unknown-ext': 5 },
        },
      });
      expect(r.rpID).toBe('example.com');
      expect(r.extensions.client.unknown).toEqual({ unknownExt: { a: 1 } });
    });
    it('#123 appid: true does not make an AppID rpIdHash acceptable when the RP did not request it', async () => {
      const p = await prepareAssertion({
        get: { extensions: { appid: 'https://example.com/appid.json' }, useAppId: true },
      });
      expect(await codeOf(p.verify())).toBe('ERR_RP_ID_HASH_MISMATCH');
    });
    it('#123 relying party: unsolicited outputs are ignored', async () => {
      const h = createHarness();
      const a = newAuthenticator();
      const user = newUserHandle();
      const id = await register(h, a, user, {
        clientExtensionResults: { credProps: { rk: false }, hmacCreateSecret: true },
      });
      const s = await signIn(h, a, id, {
        user,
        get: { clientExtensionResults: { appid: true, largeBlob: { blob: 'AAAA' } } },
      });
      expect((await s.finish()).userHandle).toBe(user);
    });
  });
});
