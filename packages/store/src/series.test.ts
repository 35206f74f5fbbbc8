import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCity } from './cities.js';
import { writeObservations, type ObservationRow } from './observations.js';
import { createRevision, publishRevision } from './revisions.js';
import { getSeries, type SeriesPoint, type SeriesQuery } from './series.js';
import type { Store } from './store.js';
import { observationRow } from './testing/observation-rows.js';
import { openTestStore } from './testing/test-store.js';
import { saveUnits } from './units.js';

const CITY = '330300';
const months2024 = Array.from({ length: 12 }, (_, i) => `2024-${String(i + 1).padStart(2, '0')}`);

// U1 sales: 2024 by month, and Jan–Mar 2025 only.
const u1Sales = ['10.5', '20.25', '30', '40', '50', '60', '70', '80', '90', '100', '110', '120.125'];

const rows: ObservationRow[] = [
  ...months2024.map((m, i) => observationRow('U1', 'sales_area', m, u1Sales[i]!)),
  observationRow('U1', 'sales_area', '2025-01', '1'),
  observationRow('U1', 'sales_area', '2025-02', '2'),
  observationRow('U1', 'sales_area', '2025-03', '3.5'),
  observationRow('U1', 'sales_area', '2024-01', '5', { dimension: 'residential' }),
  // U2: the statistics bureau's yearly figure, and monthly figures that do not add up to it.
  observationRow('U2', 'sales_area', '2024', '999.9'),
  ...months2024.map((m) => observationRow('U2', 'sales_area', m, '1')),
  // U3: quarterly figures only.
  ...['1.5', '2.5', '3.5', '4.5'].map((v, i) => observationRow('U3', 'sales_area', `2024Q${i + 1}`, v)),
  // U1 inventory (a stock): month i holds 1000 + i + 0.5; June 2024 is missing.
  ...months2024
    .filter((m) => m !== '2024-06')
    .map((m) => observationRow('U1', 'inventory', m, `${1000 + Number(m.slice(5))}.5`)),
  observationRow('U1', 'inventory', '2025-01', '900'),
  observationRow('U1', 'inventory', '2025-02', '905'),
  observationRow('U1', 'inventory', '2025-03', '910.25'),
  // U1 price with units sold as the weight; June 2024 onwards missing.
  ...['8000', '8150', '8300', '9000', '9100'].map((v, i) =>
    observationRow('U1', 'price', months2024[i]!, v, { uom: '元/平方米' }),
  ),
  ...['1', '1', '2', '1', '3'].map((v, i) => observationRow('U1', 'units_sold', months2024[i]!, v, { uom: '套' })),
];

