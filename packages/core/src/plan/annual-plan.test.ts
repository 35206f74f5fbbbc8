import { describe, expect, test } from 'vitest';

import { createRng } from '../random/rng.js';
import { compareDecimals, sumDecimals, divideDecimals } from '../quantity/decimal.js';
import {
  PlanInputError,
  buildAnnualPlan,
  decomposeLandSupply,
  decomposeTotal,
  shapeWeights,
  trackPlanVsActual,
} from './annual-plan.js';
import { roundToPlaces } from './rounding.js';

describe('decomposeTotal (largest remainder)', () => {
  test('even split of 10 over 3 gives 4, 3, 3', () => {
    expect(decomposeTotal('10', ['1', '1', '1'], 0)).toEqual(['4', '3', '3']);
  });
  test('hand-computed: 100 over weights 1:2:3:4 at two places', () => {
    // 10, 20, 30, 40 exactly
    expect(decomposeTotal('100', ['1', '2', '3', '4'], 2)).toEqual(['10', '20', '30', '40']);
  });
  test('hand-computed: 1 over thirds at two places → 0.34, 0.33, 0.33', () => {
    expect(decomposeTotal('1', ['1', '1', '1'], 2)).toEqual(['0.34', '0.33', '0.33']);
  });
  test('rejects a total with more decimals than the plan unit', () => {
    expect(() => decomposeTotal('1.234', ['1'], 2)).toThrow(PlanInputError);
  });
  test('rejects zero weights for a positive total, accepts them for a zero total', () => {
    expect(() => decomposeTotal('5', ['0', '0'], 0)).toThrow(PlanInputError);
    expect(decomposeTotal('0', ['0', '0'], 0)).toEqual(['0', '0']);
  });
});

describe('shapes', () => {
  test('front-loaded default declines by 0.1 a year', () => {
    expect(shapeWeights({ kind: 'front-loaded' }, 5)).toEqual(['1', '0.9', '0.8', '0.7', '0.6']);
    // 16600 × (1, .9, .8, .7, .6) / 4 = 4150, 3735, 3320, 2905, 2490
    expect(decomposeTotal('16600', shapeWeights({ kind: 'front-loaded' }, 5), 0)).toEqual([
      '4150',
      '3735',
      '3320',
      '2905',
      '2490',
    ]);
  });
  test('even shape over five years splits 16600 套 into 3320 each', () => {
    const plan = buildAnnualPlan({
      firstYear: 2026,
      years: 5,
      shape: { kind: 'even' },
      lines: [{ unitCode: '620700', housingType: 'commercial', measure: 'units', total: '16600', places: 0 }],
    });
    expect(plan.years).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(plan.rows[0]?.values).toEqual(['3320', '3320', '3320', '3320', '3320']);
  });
  test('a front-loaded decline that turns negative is refused', () => {
    expect(() => shapeWeights({ kind: 'front-loaded', declinePerPeriod: '0.3' }, 5)).toThrow(PlanInputError);
  });
});

describe('land plan into quarters and months (001 二（二）)', () => {
  test('hand-computed quarters: weights 18/12 × 1, 18/18 × 1.02, 18/24 × 1, 18/36 × 0.98', () => {
    const parts = decomposeLandSupply({
      totalHa: '18.55',
      reasonableMaxMonths: '18',
      periods: [
        { period: '2026Q1', cycleMonths: '12', priceChangeRatio: '0' },
        { period: '2026Q2', cycleMonths: '18', priceChangeRatio: '0.02' },
        { period: '2026Q3', cycleMonths: '24', priceChangeRatio: '0' },
        { period: '2026Q4', cycleMonths: '36', priceChangeRatio: '-0.02' },
      ],
    });
    // weights 1.5, 1.02, 0.75, 0.49 (Σ 3.76): 1855 × w / 3.76 = 740.03, 503.22, 370.01, 241.74 → +1 to .74
    expect(parts.map((p) => p.weight.value)).toEqual(['1.5', '1.02', '0.75', '0.49']);
    expect(parts.map((p) => p.landHa)).toEqual(['7.4', '5.03', '3.7', '2.42']);
    expect(sumDecimals(parts.map((p) => p.landHa))).toBe('18.55');
  });
  test('a zero cycle takes the factor cap 2; a price fall of more than 100 % gives weight 0', () => {
    const parts = decomposeLandSupply({
      totalHa: '3',
      reasonableMaxMonths: '18',
      periods: [
        { period: '2026-01', cycleMonths: '0', priceChangeRatio: '0' },
        { period: '2026-02', cycleMonths: '9', priceChangeRatio: '-1.5' },
        { period: '2026-03', cycleMonths: '6', priceChangeRatio: '0' },
      ],
    });
    expect(parts.map((p) => p.weight.value)).toEqual(['2', '0', '2']);
    expect(parts.map((p) => p.landHa)).toEqual(['1.5', '0', '1.5']);
  });
});

