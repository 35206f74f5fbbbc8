// POST /api/cities/{city}/land-parcels and GET /api/cities/{city}/linkage/idle in process: the bundled synthetic
// Zhangye parcel file uploaded (dry run, refused file, publish), then every idle-land status on 2025-12-31 from the
// store with the rule's dates and explanations; accounts mode: a district editor may not upload another district's
// parcels, the public may read the assessment.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplesDataDir } from '@anju/samples';
import { listLandParcels, listRevisions, type Store } from '@anju/store';
import { createApp } from '../app.js';
import { addTestAccounts, asSession, signIn } from '../testing/accounts.js';
import { AT, openSampleStore } from '../testing/sample-store.js';

interface ImportBody {
  ok: boolean;
  dryRun: boolean;
  file: string;
  parcels: { id: string; unitCode: string }[];
  diff?: { added: number; changed: number; unchanged: number; notInFile: number };
  revisionId?: string;
  published?: boolean;
}
interface ProblemBody {
  status: number;
  detail: string;
  errors?: { file?: string; row?: number; column?: string; header?: string; code?: string; message: string }[];
}
interface IdleBody {
  asOf: string;
  profile: { id: string };
  rule: { feeRate: number; feeAfterYears: number; reclaimAfterYears: number; source: { seed: string } };
  parcels: {
    parcelId: string;
    unitNameZh: string;
    status: string;
    statusZh: string;
    daysOverdue: number | null;
    idleFeeWanYuan: string | null;
    feeDate: string | null;
    reclaimDate: string | null;
    explanation: { value: string; formula?: string; branch?: string; inputs: { name: string }[] } | null;
  }[];
  totals: { parcels: number; byStatus: Record<string, number>; idleFeeWanYuan: string; reclaimAreaSqm: string };
}

const SAMPLE = 'zhangye/synthetic-land-parcels.csv';
let store: Store;
let app: ReturnType<typeof createApp>;
let sample: Uint8Array<ArrayBuffer>;

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'], datasets: false });
  app = createApp({ store, now: () => AT, user: 'analyst' });
  sample = new Uint8Array(await readFile(join(samplesDataDir, SAMPLE)));
}, 300_000);

afterAll(async () => {
  await store?.close();
});

async function upload<T>(
  fields: Record<string, string>,
  file: { name: string; content: string | Uint8Array<ArrayBuffer> },
  target = app,
): Promise<{ status: number; body: T }> {
  const form = new FormData();
  form.append('file', new Blob([file.content]), file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await target.request('/api/cities/620700/land-parcels', { method: 'POST', body: form });
  return { status: res.status, body: (await res.json()) as T };
}

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await app.request(url);
  return { status: res.status, body: (await res.json()) as T };
}

