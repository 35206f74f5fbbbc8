import { describe, expect, it } from 'vitest';
import { trackAnnualPlan, ZHANGYE_TRACKING_FIRST_YEAR, ZHANGYE_TRACKING_LINES } from './plan-tracking.js';

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
