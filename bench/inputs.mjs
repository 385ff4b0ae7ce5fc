/**
 * Benchmark inputs: identical registration and authentication responses for both libraries,
 * produced by Tessera's own software authenticator (`dist/testing.js`).
 *
 * Per algorithm (ES256, RS256, EdDSA): CREDENTIALS distinct credentials, each with a
 * packed-self registration, the same registration re-wrapped as fmt "none" (same authData,
 * empty attStmt) and one assertion. Plus CREDENTIALS packed (x5c: leaf + intermediate) ES256
 * registrations under one test CA. Generating 200 RSA-2048 keys in pure JS takes a while, so the
 * work is split over worker threads and the result is cached under node_modules/.cache.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DIST, distURL } from './paths.mjs';

export const CREDENTIALS = 200;
export const RP_ID = 'bench.example';
export const ORIGIN = 'https://bench.example';
export const ALGORITHMS = ['ES256', 'RS256', 'EdDSA'];
const CACHE_VERSION = 1;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

function b64u(bytes) {
  return Buffer.from(bytes).toString('base64url');
}

/** CBOR of {fmt: "none", attStmt: {}, authData} in canonical order (what a "none" authenticator sends). */
function noneAttestationObject(authData) {
  const head = [];
  const n = authData.length;
  if (n < 24) head.push(0x40 | n);
  else if (n < 256) head.push(0x58, n);
  else head.push(0x59, n >> 8, n & 0xff);
  const te = new TextEncoder();
  return Buffer.concat([
    Buffer.from([0xa3, 0x63]),
    te.encode('fmt'),
    Buffer.from([0x64]),
    te.encode('none'),
    Buffer.from([0x67]),
    te.encode('attStmt'),
    Buffer.from([0xa0]),
    Buffer.from([0x68]),
    te.encode('authData'),
    Buffer.from(head),
    authData,
  ]);
}

function challengeFor(tag, i) {
  return b64u(createHash('sha256').update(`${tag}/${i}`).digest().subarray(0, 32));
}

/** One slice of the work: `count` credentials of `kind` starting at `start` (runs in a worker). */
async function generateSlice({ kind, start, count }) {
  const testing = await import(distURL('testing.js'));
  const out = [];
  if (kind === 'x5c') {
    const ca = await testing.createTestCA({ seed: 'tessera-bench/ca', name: 'Tessera Bench Root', intermediate: true });
    const authenticator = testing.createSoftwareAuthenticator({
      seed: `tessera-bench/x5c/${start}`,
      algorithm: 'ES256',
      attestation: 'packed',
      attestationCA: ca,
    });
    for (let i = start; i < start + count; i++) {
      const challenge = challengeFor('x5c', i);
      const { response } = await authenticator.createCredential({
        challenge,
        rpId: RP_ID,
        origin: ORIGIN,
        user: { id: new TextEncoder().encode(`user-${i}`), name: `u${i}` },
      });
      out.push({ challenge, response });
    }
    return { kind, items: out, anchorPEM: ca.root.pem };
  }
  const authenticator = testing.createSoftwareAuthenticator({
    seed: `tessera-bench/${kind}/${start}`,
    algorithm: kind,
    attestation: 'packed-self',
  });
  for (let i = start; i < start + count; i++) {
    const regChallenge = challengeFor(`reg-${kind}`, i);
    const created = await authenticator.createCredential({
      challenge: regChallenge,
      rpId: RP_ID,
      origin: ORIGIN,
      user: { id: new TextEncoder().encode(`user-${i}`), name: `u${i}` },
    });
    const packedSelf = created.response;
    const none = {
      ...packedSelf,
      response: {
        ...packedSelf.response,
        attestationObject: b64u(noneAttestationObject(created.raw.authenticatorData)),
      },
    };
    const authChallenge = challengeFor(`auth-${kind}`, i);
    const assertion = await authenticator.getAssertion({
      credentialId: created.credential.id,
      challenge: authChallenge,
      rpId: RP_ID,
      origin: ORIGIN,
    });
    out.push({
      regChallenge,
      packedSelf,
      none,
      credential: {
        id: created.credential.id,
        publicKey: b64u(created.credential.publicKey),
        counter: created.credential.counter,
      },
      authChallenge,
      assertion: assertion.response,
    });
  }
  return { kind, items: out };
}

if (!isMainThread && workerData?.benchInputs) {
  generateSlice(workerData.benchInputs).then(
    (r) => parentPort.postMessage(r),
    (e) => {
      throw e;
    },
  );
}

function runWorker(task) {
  return new Promise((resolve, reject) => {
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: { benchInputs: task } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

function cacheFile() {
  const self = readFileSync(fileURLToPath(import.meta.url));
  const key = createHash('sha256')
    .update(self)
    .update(String(CACHE_VERSION))
    .update(String(CREDENTIALS))
    .digest('hex')
    .slice(0, 16);
  return join(root, 'node_modules', '.cache', 'tessera-bench', `inputs-${key}.json`);
}

/** Loads the cached inputs or generates them (in parallel workers). */
export async function loadInputs({ fresh = false, log = () => {} } = {}) {
  const file = cacheFile();
  if (!fresh && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  if (!existsSync(join(DIST, 'testing.js'))) throw new Error(`${DIST}/testing.js missing: run \`npx tsup\` first`);
  const t0 = performance.now();
  log(`generating inputs (${CREDENTIALS} credentials per algorithm; RSA keys in pure JS take ~1 min) …`);
  const workers = Math.max(2, Math.min(availableParallelism(), 4));
  const tasks = [];
  for (const kind of [...ALGORITHMS, 'x5c']) {
    const per = Math.ceil(CREDENTIALS / workers);
    for (let s = 0; s < CREDENTIALS; s += per) tasks.push({ kind, start: s, count: Math.min(per, CREDENTIALS - s) });
  }
  // RSA slices first: they dominate.
  tasks.sort((a, b) => (b.kind === 'RS256') - (a.kind === 'RS256'));
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++];
        results.push({ task, result: await runWorker(task) });
      }
    }),
  );
  results.sort((a, b) => a.task.start - b.task.start);
  const inputs = { rpID: RP_ID, origin: ORIGIN, x5c: { items: [], anchorPEM: '' } };
  for (const kind of ALGORITHMS) inputs[kind] = [];
  for (const { task, result } of results) {
    if (task.kind === 'x5c') {
      inputs.x5c.items.push(...result.items);
      inputs.x5c.anchorPEM = result.anchorPEM;
    } else inputs[task.kind].push(...result.items);
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(inputs));
  log(
    `inputs generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (cached in ${file.slice(root.length + 1)})`,
  );
  return inputs;
}
