import { describe, expect, test } from 'vitest';

import { compareDecimals } from '../quantity/decimal.js';
import { createRng } from '../random/rng.js';
import { cyclePosition } from './classify-land-supply.js';
import { simulateInventory, solveLandTarget, type LandTargetInput } from './solve-land-target.js';

const range = { min: 12, max: 18, minInclusive: true, maxInclusive: true };
const base: LandTargetInput = {
  unitCode: 'A',
  baseYear: 2025,
  targetYear: 2028,
  inventoryWanSqm: '100',
  salesWanSqmByYear: { '2026': '60', '2027': '60', '2028': '60' },
  plotRatio: '2',
  range,
};

describe('solve for a target cycle', () => {
  test('hand-computed: aim 15 months = 75 万㎡; 100 − 180 + 2 × 2 × L = 75 → L = 38.75 ha in 2026 and 2027', () => {
    const r = solveLandTarget(base);
    expect(r.kind).toBe('solved');
    if (r.kind !== 'solved') return;
    expect(r.landHaByYear).toEqual({ '2026': '38.75', '2027': '38.75', '2028': '0' });
    expect(r.projected.map((s) => s.cycleMonths)).toEqual(['8', '11.5', '15']);
    expect(r.explanation.value).toBe('77.5');
  });
  test('fed back, the solution reaches the range', () => {
    const r = solveLandTarget(base);
    if (r.kind !== 'solved') throw new Error('expected solved');
    const states = simulateInventory(base, r.landHaByYear);
    expect(cyclePosition(states.at(-1)!.cycleMonths!, range)).toBe('within');
  });
  test('too much inventory: even with no land the cycle is 40 months; it enters the range in 2030', () => {
    const r = solveLandTarget({ ...base, inventoryWanSqm: '380' }); // 380 − 180 = 200 → 200 ÷ 5 = 40 months
    expect(r.kind).toBe('infeasible');
    if (r.kind !== 'infeasible') return;
    expect(r.reason).toBe('too-much-inventory');
    expect(r.bestEffort.at(-1)?.cycleMonths).toBe('40');
    expect(r.earliestYearWithoutLand).toBe(2030); // 2029: 140 → 28; 2030: 80 → 16
    expect(r.reasonZh).toContain('即使不再供地，2028 年去化周期仍为 40 个月');
  });
  test('no time: with a 3-year lag no land reaches 2028', () => {
    const r = solveLandTarget({ ...base, lagYears: 3 });
    expect(r.kind === 'infeasible' && r.reason).toBe('no-time');
  });
  test('a class cap too low to reach the range is explained with both numbers', () => {
    const r = solveLandTarget({ ...base, capHaPerYear: '10' });
    expect(r.kind === 'infeasible' && r.reason).toBe('cap');
    expect(r.kind === 'infeasible' && r.reasonEn).toContain('needs 38.75 ha a year but the class caps it at 10 ha');
  });
  test('no land needed when the inventory alone lands in the range', () => {
    const r = solveLandTarget({ ...base, inventoryWanSqm: '260' }); // 80 → 16 months
    expect(r.kind === 'solved' && r.landHaByYear).toEqual({ '2026': '0', '2027': '0', '2028': '0' });
  });
  test('property: 500 random units — every solved plan, fed back, lands in the range; every refusal is explained', () => {
    const rng = createRng('solve-land-target');
    for (let k = 0; k < 500; k++) {
      const years = rng.int(1, 6);
      const sales: Record<string, string> = {};
      for (let i = 1; i <= years; i++) sales[String(2025 + i)] = `${rng.int(1, 200)}.${rng.int(0, 9)}`;
      const input: LandTargetInput = {
        ...base,
        targetYear: 2025 + years,
        inventoryWanSqm: String(rng.int(0, 800)),
        salesWanSqmByYear: sales,
        plotRatio: ['1.8', '2.2', '2.5'][rng.int(0, 2)]!,
        lagYears: rng.int(0, 2),
      };
      const r = solveLandTarget(input);
      if (r.kind === 'solved') {
        const last = simulateInventory(input, r.landHaByYear).at(-1)!;
        expect(cyclePosition(last.cycleMonths!, range)).toBe('within');
        expect(Object.values(r.landHaByYear).every((v) => compareDecimals(v, '0') >= 0)).toBe(true);
      } else {
        expect(r.reasonZh.length).toBeGreaterThan(5);
        expect(['too-much-inventory', 'no-time']).toContain(r.reason);
      }
    }
  });
});
