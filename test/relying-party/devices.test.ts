import { describe, expect, it } from 'vitest';
import { createMemoryCredentialStore } from '../../src/stores/memory.js';
import { codeOf, createHarness, newAuthenticator, newUserHandle, ORIGIN, RP_ID, register } from './helpers.js';

const YUBIKEY = 'cb69481e-8ff7-4039-93ec-0a2729a154a8';

describe('device names', () => {
  it('names a credential from metadata by AAGUID, else "Passkey" / "Security key", de-duplicated', async () => {
    const h = createHarness({ metadata: { [YUBIKEY]: { name: 'YubiKey 5 Series' } } });
    const user = newUserHandle();
    await register(h, newAuthenticator({ aaguid: YUBIKEY, transports: ['usb', 'nfc'] }), user);
    await register(h, newAuthenticator({ transports: ['usb'] }), user);
    await register(h, newAuthenticator({ transports: ['internal'] }), user);
    await register(h, newAuthenticator({ transports: ['internal', 'hybrid'], flags: { be: true, bs: true } }), user);
    const names = (await h.rp.listCredentials({ userHandle: user })).map((c) => c.name);
    expect(names).toEqual(['YubiKey 5 Series', 'Security key', 'Passkey', 'Passkey 2']);
  });

  it('takes a metadata function and a user-chosen name', async () => {
    const h = createHarness({ metadata: async (aaguid) => (aaguid === YUBIKEY ? 'YubiKey' : undefined) });
    const user = newUserHandle();
    await register(h, newAuthenticator({ aaguid: YUBIKEY }), user);
    h.advance(1000);
    const options = await h.rp.startRegistration({ session: 's', user: { id: user, name: 'ada' } });
    const { response } = await newAuthenticator().createCredential({
      challenge: options.challenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    await h.rp.finishRegistration({ session: 's', response, name: '  Work laptop ' });
    expect((await h.rp.listCredentials({ userHandle: user })).map((c) => c.name)).toEqual(['YubiKey', 'Work laptop']);
  });
});

describe('device management', () => {
  it('lists views with deviceType and backup state, and nudges single-device users', async () => {
    const h = createHarness();
    const user = newUserHandle();
    await register(h, newAuthenticator({ transports: ['usb'] }), user);
    let status = await h.rp.getAccountStatus({ userHandle: user });
    expect(status.credentials).toMatchObject([
      { deviceType: 'singleDevice', backedUp: false, transports: ['usb'], lastUsedAt: null },
    ]);
    expect(status.needsBackupPasskey).toBe(true);
    expect(status.recoveryCodesRemaining).toBe(0);
    await register(h, newAuthenticator({ flags: { be: true, bs: true } }), user);
    status = await h.rp.getAccountStatus({ userHandle: user });
    expect(status.credentials.map((c) => c.deviceType)).toEqual(['singleDevice', 'multiDevice']);
    expect(status.needsBackupPasskey).toBe(false);
  });

  it('one synced, backed-up passkey needs no nudge', async () => {
    const h = createHarness();
    const user = newUserHandle();
    await register(h, newAuthenticator({ flags: { be: true, bs: true } }), user);
    expect((await h.rp.getAccountStatus({ userHandle: user })).needsBackupPasskey).toBe(false);
  });

  it('renames only the owner’s credential', async () => {
    const h = createHarness();
    const alice = newUserHandle();
    const bob = newUserHandle();
    const id = await register(h, newAuthenticator(), alice);
    await h.rp.renameCredential({ userHandle: alice, credentialId: id, name: 'Phone' });
    expect((await h.credentials.get(id))?.name).toBe('Phone');
    expect(await codeOf(h.rp.renameCredential({ userHandle: bob, credentialId: id, name: 'Mine now' }))).toBe(
      'ERR_CREDENTIAL_NOT_FOUND',
    );
    await expect(
      h.rp.renameCredential({ userHandle: alice, credentialId: id, name: 'x'.repeat(65) }),
    ).rejects.toBeInstanceOf(RangeError);
    await expect(
      h.rp.renameCredential({ userHandle: alice, credentialId: id, name: 'a\u0007b' }),
    ).rejects.toBeInstanceOf(RangeError);
    expect(h.events.at(-1)).toMatchObject({ type: 'credential.renamed', credentialId: id });
  });

  it('refuses to delete the last credential unless forced; emits credential.deleted', async () => {
    const h = createHarness();
    const user = newUserHandle();
    const first = await register(h, newAuthenticator(), user);
    const second = await register(h, newAuthenticator(), user);
    await h.rp.deleteCredential({ userHandle: user, credentialId: first });
    expect(h.events.at(-1)).toMatchObject({
      type: 'credential.deleted',
      credentialId: first,
      userHandle: user,
      forced: false,
    });
    expect(await codeOf(h.rp.deleteCredential({ userHandle: user, credentialId: second }))).toBe('ERR_LAST_CREDENTIAL');
    expect(await h.credentials.get(second)).toBeDefined();
    await h.rp.deleteCredential({ userHandle: user, credentialId: second, force: true });
    expect(await h.credentials.get(second)).toBeUndefined();
    expect(h.events.at(-1)).toMatchObject({ type: 'credential.deleted', forced: true });
  });

  it('never deletes another user’s credential', async () => {
    const h = createHarness();
    const alice = newUserHandle();
    const id = await register(h, newAuthenticator(), alice);
    expect(await codeOf(h.rp.deleteCredential({ userHandle: newUserHandle(), credentialId: id, force: true }))).toBe(
      'ERR_CREDENTIAL_NOT_FOUND',
    );
    expect(await h.credentials.get(id)).toBeDefined();
  });

  it('concurrent deletes of the last two credentials keep one', async () => {
    const h = createHarness();
    const user = newUserHandle();
    const a = await register(h, newAuthenticator(), user);
    const b = await register(h, newAuthenticator(), user);
    const results = await Promise.allSettled([
      h.rp.deleteCredential({ userHandle: user, credentialId: a }),
      h.rp.deleteCredential({ userHandle: user, credentialId: b }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await h.rp.listCredentials({ userHandle: user })).toHaveLength(1);
  });

  it('works with a store without the optional members (check-then-delete fallback)', async () => {
    const inner = createMemoryCredentialStore();
    const { updateName: _u, deleteUnlessLast: _d, ...minimal } = inner;
    const h = createHarness({ credentials: minimal });
    const user = newUserHandle();
    const id = await register(h, newAuthenticator(), user);
    expect(await codeOf(h.rp.deleteCredential({ userHandle: user, credentialId: id }))).toBe('ERR_LAST_CREDENTIAL');
    await expect(h.rp.renameCredential({ userHandle: user, credentialId: id, name: 'x' })).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});

describe('signal API payloads', () => {
  it('builds all-accepted-credentials and current-user-details payloads', async () => {
    const h = createHarness();
    const user = newUserHandle();
    const a = await register(h, newAuthenticator(), user);
    const b = await register(h, newAuthenticator(), user);
    expect(await h.rp.signalAllAcceptedCredentials({ userHandle: user })).toEqual({
      rpId: RP_ID,
      userId: user,
      allAcceptedCredentialIds: [a, b],
    });
    expect(h.rp.signalCurrentUserDetails({ userHandle: user, name: 'ada@example.com', displayName: 'Ada' })).toEqual({
      rpId: RP_ID,
      userId: user,
      name: 'ada@example.com',
      displayName: 'Ada',
    });
    expect(() => h.rp.signalUnknownCredential({ credentialId: 'not base64url!' })).toThrow(TypeError);
  });
});
