/**
 * Presale-project records (预售项目台账) as a city's transaction-filing system exports them — the project-level data
 * the inventory age structure is computed from (000 四（三）专栏3). `presaleProjectSchema` is the record;
 * `PresaleInterpreter` turns the rows of a CSV / XLSX sheet (text cells, header first) into records, with every problem
 * located by file, sheet, row and column. Reading the file and storing the records is `intake`'s and `store`'s job.
 */
import { z } from 'zod';
import type { CellLocation } from '../intake/issue.js';
import { columnLetter } from '../intake/issue.js';
import type { RawCell, RawRow } from '../intake/raw.js';
import { compareDecimals } from '../quantity/decimal.js';
import { parseNumberCell } from '../quantity/quantity.js';
import { projectStatuses, type PresaleProject, type ProjectStatus } from './inventory-age.js';

export const presalePropertyTypes = ['residential', 'non-residential', 'commercial', 'office'] as const;

const DECIMAL = /^\d+(?:\.\d+)?$/;

function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days;
}

/**
 * One presale project. Areas are non-negative decimal strings in square metres, dwellings whole numbers; sold figures
 * may not exceed the approved ones; a project without an approval date is still in the pipeline (under construction or
 * stalled), never completed-and-unapproved.
 */
export const presaleProjectSchema = z
  .object({
    projectId: z.string().min(1),
    unitCode: z.string().min(1),
    propertyType: z.enum(presalePropertyTypes),
    approvalDate: z.string().refine(isRealDate, { message: 'date' }).nullable(),
    approvedAreaSqm: z.string().regex(DECIMAL),
    approvedUnits: z.number().int().nonnegative(),
    soldAreaSqm: z.string().regex(DECIMAL),
    soldUnits: z.number().int().nonnegative(),
    status: z.enum(projectStatuses),
  })
  .superRefine((p, ctx) => {
    if (compareDecimals(p.soldAreaSqm, p.approvedAreaSqm) > 0)
      ctx.addIssue({ code: 'custom', path: ['soldAreaSqm'], message: 'sold-exceeds-approved' });
    if (p.soldUnits > p.approvedUnits)
      ctx.addIssue({ code: 'custom', path: ['soldUnits'], message: 'sold-exceeds-approved' });
    if (p.approvalDate === null && p.status === 'completed')
      ctx.addIssue({ code: 'custom', path: ['approvalDate'], message: 'approval-required' });
  });

export type PresaleProjectRecord = z.infer<typeof presaleProjectSchema>;

export type PresaleField = keyof PresaleProject;

/** The columns of a presale-project sheet with the header names each is recognised by (NFKC, spaces removed). */
export const PRESALE_COLUMNS: readonly {
  readonly field: PresaleField;
  readonly zh: string;
  readonly en: string;
  readonly names: readonly string[];
  readonly required: boolean;
}[] = [
  {
    field: 'projectId',
    zh: '项目编号',
    en: 'project id',
    names: ['项目编号', '项目代码', '项目id', 'projectid', 'project'],
    required: true,
  },
  { field: 'unitCode', zh: '单元', en: 'unit', names: ['单元', '区县', '所在区县', '行政区', 'unit'], required: true },
  {
    field: 'propertyType',
    zh: '物业类型',
    en: 'property type',
    names: ['物业类型', '房屋类型', '类型', 'propertytype', 'type'],
    required: true,
  },
  {
    field: 'approvalDate',
    zh: '预售许可日期',
    en: 'approval date',
    names: ['预售许可日期', '批准预售日期', '批准日期', '预售批准日期', '取证日期', 'approvaldate'],
    required: true,
  },
  {
    field: 'approvedAreaSqm',
    zh: '批准预售面积（平方米）',
    en: 'approved area (m²)',
    names: ['批准预售面积', '批准面积', '预售面积', 'approvedarea', 'approvedareasqm'],
    required: true,
  },
  {
    field: 'approvedUnits',
    zh: '批准预售套数',
    en: 'approved dwellings',
    names: ['批准预售套数', '批准套数', '预售套数', 'approvedunits'],
    required: true,
  },
  {
    field: 'soldAreaSqm',
    zh: '已售面积（平方米）',
    en: 'sold area (m²)',
    names: ['已售面积', '累计已售面积', '销售面积', 'soldarea', 'soldareasqm'],
    required: true,
  },
  {
    field: 'soldUnits',
    zh: '已售套数',
    en: 'sold dwellings',
    names: ['已售套数', '累计已售套数', '销售套数', 'soldunits'],
    required: true,
  },
  {
    field: 'status',
    zh: '项目状态',
    en: 'status',
    names: ['项目状态', '状态', '建设状态', 'status'],
    required: true,
  },
];

