/**
 * One verification in flight (run pinned to one CPU by bench/index.mjs): every row, Tessera
 * (default configuration) vs @simplewebauthn/server vs the raw node:crypto floor, interleaved;
 * then the pure-JS rows (Tessera `backend: 'noble'`). Prints one `@@RESULT <json>` line.
 */
import * as swa from '@simplewebauthn/server';
import { buildRows } from './contenders.mjs';
import { loadInputs } from './inputs.mjs';
import { measureRow } from './measure.mjs';
import { distURL } from './paths.mjs';

const tessera = await import(distURL('index.js'));
const inputs = await loadInputs();
const log = (s) => process.stderr.write(`${s}\n`);

const rows = await buildRows(inputs, tessera, swa);
const results = [];
for (const row of rows) {
  const r = await measureRow(row, ['tessera', 'swa', 'floor']);
  results.push({ id: row.id, label: row.label, ...r });
  log(`  ${row.label.padEnd(62)} ${(r.swa.usPerOp / r.tessera.usPerOp).toFixed(2)}×`);
}

const nobleIds = new Set(['auth-ES256', 'auth-RS256', 'auth-EdDSA', 'reg-packedSelf-ES256']);
const nobleRows = (await buildRows(inputs, tessera, swa, { backend: 'noble' })).filter((r) => nobleIds.has(r.id));
const noble = [];
for (const row of nobleRows) {
  const r = await measureRow(row, ['tessera', 'swa'], { targetMs: 150 });
  noble.push({ id: row.id, label: row.label, ...r });
  log(`  noble: ${row.label.padEnd(55)} ${(r.swa.usPerOp / r.tessera.usPerOp).toFixed(2)}×`);
}
process.stdout.write(`@@RESULT ${JSON.stringify({ results, noble })}\n`);
