import { parsePeriod, type Period } from '../period/period.js';
import { columnLetter } from './issue.js';
import type { RawCell, RawRow } from './raw.js';

/** Normalises header or label text for matching: NFKC (full-width → half-width), no white space or line breaks. */
export function normText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/** The text of a raw cell, or '' for blanks and formula errors. */
export function cellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  return '';
}

/** One column of the header: its letter and its path of header texts (merged cells repeated, blanks dropped). */
export interface HeaderColumn {
  readonly index: number;
  readonly letter: string;
  readonly parts: readonly string[];
  readonly path: string;
}

/**
 * Builds each column's header path from the header rows. In all header rows but the last, a blank cell takes
 * the text to its left (that is how a horizontally merged cell reads when unmerged), unless the cell below it is
 * blank too; a cell blank in the last row and filled above it keeps only the text above (a vertical merge).
 * Rows are filled from the bottom up, so a merge over a merge (住房 over 新建 over 面积 / 套数) reaches every column.
 */
export function headerColumns(rows: readonly RawRow[]): HeaderColumn[] {
  const width = Math.max(0, ...rows.map((r) => r.cells.length));
  const grid = rows.map((r) => Array.from({ length: width }, (_, i) => normText(cellText(r.cells[i]))));
  for (let r = grid.length - 2; r >= 0; r--) {
    const row = grid[r]!;
    const below = grid[r + 1]!;
    for (let c = 1; c < width; c++) {
      if (row[c] === '' && below[c] !== '') row[c] = row[c - 1]!;
    }
  }
  const out: HeaderColumn[] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (const row of grid) {
      const t = row[c]!;
      if (t !== '' && parts[parts.length - 1] !== t) parts.push(t);
    }
    out.push({ index: c, letter: columnLetter(c + 1), parts, path: parts.join('/') });
  }
  return out;
}

/**
 * Finds the header column a mapping names: exactly by path, else the one whose path ends with the text (or whose
 * last part equals it) when that is unique.
 */
export function findHeaderColumn(
  columns: readonly HeaderColumn[],
  text: string,
): HeaderColumn | 'ambiguous' | undefined {
  const key = normText(text);
  const exact = columns.filter((c) => c.path === key);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return 'ambiguous';
  const suffix = columns.filter((c) => c.path.endsWith(`/${key}`) || c.parts[c.parts.length - 1] === key);
  if (suffix.length === 1) return suffix[0];
  if (suffix.length > 1) return 'ambiguous';
  return undefined;
}

/** Words that make a header or label a total: 合计, 小计, 总计, 共计 (also "5年合计", "“十四五”合计"). */
const TOTAL_HEADER = /(合计|小计|总计|共计)$/;

/** What one header cell says: its words, the unit written in its last bracket, the period it names, a total. */
export interface HeaderReading {
  /** The text without the bracketed unit, normalised (NFKC, no spaces). */
  readonly label: string;
  /** The content of the last top-level bracket ("万套（间）" of "保障性租赁住房（万套（间））"), '' when none. */
  readonly unitText: string;
  /** The year, quarter, month or span the header names ("2017年（亩）" → 2017). */
  readonly period: Period | undefined;
  /** 合计 / 小计 / 总计 / 共计, alone or after a span ("5年合计（亩）"). */
  readonly total: 'total' | 'subtotal' | 'grand-total' | undefined;
}

/** The last top-level bracket group at the end of a text (brackets nested inside it kept), if any. */
export function lastBracketGroup(text: string): { readonly inner: string; readonly start: number } | undefined {
  const t = text.trimEnd();
  const last = t[t.length - 1];
  if (last !== ')' && last !== '）') return undefined;
  let depth = 0;
  for (let i = t.length - 1; i >= 0; i--) {
    const ch = t[i];
    if (ch === ')' || ch === '）') depth++;
    else if (ch === '(' || ch === '（') {
      depth--;
      if (depth === 0) return { inner: t.slice(i + 1, -1), start: i };
    }
  }
  return undefined;
}

/**
 * Reads one header cell the way import and the auditor both need it: "2017年（亩）" is the year 2017 in 亩,
 * "5年合计（亩）" a total in 亩, "2021年第一季度" a quarter, "保障性租赁住房（万套（间））" a line in 万套（间）.
 * The bracket is returned as written; whether it is a unit is the caller's catalogue's call.
 *
 * @example readHeader('5年合计（亩）') // { label: '5年合计', unitText: '亩', period: undefined, total: 'total' }
 */
export function readHeader(text: string): HeaderReading {
  const norm = normText(text);
  const group = lastBracketGroup(norm);
  const label = group === undefined || group.start === 0 ? norm : norm.slice(0, group.start);
  const unitText = group === undefined || group.start === 0 ? '' : group.inner;
  const period = parsePeriod(label) ?? (unitText === '' ? undefined : parsePeriod(norm));
  const t = TOTAL_HEADER.exec(label)?.[1];
  const total = t === undefined ? undefined : t === '小计' ? 'subtotal' : t === '总计' ? 'grand-total' : 'total';
  return { label, unitText, period, total };
}
