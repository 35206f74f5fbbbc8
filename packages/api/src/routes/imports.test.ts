// Uploads, revisions and what the read routes show afterwards, in process on a store with Zhangye's sample data:
// a dry run writes nothing, a file with errors is refused with every error located, a corrected re-upload becomes a
// draft whose diff names the change, and after publishing the series and the explanation show the new value.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@anju/store';
import { createApp } from '../app.js';
import type {
  Discarded,
  Explain,
  ImportJob,
  ImportProblem,
  ImportResult,
  ImportStarted,
  Problem,
  Published,
  RevisionDetail,
  Revisions,
  Series,
} from '../testing/api-types.js';
import { AT, openSampleStore } from '../testing/sample-store.js';

let store: Store;
let app: ReturnType<typeof createApp>;

const MONTHLY = [
  '单元,期间,指标,数值',
  '甘州区,2026-01,新建商品房销售面积,10.5',
  '甘州区,2026-02,新建商品房销售面积,11.25',
  '甘州区,2026-03,新建商品房销售面积,12',
  '甘州区,2026-04,新建商品房销售面积,9',
  '甘州区,2026-05,新建商品房销售面积,8.5',
  '甘州区,2026-01,商品房库存（可售）面积,205.5',
  '甘州区,2026-02,商品房库存（可售）面积,204',
  '甘州区,2026-03,商品房库存（可售）面积,199.75',
].join('\n');

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'] });
  app = createApp({ store, now: () => AT, user: 'analyst' });
}, 300_000);

afterAll(async () => {
  await store?.close();
});

interface Part {
  readonly name: string;
  readonly content: string | Uint8Array<ArrayBuffer>;
}

