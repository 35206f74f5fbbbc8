// Parcel files read with the shared readers: CSV (GB18030 too) and XLSX (real dates), errors located by row and column.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLandParcels } from './read-land-parcels.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-parcels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER = '宗地编号,单元,用途,面积（公顷）,出让价款（万元）,约定开工日期,实际开工日期';

describe('readLandParcels', () => {
  it('reads a CSV into parcels, resolving unit names', async () => {
    const f = join(dir, 'parcels.csv');
    await writeFile(
      f,
      [HEADER, 'ZD-1,甘州区,住宅,2.5,5000,2024-03-10,', 'ZD-2,620723,住宅,1,800,2024-06-01,2024-05-20'].join('\n'),
    );
    const r = await readLandParcels(f, { resolveUnit: (l) => (l === '甘州区' ? '620702' : l) });
    expect(r.ok).toBe(true);
    expect(r.parcels.map((p) => [p.id, p.unitCode, p.priceWanYuan, p.actualStartDate ?? null])).toEqual([
      ['ZD-1', '620702', '5000', null],
      ['ZD-2', '620723', '800', '2024-05-20'],
    ]);
  });

  it('reads XLSX date cells and locates a bad cell by sheet, row and column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('供地台账');
    ws.addRow(HEADER.split(','));
    ws.addRow(['ZD-1', '620702', '住宅', 2.5, 5000, new Date(Date.UTC(2024, 2, 10)), null]);
    ws.addRow(['ZD-2', '620702', '住宅', 'two', 800, '2024-13-01', null]);
    const f = join(dir, 'parcels.xlsx');
    await wb.xlsx.writeFile(f);
    const r = await readLandParcels(f);
    expect(r.ok).toBe(false);
    expect(r.parcels).toEqual([]);
    expect(r.errors.map((e) => [e.sheet, e.row, e.column, e.code])).toEqual([
      ['供地台账', 3, 'D', 'not-a-number'],
      ['供地台账', 3, 'F', 'bad-date'],
    ]);
    // Without the bad row, the XLSX date reads as 2024-03-10.
    ws.spliceRows(3, 1);
    await wb.xlsx.writeFile(f);
    const ok = await readLandParcels(f);
    expect(ok.parcels.map((p) => [p.id, p.areaHa, p.agreedStartDate])).toEqual([['ZD-1', '2.5', '2024-03-10']]);
  });

  it('refuses other file types and empty files with one located error', async () => {
    expect((await readLandParcels(join(dir, 'x.txt'))).errors[0]?.messageEn).toBe(
      'unsupported file type ".txt": expected .csv or .xlsx',
    );
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, '');
    expect((await readLandParcels(empty)).errors[0]?.messageZh).toBe('文件为空');
  });
});
