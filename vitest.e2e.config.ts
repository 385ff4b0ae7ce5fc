import { defineConfig } from 'vitest/config';

/**
 * End-to-end suite: real Chromium (Debian's `chromium`, or CHROMIUM_PATH) driven by playwright-core
 * with CDP virtual authenticators, against the demo app built on dist/ (run `tsup` first).
 * `npm run test:e2e` → `vitest run --config vitest.e2e.config.ts`.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
