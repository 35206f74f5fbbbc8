// Presale-project files: a good CSV and XLSX become one revision each; malformed files are refused with located
// errors and leave the store as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPresaleProjects, listRevisions, type Store } from '@anju/store';
import { openTestStore } from '../../store/src/testing/index.js';
import { importPresaleProjects } from './import-presale-projects.js';
import { csvText, loadFixtureCities, makeTempDir, writeXlsx, type TempDir } from './testing/fixtures.js';

const HEADER = [
  '项目编号',
  '区县',
  '物业类型',
  '预售许可日期',
  '批准预售面积（㎡）',
  '批准预售套数',
  '已售面积（㎡）',
  '已售套数',
  '项目状态',
];
const NOW = new Date(Date.UTC(2026, 0, 5, 9, 0, 0));
const opts = { cityCode: '620700', createdBy: 'analyst-li', reason: '2025年12月预售台账', now: NOW };

let store: Store;
let tmp: TempDir;

beforeAll(async () => {
  store = await openTestStore();
  await loadFixtureCities(store);
  tmp = await makeTempDir();
});

afterAll(async () => {
  await store?.close();
  await tmp?.remove();
});

describe('importPresaleProjects', () => {
  it('imports a CSV as one published revision of projects', async () => {
    const path = await tmp.write(
      '预售台账.csv',
      csvText([
        HEADER,
        ['GZ-2024-001', '甘州区', '住宅', '2024/3/15', '52,000.50', '420', '12000.25', '96', '在建'],
        ['GZ-2019-007', '620702', '商业', '2019年5月20日', '8000', '60', '6500', '41', '已竣工'],
        ['SN-2025-002', '肃南县', '住宅', '', '30000', '240', '0', '0', '停工'],
      ]),
    );
    const r = await importPresaleProjects(store, path, { ...opts, publish: true });
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.published).toBe(true);
    const stored = await listPresaleProjects(store, '620700');
    expect(
      stored.map((p) => [
        p.projectId,
        p.unitCode,
        p.propertyType,
        p.approvalDate,
        p.approvedAreaSqm,
        p.soldUnits,
        p.status,
        p.sourceRow,
        p.revisionId,
      ]),
    ).toEqual([
      ['GZ-2019-007', '620702', 'commercial', '2019-05-20', '8000', 41, 'completed', 3, r.revisionId],
      ['GZ-2024-001', '620702', 'residential', '2024-03-15', '52000.5', 96, 'under-construction', 2, r.revisionId],
      ['SN-2025-002', '620721', 'residential', null, '30000', 0, 'stalled', 4, r.revisionId],
    ]);
    const rev = (await listRevisions(store, '620700')).find((x) => x.revisionId === r.revisionId)!;
    expect([rev.kind, rev.status, rev.createdBy, rev.reason, rev.sourceFile, rev.rowCount]).toEqual([
      'import',
      'published',
      'analyst-li',
      '2025年12月预售台账',
      '预售台账.csv',
      3,
    ]);
    expect(rev.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads an XLSX with real date cells and numbers, as a draft that does not change the current view', async () => {
    const path = await writeXlsx(tmp.path('预售台账.xlsx'), [
      {
        name: '项目',
        rows: [
          HEADER,
          ['GZ-2024-001', '甘州区', '住宅', new Date(Date.UTC(2024, 2, 15)), 52000.5, 420, 20000.75, 160, '已竣工'],
          ['ML-2020-003', '民乐县', '住宅', new Date(Date.UTC(2020, 1, 29)), 9000, 80, 1000, 8, '在建'],
        ],
      },
    ]);
    const r = await importPresaleProjects(store, path, opts);
    expect(r.ok).toBe(true);
    expect(r.sheet).toBe('项目');
    expect(r.projects.map((p) => [p.projectId, p.approvalDate, p.approvedAreaSqm, p.soldAreaSqm])).toEqual([
      ['GZ-2024-001', '2024-03-15', '52000.5', '20000.75'],
      ['ML-2020-003', '2020-02-29', '9000', '1000'],
    ]);
    const draft = await listPresaleProjects(store, '620700', { revisionId: r.revisionId! });
    expect(draft.map((p) => p.projectId)).toEqual(['GZ-2024-001', 'ML-2020-003']);
    // Still the published rows of the CSV.
    expect((await listPresaleProjects(store, '620700')).map((p) => [p.projectId, p.status])).toEqual([
      ['GZ-2019-007', 'completed'],
      ['GZ-2024-001', 'under-construction'],
      ['SN-2025-002', 'stalled'],
    ]);
  });

  it('refuses a malformed file with each error located, writing nothing', async () => {
    const revisionsBefore = await listRevisions(store, '620700');
    const path = await tmp.write(
      '预售台账-有错.csv',
      csvText([
        HEADER,
        ['GZ-1', '甘州区', '住宅', '2024-02-30', '1000', '10', '200', '2', '在建'],
        ['GZ-2', '火星区', '住宅', '2024-01-01', '1000', '10', '1200', '2', '在建'],
        ['GZ-3', '民乐县', '住宅', '2024-01-01', '1000', '10.5', '0', '0', '拆除'],
      ]),
    );
    const r = await importPresaleProjects(store, path, { ...opts, publish: true });
    expect(r.ok).toBe(false);
    expect(r.revisionId).toBeUndefined();
    expect(r.errors.map((e) => [e.file, e.row, e.column, e.header, e.code])).toEqual([
      ['预售台账-有错.csv', 2, 'D', '预售许可日期', 'bad-date'],
      ['预售台账-有错.csv', 3, 'B', '单元', 'unknown-unit'],
      ['预售台账-有错.csv', 4, 'F', '批准预售套数', 'not-whole'],
      ['预售台账-有错.csv', 4, 'I', '项目状态', 'unknown-status'],
    ]);
    expect(r.errors[1]!.messageZh).toBe('未知的单元“火星区”，应为本市的区县/片区名称或代码');
    expect(await listRevisions(store, '620700')).toEqual(revisionsBefore);

    const noColumn = await tmp.write(
      '缺列.csv',
      csvText([
        ['项目编号', '区县'],
        ['GZ-1', '甘州区'],
      ]),
    );
    const n = await importPresaleProjects(store, noColumn, opts);
    expect(n.errors.map((e) => [e.row, e.code])).toEqual(Array.from({ length: 7 }, () => [1, 'header-missing-field']));
    const wrongType = await importPresaleProjects(store, tmp.path('x.txt'), opts);
    expect(wrongType.errors[0]!.messageZh).toBe('不支持的文件类型“.txt”，应为 .csv 或 .xlsx');
    expect(await listRevisions(store, '620700')).toEqual(revisionsBefore);
  });
});
