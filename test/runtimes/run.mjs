/**
 * Entry for Node, Deno and Bun: `node test/runtimes/run.mjs`, `deno run test/runtimes/run.mjs`,
 * `bun test/runtimes/run.mjs`. Imports the BUILT package (run `tsup` first), prints one line per
 * check and a final JSON line `{"runtime":…,"passed":N,"failed":M}`; exits 1 on any failure.
 */
import * as lib from '../../dist/index.js';
import { smoke } from './smoke.mjs';

const runtime =
  typeof globalThis.Deno !== 'undefined'
    ? `deno ${globalThis.Deno.version.deno}`
    : typeof globalThis.Bun !== 'undefined'
      ? `bun ${globalThis.Bun.version}`
      : `node ${globalThis.process?.versions?.node}`;

const { passed, failed, lines } = await smoke(lib);
for (const line of lines) console.log(line);
console.log(JSON.stringify({ runtime, passed, failed }));
if (failed > 0 || passed === 0) {
  if (typeof globalThis.Deno !== 'undefined') globalThis.Deno.exit(1);
  else globalThis.process.exit(1);
}
