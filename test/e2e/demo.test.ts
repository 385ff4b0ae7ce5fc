/**
 * End to end, in real Chromium with CDP virtual authenticators, against the demo app (which runs
 * on the built package): every page, every authenticator kind the issue lists, and the attacks a
 * relying party must refuse. Real responses are saved as fixtures/chromium/ captures.
 *
 * Run: `npx tsup && npx vitest run --config vitest.e2e.config.ts` (or `npm run test:e2e`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../examples/demo/public/messages.js';
import { WEBAUTHN_ERROR_CODES } from '../../src/errors.js';
import {
  AUTHENTICATORS,
  attackerServer,
  callApi,
  demoServer,
  type Exchange,
  inspectAuthentication,
  inspectRegistration,
  launchBrowser,
  ROOT,
  recordExchanges,
  rewriteOptions,
  saveFixture,
  setCaptureVersion,
  Tab,
  type VirtualAuthenticatorOptions,
} from './harness.js';

const FILE = 'test/e2e/demo.test.ts';
const UV = 0x04;

let browser: Browser;
let strict: Awaited<ReturnType<typeof demoServer>>;
let keys: Awaited<ReturnType<typeof demoServer>>;
const tabs: Tab[] = [];
let userCounter = 0;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js')) || !existsSync(join(ROOT, 'dist/browser.js'))) {
    throw new Error('dist/ is missing: run `npx tsup` before the e2e suite');
  }
  browser = await launchBrowser();
  setCaptureVersion(browser.version());
  // The default demo: passkeys (resident keys, user verification required), clones flagged.
  strict = await demoServer();
  // A security-key site: UV and resident keys not required, attestation requested (U2F keys).
  keys = await demoServer(
    { userVerification: 'discouraged', residentKey: 'discouraged', attestationConveyance: 'direct' },
    'Tessera security-key demo',
  );
});

afterAll(async () => {
  for (const tab of tabs) await tab.close().catch(() => {});
  await browser?.close();
  await strict?.close();
  await keys?.close();
});

async function openTab(options: { autofill?: boolean } = {}): Promise<Tab> {
  const tab = await Tab.open(browser, options);
  tabs.push(tab);
  return tab;
}

const username = (prefix: string): string => `${prefix}-${++userCounter}-${Date.now().toString(36)}`;

/** Signs up through the page: username, explanation step, browser prompt. */
async function signUp(page: Page, origin: string, name: string, expectSuccess = true): Promise<void> {
  await page.goto(`${origin}/signup`);
  await page.fill('#username', name);
  await page.click('#signup-continue');
  await page.waitForSelector('#signup-explain:not([hidden])');
  await page.click('#signup-create');
  if (expectSuccess) await page.waitForURL(`${origin}/account`);
  else await page.waitForSelector('#message.error');
}

/** Signs in with the button (optionally with a username for non-discoverable credentials). */
async function signIn(page: Page, origin: string, name = '', expectSuccess = true): Promise<void> {
  await page.goto(`${origin}/signin`);
  if (name) await page.fill('#username', name);
  await page.click('#signin-button');
  if (expectSuccess) await page.waitForURL(`${origin}/account`);
  else await page.waitForSelector('#message.error');
}

async function signOut(page: Page): Promise<void> {
  await page.click('#signout');
  await page.waitForURL(/\/signin$/);
}

async function errorCode(page: Page): Promise<string | undefined> {
  return (await page.getAttribute('#message', 'data-code')) ?? undefined;
}

async function passkeyNames(page: Page): Promise<string[]> {
  await page.waitForSelector('#passkeys li');
  return page.$$eval('#passkeys li .name', (els) => els.map((e) => e.textContent ?? ''));
}

const lastOk = (exchanges: Exchange[], path: string): Exchange => {
  const found = exchanges.filter((e) => e.path === path && e.status === 200).at(-1);
  if (!found) throw new Error(`no successful ${path} recorded`);
  return found;
};

const lastFailed = (exchanges: Exchange[], path: string): Exchange => {
  const found = exchanges.filter((e) => e.path === path && e.status !== 200).at(-1);
  if (!found) throw new Error(`no failed ${path} recorded`);
  return found;
};

