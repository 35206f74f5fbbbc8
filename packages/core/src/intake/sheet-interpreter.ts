import { acceptsDimension, getMeasure, resolveMeasure, type MeasureDef } from '../measure/catalogue.js';
import { DIMENSIONS, resolveDimension } from '../measure/dimension.js';
import { parsePeriod, type Period } from '../period/period.js';
import { compareDecimals, subtractDecimals, sumDecimals } from '../quantity/decimal.js';
import { parseNumberCell } from '../quantity/quantity.js';
import { totalStatus } from '../audit/interval.js';
import { totalGarbled } from '../audit/audit-finding.js';
import { isExactCountUom } from '../audit/printed-number.js';
import { looksGarbled } from '../audit/unchecked.js';
import {
  convert,
  getUnitOfMeasure,
  parseUomFromHeader,
  parseUomLabel,
  type UomCode,
} from '../quantity/unit-of-measure.js';
import type { UnitTree } from '../unit/spatial-unit.js';
import { cellText, findHeaderColumn, headerColumns, normText, readHeader, type HeaderColumn } from './header.js';
import { columnLetter, type CellLocation, type IntakeIssue, type IssueCode } from './issue.js';

/** A place inside the sheet being read (the file is added when the issue is made). */
type Loc = Omit<CellLocation, 'file'>;
import type { KeyPart, Mapping, RowLabel } from './mapping.js';
import { issueText } from './messages.js';
import type { RawCell, RawRow } from './raw.js';

/** One value read from a sheet, keyed and converted to its measure's unit of measure. */
export interface IntakeObservation {
  readonly unitCode: string;
  readonly measureCode: string;
  readonly dimension: string;
  readonly period: Period;
  /** Exact decimal in the measure's unit of measure. */
  readonly value: string;
  readonly uom: UomCode;
  /** `file!sheet!C5`: the cell it came from. */
  readonly sourceRef: string;
}

/** How each column was understood: shown to the user as "detection" before anything is written. */
export interface ColumnDetection {
  readonly column: string;
  readonly header: string;
  readonly role: string;
  readonly key: KeyPart;
  readonly uom?: string;
  readonly from: 'mapping' | 'detected';
}

export interface SheetDetection {
  readonly layout: 'long' | 'wide';
  readonly columns: readonly ColumnDetection[];
  readonly ignoredColumns: readonly string[];
  readonly totalRows: readonly number[];
  readonly totalColumns: readonly string[];
}

export interface SheetInterpreterOptions {
  readonly file: string;
  readonly sheet?: string;
  readonly mapping: Mapping;
  readonly units: UnitTree;
  /** Stop listing errors after this many (they are still counted). */
  readonly maxIssues?: number;
}

const LONG_FIELD_NAMES: Record<LongField, readonly string[]> = {
  unit: [
    '单元代码',
    'unit_code',
    'unitcode',
    'unit code',
    '单元',
    '区县',
    '县区',
    '辖区',
    '地区',
    '区域',
    '行政区',
    'unit',
  ],
  period: ['期间', '时间', '年份', '月份', '日期', '统计期', '统计期间', 'period'],
  measure: ['指标代码', 'measure_code', 'measurecode', 'measure code', '指标', '指标名称', 'measure'],
  dimension: ['类型', '分类', '物业类型', '细分', 'dimension', 'type', 'breakdown'],
  value: ['数值', '值', '数据', 'value'],
  uom: ['单位', '计量单位', 'uom', 'unit_of_measure', 'unit of measure'],
};
type LongField = 'unit' | 'period' | 'measure' | 'dimension' | 'value' | 'uom';
const FIELD_ZH: Record<LongField | 'unit-key' | 'measure-key' | 'period-key', [string, string]> = {
  unit: ['单元', 'unit'],
  period: ['期间', 'period'],
  measure: ['指标', 'measure'],
  dimension: ['分类', 'breakdown'],
  value: ['数值', 'value'],
  uom: ['计量单位', 'unit of measure'],
  'unit-key': ['单元', 'unit'],
  'measure-key': ['指标', 'measure'],
  'period-key': ['期间', 'period'],
};

interface ColumnPlan {
  readonly col: HeaderColumn;
  readonly key: KeyPart;
  readonly headerUom?: UomCode;
  readonly total: boolean;
}

interface RowPart {
  readonly key: KeyPart;
  readonly labelUom?: UomCode;
  readonly total?: true | readonly string[];
}

interface BlockRow {
  readonly label: string;
  readonly rawByColumn: Map<number, string>;
}

const DEFAULT_STOP = /^(注|备注|说明|数据来源|资料来源)[:：]?/;

/**
 * Reads one sheet row by row and turns its cells into keyed observations, checking every cell before anything is
 * written: units, measures, breakdowns, periods, numbers, signs, units of measure, duplicates. Printed totals
 * (合计 / 全市 rows, 合计 columns) are compared with the sum of their parts and a mismatch becomes a warning with
 * both numbers; the printed value is still what gets imported.
 *
 * Feed it every row in order with `push`; call `finish` at the end. Pure: no I/O.
 */
