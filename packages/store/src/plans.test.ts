// Plans in the store on both engines: a plan saved, edited twice (each edit a new version), every version still
// readable with who, when and why, the listing at the latest version, and the same version never written twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCity } from './cities.js';
import { getPlanVersion, listPlans, listPlanVersions, savePlanVersion } from './plans.js';
import type { Store } from './store.js';
import { openTestStore } from './testing/test-store.js';

const CITY = '620700';
const at = (day: number): Date => new Date(Date.UTC(2026, 0, day, 8, 0, 0));
const doc = (target: string) => ({
  id: 'zhangye-15th',
  cityCode: CITY,
  nameZh: '张掖市“十五五”城镇住房发展规划',
  indicators: [{ id: 'waiting-time', nameZh: '住房保障轮候时间', target: { kind: 'end-of-period', value: target } }],
});

describe('plan versions', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openTestStore();
    await store.transaction(async (tx) => {
      await upsertCity(tx, { cityCode: CITY, nameZh: '张掖市', nameEn: 'Zhangye' });
      await upsertCity(tx, { cityCode: '330300', nameZh: '温州市', nameEn: 'Wenzhou' });
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('an edit is a new version; the old one stays as it was', async () => {
    const save = (target: string, day: number, reason: string) =>
      store.transaction((tx) =>
        savePlanVersion(tx, {
          cityCode: CITY,
          planId: 'zhangye-15th',
          nameZh: '张掖市“十五五”城镇住房发展规划',
          document: doc(target),
          createdBy: 'planner-wang',
          createdAt: at(day),
          reason,
          sourceFile: day === 1 ? 'zhangye-15th.yaml' : null,
        }),
      );
    expect(await save('36', 1, '导入 003 指标体系表')).toBe(1);
    expect(await save('30', 2, '轮候时间目标调整为 30 个月')).toBe(2);
    expect(await save('24', 3, '再次调整')).toBe(3);

    const latest = await getPlanVersion(store, CITY, 'zhangye-15th');
    expect(latest?.version).toBe(3);
    expect(latest?.document).toEqual(doc('24'));
    const first = await getPlanVersion(store, CITY, 'zhangye-15th', 1);
    expect(first).toMatchObject({
      version: 1,
      createdBy: 'planner-wang',
      reason: '导入 003 指标体系表',
      sourceFile: 'zhangye-15th.yaml',
      document: doc('36'),
    });
    expect(first?.createdAt.toISOString()).toBe('2026-01-01T08:00:00.000Z');
    expect((await listPlanVersions(store, CITY, 'zhangye-15th')).map((v) => [v.version, v.reason])).toEqual([
      [1, '导入 003 指标体系表'],
      [2, '轮候时间目标调整为 30 个月'],
      [3, '再次调整'],
    ]);
    expect(await getPlanVersion(store, CITY, 'zhangye-15th', 9)).toBeUndefined();
    expect(await getPlanVersion(store, '330300', 'zhangye-15th')).toBeUndefined();
  });

  it('lists each plan once, at its latest version, per city', async () => {
    await store.transaction((tx) =>
      savePlanVersion(tx, {
        cityCode: '330300',
        planId: 'wenzhou-14th',
        nameZh: '温州市住房发展“十四五”规划',
        document: { id: 'wenzhou-14th' },
        createdBy: 'li',
        createdAt: at(4),
        reason: '导入',
      }),
    );
    expect((await listPlans(store)).map((p) => [p.cityCode, p.planId, p.latestVersion])).toEqual([
      ['330300', 'wenzhou-14th', 1],
      ['620700', 'zhangye-15th', 3],
    ]);
    expect((await listPlans(store, CITY)).map((p) => [p.planId, p.updatedBy])).toEqual([
      ['zhangye-15th', 'planner-wang'],
    ]);
  });

  it('refuses a plan for an unknown city and never overwrites a version', async () => {
    await expect(
      savePlanVersion(store, {
        cityCode: '999999',
        planId: 'x',
        nameZh: 'x',
        document: {},
        createdBy: 'li',
        createdAt: at(5),
        reason: 'x',
      }),
    ).rejects.toThrow();
    // A second writer that read the same latest version collides on the key instead of replacing it.
    await expect(
      store.db
        .withTables<{
          plan_version: {
            city_code: string;
            plan_id: string;
            version: number;
            name_zh: string;
            document: string;
            created_by: string;
            created_at: Date;
            reason: string;
          };
        }>()
        .insertInto('plan_version')
        .values({
          city_code: CITY,
          plan_id: 'zhangye-15th',
          version: 3,
          name_zh: 'x',
          document: '{}',
          created_by: 'x',
          created_at: at(6),
          reason: 'x',
        })
        .execute(),
    ).rejects.toThrow();
    expect((await getPlanVersion(store, CITY, 'zhangye-15th'))?.document).toEqual(doc('24'));
  });
});
