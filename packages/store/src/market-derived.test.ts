import {
  bandOf,
  createRng,
  destockingCycle,
  periodOnPeriod,
  positionInBounds,
  shareOfTotal,
  trailingAverage,
  yearOnYear,
  type SeriesValue,
} from '@anju/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCity } from './cities.js';
import {
  listDerivedChanges,
  listDerivedCycles,
  recomputeDerivedChanges,
  recomputeDerivedCycles,
  type DerivedMarketParameters,
} from './market-derived.js';
import { writeObservations, type ObservationRow } from './observations.js';
import { createRevision, publishRevision } from './revisions.js';
import type { Store } from './store.js';
import { observationRow } from './testing/observation-rows.js';
import { openTestStore } from './testing/test-store.js';
import { saveUnits } from './units.js';

const CITY = '990300';
const RANGE = { min: 12, max: 18, minInclusive: true, maxInclusive: true };
const BANDS = [
  { id: 'below', min: 0, max: 12, minInclusive: true, maxInclusive: false },
  { id: 'within', min: 12, max: 18, minInclusive: true, maxInclusive: true },
  { id: 'above', min: 18, minInclusive: false, maxInclusive: false },
];
const params = (windowMonths: number, unitCodes?: string[]): DerivedMarketParameters => ({
  cityCode: CITY,
  windowMonths,
  reasonableRange: RANGE,
  bands: BANDS,
  ...(unitCodes === undefined ? {} : { unitCodes }),
});

const month = (y: number, m: number): string => `${y}-${String(m).padStart(2, '0')}`;

async function setUp(store: Store, units: readonly string[]): Promise<void> {
  await store.transaction(async (tx) => {
    await upsertCity(tx, { cityCode: CITY, nameZh: '测试市', nameEn: 'Test' });
    await saveUnits(
      tx,
      CITY,
      ['CITY', ...units].map((unitCode, i) => ({
        unitCode,
        nameZh: unitCode,
        nameEn: unitCode,
        level: i === 0 ? 'city' : 'district',
        parentCode: i === 0 ? null : 'CITY',
        aliases: [],
        attributes: {},
        sortOrder: i,
        boundary: null,
      })),
    );
  });
}

let clock = Date.UTC(2026, 0, 1);
async function publish(store: Store, rows: readonly ObservationRow[]): Promise<string> {
  const at = new Date((clock += 60_000));
  const id = await store.transaction(async (tx) => {
    const rid = await createRevision(tx, {
      cityCode: CITY,
      kind: 'demo',
      createdBy: 'test',
      createdAt: at,
      reason: 'derived fixtures',
      synthetic: true,
      simulated: false,
    });
    await writeObservations(tx, rid, CITY, rows);
    return rid;
  });
  await publishRevision(store, { cityCode: CITY, revisionId: id, publishedBy: 'test', at, reason: 'fixtures' });
  return id;
}

async function snapshot(store: Store): Promise<unknown[]> {
  const cycles = await listDerivedCycles(store, { cityCode: CITY });
  const changes = await listDerivedChanges(store, { cityCode: CITY });
  return [cycles.map((c) => ({ ...c, inventoryRevisionId: '' })), changes];
}