/**
 * One registration + sign-in round on the strict demo with the given authenticator and
 * client-side options tweaks, saving both responses as fixtures.
 */
async function registerAndSignIn(args: {
  id: string;
  description: string;
  authenticator: VirtualAuthenticatorOptions;
  tweak?: (o: Record<string, unknown> & { authenticatorSelection?: Record<string, unknown> }) => void;
  expectFmt: string;
  expectAlg: number;
  discoverable: boolean;
}): Promise<void> {
  const tab = await openTab();
  const exchanges = recordExchanges(tab.page);
  const authenticatorId = await tab.addAuthenticator(args.authenticator);
  if (args.tweak) await rewriteOptions(tab.page, '/api/signup/start', args.tweak);
  const name = username(args.id);
  await signUp(tab.page, strict.origin, name);
  const reg = lastOk(exchanges, '/api/signup/finish');
  const regInfo = inspectRegistration(reg.response);
  expect(regInfo.fmt).toBe(args.expectFmt);
  expect(regInfo.alg).toBe(args.expectAlg);
  expect(regInfo.flags & UV).toBe(UV);
  const [stored] = await tab.credentials(authenticatorId);
  expect(stored?.isResidentCredential).toBe(args.discoverable);

  await signOut(tab.page);
  await signIn(tab.page, strict.origin, args.discoverable ? '' : name);
  const auth = lastOk(exchanges, '/api/signin/finish');
  const authInfo = inspectAuthentication(auth.response);
  expect(authInfo.signCount).toBeGreaterThan(regInfo.signCount);

  saveFixture({
    id: `chromium-${args.id}-registration`,
    description: `${args.description}: registration`,
    test: FILE,
    kind: 'registration',
    response: reg.response,
    expectedOrigin: strict.origin,
    requireUserVerification: true,
    outcome: 'valid',
    authenticator: args.authenticator,
  });
  saveFixture({
    id: `chromium-${args.id}-authentication`,
    description: `${args.description}: ${args.discoverable ? 'discoverable' : 'allowCredentials'} sign-in`,
    test: FILE,
    kind: 'authentication',
    response: auth.response,
    expectedOrigin: strict.origin,
    requireUserVerification: true,
    outcome: 'valid',
    credential: {
      id: regInfo.credentialId,
      publicKey: regInfo.publicKey,
      counter: regInfo.signCount,
      registrationId: `chromium-${args.id}-registration`,
    },
    authenticator: args.authenticator,
  });
}

describe('demo pages', () => {
  it('every error code the server or the browser companion can produce has a message', async () => {
    const browserCodes = [
      'ERR_BROWSER_CANCELLED',
      'ERR_BROWSER_ABORTED',
      'ERR_BROWSER_ALREADY_REGISTERED',
      'ERR_BROWSER_NOT_ALLOWED',
      'ERR_BROWSER_SECURITY',
      'ERR_BROWSER_UNSUPPORTED',
      'ERR_BROWSER_CONSTRAINT',
      'ERR_BROWSER_INVALID_OPTIONS',
      'ERR_BROWSER_UNKNOWN',
    ];
    for (const code of [...WEBAUTHN_ERROR_CODES, ...browserCodes]) {
      expect(MESSAGES, code).toHaveProperty(code);
    }
  });

  it('sign up explains passkeys before the prompt; sign in, account and audit pages render (screenshots)', async () => {
    const tab = await openTab();
    const { page } = tab;
    await tab.addAuthenticator(AUTHENTICATORS.platform);
    const name = username('ada');
    await page.goto(`${strict.origin}/signup`);
    await tab.screenshot('01-signup');
    await page.fill('#username', name);
    await page.click('#signup-continue');
    await page.waitForSelector('#signup-explain:not([hidden])');
    expect(await page.textContent('#signup-explain')).toContain('A passkey replaces your password');
    await tab.screenshot('02-signup-explanation');
    await page.click('#signup-create');
    await page.waitForURL(`${strict.origin}/account`);
    expect(await passkeyNames(page)).toHaveLength(1);
    expect(await page.isVisible('#nudge')).toBe(true);
    await tab.screenshot('03-account-one-passkey-nudge');
    await page.goto(`${strict.origin}/audit`);
    await page.waitForSelector('#audit-rows tr');
    await tab.screenshot('05-audit-log');
    await page.goto(`${strict.origin}/account`);
    await signOut(page);
    await tab.screenshot('06-signin');
  });
});