export class SheetInterpreter {
  readonly issues: IntakeIssue[] = [];
  errorCount = 0;
  warningCount = 0;
  observationCount = 0;
  private readonly opts: SheetInterpreterOptions;
  private readonly m: Mapping;
  private readonly maxIssues: number;
  private headerRows: RawRow[] = [];
  private planned = false;
  /** The header (or the mapping's view of it) has errors: the rows cannot be read, so they are not. */
  private headerFailed = false;
  /** Errors counted again at another cell but reported once (one header naming the wrong unit for a column). */
  private repeatedErrors = 0;
  private stopped = false;
  private columns: HeaderColumn[] = [];
  private plans: ColumnPlan[] = [];
  private longFields = new Map<LongField, number>();
  private readonly usedLabels = new Set<RowLabel>();
  /** Where each key was first read, for duplicate detection; keyed compactly (see dupKeyOf). */
  private readonly seen = new Map<number | string, string>();
  private readonly keyPartIds = [
    new Map<string, number>(),
    new Map<string, number>(),
    new Map<string, number>(),
    new Map<string, number>(),
  ] as const;
  private block: BlockRow[] = [];
  private readonly exactColumns = new Map<number, boolean>();
  private detectionValue: SheetDetection | undefined;
  private readonly totalRows: number[] = [];
  private readonly warnedOnce = new Set<string>();
  // Lookups repeated on every row of a long table; only successful ones are kept, so errors are still reported
  // at every cell that has them.
  private readonly unitCache = new Map<string, string>();
  private readonly measureCache = new Map<string, MeasureDef>();
  private readonly periodCache = new Map<string, Period>();
  private readonly dimensionCache = new Map<string, string>();

  constructor(opts: SheetInterpreterOptions) {
    this.opts = opts;
    this.m = opts.mapping;
    this.maxIssues = opts.maxIssues ?? 500;
  }

  /** How the header was understood (available once the header rows have been read). */
  get detection(): SheetDetection | undefined {
    return this.detectionValue;
  }

  /** Feeds one row; returns the observations it holds (none while reading the header). */
  push(row: RawRow): IntakeObservation[] {
    if (this.stopped) return [];
    const first = this.m.header.firstRow;
    const last = first + this.m.header.rows - 1;
    if (row.rowNumber < first) return [];
    if (row.rowNumber <= last) {
      this.headerRows.push(row);
      if (row.rowNumber === last) this.plan();
      return [];
    }
    if (!this.planned) this.plan();
    if (this.headerFailed) return [];
    return this.m.layout === 'long' ? this.readLongRow(row) : this.readWideRow(row);
  }

  /** Ends the sheet: reports an empty sheet and the count of issues not listed. */
  finish(): void {
    if (!this.planned) {
      this.issue('error', 'file-empty', { row: this.m.header.firstRow }, {});
    } else if (this.observationCount === 0 && this.errorCount === 0) {
      this.issue('error', 'file-empty', {}, {});
    }
    const listed = this.issues.filter((i) => i.severity === 'error').length;
    const distinct = this.errorCount - this.repeatedErrors;
    if (distinct > listed) {
      this.issues.push(this.make('error', 'too-many-errors', {}, { expected: listed, got: distinct }));
    }
  }

  // ── header ──

  private plan(): void {
    this.planned = true;
    this.columns = headerColumns(this.headerRows);
    if (this.columns.length === 0) return;
    const errorsBefore = this.errorCount;
    if (this.m.layout === 'long') this.planLong();
    else this.planWide();
    // every row would repeat a header error (a missing column, an ambiguous one): report the header alone
    this.headerFailed = this.errorCount > errorsBefore;
  }

  private planLong(): void {
    const found = new Map<LongField, number>();
    const duplicated = new Set<LongField>();
    const given = this.m.fields ?? {};
    for (const field of Object.keys(LONG_FIELD_NAMES) as LongField[]) {
      const explicit = given[field];
      const names = explicit !== undefined ? [explicit] : LONG_FIELD_NAMES[field];
      // names are tried in order of preference (a code column before a name column, as Anju's own export writes both);
      // the first name found decides, and it must name exactly one column
      let hits: HeaderColumn[] = [];
      for (const n of names) {
        hits = this.columns.filter((c) => normText(n).toLowerCase() === c.path.toLowerCase());
        if (hits.length > 0) break;
      }
      if (hits.length > 1) {
        duplicated.add(field);
        this.issue('error', 'header-duplicate', this.headerLoc(hits[1]!), { got: hits[1]!.path });
      } else if (hits.length === 1) {
        found.set(field, hits[0]!.index);
      } else if (explicit !== undefined) {
        this.issue('error', 'mapping-column-missing', this.headerLoc(), { got: explicit, expected: this.headerList() });
      }
    }
    const required: LongField[] = ['value'];
    if (this.m.fixed.unit === undefined) required.push('unit');
    if (this.m.fixed.period === undefined) required.push('period');
    if (this.m.fixed.measure === undefined) required.push('measure');
    for (const field of required) {
      if (!found.has(field) && !duplicated.has(field) && given[field] === undefined) {
        this.issue('error', 'header-missing-field', this.headerLoc(), {
          part: FIELD_ZH[field][0],
          partEn: FIELD_ZH[field][1],
          expected: LONG_FIELD_NAMES[field].join('、'),
        });
      }
    }
    this.longFields = found;
    const role = (i: number): string | undefined => [...found].find(([, idx]) => idx === i)?.[0];
    this.detectionValue = {
      layout: 'long',
      columns: this.columns
        .filter((c) => role(c.index) !== undefined)
        .map((c) => ({
          column: c.letter,
          header: c.path,
          role: role(c.index)!,
          key: {},
          from: this.m.fields?.[role(c.index) as LongField] !== undefined ? 'mapping' : 'detected',
        })),
      ignoredColumns: this.columns.filter((c) => role(c.index) === undefined && c.path !== '').map((c) => c.path),
      totalRows: [],
      totalColumns: [],
    };
  }

