import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery, Kysely, PostgresDialect, type DatabaseConnection, type QueryResult } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { copyChunks, copyStatement } from './copy-text.js';
import { StoreError, storeMessages } from './errors.js';
import type { Database } from './schema.js';
import { SingleConnectionDialect } from './single-connection-dialect.js';
import type { AuditKey } from './audit-key.js';
import type { Store, StoreTx } from './store.js';
import { TransactionScope } from './transaction-scope.js';
import { keepText, TEXT_AS_IS_OIDS } from './type-parsers.js';

// Per-pool parsers, so this store never changes how other pg users in the process parse values.
const storeTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    TEXT_AS_IS_OIDS.includes(oid) && format !== 'binary'
      ? keepText
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Runs compiled queries on one checked-out pg client (inside a store transaction). */
class PgClientConnection implements DatabaseConnection {
  readonly #client: pg.PoolClient;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#client.query(compiledQuery.sql, [...compiledQuery.parameters]);
    const affects = ['INSERT', 'UPDATE', 'DELETE', 'MERGE'].includes(result.command);
    const rows = (result.rows ?? []) as R[];
    return affects ? { rows, numAffectedRows: BigInt(result.rowCount ?? 0) } : { rows };
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(compiledQuery);
  }
}

/** Connect to a PostgreSQL server (15 or later). Migrations are run by `openStore`. */
export async function openPostgresStore(databaseUrl: string, auditKey: () => AuditKey): Promise<Store> {
  const pool = new pg.Pool({ connectionString: databaseUrl, types: storeTypes });
  // An idle client can be cut off by the server (restart, admin termination, a dropped database). pg emits that on the
  // pool and, with no listener, it would crash the process; the pool has already discarded the client and the next
  // query opens a new connection, so there is nothing else to do here.
  pool.on('error', () => undefined);
  const scope = new TransactionScope();
  const guardedPool = {
    connect: () => {
      scope.assertOutside();
      return pool.connect();
    },
    end: () => pool.end(),
  };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guardedPool }) });
  // Fail here, not at the first query, when the server is unreachable.
  try {
    await db.executeQuery(CompiledQuery.raw('select 1'));
  } catch (error) {
    await db.destroy();
    throw error;
  }

  return {
    engine: 'postgres',
    db,
    get auditKey() {
      return auditKey();
    },
    async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
      scope.assertOutside();
      const client = await pool.connect();
      const dialect = new SingleConnectionDialect(new PgClientConnection(client));
      let open = true;
      let broken: Error | undefined;
      const copyText = async (
        table: string,
        columns: readonly string[],
        chunks: Iterable<string> | AsyncIterable<string>,
      ): Promise<number> => {
        if (!open) throw new StoreError('transaction-closed', storeMessages.transactionClosed());
        // Streams: the server parses and indexes one chunk while the caller reads and checks the next.
        const stream = client.query(copyStreams.from(copyStatement(table, columns, 'STDIN')));
        await pipeline(Readable.from(chunks), stream);
        return stream.rowCount;
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
        await client.query('begin');
        let result: T;
        try {
          result = await scope.run(async () => {
            const value = await fn(tx);
            for (const hook of hooks) await hook();
            return value;
          });
        } catch (error) {
          try {
            await client.query('rollback');
          } catch (rollbackError) {
            broken = rollbackError as Error;
          }
          throw error;
        }
        const commit = await client.query('commit');
        // COMMIT of a transaction that already failed rolls back instead; never report that as success.
        if (commit.command === 'ROLLBACK') {
          throw new StoreError('transaction-aborted', storeMessages.transactionAborted());
        }
        return result;
      } finally {
        open = false;
        dialect.end();
        // A client whose rollback failed is in an unknown state: let the pool discard it.
        client.release(broken ?? false);
      }
    },
    async close(): Promise<void> {
      await db.destroy();
    },
  };
}
