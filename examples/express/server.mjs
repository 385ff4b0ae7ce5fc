// Express 5: `npm run build && node examples/express/server.mjs`, then open http://localhost:3000/
import express from 'express';
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

const app = express();
app.use(express.json({ limit: '64kb' }));
app.use((req, res, next) => {
  assertSameOrigin(req.method, req.headers.origin);
  req.session = getSession(req.headers.cookie);
  if (req.session.setCookie) res.setHeader('set-cookie', req.session.setCookie);
  next();
});

app.get('/', (_req, res) => {
  res.type('html').send(PAGE);
});

app.post('/passkeys/register/options', async (req, res) => {
  const name = users.checkNewName(req.body?.name);
  req.session.data.pendingName = name;
  res.json(await rp.startRegistration({ session: req.session.id, user: { name } }));
});

app.post('/passkeys/register', async (req, res) => {
  const name = req.session.data.pendingName;
  if (name === undefined) throw new HTTPError(400, 'bad-request');
  const result = await rp.finishRegistration({ session: req.session.id, response: req.body });
  await users.create(result, name); // a new account: the user row holds the user handle
  res.setHeader('set-cookie', renewSession(req.session, { userHandle: result.userHandle }).setCookie);
  res.json({ name });
});

app.post('/passkeys/login/options', async (req, res) => {
  res.json(await rp.startAuthentication({ session: req.session.id }));
});

app.post('/passkeys/login', async (req, res) => {
  const { userHandle } = await rp.finishAuthentication({ session: req.session.id, response: req.body });
  res.setHeader('set-cookie', renewSession(req.session, { userHandle }).setCookie);
  res.json({ name: users.get(userHandle).name });
});

app.get('/me', (req, res) => {
  const user = users.get(req.session.data.userHandle);
  if (user === undefined) throw new HTTPError(401, 'signed-out');
  res.json({ name: user.name });
});

app.post('/logout', (req, res) => {
  res.setHeader('set-cookie', endSession(req.session));
  res.json({ ok: true });
});

app.use(() => {
  throw new HTTPError(404, 'not-found');
});

// Express 5 passes rejected promises of async handlers here.
app.use((error, _req, res, _next) => {
  const { status, body } = toHTTPError(error.expose ? new HTTPError(error.status, 'bad-request') : error);
  res.status(status).json(body);
});

app.listen(PORT, 'localhost', () => console.log(`Express example at ${ORIGIN}/`));
