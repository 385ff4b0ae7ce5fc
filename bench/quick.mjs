// Developer helper: time one contender of selected rows (no interleaving). Not part of `npm run bench`.
import * as swa from '@simplewebauthn/server';
import { buildRows } from './contenders.mjs';
import { loadInputs } from './inputs.mjs';
import { measureRow } from './measure.mjs';
import { distURL } from './paths.mjs';

const tessera = await import(distURL('index.js'));
const [filter = '', who = 'tessera,swa,floor', backend] = process.argv.slice(2);
const inputs = await loadInputs();
const rows = (await buildRows(inputs, tessera, swa, { backend: backend || undefined })).filter((r) =>
  r.id.includes(filter),
);
for (const row of rows) {
  const res = await measureRow(row, who.split(','), { rounds: 3, targetMs: 100 });
  console.log(
    row.id.padEnd(20),
    Object.entries(res)
      .map(([k, v]) => `${k} ${v.usPerOp.toFixed(1)}µs (cpu ${v.cpuUsPerOp.toFixed(1)})`)
      .join('  '),
  );
}
