// GET /api/cities/{city}/market/inventory-age on the sample store plus a presale-project file, and the explanations
// the other market routes now carry (cycles, prices, warnings).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPresaleProjects } from '@anju/intake';
import type { Store } from '@anju/store';
import { createApp } from '../app.js';
import { AT, openSampleStore } from '../testing/sample-store.js';

interface Bucket {
  labelZh: string;
  saleableArea: { value: string; formula?: string; inputs: { name: string }[] };
  saleableUnits: { value: string };
  projectIds: string[];
}
interface AgeBody {
  asOf: string;
  profile: { id: string; version: string };
  revisionIds: string[];
  units: {
    unitCode: string;
    projectCount: number;
    buckets: Bucket[];
    pipelineNotApproved: { area: { value: string }; units: { value: string } };
  }[];
}

let store: Store;
let app: ReturnType<typeof createApp>;
let dir: string;
let revisionId: string;

// Seen on 2025-12-31: A is exactly one year old (still 1 年以内), B one year and a day, C exactly three years
// (still 1—3 年), D exactly five (still 3—5 年), E five years and a day; G was approved on 29 February 2024.
const CSV = [
  '项目编号,区县,物业类型,预售许可日期,批准预售面积（㎡）,批准预售套数,已售面积（㎡）,已售套数,项目状态',
  'A,甘州区,住宅,2024-12-31,10000,100,4000,40,在建',
  'B,甘州区,住宅,2024-12-30,20000,200,5000,50,已竣工',
  'C,临泽县,住宅,2022-12-31,8000,80,2000,20,已竣工',
  'D,临泽县,住宅,2020-12-31,9000,90,1000,10,已竣工',
  'E,甘州区,商业,2020-12-30,5000,20,0,0,停工',
  'F,甘州区,住宅,,12000,100,0,0,在建',
  'G,甘州区,住宅,2024-02-29,3000,30,0,0,在建',
].join('\n');

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'] });
  app = createApp({ store, now: () => AT, user: 'tester' });
  dir = await mkdtemp(join(tmpdir(), 'anju-presale-'));
  const path = join(dir, '预售项目.csv');
  await writeFile(path, CSV, 'utf8');
  const r = await importPresaleProjects(store, path, {
    cityCode: '620700',
    createdBy: 'tester',
    reason: '2025年末预售台账',
    now: AT,
    publish: true,
  });
  expect(r.errors).toEqual([]);
  revisionId = r.revisionId!;
}, 300_000);

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as T };
}

const table = (b: AgeBody, unit: string) =>
  b.units
    .find((u) => u.unitCode === unit)!
    .buckets.map((x) => [x.labelZh, x.saleableArea.value, x.saleableUnits.value, x.projectIds.join(' ')]);

describe('GET /api/cities/{city}/market/inventory-age', () => {
  it('buckets saleable inventory by age on real dates, anniversaries in the younger bucket', async () => {
    const r = await get<AgeBody>('/api/cities/620700/market/inventory-age?asOf=2025-12-31');
    expect(r.status).toBe(200);
    expect(r.body.revisionIds).toEqual([revisionId]);
    expect(table(r.body, '620700')).toEqual([
      ['1年以内', '6000', '60', 'A'],
      ['1—3年', '24000', '240', 'B G C'],
      ['3—5年', '8000', '80', 'D'],
      ['5年以上', '5000', '20', 'E'],
    ]);
    expect(table(r.body, '620702')).toEqual([
      ['1年以内', '6000', '60', 'A'],
      ['1—3年', '18000', '180', 'B G'],
      ['3—5年', '0', '0', ''],
      ['5年以上', '5000', '20', 'E'],
    ]);
    const city = r.body.units.find((u) => u.unitCode === '620700')!;
    expect([city.projectCount, city.pipelineNotApproved.area.value, city.pipelineNotApproved.units.value]).toEqual([
      7,
      '12000',
      '100',
    ]);
    expect(city.buckets[1]!.saleableArea.formula).toBe('Σ (批准预售面积 − 已售面积)');
    expect(city.buckets[1]!.saleableArea.inputs.map((i) => i.name)).toEqual(['分段', 'B', 'G', 'C']);
    // Ordered by unit, then project id; units without projects are left out.
    expect(r.body.units.map((u) => u.unitCode).sort()).toEqual(['620700', '620702', '620723']);
  });

  it('29 February: one year is complete on 28 February 2025', async () => {
    const on = await get<AgeBody>('/api/cities/620700/market/inventory-age?asOf=2025-02-28&unit=620702');
    expect(on.body.units[0]!.buckets[0]!.projectIds).toEqual(['A', 'B', 'G']);
    const after = await get<AgeBody>('/api/cities/620700/market/inventory-age?asOf=2025-03-01&unit=620702');
    expect(after.body.units[0]!.buckets[0]!.projectIds).toEqual(['A', 'B']);
    expect(after.body.units[0]!.buckets[1]!.projectIds).toEqual(['G']);
  });

  it('filters by property type and validates the day', async () => {
    const r = await get<AgeBody>('/api/cities/620700/market/inventory-age?asOf=2025-12-31&propertyType=residential');
    expect(table(r.body, '620700')[3]).toEqual(['5年以上', '0', '0', '']);
    expect((await get('/api/cities/620700/market/inventory-age?asOf=2025-02-30')).status).toBe(400);
    expect((await get('/api/cities/620700/market/inventory-age')).status).toBe(400);
    expect((await get('/api/cities/999999/market/inventory-age?asOf=2025-12-31')).status).toBe(404);
  });
});

describe('market routes carry their explanations', () => {
  it('a cycle explains itself with inventory and sales; a price change with both years', async () => {
    const c = await get<{
      cycles: { period: string; display: string; explained: { value: string; inputs: { name: string }[] } }[];
    }>('/api/cities/620700/market/cycles?unit=620700&propertyType=residential&basis=area&period=2025');
    expect(c.body.cycles.map((x) => [x.display, x.explained.value.slice(0, 7)])).toEqual([['28.5', '28.5403']]);
    expect(c.body.cycles[0]!.explained.inputs.length).toBeGreaterThanOrEqual(2);

    const p = await get<{
      prices: {
        kind: string;
        period: string;
        status: string;
        change: string;
        changeExplained: { inputs: unknown[] };
      }[];
    }>('/api/cities/620700/market/prices?unit=620700&period=2024');
    const home = p.body.prices.find((x) => x.kind === 'new-home')!;
    expect([home.status, home.change.slice(0, 6)]).toEqual(['above-cap', '0.1064']);
    expect(home.changeExplained.inputs).toHaveLength(2);
  });
});
