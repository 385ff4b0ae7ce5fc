// Developer helper: `node --cpu-prof --cpu-prof-dir=<dir> bench/profile.mjs <row-id> [backend] [seconds]`
// runs one Tessera row in a loop so the profile shows where a verification spends its time.
import * as swa from '@simplewebauthn/server';
import { buildRows } from './contenders.mjs';
import { loadInputs } from './inputs.mjs';
import { distURL } from './paths.mjs';

const tessera = await import(distURL('index.js'));
const [id, backend, seconds = '3', who = 'tessera'] = process.argv.slice(2);
const rows = await buildRows(await loadInputs(), tessera, swa, { backend: backend || undefined });
const row = rows.find((r) => r.id === id);
if (row === undefined) throw new Error(`no row ${id}: ${rows.map((r) => r.id).join(', ')}`);
const end = performance.now() + Number(seconds) * 1000;
let n = 0;
while (performance.now() < end) await row[who](n++ % row.n);
console.log(`${id}: ${n} ops, ${((Number(seconds) * 1e6) / n).toFixed(1)} µs/op`);
