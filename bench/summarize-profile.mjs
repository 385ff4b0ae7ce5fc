// Developer helper: self time and inclusive time per function of a .cpuprofile (top N).
import { readFileSync } from 'node:fs';

const [file, top = '25'] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const counts = new Map();
for (const s of prof.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
const total = prof.samples.length;
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^.*\/(node_modules\/)?/, '');
  return `${f.functionName || '(anon)'} ${url}:${f.lineNumber + 1}`;
};
const incl = new Map();
for (const [id, c] of counts) {
  const n = byId.get(id);
  self.set(label(n), (self.get(label(n)) ?? 0) + c);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur));
    if (seen.has(l)) continue;
    seen.add(l);
    incl.set(l, (incl.get(l) ?? 0) + c);
  }
}
const pct = (v) => `${((100 * v) / total).toFixed(1).padStart(5)}%`;
console.log('--- self');
for (const [l, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(pct(v), l);
console.log('--- inclusive');
for (const [l, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) console.log(pct(v), l);