  private planWide(): void {
    const rows = this.m.rows!;
    const labelCol = this.resolveColumnRef(rows.column);
    const plans: ColumnPlan[] = [];
    const detections: ColumnDetection[] = [];
    const claimed = new Set<number>(labelCol ? [labelCol.index] : []);
    for (const entry of this.m.columns) {
      const col = entry.column !== undefined ? this.byLetter(entry.column) : this.resolveColumnRef(entry.header!);
      if (col === undefined) continue;
      claimed.add(col.index);
      if (entry.ignore) continue;
      const key: KeyPart = stripUndefined({
        unit: entry.unit,
        measure: entry.measure,
        dimension: entry.dimension,
        period: entry.period,
        uom: entry.uom,
      });
      const headerUom = parseUomFromHeader(col.path)?.uom;
      plans.push({ col, key, headerUom, total: entry.total === true || this.isTotalHeader(col) });
      detections.push({
        column: col.letter,
        header: col.path,
        role: 'value',
        key,
        uom: entry.uom ?? headerUom,
        from: 'mapping',
      });
    }
    if (this.m.periodsFromHeader) {
      for (const col of this.columns) {
        if (claimed.has(col.index) || col.path === '') continue;
        const lastPart = col.parts[col.parts.length - 1] ?? '';
        // the one header reader the auditor uses too: "2017年（亩）" is 2017, "5年合计（亩）" a total
        const period = readHeader(lastPart).period;
        const headerUom = parseUomFromHeader(col.path)?.uom;
        if (period !== undefined) {
          claimed.add(col.index);
          plans.push({ col, key: { period: period.code }, headerUom, total: false });
          detections.push({
            column: col.letter,
            header: col.path,
            role: 'period',
            key: { period: period.code },
            uom: headerUom,
            from: 'detected',
          });
        } else if (this.isTotalHeader(col)) {
          claimed.add(col.index);
          plans.push({ col, key: {}, headerUom, total: true });
          detections.push({
            column: col.letter,
            header: col.path,
            role: 'total',
            key: {},
            uom: headerUom,
            from: 'detected',
          });
        }
      }
    }
    this.plans = plans;
    const ignored = this.columns.filter((c) => !claimed.has(c.index) && c.path !== '').map((c) => c.path);
    for (const path of ignored) {
      this.issue('warning', 'column-ignored', this.headerLoc(this.columns.find((c) => c.path === path)), { got: path });
    }
    this.detectionValue = {
      layout: 'wide',
      columns: [
        ...(labelCol
          ? [
              {
                column: labelCol.letter,
                header: labelCol.path,
                role: `${rows.key}-label`,
                key: {},
                from: 'mapping' as const,
              },
            ]
          : []),
        ...detections,
      ],
      ignoredColumns: ignored,
      totalRows: this.totalRows,
      totalColumns: plans.filter((p) => p.total).map((p) => p.col.letter),
    };
  }

  private isTotalHeader(col: HeaderColumn): boolean {
    const last = col.parts[col.parts.length - 1] ?? '';
    const read = readHeader(last);
    // "合计", or a total over the span the header names: "5年合计（亩）", "“十四五”合计"
    return this.m.totals.columns.some(
      (t) =>
        normText(t) === last ||
        normText(t) === read.label ||
        (read.total !== undefined && read.label.endsWith(normText(t))),
    );
  }

  private resolveColumnRef(ref: string): HeaderColumn | undefined {
    if (/^[A-Z]{1,3}$/.test(ref)) return this.byLetter(ref);
    const hit = findHeaderColumn(this.columns, ref);
    if (hit === 'ambiguous') {
      this.issue('error', 'header-duplicate', this.headerLoc(), { got: ref });
      return undefined;
    }
    if (hit === undefined) {
      this.issue('error', 'mapping-column-missing', this.headerLoc(), { got: ref, expected: this.headerList() });
    }
    return hit;
  }

  private byLetter(letter: string): HeaderColumn | undefined {
    const col = this.columns.find((c) => c.letter === letter);
    if (col === undefined)
      this.issue('error', 'mapping-column-missing', this.headerLoc(), { got: letter, expected: this.headerList() });
    return col;
  }

  private headerList(): string {
    return this.columns
      .filter((c) => c.path !== '')
      .map((c) => `${c.letter}:${c.path}`)
      .join('，');
  }

  // ── rows ──