describe('plan vs actual', () => {
  test('cumulative completion', () => {
    const rows = trackPlanVsActual([
      { period: '2026', planned: '18.55', actual: '15' },
      { period: '2027', planned: '18.27', actual: '20.1' },
      { period: '2028', planned: '18.11', actual: null },
    ]);
    expect(rows.map((r) => r.gap)).toEqual(['-3.55', '1.83', null]);
    expect(rows[1]?.cumulativeActual).toBe('35.1');
    expect(rows[1]?.completionRatio).toBe('0.953286'); // 35.1 / 36.82 = 0.95328625…
    expect(rows[2]?.completionRatio).toBe('0.638995'); // 35.1 / 54.93 = 0.63899508… (6 significant digits)
  });
});

describe('property: decompositions are non-negative and exact for random inputs', () => {
  test('2,000 random totals, weights, shapes and precisions (seeded)', () => {
    const rng = createRng('annual-plan-property');
    for (let k = 0; k < 2000; k++) {
      const places = rng.int(0, 3);
      const periods = rng.int(1, 12);
      const totalQuanta = rng.int(0, 5_000_000);
      const total = roundToPlaces(divideDecimals(String(totalQuanta), String(10 ** places)), places);
      const kind = rng.int(0, 2);
      const weights =
        kind === 0
          ? shapeWeights({ kind: 'even' }, periods)
          : kind === 1
            ? shapeWeights(
                { kind: 'front-loaded', declinePerPeriod: roundToPlaces(String(1 / (periods + 1)), 4) },
                periods,
              )
            : Array.from({ length: periods }, () =>
                rng.int(0, 4) === 0 ? '0' : `${rng.int(0, 999)}.${rng.int(0, 99)}`,
              );
      if (compareDecimals(sumDecimals(weights), '0') === 0) continue;
      const parts = decomposeTotal(total, weights, places);
      expect(parts).toHaveLength(periods);
      expect(parts.every((p) => compareDecimals(p, '0') >= 0)).toBe(true);
      expect(sumDecimals(parts)).toBe(sumDecimals([total]));
      // a zero weight never receives anything
      weights.forEach((w, i) => {
        if (compareDecimals(w, '0') === 0) expect(parts[i]).toBe('0');
      });
    }
  });
  test('1,000 random land decompositions sum exactly', () => {
    const rng = createRng('land-decomposition-property');
    for (let k = 0; k < 1000; k++) {
      const n = rng.int(1, 12);
      const total = `${rng.int(0, 300)}.${String(rng.int(0, 99)).padStart(2, '0')}`;
      const parts = decomposeLandSupply({
        totalHa: total,
        reasonableMaxMonths: '18',
        periods: Array.from({ length: n }, (_, i) => ({
          period: `p${i}`,
          cycleMonths: String(rng.int(1, 60)),
          priceChangeRatio: `0.0${rng.int(0, 9)}`,
        })),
      });
      expect(parts.every((p) => compareDecimals(p.landHa, '0') >= 0)).toBe(true);
      expect(sumDecimals(parts.map((p) => p.landHa))).toBe(sumDecimals([total]));
    }
  });
});
