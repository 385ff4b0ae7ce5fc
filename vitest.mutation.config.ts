import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The unit suite as StrykerJS runs it (StrykerJS 10 needs Node >= 22). Left out, because they
 * cannot pass on Node 22 and test folders that are not mutated: test/testing/authenticator.test.ts
 * (cross-checks certificates with node:crypto, whose subjectAltName text differs on Node 22) and
 * the SQLite store tests (better-sqlite3 is a native module built for the machine's Node).
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/integration/**',
        'test/e2e/**',
        'node_modules/**',
        'test/testing/authenticator.test.ts',
        // better-sqlite3 is a native module built for the machine's Node (20).
        'test/stores/sqlite.test.ts',
        'test/relying-party/sqlite-backed.test.ts',
      ],
    },
  }),
);
