/**
 * Roll-up rules: how a measure's monthly values become a quarter's or a year's value (SPEC §2 "Period": sum for
 * flows such as sales area, end-of-period value for stocks such as inventory, average for prices).
 */
import { compareDecimals, divideDecimals, multiplyDecimals, sumDecimals } from '../quantity/decimal.js';
import { monthsIn, periodOf, type Period } from './period.js';

/**
 * How monthly values combine: `sum` for flows, `end` for stocks (the last month's value), `mean` for levels such
 * as prices, `weighted-mean` for prices weighted by another measure (average price weighted by sales area).
 */
export type RollUp =
  | { kind: 'sum' }
  | { kind: 'end' }
  | { kind: 'mean' }
  | { kind: 'weighted-mean'; weightMeasure: string; weightDimension?: string };

/** One monthly value (decimal string) with, for weighted means, its weight. */
export interface RollUpItem {
  readonly period: string;
  readonly value: string;
  readonly weight?: string;
}

/** The rolled-up value and which months it used or lacked. */
export interface RollUpResult {
  /** Undefined when no usable month was present (or, for `end`, when the last month is missing). */
  readonly value: string | undefined;
  /** True when every month the rule needs was present. */
  readonly complete: boolean;
  readonly monthsUsed: string[];
  readonly monthsMissing: string[];
}

/**
 * Rolls monthly values up to a target period by a rule, exactly. Items must be months (canonical codes); months
 * outside the target are ignored so a whole series can be passed; a month given twice throws RangeError. Sums and
 * means over incomplete months are still returned, flagged `complete: false`; `end` needs the last month. Means
 * that do not terminate are rounded to 20 significant digits.
 *
 * @example rollUpValues({ kind: 'sum' }, [{ period: '2025-10', value: '1.5' }, …], periodOf('2025Q4'))
 */
export function rollUpValues(rule: RollUp, items: readonly RollUpItem[], target: Period): RollUpResult {
  const wanted = monthsIn(target);
  const inTarget = new Set(wanted);
  const byMonth = new Map<string, RollUpItem>();
  for (const item of items) {
    if (periodOf(item.period).grain !== 'month') {
      throw new RangeError(`rollUpValues takes monthly items, got "${item.period}"`);
    }
    if (!inTarget.has(item.period)) continue;
    if (byMonth.has(item.period)) throw new RangeError(`Month ${item.period} is given twice`);
    byMonth.set(item.period, item);
  }

  if (rule.kind === 'end') {
    const last = wanted[wanted.length - 1] ?? '';
    const item = byMonth.get(last);
    return item === undefined
      ? { value: undefined, complete: false, monthsUsed: [], monthsMissing: [last] }
      : { value: sumDecimals([item.value]), complete: true, monthsUsed: [last], monthsMissing: [] };
  }

  const usable = (m: string): boolean => {
    const item = byMonth.get(m);
    return item !== undefined && (rule.kind !== 'weighted-mean' || item.weight !== undefined);
  };
  const monthsUsed = wanted.filter(usable);
  const monthsMissing = wanted.filter((m) => !usable(m));
  const complete = monthsMissing.length === 0;
  const used = monthsUsed.map((m) => byMonth.get(m) as RollUpItem);
  if (used.length === 0) return { value: undefined, complete, monthsUsed, monthsMissing };

  let value: string | undefined;
  switch (rule.kind) {
    case 'sum':
      value = sumDecimals(used.map((i) => i.value));
      break;
    case 'mean':
      value = divideDecimals(sumDecimals(used.map((i) => i.value)), String(used.length));
      break;
    case 'weighted-mean': {
      const totalWeight = sumDecimals(used.map((i) => i.weight ?? '0'));
      value =
        compareDecimals(totalWeight, '0') === 0
          ? undefined
          : divideDecimals(sumDecimals(used.map((i) => multiplyDecimals(i.value, i.weight ?? '0'))), totalWeight);
      break;
    }
  }
  return { value, complete, monthsUsed, monthsMissing };
}
