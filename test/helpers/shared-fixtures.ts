/**
 * Locates the public fixtures in `../shared/fixtures` (beside the checkout). They are never
 * copied into the repo; when the folder is absent, suites that need it are skipped with a notice.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Absolute path of `../shared/fixtures`, or `undefined` when it is absent. */
export const SHARED_FIXTURES: string | undefined = (() => {
  const dir = process.env.TESSERA_SHARED_FIXTURES ?? resolve(here, '../../../shared/fixtures');
  return existsSync(join(dir, 'README.md')) ? dir : undefined;
})();

let warned = false;
/** True when the shared fixtures exist; prints a notice once when they do not. */
export function hasSharedFixtures(suite: string): boolean {
  if (SHARED_FIXTURES !== undefined) return true;
  if (!warned) {
    warned = true;
    console.warn(`[tessera] ../shared/fixtures not found: skipping ${suite} (and other suites that need it)`);
  }
  return false;
}

/** Reads a file under the shared fixtures folder. */
export function readShared(relative: string): Buffer {
  if (SHARED_FIXTURES === undefined) throw new Error('shared fixtures absent');
  return readFileSync(join(SHARED_FIXTURES, relative));
}

/** Parses a JSON file under the shared fixtures folder. */
export function readSharedJSON<T = unknown>(relative: string): T {
  return JSON.parse(readShared(relative).toString('utf8')) as T;
}

/** Lists file names in a folder under the shared fixtures. */
export function listShared(relative: string): string[] {
  if (SHARED_FIXTURES === undefined) return [];
  return readdirSync(join(SHARED_FIXTURES, relative)).sort();
}
