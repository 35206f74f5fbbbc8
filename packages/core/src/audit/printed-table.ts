/**
 * A table as printed: rows × columns of cells holding the printed text, each with its sheet address, plus where
 * the table came from. File readers (intake/read-printed-table.ts) build it from raw rows; tests build it from
 * arrays of strings.
 */
import { columnLetter } from '../intake/issue.js';
import type { RawRow } from '../intake/raw.js';

/** One printed cell. `part` is set when a cell printing two figures ("90/17105") was split in two. */
export interface PrintedCell {
  readonly text: string;
  /** A1 address in the file ("F8"). */
  readonly address: string;
  /** 1-based row number in the file. */
  readonly row: number;
  /** Column letter in the file. */
  readonly column: string;
  readonly part?: number;
}

/** Where a printed table came from. */
export interface PrintedTableSource {
  readonly file?: string;
  readonly sheet?: string;
  /** Seed document, e.g. 003_a61affa924302ec1.txt. */
  readonly seed?: string;
  /** Section of the seed, e.g. 第三章第四节. */
  readonly section?: string;
  /** Plan the table belongs to (tables of one plan are cross-checked). */
  readonly plan?: string;
  readonly note?: string;
  /** Where the printed table was published (`# 出处: …`: address and what kind of copy). */
  readonly cite?: string;
}

export interface PrintedTable {
  /** Stable id (the file name without extension, by default). */
  readonly id: string;
  readonly title: string;
  readonly source: PrintedTableSource;
  /** Row-major grid; every row has the same length. */
  readonly grid: readonly (readonly PrintedCell[])[];
}

const META_KEYS: Readonly<Record<string, keyof PrintedTableSource | 'title' | 'id'>> = {
  title: 'title',
  标题: 'title',
  表名: 'title',
  id: 'id',
  seed: 'seed',
  种子: 'seed',
  来源: 'seed',
  section: 'section',
  章节: 'section',
  plan: 'plan',
  规划: 'plan',
  note: 'note',
  说明: 'note',
  sheet: 'sheet',
  出处: 'cite',
  cite: 'cite',
};

function rawText(cell: RawRow['cells'][number]): string {
  if (cell === null || cell === undefined) return '';
  return typeof cell === 'string' ? cell : cell.error;
}

const COMPOUND = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/;
const PLAIN_NUMBER = /^\s*[+-]?\d[\d,]*(?:\.\d+)?\s*%?\s*$/;

/**
 * Builds a printed table from raw rows. Leading rows whose first cell starts with `#` are metadata
 * (`# 标题: …`, `# 种子: 003_….txt`, `# 章节: 第三章第四节`, `# 规划: zhangye-15th`, `# 出处: …`); later `#` rows
 * (the corpus's `# 一致: B7 | …` labels) and blank rows are dropped,
 * and a column printing pairs ("90/17105" under "老旧小区改造（个 / 套）") becomes two columns, one per figure.
 */
export function printedTableFromRows(
  rows: readonly RawRow[],
  options: { readonly id: string; readonly title?: string; readonly source?: PrintedTableSource },
): PrintedTable {
  const meta: Record<string, string> = {};
  const body: { rowNumber: number; texts: string[] }[] = [];
  for (const row of rows) {
    const texts = row.cells.map(rawText);
    const first = texts.find((t) => t.trim() !== '') ?? '';
    if (first.trimStart().startsWith('#')) {
      // after the body, `#` lines are notes on it (the corpus's hand-arithmetic labels), never table rows
      if (body.length > 0) continue;
      const line = texts.join(',').replace(/,+$/, '').trim().replace(/^#\s*/, '');
      const m = /^([^:：]+)[:：]\s*(.*)$/.exec(line);
      const key = m === null ? undefined : META_KEYS[(m[1] ?? '').trim().toLowerCase()];
      if (m !== null && key !== undefined) meta[key] = (m[2] ?? '').trim();
      continue;
    }
    if (texts.every((t) => t.trim() === '')) continue;
    body.push({ rowNumber: row.rowNumber, texts });
  }
  const width = Math.max(0, ...body.map((r) => r.texts.length));
  let grid: PrintedCell[][] = body.map((r) =>
    Array.from({ length: width }, (_, c) => {
      const column = columnLetter(c + 1);
      return { text: (r.texts[c] ?? '').trim(), address: `${column}${r.rowNumber}`, row: r.rowNumber, column };
    }),
  );
  grid = splitCompoundColumns(grid);
  const source: PrintedTableSource = {
    ...options.source,
    ...(meta.seed === undefined ? {} : { seed: meta.seed }),
    ...(meta.section === undefined ? {} : { section: meta.section }),
    ...(meta.plan === undefined ? {} : { plan: meta.plan }),
    ...(meta.note === undefined ? {} : { note: meta.note }),
    ...(meta.cite === undefined ? {} : { cite: meta.cite }),
  };
  return { id: meta.id ?? options.id, title: meta.title ?? options.title ?? options.id, source, grid };
}

/**
 * Builds a printed table from arrays of text (row 1 first), for tests and API clients that already hold the
 * cells.
 *
 * @example printedTableFromTexts('t', [['区域', '套数'], ['甲', '1'], ['合计', '1']]).grid[2][1].address // 'B3'
 */
export function printedTableFromTexts(
  id: string,
  rows: readonly (readonly string[])[],
  options: { readonly title?: string; readonly source?: PrintedTableSource } = {},
): PrintedTable {
  return printedTableFromRows(
    rows.map((cells, i) => ({ rowNumber: i + 1, cells })),
    { id, ...options },
  );
}

function splitHeader(text: string): [string, string] {
  const m = /^(.*?)[(（]([^()（）]*?)\s*\/\s*([^()（）]*?)[)）](.*)$/.exec(text);
  if (m !== null) {
    const [, head = '', a = '', b = '', tail = ''] = m;
    return [`${head}（${a.trim()}）${tail}`, `${head}（${b.trim()}）${tail}`];
  }
  const slash = /^(.*?)\s*\/\s*(.*)$/.exec(text);
  if (slash !== null && text !== '') return [slash[1] ?? text, slash[2] ?? text];
  return [text, text];
}

function splitCompoundColumns(grid: PrintedCell[][]): PrintedCell[][] {
  const width = grid[0]?.length ?? 0;
  const split: boolean[] = [];
  for (let c = 0; c < width; c++) {
    const texts = grid.map((r) => r[c]?.text ?? '');
    const compound = texts.filter((t) => COMPOUND.test(t)).length;
    const plain = texts.filter((t) => PLAIN_NUMBER.test(t)).length;
    split.push(compound >= 2 && plain === 0);
  }
  if (!split.includes(true)) return grid;
  return grid.map((row) =>
    row.flatMap((cell, c) => {
      if (!split[c]) return [cell];
      const m = COMPOUND.exec(cell.text);
      const [a, b] = m !== null ? [m[1] ?? '', m[2] ?? ''] : splitHeader(cell.text);
      return [
        { ...cell, text: a, part: 1 },
        { ...cell, text: b, part: 2 },
      ];
    }),
  );
}

/** How a cell is named in messages: "F8", or "F8（第2项）" for the second figure of a split cell. */
export function cellName(cell: PrintedCell, lang: 'zh' | 'en'): string {
  if (cell.part === undefined) return cell.address;
  return lang === 'zh' ? `${cell.address}（第${cell.part}项）` : `${cell.address} (figure ${cell.part})`;
}
