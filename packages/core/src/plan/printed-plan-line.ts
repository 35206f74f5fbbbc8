/** One line of an annual plan as a planning document prints it: the five-year total and each year, each cited. */
import type { SourceRef } from '../provenance/explained.js';

export interface PrintedPlanLine {
  readonly housingType: 'commercial' | 'affordable' | 'dilapidated-renovation' | 'old-community-renovation';
  readonly measure: 'units' | 'area-wan-sqm' | 'land-ha';
  /** Decimal places the seed prints this line in. */
  readonly places: number;
  readonly total: string;
  readonly totalSource: SourceRef;
  /** 2026 … 2030 as printed. */
  readonly values: readonly [string, string, string, string, string];
  /** One citation per year. */
  readonly valuesSources: readonly SourceRef[];
}
