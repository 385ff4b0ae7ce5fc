import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      attestation: 'src/attestation/index.ts',
      metadata: 'src/metadata/index.ts',
      testing: 'src/testing/index.ts',
      browser: 'src/browser/index.ts',
      'stores/memory': 'src/stores/memory.ts',
      'stores/redis': 'src/stores/redis.ts',
      'stores/postgres': 'src/stores/postgres.ts',
      'stores/sqlite': 'src/stores/sqlite.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    treeshake: true,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
