import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string): string => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@anju/core': src('core'),
      '@anju/store': src('store'),
      '@anju/intake': src('intake'),
      '@anju/samples': src('samples'),
      '@anju/api': src('api'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/web/e2e/**/*.test.ts'],
    // Starts a throwaway PostgreSQL 15 cluster only when ANJU_TEST_ENGINE=postgres.
    globalSetup: ['packages/store/src/testing/pg-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    allowOnly: false,
    pool: 'forks',
  },
});
