/**
 * The yearly residential land price change against the cap of 001 四(一): "确保全市年度住宅用地价格变化幅度控制在5%以内".
 * The year's price is the floor-area-weighted average floor price of the residential land sold that year (Σ total
 * price ÷ Σ permitted floor area); the change is against the previous year. "以内" is read as inclusive: a change of
 * exactly ±5 % passes.
 */
import { derive, given, type Explained } from '../provenance/explained.js';
import {
  compareDecimals,
  divideDecimals,
  multiplyDecimals,
  subtractDecimals,
  sumDecimals,
} from '../quantity/decimal.js';
import { roundToPlaces } from '../plan/rounding.js';
import { LandInputError } from './land-errors.js';

/** One land sale (土地出让记录). */
export interface LandSaleRecord {
  readonly plotId: string;
  /** Date of the sale, YYYY-MM-DD. */
  readonly date: string;
  readonly use: 'residential' | 'commercial' | 'industrial' | 'other';
  /** Permitted floor area in m². */
  readonly floorAreaSqm: string;
  /** Sale price in 万元. */
  readonly totalPriceWanYuan: string;
}

export interface LandPriceChangeCheck {
  readonly year: number;
  readonly ok: boolean;
  readonly branch: 'within-cap' | 'above-cap' | 'no-data';
  readonly averageYuanPerSqm: Explained;
  readonly previousAverageYuanPerSqm: Explained;
  /** Change in percent, exact (the display rounds). */
  readonly changePercent: Explained;
  readonly salesCounted: number;
  readonly previousSalesCounted: number;
}

function yearAverage(records: readonly LandSaleRecord[], year: number): { e: Explained; n: number } {
  const sales = records.filter((r) => r.use === 'residential' && Number(r.date.slice(0, 4)) === year);
  for (const r of sales) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date))
      throw new LandInputError(`日期 ${r.date} 应为 YYYY-MM-DD`, `date ${r.date} must be YYYY-MM-DD`);
  }
  const area = sumDecimals(sales.map((r) => r.floorAreaSqm));
  const money = sumDecimals(sales.map((r) => r.totalPriceWanYuan));
  const value =
    sales.length === 0 || compareDecimals(area, '0') <= 0
      ? null
      : divideDecimals(multiplyDecimals(money, '10000'), area);
  return {
    n: sales.length,
    e: derive({
      value: value === null ? null : roundToPlaces(value, 2),
      uom: 'yuan-per-sqm',
      labels: { zh: `${year} 年住宅用地平均楼面价`, en: `${year} residential average floor price` },
      formula: 'Σ成交总价 × 10000 ÷ Σ计容建筑面积',
      inputs: sales.map((r) => ({
        name: r.plotId,
        value: given(r.totalPriceWanYuan, 'wan-yuan', {
          zh: `${r.plotId}（${r.date}，${r.floorAreaSqm} ㎡）`,
          en: `${r.plotId} (${r.date}, ${r.floorAreaSqm} m²)`,
        }),
      })),
    }),
  };
}

/**
 * Checks the residential land price change of `year` against the previous year.
 *
 * @example checkLandPriceChange(sales, 2025) // average 10500 after 10000 → change 5 %, ok (the cap is inclusive)
 */
export function checkLandPriceChange(
  records: readonly LandSaleRecord[],
  year: number,
  capPercent = '5',
): LandPriceChangeCheck {
  const cur = yearAverage(records, year);
  const prev = yearAverage(records, year - 1);
  const cap = given(
    capPercent,
    'percent',
    { zh: '年度变化幅度上限', en: 'Yearly change cap' },
    {
      kind: 'seed',
      seed: '001',
      section: '四(一)',
      quote: '确保全市年度住宅用地价格变化幅度控制在5%以内',
    },
  );
  // The change uses the unrounded averages so the boundary is exact.
  const exact = (rs: readonly LandSaleRecord[], y: number): string | null => {
    const s = rs.filter((r) => r.use === 'residential' && Number(r.date.slice(0, 4)) === y);
    const area = sumDecimals(s.map((r) => r.floorAreaSqm));
    return s.length === 0 || compareDecimals(area, '0') <= 0
      ? null
      : divideDecimals(multiplyDecimals(sumDecimals(s.map((r) => r.totalPriceWanYuan)), '10000'), area, 40);
  };
  const a = exact(records, year);
  const b = exact(records, year - 1);
  const change =
    a === null || b === null ? null : divideDecimals(multiplyDecimals(subtractDecimals(a, b), '100'), b, 40);
  const absChange = change === null ? null : change.startsWith('-') ? change.slice(1) : change;
  const ok = absChange === null || compareDecimals(absChange, capPercent) <= 0;
  const branch = change === null ? 'no-data' : ok ? 'within-cap' : 'above-cap';
  const changePercent = derive({
    value: change,
    uom: 'percent',
    labels: { zh: `${year} 年住宅用地价格变化幅度`, en: `${year} residential land price change` },
    formula: '(本年平均楼面价 ÷ 上年平均楼面价 − 1) × 100；|变化| ≤ 上限为达标',
    branch,
    inputs: { 本年: cur.e, 上年: prev.e, 上限: cap },
    notes:
      change === null
        ? [
            {
              level: 'warning',
              messageZh: '本年或上年没有住宅用地成交记录',
              messageEn: 'no residential sales in this or the previous year',
            },
          ]
        : [
            {
              level: ok ? 'info' : 'warning',
              messageZh: `变化 ${roundToPlaces(change, 4)}%，${ok ? '在' : '超出'} ±${capPercent}% ${ok ? '以内' : ''}`,
              messageEn: `change ${roundToPlaces(change, 4)} %, ${ok ? 'within' : 'beyond'} ±${capPercent} %`,
            },
          ],
  });
  return {
    year,
    ok,
    branch,
    averageYuanPerSqm: cur.e,
    previousAverageYuanPerSqm: prev.e,
    changePercent,
    salesCounted: cur.n,
    previousSalesCounted: prev.n,
  };
}
