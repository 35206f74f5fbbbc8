// The stored market indicators on the bundled Zhangye data: a full recompute gives exactly the cycles and warnings the
// per-request routes compute with core, and a publish afterwards recomputes only the units it touched.
import { createRevision, publishRevision, writeObservations, type Store } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { AT, openSampleStore } from '../testing/sample-store.js';

interface Cycle {
  unitCode: string;
  period: string;
  propertyType: string;
  basis: string;
  kind: string;
  months: string | null;
  monthsUsed: number;
  partial: boolean;
}
interface State {
  profileId: string;
  fullRecompute: boolean;
  unitsRecomputed: number;
}

let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'] });
  app = createApp({ store, now: () => AT, user: 'tester' });
}, 300_000);

afterAll(async () => {
  await store?.close();
});

async function get<T>(url: string): Promise<T> {
  const res = await app.request(url);
  expect(res.status, url).toBe(200);
  return (await res.json()) as T;
}

describe('stored market indicators', () => {
  it('are empty with no state before the first computation', async () => {
    const r = await get<{ state: State | null; cycles: Cycle[] }>('/api/cities/620700/market/stored-cycles');
    expect(r.state).toBeNull();
    expect(r.cycles).toEqual([]);
  });

  it('a full recompute stores the same cycles and classes core computes per request', async () => {
    const res = await app.request('/api/cities/620700/market/recompute', { method: 'POST' });
    expect(res.status).toBe(200);
    const summary = (await res.json()) as { full: boolean; cycles: number; profile: { id: string } };
    expect(summary.full).toBe(true);
    expect(summary.profile.id).toBe('zhangye');
    const stored = await get<{ state: State; cycles: (Cycle & { bandId: string | null })[] }>(
      '/api/cities/620700/market/stored-cycles',
    );
    expect(stored.state.profileId).toBe('zhangye');
    expect(stored.cycles.length).toBe(summary.cycles);
    const live = await get<{ cycles: (Cycle & { classId: string | null })[] }>('/api/cities/620700/market/cycles');
    // Per request, every (unit, type, basis) gets a row for every period; stored rows exist where inventory does.
    let compared = 0;
    for (const s of stored.cycles) {
      const l = live.cycles.find(
        (c) =>
          c.unitCode === s.unitCode &&
          c.period === s.period &&
          c.propertyType === s.propertyType &&
          c.basis === s.basis,
      );
      expect(l, `${s.unitCode} ${s.period} ${s.propertyType} ${s.basis}`).toBeDefined();
      expect(s.kind).toBe(l?.kind);
      expect(s.monthsUsed).toBe(l?.monthsUsed);
      expect(s.partial).toBe(l?.partial);
      if (s.kind === 'months') {
        expect(Math.abs(Number(s.months) - Number(l?.months))).toBeLessThan(1e-9);
        expect(s.bandId).toBe(l?.classId);
      }
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
    // 003's city row, 2025: 148.41 ÷ (62.40 ÷ 12).
    const city2025 = stored.cycles.find(
      (c) => c.unitCode === '620700' && c.period === '2025' && c.propertyType === 'residential' && c.basis === 'area',
    );
    expect(city2025?.months).toMatch(/^28\.54038461538461/);
  });

  it('stores the warnings the profile raises, the same as computed per request', async () => {
    const stored = await get<{ warnings: { unitCode: string; ruleId: string; period: string; state: string }[] }>(
      '/api/cities/620700/market/warning-log',
    );
    const live = await get<{ warnings: { unitCode: string; ruleId: string; period: string; state: string }[] }>(
      '/api/cities/620700/market/warnings?state=raised&state=active&state=cleared&state=pending',
    );
    const key = (w: { unitCode: string; ruleId: string; period: string; state: string }) =>
      `${w.unitCode}|${w.ruleId}|${w.period}|${w.state}`;
    expect(stored.warnings.map(key).sort()).toEqual(live.warnings.map(key).sort());
    expect(stored.warnings.length).toBeGreaterThan(0);
    const history = await get<{ warnings: { unitCode: string }[] }>(
      '/api/cities/620700/market/warning-log?unit=620700&state=raised&state=active',
    );
    expect(history.warnings.every((w) => w.unitCode === '620700')).toBe(true);
  });

  it('a publish recomputes only the units it touched', async () => {
    const revisionId = await store.transaction(async (tx) => {
      const id = await createRevision(tx, {
        cityCode: '620700',
        kind: 'edit',
        createdBy: 'tester',
        createdAt: AT,
        reason: '2026 年 县区数据',
        synthetic: false,
        simulated: false,
      });
      await writeObservations(tx, id, '620700', [
        {
          unitCode: '620702',
          measureCode: 'housing.inventory-area',
          dimension: 'residential',
          period: '2026',
          periodGrain: 'year',
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          value: '60',
          uom: '万平方米',
          sourceRef: null,
        },
        {
          unitCode: '620702',
          measureCode: 'housing.sales-area',
          dimension: 'residential',
          period: '2026',
          periodGrain: 'year',
          periodStart: '2026-01-01',
          periodEnd: '2026-12-31',
          value: '40',
          uom: '万平方米',
          sourceRef: null,
        },
      ]);
      return id;
    });
    await publishRevision(store, { cityCode: '620700', revisionId, publishedBy: 'tester', at: AT, reason: 'test' });
    const r = await get<{ state: State; cycles: Cycle[] }>(
      '/api/cities/620700/market/stored-cycles?unit=620702&period=2026&propertyType=residential&basis=area',
    );
    expect(r.state.fullRecompute).toBe(false);
    expect(r.state.unitsRecomputed).toBe(1);
    // 60 × 12 ÷ 40 = 18 months: inside 12–18 (the bound is inclusive in the zhangye profile).
    expect(r.cycles).toHaveLength(1);
    expect(Number(r.cycles[0]?.months)).toBe(18);
  });
});
