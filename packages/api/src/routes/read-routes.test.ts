// The read-only routes, in process (app.request), on a store loaded with every bundled sample dataset: the numbers
// asserted are the seeds' printed figures (003 附表 for Zhangye's inventory, 003 第一章 for its market table).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@anju/store';
import { createApp } from '../app.js';
import type {
  Cities,
  Explain,
  Health,
  Measures,
  Overview,
  Problem,
  ProfileDetail,
  Profiles,
  Series,
  Units,
} from '../testing/api-types.js';
import { AT, openSampleStore } from '../testing/sample-store.js';

interface OpenApiDocument {
  info: { title: string };
  paths: Record<string, Record<string, { parameters: { name: string }[]; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, { properties: Record<string, { type: string }> }> };
}

let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await openSampleStore();
  app = createApp({ store, now: () => AT, user: 'tester' });
}, 300_000);

afterAll(async () => {
  await store?.close();
});

/** GET in process; the body typed as the route's schema says (a problem by default). */
async function get<T = Problem>(url: string, lang?: string): Promise<{ status: number; type: string; body: T }> {
  const res = await app.request(url, lang === undefined ? {} : { headers: { 'accept-language': lang } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as T };
}

describe('GET /api/health and /api/openapi.json', () => {
  it('answers ok with the engine and the injected clock', async () => {
    const r = await get<Health>('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', engine: store.engine, time: '2026-11-22T08:00:00.000Z' });
  });

  it('documents every route of the app under its title, from the same schemas', async () => {
    const r = await get<OpenApiDocument>('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.info.title).toBe('安居 Anju API');
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries(r.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops))
        documented.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
    const routes = new Set(
      app.routes
        .filter((route) => route.path.startsWith('/api/') && route.method !== 'ALL')
        .map((route) => `${route.method} ${route.path}`),
    );
    // the set of routes grows with each capability; what must hold is that the document and the app agree exactly
    expect(routes.size).toBeGreaterThanOrEqual(28);
    for (const route of routes) expect(documented, route).toContain(route);
    expect(documented.size).toBe(routes.size);
    // Query parameters and problem responses come from the zod schemas.
    const series = r.body.paths['/api/cities/{city}/series']!.get!;
    expect(series.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['city', 'dimension', 'from', 'grain', 'measure', 'revision', 'to', 'unit'].sort(),
    );
    expect(Object.keys(series.responses).sort()).toEqual(['200', '400', '404']);
    expect(r.body.components.schemas.Explained?.properties.inputs?.type).toBe('array');
  });
});

describe('GET /api/cities and units', () => {
  it('lists the four sample cities', async () => {
    const r = await get<Cities>('/api/cities');
    expect(r.status).toBe(200);
    expect(r.body.cities.map((c: { cityCode: string; nameZh: string }) => `${c.cityCode} ${c.nameZh}`)).toEqual([
      '330300 温州市',
      '410100 郑州市',
      '500000 重庆市',
      '620700 张掖市',
    ]);
  });

  it('lays Zhangye’s six counties out in a 3-column grid in unit order, the city root without a tile', async () => {
    const r = await get<Units>('/api/cities/620700/units');
    expect(r.status).toBe(200);
    expect(r.body.rootCode).toBe('620700');
    const tiles = r.body.units.map((u: { unitCode: string; tile: unknown }) => [u.unitCode, u.tile]);
    expect(tiles).toEqual([
      ['620700', null],
      ['620702', { row: 0, col: 0 }],
      ['620723', { row: 0, col: 1 }],
      ['620724', { row: 0, col: 2 }],
      ['620725', { row: 1, col: 0 }],
      ['620722', { row: 1, col: 1 }],
      ['620721', { row: 1, col: 2 }],
    ]);
  });

  it('refuses an unknown city with 404 and a malformed code with 400, in Chinese or English', async () => {
    const unknown = await get('/api/cities/999999/units');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain('application/problem+json');
    expect(unknown.body).toEqual({
      type: 'urn:anju:problem:not-found',
      title: '找不到',
      status: 404,
      detail: '没有代码为 999999 的城市（先运行 anju init 或 anju demo）',
    });
    const en = await get('/api/cities/999999/units', 'en-US,en;q=0.9');
    expect(en.body.detail).toBe('no city with code 999999 (run anju init or anju demo first)');
    expect(en.body.title).toBe('Not found');
    const malformed = await get('/api/cities/zhangye/units');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'city', code: 'invalid_format', message: '“城市”的格式不对' }]);
  });
});