describe('ctap2 authenticators', () => {
  it('ES256, attestation none, resident key, UV: register and sign in with the button (discoverable)', async () => {
    await registerAndSignIn({
      id: 'ctap2-es256-none-resident',
      description: 'CTAP2 platform authenticator, ES256, attestation none, resident key, UV',
      authenticator: AUTHENTICATORS.platform,
      expectFmt: 'none',
      expectAlg: -7,
      discoverable: true,
    });
  });

  it('RS256 (client offers only -257)', async () => {
    await registerAndSignIn({
      id: 'ctap2-rs256-none-resident',
      description: 'CTAP2 platform authenticator, RS256 (RSA-2048), attestation none, resident key, UV',
      authenticator: AUTHENTICATORS.platform,
      tweak: (o) => {
        o.pubKeyCredParams = [{ type: 'public-key', alg: -257 }];
      },
      expectFmt: 'none',
      expectAlg: -257,
      discoverable: true,
    });
  });

  it('Ed25519 (client offers only -8)', async () => {
    await registerAndSignIn({
      id: 'ctap2-ed25519-none-resident',
      description: 'CTAP2 platform authenticator, EdDSA (Ed25519), attestation none, resident key, UV',
      authenticator: AUTHENTICATORS.platform,
      tweak: (o) => {
        o.pubKeyCredParams = [{ type: 'public-key', alg: -8 }];
      },
      expectFmt: 'none',
      expectAlg: -8,
      discoverable: true,
    });
  });

  it('attestation direct → packed (x5c batch certificate), ES256', async () => {
    await registerAndSignIn({
      id: 'ctap2-es256-packed-resident',
      description: 'CTAP2 USB security key, ES256, attestation direct (packed, x5c), resident key, UV',
      authenticator: AUTHENTICATORS.securityKey,
      tweak: (o) => {
        o.attestation = 'direct';
      },
      expectFmt: 'packed',
      expectAlg: -7,
      discoverable: true,
    });
  });

  it('attestation direct → packed with an RS256 credential', async () => {
    await registerAndSignIn({
      id: 'ctap2-rs256-packed-resident',
      description: 'CTAP2 USB security key, RS256 credential, attestation direct (packed ES256 statement)',
      authenticator: AUTHENTICATORS.securityKey,
      tweak: (o) => {
        o.attestation = 'direct';
        o.pubKeyCredParams = [{ type: 'public-key', alg: -257 }];
      },
      expectFmt: 'packed',
      expectAlg: -257,
      discoverable: true,
    });
  });

  it('non-resident key: registers, signs in with a username (allowCredentials), not discoverable', async () => {
    await registerAndSignIn({
      id: 'ctap2-es256-none-non-resident',
      description: 'CTAP2 USB security key without resident keys, ES256, attestation none, UV',
      authenticator: AUTHENTICATORS.securityKeyNoResidentKeys,
      tweak: (o) => {
        o.authenticatorSelection = {
          ...o.authenticatorSelection,
          residentKey: 'discouraged',
          requireResidentKey: false,
        };
      },
      expectFmt: 'none',
      expectAlg: -7,
      discoverable: false,
    });
    // Without a username there is nothing to discover: the browser reports no credential.
    const tab = await openTab();
    await tab.addAuthenticator(AUTHENTICATORS.securityKeyNoResidentKeys);
    await signIn(tab.page, strict.origin, '', false);
    expect(await errorCode(tab.page)).toBe('ERR_BROWSER_CANCELLED');
  });
});