  private readLongRow(row: RawRow): IntakeObservation[] {
    const get = (f: LongField): RawCell | undefined => {
      const i = this.longFields.get(f);
      return i === undefined ? undefined : row.cells[i];
    };
    const texts = row.cells.map((c) => cellText(c).trim());
    if (texts.every((t) => t === '') && !row.cells.some((c) => c !== null && typeof c === 'object')) return [];
    if (this.isStopRow(texts[0] ?? '')) {
      this.stopAt(row, texts[0] ?? '');
      return [];
    }
    const loc = (f: LongField): Loc => this.cellLoc(row.rowNumber, this.longFields.get(f));
    let ok = true;
    const key: { -readonly [K in keyof KeyPart]: KeyPart[K] } = { ...this.m.fixed };
    const unitText = cellText(get('unit') ?? null).trim();
    if (this.longFields.has('unit')) {
      const code = this.resolveUnit(unitText, loc('unit'));
      if (code === undefined) ok = false;
      else key.unit = code;
    }
    if (this.longFields.has('measure')) key.measure = cellText(get('measure') ?? null).trim();
    if (this.longFields.has('dimension')) key.dimension = cellText(get('dimension') ?? null).trim();
    if (this.longFields.has('period')) key.period = cellText(get('period') ?? null).trim();
    let uomLoc = loc('value');
    if (this.longFields.has('uom')) {
      const u = cellText(get('uom') ?? null).trim();
      if (u !== '') {
        key.uom = u;
        uomLoc = loc('uom');
      }
    }
    const valueCell = get('value');
    if (!ok) return [];
    const obs = this.readValue(
      valueCell ?? null,
      key,
      undefined,
      loc('value'),
      loc('measure'),
      loc('period'),
      loc('dimension'),
      uomLoc,
    );
    return obs === undefined ? [] : [obs.observation];
  }

  private readWideRow(row: RawRow): IntakeObservation[] {
    const rows = this.m.rows!;
    const labelColumn =
      this.columns.find((c) => c.letter === rows.column) ?? findHeaderColumnSafe(this.columns, rows.column);
    const labelIdx = labelColumn?.index ?? 0;
    const rawLabel = cellText(row.cells[labelIdx]).trim();
    const label = normText(rawLabel);
    const hasValues = this.plans.some((p) => {
      const c = row.cells[p.col.index];
      return c !== null && c !== undefined && (typeof c !== 'string' || c.trim() !== '');
    });
    if (label === '' && !hasValues) return [];
    if (this.isStopRow(rawLabel)) {
      this.stopAt(row, rawLabel);
      return [];
    }
    const part = this.rowPart(row, label, rawLabel, labelIdx);
    if (part === undefined) return [];
    if ('skip' in part) return [];
    const out: IntakeObservation[] = [];
    const rawByColumn = new Map<number, string>();
    const isTotalRow = part.total !== undefined;
    if (isTotalRow) this.totalRows.push(row.rowNumber);
    // period columns first, so the row's total column can be checked against them
    const periodParts: string[] = [];
    let periodExact = true;
    const spanYears: number[] = [];
    const measureOfRow = part.key.measure ?? this.m.fixed.measure;
    // where the unit of measure a value is read in was written: the mapping, the row label or the column header
    const uomLocOf = (plan: ColumnPlan, key: KeyPart, cellLoc: Loc): Loc =>
      key.uom !== undefined
        ? cellLoc
        : part.labelUom !== undefined
          ? this.cellLoc(row.rowNumber, labelIdx)
          : plan.headerUom !== undefined
            ? this.headerUomLoc(plan.col)
            : cellLoc;
    for (const plan of this.plans) {
      const cell = row.cells[plan.col.index] ?? null;
      const loc = this.cellLoc(row.rowNumber, plan.col.index);
      if (plan.total) continue;
      const key = { ...this.m.fixed, ...part.key, ...plan.key };
      const read = this.readValue(
        cell,
        key,
        part.labelUom ?? plan.headerUom,
        loc,
        loc,
        loc,
        loc,
        uomLocOf(plan, key, loc),
      );
      if (read === undefined) continue;
      out.push(read.observation);
      // only additive measures (flows, stocks) have totals that are sums of their parts; ratios and prices do not
      if (isAdditive(read.observation.measureCode)) rawByColumn.set(plan.col.index, read.raw);
      this.noteExactness(plan.col.index, read.observation.uom);
      if (plan.key.period !== undefined) {
        periodParts.push(read.raw);
        periodExact &&= isExactCountUom(read.observation.uom);
        spanYears.push(read.observation.period.startYear, read.observation.period.endYear);
      }
    }
    for (const plan of this.plans) {
      if (!plan.total) continue;
      const cell = row.cells[plan.col.index] ?? null;
      const loc = this.cellLoc(row.rowNumber, plan.col.index);
      const parsed = this.parseCell(cell, loc);
      if (parsed === undefined) continue;
      const measure =
        measureOfRow !== undefined ? (getMeasure(measureOfRow) ?? resolveMeasure(measureOfRow)) : undefined;
      if (measure !== undefined && measure.nature !== 'flow') {
        this.issue('warning', 'total-ignored', loc, { label: rawLabel || plan.col.path, got: parsed });
        continue;
      }
      if (periodParts.length > 0) this.checkTotal(loc, rawLabel || plan.col.path, parsed, periodParts, periodExact);
      // the total's period: as the mapping states it, else the span of the row's period columns
      const period =
        plan.key.period ?? (spanYears.length > 0 ? `${Math.min(...spanYears)}-${Math.max(...spanYears)}` : undefined);
      if (period !== undefined) {
        const key = { ...this.m.fixed, ...part.key, ...plan.key, period };
        const read = this.readValue(
          cell,
          key,
          part.labelUom ?? plan.headerUom,
          loc,
          loc,
          loc,
          loc,
          uomLocOf(plan, key, loc),
        );
        if (read !== undefined) {
          out.push(read.observation);
          if (isAdditive(read.observation.measureCode)) rawByColumn.set(plan.col.index, read.raw);
        }
      }
    }
    if (isTotalRow) {
      this.checkTotalRow(row.rowNumber, rawLabel, part.total!, rawByColumn);
      this.block = [];
    } else {
      this.block.push({ label, rawByColumn });
    }
    return out;
  }

