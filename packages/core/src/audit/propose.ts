/**
 * Proposed checks for "项目 / 数值 / 单位" lists (issue 16 item 5): the obvious relations a reader sees — a line
 * followed by lines that add up to it, a share line named after two other lines ("A占B比例") — written as rules a
 * user can accept into a rules file instead of writing formulas. 其中 lines need no proposal: they are always
 * checked as subsets.
 */
import { iAdd, iDiv, iScale, point, precisionStatus, ZERO, type Interval } from './interval.js';
import { rational } from '../quantity/decimal.js';
import { normLabel, valueInterval, type CellValue, type Line, type TableLayout } from './table-layout.js';

export interface ProposedCheck {
  readonly tableId: string;
  /** The line the rule is for, and its formula, as a rules file writes them. */
  readonly line: string;
  readonly formula: string;
  /** How the printed figures fare under it today. */
  readonly status: 'ok' | 'within-precision' | 'mismatch';
  readonly reasonZh: string;
  readonly reasonEn: string;
}

type Num = Extract<CellValue, { kind: 'number' }>;

const SHARE_OF = /^(.+?)占(.+?)(?:的)?(?:比例|比重|占比|份额)?$/;

/** The checks a list of figures suggests; empty for tables that are not such lists. */
export function proposeChecks(layout: TableLayout): ProposedCheck[] {
  if (layout.columns.length !== 1) return [];
  const col = layout.columns[0]!;
  const rows = layout.rows.filter((l) => l.kind === 'detail' || l.kind === 'of-which' || l.kind === 'total');
  const num = (l: Line): Num | undefined => {
    const v = layout.value(l.index, col.index);
    return v.kind === 'number' ? v : undefined;
  };
  const ref = (l: Line): string => `{${l.label}}`;
  const out: ProposedCheck[] = [];
  const tableId = layout.table.id;

  // A share named after two lines of the list: 保障性住房用地占住宅用地比例 = 保障性住房用地 ÷ 计划供应住宅用地.
  for (const share of rows) {
    const sv = num(share);
    if (sv === undefined || !(sv.n.percent || sv.unit?.dimension === 'ratio-percent')) continue;
    const m = SHARE_OF.exec(normLabel(share.label));
    if (m === null) continue;
    const [, a = '', b = ''] = m;
    const find = (name: string): Line | undefined => {
      const k = normLabel(name);
      const others = rows.filter((l) => l !== share && num(l) !== undefined && !num(l)!.n.percent);
      return others.find((l) => normLabel(l.label) === k) ?? others.find((l) => normLabel(l.label).endsWith(k));
    };
    const part = find(a);
    const whole = find(b);
    if (part === undefined || whole === undefined || part === whole) continue;
    const q = iDiv(valueInterval(num(part)!), valueInterval(num(whole)!));
    if (q === undefined) continue;
    const status = precisionStatus(
      { value: sv.n.value, decimals: sv.n.decimals, interval: valueInterval(sv) },
      iScale(q, rational(100n)),
    );
    out.push({
      tableId,
      line: share.label,
      formula: `${ref(part)} / ${ref(whole)} * 100`,
      status,
      reasonZh: `“${share.label}”按名称是 ${part.label} 占 ${whole.label} 的比例`,
      reasonEn: `"${share.label}" reads as ${part.label} as a share of ${whole.label}`,
    });
  }

  // A line followed by lines measured alike that add up to it within the printed precision.
  rows.forEach((head, i) => {
    const hv = num(head);
    if (hv === undefined || hv.n.percent || hv.unit === undefined) return;
    const parts: Line[] = [];
    let sum: Interval = point(ZERO);
    for (const l of rows.slice(i + 1)) {
      const v = num(l);
      if (v === undefined || v.n.percent || v.unit?.dimension !== hv.unit!.dimension || v.unit.label !== hv.unit!.label)
        break;
      parts.push(l);
      sum = iAdd(sum, valueInterval(v));
      if (parts.length < 2) continue;
      const status = precisionStatus({ value: hv.n.value, decimals: hv.n.decimals, interval: valueInterval(hv) }, sum);
      if (status !== 'mismatch') {
        out.push({
          tableId,
          line: head.label,
          formula: parts.map(ref).join(' + '),
          status,
          reasonZh: `其后 ${parts.length} 行与之同单位，相加等于它`,
          reasonEn: `the ${parts.length} lines after it, in the same unit, add up to it`,
        });
        return;
      }
    }
  });
  return out;
}