async function upload<T = Problem>(
  fields: Record<string, string>,
  file?: Part,
  options: { lang?: string; target?: ReturnType<typeof createApp>; city?: string } = {},
): Promise<{ status: number; body: T }> {
  const form = new FormData();
  if (file !== undefined) form.append('file', new Blob([file.content]), file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await (options.target ?? app).request(`/api/cities/${options.city ?? '620700'}/imports`, {
    method: 'POST',
    body: form,
    headers: options.lang === undefined ? {} : { 'accept-language': options.lang },
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function get<T = Problem>(url: string, lang?: string): Promise<{ status: number; body: T }> {
  const res = await app.request(url, lang === undefined ? {} : { headers: { 'accept-language': lang } });
  return { status: res.status, body: (await res.json()) as T };
}

async function post<T = Problem>(url: string, body: unknown, lang?: string): Promise<{ status: number; body: T }> {
  const res = await app.request(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(lang === undefined ? {} : { 'accept-language': lang }) },
  });
  return { status: res.status, body: (await res.json()) as T };
}

const revisionCount = async (): Promise<number> =>
  (await get<Revisions>('/api/cities/620700/revisions')).body.revisions.length;

const quarters = async (measure: string): Promise<string[][]> =>
  (
    await get<Series>(`/api/cities/620700/series?measure=${measure}&unit=620702&from=2026&to=2026&grain=quarter`)
  ).body.points.map((p: { period: string; value: string; complete: boolean }) => [
    p.period,
    p.value,
    String(p.complete),
  ]);

describe('POST /api/cities/{city}/imports', () => {
  let firstRevision = '';

  it('dry-runs a monthly file: reports what would be added and writes nothing', async () => {
    const before = await revisionCount();
    const r = await upload<ImportResult>({ dryRun: 'true' }, { name: '甘州区月报.csv', content: MONTHLY });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      ok: true,
      dryRun: true,
      file: '甘州区月报.csv',
      rows: 9,
      observations: 8,
      errors: [],
    });
    expect(r.body.revisionId).toBeUndefined();
    expect([r.body.diff?.added, r.body.diff?.changed, r.body.diff?.unchanged]).toEqual([8, 0, 0]);
    expect(r.body.detection?.columns.map((c: { role: string }) => c.role)).toEqual([
      'unit',
      'period',
      'measure',
      'value',
    ]);
    expect(await revisionCount()).toBe(before);
    expect(await quarters('housing.sales-area')).toEqual([]);
  });

  it('imports and publishes it; quarters roll up by each measure’s rule (sum for sales, end of period for stock)', async () => {
    const r = await upload<ImportResult>(
      { publish: 'true', reason: '2026年1—5月网签数据' },
      { name: '甘州区月报.csv', content: MONTHLY },
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ ok: true, dryRun: false, published: true });
    firstRevision = r.body.revisionId ?? '';
    // Q1 = 10.5 + 11.25 + 12 = 33.75; Q2 has April and May only: 9 + 8.5 = 17.5, incomplete.
    expect(await quarters('housing.sales-area')).toEqual([
      ['2026Q1', '33.75', 'true'],
      ['2026Q2', '17.5', 'false'],
    ]);
    expect(await quarters('housing.inventory-area')).toEqual([['2026Q1', '199.75', 'true']]);
    const revisions = (await get<Revisions>('/api/cities/620700/revisions')).body.revisions;
    expect(revisions.at(-1)).toMatchObject({
      revisionId: firstRevision,
      status: 'published',
      createdBy: 'analyst',
      reason: '2026年1—5月网签数据',
      sourceFile: '甘州区月报.csv',
      rowCount: 8,
    });
  });

  it('explains a rolled-up quarter by its formula and months, and flags the missing June', async () => {
    const q1 = await get<Explain>('/api/cities/620700/explain?unit=620702&measure=housing.sales-area&period=2026Q1');
    expect(q1.status).toBe(200);
    expect(q1.body.explained.value).toBe('33.75');
    expect(q1.body.explained.formula).toBe('求和');
    expect(q1.body.explained.inputs.map((i) => [i.name, i.value.value])).toEqual([
      ['2026年1月', '10.5'],
      ['2026年2月', '11.25'],
      ['2026年3月', '12'],
    ]);
    expect(q1.body.explained.inputs[0]?.value.source).toEqual({
      kind: 'observation',
      cityCode: '620700',
      unitCode: '620702',
      measureCode: 'housing.sales-area',
      dimension: '',
      period: '2026-01',
      revisionId: firstRevision,
    });
    const stock = await get<Explain>(
      '/api/cities/620700/explain?unit=620702&measure=housing.inventory-area&period=2026Q1',
      'en',
    );
    expect([stock.body.explained.value, stock.body.explained.formula]).toEqual(['199.75', 'end of period']);
    const q2 = await get<Explain>('/api/cities/620700/explain?unit=620702&measure=housing.sales-area&period=2026Q2');
    expect(q2.body.explained.notes).toEqual([
      {
        level: 'warning',
        messageZh: '缺少 2026年6月 的数据，汇总值不完整',
        messageEn: 'no data for Jun 2026; the rolled-up value is incomplete',
      },
    ]);
    const month = await get<Explain>(
      '/api/cities/620700/explain?unit=620702&measure=housing.sales-area&period=2026-02',
    );
    expect(month.body.explained.source).toEqual({
      kind: 'cell',
      file: '甘州区月报.csv',
      row: 3,
      column: 'D',
      revisionId: firstRevision,
    });
  });

  it('refuses a file with errors (422), listing each error by file, row and column, and writes nothing', async () => {
    const before = await revisionCount();
    const bad = [
      '单元,期间,指标,数值',
      '甘州区,2026-06,新建商品房销售面积,7.5',
      '甘州区,2026-07,新建商品房销售面积,abc',
      '火星区,2026-08,新建商品房销售面积,3',
      '临泽县,2026-13,新建商品房销售面积,4',
    ].join('\n');
    const r = await upload<ImportProblem>({}, { name: 'bad.csv', content: bad });
    expect(r.status).toBe(422);
    expect(r.body.type).toBe('urn:anju:problem:import-failed');
    expect(r.body.title).toBe('文件未通过校验，没有写入任何数据');
    expect(r.body.detail).toBe('文件 bad.csv 有 3 处错误，已全部列出；改正后重新上传');
    expect(r.body.errors.map((e) => [e.file, e.row, e.column, e.code])).toEqual([
      ['bad.csv', 3, 'D', 'not-a-number'],
      ['bad.csv', 4, 'A', 'unknown-unit'],
      ['bad.csv', 5, 'B', 'bad-period'],
    ]);
    expect(r.body.errors.map((e: { message: string }) => e.message)).toEqual([
      '“abc”不是数值，应为数字（无数值请写“-”或留空）',
      '未知的单元“火星区”，应为本市的区县/片区名称或代码',
      '无法识别的期间“2026-13”，应为如“2025年12月”“2025Q4”“2025年”“十四五”的写法',
    ]);
    for (const e of r.body.errors) expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(r.body.result.ok).toBe(false);
    expect(await revisionCount()).toBe(before);
    const en = await upload<ImportProblem>({}, { name: 'bad.csv', content: bad }, { lang: 'en' });
    expect(en.body.detail).toBe('bad.csv has 3 errors, all listed; fix them and upload again');
    expect(en.body.errors[0]?.message).not.toMatch(/[\u4e00-\u9fff]{2}/);
  });

  it('takes a corrected re-upload as a draft whose diff names the change; after publishing the series shows it', async () => {
    const corrected = MONTHLY.replace('2026-02,新建商品房销售面积,11.25', '2026-02,新建商品房销售面积,11.5');
    const r = await upload<ImportResult>(
      { reason: '更正2月数据' },
      { name: '甘州区月报（更正）.csv', content: corrected },
    );
    expect(r.status).toBe(201);
    expect(r.body.published).toBe(false);
    const rev = r.body.revisionId as string;
    const shown = await get<RevisionDetail>(`/api/cities/620700/revisions/${rev}?limit=5`);
    expect(shown.status).toBe(200);
    expect(shown.body.revision.status).toBe('draft');
    expect([shown.body.diff.added, shown.body.diff.changed, shown.body.diff.unchanged]).toEqual([0, 1, 7]);
    expect(shown.body.diff.changedRows).toEqual([
      {
        unitCode: '620702',
        measureCode: 'housing.sales-area',
        dimension: '',
        period: '2026-02',
        uom: 'wan-sqm',
        newValue: '11.5',
        oldValue: '11.25',
        oldUom: 'wan-sqm',
        oldRevisionId: firstRevision,
      },
    ]);
    expect((await quarters('housing.sales-area'))[0]).toEqual(['2026Q1', '33.75', 'true']);

    const noReason = await post(`/api/cities/620700/revisions/${rev}/publish`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'reason', code: 'invalid_type', message: '缺少必填项“原因”' }]);
    const blank = await post(`/api/cities/620700/revisions/${rev}/publish`, { reason: '  ' }, 'en');
    expect(blank.body.errors[0]?.message).toBe('reason must not be empty');

    const published = await post<Published>(`/api/cities/620700/revisions/${rev}/publish`, { reason: '核对无误' });
    expect(published.status).toBe(200);
    expect(published.body.counts).toEqual({ added: 0, changed: 1, unchanged: 7 });
    expect(published.body.revision).toMatchObject({
      status: 'published',
      publishedBy: 'analyst',
      publishReason: '核对无误',
    });
    // 10.5 + 11.5 + 12 = 34 (numeric sum in SQL keeps one decimal place)
    expect((await quarters('housing.sales-area'))[0]).toEqual(['2026Q1', '34.0', 'true']);
    const history = await get<Explain>(
      '/api/cities/620700/explain?unit=620702&measure=housing.sales-area&period=2026-02',
    );
    expect(
      history.body.history.map((h: { revisionId: string; value: string; current: boolean }) => [
        h.revisionId,
        h.value,
        h.current,
      ]),
    ).toEqual([
      [firstRevision, '11.25', false],
      [rev, '11.5', true],
    ]);

    const again = await post(`/api/cities/620700/revisions/${rev}/publish`, { reason: '再次发布' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(`修订版本 ${rev} 的状态是“已发布”，只有草稿可以发布`);
  });

  it('discards a draft with a reason; unknown revisions are 404', async () => {
    const r = await upload<ImportResult>(
      { reason: '误传' },
      { name: 'again.csv', content: MONTHLY.replace('10.5', '99') },
    );
    const rev = r.body.revisionId as string;
    const discarded = await post<Discarded>(`/api/cities/620700/revisions/${rev}/discard`, { reason: '上传错了文件' });
    expect(discarded.status).toBe(200);
    expect(discarded.body.revision).toMatchObject({
      status: 'discarded',
      discardedBy: 'analyst',
      discardReason: '上传错了文件',
    });
    expect((await quarters('housing.sales-area'))[0]).toEqual(['2026Q1', '34.0', 'true']);
    const unknown = await post('/api/cities/620700/revisions/9999/discard', { reason: 'x' });
    expect([unknown.status, unknown.body.detail]).toEqual([404, '城市 620700 没有编号为 9999 的修订版本']);
    const show = await get('/api/cities/620700/revisions/9999', 'en');
    expect([show.status, show.body.detail]).toEqual([404, 'city 620700 has no revision 9999']);
    const wrongRev = await get('/api/cities/620700/revisions/abc');
    expect([wrongRev.status, wrongRev.body.errors[0]?.message]).toEqual([400, '“修订号”的格式不对']);
    const wrongLimit = await get(`/api/cities/620700/revisions/${rev}?limit=many`);
    expect([wrongLimit.status, wrongLimit.body.errors[0]?.message]).toEqual([400, '“示例行数”的类型不对，应为数字']);
  });

  it('refuses an oversized upload with 413 and a Chinese message, before importing anything', async () => {
    const small = createApp({ store, now: () => AT, maxUploadBytes: 1024 });
    const big = `${MONTHLY}\n${'甘州区,2026-06,新建商品房销售面积,1\n'.repeat(60)}`;
    const r = await upload({}, { name: 'big.csv', content: big }, { target: small });
    expect(r.status).toBe(413);
    expect(r.body).toEqual({
      type: 'urn:anju:problem:payload-too-large',
      title: '上传文件过大',
      status: 413,
      detail: '上传的文件超过了上限（1024 字节）；请拆分文件或联系管理员调大上限',
    });
    const en = await upload({}, { name: 'big.csv', content: big }, { target: small, lang: 'en' });
    expect(en.body.detail).toBe(
      'the upload is over the limit (1024 bytes); split the file or ask an administrator to raise it',
    );
  });

  it('refuses a malformed XLSX with its file named', async () => {
    const r = await upload<ImportProblem>(
      {},
      { name: '坏文件.xlsx', content: new TextEncoder().encode('this is not a zip archive') },
    );
    expect(r.status).toBe(422);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors[0]).toMatchObject({ file: '坏文件.xlsx', code: 'xlsx-damaged' });
    expect(r.body.errors[0]?.message).toBe(
      'XLSX 文件已损坏或不完整：找不到 ZIP 目录（文件被截断或不是 XLSX）；请在 Excel 中重新保存后再导入',
    );
  });

  it('refuses a request that is not a form, a form without a file, and wrong field types', async () => {
    const json = await post('/api/cities/620700/imports', { file: 'x' });
    expect([json.status, json.body.detail]).toEqual([415, '上传文件须使用 multipart/form-data 格式']);
    const noFile = await upload({ reason: '无文件' });
    expect(noFile.status).toBe(400);
    expect(noFile.body.errors).toEqual([{ field: 'file', code: 'custom', message: '缺少必填项“文件”' }]);
    const flags = await upload({ dryRun: 'maybe' }, { name: 'a.csv', content: MONTHLY });
    expect(flags.status).toBe(400);
    expect(flags.body.errors[0]?.message).toBe('“试导入”应为 true 或 false');
    const publishNoReason = await upload({ publish: 'true' }, { name: 'a.csv', content: MONTHLY });
    expect([publishNoReason.status, publishNoReason.body.detail]).toEqual([
      400,
      '导入后立即发布时必须填写原因（reason）',
    ]);
    const unknownCity = await upload({}, { name: 'a.csv', content: MONTHLY }, { city: '999999' });
    expect(unknownCity.status).toBe(404);
  });

  it('reads a given mapping and locates its errors', async () => {
    const wide = ['单元,2026-06', '甘州区,6.5'].join('\n');
    const mapping =
      "version: 1\ncity: '620700'\nlayout: wide\nrows: { key: unit }\nperiodsFromHeader: true\nfixed: { measure: housing.sales-area }\n";
    const ok = await upload<ImportResult>({ mapping, dryRun: 'true' }, { name: 'wide.csv', content: wide });
    expect(ok.status).toBe(200);
    expect(ok.body.diff?.addedRows.map((x: { period: string; newValue: string }) => [x.period, x.newValue])).toEqual([
      ['2026-06', '6.5'],
    ]);
    const broken = await upload(
      { mapping: "version: 1\ncity: '620700'\nlayout: sideways\n" },
      { name: 'wide.csv', content: wide },
    );
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toBe('映射文件有错误，请按所列位置修改');
    expect(broken.body.errors.map((e) => [e.field, e.row])).toEqual([['mapping', 3]]);
    const other = await upload(
      { mapping: "version: 1\ncity: '410100'\nlayout: long\n" },
      { name: 'wide.csv', content: wide },
    );
    expect([other.status, other.body.detail]).toEqual([400, '映射属于城市 410100，却上传到了城市 620700']);
  });

  it('runs a large import in the background (202) and reports progress and the result by id', async () => {
    const rows = ['单元,期间,指标,数值'];
    for (let y = 2010; y < 2020; y++)
      for (let m = 1; m <= 12; m++) rows.push(`临泽县,${y}-${String(m).padStart(2, '0')},新建商品房销售面积,${m}`);
    const r = await upload<ImportStarted>(
      { async: 'true', publish: 'true', reason: '历史月度数据' },
      { name: 'history.csv', content: rows.join('\n') },
    );
    expect(r.status).toBe(202);
    expect(r.body.statusUrl).toBe(`/api/imports/${r.body.importId}`);
    let job = r.body.job;
    for (let i = 0; i < 200 && job.state === 'running'; i++) {
      await new Promise((done) => setTimeout(done, 50));
      job = (await get<ImportJob>(r.body.statusUrl)).body;
    }
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ ok: true, rows: 121, observations: 120, published: true });
    expect(job.progress.rows).toBe(121);
    expect(job.progress.totalBytes).toBe(new TextEncoder().encode(rows.join('\n')).length);
    // 1 + 2 + … + 12 = 78 for each year
    const year = await get<Series>(
      '/api/cities/620700/series?measure=housing.sales-area&unit=620723&from=2015&to=2015&grain=year',
    );
    expect(year.body.points.map((p: { value: string }) => p.value)).toEqual(['78']);
    const unknown = await get('/api/imports/5f0c6f1e-0000-4000-8000-000000000000');
    expect([unknown.status, unknown.body.detail]).toEqual([
      404,
      '没有编号为 5f0c6f1e-0000-4000-8000-000000000000 的导入任务（任务只在服务运行期间保留）',
    ]);
    expect((await get('/api/imports/not-a-uuid')).status).toBe(400);
  });
});