  private rowPart(
    row: RawRow,
    label: string,
    rawLabel: string,
    labelIdx: number,
  ): RowPart | { skip: true } | undefined {
    const rows = this.m.rows!;
    const listed = this.findRowLabel(row.rowNumber, label);
    const loc = this.cellLoc(row.rowNumber, labelIdx);
    const isTotalLabel = this.m.totals.rows.some((t) => normText(t) === label);
    if (listed !== undefined) {
      if (listed.skip) return { skip: true };
      const key: KeyPart = stripUndefined({
        unit: listed.unit,
        measure: listed.measure,
        dimension: listed.dimension,
        period: listed.period,
        uom: listed.uom,
      });
      const labelUom = rows.key === 'measure' ? parseUomFromHeader(rawLabel)?.uom : undefined;
      const total = listed.total ?? (isTotalLabel ? true : undefined);
      let unitKey = key;
      if (rows.key === 'unit' && key.unit === undefined) {
        const code = total !== undefined ? this.totalUnit() : this.resolveUnit(rawLabel, loc);
        if (code === undefined) return undefined;
        unitKey = { ...key, unit: code };
      }
      return { key: unitKey, labelUom, total };
    }
    if (rows.unlisted === 'ignore') return { skip: true };
    if (rows.key === 'unit') {
      if (isTotalLabel) return { key: { unit: this.totalUnit() }, total: true };
      if (rows.unlisted === 'error') {
        this.issue('error', 'unknown-unit', loc, { got: rawLabel });
        return undefined;
      }
      const code = this.resolveUnit(rawLabel, loc);
      return code === undefined ? undefined : { key: { unit: code } };
    }
    const parsed = parseUomFromHeader(rawLabel);
    const name = parsed?.label ?? rawLabel;
    const measure = rows.unlisted === 'error' ? undefined : resolveMeasure(name);
    if (measure === undefined) {
      this.issue('error', 'unknown-measure', loc, { got: rawLabel });
      return undefined;
    }
    return { key: { measure: measure.code }, labelUom: parsed?.uom };
  }

  private findRowLabel(rowNumber: number, label: string): RowLabel | undefined {
    const labels = this.m.rows?.labels ?? [];
    const byRow = labels.find((l) => l.row === rowNumber);
    if (byRow !== undefined) return byRow;
    const byLabel = labels.find(
      (l) => l.row === undefined && l.label !== undefined && normText(l.label) === label && !this.usedLabels.has(l),
    );
    if (byLabel !== undefined) {
      // a label listed once matches every row that prints it; listed twice, the n-th listing matches the n-th row
      const twins = labels.filter((l) => l.row === undefined && l.label !== undefined && normText(l.label) === label);
      if (twins.length > 1) this.usedLabels.add(byLabel);
    }
    return byLabel;
  }

  private totalUnit(): string {
    return this.m.totals.unit ?? this.opts.units.root.code;
  }

  private resolveUnit(text: string, loc: Loc): string | undefined {
    if (text === '') {
      this.issue('error', 'unknown-unit', loc, { got: text });
      return undefined;
    }
    const cached = this.unitCache.get(text);
    if (cached !== undefined) return cached;
    const unit = this.opts.units.resolve(text);
    if (unit === undefined) {
      // A national administrative code outside the city's prefix (first four digits) names another city's unit.
      const code = text.normalize('NFKC');
      const other = /^\d{6}$/.test(code) && code.slice(0, 4) !== this.m.city.slice(0, 4);
      this.issue('error', other ? 'unit-other-city' : 'unknown-unit', loc, {
        got: text,
        expected: other ? this.m.city : undefined,
      });
      return undefined;
    }
    this.unitCache.set(text, unit.code);
    return unit.code;
  }

