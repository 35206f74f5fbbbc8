import { describe, expect, test } from 'vitest';
import { divideDecimals, multiplyDecimals, sumDecimals } from '../quantity/decimal.js';
import { generateSyntheticCity } from '../synthetic/synthetic-city.js';
import { computeMarketIndicators, updateMarketIndicators, type MarketData } from './market-indicators.js';
import type { SeriesValue } from './market-profile.js';
import { testProfile } from './test-profile.js';

type Store = Map<string, SeriesValue[]>;
const key = (u: string, m: string, d: string) => `${u}|${m}|${d}`;

function syntheticData(): { store: Store; data: (store: Store) => MarketData } {
  const city = generateSyntheticCity({
    cityCode: '990100',
    units: 4,
    months: 24,
    measures: 8,
    seed: 'market',
    breakdown: true,
  });
  const store: Store = new Map();
  for (const r of city.rows()) {
    const k = key(r.unitCode, r.measureCode, r.dimension);
    if (!store.has(k)) store.set(k, []);
    store.get(k)!.push({ period: r.period, value: r.value });
  }
  // The city total of the additive measures (sales, inventory): the sum of the districts.
  for (const m of ['housing.sales-area', 'housing.inventory-area', 'housing.sales-units', 'housing.inventory-units']) {
    for (const d of ['', 'residential', 'non-residential']) {
      const total = city.periods.map((period) => ({
        period,
        value: sumDecimals(
          city.dataUnitCodes.map((u) => store.get(key(u, m, d))!.find((v) => v.period === period)!.value),
        ),
      }));
      store.set(key('990100', m, d), total);
    }
  }
  return {
    store,
    data: (s) => ({
      cityUnitCode: '990100',
      unitCodes: ['990100', ...city.dataUnitCodes],
      periods: city.periods,
      series: (u, m, d) => s.get(key(u, m, d)) ?? [],
    }),
  };
}

describe('market indicators for every unit and period', () => {
  const { store, data } = syntheticData();
  const full = computeMarketIndicators(data(store), testProfile);

  test('a residential cycle equals inventory × 12 ÷ Σ of the last 12 months, computed by hand', () => {
    const unit = '990101';
    const inv = store
      .get(key(unit, 'housing.inventory-area', 'residential'))!
      .find((v) => v.period === '2022-12')!.value;
    const sales = store
      .get(key(unit, 'housing.sales-area', 'residential'))!
      .filter((v) => v.period.startsWith('2022-'));
    const expected = divideDecimals(multiplyDecimals(inv, '12'), sumDecimals(sales.map((s) => s.value)));
    const row = full.units[unit]!.cycles.find(
      (c) => c.cycle.period === '2022-12' && c.cycle.propertyType === 'residential' && c.cycle.basis === 'area',
    )!;
    expect(row.cycle.kind === 'months' && row.cycle.months).toBe(expected);
    // 2021-06 has only 6 months of history: partial.
    const early = full.units[unit]!.cycles.find(
      (c) => c.cycle.period === '2021-06' && c.cycle.propertyType === 'residential' && c.cycle.basis === 'area',
    )!;
    expect(early.cycle.partial).toBe(true);
    expect(early.cycle.monthsUsed).toBe(6);
  });

  test('shape: 2 bases × 3 types × 24 months of cycles per unit; shares sum to 1 over the districts', () => {
    expect(full.units['990102']!.cycles).toHaveLength(2 * 3 * 24);
    const shares = ['990101', '990102', '990103', '990104'].map(
      (u) => full.shares[u]!.find((s) => s.measure === 'housing.sales-area' && s.period === '2022-07')!.share.value!,
    );
    expect(Number(sumDecimals(shares))).toBeCloseTo(1, 15);
    expect(full.unsupportedRules).toEqual([]);
    const warnings = full.units['990101']!.warnings.filter((w) => w.ruleId === 'destocking-cycle-outside-range');
    expect(warnings).toHaveLength(24);
  });

  test('incremental recompute equals a full recompute', () => {
    // One district's residential sales are revised; the city total follows.
    const changed: Store = new Map(store);
    for (const [u, factor] of [['990103', '1.5']] as const) {
      for (const d of ['', 'residential']) {
        changed.set(
          key(u, 'housing.sales-area', d),
          store
            .get(key(u, 'housing.sales-area', d))!
            .map((v) => ({ period: v.period, value: multiplyDecimals(v.value, factor) })),
        );
      }
    }
    for (const d of ['', 'residential']) {
      const total = store.get(key('990100', 'housing.sales-area', d))!.map((v, i) => ({
        period: v.period,
        value: sumDecimals(
          ['990101', '990102', '990103', '990104'].map((u) => changed.get(key(u, 'housing.sales-area', d))![i]!.value),
        ),
      }));
      changed.set(key('990100', 'housing.sales-area', d), total);
    }
    const recomputed = computeMarketIndicators(data(changed), testProfile);
    const incremental = updateMarketIndicators(full, data(changed), ['990103', '990100'], testProfile);
    expect(incremental).toEqual(recomputed);
    expect(incremental).not.toEqual(full);
    // Units that did not change are carried over as the same objects.
    expect(incremental.units['990101']).toBe(full.units['990101']);
  });
});
