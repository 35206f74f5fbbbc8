// CSV text for COPY … WITH (FORMAT csv): every value is quoted, so an empty string is "" and NULL is an empty,
// unquoted field; quotes are doubled; commas, newlines and any Unicode text pass through inside the quotes.
import { StoreError, storeMessages } from './errors.js';
import type { CopyRow } from './store.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quote a table or column name after checking it is a plain identifier (COPY cannot take parameters). */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new StoreError('bad-identifier', storeMessages.badIdentifier(name));
  return `"${name}"`;
}

/** `COPY "table" ("a", "b") FROM <source> WITH (FORMAT csv)`. */
export function copyStatement(table: string, columns: readonly string[], source: 'STDIN' | "'/dev/blob'"): string {
  const cols = columns.map(quoteIdentifier).join(', ');
  return `COPY ${quoteIdentifier(table)} (${cols}) FROM ${source} WITH (FORMAT csv)`;
}

/** One CSV line, newline-terminated. */
export function csvLine(row: CopyRow): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (i > 0) line += ',';
    if (value !== null && value !== undefined) line += `"${value.replaceAll('"', '""')}"`;
  }
  return `${line}\n`;
}

/** Progress of `csvChunks`: rows encoded so far. */
export interface CsvCounter {
  rows: number;
}

/**
 * Encode rows as CSV text in chunks of roughly `chunkChars` characters, counting rows into `counter`.
 * Throws when a row's length differs from the column count, so a short row never shifts values into the wrong column.
 */
export async function* csvChunks(
  rows: Iterable<CopyRow> | AsyncIterable<CopyRow>,
  columnCount: number,
  counter: CsvCounter,
  chunkChars = 1 << 20,
): AsyncGenerator<string> {
  let chunk = '';
  for await (const row of rows) {
    if (row.length !== columnCount) {
      throw new Error(`COPY row ${counter.rows + 1} has ${row.length} values; expected ${columnCount}`);
    }
    chunk += csvLine(row);
    counter.rows++;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
