/**
 * Reading the structure of a printed table: header rows, label columns (with merged cells forward-filled), the
 * 单位 column, 合计 / 小计 / 总计 / 全市 rows and columns with the parts each one adds up, 其中 rows, shares,
 * units and which lines add up at all (cycles, prices and rates do not).
 */
import { headerColumns, normText, readHeader } from '../intake/header.js';
import { looksGarbled } from './unchecked.js';
import { parsePrintedMultiple } from './printed-bound.js';
import type { AuditTableRules } from './audit-rules.js';
import { approxInterval, figureInterval, type Interval } from './interval.js';
import {
  auditUnitOf,
  isBlankPrinted,
  parsePrintedNumber,
  splitLabelUnit,
  type AuditUnit,
  type PrintedNumber,
} from './printed-number.js';
import type { PrintedCell, PrintedTable } from './printed-table.js';

export type Axis = 'row' | 'column';
export type LineKind = 'detail' | 'total' | 'of-which' | 'section' | 'note';

/** A data row or a value column. */
export interface Line {
  readonly axis: Axis;
  /** Index into the grid (row index for rows, column index for columns). */
  readonly index: number;
  /** As printed: label cells joined by " / ", or the header path. */
  readonly label: string;
  /** Normalised label path (units, numbering and 其中 removed); a 其中 line is `parent/own`. */
  readonly key: string;
  /** Normalised most specific label. */
  readonly ownKey: string;
  /** Normalised label parts (row: label cells; column: header parts). */
  readonly parts: readonly string[];
  readonly kind: LineKind;
  /** 1 小计, 2 合计 / 全市 / 共计, 3 总计; 0 when not a total. */
  readonly totalLevel: number;
  /** For a total: the label parts that restrict its parts (合计 × 综合整治 adds only 综合整治 rows). */
  readonly group: readonly string[];
  readonly unit: AuditUnit | undefined;
  readonly additive: boolean;
  readonly share: boolean;
  readonly year: string | undefined;
  readonly ignored: boolean;
}

export type CellValue =
  | {
      readonly kind: 'number';
      readonly n: PrintedNumber;
      readonly unit: AuditUnit | undefined;
      readonly cell: PrintedCell;
    }
  | { readonly kind: 'blank'; readonly cell: PrintedCell }
  | { readonly kind: 'text'; readonly cell: PrintedCell };

export interface TableLayout {
  readonly table: PrintedTable;
  readonly headerRows: number;
  readonly labelColumns: readonly number[];
  readonly serialColumn: number | undefined;
  readonly unitColumn: number | undefined;
  readonly rows: readonly Line[];
  readonly columns: readonly Line[];
  readonly rowsAre: 'entities' | 'quantities';
  /** The value at a data row × value column (grid indexes). */
  value(row: number, column: number): CellValue;
}

const TOTAL_WORDS: Readonly<Record<string, number>> = {
  小计: 1,
  合计: 2,
  共计: 2,
  全市: 2,
  全省: 2,
  全区: 2,
  全县: 2,
  全国: 2,
  总计: 3,
};
const COLUMN_TOTAL = /(合计|小计|总计|共计)$/;
const YEAR = /^((?:19|20)\d{2})年?(?:年度|年底|年末|计划)?$/;
const NON_ADDITIVE =
  /率|比例|占比|比重|均价|平均|人均|户均|套均|均面积|周期|指数|增速|增长|涨幅|单价|价格|容积率|系数|年限|期限|时间|倍数/;
