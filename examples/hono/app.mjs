// Hono: the app. server.mjs serves it on Node; Bun and Deno can serve `app.fetch` directly.
import { Hono } from 'hono';
import {
  assertSameOrigin,
  endSession,
  getSession,
  HTTPError,
  PAGE,
  renewSession,
  rp,
  toHTTPError,
  users,
} from './passkeys.mjs';

const app = new Hono();

app.use(async (c, next) => {
  assertSameOrigin(c.req.method, c.req.header('origin'));
  const session = getSession(c.req.header('cookie'));
  c.set('session', session);
  if (session.setCookie) c.header('set-cookie', session.setCookie);
  await next();
});

app.get('/', (c) => c.html(PAGE));

app.post('/passkeys/register/options', async (c) => {
  const session = c.get('session');
  const { name: requested } = await c.req.json();
  const name = users.checkNewName(requested);
  session.data.pendingName = name;
  return c.json(await rp.startRegistration({ session: session.id, user: { name } }));
});

app.post('/passkeys/register', async (c) => {
  const session = c.get('session');
  const name = session.data.pendingName;
  if (name === undefined) throw new HTTPError(400, 'bad-request');
  const result = await rp.finishRegistration({ session: session.id, response: await c.req.json() });
  await users.create(result, name); // a new account: the user row holds the user handle
  c.header('set-cookie', renewSession(session, { userHandle: result.userHandle }).setCookie);
  return c.json({ name });
});

app.post('/passkeys/login/options', async (c) =>
  c.json(await rp.startAuthentication({ session: c.get('session').id })),
);

app.post('/passkeys/login', async (c) => {
  const session = c.get('session');
  const { userHandle } = await rp.finishAuthentication({ session: session.id, response: await c.req.json() });
  c.header('set-cookie', renewSession(session, { userHandle }).setCookie);
  return c.json({ name: users.get(userHandle).name });
});

app.get('/me', (c) => {
  const user = users.get(c.get('session').data.userHandle);
  if (user === undefined) throw new HTTPError(401, 'signed-out');
  return c.json({ name: user.name });
});

app.post('/logout', (c) => {
  c.header('set-cookie', endSession(c.get('session')));
  return c.json({ ok: true });
});

app.notFound((c) => c.json({ error: 'not-found' }, 404));

app.onError((error, c) => {
  const { status, body } = toHTTPError(error);
  return c.json(body, status);
});

export default app;
