import { defineConfig } from 'vitest/config';

/**
 * `npm run fuzz`: the bounded, seeded fuzz run over every parser and both verify functions,
 * against the TypeScript sources (no build needed). Knobs (environment):
 * FUZZ_SEED (default: time-based, printed), FUZZ_SECONDS (total budget, default 60),
 * FUZZ_ITERATIONS (cap per entry point, default 1,000,000).
 */
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.fuzz.ts'],
    testTimeout: 15 * 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
