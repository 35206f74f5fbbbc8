// `anju linkage import-parcels` and `anju linkage idle` on the store, in process: the bundled synthetic Zhangye parcel
// ledger dry-run, refused (unknown unit, repeated id: located, nothing written), published, then assessed on
// 2025-12-31 with unit names — and on the day before, where the exactly-one-year parcel is only overdue.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCity, readUnitsFile } from '@anju/intake';
import { samplesDataDir } from '@anju/samples';
import { listLandParcels, listRevisions } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore } from '../../../store/src/testing/index.js';
import type { Context } from '../context.js';
import { runAnju, type AnjuRun } from '../testing/run-anju.js';
import { DEMO_LAND_PARCELS, loadDemoLandParcels } from './demo-land-parcels.js';

let dir: string;
const anju = (...args: string[]): Promise<AnjuRun> => runAnju(join(dir, 'data'), ...args);
const SAMPLE = join(samplesDataDir, 'zhangye/synthetic-land-parcels.csv');
const HEADER = '宗地编号,单元,用途,面积（公顷）,出让价款（万元）,约定开工日期,实际开工日期';

interface IdleJson {
  profile: { id: string };
  parcels: { parcelId: string; unitNameZh: string; assessment: { status: string; idleFeeWanYuan: string } | null }[];
  totals: { idleFeeWanYuan: string; reclaimAreaSqm: string };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-parcels-'));
  const init = await anju('init', '--city', '620700');
  if (init.code !== 0) throw new Error(init.err);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju linkage import-parcels', () => {
  it('says there is nothing to assess before any parcels are stored', async () => {
    const r = await anju('linkage', 'idle', '--city', '620700', '--as-of', '2025-12-31');
    expect(r.code).toBe(0);
    expect(r.out).toContain('城市 620700 没有已发布的宗地台账');
  });

  it('dry-runs the sample, then refuses a file with an unknown unit and a repeated id, naming row and column', async () => {
    const dry = await anju('linkage', 'import-parcels', SAMPLE, '--city', '620700', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('校验通过：8 宗地块（试导入，未写入）；新增 8、变化 0、不变 0；已发布而文件未列 0');

    const bad = join(dir, 'bad.csv');
    await writeFile(
      bad,
      [
        HEADER,
        'ZD-1,甘州区,住宅,1,100,2024-01-01,',
        'ZD-2,金水区,住宅,1,100,2024-01-01,',
        'ZD-1,临泽,住宅,1,100,2024-01-01,',
      ].join('\n'),
    );
    const r = await anju('linkage', 'import-parcels', bad, '--city', '620700', '--publish', '--reason', '台账');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      '错误：文件 bad.csv，第 3 行，B 列（单元）：无法识别的单元“金水区”：城市 620700 没有此代码、名称或别名的单元',
    );
    expect(r.err).toContain('错误：文件 bad.csv，第 4 行，A 列（宗地编号）：宗地编号 ZD-1 重复（首次出现在第 2 行）');
    expect(r.err).toContain('发现 2 个错误，未写入任何数据');
    const revs = JSON.parse((await anju('revisions', '--city', '620700', '--json')).out) as unknown[];
    expect(revs).toEqual([]);
  });

  it('publishes the sample as one import revision with its reason', async () => {
    const r = await anju(
      'linkage',
      'import-parcels',
      SAMPLE,
      '--city',
      '620700',
      '--publish',
      '--reason',
      '合成示例数据（非真实地块）',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^已写入 8 宗地块，修订 #\d+（已发布）；新增 8、变化 0、不变 0；已发布而文件未列 0/);
    const revs = JSON.parse((await anju('revisions', '--city', '620700', '--json')).out) as {
      kind: string;
      status: string;
      reason: string;
      rowCount: number;
    }[];
    expect(revs.map((x) => [x.kind, x.status, x.reason, x.rowCount])).toEqual([
      ['import', 'published', '合成示例数据（非真实地块）', 8],
    ]);
  });
});

