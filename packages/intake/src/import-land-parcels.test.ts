// Land-parcel files: a good CSV / XLSX becomes one revision of parcels with units resolved by code, name or alias;
// an unknown unit or a repeated parcel id is refused with located errors and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessIdleLand, type IdleLandRule } from '@anju/core';
import { listLandParcels, listRevisions, type Store } from '@anju/store';
import { openTestStore } from '../../store/src/testing/index.js';
import { importLandParcels, landParcelRecord, unitResolverFor } from './import-land-parcels.js';
import { csvText, loadFixtureCities, makeTempDir, writeXlsx, type TempDir } from './testing/fixtures.js';

const HEADER = ['宗地编号', '单元', '用途', '面积（公顷）', '出让价款（万元）', '约定开工日期', '实际开工日期'];
const NOW = new Date(Date.UTC(2026, 0, 5, 9, 0, 0));
const opts = { cityCode: '620700', createdBy: 'analyst-wang', reason: '2025年供地台账', now: NOW };
const RULE: IdleLandRule = {
  feeRate: 0.2,
  feeAfterYears: 1,
  reclaimAfterYears: 2,
  source: { seed: '000', section: '九（二）' },
};

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

describe('importLandParcels', () => {
  it('imports a CSV as one published revision, resolving units by name, alias and code', async () => {
    const path = await tmp.write(
      '供地台账.csv',
      csvText([
        HEADER,
        ['ZD-2024-01', '甘州区', '住宅', '2.5', '5000', '2024-03-10', ''],
        ['ZD-2023-07', '肃南县', '商住', '1.2345', '1,800.5', '2023/3/10', '2023年5月1日'],
        ['ZD-2025-02', '620722', '住宅用地', '0.8', '960', '2025-06-30', ''],
      ]),
    );
    const dry = await importLandParcels(store, path, { ...opts, dryRun: true });
    expect(dry.ok).toBe(true);
    expect(dry.revisionId).toBeUndefined();
    expect(dry.diff).toEqual({ added: 3, changed: 0, unchanged: 0, notInFile: 0 });
    expect(await listRevisions(store, '620700')).toEqual([]);

    const r = await importLandParcels(store, path, { ...opts, publish: true });
    expect(r.errors).toEqual([]);
    expect(r.published).toBe(true);
    const revisions = await listRevisions(store, '620700');
    expect(revisions.map((x) => [x.revisionId, x.kind, x.status, x.reason, x.rowCount, x.sourceFile])).toEqual([
      [r.revisionId, 'import', 'published', '2025年供地台账', 3, '供地台账.csv'],
    ]);
    const stored = await listLandParcels(store, '620700');
    // 2.5 ha = 25000 ㎡; 1.2345 ha = 12345 ㎡; 0.8 ha = 8000 ㎡; rows are the file's rows (header is row 1).
    expect(
      stored.map((p) => [
        p.parcelId,
        p.unitCode,
        p.landUse,
        p.areaSqm,
        p.priceWanYuan,
        p.contractStart,
        p.actualStart,
        p.sourceRow,
      ]),
    ).toEqual([
      ['ZD-2024-01', '620702', 'residential', '25000', '5000', '2024-03-10', null, 2],
      ['ZD-2023-07', '620721', 'mixed', '12345', '1800.5', '2023-03-10', '2023-05-01', 3],
      ['ZD-2025-02', '620722', 'residential', '8000', '960', '2025-06-30', null, 4],
    ]);

    // Through the store: exactly one year after the agreed start (2024-03-10 → 2025-03-10) the fee is due,
    // 20 % × 5000 = 1000 万元; the day before it is still 'overdue'.
    const record = landParcelRecord(stored[0]!)!;
    expect(record).toEqual({
      id: 'ZD-2024-01',
      unitCode: '620702',
      use: 'residential',
      areaHa: '2.5',
      priceWanYuan: '5000',
      agreedStartDate: '2024-03-10',
    });
    expect(assessIdleLand(record, '2025-03-10', RULE)).toMatchObject({ status: 'idle-fee', idleFeeWanYuan: '1000' });
    expect(assessIdleLand(record, '2025-03-09', RULE)).toMatchObject({ status: 'overdue', idleFeeWanYuan: '0' });

    // The same file again: nothing new.
    const again = await importLandParcels(store, path, { ...opts, dryRun: true });
    expect(again.diff).toEqual({ added: 0, changed: 0, unchanged: 3, notInFile: 0 });
  });

  it('refuses an unknown unit and a repeated parcel id, naming file, row and column; nothing is written', async () => {
    const before = await listRevisions(store, '620700');
    const path = await tmp.write(
      '错误台账.csv',
      csvText([
        HEADER,
        ['ZD-X1', '甘州区', '住宅', '1', '100', '2024-01-01', ''],
        ['ZD-X2', '临泽县', '住宅', '1', '100', '2024-01-01', ''],
        ['ZD-X1', '民乐县', '住宅', '1', '100', '2024-01-01', ''],
      ]),
    );
    const r = await importLandParcels(store, path, opts);
    expect(r.ok).toBe(false);
    expect(r.parcels).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.file, e.row, e.column, e.header])).toEqual([
      ['unknown-unit', '错误台账.csv', 3, 'B', '单元'],
      ['duplicate-parcel', '错误台账.csv', 4, 'A', '宗地编号'],
    ]);
    // 临泽县 exists in the real Zhangye list but not in this city's fixture units.
    expect(r.errors[0]!.messageZh).toBe('无法识别的单元“临泽县”：城市 620700 没有此代码、名称或别名的单元');
    expect(r.errors[1]!.messageZh).toBe('宗地编号 ZD-X1 重复（首次出现在第 2 行）');
    expect(await listRevisions(store, '620700')).toEqual(before);
  });

  it('reads an XLSX sheet and names the sheet in its errors; a draft stays out of the current view', async () => {
    const path = await writeXlsx(tmp.path('parcels.xlsx'), [
      { name: '说明', rows: [['合成示例']] },
      {
        name: '供地台账',
        rows: [
          HEADER,
          ['ZD-2024-01', 'Ganzhou', '住宅', 2.5, 5000, new Date(Date.UTC(2024, 2, 10)), new Date(Date.UTC(2025, 0, 2))],
        ],
      },
      { name: '错误', rows: [HEADER, ['ZD-9', '金水区', '住宅', 1, 100, '2024-01-01', '']] },
    ]);
    const bad = await importLandParcels(store, path, { ...opts, sheet: '错误' });
    expect(bad.errors.map((e) => [e.code, e.sheet, e.row, e.column])).toEqual([['unknown-unit', '错误', 2, 'B']]);

    const r = await importLandParcels(store, path, { ...opts, sheet: '供地台账', reason: '开工更正' });
    expect(r.ok).toBe(true);
    expect(r.diff).toEqual({ added: 0, changed: 1, unchanged: 0, notInFile: 2 });
    expect(r.published).toBe(false);
    const draft = await listLandParcels(store, '620700', { revisionId: r.revisionId! });
    expect(draft.map((p) => [p.parcelId, p.actualStart])).toEqual([['ZD-2024-01', '2025-01-02']]);
    expect((await listLandParcels(store, '620700')).find((p) => p.parcelId === 'ZD-2024-01')?.actualStart).toBeNull();
  });

  it('refuses a city without units, and resolves units of the city only', async () => {
    const path = await tmp.write('p.csv', csvText([HEADER, ['ZD-1', '甘州区', '住宅', '1', '1', '2024-01-01', '']]));
    const r = await importLandParcels(store, path, { ...opts, cityCode: '999999' });
    expect(r.errors.map((e) => e.messageEn)).toEqual([
      'city 999999 has no units yet: run anju init --city 999999 first',
    ]);
    const resolve = await unitResolverFor(store, '410100');
    expect([resolve?.('金水区'), resolve?.('甘州区'), resolve?.('410102')]).toEqual(['410105', undefined, '410102']);
  });

  it('refuses the whole file when a district editor states a unit outside the district', async () => {
    const before = await listRevisions(store, '620700');
    const path = await tmp.write(
      'scope.csv',
      csvText([
        HEADER,
        ['ZD-S1', '甘州区', '住宅', '1', '1', '2024-01-01', ''],
        ['ZD-S2', '民乐县', '住宅', '1', '1', '2024-01-01', ''],
      ]),
    );
    await expect(
      importLandParcels(store, path, { ...opts, scope: { districtCode: '620702' }, publish: true }),
    ).rejects.toMatchObject({ code: 'out-of-scope' });
    expect(await listRevisions(store, '620700')).toEqual(before);
  });
});
