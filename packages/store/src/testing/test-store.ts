// One test suite for both engines: PGlite in a temporary directory by default, or a fresh database on the
// throwaway PostgreSQL cluster (see pg-global-setup.ts) when ANJU_TEST_ENGINE=postgres.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type OpenStoreOptions } from '../open-store.js';
import type { Store } from '../store.js';

export type TestEngine = 'pglite' | 'postgres';

/** The engine this test run targets: ANJU_TEST_ENGINE=postgres, or PGlite. */
export function testEngine(): TestEngine {
  return process.env['ANJU_TEST_ENGINE'] === 'postgres' ? 'postgres' : 'pglite';
}

/** An empty place for a store (a temp directory or a new database) that tests may open more than once. */
export interface TestLocation {
  readonly options: OpenStoreOptions;
  /** Remove the directory or drop the database. Close every store opened on it first. */
  dispose(): Promise<void>;
}

/**
 * Create an empty location on the engine under test. The PGlite data directory does not exist yet; the audit key
 * file goes beside it (PGlite's default) or into a temporary directory of its own (PostgreSQL).
 */
export async function createTestLocation(): Promise<TestLocation> {
  const dir = await mkdtemp(join(tmpdir(), 'anju-store-'));
  const removeDir = (): Promise<void> => rm(dir, { recursive: true, force: true });
  if (testEngine() === 'pglite') return { options: { dataDir: join(dir, 'data') }, dispose: removeDir };
  // Imported lazily so that importing this module outside Vitest (the benchmark) does not load Vitest.
  const { inject } = await import('vitest');
  const adminUrl = inject('anjuPostgresUrl');
  if (!adminUrl) {
    throw new Error(
      'ANJU_TEST_ENGINE=postgres but no cluster URL was provided: register ' +
        "'packages/store/src/testing/pg-global-setup.ts' as a Vitest globalSetup.",
    );
  }
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString(), auditKeyFile: join(dir, 'audit-key') },
    dispose: async () => {
      await withAdmin(adminUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`));
      await removeDir();
    },
  };
}

/**
 * Open a fresh, migrated store on the engine under test; `close()` also removes its directory or database. Pass
 * another store's `auditKey.path` to share its key (a restore verifies the backup's chains with it).
 */
export async function openTestStore(options: { readonly auditKeyFile?: string } = {}): Promise<Store> {
  const location = await createTestLocation();
  let store: Store;
  try {
    store = await openStore({ ...location.options, ...options });
  } catch (error) {
    await location.dispose();
    throw error;
  }
  return {
    engine: store.engine,
    db: store.db,
    auditKey: store.auditKey,
    transaction: (fn) => store.transaction(fn),
    async close() {
      await store.close();
      await location.dispose();
    },
  };
}

async function withAdmin(url: string, fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}