describe('derived destocking cycles in SQL — hand-computed cases', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
    await setUp(store, ['A', 'B', 'Y']);
    const rows: ObservationRow[] = [];
    // A: monthly inventory 2024-01..2025-02 (120 + m), monthly sales 2024-01..2025-02 = m (1..14), residential.
    for (let i = 0; i < 14; i++) {
      const p = i < 12 ? month(2024, i + 1) : month(2025, i - 11);
      rows.push(observationRow('A', 'housing.inventory-area', p, String(120 + i + 1), { dimension: 'residential' }));
      rows.push(observationRow('A', 'housing.sales-area', p, String(i + 1), { dimension: 'residential' }));
    }
    // B: inventory in March 2024 but zero sales in Jan–Mar → no sales; April without a sales row at all.
    for (const m of [1, 2, 3]) rows.push(observationRow('B', 'housing.sales-area', month(2024, m), '0'));
    rows.push(observationRow('B', 'housing.inventory-area', month(2024, 3), '50'));
    rows.push(observationRow('B', 'housing.inventory-units', month(2024, 3), '400', { uom: '套' }));
    // Y: 003's yearly table (2025 residential: inventory 148.41, sales 62.40) and a yearly series with a 2-year gap.
    rows.push(observationRow('Y', 'housing.inventory-area', '2025', '148.41', { dimension: 'residential' }));
    rows.push(observationRow('Y', 'housing.sales-area', '2025', '62.40', { dimension: 'residential' }));
    rows.push(observationRow('Y', 'housing.inventory-area', '2023', '100'));
    rows.push(observationRow('Y', 'housing.sales-area', '2021', '40'));
    await publish(store, rows);
    await store.transaction((tx) => recomputeDerivedCycles(tx, params(12)));
  });
  afterAll(() => store.close());

  const cycle = async (unit: string, period: string, basis: 'area' | 'units' = 'area', type = '') =>
    (await listDerivedCycles(store, { cityCode: CITY, unitCodes: [unit], basis, propertyType: type, period }))[0];

  it('averages the trailing 12 months: 2024-12 = 132 × 12 ÷ 78 = 20.3077', async () => {
    const c = await cycle('A', '2024-12', 'area', 'residential');
    expect(c?.kind).toBe('months');
    expect(Number(c?.months)).toBeCloseTo((132 * 12) / 78, 12);
    expect(c?.monthsUsed).toBe(12);
    expect(c?.partial).toBe(false);
    expect(c?.bandId).toBe('above');
    expect(c?.rangePosition).toBe('above');
  });

  it('drops months that left the window: 2025-02 = 134 × 12 ÷ (3 + … + 14) = 15.7647', async () => {
    const c = await cycle('A', '2025-02', 'area', 'residential');
    expect(c?.months).toMatch(/^15\.76470588235294/);
    expect(c?.bandId).toBe('within');
    expect(c?.salesSum).toBe('102');
  });

  it('marks short history partial with the months used: 2024-03 = 123 × 3 ÷ 6 = 61.5', async () => {
    const c = await cycle('A', '2024-03', 'area', 'residential');
    expect(c?.months).toMatch(/^61\.5/);
    expect(c?.monthsUsed).toBe(3);
    expect(c?.partial).toBe(true);
  });

  it('no sales in the window is its own result, no sales rows at all is no-data', async () => {
    const b = await cycle('B', '2024-03');
    expect(b?.kind).toBe('no-sales');
    expect(b?.months).toBeNull();
    expect(b?.bandId).toBeNull();
    const units = await cycle('B', '2024-03', 'units');
    expect(units?.kind).toBe('no-data');
    expect(units?.monthsUsed).toBe(0);
  });

  it('yearly data gives yearly cycles: 148.41 ÷ (62.40 ÷ 12) = 28.5404; a missing year is no-data', async () => {
    const y = await cycle('Y', '2025', 'area', 'residential');
    expect(y?.months).toMatch(/^28\.5403846153/);
    expect(y?.periodGrain).toBe('year');
    const gap = await cycle('Y', '2023');
    expect(gap?.kind).toBe('no-data');
  });

  it('a 6-month window over yearly data uses the year’s own flow (12 months)', async () => {
    await store.transaction((tx) => recomputeDerivedCycles(tx, params(6, ['Y'])));
    const y = await cycle('Y', '2025', 'area', 'residential');
    expect(y?.months).toMatch(/^28\.5403846153/);
    expect(y?.monthsUsed).toBe(12);
    expect(y?.partial).toBe(false);
  });
});

