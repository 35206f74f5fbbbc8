/**
 * Destocking cycle (去化周期, months of supply), SPEC §3.2: saleable inventory at the end of a period ÷ the average
 * monthly sales over the trailing window that ends with that period. The window length is the profile's
 * `destocking.windowMonths`.
 *
 * - Sales may be monthly, quarterly or yearly flows. The average is (sum of the sales that fall inside the window) ÷
 *   (months those sales cover), so yearly data with a 12-month window gives inventory ÷ (year's sales ÷ 12), the rule
 *   the seeds' yearly tables use.
 * - Months of the window without data make the result `partial`, with `monthsUsed` saying how many months the
 *   average rests on; no sales data at all in the window is `no-data`.
 * - Sales that add up to zero over the window give `no-sales` (shown as "—", as 003's county table does for 肃南县),
 *   never Infinity or NaN.
 * - Where the window is shorter than the data's grain (a 6-month window over yearly data) the period's own flow is
 *   used and a note says so.
 */
import { divideDecimals, multiplyDecimals, sumDecimals, compareDecimals } from '../quantity/decimal.js';
import { periodOf } from '../period/period.js';
import { derive, given, type Explained, type ExplainedNote } from '../provenance/explained.js';
import { endMonthIndex, roundDecimal, startMonthIndex, type SeriesValue } from './market-profile.js';
import { MARKET_TEXT } from './market-text.js';

/** Whether the cycle is measured on floor area or on dwellings. */
export type CycleBasis = 'area' | 'units';

export interface DestockingCycleInput {
  /** The period whose end the inventory is read at (month, quarter or year code). */
  readonly period: string;
  /** Saleable inventory at the end of `period`; undefined when not reported. */
  readonly inventory: SeriesValue | undefined;
  /** Sales flows of the same property type and basis, any grain, any order; those outside the window are ignored. */
  readonly sales: readonly SeriesValue[];
  readonly windowMonths: number;
  readonly basis: CycleBasis;
  /** Breakdown code: '' (all commodity housing), 'residential', 'non-residential' … */
  readonly propertyType: string;
  readonly profile?: { readonly id: string; readonly version: string };
}

interface CycleCommon {
  readonly period: string;
  readonly basis: CycleBasis;
  readonly propertyType: string;
  readonly windowMonths: number;
  /** Months of sales data the average rests on. */
  readonly monthsUsed: number;
  /** True when fewer months than the window were available. */
  readonly partial: boolean;
  readonly explained: Explained;
}

/** A destocking cycle: months of supply, no sales in the window, or not computable. */
export type DestockingCycle =
  | (CycleCommon & { readonly kind: 'months'; readonly months: string })
  | (CycleCommon & { readonly kind: 'no-sales' })
  | (CycleCommon & { readonly kind: 'no-data'; readonly missing: 'inventory' | 'sales' });

/** Display form of a cycle: months to one decimal, "—" for no sales, "" when not computable. */
export function formatCycle(cycle: DestockingCycle): string {
  if (cycle.kind === 'months') return roundDecimal(cycle.months, 1);
  return cycle.kind === 'no-sales' ? '—' : '';
}

/** Chooses the sales inside the window, finest grain first, without double-counting months. */
// Month spans of period codes, memoised (deterministic, so core stays pure): the cycle of every month scans its unit's
// whole sales series, and parsing each code again made that scan dominate the computation (bench/market.js).
const spanCache = new Map<string, { readonly start: number; readonly end: number }>();

function monthSpan(code: string): { readonly start: number; readonly end: number } {
  let span = spanCache.get(code);
  if (span === undefined) {
    const p = periodOf(code);
    span = { start: startMonthIndex(p), end: endMonthIndex(p) };
    spanCache.set(code, span);
  }
  return span;
}

