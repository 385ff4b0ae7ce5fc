import { statSync } from 'node:fs';
import { defineConfig, mergeConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.js';

/**
 * Test files that take seconds each (Wycheproof over three backends, RSA key generation). They run
 * last, so a mutant that a quick, targeted test kills never waits for them.
 */
const SLOW = ['test/crypto/wycheproof.test.ts', 'test/attacks/cose.test.ts', 'test/crypto/verify.test.ts'];

/** Folder being mutated (`TESSERA_MUTATE=encoding`, set by scripts/mutation.sh), if one is. */
const MUTATED = process.env.TESSERA_MUTATE;

/**
 * StrykerJS stops a mutant's run at the first failing test (bail), so the order decides the cost:
 * the mutated folder's own tests first (`TESSERA_MUTATE=encoding`, set by scripts/mutation.sh),
 * then smaller files before larger ones, the slow files last. The order never changes which tests
 * run for a surviving mutant: all of its covering tests do.
 */
class CheapFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const key = (file: TestSpecification): [number, number, number] => {
      const path = file.moduleId.replaceAll('\\', '/');
      const slow = SLOW.findIndex((s) => path.endsWith(s));
      const own = MUTATED !== undefined && path.includes(`/test/${MUTATED}/`) ? 0 : 1;
      return [slow === -1 ? 0 : 1 + slow, own, statSync(file.moduleId).size];
    };
    const keyed = files.map((file) => ({ file, key: key(file) }));
    keyed.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
    return keyed.map((k) => k.file);
  }
}

/**
 * The unit suite as StrykerJS runs it (StrykerJS 10 needs Node >= 22), minus:
 * - test/testing/**: the tests of the software authenticator (src/testing is not mutated). They
 *   replay every fixture and generate RSA keys, so a surviving mutant on the hot path paid about
 *   40 s for them; the targeted tests, the attack catalogue and the properties remain. (One of
 *   them, authenticator.test.ts, also cannot pass on Node 22: node:crypto's subjectAltName text
 *   differs.)
 * - the SQLite store tests: better-sqlite3 is a native module built for the machine's Node.
 * - Wycheproof (30 s) unless src/crypto, the folder it tests, is mutated.
 * Leaving tests out can only lower the score, never raise it.
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/integration/**',
        'test/e2e/**',
        'node_modules/**',
        'test/testing/**',
        'test/stores/sqlite.test.ts',
        'test/relying-party/sqlite-backed.test.ts',
        ...(MUTATED === undefined || MUTATED === 'crypto' ? [] : ['test/crypto/wycheproof.test.ts']),
      ],
      sequence: { sequencer: CheapFirstSequencer },
    },
  }),
);
