/**
 * Cold import of the built package (median of N fresh processes, interleaved with an empty
 * `node -e ""` and with @simplewebauthn/server) and the installed size of both packages
 * (`npm pack` + `npm install --omit=dev --offline` into temporary directories).
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './measure.mjs';
import { DIST, ROOT } from './paths.mjs';

function timeProcess(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

/** Package name of a file under node_modules (the innermost one), or undefined. */
function packageOf(path) {
  const p = path.replaceAll('\\', '/');
  const i = p.lastIndexOf('node_modules/');
  if (i < 0) return undefined;
  const parts = p.slice(i + 'node_modules/'.length).split('/');
  if (parts[0] === '.cache') return undefined; // a private build of this package
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Packages a cold import of `specifier` evaluates (from bench/trace-packages.mjs). */
export function packagesLoaded(specifier) {
  const tracer = pathToFileURL(join(ROOT, 'bench', 'trace-packages.mjs')).href;
  const r = spawnSync(process.execPath, ['--import', tracer, '-e', `import(${JSON.stringify(specifier)})`], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const pkgs = new Set();
  for (const line of r.stderr.split('\n')) {
    if (!line.startsWith('@@PKG ')) continue;
    const name = packageOf(decodeURIComponent(line.slice(6).replace(/^file:\/\//, '')));
    if (name !== undefined) pkgs.add(name);
  }
  return [...pkgs].sort();
}

export function coldImport({ runs = 15 } = {}) {
  const tesseraURL = pathToFileURL(join(DIST, 'index.js')).href;
  const cases = {
    empty: ['-e', ''],
    tessera: ['-e', `import(${JSON.stringify(tesseraURL)})`],
    swa: ['-e', `import('@simplewebauthn/server')`],
  };
  const samples = { empty: [], tessera: [], swa: [] };
  const names = Object.keys(cases);
  for (let i = 0; i < runs; i++) {
    const order = names.map((_, k) => names[(i + k) % names.length]);
    for (const name of order) samples[name].push(timeProcess(cases[name]));
  }
  const m = Object.fromEntries(names.map((n) => [n, median(samples[n])]));
  return {
    runs,
    medianMs: m,
    tesseraOverEmpty: m.tessera - m.empty,
    swaOverEmpty: m.swa - m.empty,
    tesseraPackages: packagesLoaded(tesseraURL),
    swaPackages: packagesLoaded('@simplewebauthn/server'),
  };
}

function walk(dir) {
  let apparent = 0;
  let allocated = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    const st = lstatSync(p);
    if (entry.isDirectory()) {
      const sub = walk(p);
      apparent += sub.apparent;
      allocated += sub.allocated;
      allocated += st.blocks * 512;
    } else {
      apparent += st.size;
      allocated += st.blocks * 512;
    }
  }
  return { apparent, allocated };
}

function countPackages(nodeModules) {
  let n = 0;
  for (const e of readdirSync(nodeModules, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    if (e.name.startsWith('@')) n += readdirSync(join(nodeModules, e.name)).length;
    else n++;
  }
  return n;
}

function npm(args, cwd) {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', shell: process.platform === 'win32' });
  if (r.status !== 0)
    throw new Error(`npm ${args.join(' ')}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  return r.stdout;
}

function installInto(dir, spec) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'size-probe', version: '1.0.0', private: true }));
  npm(
    ['install', '--omit=dev', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', spec],
    dir,
  );
  const nm = join(dir, 'node_modules');
  return { ...walk(nm), packages: countPackages(nm) };
}

/** Installed size of the packed package vs @simplewebauthn/server, production dependencies only. */
export function installedSize() {
  const tmp = mkdtempSync(join(tmpdir(), 'tessera-size-'));
  try {
    const tarball = npm(['pack', '--pack-destination', tmp, '--silent'], ROOT).trim().split('\n').pop();
    const swaVersion = JSON.parse(
      readFileSync(join(ROOT, 'node_modules/@simplewebauthn/server/package.json'), 'utf8'),
    ).version;
    const tessera = installInto(join(tmp, 'tessera'), join(tmp, tarball));
    const swa = installInto(join(tmp, 'swa'), `@simplewebauthn/server@${swaVersion}`);
    // The package's own share (dist, sourcemaps, types) vs its dependencies.
    const own = walk(join(tmp, 'tessera', 'node_modules', '@tessera'));
    return { tessera, swa, swaVersion, tesseraOwn: own };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