  /** Parses a cell to a number; reports formula errors and non-numbers; undefined for no value. */
  private parseCell(cell: RawCell, loc: Loc): string | undefined {
    if (cell !== null && typeof cell === 'object') {
      this.issue('error', 'formula-error', loc, { got: cell.error });
      return undefined;
    }
    let value: string;
    if (typeof cell === 'string' && PLAIN_ASCII_DECIMAL.test(cell)) value = canonicalPlainDecimal(cell);
    else {
      const parsed = parseNumberCell(cell ?? '');
      if (parsed.kind === 'empty') return undefined;
      if (parsed.kind === 'invalid') {
        this.issue('error', 'not-a-number', loc, { got: cell ?? '' });
        return undefined;
      }
      value = parsed.value;
      // ".35": the digits before the point were probably lost in publication (the auditor's same rule)
      if (typeof cell === 'string' && looksGarbled(cell)) {
        this.issue('warning', 'number-garbled', loc, { got: cell, expected: value });
      }
    }
    // No figure of a city needs more integer digits than Excel can even hold; more is a corrupt or runaway cell.
    if (value.length > MAX_INTEGER_DIGITS && integerDigits(value) > MAX_INTEGER_DIGITS) {
      const got = String(cell);
      this.issue('error', 'number-too-large', loc, {
        got: got.length > 40 ? `${got.slice(0, 20)}…（${got.length} 位）` : got,
        expected: String(MAX_INTEGER_DIGITS),
      });
      return undefined;
    }
    return value;
  }

  private readValue(
    cell: RawCell,
    key: KeyPart,
    impliedUom: UomCode | undefined,
    valueLoc: Loc,
    measureLoc: Loc,
    periodLoc: Loc,
    dimensionLoc: Loc,
    uomLoc: Loc = valueLoc,
  ): { observation: IntakeObservation; raw: string } | undefined {
    const raw = this.parseCell(cell, valueLoc);
    if (raw === undefined) return undefined;
    const measure = this.measureOf(key, valueLoc, measureLoc);
    const period = this.periodOf(key, valueLoc, periodLoc);
    const unitCode = key.unit;
    if (unitCode === undefined) {
      this.onceIssue(`unit@${valueLoc.column}`, 'error', 'mapping-key-incomplete', valueLoc, FIELD_ARGS.unit);
    }
    if (measure === undefined || period === undefined || unitCode === undefined) return undefined;
    const dimension = this.dimensionOf(measure, key.dimension ?? '', dimensionLoc);
    if (dimension === undefined) return undefined;
    const fromUom = this.uomOf(key.uom, impliedUom, measure, valueLoc, uomLoc);
    if (fromUom === undefined) return undefined;
    let value: string;
    try {
      // raw is already canonical, which is what converting to the same unit gives
      value = fromUom === measure.uom ? raw : convert(raw, fromUom, measure.uom);
    } catch {
      // one header or label states the unit for many cells: report it once, where it is written
      this.onceIssue(`uom-mismatch@${uomLoc.row}:${uomLoc.column}@${measure.code}`, 'error', 'uom-mismatch', uomLoc, {
        got: getUnitOfMeasure(fromUom).labelZh,
        gotEn: getUnitOfMeasure(fromUom).labelEn,
        expected: getUnitOfMeasure(measure.uom).labelZh,
        expectedEn: getUnitOfMeasure(measure.uom).labelEn,
        measure: measure.nameZh,
        measureEn: measure.nameEn,
      });
      return undefined;
    }
    if (measure.nonNegative && raw.startsWith('-')) {
      this.issue('error', 'negative-value', valueLoc, { got: raw, measure: measure.nameZh });
      return undefined;
    }
    if (measure.uom === 'percent' && (raw.startsWith('-') || compareDecimals(value, '100') > 0)) {
      this.issue('error', 'percent-out-of-range', valueLoc, { got: raw });
      return undefined;
    }
    const dupKey = this.dupKeyOf(unitCode, measure.code, dimension, period.code);
    const here = `${valueLoc.column ?? ''}${valueLoc.row ?? ''}`;
    const first = this.seen.get(dupKey);
    if (first !== undefined) {
      this.issue('error', 'duplicate-key', valueLoc, { expected: ` ${first}`, expectedEn: first });
      return undefined;
    }
    this.seen.set(dupKey, here);
    this.observationCount++;
    const sheet = this.opts.sheet !== undefined ? `!${this.opts.sheet}` : '';
    return {
      raw,
      observation: {
        unitCode,
        measureCode: measure.code,
        dimension,
        period,
        value,
        uom: measure.uom,
        sourceRef: `${this.opts.file}${sheet}!${here}`,
      },
    };
  }

  /**
   * The duplicate-detection key of an observation. A file of a million rows keeps a million keys: each part is
   * numbered in order of appearance and the four numbers are packed into one exact double (20 + 3 × 11 bits =
   * 53 bits), which holds far less memory than a joined string; beyond those ranges the joined string is the key.
   */
  private dupKeyOf(unit: string, measure: string, dimension: string, period: string): number | string {
    const [units, measures, dimensions, periods] = this.keyPartIds;
    const id = (ids: Map<string, number>, part: string): number => {
      let n = ids.get(part);
      if (n === undefined) {
        n = ids.size;
        ids.set(part, n);
      }
      return n;
    };
    const u = id(units, unit);
    const m = id(measures, measure);
    const d = id(dimensions, dimension);
    const p = id(periods, period);
    if (u >= 2 ** 20 || m >= 2048 || d >= 2048 || p >= 2048) return `${unit}|${measure}|${dimension}|${period}`;
    return ((u * 2048 + m) * 2048 + d) * 2048 + p;
  }

