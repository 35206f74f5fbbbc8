/**
 * Land-parcel files (供地台账: 宗地编号、单元、用途、面积、价款、约定开工日期、实际开工日期) read row by row into
 * `LandParcel` records for the idle-land rule (000 §九（二）). Text cells in, records and located issues out — every
 * problem names the file, sheet, row, column and header. Reading the file is `intake`'s job (`readLandParcels`).
 */
import { columnLetter, type CellLocation } from '../intake/issue.js';
import type { RawCell, RawRow } from '../intake/raw.js';
import { parseDateCell } from '../market/presale-project.js';
import { parseNumberCell } from '../quantity/quantity.js';
import { landParcelSchema, type LandParcel } from './idle-land.js';

type ParcelField = keyof LandParcel;

/** The columns of a parcel sheet and the header names each is recognised by (NFKC, spaces and brackets removed). */
export const LAND_PARCEL_COLUMNS: readonly {
  readonly field: ParcelField;
  readonly zh: string;
  readonly en: string;
  readonly names: readonly string[];
  readonly required: boolean;
}[] = [
  {
    field: 'id',
    zh: '宗地编号',
    en: 'parcel id',
    names: ['宗地编号', '地块编号', '宗地代码', '编号', 'id', 'parcelid'],
    required: true,
  },
  { field: 'unitCode', zh: '单元', en: 'unit', names: ['单元', '区县', '所在区县', '行政区', 'unit'], required: true },
  { field: 'use', zh: '用途', en: 'use', names: ['用途', '土地用途', 'use'], required: true },
  {
    field: 'areaHa',
    zh: '面积（公顷）',
    en: 'area (ha)',
    names: ['面积', '宗地面积', '出让面积', 'area', 'areaha'],
    required: true,
  },
  {
    field: 'priceWanYuan',
    zh: '价款（万元）',
    en: 'price (10k yuan)',
    names: ['价款', '出让价款', '成交价款', '土地价款', 'price', 'pricewanyuan'],
    required: true,
  },
  {
    field: 'agreedStartDate',
    zh: '约定开工日期',
    en: 'agreed start date',
    names: ['约定开工日期', '合同约定开工日期', '合同开工日期', 'agreedstartdate'],
    required: true,
  },
  {
    field: 'actualStartDate',
    zh: '实际开工日期',
    en: 'actual start date',
    names: ['实际开工日期', '开工日期', 'actualstartdate'],
    required: true,
  },
  {
    field: 'startCommitment',
    zh: '开工承诺',
    en: 'start commitment',
    names: ['开工承诺', '已承诺开工', 'startcommitment'],
    required: false,
  },
];

/** 用途 names → use codes. */
const USE_NAMES: Readonly<Record<string, string>> = {
  住宅: 'residential',
  住宅用地: 'residential',
  城镇住宅用地: 'residential',
  residential: 'residential',
  商业: 'commercial',
  商服: 'commercial',
  商服用地: 'commercial',
  商业用地: 'commercial',
  commercial: 'commercial',
  商住: 'mixed',
  商住用地: 'mixed',
  mixed: 'mixed',
  工业: 'industrial',
  工业用地: 'industrial',
  industrial: 'industrial',
};
const YES = new Set(['是', '有', 'y', 'yes', 'true', '1']);
const NO = new Set(['否', '无', 'n', 'no', 'false', '0', '']);

export type LandParcelIssueCode =
  | 'header-missing-field'
  | 'header-duplicate'
  | 'missing-value'
  | 'not-a-number'
  | 'negative-value'
  | 'bad-date'
  | 'unknown-unit'
  | 'unknown-use'
  | 'bad-flag'
  | 'duplicate-parcel'
  | 'no-rows';

export interface LandParcelIssue extends CellLocation {
  readonly severity: 'error';
  readonly code: LandParcelIssueCode;
  readonly messageZh: string;
  readonly messageEn: string;
}