describe('POST /api/cities/{city}/land-parcels', () => {
  it('dry-runs the sample: 8 parcels, all new, nothing written', async () => {
    const r = await upload<ImportBody>({ dryRun: 'true' }, { name: 'synthetic-land-parcels.csv', content: sample });
    expect(r.status).toBe(200);
    expect(r.body.parcels.map((p) => `${p.id} ${p.unitCode}`)).toEqual([
      'SYN-GZ-01 620702',
      'SYN-GZ-02 620702',
      'SYN-GZ-03 620702',
      'SYN-LZ-01 620723',
      'SYN-GT-01 620724',
      'SYN-SD-01 620725',
      'SYN-ML-01 620722',
      'SYN-SN-01 620721',
    ]);
    expect(r.body.diff).toEqual({ added: 8, changed: 0, unchanged: 0, notInFile: 0 });
    expect(r.body.revisionId).toBeUndefined();
    expect(await listRevisions(store, '620700')).toEqual([]);
  });

  it('refuses an unknown unit and a repeated parcel id with located errors (422), and a publish without reason', async () => {
    const csv = [
      '宗地编号,单元,用途,面积（公顷）,出让价款（万元）,约定开工日期,实际开工日期',
      'ZD-1,甘州区,住宅,1,100,2024-01-01,',
      'ZD-2,金水区,住宅,1,100,2024-01-01,',
      'ZD-1,临泽县,住宅,1,100,2024-01-01,',
    ].join('\n');
    const r = await upload<ProblemBody>({}, { name: '错误.csv', content: csv });
    expect(r.status).toBe(422);
    expect(r.body.detail).toBe('宗地文件 错误.csv 有 2 处错误，已全部列出，未写入任何数据；改正后重新上传');
    expect(r.body.errors?.map((e) => [e.file, e.row, e.column, e.header, e.code, e.message])).toEqual([
      ['错误.csv', 3, 'B', '单元', 'unknown-unit', '无法识别的单元“金水区”：城市 620700 没有此代码、名称或别名的单元'],
      ['错误.csv', 4, 'A', '宗地编号', 'duplicate-parcel', '宗地编号 ZD-1 重复（首次出现在第 2 行）'],
    ]);
    const noReason = await upload<ProblemBody>({ publish: 'true' }, { name: 'p.csv', content: sample });
    expect([noReason.status, noReason.body.errors?.[0]?.message]).toEqual([
      400,
      '导入后立即发布时必须填写原因（reason）',
    ]);
    expect(await listRevisions(store, '620700')).toEqual([]);
  });

  it('writes and publishes the sample as one import revision with its reason', async () => {
    const r = await upload<ImportBody>(
      { publish: 'true', reason: '合成示例数据（非真实地块）：张掖市供地台账' },
      { name: 'synthetic-land-parcels.csv', content: sample },
    );
    expect(r.status).toBe(201);
    expect([r.body.published, r.body.diff?.added]).toEqual([true, 8]);
    const [rev] = await listRevisions(store, '620700');
    expect([rev?.revisionId, rev?.kind, rev?.status, rev?.reason, rev?.rowCount, rev?.createdBy]).toEqual([
      r.body.revisionId,
      'import',
      'published',
      '合成示例数据（非真实地块）：张掖市供地台账',
      8,
      'analyst',
    ]);
    expect((await listLandParcels(store, '620700')).find((p) => p.parcelId === 'SYN-SD-01')?.areaSqm).toBe('15000');
  });
});

