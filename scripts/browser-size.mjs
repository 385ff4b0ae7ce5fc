#!/usr/bin/env node
/**
 * Measures the browser companion as users ship it: dist/browser.js (built by tsup) bundled and
 * minified with esbuild, then gzipped (level 9). Fails when it exceeds the budget.
 *
 *   node scripts/browser-size.mjs            # needs dist/ (npx tsup)
 *   node scripts/browser-size.mjs --src      # measures src/browser/index.ts directly, no build needed
 *   BROWSER_SIZE_BUDGET=3072 node scripts/browser-size.mjs
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const budget = Number(process.env.BROWSER_SIZE_BUDGET ?? 3 * 1024);
const fromSource = process.argv.includes('--src');
const entry = join(root, fromSource ? 'src/browser/index.ts' : 'dist/browser.js');

if (!existsSync(entry)) {
  console.error(`browser-size: ${entry.slice(root.length + 1)} not found; run \`npx tsup\` first (or pass --src)`);
  process.exit(1);
}

const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  write: false,
  legalComments: 'none',
  logLevel: 'silent',
});
const code = result.outputFiles[0].contents;
const gz = gzipSync(code, { level: 9 }).length;
const ok = gz <= budget;
console.log(
  `browser companion: ${code.length} B minified, ${gz} B min+gzip (budget ${budget} B): ${ok ? 'OK' : 'OVER BUDGET'}`,
);
console.log(ok ? '1 passed, 0 failed' : '0 passed, 1 failed');
process.exit(ok ? 0 : 1);
