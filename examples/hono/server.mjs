// Hono on Node: `npm run build && node examples/hono/server.mjs`, then open http://localhost:3000/
import { serve } from '@hono/node-server';
import app from './app.mjs';
import { ORIGIN, PORT } from './passkeys.mjs';

serve({ fetch: app.fetch, port: PORT, hostname: 'localhost' }, () => console.log(`Hono example at ${ORIGIN}/`));
