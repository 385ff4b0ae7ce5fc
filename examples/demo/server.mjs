#!/usr/bin/env node
/**
 * Tessera passkey demo: a complete passkey site on plain `node:http`, built only on the
 * relying-party layer of the BUILT package (`npm run demo` builds it first), with SQLite
 * (better-sqlite3) for credentials, users and the audit log, and the memory challenge store.
 *
 *   npm run demo                       # http://localhost:3000
 *   PORT=4000 npm run demo
 *   DEMO_DATA_DIR=/somewhere npm run demo
 *
 * Also importable (the e2e suite starts it on a random port): `startDemo({ port, dataDir, … })`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRelyingParty, isWebAuthnError } from '@tessera/webauthn';
import { createMemoryChallengeStore } from '@tessera/webauthn/stores/memory';
import {
  createSQLiteCredentialStore,
  createSQLiteRecoveryCodeStore,
  migrateSQLite,
} from '@tessera/webauthn/stores/sqlite';
import Database from 'better-sqlite3';
import { renderPage } from './pages.mjs';
import { messageFor } from './public/messages.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Static files: the pages' script and styles, and the browser companion as built in dist/. */
const STATIC = {
  '/static/app.js': { file: join(here, 'public/app.js'), type: 'text/javascript' },
  '/static/messages.js': { file: join(here, 'public/messages.js'), type: 'text/javascript' },
  '/static/style.css': { file: join(here, 'public/style.css'), type: 'text/css' },
  '/static/browser.js': {
    file: fileURLToPath(import.meta.resolve('@tessera/webauthn/browser')),
    type: 'text/javascript',
  },
};

const USERNAME = /^[A-Za-z0-9._-]{3,40}$/;
const MAX_BODY = 64 * 1024;
/** Recovery codes are a way in: issuing them needs a sign-in this recent (a passkey or a recovery code). */
const RECENT_SIGN_IN_MS = 10 * 60 * 1000;
/** Failed recovery-code attempts per username before a pause (on top of the codes' 60 secret bits). */
const RECOVERY_ATTEMPTS = 5;
const RECOVERY_PAUSE_MS = 15 * 60 * 1000;

/**
 * A default name for a new passkey from what the browser reported (the user can rename it).
 * With an AAGUID name source (`metadata` option of createRelyingParty) you would use that instead.
 */