describe('user verification required', () => {
  it('an authenticator without UV: the browser refuses, and the page explains it', async () => {
    const tab = await openTab();
    await tab.addAuthenticator(AUTHENTICATORS.noUserVerification);
    await signUp(tab.page, strict.origin, username('nouv'), false);
    expect(await errorCode(tab.page)).toBe('ERR_BROWSER_CANCELLED');
    await tab.screenshot('07-error-browser-cancelled');
  });

  it('a client that drops the UV requirement: the server refuses UV=0 at registration', async () => {
    const tab = await openTab();
    const exchanges = recordExchanges(tab.page);
    await tab.addAuthenticator(AUTHENTICATORS.noUserVerification);
    await rewriteOptions(tab.page, '/api/signup/start', (o) => {
      o.authenticatorSelection = {
        residentKey: 'discouraged',
        requireResidentKey: false,
        userVerification: 'discouraged',
      };
    });
    await signUp(tab.page, strict.origin, username('uvdrop'), false);
    expect(await errorCode(tab.page)).toBe('ERR_USER_VERIFICATION_REQUIRED');
    await tab.screenshot('08-error-user-verification-required');
    const failed = lastFailed(exchanges, '/api/signup/finish');
    expect(inspectRegistration(failed.response).flags & UV).toBe(0);
    saveFixture({
      id: 'chromium-ctap2-es256-none-no-uv-registration',
      description: 'CTAP2 key without user verification (UV=0) while the RP requires it',
      test: FILE,
      kind: 'registration',
      response: failed.response,
      expectedOrigin: strict.origin,
      requireUserVerification: true,
      outcome: 'invalid',
      invalidReason: 'user-verification-required',
      authenticator: AUTHENTICATORS.noUserVerification,
    });
  });

  it('a client that drops the UV requirement: the server refuses UV=0 at sign-in', async () => {
    const tab = await openTab();
    const exchanges = recordExchanges(tab.page);
    const id = await tab.addAuthenticator(AUTHENTICATORS.platform);
    await signUp(tab.page, strict.origin, username('uvdrop-get'));
    await signOut(tab.page);
    await tab.setUserVerified(id, false);
    await rewriteOptions(tab.page, '/api/signin/start', (o) => {
      o.userVerification = 'discouraged';
    });
    await signIn(tab.page, strict.origin, '', false);
    const code = await errorCode(tab.page);
    if (code === 'ERR_BROWSER_CANCELLED') {
      // This Chromium build refused the non-UV assertion client-side: still refused, nothing reached the server.
      expect(exchanges.filter((e) => e.path === '/api/signin/finish')).toHaveLength(0);
      return;
    }
    expect(code).toBe('ERR_USER_VERIFICATION_REQUIRED');
    const failed = lastFailed(exchanges, '/api/signin/finish');
    expect(inspectAuthentication(failed.response).flags & UV).toBe(0);
    const reg = inspectRegistration(lastOk(exchanges, '/api/signup/finish').response);
    saveFixture({
      id: 'chromium-ctap2-es256-no-uv-authentication',
      description: 'Sign-in without user verification (UV=0) while the RP requires it',
      test: FILE,
      kind: 'authentication',
      response: failed.response,
      expectedOrigin: strict.origin,
      requireUserVerification: true,
      outcome: 'invalid',
      invalidReason: 'user-verification-required',
      credential: { id: reg.credentialId, publicKey: reg.publicKey, counter: reg.signCount },
      authenticator: { ...AUTHENTICATORS.platform, isUserVerified: false },
    });
  });
});

describe('u2f security key (security-key demo: UV and resident keys not required)', () => {
  it('registers with fido-u2f attestation and signs in with a username', async () => {
    const tab = await openTab();
    const exchanges = recordExchanges(tab.page);
    await tab.addAuthenticator(AUTHENTICATORS.u2f);
    const name = username('u2f');
    await signUp(tab.page, keys.origin, name);
    const reg = lastOk(exchanges, '/api/signup/finish');
    const regInfo = inspectRegistration(reg.response);
    expect(regInfo.fmt).toBe('fido-u2f');
    expect(regInfo.flags & UV).toBe(0);
    await signOut(tab.page);
    await signIn(tab.page, keys.origin, name);
    const auth = lastOk(exchanges, '/api/signin/finish');
    saveFixture({
      id: 'chromium-u2f-es256-fido-u2f-registration',
      description: 'U2F (CTAP1) USB key, attestation direct → fido-u2f, no UV',
      test: FILE,
      kind: 'registration',
      response: reg.response,
      expectedOrigin: keys.origin,
      requireUserVerification: false,
      outcome: 'valid',
      authenticator: AUTHENTICATORS.u2f,
    });
    saveFixture({
      id: 'chromium-u2f-es256-fido-u2f-authentication',
      description: 'U2F (CTAP1) USB key: sign-in with allowCredentials, no UV',
      test: FILE,
      kind: 'authentication',
      response: auth.response,
      expectedOrigin: keys.origin,
      requireUserVerification: false,
      outcome: 'valid',
      credential: {
        id: regInfo.credentialId,
        publicKey: regInfo.publicKey,
        counter: regInfo.signCount,
        registrationId: 'chromium-u2f-es256-fido-u2f-registration',
      },
      authenticator: AUTHENTICATORS.u2f,
    });
  });

  it('the strict demo refuses a u2f key (no user verification), with a clear message', async () => {
    const tab = await openTab();
    await tab.addAuthenticator(AUTHENTICATORS.u2f);
    await signUp(tab.page, strict.origin, username('u2f-strict'), false);
    expect(Object.keys(MESSAGES)).toContain(await errorCode(tab.page));
  });
});