describe('GET /api/measures', () => {
  it('gives each measure its unit labels, element and roll-up rule', async () => {
    const r = await get<Measures>('/api/measures');
    expect(r.status).toBe(200);
    expect(r.body.elements.map((e: { nameZh: string }) => e.nameZh)).toEqual(['人', '房', '地', '钱']);
    const sales = r.body.measures.find((m: { code: string }) => m.code === 'housing.sales-area');
    expect(sales).toMatchObject({
      element: 'housing',
      nameZh: '新建商品房销售面积',
      uom: { code: 'wan-sqm', labelZh: '万平方米', labelEn: '10k m²' },
      rollUp: { kind: 'sum' },
      rollUpZh: '求和',
    });
    const inventory = r.body.measures.find((m: { code: string }) => m.code === 'housing.inventory-area');
    expect(inventory?.rollUpZh).toBe('期末值');
    expect(inventory?.dimensions.map((d: { code: string }) => d.code)).toContain('residential');
  });
});

describe('GET /api/cities/{city}/series', () => {
  it('returns Zhangye’s yearly sales area as printed in 003 (万㎡), as exact decimal strings', async () => {
    const r = await get<Series>('/api/cities/620700/series?measure=housing.sales-area&unit=620700&grain=year');
    expect(r.status).toBe(200);
    expect(r.body.uom).toEqual({ code: 'wan-sqm', labelZh: '万平方米', labelEn: '10k m²' });
    expect(
      r.body.points.map((p: { period: string; value: string; complete: boolean }) => [p.period, p.value, p.complete]),
    ).toEqual([
      ['2021', '111.79', true],
      ['2022', '94.35', true],
      ['2023', '83.87', true],
      ['2024', '84.48', true],
      ['2025', '78.71', true],
    ]);
  });

  it('filters by repeated unit, by range and by breakdown', async () => {
    const r = await get<Series>(
      '/api/cities/620700/series?measure=housing.inventory-area&dimension=residential&unit=620702&unit=620723&from=2025&to=2025',
    );
    expect(r.status).toBe(200);
    expect(r.body.points.map((p: { unitCode: string; value: string }) => [p.unitCode, p.value])).toEqual([
      ['620702', '81.3'],
      ['620723', '6.02'],
    ]);
    const range = await get<Series>(
      '/api/cities/620700/series?measure=housing.sales-area&unit=620700&from=2024&to=2025',
    );
    expect(range.body.points.map((p: { period: string }) => p.period)).toEqual(['2024', '2025']);
  });

  it('refuses unknown measures, units, revisions and malformed queries', async () => {
    const measure = await get('/api/cities/620700/series?measure=housing.nothing');
    expect([measure.status, measure.body.detail]).toEqual([
      404,
      '指标目录中没有“housing.nothing”（见 GET /api/measures）',
    ]);
    const unit = await get('/api/cities/620700/series?measure=housing.sales-area&unit=620702&unit=999999');
    expect([unit.status, unit.body.detail]).toEqual([404, '城市 620700 中没有这些单元：999999']);
    const revision = await get('/api/cities/620700/series?measure=housing.sales-area&revision=9999');
    expect([revision.status, revision.body.detail]).toEqual([404, '城市 620700 没有编号为 9999 的修订版本']);
    const bad = await get('/api/cities/620700/series?grain=week&from=2025-13&revision=abc');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toBe('请求中有 4 处不符合要求，请逐项修改后再试');
    expect(bad.body.errors?.map((e) => `${e.field}: ${e.message}`)).toEqual([
      'measure: 缺少必填项“指标”',
      'from: “起始期间”不是合法的期间代码（应为 2025-12、2025Q4、2025 或 2021-2025）',
      'grain: “汇总粒度”只能取以下值之一：month、quarter、year',
      'revision: “修订号”的格式不对',
    ]);
    const en = await get('/api/cities/620700/series?grain=week', 'en');
    expect(en.body.errors?.map((e) => e.message)).toEqual([
      'measure is required',
      'grain must be one of month, quarter, year',
    ]);
    const dim = await get('/api/cities/620700/series?measure=people.resident-population&dimension=residential');
    expect([dim.status, dim.body.detail]).toEqual([
      400,
      '指标 people.resident-population 没有细分“residential”；可用：（无，只有合计）',
    ]);
  });
});