function defaultPasskeyName(response, taken) {
  const transports = Array.isArray(response?.response?.transports) ? response.response.transports : [];
  const base =
    transports.includes('internal') || response?.authenticatorAttachment === 'platform'
      ? 'Built-in passkey'
      : transports.includes('hybrid')
        ? 'Phone passkey'
        : transports.some((t) => t === 'usb' || t === 'nfc' || t === 'ble')
          ? 'Security key'
          : 'Passkey';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base} ${n}`;
  return name;
}

class DemoError extends Error {
  constructor(code, status = 400) {
    super(code);
    this.code = code;
    this.status = status;
  }
}

function openDatabase(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'demo.sqlite'));
  db.pragma('journal_mode = WAL');
  migrateSQLite({ db });
  db.exec(`
    CREATE TABLE IF NOT EXISTS demo_users (
      user_handle TEXT PRIMARY KEY NOT NULL,
      username    TEXT NOT NULL UNIQUE COLLATE NOCASE,
      created_at  INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS demo_audit (
      id          INTEGER PRIMARY KEY AUTOINCREMENT,
      at          INTEGER NOT NULL,
      user_handle TEXT,
      type        TEXT NOT NULL,
      data        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX IF NOT EXISTS demo_audit_user_idx ON demo_audit (user_handle, id);
  `);
  return db;
}

/**
 * Starts the demo. Every option has a default suited to `npm run demo`.
 *
 * @param {object} [options]
 * @param {number} [options.port] default 3000 (0: any free port)
 * @param {string} [options.host] listening address, default 'localhost'
 * @param {string} [options.dataDir] folder of demo.sqlite, default examples/demo/data
 * @param {string} [options.origin] the site origin, default http://localhost:<port>
 * @param {object} [options.relyingParty] extra createRelyingParty() options (userVerification, residentKey, recoveryCodeScrypt, …)
 * @param {string} [options.title] shown in the header
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startDemo(options = {}) {
  const dataDir = options.dataDir ?? join(here, 'data');
  const db = openDatabase(dataDir);
  const sessions = new Map(); // session id → { userHandle?, signedInAt?, recovered?, signup?, warning? }
  const recoveryAttempts = new Map(); // lower-case username → { failures, resetAt }
  const title = options.title ?? 'Tessera passkey demo';

  const insertAudit = db.prepare('INSERT INTO demo_audit (at, user_handle, type, data) VALUES (?, ?, ?, ?)');
  const onEvent = (event) => {
    const { at, type, rpID: _rpID, userHandle, ...data } = event;
    insertAudit.run(at.getTime(), userHandle ?? null, type, JSON.stringify(data));
  };

  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.host ?? 'localhost', resolve);
  });
  const port = server.address().port;
  const origin = options.origin ?? `http://localhost:${port}`;

  const rp = createRelyingParty({
    rpID: new URL(origin).hostname,
    rpName: title,
    origins: [origin],
    challenges: createMemoryChallengeStore(),
    credentials: createSQLiteCredentialStore({ db }),
    recoveryCodes: createSQLiteRecoveryCodeStore({ db }),
    onEvent,
    counterPolicy: 'flag',
    userVerification: 'required',
    residentKey: 'required',
    ...options.relyingParty,
  });

  const users = {
    byName: db.prepare('SELECT user_handle AS userHandle, username FROM demo_users WHERE username = ?'),
    byHandle: db.prepare('SELECT user_handle AS userHandle, username FROM demo_users WHERE user_handle = ?'),
    insert: db.prepare('INSERT INTO demo_users (user_handle, username, created_at) VALUES (?, ?, ?)'),
  };
  const auditFor = db.prepare('SELECT at, type, data FROM demo_audit WHERE user_handle = ? ORDER BY id DESC LIMIT 200');

  function session(req, res) {
    const sid = /(?:^|;\s*)sid=([A-Za-z0-9_-]{43})/.exec(req.headers.cookie ?? '')?.[1];
    if (sid && sessions.has(sid)) return { sid, state: sessions.get(sid) };
    const fresh = randomBytes(32).toString('base64url');
    sessions.set(fresh, {});
    res.setHeader('set-cookie', `sid=${fresh}; Path=/; HttpOnly; SameSite=Lax`);
    return { sid: fresh, state: sessions.get(fresh) };
  }

  function requireUser(state) {
    const user = state.userHandle && users.byHandle.get(state.userHandle);
    if (!user) throw new DemoError('ERR_DEMO_NOT_SIGNED_IN', 401);
    return user;
  }

  async function account(user, state) {
    const status = await rp.getAccountStatus({ userHandle: user.userHandle });
    return {
      username: user.username,
      passkeys: status.credentials,
      needsBackupPasskey: status.needsBackupPasskey,
      recoveryCodesRemaining: status.recoveryCodesRemaining,
      recovered: Boolean(state.recovered),
      warning: state.warning ?? null,
    };
  }

  /**
   * Signs the user in on a NEW session id (the old one is dropped), so an id planted before
   * sign-in is worthless afterwards (session fixation).
   */
  function signIn(ctx, userHandle) {
    sessions.delete(ctx.sid);
    const sid = randomBytes(32).toString('base64url');
    const state = {};
    sessions.set(sid, state);
    ctx.res.setHeader('set-cookie', `sid=${sid}; Path=/; HttpOnly; SameSite=Lax`);
    state.userHandle = userHandle;
    state.signedInAt = Date.now();
    state.recovered = false;
    state.warning = undefined;
    return state;
  }

  /** Counts a failed recovery attempt for `key`; throws once the allowance is used up. */
  function limitRecovery(key) {
    const now = Date.now();
    for (const [k, entry] of recoveryAttempts) if (entry.resetAt <= now) recoveryAttempts.delete(k);
    const entry = recoveryAttempts.get(key);
    if (entry && entry.failures >= RECOVERY_ATTEMPTS) throw new DemoError('ERR_DEMO_TOO_MANY_ATTEMPTS', 429);
  }

  /** JSON API: returns the response body; throws DemoError / WebAuthnError. */
  const api = {
    'POST /api/signup/start': async ({ body, sid, state }) => {
      const username = String(body.username ?? '').trim();
      if (!USERNAME.test(username)) throw new DemoError('ERR_DEMO_USERNAME_INVALID');
      if (users.byName.get(username)) throw new DemoError('ERR_DEMO_USERNAME_TAKEN', 409);
      const optionsJSON = await rp.startRegistration({
        session: sid,
        user: { name: username, displayName: username },
      });
      state.signup = { username };
      return optionsJSON;
    },
    'POST /api/signup/finish': async (ctx) => {
      const { body, sid, state } = ctx;
      const username = state.signup?.username;
      if (!username) throw new DemoError('ERR_DEMO_BAD_REQUEST');
      const result = await rp.finishRegistration({
        session: sid,
        response: body.response,
        name: defaultPasskeyName(body.response, new Set()),
      });
      try {
        users.insert.run(result.userHandle, username, Date.now());
      } catch {
        await rp.deleteCredential({ userHandle: result.userHandle, credentialId: result.credential.id, force: true });
        throw new DemoError('ERR_DEMO_USERNAME_TAKEN', 409);
      }
      state.signup = undefined;
      signIn(ctx, result.userHandle);
      return { ok: true, redirect: '/account' };
    },
    'POST /api/signin/start': async ({ body, sid }) => {
      const username = typeof body.username === 'string' ? body.username.trim() : '';
      const user = username ? users.byName.get(username) : undefined;
      // Unknown usernames get the same discoverable options as no username: no account enumeration.
      return rp.startAuthentication({ session: sid, ...(user ? { user: { id: user.userHandle } } : {}) });
    },
    'POST /api/signin/finish': async (ctx) => {
      const { body, sid } = ctx;
      const result = await rp.finishAuthentication({ session: sid, response: body.response });
      const state = signIn(ctx, result.userHandle);
      state.warning = result.needsReauthentication
        ? { code: 'COUNTER_REGRESSED', credentialId: result.credential.id, name: result.credential.name }
        : undefined;
      return { ok: true, redirect: '/account', needsReauthentication: result.needsReauthentication };
    },
    'POST /api/signout': async ({ sid }) => {
      sessions.delete(sid);
      return { ok: true, redirect: '/signin' };
    },
    'GET /api/account': async ({ state }) => account(requireUser(state), state),
    'POST /api/passkeys/add/start': async ({ sid, state }) => {
      const user = requireUser(state);
      return rp.startRegistration({
        session: sid,
        user: { id: user.userHandle, name: user.username, displayName: user.username },
      });
    },
    'POST /api/passkeys/add/finish': async ({ body, sid, state }) => {
      const user = requireUser(state);
      const taken = new Set((await rp.listCredentials({ userHandle: user.userHandle })).map((c) => c.name));
      const result = await rp.finishRegistration({
        session: sid,
        response: body.response,
        name: defaultPasskeyName(body.response, taken),
      });
      if (result.userHandle !== user.userHandle) throw new DemoError('ERR_DEMO_BAD_REQUEST');
      state.recovered = false; // back to signing in with a passkey
      return account(user, state);
    },
    'POST /api/passkeys/rename': async ({ body, state }) => {
      const user = requireUser(state);
      const name = String(body.name ?? '').trim();
      if (name.length < 1 || name.length > 60) throw new DemoError('ERR_DEMO_NAME_INVALID');
      await rp.renameCredential({ userHandle: user.userHandle, credentialId: String(body.id), name });
      return account(user, state);
    },
    'POST /api/passkeys/delete': async ({ body, state }) => {
      const user = requireUser(state);
      await rp.deleteCredential({ userHandle: user.userHandle, credentialId: String(body.id) });
      return account(user, state);
    },
    'POST /api/recovery/generate': async ({ state }) => {
      const user = requireUser(state);
      if (!(Date.now() - state.signedInAt < RECENT_SIGN_IN_MS)) throw new DemoError('ERR_DEMO_SIGN_IN_AGAIN', 403);
      const { codes } = await rp.generateRecoveryCodes({ userHandle: user.userHandle });
      return { codes }; // shown once: only their hashes are stored
    },
    'POST /api/recovery/redeem': async (ctx) => {
      const { body } = ctx;
      const username = String(body.username ?? '').trim();
      const key = username.toLowerCase();
      limitRecovery(key);
      const user = USERNAME.test(username) ? users.byName.get(username) : undefined;
      try {
        // An unknown username costs the same hash and gives the same answer: no account enumeration.
        const userHandle = user?.userHandle ?? randomBytes(32).toString('base64url');
        await rp.redeemRecoveryCode({ userHandle, code: String(body.code ?? '') });
        if (!user) throw new Error('unreachable: no codes exist for a random user handle');
      } catch (err) {
        const entry = recoveryAttempts.get(key) ?? { failures: 0, resetAt: Date.now() + RECOVERY_PAUSE_MS };
        entry.failures++;
        recoveryAttempts.set(key, entry);
        throw err;
      }
      recoveryAttempts.delete(key);
      const state = signIn(ctx, user.userHandle);
      state.recovered = true; // the account page now asks for a new passkey
      return { ok: true, redirect: '/account' };
    },
    'GET /api/audit': async ({ state }) => {
      const user = requireUser(state);
      const names = new Map(
        (await rp.getAccountStatus({ userHandle: user.userHandle })).credentials.map((c) => [c.id, c.name]),
      );
      return {
        events: auditFor.all(user.userHandle).map((row) => {
          const data = JSON.parse(row.data);
          return {
            at: new Date(row.at).toISOString(),
            type: row.type,
            ...data,
            credentialName: data.credentialId ? (names.get(data.credentialId) ?? null) : null,
          };
        }),
      };
    },
  };

  const PAGES = new Set(['/signup', '/signin', '/recover', '/account', '/recovery', '/audit']);
  const SIGNED_IN_PAGES = new Set(['/account', '/recovery', '/audit']);

  server.on('request', async (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'same-origin');
    const url = new URL(req.url ?? '/', origin);
    const { sid, state } = session(req, res);
    try {
      if (url.pathname === '/favicon.ico') {
        res.statusCode = 204;
        res.end();
        return;
      }
      const asset = STATIC[url.pathname];
      if (asset && req.method === 'GET') {
        res.setHeader('content-type', `${asset.type}; charset=utf-8`);
        res.setHeader('cache-control', 'no-cache');
        res.end(readFileSync(asset.file));
        return;
      }
      if (req.method === 'GET' && (url.pathname === '/' || PAGES.has(url.pathname))) {
        const signedIn = Boolean(state.userHandle && users.byHandle.get(state.userHandle));
        const page = url.pathname === '/' ? (signedIn ? '/account' : '/signin') : url.pathname;
        if (!signedIn && SIGNED_IN_PAGES.has(page)) return redirect(res, '/signin');
        if (url.pathname === '/') return redirect(res, page);
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader(
          'content-security-policy',
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        );
        res.end(renderPage(page.slice(1), { title, signedIn }));
        return;
      }
      const handler = api[`${req.method} ${url.pathname}`];
      if (!handler) return sendJSON(res, 404, { error: { code: 'ERR_DEMO_BAD_REQUEST', message: 'Not found' } });
      if (req.method === 'POST') {
        // CSRF: browsers send Origin on POST; refuse other sites (SameSite=Lax covers the rest).
        if (req.headers.origin && req.headers.origin !== origin) throw new DemoError('ERR_DEMO_FORBIDDEN', 403);
      }
      const body = req.method === 'POST' ? await readJSON(req) : {};
      sendJSON(res, 200, await handler({ body, sid, state, res }));
    } catch (err) {
      const code = isWebAuthnError(err) ? err.code : err instanceof DemoError ? err.code : 'ERR_DEMO_INTERNAL';
      const status = err instanceof DemoError ? err.status : isWebAuthnError(err) ? 400 : 500;
      if (code === 'ERR_DEMO_INTERNAL') console.error(err);
      sendJSON(res, status, { error: { code, message: messageFor(code) } });
    }
  });

  return {
    url: `${origin}/`,
    port,
    relyingParty: rp,
    db,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          db.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function redirect(res, location) {
  res.statusCode = 303;
  res.setHeader('location', location);
  res.end();
}

function sendJSON(res, status, value) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(value));
}

async function readJSON(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw new DemoError('ERR_DEMO_BAD_REQUEST', 413);
    chunks.push(chunk);
  }
  try {
    const value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch {
    throw new DemoError('ERR_DEMO_BAD_REQUEST');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const demo = await startDemo({
    port: Number(process.env.PORT ?? 3000),
    ...(process.env.DEMO_DATA_DIR ? { dataDir: process.env.DEMO_DATA_DIR } : {}),
  });
  console.log(`Tessera passkey demo running at ${demo.url}  (Ctrl+C to stop)`);
  const stop = async () => {
    await demo.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
