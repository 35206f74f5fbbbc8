// The plan routes in process on a store: the bundled Wenzhou plans listed before any save, a plan created and edited
// (two versions, the first kept), the status board with explained statuses, the evaluation download, and the
// problem answers for a bad document and an unknown plan.
import ExcelJS from 'exceljs';
import { readBundledPlan } from '@anju/samples';
import { upsertCity, type Store } from '@anju/store';
import { openTestStore } from '../../../store/src/testing/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';

let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  store = await openTestStore();
  await store.transaction((tx) => upsertCity(tx, { cityCode: '330300', nameZh: '温州市', nameEn: 'Wenzhou' }));
  app = createApp({
    store,
    now: () => new Date('2026-06-01T00:00:00Z'),
    user: 'planner-chen',
    logError: () => undefined,
  });
});
afterAll(async () => {
  await store.close();
});

async function call<T>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await app.request(url, {
    method,
    headers: { 'content-type': 'application/json', 'accept-language': 'zh' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('plan routes', () => {
  it('lists the bundled plans of the city', async () => {
    const r = await call<{ plans: { planId: string; origin: string }[] }>('GET', '/api/cities/330300/plans');
    expect(r.status).toBe(200);
    expect(r.body.plans.map((p) => [p.planId, p.origin])).toEqual([
      ['wenzhou-13th', 'bundled'],
      ['wenzhou-14th', 'bundled'],
    ]);
  });

  it('creates a plan, edits it into version 2 and keeps version 1', async () => {
    const doc = (await readBundledPlan('wenzhou-14th'))!.data as {
      indicators: { id: string; target: { value?: string } }[];
    };
    const created = await call<{ version: number }>('POST', '/api/cities/330300/plans', {
      plan: doc,
      reason: '导入 002',
    });
    expect(created).toEqual({ status: 201, body: { planId: 'wenzhou-14th', version: 1 } });
    const again = await call<{ detail: string }>('POST', '/api/cities/330300/plans', { plan: doc, reason: '再导入' });
    expect(again.status).toBe(400);
    expect(again.body.detail).toBe('规划 wenzhou-14th 已存在，请用 PUT 修改');

    const edited = structuredClone(doc);
    edited.indicators.find((i) => i.id === 'security-coverage')!.target.value = '26';
    const put = await call<{ version: number }>('PUT', '/api/cities/330300/plans/wenzhou-14th', {
      plan: edited,
      reason: '覆盖率目标调至 26%',
    });
    expect(put).toEqual({ status: 200, body: { planId: 'wenzhou-14th', version: 2 } });

    type Shown = {
      version: number;
      origin: string;
      plan: typeof doc;
      versions: { version: number; createdBy: string; reason: string }[];
    };
    const latest = await call<Shown>('GET', '/api/cities/330300/plans/wenzhou-14th');
    expect(latest.body.version).toBe(2);
    expect(latest.body.plan.indicators.find((i) => i.id === 'security-coverage')?.target.value).toBe('26');
    expect(latest.body.versions.map((v) => [v.version, v.createdBy, v.reason])).toEqual([
      [1, 'planner-chen', '导入 002'],
      [2, 'planner-chen', '覆盖率目标调至 26%'],
    ]);
    const v1 = await call<Shown>('GET', '/api/cities/330300/plans/wenzhou-14th?version=1');
    expect(v1.body.plan.indicators.find((i) => i.id === 'security-coverage')?.target.value).toBe('25');
  });

  it('refuses an invalid document with each field listed, and an unknown plan with 404', async () => {
    const bad = await call<{ errors: { field: string }[] }>('PUT', '/api/cities/330300/plans/wenzhou-14th', {
      plan: { id: 'wenzhou-14th', cityCode: '330300' },
      reason: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('plan.nameZh');
    const missing = await call<{ detail: string }>('GET', '/api/cities/330300/plans/nope/status?year=2020');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('城市 330300 没有规划 nope');
  });

  it('status board: Wenzhou 十三五 in 2020, every row achieved with its explanation', async () => {
    type Board = {
      kind: string;
      counts: Record<string, number>;
      binding: { pass: number; fail: number };
      extensionsUsed: string[];
      methodZh: string;
      rows: {
        indicatorId: string;
        kind: string;
        colour: string;
        achievedText: string;
        trend: { actual: (string | null)[] };
        status: { labelZh: string; branch?: string; inputs: { name: string }[] };
      }[];
    };
    const r = await call<Board>('GET', '/api/cities/330300/plans/wenzhou-13th/status?year=2020');
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe('end-term');
    expect(r.body.counts['achieved']).toBe(6);
    expect(r.body.binding).toEqual({ pass: 2, fail: 0, undetermined: 0 });
    // binding pass / fail is Anju's extension of the Open SDG method, and the method paragraph says so
    expect(r.body.extensionsUsed).toContain('bindingPassFail');
    expect(r.body.methodZh).toContain('本报告使用的 Anju 扩展（非 Open SDG 方法');
    expect(r.body.methodZh).toContain('约束性指标另判达标');
    const coverage = r.body.rows.find((x) => x.indicatorId === 'security-coverage')!;
    expect(coverage).toMatchObject({ kind: 'achieved', colour: '#237804', achievedText: '23.5%' });
    expect(coverage.status.labelZh).toBe('保障性住房覆盖面：已完成');
    expect(coverage.status.inputs.map((i) => i.name)).toEqual(['实际值', '目标值']);
    expect(coverage.trend.actual.at(-1)).toBe('23.5');
  });

  it('evaluation download as XLSX and HTML', async () => {
    const x = await app.request('/api/cities/330300/plans/wenzhou-13th/evaluation?year=2020&format=xlsx');
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    expect(wb.getWorksheet('指标完成情况')!.getRow(6).getCell(2).value).toBe('保障性住房覆盖面');
    const h = await app.request('/api/cities/330300/plans/wenzhou-13th/evaluation?year=2020&format=html');
    const html = await h.text();
    expect(html).toContain('温州市住房发展“十三五”规划终期评估报告（2020年）');
    expect(html).toContain('加拿大统计局年均复合增长率法');
    // one trend chart per indicator with data: all six have their 2020 value
    expect(html.match(/<svg /g)).toHaveLength(6);
  });
});
