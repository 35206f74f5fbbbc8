/**
 * Period-over-period indicators (SPEC §3.2): year-on-year (同比) and period-on-period (环比) change as a ratio,
 * trailing averages, and a unit's share of the city total. A missing or zero comparison value gives `null` with a
 * note, never Infinity.
 */
import { compareDecimals, divideDecimals, subtractDecimals, sumDecimals } from '../quantity/decimal.js';
import { periodOf, previousPeriod } from '../period/period.js';
import { derive, given, type Explained, type Labels } from '../provenance/explained.js';
import type { SeriesValue } from './market-profile.js';
import { MARKET_TEXT } from './market-text.js';

/** How many steps back at its own grain is the same period a year earlier (month 12, quarter 4, year 1). */
function stepsPerYear(code: string): number {
  const g = periodOf(code).grain;
  if (g === 'month') return 12;
  if (g === 'quarter') return 4;
  if (g === 'year') return 1;
  throw new RangeError(`No year-on-year comparison for a span: ${code}`);
}

function find(series: readonly SeriesValue[], period: string): SeriesValue | undefined {
  return series.find((s) => s.period === period);
}

/** (current − previous) ÷ previous as an explained ratio; `null` when either is missing or previous is 0. */
export function changeRate(
  current: SeriesValue | undefined,
  previous: SeriesValue | undefined,
  labels: Labels,
  uom: string,
): Explained {
  const t = MARKET_TEXT.change;
  const inputs = [
    { name: t.current.zh, value: given(current?.value ?? null, uom, t.current, current?.source) },
    { name: t.previous.zh, value: given(previous?.value ?? null, uom, t.previous, previous?.source) },
  ];
  const formula = '(本期 − 对比期) ÷ 对比期';
  if (current === undefined || previous === undefined) {
    return derive({ value: null, uom: 'ratio', labels, formula, inputs, notes: [t.missingPrevious] });
  }
  if (compareDecimals(previous.value, '0') === 0) {
    return derive({ value: null, uom: 'ratio', labels, formula, inputs, notes: [t.zeroPrevious] });
  }
  const value = divideDecimals(subtractDecimals(current.value, previous.value), previous.value);
  return derive({ value, uom: 'ratio', labels, formula, inputs });
}

/**
 * Year-on-year change of `period` against the same period a year earlier (2025-03 vs 2024-03, 2025Q1 vs 2024Q1).
 *
 * @example yearOnYear([{ period: '2024', value: '3576.71' }, { period: '2025', value: '3642.37' }], '2025', 'yuan-per-sqm')
 * // → value '0.018357...' (1.84 %)
 */
export function yearOnYear(series: readonly SeriesValue[], period: string, uom: string): Explained {
  const before = previousPeriod(periodOf(period), stepsPerYear(period)).code;
  return changeRate(find(series, period), find(series, before), MARKET_TEXT.change.yoy, uom);
}

/** Change against the previous period of the same grain (a month against the month before, a quarter …). */
export function periodOnPeriod(series: readonly SeriesValue[], period: string, uom: string): Explained {
  const before = previousPeriod(periodOf(period)).code;
  return changeRate(find(series, period), find(series, before), MARKET_TEXT.change.mom, uom);
}

/** Mean of the `n` periods ending with `period` (same grain); partial (noted) when some are missing, null if all are. */
export function trailingAverage(series: readonly SeriesValue[], period: string, n: number, uom: string): Explained {
  const t = MARKET_TEXT.change;
  const p = periodOf(period);
  const used: SeriesValue[] = [];
  for (let k = n - 1; k >= 0; k--) {
    const s = find(series, previousPeriod(p, k).code);
    if (s !== undefined) used.push(s);
  }
  const inputs = used.map((s) => ({ name: s.period, value: given(s.value, uom, t.current, s.source) }));
  const value = used.length === 0 ? null : divideDecimals(sumDecimals(used.map((s) => s.value)), String(used.length));
  return derive({
    value,
    uom,
    labels: t.trailing(n),
    formula: `Σ ÷ ${used.length}`,
    inputs,
    notes: used.length < n ? [t.partialTrailing(used.length, n)] : [],
  });
}

/** part ÷ total as a ratio; null when the total is missing or zero. */
export function shareOfTotal(part: SeriesValue | undefined, total: SeriesValue | undefined, uom: string): Explained {
  const t = MARKET_TEXT.change;
  const inputs = [
    { name: t.part.zh, value: given(part?.value ?? null, uom, t.part, part?.source) },
    { name: t.total.zh, value: given(total?.value ?? null, uom, t.total, total?.source) },
  ];
  if (part === undefined || total === undefined) {
    return derive({ value: null, uom: 'ratio', labels: t.share, formula: '本单元 ÷ 全市', inputs });
  }
  if (compareDecimals(total.value, '0') === 0) {
    return derive({
      value: null,
      uom: 'ratio',
      labels: t.share,
      formula: '本单元 ÷ 全市',
      inputs,
      notes: [t.zeroTotal],
    });
  }
  return derive({
    value: divideDecimals(part.value, total.value),
    uom: 'ratio',
    labels: t.share,
    formula: '本单元 ÷ 全市',
    inputs,
  });
}