describe('GET /api/cities/{city}/linkage/idle', () => {
  it('assesses every stored parcel on 2025-12-31: each status, the fee at exactly one year, reclaim at two', async () => {
    const r = await get<IdleBody>('/api/cities/620700/linkage/idle?asOf=2025-12-31');
    expect(r.status).toBe(200);
    expect(r.body.profile.id).toBe('zhangye');
    expect([r.body.rule.feeRate, r.body.rule.feeAfterYears, r.body.rule.reclaimAfterYears]).toEqual([0.2, 1, 2]);
    const rows = Object.fromEntries(
      r.body.parcels.map((p) => [
        p.parcelId,
        [p.unitNameZh, p.status, p.daysOverdue, p.idleFeeWanYuan, p.feeDate, p.reclaimDate],
      ]),
    );
    expect(rows).toEqual({
      'SYN-GZ-01': ['甘州区', 'started-on-time', 0, '0', '2026-03-01', '2027-03-01'],
      'SYN-GZ-02': ['甘州区', 'started-late', 77, '0', '2025-06-30', '2026-06-30'],
      'SYN-GZ-03': ['甘州区', 'not-due', 0, '0', '2027-04-01', '2028-04-01'],
      'SYN-LZ-01': ['临泽县', 'overdue', 138, '0', '2026-08-15', '2027-08-15'],
      'SYN-GT-01': ['高台县', 'overdue-renegotiable', 225, '0', '2026-05-20', '2027-05-20'],
      // exactly one full year after 2024-12-31: 20 % × 1650 = 330 万元
      'SYN-SD-01': ['山丹县', 'idle-fee', 365, '330', '2025-12-31', '2026-12-31'],
      'SYN-ML-01': ['民乐县', 'idle-fee', 564, '240', '2025-06-15', '2026-06-15'],
      // exactly two full years after 2023-12-31 (2024 is a leap year: 366 + 365 days)
      'SYN-SN-01': ['肃南裕固族自治县', 'reclaim', 731, '0', '2024-12-31', '2025-12-31'],
    });
    expect(r.body.totals).toEqual({
      parcels: 8,
      byStatus: {
        'started-on-time': 1,
        'started-late': 1,
        'not-due': 1,
        overdue: 1,
        'overdue-renegotiable': 1,
        'idle-fee': 2,
        reclaim: 1,
      },
      idleFeeWanYuan: '570',
      reclaimAreaSqm: '8000',
    });
    const fee = r.body.parcels.find((p) => p.parcelId === 'SYN-SD-01')!;
    expect(fee.statusZh).toBe('满一年未开工：征收土地闲置费');
    expect(fee.explanation).toMatchObject({
      value: '330',
      formula: '出让价款 × 0.2（满 1 年未开工，2025-12-31 起）',
      branch: 'idle-fee',
    });
    expect(fee.explanation?.inputs.map((i) => i.name)).toEqual(['price', 'agreed', 'asOf']);
  });

  it('the day before the anniversaries: SYN-SD-01 only overdue, SYN-SN-01 still owes the fee instead of reclaim', async () => {
    const r = await get<IdleBody>('/api/cities/620700/linkage/idle?asOf=2025-12-30');
    const at = (id: string) => r.body.parcels.find((p) => p.parcelId === id)!;
    expect([at('SYN-SD-01').status, at('SYN-SD-01').daysOverdue, at('SYN-SD-01').idleFeeWanYuan]).toEqual([
      'overdue',
      364,
      '0',
    ]);
    // 20 % × 480 = 96 万元 while under two years; fees 240 (SYN-ML-01) + 96 = 336, nothing to reclaim yet.
    expect([at('SYN-SN-01').status, at('SYN-SN-01').idleFeeWanYuan]).toEqual(['idle-fee', '96']);
    expect([r.body.totals.idleFeeWanYuan, r.body.totals.reclaimAreaSqm]).toEqual(['336', '0']);
  });

  it('refuses a bad date (400) and an unknown city (404)', async () => {
    expect((await get<ProblemBody>('/api/cities/620700/linkage/idle?asOf=2025-02-30')).status).toBe(400);
    expect((await get<ProblemBody>('/api/cities/620700/linkage/idle')).status).toBe(400);
    expect((await get<ProblemBody>('/api/cities/999999/linkage/idle?asOf=2025-12-31')).status).toBe(404);
  });
});

describe('land parcels in accounts mode', () => {
  it('a district editor may upload its own district only; the public may read the assessment', async () => {
    const secured = createApp({ store, now: () => AT, auth: { mode: 'accounts' }, logError: () => {} });
    await addTestAccounts(store, AT);
    const ganzhou = await signIn(secured, 'ganzhou');
    const form = (csv: string) => {
      const f = new FormData();
      f.append('file', new Blob([csv]), 'gz.csv');
      f.append('publish', 'true');
      f.append('reason', '甘州区供地台账');
      return f;
    };
    const header = '宗地编号,单元,用途,面积（公顷）,出让价款（万元）,约定开工日期,实际开工日期';
    const before = (await listRevisions(store, '620700')).length;
    const outside = await asSession(secured, ganzhou, '/api/cities/620700/land-parcels', {
      method: 'POST',
      body: form([header, 'GZ-9,甘州区,住宅,1,100,2025-01-01,', 'ML-9,民乐县,住宅,1,100,2025-01-01,'].join('\n')),
    });
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as ProblemBody).detail).toContain('620722');
    expect((await listRevisions(store, '620700')).length).toBe(before);
    const inside = await asSession(secured, ganzhou, '/api/cities/620700/land-parcels', {
      method: 'POST',
      body: form([header, 'GZ-9,甘州区,住宅,1,100,2025-01-01,'].join('\n')),
    });
    expect(inside.status).toBe(201);
    const reader = await signIn(secured, 'reader');
    const refused = await asSession(secured, reader, '/api/cities/620700/land-parcels', {
      method: 'POST',
      body: form([header, 'GZ-8,甘州区,住宅,1,100,2025-01-01,'].join('\n')),
    });
    expect(refused.status).toBe(403);
    const pub = await asSession(secured, undefined, '/api/cities/620700/linkage/idle?asOf=2025-12-31');
    expect(pub.status).toBe(200);
    expect(((await pub.json()) as IdleBody).totals.parcels).toBe(9);
  });
});
