/**
 * E2E harness: launches Debian's Chromium through playwright-core, adds CDP WebAuthn virtual
 * authenticators (toolchain.md §3), starts the demo app on a random port with a throwaway SQLite
 * folder, records every ceremony the pages send to the server, and writes captured responses as
 * fixtures in the shared format (fixtures/chromium/).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decoder } from 'cbor-x/decode';
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { type RunningDemo, startDemo } from '../../examples/demo/server.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = join(ROOT, 'test-output/screenshots');
const FIXTURES = join(ROOT, 'fixtures/chromium');

/** Chromium binary: CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => typeof p === 'string' && p !== '' && existsSync(p));
  if (!found) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** `chromium --version` as Playwright reports it, e.g. "156.0.8078.108". */
export function chromiumVersion(browser: Browser): string {
  return browser.version();
}

/** Options of CDP `WebAuthn.addVirtualAuthenticator`. */
export interface VirtualAuthenticatorOptions {
  protocol: 'ctap2' | 'u2f';
  ctap2Version?: 'ctap2_0' | 'ctap2_1';
  transport: 'usb' | 'nfc' | 'ble' | 'internal' | 'hybrid';
  hasResidentKey?: boolean;
  hasUserVerification?: boolean;
  isUserVerified?: boolean;
  automaticPresenceSimulation?: boolean;
}

export const AUTHENTICATORS = {
  /** A platform authenticator with biometrics: resident keys, UV. */
  platform: {
    protocol: 'ctap2',
    ctap2Version: 'ctap2_1',
    transport: 'internal',
    hasResidentKey: true,
    hasUserVerification: true,
    isUserVerified: true,
  },
  /** A FIDO2 security key with a PIN: resident keys, UV. */
  securityKey: {
    protocol: 'ctap2',
    ctap2Version: 'ctap2_1',
    transport: 'usb',
    hasResidentKey: true,
    hasUserVerification: true,
    isUserVerified: true,
  },
  /** A FIDO2 security key without resident-key storage. */
  securityKeyNoResidentKeys: {
    protocol: 'ctap2',
    ctap2Version: 'ctap2_1',
    transport: 'usb',
    hasResidentKey: false,
    hasUserVerification: true,
    isUserVerified: true,
  },
  /** A FIDO2 key that cannot verify the user (no PIN, no biometrics). */
  noUserVerification: {
    protocol: 'ctap2',
    ctap2Version: 'ctap2_1',
    transport: 'usb',
    hasResidentKey: false,
    hasUserVerification: false,
    isUserVerified: false,
  },
  /** A U2F (CTAP1) security key. */
  u2f: { protocol: 'u2f', transport: 'usb', hasResidentKey: false, hasUserVerification: false },
} as const satisfies Record<string, VirtualAuthenticatorOptions>;

/** A credential as CDP `WebAuthn.getCredentials` returns it. */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

const NO_AUTOFILL = `(() => {
  const P = window.PublicKeyCredential;
  if (!P) return;
  const caps = P.getClientCapabilities?.bind(P);
  if (caps) P.getClientCapabilities = async () => ({ ...(await caps()), conditionalGet: false });
  P.isConditionalMediationAvailable = async () => false;
})();`;

/** A page with a CDP session and the WebAuthn domain enabled. */
export class Tab {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly cdp: CDPSession,
  ) {}

  /**
   * A fresh context (own cookies) and page. With a virtual authenticator present, Chromium
   * answers autofill (conditional) requests at once, which would sign the sign-in page in before
   * any click; so by default the page sees a browser without autofill, and `{ autofill: true }`
   * keeps Chromium's real detection.
   */
  static async open(browser: Browser, options: { autofill?: boolean } = {}): Promise<Tab> {
    const context = await browser.newContext({ viewport: { width: 900, height: 760 } });
    if (!options.autofill) await context.addInitScript(NO_AUTOFILL);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    return new Tab(context, page, cdp);
  }

  async addAuthenticator(options: VirtualAuthenticatorOptions): Promise<string> {
    const { authenticatorId } = await this.cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { automaticPresenceSimulation: true, ...options },
    });
    return authenticatorId;
  }

  async removeAuthenticator(authenticatorId: string): Promise<void> {
    await this.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  }

  async credentials(authenticatorId: string): Promise<VirtualCredential[]> {
    const { credentials } = await this.cdp.send('WebAuthn.getCredentials', { authenticatorId });
    return credentials as VirtualCredential[];
  }

  async addCredential(authenticatorId: string, credential: VirtualCredential): Promise<void> {
    await this.cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
  }

  async setUserVerified(authenticatorId: string, isUserVerified: boolean): Promise<void> {
    await this.cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified });
  }

  /** The session cookie header of this tab for `origin`. */
  async cookieHeader(origin: string): Promise<string> {
    const cookies = await this.context.cookies(origin);
    return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Rewrites the JSON body of a demo API response before the page sees it (a client with other preferences). */
export async function rewriteOptions(
  page: Page,
  path: string,
  mutate: (options: Record<string, unknown> & { authenticatorSelection?: Record<string, unknown> }) => void,
): Promise<void> {
  await page.route(`**${path}`, async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    if (response.ok()) mutate(json);
    await route.fulfill({ response, json });
  });
}

