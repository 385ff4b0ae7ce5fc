import { defineConfig } from 'vitest/config';

// Integration suite: the stores and the relying party against real Redis and PostgreSQL servers.
// Start them first (scripts/services.sh start prints REDIS_URL and DATABASE_URL), then:
//   npx vitest run --config vitest.integration.config.ts
export default defineConfig({
  test: {
    include: ['test/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The files share one Redis and one PostgreSQL server; each uses its own key prefix / schema.
    fileParallelism: true,
  },
});