type Args = Readonly<Record<string, string>>;
const TEXT: Record<LandParcelIssueCode, (a: Args) => { zh: string; en: string }> = {
  'header-missing-field': (a) => ({
    zh: `表头中缺少“${a.field}”列；可识别的列名有：${a.names}`,
    en: `the header has no "${a.fieldEn}" column; recognised names: ${a.names}`,
  }),
  'header-duplicate': (a) => ({
    zh: `“${a.field}”列出现了不止一次`,
    en: `the "${a.fieldEn}" column appears more than once`,
  }),
  'missing-value': (a) => ({ zh: `“${a.field}”为空`, en: `"${a.fieldEn}" is empty` }),
  'not-a-number': (a) => ({
    zh: `“${a.field}”应为数字，实为“${a.got}”`,
    en: `"${a.fieldEn}" should be a number, got "${a.got}"`,
  }),
  'negative-value': (a) => ({
    zh: `“${a.field}”不能为负：${a.got}`,
    en: `"${a.fieldEn}" cannot be negative: ${a.got}`,
  }),
  'bad-date': (a) => ({
    zh: `“${a.field}”不是有效日期：“${a.got}”（应为 2024-03-15、2024/3/15 或 2024年3月15日）`,
    en: `"${a.fieldEn}" is not a valid date: "${a.got}" (use 2024-03-15, 2024/3/15 or 2024年3月15日)`,
  }),
  'unknown-unit': (a) => ({ zh: `无法识别的单元“${a.got}”`, en: `unknown unit "${a.got}"` }),
  'unknown-use': (a) => ({
    zh: `无法识别的用途“${a.got}”（可用：住宅、商服、商住、工业）`,
    en: `unknown use "${a.got}" (use 住宅/residential, 商服/commercial, 商住/mixed, 工业/industrial)`,
  }),
  'bad-flag': (a) => ({
    zh: `“${a.field}”应为 是/否，实为“${a.got}”`,
    en: `"${a.fieldEn}" should be yes/no, got "${a.got}"`,
  }),
  'duplicate-parcel': (a) => ({
    zh: `宗地编号 ${a.got} 重复（首次出现在第 ${a.expected} 行）`,
    en: `parcel ${a.got} appears again (first in row ${a.expected})`,
  }),
  'no-rows': () => ({ zh: '文件中没有宗地记录', en: 'the file holds no parcel rows' }),
};

function norm(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[（(].*?[)）]/g, '')
    .toLowerCase();
}

function cellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell !== 'string') return cell.error;
  return cell.normalize('NFKC').trim();
}

export interface LandParcelInterpreterOptions {
  readonly file: string;
  readonly sheet?: string | undefined;
  /** Unit name, alias or code → code; undefined when unknown. Without it, the cell is taken as the code. */
  readonly resolveUnit?: (label: string) => string | undefined;
}

/**
 * Turns a parcel sheet (header row first) into `LandParcel` records; with any issue, the caller writes nothing.
 *
 * @example
 * const it = new LandParcelInterpreter({ file: 'parcels.csv' });
 * for (const row of rows) it.push(row);
 * it.finish(); // it.parcels, it.issues
 */
export class LandParcelInterpreter {
  readonly parcels: LandParcel[] = [];
  readonly issues: LandParcelIssue[] = [];
  private columns: Map<ParcelField, number> | undefined;
  private headerFailed = false;
  private readonly firstRow = new Map<string, number>();

  constructor(private readonly options: LandParcelInterpreterOptions) {}

  private issue(code: LandParcelIssueCode, args: Args, where: Partial<CellLocation> = {}): void {
    const t = TEXT[code](args);
    this.issues.push({
      severity: 'error',
      code,
      file: this.options.file,
      ...(this.options.sheet === undefined ? {} : { sheet: this.options.sheet }),
      ...where,
      messageZh: t.zh,
      messageEn: t.en,
    });
  }

  push(row: RawRow): void {
    const texts = row.cells.map(cellText);
    if (texts.every((t) => t === '') || this.headerFailed) return;
    if (this.columns === undefined) this.readHeader(row.rowNumber, texts);
    else this.readParcel(row.rowNumber, texts);
  }

  finish(): void {
    if (!this.headerFailed && this.parcels.length === 0 && this.issues.length === 0) this.issue('no-rows', {});
  }

