// Kysely 0.28 ships no PGlite dialect. PGlite is one in-process Postgres backend with one connection, so the driver
// hands that connection to one user at a time: a transaction holds it from BEGIN to COMMIT and no other query can
// slip in between.
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
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
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/** A first-come, first-served lock. `lock()` resolves with the function that releases it. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  lock(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return acquired;
  }
}

/** Runs compiled queries on a PGlite instance. The caller must hold the instance's mutex. */
export class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters]);
    const command = result.command;
    const affects = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
    return affects ? { rows: result.rows, numAffectedRows: BigInt(result.rowCount ?? 0) } : { rows: result.rows };
  }

  // PGlite materialises whole results in memory anyway, so a stream is one chunk.
  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(compiledQuery);
  }
}

/** Driver over one PGlite instance; `mutex` serialises connection use (shared with `Store.transaction`). */
class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;
  readonly #mutex: Mutex;
  readonly #beforeAcquire: () => void;
  readonly #releases = new Map<DatabaseConnection, () => void>();

  constructor(pglite: PGlite, mutex: Mutex, beforeAcquire: () => void) {
    this.#connection = new PGliteConnection(pglite);
    this.#mutex = mutex;
    this.#beforeAcquire = beforeAcquire;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#beforeAcquire();
    const release = await this.#mutex.lock();
    this.#releases.set(this.#connection, release);
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
    if (settings.accessMode) statement += ` ${settings.accessMode}`;
    await connection.executeQuery(CompiledQuery.raw(statement));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const release = this.#releases.get(connection);
    this.#releases.delete(connection);
    release?.();
  }

  // The store owns the PGlite instance and closes it after Kysely is destroyed.
  async destroy(): Promise<void> {}
}

/**
 * Kysely dialect for PGlite: Postgres SQL, adapter and introspection, over the single PGlite connection.
 *
 * @example
 * const mutex = new Mutex();
 * const db = new Kysely<Database>({ dialect: new PGliteDialect(new PGlite(dir), mutex) });
 */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite;
  readonly #mutex: Mutex;
  readonly #beforeAcquire: () => void;

  /** `beforeAcquire` may throw to refuse a query (the store uses it to catch `store.db` inside a transaction). */
  constructor(pglite: PGlite, mutex: Mutex, beforeAcquire: () => void = () => undefined) {
    this.#pglite = pglite;
    this.#mutex = mutex;
    this.#beforeAcquire = beforeAcquire;
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#pglite, this.#mutex, this.#beforeAcquire);
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
