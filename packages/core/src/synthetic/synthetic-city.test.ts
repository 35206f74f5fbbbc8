import { describe, expect, it } from 'vitest';
import { getMeasure } from '../measure/catalogue.js';
import { fnv1a32 } from '../random/rng.js';
import { buildUnitTree } from '../unit/spatial-unit.js';
import {
  generateSyntheticCity,
  SYNTHETIC_MEASURES,
  syntheticCsv,
  type SyntheticCityOptions,
  type SyntheticRow,
} from './synthetic-city.js';

const BASE: SyntheticCityOptions = { cityCode: '990100', units: 12, months: 60, measures: 10, seed: 'anju' };

/** A chained FNV-1a hash of every row (core tests take no Node built-ins, so no node:crypto). */
function hashRows(rows: Iterable<SyntheticRow>): string {
  let h = 0;
  let n = 0;
  for (const r of rows) {
    h = fnv1a32(`${h}|${r.unitCode}|${r.measureCode}|${r.dimension}|${r.period}|${r.value}`);
    n++;
  }
  return `${n}:${h.toString(16)}`;
}

/** Values of one measure (total) by unit, in month order. */
function byUnit(rows: Iterable<SyntheticRow>, measure: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    if (r.measureCode !== measure || r.dimension !== '') continue;
    const list = out.get(r.unitCode) ?? [];
    list.push(r.value);
    out.set(r.unitCode, list);
  }
  return out;
}

/** A decimal string scaled to an exact integer (4 places for 万㎡ → whole m²). */
const scaled = (v: string, places: number): number => Math.round(Number(v) * 10 ** places);