  private readHeader(rowNumber: number, texts: readonly string[]): void {
    const columns = new Map<ParcelField, number>();
    texts.forEach((text, i) => {
      const col = LAND_PARCEL_COLUMNS.find((c) => c.names.includes(norm(text)));
      if (col === undefined) return;
      if (columns.has(col.field)) {
        this.issue(
          'header-duplicate',
          { field: col.zh, fieldEn: col.en },
          { row: rowNumber, column: columnLetter(i + 1), header: text },
        );
        this.headerFailed = true;
      } else columns.set(col.field, i);
    });
    for (const c of LAND_PARCEL_COLUMNS) {
      if (c.required && !columns.has(c.field)) {
        this.issue(
          'header-missing-field',
          { field: c.zh, fieldEn: c.en, names: c.names.join('、') },
          { row: rowNumber },
        );
        this.headerFailed = true;
      }
    }
    this.columns = columns;
  }

  private readParcel(rowNumber: number, texts: readonly string[]): void {
    const columns = this.columns!;
    const before = this.issues.length;
    const meta = (field: ParcelField) => LAND_PARCEL_COLUMNS.find((c) => c.field === field)!;
    const at = (field: ParcelField): Partial<CellLocation> => ({
      row: rowNumber,
      column: columnLetter(columns.get(field)! + 1),
      header: meta(field).zh,
    });
    const labels = (field: ParcelField) => ({ field: meta(field).zh, fieldEn: meta(field).en });
    const text = (field: ParcelField): string => {
      const i = columns.get(field);
      return i === undefined ? '' : (texts[i] ?? '');
    };
    const required = (field: ParcelField): string | undefined => {
      const t = text(field);
      if (t === '') this.issue('missing-value', labels(field), at(field));
      return t === '' ? undefined : t;
    };
    const amount = (field: ParcelField): string | undefined => {
      const t = required(field);
      if (t === undefined) return undefined;
      const n = parseNumberCell(t);
      if (n.kind !== 'number' || t.endsWith('%')) {
        this.issue('not-a-number', { ...labels(field), got: t }, at(field));
        return undefined;
      }
      if (n.value.startsWith('-')) {
        this.issue('negative-value', { ...labels(field), got: t }, at(field));
        return undefined;
      }
      return n.value;
    };
    const date = (field: ParcelField, optional: boolean): string | undefined => {
      const t = optional ? text(field) : required(field);
      if (t === undefined || t === '') return undefined;
      const d = parseDateCell(t);
      if (d === undefined) this.issue('bad-date', { ...labels(field), got: t }, at(field));
      return d;
    };

    const id = required('id');
    const unitText = required('unitCode');
    const unitCode =
      unitText === undefined
        ? undefined
        : this.options.resolveUnit === undefined
          ? unitText
          : this.options.resolveUnit(unitText);
    if (unitText !== undefined && unitCode === undefined) this.issue('unknown-unit', { got: unitText }, at('unitCode'));
    const useText = required('use');
    const use = useText === undefined ? undefined : USE_NAMES[norm(useText)];
    if (useText !== undefined && use === undefined) this.issue('unknown-use', { got: useText }, at('use'));
    const areaHa = amount('areaHa');
    const priceWanYuan = amount('priceWanYuan');
    const agreedStartDate = date('agreedStartDate', false);
    const actualStartDate = date('actualStartDate', true);
    let startCommitment: boolean | undefined;
    if (columns.has('startCommitment')) {
      const f = norm(text('startCommitment'));
      if (YES.has(f)) startCommitment = true;
      else if (NO.has(f)) startCommitment = f === '' ? undefined : false;
      else
        this.issue('bad-flag', { ...labels('startCommitment'), got: text('startCommitment') }, at('startCommitment'));
    }
    if (id !== undefined) {
      const first = this.firstRow.get(id);
      if (first !== undefined) this.issue('duplicate-parcel', { got: id, expected: String(first) }, at('id'));
      else this.firstRow.set(id, rowNumber);
    }
    if (this.issues.length > before) return;

    const parsed = landParcelSchema.safeParse({
      id,
      unitCode,
      use,
      areaHa,
      priceWanYuan,
      agreedStartDate,
      ...(actualStartDate === undefined ? {} : { actualStartDate }),
      ...(startCommitment === undefined ? {} : { startCommitment }),
    });
    if (parsed.success) this.parcels.push(parsed.data);
  }
}