function salesInWindow(
  sales: readonly SeriesValue[],
  windowStart: number,
  windowEnd: number,
): { used: SeriesValue[]; months: number } {
  const spans = sales.map((s) => ({ s, ...monthSpan(s.period) }));
  const inside = spans
    .filter((x) => x.start >= windowStart && x.end <= windowEnd)
    .sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start);
  const covered = new Set<number>();
  const used: SeriesValue[] = [];
  for (const x of inside) {
    let overlaps = false;
    for (let i = x.start; i <= x.end; i++) if (covered.has(i)) overlaps = true;
    if (overlaps) continue;
    for (let i = x.start; i <= x.end; i++) covered.add(i);
    used.push(x.s);
  }
  if (used.length > 0) return { used, months: covered.size };
  // Window shorter than the data grain: the flow of the period that ends with the window stands in.
  const own = spans
    .filter((x) => x.end === windowEnd && x.start < windowStart)
    .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
  return own === undefined ? { used: [], months: 0 } : { used: [own.s], months: own.end - own.start + 1 };
}

/**
 * Computes the destocking cycle of one unit, property type and basis for one period.
 *
 * @example
 * destockingCycle({ period: '2025', inventory: { period: '2025', value: '148.41' },
 *   sales: [{ period: '2025', value: '62.40' }], windowMonths: 12, basis: 'area', propertyType: 'residential' });
 * // → { kind: 'months', months: '28.540384615384615385', monthsUsed: 12, partial: false, … } (148.41 ÷ (62.40 ÷ 12))
 */
export function destockingCycle(input: DestockingCycleInput): DestockingCycle {
  const t = MARKET_TEXT.cycle;
  const windowEnd = monthSpan(input.period).end;
  const windowStart = windowEnd - input.windowMonths + 1;
  const { used, months } = salesInWindow(input.sales, windowStart, windowEnd);
  const uom = input.basis === 'area' ? 'wan-sqm' : 'dwelling';
  const typeLabel = MARKET_TEXT.propertyType(input.propertyType);
  const basisLabel = input.basis === 'area' ? t.basisArea : t.basisUnits;
  const labels = {
    zh: `${typeLabel.zh}去化周期（${basisLabel.zh}）`,
    en: `Months of supply, ${typeLabel.en} (${basisLabel.en})`,
  };
  const notes: ExplainedNote[] = [];
  const partial = months > 0 && months < input.windowMonths;
  if (partial) notes.push(t.partialNote(months, input.windowMonths));
  if (months > input.windowMonths) notes.push(t.coarserNote(months, input.windowMonths));

  const inventory = input.inventory;
  const inventoryInput: Explained =
    inventory === undefined
      ? given(null, uom, t.inventory)
      : given(inventory.value, uom, t.inventory, inventory.source);
  const salesInputs = used
    .slice()
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0))
    .map((s) => ({ name: `${t.salesName.zh} ${s.period}`, value: given(s.value, uom, t.sales, s.source) }));
  const salesSum = sumDecimals(used.map((s) => s.value));
  const average: Explained = derive({
    value: months === 0 ? null : divideDecimals(salesSum, String(months)),
    uom,
    labels: t.averageSales,
    formula: `Σ ${t.salesName.zh} ÷ ${months}`,
    inputs: salesInputs,
  });
  const common = {
    period: input.period,
    basis: input.basis,
    propertyType: input.propertyType,
    windowMonths: input.windowMonths,
    monthsUsed: months,
    partial,
  };
  const build = (value: string | null, branch: string, extra: readonly ExplainedNote[] = []): Explained =>
    derive({
      value,
      uom: 'month',
      labels,
      formula: t.formula(input.windowMonths),
      inputs: [
        { name: t.inventory.zh, value: inventoryInput },
        { name: t.averageSales.zh, value: average },
      ],
      branch,
      notes: [...notes, ...extra],
      ...(input.profile === undefined ? {} : { profile: input.profile }),
    });

  if (inventory === undefined) {
    return { ...common, kind: 'no-data', missing: 'inventory', explained: build(null, 'no-data', [t.noInventoryNote]) };
  }
  if (months === 0) {
    return { ...common, kind: 'no-data', missing: 'sales', explained: build(null, 'no-data', [t.noSalesDataNote]) };
  }
  if (compareDecimals(salesSum, '0') <= 0) {
    return { ...common, kind: 'no-sales', explained: build(null, 'no-sales', [t.noSalesNote]) };
  }
  // inventory ÷ (sum ÷ months) = inventory × months ÷ sum: one division, so the result is exact where it terminates.
  const monthsOfSupply = divideDecimals(multiplyDecimals(inventory.value, String(months)), salesSum);
  return { ...common, kind: 'months', months: monthsOfSupply, explained: build(monthsOfSupply, 'months') };
}
