import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { copyStatement, csvChunks } from './copy-csv.js';
import { StoreError, storeMessages } from './errors.js';
import { Mutex, PGliteConnection, PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';
import { SingleConnectionDialect } from './single-connection-dialect.js';
import type { CopyRow, Store, StoreTx } from './store.js';
import { TransactionScope } from './transaction-scope.js';
import { keepText, TEXT_AS_IS_OIDS } from './type-parsers.js';

/** Open (creating if needed) the PGlite database in `dataDir`. Migrations are run by `openStore`. */
export async function openPGliteStore(dataDir: string): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  const parsers = Object.fromEntries(TEXT_AS_IS_OIDS.map((oid) => [oid, keepText]));
  const pglite = new PGlite(dataDir, { parsers });
  await pglite.waitReady;
  const mutex = new Mutex();
  const scope = new TransactionScope();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, mutex, () => scope.assertOutside()) });
  const connection = new PGliteConnection(pglite);

  return {
    engine: 'pglite',
    db,
    async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      scope.assertOutside();
      const release = await mutex.lock();
      const dialect = new SingleConnectionDialect(connection);
      let open = true;
      const tx: StoreTx = {
        db: new Kysely<Database>({ dialect }),
        async copyRows(table: string, columns: readonly string[], rows: Iterable<CopyRow> | AsyncIterable<CopyRow>) {
          if (!open) throw new StoreError('transaction-closed', storeMessages.transactionClosed());
          const counter = { rows: 0 };
          const chunks: string[] = [];
          for await (const chunk of csvChunks(rows, columns.length, counter)) chunks.push(chunk);
          if (counter.rows === 0) return 0;
          const result = await pglite.query(copyStatement(table, columns, "'/dev/blob'"), [], {
            blob: new Blob(chunks),
          });
          return result.rowCount ?? counter.rows;
        },
      };
      try {
        await pglite.query('begin');
        let result: T;
        try {
          result = await scope.run(() => fn(tx));
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
      await db.destroy();
      await pglite.close();
    },
  };
}