describe('GET /api/cities/{city}/overview', () => {
  it('colours the tile map by the latest inventory (003 附表, 2025) with the slider periods and the 人房地钱 cards', async () => {
    const r = await get<Overview>('/api/cities/620700/overview?measure=housing.inventory-area');
    expect(r.status).toBe(200);
    expect(r.body.period).toEqual({ code: '2025', grain: 'year', labelZh: '2025年', labelEn: '2025' });
    expect(r.body.periods.map((p: { code: string }) => p.code)).toEqual(['2021', '2022', '2023', '2024', '2025']);
    expect(r.body.units.map((u: { nameZh: string; value: string | null }) => [u.nameZh, u.value])).toEqual([
      ['甘州区', '200.87'],
      ['临泽县', '18.08'],
      ['高台县', '26.99'],
      ['山丹县', '41.34'],
      ['民乐县', '78.63'],
      ['肃南裕固族自治县', '4.96'],
    ]);
    expect(r.body.cityValue).toMatchObject({ value: '370.87', complete: true });
    expect(r.body.range).toEqual({ min: '4.96', max: '200.87' });
    const cards = r.body.headlines.map((h) => [h.elementZh, h.measure?.code ?? null, h.period?.code ?? null, h.value]);
    expect(cards).toEqual([
      ['人', 'people.resident-population', '2024', '109.99'],
      ['房', 'housing.inventory-area', '2025', '370.87'],
      ['地', null, null, null],
      ['钱', 'money.rental-subsidy-amount', '2025', '427'],
    ]);
  });

  it('shows an earlier year when asked, where only the city has data', async () => {
    const r = await get<Overview>('/api/cities/620700/overview?measure=housing.inventory-area&period=2022');
    expect(r.status).toBe(200);
    expect(r.body.cityValue?.value).toBe('449.35');
    expect(r.body.units.every((u: { value: string | null }) => u.value === null)).toBe(true);
    expect(r.body.range).toBeNull();
  });

  it('falls back to the first land measure with data for the 地 card (Wenzhou’s 十三五 land supply)', async () => {
    const r = await get<Overview>('/api/cities/330300/overview');
    expect(r.status).toBe(200);
    const land = r.body.headlines.find((h: { element: string }) => h.element === 'land');
    expect(land?.measure?.code).toBe('land.residential-supplied');
    expect(land?.period?.code).toBe('2016-2020');
  });

  it('answers 404 for a period without data and 400 for a malformed one', async () => {
    const none = await get('/api/cities/620700/overview?measure=housing.inventory-area&period=2030');
    expect([none.status, none.body.detail]).toEqual([404, '指标 housing.inventory-area 在 2030 没有数据']);
    const bad = await get('/api/cities/620700/overview?period=2025Q5', 'en');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.message).toBe(
      'period is not a period code (expected 2025-12, 2025Q4, 2025 or 2021-2025)',
    );
  });
});

describe('GET /api/cities/{city}/explain', () => {
  it('explains a stored value by its source cell, its revision and its history', async () => {
    const r = await get<Explain>('/api/cities/620700/explain?unit=620702&measure=housing.inventory-area&period=2025');
    expect(r.status).toBe(200);
    expect(r.body.explained.value).toBe('200.87');
    expect(r.body.explained.labelZh).toBe('甘州区 商品房库存（可售）面积 2025年');
    expect(r.body.explained.source).toMatchObject({
      kind: 'cell',
      file: 'zhangye/003-inventory-by-county.csv',
      row: 3,
      column: 'B',
    });
    expect(r.body.revision).toMatchObject({ createdBy: 'anju-demo', status: 'published', publishedBy: 'anju-demo' });
    expect(r.body.history.map((h: { value: string; current: boolean }) => [h.value, h.current])).toEqual([
      ['200.87', true],
    ]);
    expect(r.body.explained.inputs).toHaveLength(1);
    expect(r.body.explained.notes[0]?.messageZh).toContain('由 anju-demo 于 2026-11-22T08:00:00.000Z 发布');
  });

  it('names the sheet of a cell in an XLSX source', async () => {
    const r = await get<Explain>(
      '/api/cities/620700/explain?unit=620702&measure=housing.stock-area&dimension=complete-set&period=2025',
    );
    expect(r.status).toBe(200);
    expect(r.body.explained.source).toMatchObject({
      kind: 'cell',
      file: 'zhangye/003-housing-stock.xlsx',
      sheet: '现有住房',
    });
  });

  it('refuses an unknown unit, a missing value and missing parameters', async () => {
    const unit = await get('/api/cities/620700/explain?unit=123456&measure=housing.inventory-area&period=2025');
    expect([unit.status, unit.body.detail]).toEqual([404, '城市 620700 中没有这些单元：123456']);
    const none = await get('/api/cities/620700/explain?unit=620702&measure=housing.inventory-area&period=2019');
    expect([none.status, none.body.detail]).toEqual([
      404,
      '单元 620702 的指标 housing.inventory-area 在 2019 没有已发布的数值',
    ]);
    const missing = await get('/api/cities/620700/explain?measure=housing.inventory-area');
    expect(missing.status).toBe(400);
    expect(missing.body.errors?.map((e) => e.message)).toEqual(['缺少必填项“单元”', '缺少必填项“期间”']);
  });
});

