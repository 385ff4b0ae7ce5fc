// Plain node:http: `npm run build && node examples/node-http/server.mjs`, then open http://localhost:3000/
import { createServer } from 'node:http';
import {
  assertSameOrigin,
  endSession,
  getSession,
  HTTPError,
  ORIGIN,
  PAGE,
  PORT,
  renewSession,
  rp,
  toHTTPError,
  users,
} from './passkeys.mjs';

async function readJSON(req) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new HTTPError(413, 'too-large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

async function handle(req, res, session) {
  const send = (body, type = 'application/json') => {
    res.writeHead(200, { 'content-type': type });
    res.end(type === 'application/json' ? JSON.stringify(body) : body);
  };
  const route = `${req.method} ${new URL(req.url, ORIGIN).pathname}`;
  switch (route) {
    case 'GET /':
      return send(PAGE, 'text/html; charset=utf-8');
    case 'POST /passkeys/register/options': {
      const name = users.checkNewName((await readJSON(req)).name);
      session.data.pendingName = name;
      return send(await rp.startRegistration({ session: session.id, user: { name } }));
    }
    case 'POST /passkeys/register': {
      const name = session.data.pendingName;
      if (name === undefined) throw new HTTPError(400, 'bad-request');
      const result = await rp.finishRegistration({ session: session.id, response: await readJSON(req) });
      await users.create(result, name); // a new account: the user row holds the user handle
      res.setHeader('set-cookie', renewSession(session, { userHandle: result.userHandle }).setCookie);
      return send({ name });
    }
    case 'POST /passkeys/login/options':
      return send(await rp.startAuthentication({ session: session.id }));
    case 'POST /passkeys/login': {
      const { userHandle } = await rp.finishAuthentication({ session: session.id, response: await readJSON(req) });
      res.setHeader('set-cookie', renewSession(session, { userHandle }).setCookie);
      return send({ name: users.get(userHandle).name });
    }
    case 'GET /me': {
      const user = users.get(session.data.userHandle);
      if (user === undefined) throw new HTTPError(401, 'signed-out');
      return send({ name: user.name });
    }
    case 'POST /logout':
      res.setHeader('set-cookie', endSession(session));
      return send({ ok: true });
    default:
      throw new HTTPError(404, 'not-found');
  }
}

createServer(async (req, res) => {
  try {
    assertSameOrigin(req.method, req.headers.origin);
    const session = getSession(req.headers.cookie);
    if (session.setCookie) res.setHeader('set-cookie', session.setCookie);
    await handle(req, res, session);
  } catch (error) {
    const { status, body } = toHTTPError(error);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}).listen(PORT, 'localhost', () => console.log(`node:http example at ${ORIGIN}/`));
