import { Migrator } from 'kysely';
import type { LockNotice } from './data-dir-lock.js';
import { storeMigrations } from './migrations/index.js';
import { openPGliteStore } from './pglite-engine.js';
import { openPostgresStore } from './postgres-engine.js';
import type { Store } from './store.js';

/**
 * Where the element database lives: a PGlite data directory (the default), or a PostgreSQL server URL. A data
 * directory is held by one process at a time (its lock file `anju.lock`); `onNotice` hears of a stale lock taken
 * over (default: printed to stderr).
 */
export type OpenStoreOptions =
  { readonly dataDir: string; readonly onNotice?: (notice: LockNotice) => void } | { readonly databaseUrl: string };

/**
 * Open the element database and bring its schema up to date. The data directory is created when missing; a data
 * directory another process holds is refused with StoreError `store-in-use` naming that process.
 *
 * @example
 * const store = await openStore({ dataDir: './anju-data' });
 * try { … } finally { await store.close(); }
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store =
    'dataDir' in options
      ? await openPGliteStore(options.dataDir, options.onNotice)
      : await openPostgresStore(options.databaseUrl);
  try {
    const { error } = await new Migrator({ db: store.db, provider: storeMigrations }).migrateToLatest();
    if (error) throw error;
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
