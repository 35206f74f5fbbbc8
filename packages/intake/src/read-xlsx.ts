import ExcelJS from 'exceljs';
import type { RawCell, RawRow } from '@anju/core';
import { checkXlsxZip } from './xlsx-guard.js';

/** The error text given to a formula cell that has no cached result. */
export const FORMULA_NO_RESULT = '（无计算结果）';
/** The error text given to a formula cell whose cached result is an Excel error the reader cannot name. */
export const FORMULA_ERROR_UNNAMED = '#ERROR';

/**
 * Turns an exceljs cell value into a raw cell: numbers become decimal text at Excel's own precision
 * (15 significant digits, so a cached 0.30000000000000004 reads as 0.3), formulas give their cached result,
 * dates an ISO date, rich text its plain text, and error values (or formulas without a usable result) `{ error }`.
 */
export function rawCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return formatExcelNumber(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('error' in v && typeof v.error === 'string') return { error: v.error };
    if ('formula' in v || 'sharedFormula' in v) {
      // A formula's value is its cached result. Without one (never calculated) or with an error the streaming
      // reader could not name (it parses `<v>#DIV/0!</v>` as NaN), the value is unknown: an error, never a blank.
      if (v.result === undefined || v.result === null) return { error: FORMULA_NO_RESULT };
      if (typeof v.result === 'number' && Number.isNaN(v.result)) return { error: FORMULA_ERROR_UNNAMED };
      return rawCell(v.result);
    }
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if (typeof v.text === 'string') return v.text;
  }
  return String(value);
}

/** Formats a binary double the way Excel shows it at full precision: 15 significant digits, no exponent. */
export function formatExcelNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const fixed = Number(n.toPrecision(15));
  let s = fixed.toString();
  if (/e/i.test(s)) s = fixed.toFixed(20).replace(/\.?0+$/, '');
  return s;
}

export class SheetNotFoundError extends Error {
  constructor(
    readonly wanted: string | number,
    readonly available: readonly string[],
  ) {
    super(`no sheet ${String(wanted)}`);
  }
}

/** The reader failed inside a sheet (malformed XML in a zip that is otherwise whole): where it stopped. */
export class XlsxReadError extends Error {
  constructor(
    message: string,
    readonly sheet: string | undefined,
    readonly row: number,
  ) {
    super(message);
  }
}

export interface XlsxRead {
  /** The name of the sheet being read (known once its first row has been read). */
  sheetName(): string | undefined;
  rows: AsyncIterable<RawRow>;
}

/**
 * Streams one worksheet of an XLSX file with exceljs's streaming reader (memory stays flat for large files).
 * The sheet is chosen by name or 1-based position; the first sheet by default.
 */
export function readXlsx(path: string, sheet?: string | number): XlsxRead {
  let chosen: string | undefined;
  async function* rows(): AsyncGenerator<RawRow> {
    // Zip bombs, damaged or truncated files are refused here, before exceljs inflates anything.
    await checkXlsxZip(path);
    let lastRow = 0;
    try {
      yield* sheetRows((n) => (lastRow = n));
    } catch (error) {
      if (error instanceof SheetNotFoundError) throw error;
      throw new XlsxReadError((error as Error).message, chosen, lastRow + 1);
    }
  }
  async function* sheetRows(atRow: (n: number) => void): AsyncGenerator<RawRow> {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      worksheets: 'emit',
      entries: 'ignore',
    });
    const seen: string[] = [];
    let index = 0;
    let found = false;
    for await (const ws of reader) {
      index++;
      const name = (ws as unknown as { name: string }).name;
      seen.push(name);
      const wanted = sheet === undefined ? index === 1 : typeof sheet === 'number' ? index === sheet : name === sheet;
      if (!wanted || found) {
        // the streaming reader must drain a worksheet it does not use
        for await (const _row of ws) void _row;
        continue;
      }
      found = true;
      chosen = name;
      for await (const row of ws) {
        const values = row.values as unknown[];
        const cells: RawCell[] = [];
        for (let i = 1; i < values.length; i++)
          cells.push(rawCell(withCachedResult(values[i], () => row.getCell(i).model)));
        atRow(row.number);
        yield { rowNumber: row.number, cells };
      }
    }
    if (!found) throw new SheetNotFoundError(sheet ?? 1, seen);
  }
  return { sheetName: () => chosen, rows: rows() };
}

/**
 * exceljs's `row.values` drops a formula's cached result when it is falsy (0, '' or the NaN an error becomes), so a
 * formula that evaluates to 0 would read as blank; the cell model still holds the result.
 */
function withCachedResult(value: unknown, model: () => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (!('formula' in value || 'sharedFormula' in value) || 'result' in value) return value;
  return { ...value, result: (model() as { result?: unknown }).result };
}