/** Random series of mixed grains: some years monthly, some quarterly, some yearly, some months missing. */
function randomRows(seed: string, units: readonly string[]): ObservationRow[] {
  const rng = createRng(seed);
  const rows: ObservationRow[] = [];
  for (const unit of units) {
    for (const [inv, sales, uom] of [
      ['housing.inventory-area', 'housing.sales-area', '万平方米'],
      ['housing.inventory-units', 'housing.sales-units', '套'],
    ] as const) {
      for (const dimension of ['', 'residential']) {
        for (let year = 2020; year <= 2024; year++) {
          const grain = rng.pick(['month', 'month', 'quarter', 'year', 'none'] as const);
          const value = (): string => (rng.next() < 0.08 ? '0' : (rng.int(0, 50_000) / 100).toFixed(2));
          const add = (p: string): void => {
            if (rng.next() < 0.1) return;
            rows.push(observationRow(unit, sales, p, value(), { dimension, uom }));
          };
          if (grain === 'month') for (let m = 1; m <= 12; m++) add(month(year, m));
          if (grain === 'quarter') for (let q = 1; q <= 4; q++) add(`${year}Q${q}`);
          if (grain === 'year') add(String(year));
          // Sometimes a yearly total beside finer rows (it must not count twice).
          if (grain !== 'year' && rng.next() < 0.3) add(String(year));
          const stockGrain = rng.pick(['month', 'quarter', 'year'] as const);
          const stock = (p: string): void => {
            if (rng.next() < 0.1) return;
            rows.push(observationRow(unit, inv, p, (rng.int(0, 900_000) / 100).toFixed(2), { dimension, uom }));
          };
          if (stockGrain === 'month') for (let m = 1; m <= 12; m++) stock(month(year, m));
          if (stockGrain === 'quarter') for (let q = 1; q <= 4; q++) stock(`${year}Q${q}`);
          if (stockGrain === 'year') stock(String(year));
        }
      }
    }
    for (const measure of ['housing.price-new', 'housing.sales-area']) {
      for (let year = 2021; year <= 2024; year++) {
        for (let m = 1; m <= 12; m++) {
          if (rng.next() < 0.15) continue;
          rows.push(observationRow(unit, measure, month(year, m), String(rng.int(0, 20_000)), { dimension: 'new' }));
        }
      }
    }
  }
  // The city unit's totals for the shares (sometimes zero).
  for (let year = 2021; year <= 2024; year++) {
    for (let m = 1; m <= 12; m++) {
      rows.push(
        observationRow('CITY', 'housing.price-new', month(year, m), String(rng.int(0, 3)), { dimension: 'new' }),
      );
    }
  }
  // De-duplicate keys (a yearly total may have been drawn twice).
  const seen = new Map<string, ObservationRow>();
  for (const r of rows) seen.set(`${r.unitCode}|${r.measureCode}|${r.dimension}|${r.period}`, r);
  return [...seen.values()];
}

function coreSeries(rows: readonly ObservationRow[], unit: string, measure: string, dimension: string): SeriesValue[] {
  return rows
    .filter((r) => r.unitCode === unit && r.measureCode === measure && r.dimension === dimension)
    .map((r) => ({ period: r.period, value: r.value }));
}

const close = (a: string | null | undefined, b: string | null | undefined): boolean =>
  a === null || a === undefined || b === null || b === undefined
    ? (a ?? null) === (b ?? null)
    : Math.abs(Number(a) - Number(b)) <= 1e-9 * Math.max(1, Math.abs(Number(b)));

