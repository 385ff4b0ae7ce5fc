#!/usr/bin/env node
/**
 * Runtime smokes: the BUILT package (dist/, run `tsup` first) verifies real Chromium captures with
 * the default and the pure-JS (`noble`) backends on every runtime the design names. One line per
 * runtime, then `N passed, M failed` (runtimes), which is what CI reads.
 *
 *   node scripts/runtimes.mjs              # all: node20 node22 deno bun workerd
 *   node scripts/runtimes.mjs deno bun     # a subset
 *
 * Node 22 comes from the `node@22` npm package (node_modules/node); when it is absent the runner
 * says so and skips it. workerd runs through `wrangler dev` on a free loopback port; the whole
 * process group is stopped afterwards.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SMOKE = 'test/runtimes/run.mjs';
const TIMEOUT_MS = 180_000;

/** Runs a command; resolves with its exit code and output (never rejects). */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, out: `${out}\n${err.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

/** The last `{"runtime":…}` JSON line of an output. */
function summary(out) {
  for (const line of out.trim().split('\n').reverse()) {
    if (line.startsWith('{"runtime"')) {
      try {
        return JSON.parse(line);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const npxBin = (name) => join(root, 'node_modules/.bin', name);

async function viaProcess(command, args) {
  const { code, out } = await run(command, args);
  const s = summary(out);
  if (code === 0 && s && s.failed === 0 && s.passed > 0)
    return { ok: true, detail: `${s.runtime}: ${s.passed} checks` };
  const failures = out
    .split('\n')
    .filter((l) => l.startsWith('FAIL'))
    .slice(0, 5);
  return {
    ok: false,
    detail: s ? `${s.runtime}: ${s.failed} of ${s.passed + s.failed} checks failed` : `exit ${code}`,
    log: failures.length ? failures.join('\n') : out.trim().split('\n').slice(-15).join('\n'),
  };
}

async function workerd() {
  const wrangler = join(root, 'node_modules/wrangler/bin/wrangler.js');
  if (!existsSync(wrangler)) return { ok: false, detail: 'wrangler is not installed (npm ci)' };
  // A throwaway project folder, so wrangler's .wrangler/ state never lands in the repo.
  const dir = mkdtempSync(join(tmpdir(), 'tessera-workerd-'));
  writeFileSync(
    join(dir, 'wrangler.toml'),
    [
      'name = "tessera-runtime-smoke"',
      `main = ${JSON.stringify(join(root, 'test/runtimes/worker.mjs'))}`,
      'compatibility_date = "2026-04-01"',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [wrangler, 'dev', '--config', join(dir, 'wrangler.toml'), '--port', String(port), '--ip', '127.0.0.1'],
    {
      cwd: dir,
      detached: true, // own process group: node → workerd children are stopped together
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
    },
  );
  let log = '';
  child.stdout.on('data', (d) => {
    log += d;
  });
  child.stderr.on('data', (d) => {
    log += d;
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  try {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        const body = await res.json();
        if (body.failed === 0 && body.passed > 0) return { ok: true, detail: `${body.runtime}: ${body.passed} checks` };
        return {
          ok: false,
          detail: `${body.runtime}: ${body.failed} of ${body.passed + body.failed} checks failed`,
          log: (body.lines ?? []).filter((l) => l.startsWith('FAIL')).join('\n'),
        };
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    return { ok: false, detail: 'wrangler dev did not answer', log: log.trim().split('\n').slice(-15).join('\n') };
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(timer);
    try {
      process.kill(-child.pid, 'SIGKILL'); // any straggler left in the group
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  }
}

async function node22() {
  const bin = join(root, 'test/runtimes/node22/node_modules/node/bin/node');
  if (!existsSync(bin)) return { skip: 'node@22 not installed (npm ci --prefix test/runtimes/node22)' };
  const { out } = await run(bin, ['--version']);
  if (!out.trim().startsWith('v22.')) return { skip: `node_modules/node is ${out.trim()}, not 22.x` };
  return viaProcess(bin, [SMOKE]);
}

/**
 * A Node 20 binary: this one if it is 20, else the first `node` on PATH outside node_modules
 * (with the node@22 package installed, `npm run` puts node_modules/.bin/node first on PATH).
 */
async function node20() {
  const candidates = [process.execPath];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && !dir.includes('node_modules')) candidates.push(join(dir, 'node'));
  }
  for (const bin of candidates) {
    if (!existsSync(bin)) continue;
    const { out } = await run(bin, ['--version']);
    if (out.trim().startsWith('v20.')) return viaProcess(bin, [SMOKE]);
  }
  return { ok: false, detail: `no Node 20 binary found (this is Node ${process.version})` };
}

const RUNTIMES = {
  node20,
  node22,
  deno: () => viaProcess(npxBin('deno'), ['run', SMOKE]),
  bun: () => viaProcess(npxBin('bun'), [SMOKE]),
  workerd,
};

if (!existsSync(join(root, 'dist/index.js'))) {
  console.error('dist/index.js is missing: run `npx tsup` first');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RUNTIMES);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of wanted) {
  const fn = RUNTIMES[name];
  if (!fn) {
    console.log(`${name}: unknown runtime (known: ${Object.keys(RUNTIMES).join(', ')})`);
    failed++;
    continue;
  }
  const started = Date.now();
  const result = await fn().catch((err) => ({ ok: false, detail: String(err?.stack ?? err) }));
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (result.skip) {
    skipped++;
    console.log(`${name.padEnd(8)} SKIP  ${result.skip}`);
    continue;
  }
  if (result.ok) passed++;
  else failed++;
  console.log(`${name.padEnd(8)} ${result.ok ? 'PASS' : 'FAIL'}  ${result.detail} (${secs}s)`);
  if (!result.ok && result.log) console.log(result.log.replace(/^/gm, '         | '));
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