  private measureOf(key: KeyPart, valueLoc: Loc, measureLoc: Loc): MeasureDef | undefined {
    if (key.measure === undefined || key.measure === '') {
      this.onceIssue(`measure@${valueLoc.column}`, 'error', 'mapping-key-incomplete', valueLoc, FIELD_ARGS.measure);
      return undefined;
    }
    const cached = this.measureCache.get(key.measure);
    if (cached !== undefined) return cached;
    const measure = getMeasure(key.measure) ?? resolveMeasure(parseUomFromHeader(key.measure)?.label ?? key.measure);
    if (measure === undefined) this.issue('error', 'unknown-measure', measureLoc, { got: key.measure });
    else this.measureCache.set(key.measure, measure);
    return measure;
  }

  private periodOf(key: KeyPart, valueLoc: Loc, periodLoc: Loc): Period | undefined {
    if (key.period === undefined || key.period === '') {
      if (this.m.layout === 'long' && this.longFields.has('period')) {
        this.issue('error', 'bad-period', periodLoc, { got: '' });
      } else {
        this.onceIssue(`period@${valueLoc.column}`, 'error', 'mapping-key-incomplete', valueLoc, FIELD_ARGS.period);
      }
      return undefined;
    }
    const cached = this.periodCache.get(key.period);
    if (cached !== undefined) return cached;
    const isoDate = /^(\d{4})-(\d{2})-\d{2}$/.exec(key.period);
    const period = parsePeriod(isoDate ? `${isoDate[1]}-${isoDate[2]}` : key.period);
    if (period === undefined) this.issue('error', 'bad-period', periodLoc, { got: key.period });
    else this.periodCache.set(key.period, period);
    return period;
  }

  private dimensionOf(measure: MeasureDef, text: string, loc: Loc): string | undefined {
    const code = text === '' ? '' : (this.dimensionCache.get(text) ?? resolveDimension(text));
    if (code !== undefined && text !== '') this.dimensionCache.set(text, code);
    if (code === undefined) {
      this.issue('error', 'unknown-dimension', loc, {
        got: text,
        expected: DIMENSIONS.map((d) => d.nameZh).join('、'),
      });
      return undefined;
    }
    if (!acceptsDimension(measure, code)) {
      this.issue('error', 'dimension-not-allowed', loc, {
        got: text,
        measure: measure.nameZh,
        expected: ['合计', ...measure.dimensions].join('、'),
      });
      return undefined;
    }
    return code;
  }

  private uomOf(
    explicit: string | undefined,
    implied: UomCode | undefined,
    measure: MeasureDef,
    loc: Loc,
    uomLoc: Loc,
  ): UomCode | undefined {
    if (explicit !== undefined) {
      const code = parseUomLabel(explicit);
      if (code === undefined) {
        this.issue('error', 'unknown-uom', uomLoc, { got: explicit });
        return undefined;
      }
      return code;
    }
    if (implied !== undefined) return implied;
    const label = getUnitOfMeasure(measure.uom);
    this.onceIssue(`uom@${loc.column}@${measure.code}`, 'warning', 'uom-assumed', loc, {
      expected: label.labelZh,
      expectedEn: label.labelEn,
    });
    return measure.uom;
  }

  // ── totals ──

  private checkTotalRow(
    rowNumber: number,
    label: string,
    total: true | readonly string[],
    printed: Map<number, string>,
  ): void {
    const parts = total === true ? this.block : this.block.filter((b) => total.some((t) => normText(t) === b.label));
    for (const [colIndex, value] of printed) {
      const present = parts.filter((p) => p.rawByColumn.has(colIndex));
      if (present.length === 0) continue;
      const figures = present.map((p) => p.rawByColumn.get(colIndex)!);
      this.checkTotal(
        this.cellLoc(rowNumber, colIndex),
        label,
        value,
        figures,
        this.exactColumns.get(colIndex) === true,
      );
    }
  }

  /** Whether every figure read in a column so far is an exact count (套, 户, 个, 宗 — not 人). */
  private noteExactness(colIndex: number, uom: string): void {
    this.exactColumns.set(colIndex, (this.exactColumns.get(colIndex) ?? true) && isExactCountUom(uom));
  }

  /**
   * A printed total against its parts by the auditor's one rule (core/audit/interval.ts totalStatus): only a total
   * that cannot be the sum within the printed precision is reported (an exact count must add up exactly); the
   * mapping's toleranceUlps allows that many more units of the last printed decimal.
   */
  private checkTotal(loc: Loc, label: string, printed: string, parts: readonly string[], exact: boolean): void {
    if (totalStatus(printed, parts, exact) !== 'mismatch') return;
    const computed = sumDecimals([...parts]);
    // far from its parts' magnitude (lost digits or decimal point): the auditor's garbled rule, same code as ".35"
    if (totalGarbled(printed, parts, exact)) {
      this.issue('warning', 'number-garbled', loc, { got: printed, expected: printed, label, computed });
      return;
    }
    const places = printed.split('.')[1]?.length ?? 0;
    const tolerance = places === 0 ? String(this.m.totals.toleranceUlps) : `${this.m.totals.toleranceUlps}e-${places}`;
    const diff = subtractDecimals(printed, computed);
    const absDiff = diff.startsWith('-') ? diff.slice(1) : diff;
    if (compareDecimals(absDiff, tolerance) > 0) {
      this.issue('warning', 'total-mismatch', loc, { label, printed, computed, diff });
    }
  }