const PROPERTY_TYPE_NAMES: Readonly<Record<string, (typeof presalePropertyTypes)[number]>> = {
  住宅: 'residential',
  商品住宅: 'residential',
  商品住房: 'residential',
  residential: 'residential',
  非住宅: 'non-residential',
  'non-residential': 'non-residential',
  商业: 'commercial',
  商铺: 'commercial',
  商业用房: 'commercial',
  commercial: 'commercial',
  办公: 'office',
  写字楼: 'office',
  办公用房: 'office',
  office: 'office',
};

const STATUS_NAMES: Readonly<Record<string, ProjectStatus>> = {
  在建: 'under-construction',
  施工中: 'under-construction',
  'under-construction': 'under-construction',
  已竣工: 'completed',
  竣工: 'completed',
  已完工: 'completed',
  completed: 'completed',
  停工: 'stalled',
  停建: 'stalled',
  停缓建: 'stalled',
  烂尾: 'stalled',
  stalled: 'stalled',
};

/** Codes of the problems a presale-project sheet can have. */
export type PresaleIssueCode =
  | 'header-missing-field'
  | 'header-duplicate'
  | 'missing-value'
  | 'unknown-unit'
  | 'unknown-property-type'
  | 'unknown-status'
  | 'bad-date'
  | 'not-a-number'
  | 'not-whole'
  | 'negative-value'
  | 'sold-exceeds-approved'
  | 'approval-required'
  | 'duplicate-project'
  | 'no-rows';

export interface PresaleIssue extends CellLocation {
  readonly severity: 'error';
  readonly code: PresaleIssueCode;
  readonly messageZh: string;
  readonly messageEn: string;
}

type Args = Readonly<Record<string, string>>;

const TEXT: Record<PresaleIssueCode, (a: Args) => { zh: string; en: string }> = {
  'header-missing-field': (a) => ({
    zh: `表头中缺少“${a.field}”列；可识别的列名有：${a.names}`,
    en: `the header has no "${a.fieldEn}" column; recognised names: ${a.names}`,
  }),
  'header-duplicate': (a) => ({
    zh: `“${a.field}”列出现了不止一次`,
    en: `the "${a.fieldEn}" column appears more than once`,
  }),
  'missing-value': (a) => ({ zh: `“${a.field}”不能为空`, en: `"${a.fieldEn}" is required` }),
  'unknown-unit': (a) => ({
    zh: `未知的单元“${a.got}”，应为本市的区县/片区名称或代码`,
    en: `unknown unit "${a.got}": expected a district or sub-area name or code of this city`,
  }),
  'unknown-property-type': (a) => ({
    zh: `未知的物业类型“${a.got}”，应为：住宅、非住宅、商业、办公`,
    en: `unknown property type "${a.got}": expected residential, non-residential, commercial or office`,
  }),
  'unknown-status': (a) => ({
    zh: `未知的项目状态“${a.got}”，应为：在建、已竣工、停工`,
    en: `unknown status "${a.got}": expected under construction (在建), completed (已竣工) or stalled (停工)`,
  }),
  'bad-date': (a) => ({
    zh: `“${a.got}”不是有效日期，应为如“2024-03-15”“2024/3/15”“2024年3月15日”的写法`,
    en: `"${a.got}" is not a valid date: expected e.g. 2024-03-15, 2024/3/15 or 2024年3月15日`,
  }),
  'not-a-number': (a) => ({ zh: `“${a.got}”不是数值`, en: `"${a.got}" is not a number` }),
  'not-whole': (a) => ({ zh: `套数应为整数，读到 ${a.got}`, en: `a dwelling count must be whole; got ${a.got}` }),
  'negative-value': (a) => ({
    zh: `“${a.field}”不能为负数，读到 ${a.got}`,
    en: `"${a.fieldEn}" cannot be negative; got ${a.got}`,
  }),
  'sold-exceeds-approved': (a) => ({
    zh: `${a.field}（${a.got}）大于批准预售数（${a.expected}）`,
    en: `${a.fieldEn} (${a.got}) exceeds the approved figure (${a.expected})`,
  }),
  'approval-required': () => ({
    zh: '已竣工项目必须填写预售许可日期（无许可日期的项目只能是在建或停工）',
    en: 'a completed project needs an approval date (projects without one must be under construction or stalled)',
  }),
  'duplicate-project': (a) => ({
    zh: `项目编号“${a.got}”重复（首次出现于第 ${a.expected} 行）`,
    en: `project id "${a.got}" appears again (first at row ${a.expected})`,
  }),
  'no-rows': () => ({ zh: '文件中没有项目数据行', en: 'the file has no project rows' }),
};

