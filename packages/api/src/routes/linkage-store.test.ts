// 以房定地 from stored cycles, and 003's annual plans against published actuals, on the bundled Zhangye data.
import { createRevision, publishRevision, writeObservations, type Store } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { refreshMarketDerived } from '../market/derived-refresh.js';
import { AT, openSampleStore } from '../testing/sample-store.js';

let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'] });
  await refreshMarketDerived(store, '620700', { now: () => AT });
  app = createApp({ store, now: () => AT, user: 'tester' });
}, 300_000);

afterAll(async () => {
  await store?.close();
});

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as T };
}

interface Classes {
  period: string;
  periods: string[];
  classes: {
    unitCode: string;
    cycleSource: string;
    cycleMonths: string | null;
    kind: string;
    action: string | null;
    capKind: string | null;
    labelZh: string;
  }[];
}

const row = (unitCode: string, measureCode: string, dimension: string, period: string, value: string, uom: string) => ({
  unitCode,
  measureCode,
  dimension,
  period,
  periodGrain: 'year' as const,
  periodStart: `${period}-01-01`,
  periodEnd: `${period}-12-31`,
  value,
  uom,
  sourceRef: null,
});

async function publishRows(rows: ReturnType<typeof row>[]): Promise<void> {
  const revisionId = await store.transaction(async (tx) => {
    const id = await createRevision(tx, {
      cityCode: '620700',
      kind: 'edit',
      createdBy: 'tester',
      createdAt: AT,
      reason: '2026 年实际数',
      synthetic: true,
      simulated: false,
    });
    await writeObservations(tx, id, '620700', rows);
    return id;
  });
  await publishRevision(store, { cityCode: '620700', revisionId, publishedBy: 'tester', at: AT, reason: 'test' });
}

describe('GET /api/cities/{city}/linkage/classes', () => {
  it('classes every county from its stored cycle, the printed one where no sales are stored', async () => {
    const r = await get<Classes>('/api/cities/620700/linkage/classes');
    expect(r.status).toBe(200);
    expect(r.body.period).toBe('2025');
    const of = (u: string) => r.body.classes.find((c) => c.unitCode === u)!;
    // The city: 148.41 ÷ (62.40 ÷ 12) = 28.54 months, stored → 18–36 → strict control, capped at revitalised land.
    expect([of('620700').cycleSource, of('620700').cycleMonths?.slice(0, 5)]).toEqual(['computed', '28.54']);
    expect([of('620700').action, of('620700').capKind]).toEqual(['strict-control', 'revitalised-stock-land']);
    // 临泽县 prints 13 months (no sales stored) → < 18 → stable or moderate increase.
    expect([of('620723').cycleSource, of('620723').cycleMonths, of('620723').action]).toEqual([
      'printed',
      '13',
      'stable-or-increase',
    ]);
    // 肃南县: no sales ("—") and no printed number → not classified, with the reason.
    expect([of('620721').kind, of('620721').labelZh]).toEqual(['no-data', '缺少去化周期，无法分类']);
  });

  it('uses the published inventory, sales and revitalised land of the period asked for', async () => {
    await publishRows([
      row('620702', 'housing.inventory-area', 'residential', '2026', '90', '万平方米'),
      row('620702', 'housing.sales-area', 'residential', '2026', '24', '万平方米'),
      row('620702', 'land.revitalised', '', '2026', '3.5', '公顷'),
    ]);
    const r = await get<Classes & { classes: { capHa: string | null }[] }>(
      '/api/cities/620700/linkage/classes?period=2026',
    );
    const ganzhou = r.body.classes.find((c) => c.unitCode === '620702')!;
    // 90 × 12 ÷ 24 = 45 months > 36 → pause new residential land.
    expect([ganzhou.cycleSource, ganzhou.cycleMonths, ganzhou.action]).toEqual(['computed', '45', 'pause']);
    // 2026 is now the latest period with a cycle, so it is the default.
    expect((await get<Classes>('/api/cities/620700/linkage/classes')).body.period).toBe('2026');
  });

  it('defaults to the latest period with a cycle, not a newer one with inventory alone', async () => {
    await publishRows([row('620723', 'housing.inventory-area', 'residential', '2027', '17.9', '万平方米')]);
    const r = await get<Classes>('/api/cities/620700/linkage/classes');
    expect(r.body.periods.at(-1)).toBe('2027');
    expect(r.body.period).toBe('2026');
  });
});

describe('GET /api/cities/{city}/plan/tracking', () => {
  it('shows 003 第六章 beside the published actuals of 2026', async () => {
    await publishRows([
      row('620700', 'land.residential-supplied', '', '2026', '19.1', '公顷'),
      row('620700', 'land.residential-supplied', 'public-rental', '2026', '1.2', '公顷'),
      row('620700', 'land.residential-supplied', 'affordable-rental', '2026', '0.8', '公顷'),
      row('620700', 'housing.affordable-raised', '', '2026', '1100', '套'),
    ]);
    const r = await get<{
      lines: {
        id: string;
        years: {
          year: number;
          planned: { value: string };
          actual: { value: string | null };
          completion: { value: string | null };
        }[];
      }[];
    }>('/api/cities/620700/plan/tracking');
    expect(r.status).toBe(200);
    const y2026 = (id: string) => r.body.lines.find((l) => l.id === id)!.years[0]!;
    expect([y2026('land-total').planned.value, y2026('land-total').actual.value]).toEqual(['20.75', '19.1']);
    expect(y2026('land-total').completion.value?.slice(0, 6)).toBe('0.9204');
    // 1.2 + 0.8 = 2.0 ha of affordable-housing land against the planned 2.2.
    expect([y2026('land-affordable').planned.value, y2026('land-affordable').actual.value]).toEqual(['2.2', '2']);
    expect(y2026('affordable-units').actual.value).toBe('1100');
    expect(y2026('commercial-area').actual.value).toBeNull();
    const other = await get<{ detail: string }>('/api/cities/330300/plan/tracking');
    expect(other.status).toBe(404);
  });
});
