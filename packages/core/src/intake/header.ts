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
