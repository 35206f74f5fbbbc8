// Data for COPY … FROM in PostgreSQL's text format: one line per row, fields separated by tabs, NULL as \N, and a
// backslash, tab, newline or carriage return inside a value escaped with a backslash. The text format is the
// cheapest for the server to parse (no quotes to scan), which matters most on PGlite, where parsing runs in the
// same thread as the import.
import { StoreError, storeMessages } from './errors.js';
import type { CopyRow } from './store.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Quote a table or column name after checking it is a plain identifier (COPY cannot take parameters). */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new StoreError('bad-identifier', storeMessages.badIdentifier(name));
  return `"${name}"`;
}

/** `COPY "table" ("a", "b") FROM <source>` in the text format. */
export function copyStatement(table: string, columns: readonly string[], source: 'STDIN' | "'/dev/blob'"): string {
  const cols = columns.map(quoteIdentifier).join(', ');
  return `COPY ${quoteIdentifier(table)} (${cols}) FROM ${source}`;
}

/** One value as a text-format field: `\N` for NULL, special characters escaped. */
export function copyField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (c) => ESCAPES[c]!) : value;
}

/** One row as a text-format line, newline-terminated. */
export function copyLine(row: CopyRow): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) line += '\t';
    line += copyField(row[i]);
  }
  return `${line}\n`;
}

/** Progress of `copyChunks`: rows encoded so far. */
export interface CopyCounter {
  rows: number;
}

/**
 * Characters per chunk of COPY text: large enough that per-chunk costs vanish, small enough that the lines of a
 * chunk die young (a chunk of megabytes keeps tens of thousands of strings alive through several minor GCs).
 */
export const COPY_CHUNK_CHARS = 1 << 16;

/**
 * Encode rows as COPY text in chunks of roughly `chunkChars` characters, counting rows into `counter`.
 * Throws when a row's length differs from the column count, so a short row never shifts values into the wrong column.
 */
export async function* copyChunks(
  rows: Iterable<CopyRow> | AsyncIterable<CopyRow>,
  columnCount: number,
  counter: CopyCounter,
  chunkChars = COPY_CHUNK_CHARS,
): AsyncGenerator<string> {
  let lines: string[] = [];
  let chars = 0;
  for await (const row of rows) {
    if (row.length !== columnCount) {
      throw new Error(`COPY row ${counter.rows + 1} has ${row.length} values; expected ${columnCount}`);
    }
    const line = copyLine(row);
    lines.push(line);
    chars += line.length;
    counter.rows++;
    if (chars >= chunkChars) {
      yield lines.join('');
      lines = [];
      chars = 0;
    }
  }
  if (lines.length > 0) yield lines.join('');
}
