/**
 * Printed vs computed destocking cycles (SPEC §3.2, issue "the seeds don't agree with the simple definition").
 *
 * Given a yearly table of inventory and sales (all commodity housing and residential) with the cycles a document
 * printed, this computes the cycle by Anju's rule and by a fixed list of alternative definitions a statistician might
 * have used, and reports for each whether it reproduces every printed value. A printed whole number is reproduced
 * when ordinary rounding (half up) of the computed value gives it, i.e. printed − 0.5 ≤ computed < printed + 0.5.
 * The list is fixed in advance and Anju's rule is never changed to fit: where nothing matches the result says so,
 * and gives the yearly residential sales each printed cycle implies (inventory × 12 ÷ printed).
 */
import {
  compareDecimals,
  divideDecimals,
  multiplyDecimals,
  subtractDecimals,
  sumDecimals,
} from '../quantity/decimal.js';
import { derive, given, type Explained, type SourceRef } from '../provenance/explained.js';
import { roundDecimal } from './market-profile.js';

/** One year of a printed table (values in the table's own units, e.g. 万㎡). */
export interface PrintedCycleYear {
  readonly period: string;
  readonly inventoryAll: string;
  readonly inventoryResidential: string;
  readonly salesAll: string;
  readonly salesResidential: string;
  /** The cycle as printed (months), or null where the table prints none. */
  readonly printedMonths: string | null;
  readonly source?: SourceRef;
}

export interface CandidateDefinition {
  readonly id: string;
  readonly labelZh: string;
  readonly labelEn: string;
  /** Anju's own rule (the one the software uses); the others are only compared. */
  readonly isAnjuRule: boolean;
}

export interface CandidateResult extends CandidateDefinition {
  /** Computed months per year (null where the definition needs years the table lacks). */
  readonly months: readonly (string | null)[];
  /** Per year: true when within ±0.5 of the printed whole number. */
  readonly matches: readonly (boolean | null)[];
  readonly reproducesAll: boolean;
}

export interface PrintedCycleComparison {
  readonly periods: readonly string[];
  readonly printed: readonly (string | null)[];
  /** Anju's rule per year, explained. */
  readonly computed: readonly Explained[];
  readonly candidates: readonly CandidateResult[];
  /** Yearly residential sales each printed cycle implies: inventory × 12 ÷ printed, with the ±0.5 rounding band. */
  readonly impliedResidentialSales: readonly ({
    readonly low: string;
    readonly mid: string;
    readonly high: string;
  } | null)[];
  readonly conclusionZh: string;
  readonly conclusionEn: string;
}

type Row = PrintedCycleYear;
const cycle = (inventory: string, salesSum: string, months: number): string | null =>
  compareDecimals(salesSum, '0') <= 0 ? null : divideDecimals(multiplyDecimals(inventory, String(months)), salesSum);

/** The alternatives tried, in order. Each takes the table and the year index. */
const CANDIDATES: readonly (CandidateDefinition & {
  readonly compute: (rows: readonly Row[], i: number) => string | null;
})[] = [
  {
    id: 'residential-12m',
    labelZh: '住宅库存 ÷ (当年住宅销售 ÷ 12)',
    labelEn: 'residential inventory ÷ (residential sales of the year ÷ 12)',
    isAnjuRule: true,
    compute: (r, i) => cycle(r[i]!.inventoryResidential, r[i]!.salesResidential, 12),
  },
  {
    id: 'all-12m',
    labelZh: '商品房库存 ÷ (当年商品房销售 ÷ 12)',
    labelEn: 'all inventory ÷ (all sales ÷ 12)',
    isAnjuRule: false,
    compute: (r, i) => cycle(r[i]!.inventoryAll, r[i]!.salesAll, 12),
  },
  {
    id: 'residential-over-all-sales',
    labelZh: '住宅库存 ÷ (当年商品房销售 ÷ 12)',
    labelEn: 'residential inventory ÷ (all sales ÷ 12)',
    isAnjuRule: false,
    compute: (r, i) => cycle(r[i]!.inventoryResidential, r[i]!.salesAll, 12),
  },
  {
    id: 'non-residential-12m',
    labelZh: '非住宅库存 ÷ (当年非住宅销售 ÷ 12)',
    labelEn: 'non-residential inventory ÷ (non-residential sales ÷ 12)',
    isAnjuRule: false,
    compute: (r, i) =>
      cycle(
        subtractDecimals(r[i]!.inventoryAll, r[i]!.inventoryResidential),
        subtractDecimals(r[i]!.salesAll, r[i]!.salesResidential),
        12,
      ),
  },
  {
    id: 'residential-24m',
    labelZh: '住宅库存 ÷ 近 24 个月住宅月均销售',
    labelEn: 'residential inventory ÷ 24-month average residential sales',
    isAnjuRule: false,
    compute: (r, i) =>
      i < 1
        ? null
        : cycle(r[i]!.inventoryResidential, sumDecimals([r[i]!.salesResidential, r[i - 1]!.salesResidential]), 24),
  },
  {
    id: 'residential-36m',
    labelZh: '住宅库存 ÷ 近 36 个月住宅月均销售',
    labelEn: 'residential inventory ÷ 36-month average residential sales',
    isAnjuRule: false,
    compute: (r, i) =>
      i < 2
        ? null
        : cycle(
            r[i]!.inventoryResidential,
            sumDecimals([r[i]!.salesResidential, r[i - 1]!.salesResidential, r[i - 2]!.salesResidential]),
            36,
          ),
  },
  {
    id: 'residential-opening-inventory',
    labelZh: '上年末住宅库存 ÷ (当年住宅销售 ÷ 12)',
    labelEn: 'previous year-end residential inventory ÷ (residential sales ÷ 12)',
    isAnjuRule: false,
    compute: (r, i) => (i < 1 ? null : cycle(r[i - 1]!.inventoryResidential, r[i]!.salesResidential, 12)),
  },
  {
    id: 'residential-average-inventory',
    labelZh: '年初年末平均住宅库存 ÷ (当年住宅销售 ÷ 12)',
    labelEn: 'mean of opening and closing residential inventory ÷ (residential sales ÷ 12)',
    isAnjuRule: false,
    compute: (r, i) =>
      i < 1
        ? null
        : cycle(
            divideDecimals(sumDecimals([r[i - 1]!.inventoryResidential, r[i]!.inventoryResidential]), '2'),
            r[i]!.salesResidential,
            12,
          ),
  },
  {
    id: 'residential-period-average-sales',
    labelZh: '住宅库存 ÷ 全表期间住宅月均销售',
    labelEn: 'residential inventory ÷ average monthly residential sales over the whole table',
    isAnjuRule: false,
    compute: (r, i) => cycle(r[i]!.inventoryResidential, sumDecimals(r.map((x) => x.salesResidential)), 12 * r.length),
  },
];