/** Text of a presale-sheet problem, Chinese and English. */
export function presaleIssueText(code: PresaleIssueCode, args: Args = {}): { zh: string; en: string } {
  return TEXT[code](args);
}

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

/**
 * A date cell as ISO text: 2024-03-15, 2024/3/15, 2024.3.15, 2024年3月15日, or 20240315; undefined when it is none.
 *
 * @example parseDateCell('2024年3月5日') // → '2024-03-05'
 */
export function parseDateCell(text: string): string | undefined {
  const t = text.replace(/\s+/g, '');
  const m =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(t) ??
    // An ISO date-time as some exports write it: the date part counts.
    /^(\d{4})-(\d{2})-(\d{2})T[\d:.]+Z?$/.exec(t);
  if (m === null) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isRealDate(iso) ? iso : undefined;
}

export interface PresaleInterpreterOptions {
  readonly file: string;
  readonly sheet?: string | undefined;
  /** Finds a unit's code from a code, name or alias of the city; undefined when unknown. */
  readonly resolveUnit: (label: string) => string | undefined;
}

/**
 * Reads a presale-project sheet row by row: the first non-blank row is the header, every later non-blank row one
 * project. Collects every problem (located) and the valid projects; the caller writes nothing when `issues` is not
 * empty after `finish()`.
 */
export class PresaleInterpreter {
  readonly projects: PresaleProject[] = [];
  readonly issues: PresaleIssue[] = [];
  private columns: Map<PresaleField, number> | undefined;
  private headerFailed = false;
  private readonly firstRow = new Map<string, number>();

  constructor(private readonly options: PresaleInterpreterOptions) {}

