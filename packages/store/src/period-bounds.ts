// First and last day of a canonical period code, for range filters. The store only needs the bounds; the period
// model itself belongs to core.
import { StoreError, storeMessages } from './errors.js';
import type { PeriodGrain } from './schema.js';

export interface PeriodBounds {
  readonly grain: PeriodGrain;
  /** 'YYYY-MM-DD' */
  readonly start: string;
  /** 'YYYY-MM-DD' */
  readonly end: string;
}

/**
 * Bounds of '2025-12' | '2025Q4' | '2025' | '2021-2025'.
 *
 * @example
 * periodBounds('2025Q1'); // → { grain: 'quarter', start: '2025-01-01', end: '2025-03-31' }
 */
export function periodBounds(period: string): PeriodBounds {
  let match = /^(\d{4})-(\d{2})$/.exec(period);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    if (month >= 1 && month <= 12) return { grain: 'month', start: day(year, month, 1), end: monthEnd(year, month) };
  }
  match = /^(\d{4})Q([1-4])$/.exec(period);
  if (match) {
    const year = Number(match[1]);
    const lastMonth = Number(match[2]) * 3;
    return { grain: 'quarter', start: day(year, lastMonth - 2, 1), end: monthEnd(year, lastMonth) };
  }
  match = /^(\d{4})$/.exec(period);
  if (match) {
    const year = Number(match[1]);
    return { grain: 'year', start: day(year, 1, 1), end: day(year, 12, 31) };
  }
  match = /^(\d{4})-(\d{4})$/.exec(period);
  if (match && Number(match[1]) <= Number(match[2])) {
    return { grain: 'span', start: day(Number(match[1]), 1, 1), end: day(Number(match[2]), 12, 31) };
  }
  throw new StoreError('bad-period', storeMessages.badPeriod(period));
}

function day(year: number, month: number, dayOfMonth: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

function monthEnd(year: number, month: number): string {
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  return day(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}