function reproduces(computed: string | null, printed: string | null): boolean | null {
  if (printed === null) return null;
  if (computed === null) return false;
  const diff = subtractDecimals(computed, printed);
  const abs = compareDecimals(diff, '0') < 0 ? subtractDecimals('0', diff) : diff;
  // Ordinary rounding to a whole month: |computed − printed| < 0.5, or = 0.5 when rounding half up gives it.
  const c = compareDecimals(abs, '0.5');
  return c < 0 || (c === 0 && compareDecimals(diff, '0') < 0);
}

/**
 * Compares a table's printed cycles with Anju's rule and with every alternative definition in a fixed list.
 *
 * @example comparePrintedCycles(printed2021to2025).candidates[0].months.map(m => roundDecimal(m!, 1))
 * // → ['24.6', '29.1', '34.2', '30.1', '28.5'] vs printed 14, 28, 23, 24, 20
 */
export function comparePrintedCycles(rows: readonly PrintedCycleYear[]): PrintedCycleComparison {
  const candidates: CandidateResult[] = CANDIDATES.map(({ compute, ...def }) => {
    const months = rows.map((_, i) => compute(rows, i));
    const matches = rows.map((row, i) => reproduces(months[i] ?? null, row.printedMonths));
    return { ...def, months, matches, reproducesAll: matches.every((m) => m !== false) };
  });
  const computed = rows.map((row) => {
    const value = cycle(row.inventoryResidential, row.salesResidential, 12);
    const printed = row.printedMonths;
    return derive({
      value,
      uom: 'month',
      labels: {
        zh: `${row.period} 年住宅去化周期（计算）`,
        en: `Residential months of supply ${row.period} (computed)`,
      },
      formula: '住宅库存 ÷ (住宅销售 ÷ 12)',
      inputs: [
        {
          name: '住宅库存',
          value: given(
            row.inventoryResidential,
            'wan-sqm',
            { zh: '住宅库存', en: 'residential inventory' },
            row.source,
          ),
        },
        {
          name: '住宅销售',
          value: given(row.salesResidential, 'wan-sqm', { zh: '住宅销售', en: 'residential sales' }, row.source),
        },
        { name: '公布值', value: given(printed, 'month', { zh: '公布的去化周期', en: 'printed cycle' }, row.source) },
      ],
      notes:
        printed === null || value === null || reproduces(value, printed) === true
          ? []
          : [
              {
                level: 'warning',
                messageZh: `公布值 ${printed} 个月不能由同表数据按此定义复算（计算值 ${roundDecimal(value, 1)}）。`,
                messageEn: `The printed ${printed} months does not follow from the same table by this rule (computed ${roundDecimal(value, 1)}).`,
              },
            ],
    });
  });
  const implied = rows.map((row) => {
    const p = row.printedMonths;
    if (p === null || compareDecimals(p, '0.5') <= 0) return null;
    const annual = (months: string) => divideDecimals(multiplyDecimals(row.inventoryResidential, '12'), months);
    return {
      low: roundDecimal(annual(sumDecimals([p, '0.5'])), 2),
      mid: roundDecimal(annual(p), 2),
      high: roundDecimal(annual(subtractDecimals(p, '0.5')), 2),
    };
  });
  const winners = candidates.filter((c) => c.reproducesAll);
  const conclusionZh =
    winners.length === 0
      ? `所试 ${candidates.length} 种定义均不能复现全部公布值；公布值隐含的住宅年销售量为 ${implied
          .map((x, i) => (x === null ? '—' : `${rows[i]!.period}: ${x.mid}`))
          .join('，')}，与表中住宅销售量不符，公布值应来自另一销售口径或数据源。`
      : `可复现全部公布值的定义：${winners.map((w) => w.labelZh).join('；')}。`;
  const conclusionEn =
    winners.length === 0
      ? `None of the ${candidates.length} definitions tried reproduces every printed value; the printed cycles imply yearly residential sales of ${implied
          .map((x, i) => (x === null ? '—' : `${rows[i]!.period}: ${x.mid}`))
          .join(
            ', ',
          )}, which the table's own sales do not match: the printed cycles come from another sales definition or source.`
      : `Definitions reproducing every printed value: ${winners.map((w) => w.labelEn).join('; ')}.`;
  return {
    periods: rows.map((r) => r.period),
    printed: rows.map((r) => r.printedMonths),
    computed,
    candidates,
    impliedResidentialSales: implied,
    conclusionZh,
    conclusionEn,
  };
}
