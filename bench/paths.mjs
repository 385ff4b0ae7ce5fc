/** Where the built package is: `dist/` (override with TESSERA_BENCH_DIST, e.g. a private build). */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = process.env.TESSERA_BENCH_DIST ? resolve(ROOT, process.env.TESSERA_BENCH_DIST) : join(ROOT, 'dist');
export const distURL = (file) => pathToFileURL(join(DIST, file)).href;