describe('profiles', () => {
  it('lists the bundled profiles and shows the effective Zhangye profile with its chain', async () => {
    const list = await get<Profiles>('/api/profiles');
    expect(list.body.profiles.map((p: { id: string }) => p.id)).toEqual([
      'chongqing',
      'national-default',
      'wenzhou',
      'zhangye',
      'zhengzhou',
    ]);
    const show = await get<ProfileDetail>('/api/profiles/zhangye');
    expect(show.status).toBe(200);
    expect(show.body.chain).toEqual([
      { id: 'zhangye', version: '1.0.0' },
      { id: 'national-default', version: '1.0.0' },
    ]);
    expect(show.body.profile['destocking']).toMatchObject({ reasonableRangeMonths: { min: 12, max: 18 } });
    expect(show.body.origins['destocking.reasonableRangeMonths']).toEqual({ id: 'zhangye', version: '1.0.0' });
    const unknown = await get('/api/profiles/nowhere');
    expect([unknown.status, unknown.body.detail]).toEqual([404, '没有名为 nowhere 的政策配置（见 GET /api/profiles）']);
  });

  it('validates a document and locates its errors by line and key path', async () => {
    const post = (body: string, type: string) =>
      app.request('/api/profiles/validate', { method: 'POST', headers: { 'content-type': type }, body });
    const good = await post(
      JSON.stringify({
        text: "id: my-city\nversion: 0.1.0\nnameZh: 我的城市\nnameEn: My city\ncityCode: '620700'\ndescription: 测试\nextends: zhangye\n",
      }),
      'application/json',
    );
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({
      ok: true,
      id: 'my-city',
      version: '0.1.0',
      chain: [
        { id: 'my-city', version: '0.1.0' },
        { id: 'zhangye', version: '1.0.0' },
        { id: 'national-default', version: '1.0.0' },
      ],
      errors: [],
    });
    const bad = await post(
      "id: my-city\nversion: 0.1.0\nnameZh: 我的城市\nnameEn: My city\ncityCode: '620700'\ndescription: 测试\nextends: nowhere\n",
      'text/plain',
    );
    const body = (await bad.json()) as { ok: boolean; errors: { path: string; line?: number }[] };
    expect(body.ok).toBe(false);
    expect(body.errors.map((e) => [e.path, e.line])).toEqual([['extends', 7]]);
    const wrong = await post(JSON.stringify({ text: 42 }), 'application/json');
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe(
      '“文本”的类型不对，应为文本',
    );
  });
});

describe('GET /api/cities/{city}/export', () => {
  it('downloads CSV with Chinese headers and a UTF-8 file name', async () => {
    const res = await app.request('/api/cities/620700/export?format=csv&measure=housing.inventory-area&unit=620702');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="anju-620700-2026-11-22.csv"; filename*=UTF-8''${encodeURIComponent('张掖市-数据-2026-11-22.csv')}`,
    );
    const lines = (await res.text())
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('单元代码,单元,指标代码,指标,分类,期间,数值,计量单位,修订号,来源');
    expect(lines.slice(1).map((l) => l.split(',').slice(4, 8).join(' '))).toEqual([
      '合计 2025年 200.87 万平方米',
      '住宅 2025年 81.3 万平方米',
    ]);
  });

  it('downloads XLSX (a zip) and refuses an unknown format', async () => {
    const res = await app.request('/api/cities/620700/export?format=xlsx&measure=housing.sales-area');
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
    const bad = await get('/api/cities/620700/export?format=pdf');
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.message).toBe('“导出格式”只能取以下值之一：xlsx、csv');
  });
});

describe('unknown paths and the dashboard', () => {
  it('answers an unknown /api path with a problem and / with the not-built page', async () => {
    const api = await get('/api/nothing-here');
    expect([api.status, api.body.detail]).toEqual([
      404,
      '没有这个接口：/api/nothing-here（接口列表见 /api/openapi.json）',
    ]);
    const page = await createApp({ store, webRoot: '/nonexistent-anju-web' }).request('/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('仪表盘尚未构建');
  });
});