  private issue(code: PresaleIssueCode, args: Args, where: Partial<CellLocation> = {}): void {
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

  /** Feeds one row (header or project). */
  push(row: RawRow): void {
    const texts = row.cells.map(cellText);
    if (texts.every((t) => t === '')) return;
    if (this.headerFailed) return;
    if (this.columns === undefined) {
      this.readHeader(row.rowNumber, texts);
      return;
    }
    this.readProject(row.rowNumber, texts);
  }

  /** Ends the sheet: a sheet with a header but no project row is an error. */
  finish(): void {
    if (!this.headerFailed && this.projects.length === 0 && this.issues.length === 0) this.issue('no-rows', {});
  }

  private readHeader(rowNumber: number, texts: readonly string[]): void {
    const columns = new Map<PresaleField, number>();
    texts.forEach((text, i) => {
      const n = norm(text);
      const col = PRESALE_COLUMNS.find((c) => c.names.includes(n));
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
    for (const c of PRESALE_COLUMNS) {
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

  private readProject(rowNumber: number, texts: readonly string[]): void {
    const columns = this.columns!;
    const before = this.issues.length;
    const at = (field: PresaleField): Partial<CellLocation> => {
      const i = columns.get(field)!;
      const col = PRESALE_COLUMNS.find((c) => c.field === field)!;
      return { row: rowNumber, column: columnLetter(i + 1), header: col.zh };
    };
    const labels = (field: PresaleField) => {
      const c = PRESALE_COLUMNS.find((x) => x.field === field)!;
      return { field: c.zh, fieldEn: c.en };
    };
    const text = (field: PresaleField): string => texts[columns.get(field)!] ?? '';
    const required = (field: PresaleField): string | undefined => {
      const t = text(field);
      if (t === '') {
        this.issue('missing-value', labels(field), at(field));
        return undefined;
      }
      return t;
    };
    const area = (field: PresaleField): string | undefined => {
      const t = required(field);
      if (t === undefined) return undefined;
      const n = parseNumberCell(t);
      if (n.kind !== 'number' || t.endsWith('%')) {
        this.issue(n.kind === 'empty' ? 'missing-value' : 'not-a-number', { ...labels(field), got: t }, at(field));
        return undefined;
      }
      if (n.value.startsWith('-')) {
        this.issue('negative-value', { ...labels(field), got: t }, at(field));
        return undefined;
      }
      return n.value;
    };
    const count = (field: PresaleField): number | undefined => {
      const v = area(field);
      if (v === undefined) return undefined;
      if (!/^\d+$/.test(v)) {
        this.issue('not-whole', { ...labels(field), got: v }, at(field));
        return undefined;
      }
      return Number(v);
    };

    const projectId = required('projectId');
    const unitText = required('unitCode');
    const unitCode = unitText === undefined ? undefined : this.options.resolveUnit(unitText);
    if (unitText !== undefined && unitCode === undefined) this.issue('unknown-unit', { got: unitText }, at('unitCode'));
    const typeText = required('propertyType');
    const propertyType = typeText === undefined ? undefined : PROPERTY_TYPE_NAMES[norm(typeText)];
    if (typeText !== undefined && propertyType === undefined)
      this.issue('unknown-property-type', { got: typeText }, at('propertyType'));
    const dateText = text('approvalDate');
    const approvalDate = dateText === '' || parseNumberCell(dateText).kind === 'empty' ? null : parseDateCell(dateText);
    if (approvalDate === undefined) this.issue('bad-date', { got: dateText }, at('approvalDate'));
    const approvedAreaSqm = area('approvedAreaSqm');
    const approvedUnits = count('approvedUnits');
    const soldAreaSqm = area('soldAreaSqm');
    const soldUnits = count('soldUnits');
    const statusText = required('status');
    const status = statusText === undefined ? undefined : STATUS_NAMES[norm(statusText)];
    if (statusText !== undefined && status === undefined)
      this.issue('unknown-status', { got: statusText }, at('status'));
    if (projectId !== undefined) {
      const first = this.firstRow.get(projectId);
      if (first !== undefined)
        this.issue('duplicate-project', { got: projectId, expected: String(first) }, at('projectId'));
      else this.firstRow.set(projectId, rowNumber);
    }
    if (this.issues.length > before) return;

    const parsed = presaleProjectSchema.safeParse({
      projectId,
      unitCode,
      propertyType,
      approvalDate,
      approvedAreaSqm,
      approvedUnits,
      soldAreaSqm,
      soldUnits,
      status,
    });
    if (!parsed.success) {
      for (const zi of parsed.error.issues) {
        const field = zi.path[0] as PresaleField;
        if (zi.message === 'approval-required') this.issue('approval-required', {}, at('approvalDate'));
        else if (zi.message === 'sold-exceeds-approved') {
          const isArea = field === 'soldAreaSqm';
          this.issue(
            'sold-exceeds-approved',
            {
              field: isArea ? '已售面积' : '已售套数',
              fieldEn: isArea ? 'sold area' : 'sold dwellings',
              got: isArea ? soldAreaSqm! : String(soldUnits),
              expected: isArea ? approvedAreaSqm! : String(approvedUnits),
            },
            at(field),
          );
        } else this.issue('missing-value', labels(field), at(field));
      }
      return;
    }
    this.projects.push(parsed.data);
  }
}
