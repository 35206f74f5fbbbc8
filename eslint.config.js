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

/**
 * The arrows between packages point down (STYLE.md "The house"; ARCHITECTURE.md): a package may not import one above
 * it, by name or by a relative path into its sources. One rule per package, so a forbidden import fails the lint.
 */
function packageBoundary(pkg, forbidden, why, ignores = []) {
  return {
    files: [`packages/${pkg}/src/**/*.ts`],
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map((other) => ({
            group: [`@anju/${other}`, `@anju/${other}/*`, `**/${other}/src/**`],
            message: `${pkg} may not import ${other}: ${why}`,
          })),
        },
      ],
    },
  };
}

const storeBoundary = packageBoundary(
  'store',
  ['api', 'cli', 'intake', 'services', 'web'],
  'the store sits under every adapter and reader; they call it, never the reverse.',
);
const intakeBoundary = packageBoundary(
  'intake',
  ['api', 'cli', 'services', 'web'],
  'intake reads files into the store; the adapters and services call it.',
);
const samplesBoundary = packageBoundary(
  'samples',
  ['api', 'cli', 'intake', 'services', 'store', 'web'],
  'samples is bundled data over core; every other package may read it.',
  // Its tests read the sample files the way an import does (intake's readers).
  ['packages/samples/src/**/*.test.ts'],
);
const apiBoundary = packageBoundary('api', ['cli', 'web'], 'the HTTP adapter is beside the CLI, not under it.');

/** The dashboard talks to the API over HTTP: it may import the API's types (AppType), never its code or the rest. */
const webBoundary = {
  files: ['packages/web/src/**/*.{ts,tsx}'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: [
          {
            name: '@anju/api',
            allowTypeImports: true,
            message: 'web may import only types from @anju/api (`import type`); it reaches the API over HTTP.',
          },
        ],
        patterns: [
          {
            group: ['@anju/*', '!@anju/api', '**/packages/*/src/**', '../../*/src/**'],
            message: 'web may import only types from @anju/api; the other packages run on the server.',
          },
        ],
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
  storeBoundary,
  intakeBoundary,
  samplesBoundary,
  apiBoundary,
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
  webBoundary,
);
