// 003 第六章's printed plan tables (bundled data) against core's decomposition and plan-vs-actual tracking.
import {
  decomposeTotal,
  divideDecimals,
  multiplyDecimals,
  roundToPlaces,
  sumDecimals,
  trackAnnualPlan,
} from '@anju/core';
import { describe, expect, it, test } from 'vitest';

import {
  ZHANGYE_BUILDING_PLAN,
  ZHANGYE_LAND_PLAN,
  ZHANGYE_TRACKING_FIRST_YEAR,
  ZHANGYE_TRACKING_LINES,
} from './zhangye-2026-2030.js';

describe('003 第六章 reference tables', () => {
  test.each([...ZHANGYE_BUILDING_PLAN, ...ZHANGYE_LAND_PLAN].map((l) => [`${l.housingType} ${l.measure}`, l]))(
    'printed %s: the years sum to the total except 危旧房 3829 (checked below)',
    (_name, line) => {
      expect(sumDecimals(line.values)).toBe(line.total);
      // Decomposing the printed total with the printed years as weights gives the printed years back.
      expect(decomposeTotal(line.total, line.values, line.places)).toEqual(line.values);
    },
  );
  test('commercial 3400+3350+3320+3280+3250 = 16600 套 and each year × 120 ㎡ is its printed area', () => {
    const units = ZHANGYE_BUILDING_PLAN[0]!;
    const area = ZHANGYE_BUILDING_PLAN[1]!;
    expect(sumDecimals(units.values)).toBe('16600');
    expect(units.values.map((u) => divideDecimals(multiplyDecimals(u, '120'), '10000'))).toEqual(area.values);
    expect(sumDecimals(area.values)).toBe('199.2');
  });
  test('the commercial land plan is the 90.55 ha total split by each year’s commercial floor area', () => {
    const area = ZHANGYE_BUILDING_PLAN[1]!;
    expect(decomposeTotal('90.55', area.values, 2)).toEqual(['18.55', '18.27', '18.11', '17.89', '17.73']);
    // and each year is also its own floor area ÷ plot ratio 2.2, rounded: 40.8 / 2.2 = 18.545… → 18.55
    expect(area.values.map((a) => roundToPlaces(divideDecimals(a, '2.2'), 2))).toEqual(ZHANGYE_LAND_PLAN[0]!.values);
  });
  test('the affordable land plan does not follow the affordable floor area by year (finding)', () => {
    const area = ZHANGYE_BUILDING_PLAN[3]!;
    // 8.51 ha split by 7.3 : 5.41 : 5.04 : 4.97 : 2.8 would be 2.44, 1.8, 1.68, 1.66, 0.93 — printed 2.2, 2.45, …
    expect(decomposeTotal('8.51', area.values, 2)).toEqual(['2.44', '1.8', '1.68', '1.66', '0.93']);
    expect(ZHANGYE_LAND_PLAN[1]!.values).toEqual(['2.2', '2.45', '1.46', '1.45', '0.95']);
  });
});

const line = (id: string) => {
  const l = ZHANGYE_TRACKING_LINES.find((x) => x.id === id);
  if (l === undefined) throw new Error(id);
  return l;
};

describe('trackAnnualPlan on 003 第六章', () => {
  it('plans the total residential land as commercial + affordable: 18.55 + 2.2 = 20.75 … 17.73 + 0.95 = 18.68', () => {
    expect(line('land-total').planned.map((p) => p.value)).toEqual(['20.75', '20.72', '19.57', '19.34', '18.68']);
    expect(line('affordable-units').planned.map((p) => p.value)).toEqual(['1043', '773', '720', '710', '400']);
  });

  it('gives difference, completion and cumulative figures from the actuals; unreported years stay null', () => {
    const actuals: Record<string, Record<number, string>> = {
      'land-total': { 2026: '19.1', 2027: '22.72' },
      'affordable-units': { 2026: '1043' },
    };
    const tracked = trackAnnualPlan(ZHANGYE_TRACKING_LINES, ZHANGYE_TRACKING_FIRST_YEAR, (l, year) => {
      const v = actuals[l.id]?.[year];
      return v === undefined ? undefined : { value: v };
    });
    const land = tracked.find((t) => t.id === 'land-total')!;
    const y2026 = land.years[0]!;
    expect(y2026.year).toBe(2026);
    expect(y2026.difference.value).toBe('-1.65');
    expect(y2026.completion.value?.slice(0, 8)).toBe('0.920481'); // 19.1 ÷ 20.75
    const y2027 = land.years[1]!;
    expect(y2027.cumulativePlanned.value).toBe('41.47');
    expect(y2027.cumulativeActual.value).toBe('41.82');
    expect(y2027.cumulativeCompletion.value?.slice(0, 8)).toBe('1.008439'); // 41.82 ÷ 41.47
    const y2028 = land.years[2]!;
    expect(y2028.actual.value).toBeNull();
    expect(y2028.completion.value).toBeNull();
    expect(y2028.cumulativeActual.value).toBeNull();
    const units = tracked.find((t) => t.id === 'affordable-units')!;
    expect(units.years[0]!.completion.value).toBe('1');
    expect(units.years[0]!.planned.source?.kind).toBe('seed');
  });

  it('a zero plan has no completion ratio, with a note', () => {
    const zero = {
      ...line('land-affordable'),
      planned: [{ value: '0', source: line('land-affordable').planned[0]!.source }],
    };
    const [t] = trackAnnualPlan([zero], 2026, () => ({ value: '1.2' }));
    expect(t!.years[0]!.completion.value).toBeNull();
    expect(t!.years[0]!.completion.notes?.[0]?.messageZh).toContain('计划为 0');
  });
});
