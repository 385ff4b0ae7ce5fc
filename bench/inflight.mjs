/**
 * Throughput with 16 verifications in flight (not pinned: both libraries may use every core;
 * SimpleWebAuthn's WebCrypto runs on libuv's thread pool, Tessera's node:crypto verify on the
 * calling thread). Authentication rows, interleaved rounds, median. Prints `@@RESULT <json>`.
 */
import * as swa from '@simplewebauthn/server';
import { buildRows } from './contenders.mjs';
import { loadInputs } from './inputs.mjs';
import { measureInFlight, median } from './measure.mjs';
import { distURL } from './paths.mjs';

const IN_FLIGHT = 16;
const ROUNDS = 5;
const tessera = await import(distURL('index.js'));
const rows = (await buildRows(await loadInputs(), tessera, swa)).filter((r) => r.id.startsWith('auth-'));
const results = [];
for (const row of rows) {
  const samples = { tessera: [], swa: [] };
  // warm-up
  for (const name of ['tessera', 'swa'])
    await measureInFlight(row[name], row.n, { inFlight: IN_FLIGHT, durationMs: 200 });
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ['tessera', 'swa'] : ['swa', 'tessera'];
    for (const name of order) {
      samples[name].push(await measureInFlight(row[name], row.n, { inFlight: IN_FLIGHT, durationMs: 300 }));
    }
  }
  const t = median(samples.tessera);
  const s = median(samples.swa);
  results.push({ id: row.id, label: row.label, tessera: t, swa: s, samples });
  process.stderr.write(`  16 in flight ${row.label.padEnd(40)} ${(t / s).toFixed(2)}×\n`);
}
process.stdout.write(`@@RESULT ${JSON.stringify({ inFlight: IN_FLIGHT, results })}\n`);