/** One ceremony the page sent to the demo: the browser's response and what the server answered. */
export interface Exchange {
  path: string;
  response: Record<string, unknown>;
  status: number;
  /** Filled in asynchronously (empty when the page navigated away before it could be read). */
  body: { error?: { code: string } } & Record<string, unknown>;
}

/**
 * Records every /api/…/finish exchange of a page. The entry is pushed synchronously when the
 * response headers arrive (before the page can navigate), so `waitForURL` never wins the race.
 */
export function recordExchanges(page: Page): Exchange[] {
  const exchanges: Exchange[] = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (!url.pathname.startsWith('/api/') || !url.pathname.endsWith('/finish')) return;
    const request = res.request().postDataJSON() as { response: Record<string, unknown> };
    const entry: Exchange = { path: url.pathname, response: request.response, status: res.status(), body: {} };
    exchanges.push(entry);
    res.json().then(
      (body) => Object.assign(entry.body, body),
      () => {},
    );
  });
  return exchanges;
}

/** A running demo with its own throwaway data folder. */
export async function demoServer(relyingParty: Record<string, unknown> = {}, title?: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-e2e-'));
  const demo: RunningDemo = await startDemo({
    port: 0,
    dataDir,
    relyingParty,
    ...(title ? { title } : {}),
  });
  return {
    ...demo,
    origin: demo.url.replace(/\/$/, ''),
    async close() {
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A page on another origin (same RP ID `localhost`, other port) that loads the browser companion. */
export async function attackerServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const browserJs = join(ROOT, 'dist/browser.js');
  const server: Server = createServer((req, res) => {
    if (req.url === '/browser.js') {
      res.setHeader('content-type', 'text/javascript');
      res.end(readFileSync(browserJs));
      return;
    }
    res.setHeader('content-type', 'text/html');
    res.end(
      '<!doctype html><title>evil</title><h1>Totally the real site</h1>' +
        '<script type="module">import * as t from "/browser.js"; window.tessera = t;</script>',
    );
  });
  await new Promise<void>((r) => server.listen(0, 'localhost', r));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Calls the demo API from Node with a given cookie (as an attacker or a replaying client would). */
export async function callApi(
  origin: string,
  path: string,
  body: unknown,
  cookie = '',
): Promise<{ status: number; json: Record<string, unknown> & { error?: { code: string } }; cookie: string }> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  const setCookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, json: (await res.json()) as never, cookie: setCookie ?? cookie };
}

// ---------------------------------------------------------------- fixtures

const cbor = new Decoder({ mapsAsObjects: false, useRecords: false });
const decode = (bytes: Uint8Array): unknown => cbor.decode(bytes);
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
const unb64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64url'));

/** Decodes what a fixture needs from a registration response (independently of the library). */
export function inspectRegistration(response: Record<string, unknown>): {
  fmt: string;
  credentialId: string;
  publicKey: string;
  signCount: number;
  flags: number;
  alg: number;
  clientData: { type: string; challenge: string; origin: string };
} {
  const r = response.response as { attestationObject: string; clientDataJSON: string };
  const att = decode(unb64(r.attestationObject)) as Map<string, unknown>;
  const fmt = att.get('fmt') as string;
  const authData = att.get('authData') as Uint8Array;
  const flags = authData[32] as number;
  const signCount = new DataView(authData.buffer, authData.byteOffset + 33, 4).getUint32(0);
  const idLength = (authData[53]! << 8) | authData[54]!;
  const credentialId = authData.subarray(55, 55 + idLength);
  const keyStart = 55 + idLength;
  // The COSE key is the first CBOR item after the credential id; re-encode-free: find its length
  // by decoding the rest and, when extensions follow (ED flag), trimming by re-decoding.
  const rest = authData.subarray(keyStart);
  const coseLength = cborItemLength(rest);
  const coseKey = rest.subarray(0, coseLength);
  const alg = (decode(coseKey) as Map<number, number>).get(3);
  return {
    fmt,
    credentialId: b64(credentialId),
    publicKey: b64(coseKey),
    signCount,
    flags,
    alg: alg as number,
    clientData: JSON.parse(Buffer.from(r.clientDataJSON, 'base64url').toString('utf8')),
  };
}

/** Byte length of the first CBOR data item (definite lengths only, which CTAP2 canonical CBOR uses). */
function cborItemLength(bytes: Uint8Array, offset = 0): number {
  const start = offset;
  const head = bytes[offset++]!;
  const major = head >> 5;
  const info = head & 31;
  let value = info;
  if (info === 24) value = bytes[offset++]!;
  else if (info === 25) {
    value = (bytes[offset]! << 8) | bytes[offset + 1]!;
    offset += 2;
  } else if (info === 26) {
    value = new DataView(bytes.buffer, bytes.byteOffset + offset, 4).getUint32(0);
    offset += 4;
  } else if (info === 27) {
    value = Number(new DataView(bytes.buffer, bytes.byteOffset + offset, 8).getBigUint64(0));
    offset += 8;
  } else if (info > 27) throw new Error('indefinite CBOR length not expected here');
  if (major === 2 || major === 3) return offset + value - start;
  if (major === 4) {
    for (let i = 0; i < value; i++) offset += cborItemLength(bytes, offset);
    return offset - start;
  }
  if (major === 5) {
    for (let i = 0; i < value * 2; i++) offset += cborItemLength(bytes, offset);
    return offset - start;
  }
  if (major === 6) return offset + cborItemLength(bytes, offset) - start;
  return offset - start;
}

export function inspectAuthentication(response: Record<string, unknown>): {
  signCount: number;
  flags: number;
  clientData: { type: string; challenge: string; origin: string };
} {
  const r = response.response as { authenticatorData: string; clientDataJSON: string };
  const authData = unb64(r.authenticatorData);
  return {
    flags: authData[32] as number,
    signCount: new DataView(authData.buffer, authData.byteOffset + 33, 4).getUint32(0),
    clientData: JSON.parse(Buffer.from(r.clientDataJSON, 'base64url').toString('utf8')),
  };
}

export interface FixtureInput {
  id: string;
  description: string;
  test: string;
  kind: 'registration' | 'authentication';
  response: Record<string, unknown>;
  /** The origin the server expected (a wrong-origin capture differs from clientData.origin). */
  expectedOrigin: string;
  requireUserVerification: boolean;
  outcome: 'valid' | 'invalid';
  invalidReason?: string;
  /** Authentication: the stored credential before the ceremony. */
  credential?: { id: string; publicKey: string; counter: number; registrationId?: string };
  authenticator: VirtualAuthenticatorOptions;
  notes?: string[];
}

let chromeVersion = 'unknown';
export function setCaptureVersion(version: string): void {
  chromeVersion = version;
}

/**
 * Writes a fixture to fixtures/chromium/<kind>/<id>.json, unless it exists and
 * E2E_UPDATE_FIXTURES is not set (so routine runs do not churn the committed captures).
 * Returns whether it was written.
 */
export function saveFixture(input: FixtureInput): boolean {
  const file = join(FIXTURES, input.kind, `${input.id}.json`);
  if (existsSync(file) && !process.env.E2E_UPDATE_FIXTURES) return false;
  const reg = input.kind === 'registration' ? inspectRegistration(input.response) : undefined;
  const clientData = reg?.clientData ?? inspectAuthentication(input.response).clientData;
  const fixture: Record<string, unknown> = {
    id: input.id,
    source: {
      repo: 'tessera',
      capture: `chromium ${chromeVersion} virtual authenticator`,
      test: input.test,
      authenticator: input.authenticator,
    },
    description: input.description,
    kind: input.kind,
    response: input.response,
    expected: {
      challenge: clientData.challenge,
      origin: input.expectedOrigin,
      rpId: 'localhost',
      requireUserVerification: input.requireUserVerification,
      requireUserPresence: true,
    },
    credential: input.credential ?? null,
    outcome: input.outcome,
    ...(input.invalidReason ? { invalidReason: input.invalidReason } : {}),
    ...(reg ? { attestation: { fmt: reg.fmt, verifyAt: new Date().toISOString(), trustAnchors: [] } } : {}),
    ...(input.notes ? { notes: input.notes } : {}),
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
  return true;
}
