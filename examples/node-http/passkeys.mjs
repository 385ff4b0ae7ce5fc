// passkeys.mjs: the relying party, the users table, cookie sessions and error mapping.
// The same file in every framework example; only server.mjs differs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRelyingParty, isWebAuthnError } from '@tessera/webauthn';
import { createMemoryChallengeStore } from '@tessera/webauthn/stores/memory';
import { createSQLiteCredentialStore, migrateSQLite } from '@tessera/webauthn/stores/sqlite';
import Database from 'better-sqlite3';

export const PORT = Number(process.env.PORT ?? 3000);
/** The origin the browser sees. localhost is a secure context, so no HTTPS is needed there. */
export const ORIGIN = process.env.ORIGIN ?? `http://localhost:${PORT}`;
/** The sign-up / sign-in page (its script is "The browser side" of the guide). */
export const PAGE = readFileSync(new URL('index.html', import.meta.url), 'utf8');

const db = new Database(process.env.DATABASE ?? fileURLToPath(new URL('passkeys.db', import.meta.url)));
db.pragma('journal_mode = WAL');
migrateSQLite({ db });
db.exec('CREATE TABLE IF NOT EXISTS users (user_handle TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE) STRICT');

export const rp = createRelyingParty({
  rpID: new URL(ORIGIN).hostname,
  rpName: 'Example',
  origins: [ORIGIN],
  challenges: createMemoryChallengeStore(), // one process; Redis when you run several
  credentials: createSQLiteCredentialStore({ db }),
  onEvent: (event) => console.info('audit', JSON.stringify(event)),
});

/** An error with an HTTP status and a code for the page. */
export class HTTPError extends Error {
  constructor(status, code) {
    super(code);
    this.status = status;
    this.code = code;
  }
}

/** Maps an error to an HTTP answer without leaking details: `{ status, body: { error: code } }`. */
export function toHTTPError(error) {
  if (isWebAuthnError(error)) {
    return { status: error.code === 'ERR_STORE_CONFLICT' ? 409 : 400, body: { error: error.code } };
  }
  if (error instanceof HTTPError) return { status: error.status, body: { error: error.code } };
  if (error instanceof SyntaxError) return { status: 400, body: { error: 'bad-request' } }; // malformed JSON
  console.error(error);
  return { status: 500, body: { error: 'internal' } };
}

/** CSRF: browsers send Origin with every POST; refuse other sites. */
export function assertSameOrigin(method, origin) {
  if (method === 'POST' && origin !== undefined && origin !== ORIGIN) throw new HTTPError(403, 'forbidden');
}

// ---------------------------------------------------------------- users

const selectUser = db.prepare('SELECT user_handle AS userHandle, name FROM users WHERE user_handle = ?');
const selectName = db.prepare('SELECT 1 FROM users WHERE name = ?');
const insertUser = db.prepare('INSERT OR IGNORE INTO users (user_handle, name) VALUES (?, ?)');

export const users = {
  /** `{ userHandle, name }` or undefined. */
  get: (userHandle) => (userHandle === undefined ? undefined : selectUser.get(userHandle)),
  /** A valid, free account name, or an HTTPError. */
  checkNewName(value) {
    const name = typeof value === 'string' ? value.trim() : '';
    if (!/^[\w.@+-]{3,64}$/.test(name)) throw new HTTPError(400, 'name-invalid');
    if (selectName.get(name) !== undefined) throw new HTTPError(409, 'name-taken');
    return name;
  },
  /** Creates the account of a registration; if the name was taken meanwhile, removes the new passkey. */
  async create({ userHandle, credential }, name) {
    if (insertUser.run(userHandle, name).changes === 1) return;
    await rp.deleteCredential({ userHandle, credentialId: credential.id, force: true });
    throw new HTTPError(409, 'name-taken');
  },
};

// ---------------------------------------------------------------- sessions

// Sessions in memory behind an HttpOnly cookie: `sid` → { userHandle?, pendingName? }.
// One process, lost on restart; with your framework's session middleware, use its id and data.
const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
const COOKIE = `HttpOnly; SameSite=Lax; Path=/; Max-Age=${SESSION_TTL_MS / 1000}${ORIGIN.startsWith('https:') ? '; Secure' : ''}`;
const sessions = new Map(); // insertion order = expiry order

/** The session named by the Cookie header, or a new one whose `setCookie` the response must send. */
export function getSession(cookieHeader) {
  const id = /(?:^|;\s*)sid=([\w-]{43})(?:;|$)/.exec(cookieHeader ?? '')?.[1];
  const entry = id === undefined ? undefined : sessions.get(id);
  if (entry !== undefined && entry.expires > Date.now()) return { id, data: entry.data };
  return newSession({});
}

/** After sign-in: a new session id (no session fixation), the old one is gone. */
export function renewSession(session, data) {
  sessions.delete(session.id);
  return newSession(data);
}

/** Sign-out: forgets the session; returns the Set-Cookie value that clears the cookie. */
export function endSession(session) {
  sessions.delete(session.id);
  return `sid=; ${COOKIE.replace(/Max-Age=\d+/, 'Max-Age=0')}`;
}

function newSession(data) {
  const now = Date.now();
  for (const [id, entry] of sessions) {
    if (entry.expires > now) break;
    sessions.delete(id);
  }
  const id = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
  sessions.set(id, { data, expires: now + SESSION_TTL_MS });
  return { id, data, setCookie: `sid=${id}; ${COOKIE}` };
}