const NON_ADDITIVE_DIMENSIONS = new Set([
  'duration',
  'price',
  'rent',
  'ratio-percent',
  'per-capita-area',
  'household-size',
  'ratio',
]);
const SHARE = /占比|比重|比例|份额|构成/;
const SERIAL = /^(序号|编号|no\.?|#)$/i;
const UNIT_HEADER = /^(指标|计量)?单位$/;
const RANGE = /^\s*\d+(?:\.\d+)?\s*(?:万|亿)?\s*[-~—～至]\s*\d+(?:\.\d+)?\s*(?:万|亿)?\s*$/;
const NOTE = /^(注|备注|数据来源|资料来源|说明)[:：]?/;

const COUNT_LABEL = /(套|户|个|人|栋|幢|间|宗|处|项)数$/;

/** A unit implied by a label like 套数 / 户数 / 小区个数 when no unit is written. */
function impliedUnit(label: string): AuditUnit | undefined {
  const m = COUNT_LABEL.exec(normLabel(label));
  return m === null ? undefined : auditUnitOf(m[1] ?? '');
}

/**
 * The interval a printed value stands for: a whole count (套, 户, 个 … printed without decimals) is exact, anything
 * else covers what rounds to it.
 */
export function valueInterval(v: { readonly n: PrintedNumber; readonly unit: AuditUnit | undefined }): Interval {
  if (v.n.approximate) return approxInterval(v.n.value, v.n.decimals);
  return figureInterval(v.n.value, v.n.decimals, v.unit?.exact === true);
}

/** Normalises a label for matching: NFKC, no spaces, no numbering, no 其中, no unit in brackets. */
export function normLabel(text: string): string {
  let t = normText(text)
    .replace(/[“”"'‘’]/g, '')
    .replace(/^(?:\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)/, '')
    .replace(/^其中[:：]?/, '');
  t = splitLabelUnit(t).text;
  return t.replace(/[:：,，;；]+$/, '');
}

function totalLevelOf(text: string): number {
  return TOTAL_WORDS[normText(text)] ?? 0;
}

function yearOf(text: string): string | undefined {
  const m = YEAR.exec(normText(text));
  if (m !== null) return m[1];
  // the header reader import uses: "2017年（亩）", "2019年度", "2024年第一季度", "2024年3月"
  const p = readHeader(text).period;
  return p === undefined || p.grain === 'span' ? undefined : p.code;
}

/** Header text that looks numeric: a year or period ("2017年（亩）"), or a total over a span ("5年合计（亩）"). */
function isHeaderFigure(text: string): boolean {
  const h = readHeader(text);
  return (h.period !== undefined && h.period.grain !== 'span') || (h.total !== undefined && /\d/.test(h.label));
}

function isYearNumber(n: PrintedNumber): boolean {
  if (n.decimals !== 0 || n.percent || n.unitText !== '' || n.bracketed) return false;
  const v = Number(n.value.p) / Number(n.value.q);
  return v >= 1900 && v <= 2100;
}

const BARE_BOUND =
  /^(?:约|不低于|不少于|不高于|不超过|超过|至少|≥|≤|>|<)?\d+(?:\.\d+)?%?(?:以上|以下|左右|以内)?$|^(?:一半|半数)以上$/;

/** Text that is a figure even though it is no plain number: a bare bound, an approximation, ".35", 翻一番. */
function looksLikeFigure(text: string): boolean {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const core = t.replace(/^(?:大约|约)/, '').replace(/左右$/, '');
  return (
    looksGarbled(t) ||
    RANGE.test(core) ||
    parsePrintedMultiple(t) !== undefined ||
    (BARE_BOUND.test(t) && parsePrintedNumber(t) === undefined)
  );
}

function detectHeaderRows(grid: readonly (readonly PrintedCell[])[]): number {
  let h = 0;
  for (let r = 0; r < Math.min(grid.length - 1, 5); r++) {
    const row = grid[r] ?? [];
    const numbers = row
      .filter((c) => !isHeaderFigure(c.text))
      .map((c) => parsePrintedNumber(c.text))
      .filter((n) => n !== undefined);
    if (numbers.some((n) => !isYearNumber(n))) break;
    // A printed range ("29.75-36.75"), a bare bound ("不低于70", "47以上") or a number that lost its leading
    // digits (".35") is a value, never header text.
    // (The first row may print size classes such as "90以下": it stays a header.)
    if (row.some((c) => RANGE.test(c.text.normalize('NFKC')) || (r > 0 && looksLikeFigure(c.text)))) break;
    if (numbers.length === 1 && row.filter((c) => c.text !== '').length <= 2 && r > 0) break;
    if (r > 0 && row.filter((c) => c.text !== '').length <= 1) break;
    h++;
  }
  return h;
}

function matchesAny(line: { key: string; ownKey: string; label: string }, refs: readonly string[]): boolean {
  return refs.some((ref) => {
    const k = normLabel(ref);
    return k === line.key || k === line.ownKey || normText(ref) === normText(line.label);
  });
}

/**
 * Reads a printed table's structure. `rules` may fix the number of header rows, say whether rows are entities or
 * quantities, and override which lines add up, are shares, or are left out.
 */
export function analyseLayout(table: PrintedTable, rules?: AuditTableRules): TableLayout {
  const grid = table.grid;
  const width = grid[0]?.length ?? 0;
  const headerRows = Math.min(rules?.headerRows ?? detectHeaderRows(grid), Math.max(0, grid.length - 1));
  const header = headerColumns(
    grid.slice(0, headerRows).map((r, i) => ({ rowNumber: i + 1, cells: r.map((c) => c.text) })),
  );
  const dataIdx = grid.map((_, i) => i).filter((i) => i >= headerRows);
  const parsed = grid.map((row) => row.map((c) => parsePrintedNumber(c.text)));
  const headerText = (c: number): string => header[c]?.path ?? '';

  let serialColumn: number | undefined;
  let unitColumn: number | undefined;
  const hasNumber: boolean[] = [];
  for (let c = 0; c < width; c++) {
    const h = normText(headerText(c));
    if (serialColumn === undefined && SERIAL.test(h)) serialColumn = c;
    else if (unitColumn === undefined && UNIT_HEADER.test(h)) unitColumn = c;
    hasNumber.push(dataIdx.some((r) => parsed[r]?.[c] !== undefined));
  }
  const yearLabelColumn = (c: number): boolean =>
    /^(年份|年度|年|时间|期间)$/.test(normText(headerText(c))) ||
    (c === 0 &&
      dataIdx.every((r) => {
        const n = parsed[r]?.[0];
        const t = grid[r]?.[0]?.text ?? '';
        return t === '' || (n !== undefined && isYearNumber(n)) || n === undefined;
      }) &&
      dataIdx.some((r) => {
        const n = parsed[r]?.[0];
        return n !== undefined && isYearNumber(n);
      }));
  const special = (c: number): boolean => c === serialColumn || c === unitColumn;
  let firstValue = width;
  for (let c = 0; c < width; c++) {
    if (!special(c) && hasNumber[c] && !yearLabelColumn(c)) {
      firstValue = c;
      break;
    }
  }
  const labelColumns: number[] = [];
  for (let c = 0; c < firstValue; c++) if (!special(c)) labelColumns.push(c);
  const valueColumns: number[] = [];
  for (let c = firstValue; c < width; c++) if (!special(c) && hasNumber[c]) valueColumns.push(c);

  // Label cells, with vertically merged cells forward-filled (a blank label with a label to its right).
  const labels = new Map<number, string[]>();
  let previous: string[] = [];
  for (const r of dataIdx) {
    const row = grid[r] ?? [];
    const cells = labelColumns.map((c) => row[c]?.text ?? '');
    const filled = cells.map((t, j) =>
      t === '' && cells.slice(j + 1).some((x) => x !== '') ? (previous[j] ?? '') : t,
    );
    labels.set(r, filled);
    previous = filled;
  }

  const ignore = rules?.ignore ?? [];
  const additiveRefs = rules?.additive ?? [];
  const nonAdditiveRefs = rules?.nonAdditive ?? [];
  const shareRefs = (rules?.shares ?? []).map((s) => s.line);

  const finish = (base: Omit<Line, 'additive' | 'share' | 'ignored'> & { percentCells: boolean }): Line => {
    const { percentCells, ...line } = base;
    const share =
      matchesAny(line, shareRefs) ||
      (SHARE.test(line.key) && (percentCells || line.unit?.dimension === 'ratio-percent'));
    const nonAdditive =
      share ||
      percentCells ||
      NON_ADDITIVE.test(line.ownKey) ||
      (line.unit !== undefined && NON_ADDITIVE_DIMENSIONS.has(line.unit.dimension));
    const additive = matchesAny(line, additiveRefs) ? true : matchesAny(line, nonAdditiveRefs) ? false : !nonAdditive;
    return { ...line, share, additive, ignored: matchesAny(line, ignore) };
  };

  // Rows.
  const rows: Line[] = [];
  let parent: Line | undefined;
  for (const r of dataIdx) {
    const filled = labels.get(r) ?? [];
    const printedLabels = filled.filter((t) => t !== '');
    const label = printedLabels.join(' / ');
    const nums = valueColumns.map((c) => parsed[r]?.[c]).filter((n) => n !== undefined);
    const totalIdx = filled.findIndex((t) => totalLevelOf(t) > 0);
    const totalLevel = totalIdx >= 0 ? totalLevelOf(filled[totalIdx] ?? '') : 0;
    const own = [...filled].reverse().find((t) => t !== '') ?? '';
    const isOfWhich = /^其中/.test(normText(own));
    const parts = filled.map(normLabel);
    const ownKey = normLabel(own);
    let kind: LineKind;
    if (NOTE.test(normText(label)) && nums.length === 0) kind = 'note';
    else if (totalLevel > 0) kind = 'total';
    else if (
      nums.length === 0 &&
      !valueColumns.some((c) => looksLikeFigure(grid[r]?.[c]?.text ?? '') || /\d/.test(grid[r]?.[c]?.text ?? ''))
    )
      kind = 'section';
    else if (isOfWhich && parent !== undefined) kind = 'of-which';
    else kind = 'detail';
    const unitText = unitColumn === undefined ? '' : (grid[r]?.[unitColumn]?.text ?? '');
    let unit = auditUnitOf(unitText) ?? splitLabelUnit(normText(own)).unit ?? impliedUnit(own);
    if (unit === undefined && kind === 'of-which') unit = parent?.unit;
    const key =
      kind === 'of-which' && parent !== undefined ? `${parent.key}/${ownKey}` : parts.filter((p) => p !== '').join('/');
    const group = totalLevel > 0 ? parts.filter((p, j) => j !== totalIdx && p !== '' && totalLevelOf(p) === 0) : [];
    const line = finish({
      axis: 'row',
      index: r,
      label,
      key,
      ownKey,
      parts,
      kind,
      totalLevel,
      group,
      unit,
      year: yearOf(own),
      percentCells: nums.length > 0 && nums.every((n) => n.percent),
    });
    rows.push(line);
    if (kind === 'detail' || kind === 'total') parent = line;
  }

  // Columns.
  const columns: Line[] = [];
  let parentColumn: Line | undefined;
  for (const c of valueColumns) {
    const h = header[c];
    const rawParts = h?.parts ?? [];
    const parts = rawParts.map(normLabel);
    const label = rawParts.join(' / ') || (grid[0]?.[c]?.column ?? '');
    const totalIdx = rawParts.findIndex(
      (p) => COLUMN_TOTAL.test(normText(p)) || totalLevelOf(p) > 0 || readHeader(p).total !== undefined,
    );
    const totalText = totalIdx >= 0 ? readHeader(rawParts[totalIdx] ?? '').label : '';
    const totalLevel = totalIdx < 0 ? 0 : totalText.endsWith('总计') ? 3 : totalText.endsWith('小计') ? 1 : 2;
    const own = rawParts[rawParts.length - 1] ?? '';
    const isOfWhich = /^其中/.test(normText(own));
    let unit: AuditUnit | undefined;
    for (let i = rawParts.length - 1; i >= 0 && unit === undefined; i--) unit = splitLabelUnit(rawParts[i] ?? '').unit;
    unit = unit ?? impliedUnit(own);
    const kind: LineKind = totalLevel > 0 ? 'total' : isOfWhich && parentColumn !== undefined ? 'of-which' : 'detail';
    const ownKey = normLabel(own);
    const nums = dataIdx.map((r) => parsed[r]?.[c]).filter((n) => n !== undefined);
    const line = finish({
      axis: 'column',
      index: c,
      label,
      key: kind === 'of-which' && parentColumn !== undefined ? `${parentColumn.key}/${ownKey}` : parts.join('/'),
      ownKey,
      parts,
      kind,
      totalLevel,
      group: totalLevel > 0 ? parts.filter((_, j) => j !== totalIdx) : [],
      unit,
      year: rawParts.map(yearOf).find((y) => y !== undefined),
      percentCells: nums.length > 0 && nums.every((n) => n.percent),
    });
    columns.push(line);
    if (kind !== 'of-which') parentColumn = line;
  }

  const rowsAre =
    rules?.rows ??
    (rows.some((l) => l.kind === 'total') || rows.filter((l) => l.year !== undefined).length >= 2
      ? 'entities'
      : 'quantities');

  const rowByIndex = new Map(rows.map((l) => [l.index, l]));
  const columnByIndex = new Map(columns.map((l) => [l.index, l]));
  const value = (r: number, c: number): CellValue => {
    const cell = grid[r]?.[c] ?? { text: '', address: '', row: 0, column: '' };
    if (isBlankPrinted(cell.text)) return { kind: 'blank', cell };
    const n = parsed[r]?.[c];
    if (n === undefined) return { kind: 'text', cell };
    const unit =
      (n.unitText === '' ? undefined : auditUnitOf(n.unitText)) ??
      rowByIndex.get(r)?.unit ??
      columnByIndex.get(c)?.unit;
    return { kind: 'number', n, unit, cell };
  };

  return { table, headerRows, labelColumns, serialColumn, unitColumn, rows, columns, rowsAre, value };
}

/** The lines a total adds up: its group's detail lines, or the detail lines of its block. */
export function partsOf(total: Line, lines: readonly Line[]): Line[] {
  const details = lines.filter((l) => (l.kind === 'detail' || l.kind === 'total') && !l.ignored);
  if (total.group.length > 0) {
    return details.filter((l) => l.kind === 'detail' && total.group.every((g) => l.parts.includes(g)));
  }
  const at = lines.indexOf(total);
  const boundary = (l: Line): boolean => l.kind === 'total' && l.totalLevel >= total.totalLevel;
  const before: Line[] = [];
  for (let i = at - 1; i >= 0; i--) {
    const l = lines[i];
    if (l === undefined || boundary(l)) break;
    if (l.kind === 'detail' && !l.ignored) before.push(l);
  }
  if (before.length > 0) return before.reverse();
  const after: Line[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const l = lines[i];
    if (l === undefined || boundary(l)) break;
    if (l.kind === 'detail' && !l.ignored) after.push(l);
  }
  return after;
}

/** The lines a reference names ("销售面积/住宅", "row:12", "col:F"), rows first. */
export function findLines(layout: TableLayout, ref: string): Line[] {
  const t = ref.trim();
  const row = /^row:(\d+)$/i.exec(t);
  if (row !== null) return layout.rows.filter((l) => layout.table.grid[l.index]?.[0]?.row === Number(row[1]));
  const col = /^col:([A-Z]+)(?:\.(\d))?$/i.exec(t);
  if (col !== null) {
    const letter = (col[1] ?? '').toUpperCase();
    const part = col[2] === undefined ? undefined : Number(col[2]);
    return layout.columns.filter((l) => {
      const cell = layout.table.grid[0]?.[l.index];
      return cell?.column === letter && (part === undefined || cell.part === part);
    });
  }
  const k = normLabel(t);
  const all = [...layout.rows, ...layout.columns];
  for (const pick of [
    (l: Line) => normText(l.label) === normText(t),
    (l: Line) => l.key === k,
    (l: Line) => l.ownKey === k && l.kind !== 'of-which',
    (l: Line) => l.ownKey === k,
  ]) {
    const found = all.filter(pick);
    if (found.length > 0) return found;
  }
  return [];
}
