// Reads a table as printed (CSV in any encoding read-csv.ts accepts, or one worksheet of an XLSX) into the core
// printed-table model the plan-table auditor works on.
import { basename, extname } from 'node:path';
import { printedTableFromRows, type PrintedTable, type RawRow } from '@anju/core';
import { readCsv } from './read-csv.js';
import { readXlsx } from './read-xlsx.js';

/** The file is neither CSV nor XLSX. */
export class UnsupportedTableFileError extends Error {
  override readonly name = 'UnsupportedTableFileError';
  constructor(readonly file: string) {
    super(`not a CSV or XLSX file: ${file}`);
  }
}

export interface ReadPrintedTableOptions {
  /** The name to report (an upload's client file name); default the path's base name. */
  readonly fileName?: string;
  /** XLSX worksheet by name or 1-based position; default the first. */
  readonly sheet?: string | number;
}

/**
 * Reads one printed table. Leading `# 标题: …` / `# 种子: …` / `# 章节: …` / `# 规划: …` lines of a CSV name the
 * table and its source; its id is the file name without extension.
 *
 * @example const t = await readPrintedTable('003-county-plan.csv'); t.grid[7][1].text // '16600'
 */
export async function readPrintedTable(path: string, options: ReadPrintedTableOptions = {}): Promise<PrintedTable> {
  const file = options.fileName ?? basename(path);
  const ext = extname(file).toLowerCase();
  const rows: RawRow[] = [];
  let sheet: string | undefined;
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') {
    for await (const row of readCsv(path, file).rows) rows.push(row);
  } else if (ext === '.xlsx') {
    const read = readXlsx(path, options.sheet);
    for await (const row of read.rows) rows.push(row);
    sheet = read.sheetName();
  } else {
    throw new UnsupportedTableFileError(file);
  }
  const id = basename(file, extname(file));
  return printedTableFromRows(rows, { id, source: { file, ...(sheet === undefined ? {} : { sheet }) } });
}
