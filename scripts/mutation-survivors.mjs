#!/usr/bin/env node
// Lists the surviving and uncovered mutants of a StrykerJS JSON report, with the score per folder.
// Usage: node scripts/mutation-survivors.mjs [reports/mutation/mutation.json]
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'reports/mutation/mutation.json', 'utf8'));
const folders = new Map();
const open = [];
for (const [file, { source, mutants }] of Object.entries(report.files)) {
  const folder = file.split('/').slice(0, 2).join('/');
  const tally = folders.get(folder) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0, ignored: 0, other: 0 };
  folders.set(folder, tally);
  const lines = source.split('\n');
  for (const m of mutants) {
    if (m.status === 'Killed') tally.killed++;
    else if (m.status === 'Timeout') tally.timeout++;
    else if (m.status === 'Survived') tally.survived++;
    else if (m.status === 'NoCoverage') tally.noCoverage++;
    else if (m.status === 'Ignored') tally.ignored++;
    else tally.other++;
    if (m.status === 'Survived' || m.status === 'NoCoverage') {
      const line = m.location.start.line;
      open.push(
        `${file}:${line} ${m.status} ${m.mutatorName} => ${JSON.stringify(m.replacement ?? '')}\n    ${lines[line - 1]?.trim()}`,
      );
    }
  }
}
for (const line of open) console.log(line);
for (const [folder, t] of folders) {
  const detected = t.killed + t.timeout;
  const valid = detected + t.survived + t.noCoverage;
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  console.log(
    `${folder}: ${score.toFixed(1)} % (${detected} detected: ${t.killed} killed + ${t.timeout} timeout; ${t.survived} survived, ${t.noCoverage} no coverage, ${t.ignored} ignored as message text${t.other ? `, ${t.other} other` : ''})`,
  );
}