describe('generateSyntheticCity', () => {
  it('replays: the same seed gives identical rows, another seed different rows', () => {
    const a = hashRows(generateSyntheticCity(BASE).rows());
    const b = hashRows(generateSyntheticCity(BASE).rows());
    const city = generateSyntheticCity(BASE);
    // rows() can be replayed on the same object too
    expect(hashRows(city.rows())).toBe(hashRows(city.rows()));
    expect(a).toBe(b);
    expect(hashRows(generateSyntheticCity({ ...BASE, seed: 'anju2' }).rows())).not.toBe(a);
    expect(hashRows(generateSyntheticCity({ ...BASE, seed: 42 }).rows())).toBe(
      hashRows(generateSyntheticCity({ ...BASE, seed: '42' }).rows()),
    );
  });

  it('pins the figures for one seed, so that a change to the model cannot pass unnoticed (stored seeds must replay)', () => {
    const city = generateSyntheticCity({ cityCode: '990100', units: 2, months: 2, measures: 3, seed: 'anju' });
    expect([...city.rows()].map((r) => `${r.unitCode} ${r.period} ${r.measureCode} ${r.value}`)).toEqual([
      '990101 2021-01 housing.sales-area 2.3901',
      '990101 2021-01 housing.sales-units 240',
      '990101 2021-01 housing.inventory-area 63.2856',
      '990101 2021-02 housing.sales-area 1.3329',
      '990101 2021-02 housing.sales-units 131',
      '990101 2021-02 housing.inventory-area 64.1953',
      '990102 2021-01 housing.sales-area 2.3485',
      '990102 2021-01 housing.sales-units 210',
      '990102 2021-01 housing.inventory-area 43.8376',
      '990102 2021-02 housing.sales-area 1.8029',
      '990102 2021-02 housing.sales-units 161',
      '990102 2021-02 housing.inventory-area 44.6943',
    ]);
  });

  it('writes units × months × measures rows (and × 3 for each measure split into residential / non-residential)', () => {
    const city = generateSyntheticCity(BASE);
    expect(city.rowCount).toBe(12 * 60 * 10);
    expect([...city.rows()]).toHaveLength(7200);
    expect(city.measureCodes).toEqual(SYNTHETIC_MEASURES.slice(0, 10));
    expect(city.periods[0]).toBe('2021-01');
    expect(city.periods[59]).toBe('2025-12');
    // Of the first 10 measures, 8 housing measures split (total + 2 parts); land and population do not.
    const split = generateSyntheticCity({ ...BASE, units: 2, months: 3, breakdown: true });
    expect(split.series).toHaveLength(8 * 3 + 2);
    expect([...split.rows()]).toHaveLength(2 * 3 * 26);
  });

  it('uses only catalogue measures, in their units, with sensible decimals', () => {
    expect(SYNTHETIC_MEASURES).toHaveLength(35);
    for (const code of SYNTHETIC_MEASURES) expect(getMeasure(code)?.code).toBe(code);
    const city = generateSyntheticCity({ ...BASE, units: 3, months: 24, measures: 35 });
    const decimals = new Map<string, Set<number>>();
    for (const r of city.rows()) {
      const places = r.value.split('.')[1]?.length ?? 0;
      decimals.set(r.measureCode, (decimals.get(r.measureCode) ?? new Set()).add(places));
      const m = getMeasure(r.measureCode)!;
      expect(r.value).toMatch(/^-?\d+(\.\d+)?$/);
      if (m.nonNegative) expect(r.value.startsWith('-'), `${r.measureCode} ${r.value}`).toBe(false);
      if (m.uom === 'percent') expect(Number(r.value)).toBeLessThanOrEqual(100);
    }
    expect([...decimals.get('housing.sales-area')!]).toEqual([4]); // 万㎡ to the square metre
    expect([...decimals.get('housing.sales-units')!]).toEqual([0]); // 套
    expect([...decimals.get('housing.price-new')!]).toEqual([2]); // 元/㎡
    expect([...decimals.get('housing.sales-amount')!]).toEqual([4]); // 亿元 to the 万元
    expect([...decimals.get('people.resident-population')!]).toEqual([2]); // 万人
  });

  it('keeps inventory non-negative and equal to last month + presale approvals − sales, to the square metre', () => {
    const city = generateSyntheticCity({ ...BASE, units: 40, months: 60, measures: 8, seed: 'inventory' });
    const rows = [...city.rows()];
    const inv = byUnit(rows, 'housing.inventory-area');
    const invUnits = byUnit(rows, 'housing.inventory-units');
    const presale = byUnit(rows, 'housing.presale-area');
    const sales = byUnit(rows, 'housing.sales-area');
    let checked = 0;
    for (const [unit, series] of inv) {
      for (let t = 0; t < series.length; t++) {
        expect(Number(series[t])).toBeGreaterThanOrEqual(0);
        expect(Number(invUnits.get(unit)![t])).toBeGreaterThanOrEqual(0);
        if (t === 0) continue;
        const expected =
          scaled(series[t - 1]!, 4) + scaled(presale.get(unit)![t]!, 4) - scaled(sales.get(unit)![t]!, 4);
        expect(scaled(series[t]!, 4)).toBe(expected);
        checked++;
      }
    }
    expect(checked).toBe(40 * 59);
  });

  it('sells dwellings of 90–130 ㎡ on average: sales area ≈ sales units × average size', () => {
    const city = generateSyntheticCity({ ...BASE, units: 40, months: 60, measures: 2, seed: 'ratio' });
    const rows = [...city.rows()];
    const area = byUnit(rows, 'housing.sales-area');
    const units = byUnit(rows, 'housing.sales-units');
    let min = Infinity;
    let max = 0;
    for (const [unit, series] of area) {
      series.forEach((a, t) => {
        const n = Number(units.get(unit)![t]);
        if (n === 0) return expect(Number(a)).toBe(0);
        const sqmPerDwelling = (Number(a) * 10_000) / n;
        min = Math.min(min, sqmPerDwelling);
        max = Math.max(max, sqmPerDwelling);
      });
    }
    expect(min).toBeGreaterThanOrEqual(90);
    expect(max).toBeLessThanOrEqual(130);
  });

  it('shows the season: February (Spring Festival) sales are below December sales', () => {
    const city = generateSyntheticCity({ ...BASE, units: 30, months: 60, measures: 1, seed: 'season' });
    let feb = 0;
    let dec = 0;
    for (const r of city.rows()) {
      if (r.period.endsWith('-02')) feb += Number(r.value);
      if (r.period.endsWith('-12')) dec += Number(r.value);
    }
    // 30 units × 5 Februaries vs 5 Decembers: the seasonal factors are 0.55 vs 1.45 of the mean month.
    expect(feb / dec).toBeGreaterThan(0.25);
    expect(feb / dec).toBeLessThan(0.6);
  });

  it('prices drift by at most about 0.5 % a month, and sales value = area × price', () => {
    const city = generateSyntheticCity({ ...BASE, units: 20, months: 60, measures: 7, seed: 'price' });
    const rows = [...city.rows()];
    const price = byUnit(rows, 'housing.price-new');
    const area = byUnit(rows, 'housing.sales-area');
    const amount = byUnit(rows, 'housing.sales-amount');
    for (const [unit, series] of price) {
      const first = Number(series[0]);
      const last = Number(series[59]);
      const monthly = Math.pow(last / first, 1 / 59) - 1;
      expect(Math.abs(monthly)).toBeLessThan(0.008);
      series.forEach((p, t) => {
        const yuan = Number(area.get(unit)![t]) * 10_000 * Number(p);
        // 亿元 with 4 decimals: within half a 万元 (plus the price's own rounding)
        expect(Math.abs(Number(amount.get(unit)![t]) * 1e8 - yuan)).toBeLessThan(
          5_000 + Number(area.get(unit)![t]) * 10_000 * 0.005,
        );
      });
    }
  });

  it('splits housing measures into residential and non-residential parts that add up to the total', () => {
    const city = generateSyntheticCity({ ...BASE, units: 5, months: 24, measures: 16, breakdown: true, seed: 'split' });
    const totals = new Map<string, string>();
    const parts = new Map<string, number[]>();
    for (const r of city.rows()) {
      const key = `${r.unitCode}|${r.measureCode}|${r.period}`;
      if (r.dimension === '') totals.set(key, r.value);
      else parts.set(key, [...(parts.get(key) ?? []), scaled(r.value, 4)]);
    }
    let additive = 0;
    for (const [key, [res, non]] of parts) {
      if (key.includes('price')) continue;
      expect(res! + non!, key).toBe(scaled(totals.get(key)!, 4));
      expect(res).toBeGreaterThanOrEqual(0);
      expect(non).toBeGreaterThanOrEqual(0);
      additive++;
    }
    // 12 additive split measures (sales, inventory, presale, starts, completions, investment, second-hand)
    expect(additive).toBe(5 * 24 * 12);
  });

  it("does not let one measure's or unit's figures depend on how many others were asked for", () => {
    const few = [...generateSyntheticCity({ ...BASE, units: 2, measures: 3 }).rows()];
    const many = [...generateSyntheticCity({ ...BASE, units: 5, measures: 12 }).rows()];
    const key = (r: SyntheticRow): string => `${r.unitCode}|${r.measureCode}|${r.period}`;
    const manyByKey = new Map(many.map((r) => [key(r), r.value]));
    for (const r of few) expect(manyByKey.get(key(r))).toBe(r.value);
  });

  it('builds a valid unit tree: districts up to 99 units, numbered sub-areas beyond', () => {
    const small = generateSyntheticCity({ ...BASE, units: 3 });
    expect(small.units.map((u) => u.code)).toEqual(['990100', '990101', '990102', '990103']);
    expect(small.dataUnitCodes).toEqual(['990101', '990102', '990103']);
    expect(buildUnitTree(small.units).ok).toBe(true);

    const big = generateSyntheticCity({ ...BASE, units: 120, months: 2, measures: 1 });
    const tree = buildUnitTree(big.units);
    expect(tree.ok).toBe(true);
    expect(big.units.filter((u) => u.level === 'district').map((u) => u.code)).toEqual(['990101', '990102', '990103']);
    expect(big.dataUnitCodes).toHaveLength(120);
    expect(big.dataUnitCodes[0]).toBe('990101001');
    expect(big.dataUnitCodes[119]).toBe('990103040');
    expect(big.rowCount).toBe(240);
  });

  it('writes a long-layout CSV with the intake header names', () => {
    const city = generateSyntheticCity({ ...BASE, units: 2, months: 2, measures: 2, breakdown: true });
    const lines = [...syntheticCsv(city, 5)].join('').trimEnd().split('\n');
    expect(lines[0]).toBe('单元,期间,指标,类型,数值');
    expect(lines).toHaveLength(1 + 2 * 2 * 6);
    expect(lines[1]).toMatch(/^990101,2021-01,housing\.sales-area,,\d+\.\d{4}$/);
    expect(lines[2]).toMatch(/^990101,2021-01,housing\.sales-area,residential,\d+\.\d{4}$/);
  });

  it('refuses impossible requests', () => {
    expect(() => generateSyntheticCity({ ...BASE, cityCode: '9901' })).toThrow(RangeError);
    expect(() => generateSyntheticCity({ ...BASE, measures: 36 })).toThrow(RangeError);
    expect(() => generateSyntheticCity({ ...BASE, units: 0 })).toThrow(RangeError);
    expect(() => generateSyntheticCity({ ...BASE, startMonth: '2021Q1' })).toThrow(RangeError);
    expect(generateSyntheticCity({ ...BASE, startMonth: '2019-11', months: 3 }).periods).toEqual([
      '2019-11',
      '2019-12',
      '2020-01',
    ]);
  });
});
