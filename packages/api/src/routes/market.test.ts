// The market routes in process on the bundled sample data: Zhangye's yearly table (003) by Anju's rule, the printed
// cycles beside it, the county table's no-sales case and the warnings of the zhangye profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@anju/store';
import { createApp } from '../app.js';
import { AT, openSampleStore } from '../testing/sample-store.js';

interface CycleBody {
  grain: string;
  profile: { id: string; version: string };
  periods: string[];
  cycles: {
    unitCode: string;
    period: string;
    propertyType: string;
    basis: string;
    kind: string;
    display: string;
    printed: string | null;
    classId: string | null;
    range: string | null;
    partial: boolean;
  }[];
}
interface WarningBody {
  warnings: {
    ruleId: string;
    unitCode: string;
    period: string;
    state: string;
    level: string | null;
    since: string | null;
    valueDisplay: string;
    threshold: string | null;
    explanationZh: string;
  }[];
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

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as T };
}

describe('GET /api/cities/{city}/market/cycles', () => {
  it('gives 003’s computed residential cycles beside the printed ones', async () => {
    const r = await get<CycleBody>('/api/cities/620700/market/cycles?unit=620700&propertyType=residential&basis=area');
    expect(r.status).toBe(200);
    expect(r.body.grain).toBe('year');
    expect(r.body.profile).toEqual({ id: 'zhangye', version: '1.0.0' });
    const yearly = r.body.cycles.filter((c) => /^\d{4}$/.test(c.period));
    expect(yearly.map((c) => [c.period, c.display, c.printed])).toEqual([
      ['2021', '24.6', '14'],
      ['2022', '29.1', '28'],
      ['2023', '34.2', '23'],
      ['2024', '30.1', '24'],
      ['2025', '28.5', '20'],
    ]);
    expect(yearly.map((c) => c.classId)).toEqual(['long', 'long', 'long', 'long', 'long']);
    expect(yearly.every((c) => c.range === 'above' && !c.partial)).toBe(true);
  });

  it('validates the query and the city', async () => {
    expect((await get('/api/cities/620700/market/cycles?basis=rooms')).status).toBe(400);
    expect((await get('/api/cities/999999/market/cycles')).status).toBe(404);
  });
});

describe('GET /api/cities/{city}/market/warnings', () => {
  it('raises the outside-range warning for the city every year, with value, threshold and since', async () => {
    const r = await get<WarningBody>('/api/cities/620700/market/warnings?unit=620700');
    const range = r.body.warnings.filter((w) => w.ruleId === 'destocking-cycle-outside-range');
    expect(range.map((w) => [w.period, w.state, w.level, w.since, w.valueDisplay, w.threshold])).toEqual([
      ['2021', 'raised', 'yellow', '2021', '24.6', '0'],
      ['2022', 'active', 'yellow', '2021', '29.1', '0'],
      ['2023', 'active', 'yellow', '2021', '34.2', '0'],
      ['2024', 'active', 'yellow', '2021', '30.1', '0'],
      ['2025', 'active', 'yellow', '2021', '28.5', '0'],
    ]);
    expect(range[4]!.explanationZh).toContain('商品住房去化周期超出合理区间');
    // 2024 new-home price +10.65 % is above the 4 % cap.
    const price = r.body.warnings.filter((w) => w.ruleId === 'new-home-price-growth');
    expect(price.map((w) => [w.period, w.state, w.valueDisplay])).toEqual([
      ['2024', 'raised', '10.65%'],
      ['2025', 'cleared', '1.84%'],
    ]);
  });
});