describe('getSeries', () => {
  let store: Store;
  let revision: string;

  const series = async (query: Omit<SeriesQuery, 'cityCode'>): Promise<(string | boolean)[][]> =>
    (await getSeries(store, { cityCode: CITY, ...query })).map((p: SeriesPoint) => [
      p.unitCode,
      p.period,
      p.value,
      p.complete,
    ]);

  beforeAll(async () => {
    store = await openTestStore();
    revision = await store.transaction(async (tx) => {
      await upsertCity(tx, { cityCode: CITY, nameZh: '温州市', nameEn: 'Wenzhou' });
      await saveUnits(
        tx,
        CITY,
        ['U1', 'U2', 'U3'].map((unitCode, i) => ({
          unitCode,
          nameZh: unitCode,
          nameEn: unitCode,
          level: 'district',
          parentCode: null,
          aliases: [],
          attributes: {},
          sortOrder: i,
          boundary: null,
        })),
      );
      const id = await createRevision(tx, {
        cityCode: CITY,
        kind: 'demo',
        createdBy: 'test',
        createdAt: new Date(Date.UTC(2026, 0, 1)),
        reason: 'series fixtures',
        synthetic: true,
        simulated: false,
      });
      await writeObservations(tx, id, CITY, rows);
      return id;
    });
    await publishRevision(store, {
      cityCode: CITY,
      revisionId: revision,
      publishedBy: 'test',
      at: new Date(Date.UTC(2026, 0, 2)),
      reason: 'fixtures',
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('returns stored rows as they are when no grain is asked for', async () => {
    expect(await series({ measureCode: 'sales_area', unitCodes: ['U3'] })).toEqual([
      ['U3', '2024Q1', '1.5', true],
      ['U3', '2024Q2', '2.5', true],
      ['U3', '2024Q3', '3.5', true],
      ['U3', '2024Q4', '4.5', true],
    ]);
    expect(await series({ measureCode: 'sales_area', dimension: 'residential' })).toEqual([
      ['U1', '2024-01', '5', true],
    ]);
    const first = (await getSeries(store, { cityCode: CITY, measureCode: 'sales_area', unitCodes: ['U1'] }))[0];
    expect(first).toEqual({
      unitCode: 'U1',
      period: '2024-01',
      periodGrain: 'month',
      periodStart: '2024-01-01',
      periodEnd: '2024-01-31',
      value: '10.5',
      revisionId: revision,
      complete: true,
    });
  });

  it('sums months into quarters', async () => {
    // Q1 10.5 + 20.25 + 30; Q2 40 + 50 + 60; Q3 70 + 80 + 90; Q4 100 + 110 + 120.125; 2025Q1 1 + 2 + 3.5
    expect(
      await series({ measureCode: 'sales_area', unitCodes: ['U1'], grain: 'quarter', rollUp: { kind: 'sum' } }),
    ).toEqual([
      ['U1', '2024Q1', '60.75', true],
      ['U1', '2024Q2', '150', true],
      ['U1', '2024Q3', '240', true],
      ['U1', '2024Q4', '330.125', true],
      ['U1', '2025Q1', '6.5', true],
    ]);
  });

  it('sums into years: incomplete years flagged, yearly figures returned as stored, quarters used where no months', async () => {
    const points = await getSeries(store, {
      cityCode: CITY,
      measureCode: 'sales_area',
      grain: 'year',
      rollUp: { kind: 'sum' },
    });
    expect(points.map((p) => [p.unitCode, p.period, p.periodStart, p.periodEnd, p.value, p.complete])).toEqual([
      ['U1', '2024', '2024-01-01', '2024-12-31', '780.875', true],
      ['U1', '2025', '2025-01-01', '2025-12-31', '6.5', false],
      ['U2', '2024', '2024-01-01', '2024-12-31', '999.9', true],
      ['U3', '2024', '2024-01-01', '2024-12-31', '12.0', true],
    ]);
    expect(points.every((p) => p.revisionId === revision && p.periodGrain === 'year')).toBe(true);
  });

  it('limits target periods by fromPeriod / toPeriod', async () => {
    expect(
      await series({
        measureCode: 'sales_area',
        unitCodes: ['U1'],
        grain: 'quarter',
        rollUp: { kind: 'sum' },
        fromPeriod: '2024Q2',
        toPeriod: '2024-09',
      }),
    ).toEqual([
      ['U1', '2024Q2', '150', true],
      ['U1', '2024Q3', '240', true],
    ]);
    expect(
      await series({ measureCode: 'sales_area', grain: 'year', rollUp: { kind: 'sum' }, fromPeriod: '2025' }),
    ).toEqual([['U1', '2025', '6.5', false]]);
    // A year cannot be built from March onwards only: 2024 is not inside 2024-03 … 2024-12.
    expect(
      await series({
        measureCode: 'sales_area',
        unitCodes: ['U1'],
        grain: 'year',
        rollUp: { kind: 'sum' },
        fromPeriod: '2024-03',
        toPeriod: '2024',
      }),
    ).toEqual([]);
  });

  it('takes the last month for end-of-period stocks, and gives no value when it is missing', async () => {
    // Q2 2024 has no June and 2025 has no December: no value for either.
    expect(await series({ measureCode: 'inventory', grain: 'quarter', rollUp: { kind: 'end' } })).toEqual([
      ['U1', '2024Q1', '1003.5', true],
      ['U1', '2024Q3', '1009.5', true],
      ['U1', '2024Q4', '1012.5', true],
      ['U1', '2025Q1', '910.25', true],
    ]);
    expect(await series({ measureCode: 'inventory', grain: 'year', rollUp: { kind: 'end' } })).toEqual([
      ['U1', '2024', '1012.5', true],
    ]);
  });

  it('averages prices, plainly or weighted by another measure', async () => {
    // Q1 (8000 + 8150 + 8300) / 3; Q2 has April and May only: (9000 + 9100) / 2.
    expect(await series({ measureCode: 'price', grain: 'quarter', rollUp: { kind: 'mean' } })).toEqual([
      ['U1', '2024Q1', '8150', true],
      ['U1', '2024Q2', '9050', false],
    ]);
    // Q1 (8000·1 + 8150·1 + 8300·2) / 4 = 32750 / 4; Q2 (9000·1 + 9100·3) / 4 = 36300 / 4.
    expect(
      await series({
        measureCode: 'price',
        grain: 'quarter',
        rollUp: { kind: 'weighted-mean', weightMeasure: 'units_sold' },
      }),
    ).toEqual([
      ['U1', '2024Q1', '8187.5', true],
      ['U1', '2024Q2', '9075', false],
    ]);
    // 2024: (8000 + 8150 + 8300 + 9000 + 9100) / 5 = 42550 / 5, five months of twelve.
    expect(await series({ measureCode: 'price', grain: 'year', rollUp: { kind: 'mean' } })).toEqual([
      ['U1', '2024', '8510', false],
    ]);
  });

  it('without a roll-up rule returns only rows stored at the grain', async () => {
    expect(await series({ measureCode: 'sales_area', grain: 'year' })).toEqual([['U2', '2024', '999.9', true]]);
    expect((await series({ measureCode: 'sales_area', grain: 'month', unitCodes: ['U1', 'U2'] })).length).toBe(15 + 12);
    expect(await series({ measureCode: 'sales_area', unitCodes: [] })).toEqual([]);
  });

  it('refuses to roll up into spans and rejects malformed period codes', async () => {
    await expect(series({ measureCode: 'sales_area', grain: 'span', rollUp: { kind: 'sum' } })).rejects.toMatchObject({
      code: 'bad-roll-up',
    });
    await expect(series({ measureCode: 'sales_area', fromPeriod: '2024-13' })).rejects.toMatchObject({
      code: 'bad-period',
    });
  });
});
