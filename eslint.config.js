// One linter for the whole house; `npm run lint` allows zero warnings.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** core is pure computation: no I/O, no clock, no ambient randomness, no other Anju package (STYLE.md "The house"). */
const coreBoundary = {
  files: ['packages/core/src/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['node:*'], message: 'core is pure: no Node built-ins (I/O belongs in store, intake or cli).' },
          {
            group: [
              'fs',
              'fs/*',
              'path',
              'os',
              'child_process',
              'net',
              'http',
              'https',
              'crypto',
              'stream',
              'worker_threads',
            ],
            message: 'core is pure: no I/O modules.',
          },
          { group: ['@anju/*'], message: 'core may not import the other Anju packages; arrows point down to core.' },
          {
            group: ['pg', 'pg-*', '@electric-sql/*', 'kysely', 'exceljs', 'csv-parse', 'commander', 'hono', 'react'],
            message: 'core takes no database, file or framework dependency.',
          },
        ],
      },
    ],
    'no-restricted-globals': [
      'error',
      { name: 'process', message: 'core receives configuration; it does not read the environment.' },
      { name: 'fetch', message: 'core does no I/O.' },
      { name: 'setTimeout', message: 'core has no clock.' },
      { name: 'setInterval', message: 'core has no clock.' },
    ],
    'no-restricted-properties': [
      'error',
      { object: 'Math', property: 'random', message: 'Randomness is an input: take a seeded generator (core/random).' },
      { object: 'Date', property: 'now', message: 'Time is an input: take the clock reading as a parameter.' },
    ],
    'no-restricted-syntax': [
      'error',
      {
        selector: "NewExpression[callee.name='Date'][arguments.length=0]",
        message: 'Time is an input: take the clock reading as a parameter.',
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: [
      '.tmp/**',
      '**/dist/**',
      '**/node_modules/**',
      'anju-data/**',
      'packages/samples/data/**',
      'bench/out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // noUncheckedIndexedAccess makes every a[i] optional; inside bounds-checked loops `!` is the honest spelling.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  coreBoundary,
  {
    // The dashboard: React components in .tsx, running in the browser (its e2e tests run in Node).
    files: ['packages/web/**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
  },
  {
    files: ['packages/web/e2e/**/*.ts', 'packages/web/vite.config.ts'],
    languageOptions: { globals: { ...globals.node } },
  },
);
