import type { Kysely } from 'kysely';
import type { AuditKey } from './audit-key.js';
import type { Database } from './schema.js';

/** One row for `copyRows`: a value per column, `null` for SQL NULL ('' stays an empty string). */
export type CopyRow = readonly (string | null)[];

/** The work done inside one database transaction: queries through `db`, bulk loads through `copyRows` or `copyText`. */
export interface StoreTx {
  /** A Kysely bound to the transaction's connection. Use it (not `Store.db`) for everything inside the transaction. */
  readonly db: Kysely<Database>;
  /**
   * Bulk-load rows with `COPY … FROM` in CSV format, inside this transaction. Returns the number of rows loaded.
   *
   * @example
   * await store.transaction((tx) => tx.copyRows('city', ['city_code', 'name_zh', 'name_en'], [['620700', '张掖市', 'Zhangye']]));
   * // → 1
   */
  copyRows(
    table: string,
    columns: readonly string[],
    rows: Iterable<CopyRow> | AsyncIterable<CopyRow>,
  ): Promise<number>;
  /**
   * Bulk-load rows already encoded as COPY text (tab-separated, `\N` for NULL, backslash escapes: build lines with
   * `copyLine` or `copyField`), inside this transaction. Each chunk holds whole lines, each ending in a newline.
   * The fast path for millions of rows: no array per row. Returns the number of rows loaded.
   *
   * @example
   * await store.transaction((tx) => tx.copyText('city', ['city_code', 'name_zh', 'name_en'], ['620700\t张掖市\tZhangye\n']));
   * // → 1
   */
  copyText(
    table: string,
    columns: readonly string[],
    chunks: Iterable<string> | AsyncIterable<string>,
  ): Promise<number>;
  /** The key that links the audit chains (the store's, see `Store.auditKey`). */
  readonly auditKey: AuditKey;
  /**
   * Run `hook` inside this transaction just before COMMIT, after the work itself has succeeded (hooks run in the
   * order they were added; one that throws rolls everything back). The audit trail appends its events this way, so
   * the chain heads are locked only for the moment of the commit and a rolled-back write never draws an event id.
   */
  beforeCommit(hook: () => Promise<void>): void;
}

/** An open element database on one of the two engines. */
export interface Store {
  readonly engine: 'pglite' | 'postgres';
  /** For reads outside a transaction. Inside `transaction()` it refuses queries (use `tx.db`). */
  readonly db: Kysely<Database>;
  /** The key that links the audit chains (HMAC-SHA256), read from a file outside the database; see audit-key.ts. */
  readonly auditKey: AuditKey;
  /** Run `fn` in one database transaction: committed when it resolves, rolled back when it throws. Not nestable. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Close PGlite or end the pg pool. */
  close(): Promise<void>;
}

/** Either function-style API target: a whole store, or an open transaction. */
export type Queryable = Store | StoreTx;
