/**
 * The "from zero to passkeys" guide is real code: docs/relying-party.md quotes the files of
 * examples/express, examples/hono and examples/node-http byte for byte, and each example is started
 * as its own `node` process (on the built package) on a random loopback port, then signs up, signs
 * out and signs in through the page it serves, in Chromium with a CDP virtual authenticator.
 *
 * Run: `npx tsup && npx vitest run --config vitest.e2e.config.ts` (or `npm run test:e2e`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTHENTICATORS, launchBrowser, ROOT, Tab } from './harness.js';

const EXAMPLES = ['node-http', 'express', 'hono'] as const;
const GUIDE = join(ROOT, 'docs/relying-party.md');

let browser: Browser;
const running: ChildProcess[] = [];
const tabs: Tab[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/index.js'))) throw new Error('dist/ is missing: run `npx tsup` first');
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const tab of tabs) await tab.close().catch(() => {});
  await browser?.close();
  await Promise.all(running.map(stop));
});

/** A port that was free a moment ago (the example takes its port from PORT, as a user would set it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Starts `node examples/<name>/server.mjs` with an in-memory database; resolves once it listens. */
async function startExample(name: (typeof EXAMPLES)[number]): Promise<{ origin: string; output: () => string }> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const child = spawn(process.execPath, [join(ROOT, 'examples', name, 'server.mjs')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE: ':memory:' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 15_000);
    const ready = (): void => {
      if (!output.includes(`${origin}/`)) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on('data', ready);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
  return { origin, output: () => output };
}

async function post(
  origin: string,
  path: string,
  body: unknown,
  cookie: string,
): Promise<{ status: number; json: { error?: string } }> {
  const res = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { error?: string } };
}

describe('docs/relying-party.md quotes the examples', () => {
  it('every quoted block is the file it names, and every example file is quoted', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    const quoted = new Set<string>();
    for (const match of guide.matchAll(/<!-- file: ([^>]+?) -->\n```\w*\n([\s\S]*?)```\n/g)) {
      for (const file of match[1]!.split(/\s+/)) {
        expect(match[2], file).toBe(readFileSync(join(ROOT, file), 'utf8'));
        quoted.add(file);
      }
    }
    for (const name of EXAMPLES) {
      for (const file of readdirSync(join(ROOT, 'examples', name))) {
        if (/\.(mjs|html)$/.test(file))
          expect(quoted, `examples/${name}/${file}`).toContain(`examples/${name}/${file}`);
      }
    }
  });
});

describe.each(EXAMPLES)('examples/%s in Chromium', (name) => {
  it('signs up with a passkey, signs out, signs in; the session cookie is renewed; a replay is refused', async () => {
    const { origin, output } = await startExample(name);
    const tab = await Tab.open(browser);
    tabs.push(tab);
    const { page } = tab;
    await tab.addAuthenticator(AUTHENTICATORS.platform);
    const sent: Record<string, unknown>[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/passkeys/login') sent.push(request.postDataJSON());
    });
    const sid = async (): Promise<string | undefined> =>
      (await tab.context.cookies(origin)).find((c) => c.name === 'sid')?.value;
    const user = `ada-${name}`;

    await page.goto(`${origin}/`);
    await page.fill('#name', user);
    await page.click('#register-button');
    await page.waitForSelector('#status[data-state="signed-in"]');
    expect(await page.textContent('#status')).toBe(`Signed in as ${user}.`);
    const cookie = (await tab.context.cookies(origin)).find((c) => c.name === 'sid');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    // The same name again: the server refuses it before any browser prompt, and the page says why.
    await page.click('#register-button');
    await page.waitForSelector('#status[data-state="error"]');
    expect(await page.textContent('#status')).toBe('Error: name-taken');

    await page.click('#logout');
    await page.waitForSelector('#status[data-state="signed-out"]');
    const signedOut = await sid();
    expect(signedOut).toBeUndefined();

    await page.click('#login');
    await page.waitForSelector('#status[data-state="signed-in"]');
    expect(await page.textContent('#status')).toBe(`Signed in as ${user}.`);
    const signedIn = await sid();
    expect(signedIn).toMatch(/^[\w-]{43}$/);

    // The session survives a reload (GET /me), and the sign-in response cannot be used twice.
    await page.reload();
    await page.waitForSelector('#status[data-state="signed-in"]');
    expect(sent).toHaveLength(1);
    const replay = await post(origin, '/passkeys/login', sent[0], `sid=${signedIn}`);
    expect(replay).toEqual({ status: 400, json: { error: 'ERR_CHALLENGE_UNKNOWN' } });
    // The audit log went to stdout (onEvent); it never contains the session or the challenge.
    expect(output()).toContain('"type":"authentication.succeeded"');
    expect(output()).not.toContain(signedIn);
  });
});