  // ── helpers ──

  private isStopRow(label: string): boolean {
    const t = label.normalize('NFKC').trim();
    if (t === '') return false;
    if (this.m.stopAt !== undefined) return t.startsWith(this.m.stopAt.normalize('NFKC').trim());
    return DEFAULT_STOP.test(t);
  }

  private stopAt(row: RawRow, text: string): void {
    this.stopped = true;
    this.issue(
      'warning',
      'note-ignored',
      { row: row.rowNumber, column: 'A' },
      { got: text.length > 60 ? `${text.slice(0, 60)}…` : text },
    );
  }

  private cellLoc(rowNumber: number, colIndex: number | undefined): Loc {
    const col = colIndex === undefined ? undefined : this.columns[colIndex];
    return {
      row: rowNumber,
      column: col?.letter ?? (colIndex === undefined ? undefined : columnLetter(colIndex + 1)),
      header: col?.path || undefined,
    };
  }

  /**
   * The header cell that states a column's unit of measure: the first header row that does, looking left across a
   * merged (blank) cell to the cell that holds its text, so columns under one merged header share one place.
   */
  private headerUomLoc(col: HeaderColumn): Loc {
    const last = this.headerRows.length - 1;
    for (const [r, row] of this.headerRows.entries()) {
      let j = col.index;
      while (r < last && j > 0 && cellText(row.cells[j]).trim() === '') j--;
      if (parseUomFromHeader(cellText(row.cells[j])) !== undefined) {
        return { row: row.rowNumber, column: columnLetter(j + 1), header: this.columns[j]?.path || undefined };
      }
    }
    return { row: this.m.header.firstRow, column: col.letter, header: col.path || undefined };
  }

  private headerLoc(col?: HeaderColumn): Loc {
    return { row: this.m.header.firstRow, column: col?.letter, header: col?.path || undefined };
  }

  private onceIssue(
    key: string,
    severity: 'error' | 'warning',
    code: IssueCode,
    loc: Loc,
    args: Record<string, string | number | undefined>,
  ): void {
    if (this.warnedOnce.has(key)) {
      if (severity === 'error') {
        this.errorCount++;
        this.repeatedErrors++;
      }
      return;
    }
    this.warnedOnce.add(key);
    this.issue(severity, code, loc, args);
  }

  private issue(
    severity: 'error' | 'warning',
    code: IssueCode,
    loc: Loc,
    args: Record<string, string | number | undefined>,
  ): void {
    if (severity === 'error') this.errorCount++;
    else this.warningCount++;
    if (this.issues.length >= this.maxIssues) return;
    this.issues.push(this.make(severity, code, loc, args));
  }

  private make(
    severity: 'error' | 'warning',
    code: IssueCode,
    loc: Loc,
    args: Record<string, string | number | undefined>,
  ): IntakeIssue {
    const text = issueText(code, args);
    const sheet = this.opts.sheet;
    return stripUndefined({
      severity,
      code,
      file: this.opts.file,
      sheet,
      row: loc.row,
      column: loc.column,
      header: loc.header,
      messageZh: text.zh,
      messageEn: text.en,
      expected: args.expected !== undefined ? String(args.expected).trim() : undefined,
      got: args.got !== undefined ? String(args.got) : undefined,
    }) as IntakeIssue;
  }
}

// Plain ASCII decimals ("12.3400", "-7") are nearly every value cell of a large file. Their canonical form, the
// same string parseNumberCell → normaliseDecimal gives, is built here by string edits instead of BigInt arithmetic.
const PLAIN_ASCII_DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** Integer digits a value may have (Excel keeps 15 significant digits; a city's figures need far fewer). */
const MAX_INTEGER_DIGITS = 15;

/** Digits before the decimal point of a canonical decimal string ("-123.45" → 3). */
function integerDigits(value: string): number {
  const start = value.startsWith('-') ? 1 : 0;
  const dot = value.indexOf('.');
  return (dot === -1 ? value.length : dot) - start;
}

function canonicalPlainDecimal(text: string): string {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const dot = body.indexOf('.');
  const intPart = (dot < 0 ? body : body.slice(0, dot)).replace(/^0+(?=\d)/, '');
  const fracPart = dot < 0 ? '' : body.slice(dot + 1).replace(/0+$/, '');
  const out = fracPart === '' ? intPart : `${intPart}.${fracPart}`;
  return out === '0' || !negative ? out : `-${out}`;
}

const FIELD_ARGS = {
  unit: { part: FIELD_ZH['unit-key'][0], partEn: FIELD_ZH['unit-key'][1] },
  measure: { part: FIELD_ZH['measure-key'][0], partEn: FIELD_ZH['measure-key'][1] },
  period: { part: FIELD_ZH['period-key'][0], partEn: FIELD_ZH['period-key'][1] },
};

function isAdditive(measureCode: string): boolean {
  const nature = getMeasure(measureCode)?.nature;
  return nature === 'flow' || nature === 'stock';
}

function findHeaderColumnSafe(columns: readonly HeaderColumn[], ref: string): HeaderColumn | undefined {
  const hit = findHeaderColumn(columns, ref);
  return hit === 'ambiguous' ? undefined : hit;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
