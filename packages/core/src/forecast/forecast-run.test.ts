import { describe, expect, test } from 'vitest';

import { explainText } from '../provenance/explained.js';
import type { SourceRef } from '../provenance/explained.js';
import { compareForecastRuns, forecastSensitivity } from './compare-scenarios.js';
import type { ForecastProfile } from './forecast-parameters.js';
import { ForecastInputError, runForecast, type ForecastScenario, type ForecastUnitInputs } from './forecast-run.js';

const src = { seed: 'anju' as const, section: 'test', quote: '测试' };
const param = (value: number) => ({ value, source: src });
/** The forecast section of a test profile: numbers chosen so every step is easy to check by hand. */
const profile: ForecastProfile = {
  id: 'test-city',
  version: '1.2.0',
  forecast: {
    householdSizePersons: param(2.5),
    plotRatio: param(2),
    depreciationRatePerYear: param(0.02),
    perCapitaAreaTargetSqm: param(55),
    averageUnitAreaSqm: { affordable: param(70), commercial: param(120) },
    newLandShare: { publicRental: param(1), affordableRental: param(0.5) },
    stockCrossCheck: { newBuildShareOfStockPerYear: param(0.02), priceToIncomeUplift: param(0.1) },
  },
};
const use = { profile };

const unitA: ForecastUnitInputs = {
  unitCode: 'A',
  startYear: 2025,
  endYear: 2030,
  startStockWanSqm: '1000',
  populationByYear: {
    '2028': { kind: 'urban', urbanWan: '19' },
    '2030': { kind: 'total-rate', totalWan: '40', urbanizationRate: '0.5' },
  },
  renovationNeedWanSqm: '10',
  inventoryToAbsorbWanSqm: '30',
  affordableUnits: { publicRental: '1000', affordableRental: '2000' },
  priceToIncomeRatio: '8',
};
const base: ForecastScenario = { id: 'base', version: '1', nameZh: '基准', nameEn: 'Base', units: [unitA] };

describe('per-capita chain (hand-computed)', () => {
  const run = runForecast(base, use);
  const u = run.units[0]!;
  test('40 万 × 50 % = 20 万人 × 55 ㎡ = 1100; −1000 + 100 depreciation + 10 renovation − 30 inventory = 180', () => {
    expect(u.perCapita.urbanPopulationWan.value).toBe('20');
    expect(u.perCapita.requiredStockWanSqm.value).toBe('1100');
    expect(u.perCapita.depreciatedWanSqm.value).toBe('100'); // 1000 × 2 % × 5
    expect(u.perCapita.newFloorAreaWanSqm.value).toBe('180');
  });
  test('split: 3000 affordable units × 70 ㎡ = 21 万㎡; commercial 159 万㎡ ÷ 120 ㎡ = 13250 套', () => {
    expect(u.perCapita.affordableUnits.value).toBe('3000');
    expect(u.perCapita.affordableAreaWanSqm.value).toBe('21');
    expect(u.perCapita.commercialAreaWanSqm.value).toBe('159');
    expect(u.perCapita.commercialUnits.value).toBe('13250');
  });
  test('land: 159 ÷ 2 = 79.5; public rental 7 ÷ 2 × 100 % = 3.5; affordable rental 14 ÷ 2 × 50 % = 3.5', () => {
    expect(u.land.byType.commercial?.value).toBe('79.5');
    expect(u.land.byType.publicRental?.value).toBe('3.5');
    expect(u.land.byType.affordableRental?.value).toBe('3.5');
    expect(u.land.byType.saleType?.value).toBe('0');
    expect(u.land.affordableLandHa.value).toBe('7');
    expect(u.land.totalLandHa.value).toBe('86.5');
  });
  test('household chain: 20 ÷ 2.5 = 8 万户 × 1 套 × 120 ㎡ = 960; need 960 − 1000 + 100 + 10 − 30 = 40', () => {
    expect(u.household.households.value).toBe('8');
    expect(u.household.dwellings.value).toBe('8');
    expect(u.household.requiredStockWanSqm.value).toBe('960');
    expect(u.household.newFloorAreaWanSqm.value).toBe('40');
  });
  test('stock cross-check: 1000 × 2 % × 5 × (1 + 10 %) = 110 because price-to-income 8 > 6', () => {
    expect(u.stockCheck.newFloorAreaWanSqm.value).toBe('110');
    expect(u.stockCheck.newFloorAreaWanSqm.branch).toBe('price-to-income-above-threshold');
    const low = runForecast({ ...base, units: [{ ...unitA, priceToIncomeRatio: '6' }] }, use);
    expect(low.units[0]?.stockCheck.newFloorAreaWanSqm.value).toBe('100');
  });
  test('yearly required stock for years with a population: 2028 19 × 55 = 1045, 2030 1100', () => {
    expect(u.yearly.map((y) => [y.year, y.requiredStockWanSqm])).toEqual([
      [2028, '1045'],
      [2030, '1100'],
    ]);
  });
  test('the run records scenario and profile versions; every parameter shows its value and origin', () => {
    expect(run.scenario).toMatchObject({ id: 'base', version: '1' });
    expect(run.profile).toEqual({ id: 'test-city', version: '1.2.0' });
    const byKey = Object.fromEntries(u.parameters.map((p) => [p.key, [p.value, p.origin]]));
    expect(byKey.perCapitaAreaTargetSqm).toEqual(['55', 'profile']);
    expect(byKey.dwellingsPerHousehold).toEqual(['1', 'anju-default']);
    expect(byKey.commercialNewLandShare).toEqual(['1', 'anju-default']);
    const p = u.parameters.find((x) => x.key === 'perCapitaAreaTargetSqm')!;
    expect(p.source).toEqual<SourceRef>({
      kind: 'parameter',
      profileId: 'test-city',
      profileVersion: '1.2.0',
      path: 'forecast.perCapitaAreaTargetSqm',
    });
  });
  test('the explanation is a readable tree', () => {
    const text = explainText(u.perCapita.newFloorAreaWanSqm, 'zh');
    expect(text.split('\n')[0]).toBe('新增住房建设需求 = 180 万平方米');
    expect(text).toContain('perCapitaTarget（城镇人均住房建筑面积目标） = 55 平方米/人');
  });
});

