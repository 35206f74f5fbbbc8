import type { ObservationRow } from '../observations.js';
import { periodBounds } from '../period-bounds.js';

/**
 * An observation row for tests, with grain and dates derived from the period code.
 *
 * @example
 * observationRow('620702', 'sales_area', '2025Q1', '12.5'); // → { periodGrain: 'quarter', periodStart: '2025-01-01', … }
 */
export function observationRow(
  unitCode: string,
  measureCode: string,
  period: string,
  value: string,
  extra: { readonly dimension?: string; readonly uom?: string; readonly sourceRef?: string | null } = {},
): ObservationRow {
  const bounds = periodBounds(period);
  return {
    unitCode,
    measureCode,
    dimension: extra.dimension ?? '',
    period,
    periodGrain: bounds.grain,
    periodStart: bounds.start,
    periodEnd: bounds.end,
    value,
    uom: extra.uom ?? '万平方米',
    sourceRef: extra.sourceRef ?? null,
  };
}
