// A Kysely dialect over one connection that is already inside a transaction (a pg PoolClient after BEGIN, or the
// PGlite connection while its mutex is held). Kysely queries and COPY then share the same transaction.
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
} from 'kysely';
import { StoreError, storeMessages } from './errors.js';

/** The dialect for a `StoreTx.db`: every query goes to `connection`; nested transactions are refused. */
export class SingleConnectionDialect implements Dialect {
  readonly #driver: SingleConnectionDriver;

  constructor(connection: DatabaseConnection) {
    this.#driver = new SingleConnectionDriver(connection);
  }

  /** Called when the transaction ends, so a leaked `tx.db` cannot run queries outside it. */
  end(): void {
    this.#driver.ended = true;
  }

  createDriver(): Driver {
    return this.#driver;
  }
  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}

class SingleConnectionDriver implements Driver {
  readonly #connection: DatabaseConnection;
  ended = false;

  constructor(connection: DatabaseConnection) {
    this.#connection = connection;
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.ended) throw new StoreError('transaction-closed', storeMessages.transactionClosed());
    return this.#connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('already inside a store transaction; nested transactions are not supported');
  }
  async commitTransaction(): Promise<void> {
    throw new Error('the store transaction commits when its function resolves');
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error('the store transaction rolls back when its function throws');
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}