describe('device management', () => {
  it('second device, excluded re-registration, rename, sign in with either, last-device guard', async () => {
    const tab = await openTab();
    const { page } = tab;
    page.on('dialog', (dialog) => {
      dialog.accept(dialog.type() === 'prompt' ? 'Work laptop' : undefined);
    });
    const phone = await tab.addAuthenticator(AUTHENTICATORS.platform);
    const name = username('two');
    await signUp(page, strict.origin, name);
    expect(await page.isVisible('#nudge')).toBe(true);

    // Adding with the same device again: excludeCredentials makes the browser refuse.
    await page.click('#add-passkey');
    await page.waitForSelector('#message.error');
    expect(await errorCode(page)).toBe('ERR_BROWSER_ALREADY_REGISTERED');

    // Another device (a security key). Keep the phone's credential to bring it back later.
    const phoneCredentials = await tab.credentials(phone);
    await tab.removeAuthenticator(phone);
    const key = await tab.addAuthenticator(AUTHENTICATORS.securityKey);
    await page.click('#add-passkey');
    await page.waitForSelector('#message.success');
    expect(await passkeyNames(page)).toHaveLength(2);
    expect(await page.isVisible('#nudge')).toBe(false);

    // Rename the second one.
    await page.click('#passkeys li:nth-child(2) .rename');
    await page.waitForFunction(
      () => document.querySelector('#passkeys li:nth-child(2) .name')?.textContent === 'Work laptop',
    );
    await tab.screenshot('04-account-two-passkeys');

    // Sign in with the security key only, then with the phone only.
    await signOut(page);
    await signIn(page, strict.origin);
    await signOut(page);
    await tab.removeAuthenticator(key);
    const phoneAgain = await tab.addAuthenticator(AUTHENTICATORS.platform);
    for (const credential of phoneCredentials) await tab.addCredential(phoneAgain, credential);
    await signIn(page, strict.origin);

    // Delete the security key's passkey; the phone's is then the last one and is guarded.
    await page.click('#passkeys li:nth-child(2) .delete');
    await page.waitForSelector('#message.success');
    const remaining = await passkeyNames(page);
    expect(remaining).toHaveLength(1);
    expect(remaining).not.toContain('Work laptop');
    expect(await page.isVisible('#nudge')).toBe(true);
    await page.click('#passkeys li:nth-child(1) .delete');
    await page.waitForSelector('#message.error');
    expect(await errorCode(page)).toBe('ERR_LAST_CREDENTIAL');
    expect(await passkeyNames(page)).toEqual(remaining);
    await tab.screenshot('09-error-last-passkey');
  });
});