describe('anju linkage idle (stored parcels and files checked against the city)', () => {
  it('shows every status on 2025-12-31 with unit names, the fee at exactly one year and the totals', async () => {
    const r = await anju('linkage', 'idle', '--as-of', '2025-12-31');
    expect(r.code).toBe(0);
    expect(r.out).toContain('评估日 2025-12-31，政策配置 zhangye@');
    // 2024-12-31 + one full year = 2025-12-31: 20 % × 1650 = 330 万元.
    expect(r.out).toMatch(
      /SYN-SD-01\s+山丹县\s+住宅\s+1\.5\s+2024-12-31\s+—\s+满一年未开工：征收土地闲置费\s+365\s+330\s+2025-12-31\s+2026-12-31\n/,
    );
    expect(r.out).toMatch(
      /SYN-SN-01\s+肃南裕固族自治县\s+住宅\s+0\.8\s+2023-12-31\s+—\s+满两年未开工：无偿收回\s+731\s+0\s/,
    );
    expect(r.out).toContain('共 8 宗；应征闲置费合计 570 万元；应收回面积 8000 ㎡');

    const json = JSON.parse(
      (await anju('linkage', 'idle', '--city', '620700', '--as-of', '2025-12-31', '--json')).out,
    ) as IdleJson;
    expect(
      json.parcels.map((p) => [p.parcelId, p.unitNameZh, p.assessment?.status, p.assessment?.idleFeeWanYuan]),
    ).toEqual([
      ['SYN-GZ-01', '甘州区', 'started-on-time', '0'],
      ['SYN-GZ-02', '甘州区', 'started-late', '0'],
      ['SYN-GZ-03', '甘州区', 'not-due', '0'],
      ['SYN-LZ-01', '临泽县', 'overdue', '0'],
      ['SYN-GT-01', '高台县', 'overdue-renegotiable', '0'],
      ['SYN-SD-01', '山丹县', 'idle-fee', '330'],
      ['SYN-ML-01', '民乐县', 'idle-fee', '240'],
      ['SYN-SN-01', '肃南裕固族自治县', 'reclaim', '0'],
    ]);
  });

  it('the day before the one-year anniversary the stored parcel is only overdue', async () => {
    const json = JSON.parse((await anju('linkage', 'idle', '--as-of', '2025-12-30', '--json')).out) as IdleJson;
    const sd = json.parcels.find((p) => p.parcelId === 'SYN-SD-01')!;
    expect([sd.assessment?.status, sd.assessment?.idleFeeWanYuan]).toEqual(['overdue', '0']);
    // 240 (SYN-ML-01) + 20 % × 480 (SYN-SN-01, not yet two years) = 336 万元.
    expect(json.totals.idleFeeWanYuan).toBe('336');
  });

  it('a file with --city resolves unit names; an unknown unit is a located error with exit 2', async () => {
    const good = join(dir, 'names.csv');
    await writeFile(good, [HEADER, 'ZD-A,肃南县,住宅,2,1000,2024-03-10,'].join('\n'));
    const r = await anju('linkage', 'idle', good, '--city', '620700', '--as-of', '2025-03-10');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /ZD-A\s+肃南裕固族自治县\s+住宅\s+2\s+2024-03-10\s+—\s+满一年未开工：征收土地闲置费\s+365\s+200\s/,
    );
    expect(r.out).toContain('共 1 宗；应征闲置费合计 200 万元；应收回面积 0 ㎡');

    const bad = join(dir, 'unknown.csv');
    await writeFile(bad, [HEADER, 'ZD-B,金水区,住宅,2,1000,2024-03-10,'].join('\n'));
    const failed = await anju('linkage', 'idle', bad, '--city', '620700', '--as-of', '2025-03-10');
    expect(failed.code).toBe(1); // bad rows in the file: a data error, as for import-parcels
    expect(failed.err).toContain('错误：文件 unknown.csv，第 2 行，B 列（单元）：无法识别的单元“金水区”：城市 620700');
    // Without --city the file is read as before: its unit cells are codes, not checked against a city.
    const plain = await anju('linkage', 'idle', bad, '--as-of', '2025-03-10', '--json');
    expect(plain.code).toBe(0);
  });
});

describe('anju demo: the synthetic land-parcel ledger', () => {
  it('loads once as a published demo revision flagged synthetic, and is skipped when already loaded', async () => {
    const store = await openTestStore();
    try {
      await loadCity(store, '620700', await readUnitsFile(join(samplesDataDir, 'zhangye/units.yaml')));
      const ctx = { lang: 'zh', json: true, user: 't', now: () => new Date('2026-01-05T08:00:00Z') } as Context;
      const issues: string[] = [];
      const [first] = await loadDemoLandParcels(ctx, store, issues);
      expect(issues).toEqual([]);
      expect([first?.id, first?.status, first?.values]).toEqual([DEMO_LAND_PARCELS[0].id, 'imported', 8]);
      const [rev] = await listRevisions(store, '620700');
      expect([rev?.kind, rev?.status, rev?.synthetic, rev?.sourceFile, rev?.reason]).toEqual([
        'demo',
        'published',
        true,
        'zhangye/synthetic-land-parcels.csv',
        '合成示例数据（非真实地块）：张掖市供地台账（合成示例，非真实数据）',
      ]);
      expect((await listLandParcels(store, '620700')).length).toBe(8);
      const [again] = await loadDemoLandParcels(ctx, store, issues);
      expect([again?.status, again?.revisionId]).toEqual(['already-loaded', first?.revisionId]);
    } finally {
      await store.close();
    }
  });
});
