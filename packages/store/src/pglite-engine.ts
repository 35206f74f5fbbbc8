import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { copyChunks, copyStatement } from './copy-text.js';
import { acquireDataDirLock, type LockNotice } from './data-dir-lock.js';
import { StoreError, storeMessages } from './errors.js';
import { Mutex, PGliteConnection, PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';
import { SingleConnectionDialect } from './single-connection-dialect.js';
import type { AuditKey } from './audit-key.js';
import type { Store, StoreTx } from './store.js';
import { TransactionScope } from './transaction-scope.js';
import { keepText, TEXT_AS_IS_OIDS } from './type-parsers.js';

// Characters of COPY text per COPY statement (about 130,000 observations).
const PGLITE_COPY_BATCH_CHARS = 1 << 24;

/**
 * Open (creating if needed) the PGlite database in `dataDir`, holding its lock file until `close` (one process at a
 * time: StoreError `store-in-use` otherwise). A stale lock taken over is passed to `onNotice`. Migrations are run by
 * `openStore`; `auditKey` links the audit events its transactions append.
 */
export async function openPGliteStore(
  dataDir: string,
  auditKey: () => AuditKey,
  onNotice: (notice: LockNotice) => void = writeNotice,
): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDataDirLock(dataDir);
  for (const notice of lock.notices) onNotice(notice);
  let pglite: PGlite;
  try {
    const parsers = Object.fromEntries(TEXT_AS_IS_OIDS.map((oid) => [oid, keepText]));
    pglite = new PGlite(dataDir, { parsers });
    await pglite.waitReady;
  } catch (error) {
    lock.release();
    throw error;
  }
  const mutex = new Mutex();
  const scope = new TransactionScope();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, mutex, () => scope.assertOutside()) });
  const connection = new PGliteConnection(pglite);

  return {
    engine: 'pglite',
    db,
    get auditKey() {
      return auditKey();
    },
    async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      scope.assertOutside();
      const release = await mutex.lock();
      const dialect = new SingleConnectionDialect(connection);
      let open = true;
      const copyText = async (
        table: string,
        columns: readonly string[],
        chunks: Iterable<string> | AsyncIterable<string>,
      ): Promise<number> => {
        if (!open) throw new StoreError('transaction-closed', storeMessages.transactionClosed());
        const statement = copyStatement(table, columns, "'/dev/blob'");
        // PGlite reads COPY data from a Blob it holds in memory: load it in batches, several COPY statements in
        // this one transaction, so a million rows never sit in memory at once.
        let loaded = 0;
        let batch: string[] = [];
        let batchChars = 0;
        const flush = async (): Promise<void> => {
          if (batchChars === 0) return;
          const blob = new Blob(batch);
          batch = [];
          batchChars = 0;
          const result = await pglite.query(statement, [], { blob });
          loaded += result.rowCount ?? result.affectedRows ?? 0;
        };
        for await (const chunk of chunks) {
          batch.push(chunk);
          batchChars += chunk.length;
          if (batchChars >= PGLITE_COPY_BATCH_CHARS) await flush();
        }
        await flush();
        return loaded;
      };
      const hooks: (() => Promise<void>)[] = [];
      const tx: StoreTx = {
        db: new Kysely<Database>({ dialect }),
        auditKey: auditKey(),
        beforeCommit: (hook) => void hooks.push(hook),
        copyText,
        copyRows: (table, columns, rows) => copyText(table, columns, copyChunks(rows, columns.length, { rows: 0 })),
      };
      try {
        await pglite.query('begin');
        let result: T;
        try {
          result = await scope.run(async () => {
            const value = await fn(tx);
            for (const hook of hooks) await hook();
            return value;
          });
        } catch (error) {
          // Keep the caller's error; a failed ROLLBACK leaves nothing committed either.
          await pglite.query('rollback').catch(() => undefined);
          throw error;
        }
        const commit = await pglite.query('commit');
        // COMMIT of a transaction that already failed rolls back instead; never report that as success.
        if (commit.command === 'ROLLBACK') {
          throw new StoreError('transaction-aborted', storeMessages.transactionAborted());
        }
        return result;
      } finally {
        open = false;
        dialect.end();
        release();
      }
    },
    async close(): Promise<void> {
      try {
        await db.destroy();
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}

function writeNotice(notice: LockNotice): void {
  process.stderr.write(`${notice.messageZh}\n${notice.messageEn}\n`);
}