describe('account recovery', () => {
  it('codes shown once; every device lost → sign in with a code → add a passkey; a reused code is refused', async () => {
    const tab = await openTab();
    const { page } = tab;
    page.on('dialog', (dialog) => dialog.accept());
    const lost = await tab.addAuthenticator(AUTHENTICATORS.platform);
    const name = username('recover');
    await signUp(page, strict.origin, name);
    expect(await page.textContent('#recovery-status')).toContain('no recovery codes');

    // Generate: ten codes, shown once with a warning to store them.
    await page.click('a[href="/recovery"].button-link');
    await page.waitForURL(`${strict.origin}/recovery`);
    await page.click('#recovery-generate');
    await page.waitForSelector('#recovery-new:not([hidden])');
    const codes = await page.$$eval('#recovery-codes li', (els) => els.map((e) => e.textContent ?? ''));
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(await page.isVisible('#recovery-warning')).toBe(true);
    await tab.screenshot('12-recovery-codes-shown-once');
    await page.click('#recovery-done');
    await page.waitForURL(`${strict.origin}/account`);
    expect(await page.textContent('#recovery-status')).toContain('10 unused recovery codes');
    // Shown once: the page never gets them again.
    await page.goto(`${strict.origin}/recovery`);
    await page.waitForFunction(() => document.querySelector('#recovery-remaining')?.textContent?.includes('10'));
    expect(await page.isVisible('#recovery-new')).toBe(false);
    expect(await page.content()).not.toContain(codes[0]!);

    // Every device lost: sign out, the authenticator is gone, sign in with a recovery code.
    await page.goto(`${strict.origin}/account`);
    await signOut(page);
    await tab.removeAuthenticator(lost);
    await page.click('#recover-link');
    await page.waitForURL(`${strict.origin}/recover`);
    await page.fill('#username', name);
    await page.fill('#code', codes[0]!);
    await page.click('#recover-button');
    await page.waitForURL(`${strict.origin}/account`);
    await page.waitForSelector('#recovered:not([hidden])');
    expect(await page.textContent('#recovery-status')).toContain('9 unused recovery codes');
    await tab.screenshot('13-recovered-add-a-passkey');

    // Prompted to register a new passkey: on the device used now.
    const newDevice = await tab.addAuthenticator(AUTHENTICATORS.securityKey);
    await page.click('#recovered-add');
    await page.waitForSelector('#message.success');
    expect(await passkeyNames(page)).toHaveLength(2);
    expect(await page.isVisible('#recovered')).toBe(false);

    // The used code is refused, with a clear message.
    await signOut(page);
    await page.goto(`${strict.origin}/recover`);
    await page.fill('#username', name);
    await page.fill('#code', codes[0]!);
    await page.click('#recover-button');
    await page.waitForSelector('#message.error');
    expect(await errorCode(page)).toBe('ERR_RECOVERY_CODE_INVALID');
    expect(await page.textContent('#message')).toBe(MESSAGES.ERR_RECOVERY_CODE_INVALID);
    await tab.screenshot('14-recovery-code-reused');

    // The new passkey signs in; a code typed carelessly (lower case, spaces) still works once.
    await signIn(page, strict.origin);
    await signOut(page);
    await tab.removeAuthenticator(newDevice);
    await page.goto(`${strict.origin}/recover`);
    await page.fill('#username', name);
    await page.fill('#code', codes[1]!.toLowerCase().replaceAll('-', ' '));
    await page.click('#recover-button');
    await page.waitForURL(`${strict.origin}/account`);
    await page.goto(`${strict.origin}/audit`);
    await page.waitForSelector('#audit-rows tr[data-type="recovery.failed"]');
    const types = await page.$$eval('#audit-rows tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.type));
    expect(types.filter((t) => t === 'recovery.redeemed')).toHaveLength(2);
    expect(types).toContain('recovery.generated');
  });

  it('redeeming: unknown usernames answer like wrong codes; repeated failures pause the username', async () => {
    const unknown = await callApi(strict.origin, '/api/recovery/redeem', {
      username: username('nobody'),
      code: 'AAAA-BBBB-CCCC-DDDD',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error?.code).toBe('ERR_RECOVERY_CODE_INVALID');
    const target = username('guess');
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await callApi(strict.origin, '/api/recovery/redeem', {
        username: target,
        code: `0000-0000-0000-000${i}`,
      });
      codes.push(res.json.error?.code);
    }
    expect(codes).toEqual([...Array(5).fill('ERR_RECOVERY_CODE_INVALID'), 'ERR_DEMO_TOO_MANY_ATTEMPTS']);
    // Generating codes needs a signed-in session.
    const anonymous = await callApi(strict.origin, '/api/recovery/generate', {});
    expect(anonymous.json.error?.code).toBe('ERR_DEMO_NOT_SIGNED_IN');
  });
});

describe('autofill (conditional UI)', () => {
  it('signs in from the username field without a click', async () => {
    const setup = await openTab();
    const id = await setup.addAuthenticator(AUTHENTICATORS.platform);
    await signUp(setup.page, strict.origin, username('autofill'));
    const credentials = await setup.credentials(id);

    // Chromium's own detection (no stub): with an authenticator present it reports conditional
    // mediation, and the virtual authenticator answers the conditional get() as automation does.
    const tab = await openTab({ autofill: true });
    const exchanges = recordExchanges(tab.page);
    const mediations: string[] = [];
    await tab.page.exposeFunction('__recordMediation', (m: string) => mediations.push(m));
    await tab.page.addInitScript(() => {
      const get = navigator.credentials.get.bind(navigator.credentials);
      navigator.credentials.get = (options) => {
        (window as unknown as { __recordMediation: (m: string) => void }).__recordMediation(
          String(options?.mediation ?? 'optional'),
        );
        return get(options);
      };
    });
    const authenticator = await tab.addAuthenticator(AUTHENTICATORS.platform);
    for (const credential of credentials) await tab.addCredential(authenticator, credential);
    await tab.page.goto(`${strict.origin}/signin`);
    await tab.page.waitForURL(`${strict.origin}/account`);
    expect(mediations).toEqual(['conditional']);
    expect(lastOk(exchanges, '/api/signin/finish').status).toBe(200);
  });
});

describe('attacks', () => {
  it('wrong origin: a response made on another origin is rejected (registration and sign-in)', async () => {
    const evil = await attackerServer();
    try {
      const tab = await openTab();
      await tab.addAuthenticator(AUTHENTICATORS.platform);
      await tab.page.goto(`${evil.origin}/`);
      await tab.page.waitForFunction(() => 'tessera' in window);

      // Registration: the attacker obtains real options from the site and relays the result.
      const start = await callApi(strict.origin, '/api/signup/start', { username: username('victim') });
      expect(start.status).toBe(200);
      const regResponse = await tab.page.evaluate(
        (o) =>
          (
            window as never as { tessera: { startRegistration: (o: unknown) => Promise<unknown> } }
          ).tessera.startRegistration(o),
        start.json,
      );
      const regResult = await callApi(strict.origin, '/api/signup/finish', { response: regResponse }, start.cookie);
      expect(regResult.status).toBe(400);
      expect(regResult.json.error?.code).toBe('ERR_ORIGIN_MISMATCH');
      saveFixture({
        id: 'chromium-ctap2-es256-wrong-origin-registration',
        description: 'Registration made on another origin (same RP ID, other port) relayed to the site',
        test: FILE,
        kind: 'registration',
        response: regResponse as Record<string, unknown>,
        expectedOrigin: strict.origin,
        requireUserVerification: true,
        outcome: 'invalid',
        invalidReason: 'origin-mismatch',
        authenticator: AUTHENTICATORS.platform,
      });

      // Sign-in: a real user's passkey used on the attacker's page (same RP ID).
      const victim = await openTab();
      const exchanges = recordExchanges(victim.page);
      const vid = await victim.addAuthenticator(AUTHENTICATORS.platform);
      await signUp(victim.page, strict.origin, username('victim2'));
      const reg = inspectRegistration(lastOk(exchanges, '/api/signup/finish').response);
      const [credential] = await victim.credentials(vid);
      const evilAuthenticator = await tab.addAuthenticator(AUTHENTICATORS.securityKey);
      await tab.addCredential(evilAuthenticator, credential!);
      const signinStart = await callApi(strict.origin, '/api/signin/start', {});
      const authResponse = await tab.page.evaluate(
        (o) =>
          (
            window as never as { tessera: { startAuthentication: (o: unknown) => Promise<unknown> } }
          ).tessera.startAuthentication(o),
        signinStart.json,
      );
      const authResult = await callApi(
        strict.origin,
        '/api/signin/finish',
        { response: authResponse },
        signinStart.cookie,
      );
      expect(authResult.status).toBe(400);
      expect(authResult.json.error?.code).toBe('ERR_ORIGIN_MISMATCH');
      saveFixture({
        id: 'chromium-ctap2-es256-wrong-origin-authentication',
        description: 'Sign-in assertion made on another origin (same RP ID, other port) relayed to the site',
        test: FILE,
        kind: 'authentication',
        response: authResponse as Record<string, unknown>,
        expectedOrigin: strict.origin,
        requireUserVerification: true,
        outcome: 'invalid',
        invalidReason: 'origin-mismatch',
        credential: { id: reg.credentialId, publicKey: reg.publicKey, counter: reg.signCount },
        authenticator: AUTHENTICATORS.platform,
      });
    } finally {
      await evil.close();
    }
  });

  it('replay: a sign-in response sent a second time is rejected', async () => {
    const tab = await openTab();
    const exchanges = recordExchanges(tab.page);
    await tab.addAuthenticator(AUTHENTICATORS.platform);
    await signUp(tab.page, strict.origin, username('replay'));
    await signOut(tab.page);
    await signIn(tab.page, strict.origin);
    const auth = lastOk(exchanges, '/api/signin/finish');
    const cookie = await tab.cookieHeader(strict.origin);
    const again = await callApi(strict.origin, '/api/signin/finish', { response: auth.response }, cookie);
    expect(again.status).toBe(400);
    expect(['ERR_CHALLENGE_UNKNOWN', 'ERR_CHALLENGE_MISMATCH']).toContain(again.json.error?.code);
    // From another session, too.
    const other = await callApi(strict.origin, '/api/signin/finish', { response: auth.response });
    expect(other.status).toBe(400);
    // And a replayed registration.
    const reg = lastOk(exchanges, '/api/signup/finish');
    const regAgain = await callApi(strict.origin, '/api/signup/finish', { response: reg.response }, cookie);
    expect(regAgain.status).toBe(400);
  });

  it('cloned authenticator: a counter that goes backwards is flagged, shown and logged', async () => {
    const tab = await openTab();
    const exchanges = recordExchanges(tab.page);
    const original = await tab.addAuthenticator(AUTHENTICATORS.platform);
    await signUp(tab.page, strict.origin, username('clone'));
    const regInfo = inspectRegistration(lastOk(exchanges, '/api/signup/finish').response);
    await signOut(tab.page);
    await signIn(tab.page, strict.origin);
    const firstCounter = inspectAuthentication(lastOk(exchanges, '/api/signin/finish').response).signCount;
    expect(await tab.page.isVisible('#warning')).toBe(false);
    await signOut(tab.page);

    // The clone: same private key on another authenticator, counter reset to 0.
    const [credential] = await tab.credentials(original);
    await tab.removeAuthenticator(original);
    const clone = await tab.addAuthenticator(AUTHENTICATORS.platform);
    await tab.addCredential(clone, { ...credential!, signCount: 0 });
    await signIn(tab.page, strict.origin);
    const cloned = lastOk(exchanges, '/api/signin/finish');
    expect(inspectAuthentication(cloned.response).signCount).toBeLessThanOrEqual(firstCounter);
    await tab.page.waitForSelector('#warning:not([hidden])');
    expect(await tab.page.getAttribute('#warning', 'data-code')).toBe('COUNTER_REGRESSED');
    await tab.screenshot('10-account-clone-warning');
    await tab.page.goto(`${strict.origin}/audit`);
    await tab.page.waitForSelector('#audit-rows tr[data-type="counter.regressed"]');
    await tab.screenshot('11-audit-counter-regressed');
    saveFixture({
      id: 'chromium-ctap2-es256-cloned-counter-authentication',
      description: 'Assertion from a cloned authenticator: signCount reset below the stored counter',
      test: FILE,
      kind: 'authentication',
      response: cloned.response,
      expectedOrigin: strict.origin,
      requireUserVerification: true,
      outcome: 'invalid',
      invalidReason: 'counter-not-increased',
      credential: { id: regInfo.credentialId, publicKey: regInfo.publicKey, counter: firstCounter },
      authenticator: AUTHENTICATORS.platform,
      notes: [
        'Valid under counterPolicy "flag" (reported as counterStatus "regressed"); invalid under the default "reject".',
      ],
    });
  });
});
