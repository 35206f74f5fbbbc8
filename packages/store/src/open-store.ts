import { sql, Migrator } from 'kysely';
import { defaultAuditKeyFile, loadAuditKey, type AuditKey } from './audit-key.js';
import type { LockNotice } from './data-dir-lock.js';
import { storeMigrations } from './migrations/index.js';
import { openPGliteStore } from './pglite-engine.js';
import { openPostgresStore } from './postgres-engine.js';
import type { Store } from './store.js';

/**
 * Where the element database lives: a PGlite data directory (the default), or a PostgreSQL server URL; and where
 * the audit-chain key file is (default: ANJU_AUDIT_KEY_FILE, else beside the data directory as `<dataDir>.audit-key`,
 * else for a server `~/.config/anju/audit-key-<host>-<port>-<database>`; see audit-key.ts). A data directory is held
 * by one process at a time (its lock file `anju.lock`); `onNotice` hears of a stale lock taken over (default: printed
 * to stderr).
 */
export type OpenStoreOptions = (
  { readonly dataDir: string; readonly onNotice?: (notice: LockNotice) => void } | { readonly databaseUrl: string }
) & {
  readonly auditKeyFile?: string;
};

/**
 * Open the element database and bring its schema up to date. The data directory is created when missing, and the
 * audit-chain key file when missing and the database holds no chain yet; a data directory another process holds is
 * refused with StoreError `store-in-use` naming that process.
 *
 * @example
 * const store = await openStore({ dataDir: './anju-data' });
 * try { … } finally { await store.close(); }
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  let key: AuditKey | undefined;
  const auditKey = (): AuditKey => {
    if (key === undefined) throw new Error('the audit key is read before the store is used');
    return key;
  };
  const store =
    'dataDir' in options
      ? await openPGliteStore(options.dataDir, auditKey, options.onNotice)
      : await openPostgresStore(options.databaseUrl, auditKey);
  try {
    const path = options.auditKeyFile ?? (process.env['ANJU_AUDIT_KEY_FILE'] || defaultAuditKeyFile(options));
    key = await loadAuditKey(path, async () => !(await hasChains(store)));
    const { error } = await new Migrator({ db: store.db, provider: storeMigrations(auditKey) }).migrateToLatest();
    if (error) throw error;
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** Whether the database already holds an audit chain (events recorded before 0008 are chained by it, with this key). */
async function hasChains(store: Store): Promise<boolean> {
  const { rows } = await sql<{ found: boolean | string }>`
    select to_regclass('audit_chain_head') is not null as found`.execute(store.db);
  const found = rows[0]?.found;
  if (!(found === true || found === 't')) return false;
  const heads = await sql<{ one: number }>`select 1 as one from audit_chain_head limit 1`.execute(store.db);
  return heads.rows.length > 0;
}