describe('overrides, negative need, errors', () => {
  test('unit-year override beats unit, unit beats scenario, scenario beats profile', () => {
    const s: ForecastScenario = {
      ...base,
      parameters: { perCapitaAreaTargetSqm: '56', plotRatio: '2.5' },
      units: [
        {
          ...unitA,
          parameters: { perCapitaAreaTargetSqm: '57' },
          parametersByYear: { '2030': { perCapitaAreaTargetSqm: '58' } },
        },
      ],
    };
    const u = runForecast(s, use).units[0]!;
    const byKey = Object.fromEntries(u.parameters.map((p) => [p.key, [p.value, p.origin]]));
    expect(byKey.perCapitaAreaTargetSqm).toEqual(['58', 'unit-year']);
    expect(byKey.plotRatio).toEqual(['2.5', 'scenario']);
    expect(u.perCapita.requiredStockWanSqm.value).toBe('1160'); // 20 × 58
    expect(u.yearly[0]?.perCapitaAreaTargetSqm).toBe('57'); // 2028 uses the unit override
  });
  test('a shrinking unit needs no new floor area: clamped at 0 with a warning', () => {
    const u = runForecast(
      { ...base, units: [{ ...unitA, populationByYear: { '2030': { kind: 'urban', urbanWan: '10' } } }] },
      use,
    ).units[0]!;
    // 10 × 55 = 550; 550 − 1000 + 100 + 10 − 30 = −370 → 0
    expect(u.perCapita.newFloorAreaWanSqm.value).toBe('0');
    expect(u.perCapita.newFloorAreaWanSqm.notes[0]?.messageEn).toBe('New floor area need is negative (-370); 0 used');
    expect(u.perCapita.commercialAreaWanSqm.value).toBe('0');
  });
  test('a missing end-year population is an input error', () => {
    expect(() => runForecast({ ...base, units: [{ ...unitA, populationByYear: {} }] }, use)).toThrow(
      ForecastInputError,
    );
  });
});

describe('comparison and sensitivity', () => {
  test('two scenarios side by side with the difference from the first', () => {
    const high: ForecastScenario = {
      ...base,
      id: 'high',
      nameZh: '高',
      nameEn: 'High',
      parameters: { perCapitaAreaTargetSqm: '57' },
    };
    const cmp = compareForecastRuns([runForecast(base, use), runForecast(high, use)]);
    const row = cmp.rows.find((r) => r.unitCode === 'A' && r.metric === 'perCapitaNewFloorAreaWanSqm')!;
    expect(row.values).toEqual(['180', '220']); // 20 × 57 = 1140 → 220
    expect(row.diffs).toEqual(['0', '40']);
    expect(cmp.scenarios.map((s) => s.id)).toEqual(['base', 'high']);
  });
  test('the per-capita target moves the result most: ±10 % swings it by 220 万㎡', () => {
    const rows = forecastSensitivity(base, 'A', use);
    expect(rows[0]).toMatchObject({ key: 'perCapitaAreaTargetSqm', lowResult: '70', highResult: '290', swing: '220' });
    const dep = rows.find((r) => r.key === 'depreciationRatePerYear')!;
    expect(dep.swing).toBe('20'); // 90 … 110 万㎡ of depreciation
  });
});
