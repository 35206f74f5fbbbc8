/**
 * Plan vs actual (SPEC §3.5; 003 第七章第二节 "年度跟踪"): each line of an annual plan, year by year, beside what the
 * element database says happened — the year's actual, the difference, the completion ratio, and the cumulative
 * position since the plan's first year. Which measure stands for which plan line is declared data
 * (a city's tracking lines, e.g. in @anju/samples), with the reading stated, never guessed at run time.
 */
import { derive, given, type Explained, type SourceRef } from '../provenance/explained.js';
import { compareDecimals, divideDecimals, subtractDecimals, sumDecimals } from '../quantity/decimal.js';

/** Where a plan line's actuals come from: a sum of published series (measure, breakdown) of the city unit. */
export interface ActualSource {
  readonly measureCode: string;
  /** Breakdowns added together ('' = the measure's total). */
  readonly dimensions: readonly string[];
}

export interface TrackingLine {
  readonly id: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly uom: string;
  readonly places: number;
  /** Planned value per year, first year first, with its citation. */
  readonly planned: readonly { readonly value: string; readonly source: SourceRef }[];
  readonly actual: ActualSource;
  /** How the actual measure was chosen (shown with the line). */
  readonly readingZh: string;
  readonly readingEn: string;
}

export interface TrackedYear {
  readonly year: number;
  readonly planned: Explained;
  /** null when the store has no figure for the year (not yet reported). */
  readonly actual: Explained;
  readonly difference: Explained;
  /** actual ÷ planned, a ratio; null without an actual or with a zero plan. */
  readonly completion: Explained;
  readonly cumulativePlanned: Explained;
  readonly cumulativeActual: Explained;
  readonly cumulativeCompletion: Explained;
}

export interface TrackedLine {
  readonly id: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly uom: string;
  readonly readingZh: string;
  readonly readingEn: string;
  readonly years: readonly TrackedYear[];
}

/** Actual values by line id and year, each with its source (an observation). */
export type ActualLookup = (line: TrackingLine, year: number) => { value: string; source?: SourceRef } | undefined;

function ratio(numerator: Explained, denominator: Explained, labels: { zh: string; en: string }): Explained {
  const n = numerator.value;
  const d = denominator.value;
  const value = n === null || d === null || compareDecimals(d, '0') === 0 ? null : divideDecimals(n, d);
  return derive({
    value,
    uom: 'ratio',
    labels,
    formula: '实际 ÷ 计划',
    inputs: [
      { name: '实际', value: numerator },
      { name: '计划', value: denominator },
    ],
    notes:
      d !== null && compareDecimals(d, '0') === 0
        ? [{ level: 'warning', messageZh: '计划为 0，完成率无定义', messageEn: 'the plan is 0: no completion ratio' }]
        : [],
  });
}

/**
 * Tracks every line for the years `firstYear … lastYear` of the plan up to `throughYear` (the latest year with any
 * actual; later years are shown with their plan only). Cumulative figures add the years up to and including each
 * year; a year without an actual makes the cumulative actual null from there on (an unreported year is not a zero).
 *
 * @example
 * trackAnnualPlan(trackingLines, 2026, (line, year) => (year === 2026 ? { value: '19.1' } : undefined))
 * // → line 'land-total', 2026: planned 20.75, actual 19.1, completion 0.9205
 */
export function trackAnnualPlan(
  lines: readonly TrackingLine[],
  firstYear: number,
  actualOf: ActualLookup,
): TrackedLine[] {
  return lines.map((line) => {
    const years: TrackedYear[] = [];
    const plannedSoFar: Explained[] = [];
    const actualSoFar: Explained[] = [];
    line.planned.forEach((p, i) => {
      const year = firstYear + i;
      const planned = given(p.value, line.uom, { zh: `${year}年计划`, en: `${year} plan` }, p.source);
      const a = actualOf(line, year);
      const actual = given(a?.value ?? null, line.uom, { zh: `${year}年实际`, en: `${year} actual` }, a?.source);
      plannedSoFar.push(planned);
      actualSoFar.push(actual);
      const difference = derive({
        value: a === undefined ? null : subtractDecimals(a.value, p.value),
        uom: line.uom,
        labels: { zh: '实际 − 计划', en: 'actual − plan' },
        formula: '实际 − 计划',
        inputs: [
          { name: '实际', value: actual },
          { name: '计划', value: planned },
        ],
      });
      const cumulativePlanned = derive({
        value: sumDecimals(plannedSoFar.map((x) => x.value ?? '0')),
        uom: line.uom,
        labels: { zh: `${firstYear}—${year}年累计计划`, en: `plan ${firstYear}–${year}` },
        formula: 'Σ 各年计划',
        inputs: plannedSoFar.map((x, k) => ({ name: String(firstYear + k), value: x })),
      });
      const missing = actualSoFar.some((x) => x.value === null);
      const cumulativeActual = derive({
        value: missing ? null : sumDecimals(actualSoFar.map((x) => x.value ?? '0')),
        uom: line.uom,
        labels: { zh: `${firstYear}—${year}年累计实际`, en: `actual ${firstYear}–${year}` },
        formula: 'Σ 各年实际',
        inputs: actualSoFar.map((x, k) => ({ name: String(firstYear + k), value: x })),
        notes: missing
          ? [
              {
                level: 'info',
                messageZh: '有年份未报实际数，累计不计算',
                messageEn: 'a year has no actual: no cumulative figure',
              },
            ]
          : [],
      });
      years.push({
        year,
        planned,
        actual,
        difference,
        completion: ratio(actual, planned, { zh: '年度完成率', en: 'completion of the year' }),
        cumulativePlanned,
        cumulativeActual,
        cumulativeCompletion: ratio(cumulativeActual, cumulativePlanned, {
          zh: '累计完成率',
          en: 'cumulative completion',
        }),
      });
    });
    return {
      id: line.id,
      labelZh: line.labelZh,
      labelEn: line.labelEn,
      uom: line.uom,
      readingZh: line.readingZh,
      readingEn: line.readingEn,
      years,
    };
  });
}