describe('derived tables agree with core on random mixed-grain data', () => {
  let store: Store;
  const units = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6'];
  let rows: ObservationRow[];
  beforeAll(async () => {
    store = await openTestStore();
    await setUp(store, units);
    rows = randomRows('derived-vs-core', units);
    await publish(store, rows);
  });
  afterAll(() => store.close());

  for (const window of [12, 6, 18]) {
    it(`every cycle equals core's destockingCycle + classification (window ${window})`, async () => {
      await store.transaction((tx) => recomputeDerivedCycles(tx, params(window)));
      const stored = await listDerivedCycles(store, { cityCode: CITY });
      let compared = 0;
      let kinds = new Set<string>();
      for (const unit of units) {
        for (const [basis, inv, sales] of [
          ['area', 'housing.inventory-area', 'housing.sales-area'],
          ['units', 'housing.inventory-units', 'housing.sales-units'],
        ] as const) {
          for (const type of ['', 'residential']) {
            const inventory = coreSeries(rows, unit, inv, type);
            const salesSeries = coreSeries(rows, unit, sales, type);
            for (const stock of inventory) {
              const expected = destockingCycle({
                period: stock.period,
                inventory: stock,
                sales: salesSeries,
                windowMonths: window,
                basis,
                propertyType: type,
              });
              const got = stored.find(
                (c) => c.unitCode === unit && c.basis === basis && c.propertyType === type && c.period === stock.period,
              );
              const label = `${unit} ${basis} ${type} ${stock.period}`;
              expect(got, label).toBeDefined();
              expect(got?.kind, label).toBe(expected.kind);
              expect(got?.monthsUsed, label).toBe(expected.monthsUsed);
              expect(got?.partial, label).toBe(expected.partial);
              if (expected.kind === 'months') {
                expect(close(got?.months, expected.months), `${label}: ${got?.months} vs ${expected.months}`).toBe(
                  true,
                );
                expect(got?.bandId, label).toBe(bandOf(expected.months, BANDS.map(toBand))?.id ?? null);
                expect(got?.rangePosition, label).toBe(positionInBounds(expected.months, RANGE));
              }
              kinds.add(expected.kind);
              compared++;
            }
          }
        }
      }
      expect(stored).toHaveLength(compared);
      expect(compared).toBeGreaterThan(300);
      expect([...kinds].sort()).toEqual(['months', 'no-data', 'no-sales']);
      kinds = new Set();
    });
  }

  it("every change, trailing average and share equals core's (window 12)", async () => {
    await store.transaction((tx) => recomputeDerivedChanges(tx, params(12)));
    const stored = await listDerivedChanges(store, { cityCode: CITY, measureCode: 'housing.price-new' });
    let compared = 0;
    for (const unit of units) {
      const s = coreSeries(rows, unit, 'housing.price-new', 'new');
      const city = coreSeries(rows, 'CITY', 'housing.price-new', 'new');
      for (const point of s) {
        const got = stored.find((c) => c.unitCode === unit && c.period === point.period);
        const label = `${unit} ${point.period}`;
        expect(close(got?.yoy, yearOnYear(s, point.period, 'yuan-per-sqm').value), label).toBe(true);
        expect(close(got?.pop, periodOnPeriod(s, point.period, 'yuan-per-sqm').value), label).toBe(true);
        const trailing = trailingAverage(s, point.period, 12, 'yuan-per-sqm');
        expect(close(got?.trailingAvg, trailing.value), label).toBe(true);
        const total = city.find((c) => c.period === point.period);
        expect(close(got?.share, shareOfTotal(point, total, 'yuan-per-sqm').value), label).toBe(true);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('an incremental recompute after a publish equals the full recompute', async () => {
    await store.transaction(async (tx) => {
      await recomputeDerivedCycles(tx, params(12));
      await recomputeDerivedChanges(tx, params(12));
    });
    // R2's data change: a new month of inventory and sales, and a revised sale.
    await publish(store, [
      observationRow('R2', 'housing.inventory-area', '2025-01', '777.5'),
      observationRow('R2', 'housing.sales-area', '2025-01', '12.25'),
      observationRow('R2', 'housing.sales-area', '2024-12', '99.75'),
      observationRow('R2', 'housing.price-new', '2025-01', '12345', { dimension: 'new' }),
    ]);
    await store.transaction(async (tx) => {
      await recomputeDerivedCycles(tx, params(12, ['R2']));
      await recomputeDerivedChanges(tx, params(12, ['R2']));
    });
    const incremental = await snapshot(store);
    await store.transaction(async (tx) => {
      await recomputeDerivedCycles(tx, params(12));
      await recomputeDerivedChanges(tx, params(12));
    });
    const full = await snapshot(store);
    expect(incremental).toEqual(full);
    const jan = await listDerivedCycles(store, { cityCode: CITY, unitCodes: ['R2'], basis: 'area', period: '2025-01' });
    expect(jan).toHaveLength(1);
  });
});

function toBand(b: (typeof BANDS)[number]) {
  return {
    id: b.id,
    minMonths: b.min,
    maxMonths: b.max,
    minInclusive: b.minInclusive,
    maxInclusive: b.maxInclusive,
    labelZh: b.id,
    labelEn: b.id,
    source: { seed: 'anju', section: 'test', quote: 'test' },
  } as unknown as Parameters<typeof bandOf>[1][number];
}
