// The 003 第六章 workbook read back with exceljs: layout (title, two header rows, 合计 row) and the printed numbers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAN_WORKBOOK_SHEETS, writeZhangyePlanWorkbook, zhangyePlanWorkbookBuffer } from './plan-workbook.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function readBack(lang: 'zh' | 'en'): Promise<ExcelJS.Workbook> {
  const dir = await mkdtemp(join(tmpdir(), 'anju-plan-xlsx-'));
  dirs.push(dir);
  const file = join(dir, 'plan.xlsx');
  await writeZhangyePlanWorkbook(file, { lang, minAffordableShare: '0.2' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** A row's cell values with formulas replaced by their cached results. */
function rowValues(ws: ExcelJS.Worksheet, row: number, cols: number): unknown[] {
  return Array.from({ length: cols }, (_, i) => {
    const v = ws.getCell(row, i + 1).value;
    return v !== null && typeof v === 'object' && 'formula' in v ? v.result : v;
  });
}

describe('003 第六章 plan workbook', () => {
  it('building plan: title, merged two-row header, five years and a 合计 row of SUM formulas', async () => {
    const wb = await readBack('zh');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['住房年度建设计划', '土地供应年度计划']);
    const ws = wb.getWorksheet(PLAN_WORKBOOK_SHEETS.zh.building)!;
    expect(ws.getCell('A1').value).toBe('张掖市住房年度建设计划（2026—2030年）');
    expect(ws.getCell('I1').isMerged).toBe(true);
    // Group header row: 年份 merged down over two rows; each group merged across its two columns.
    expect(rowValues(ws, 2, 9)).toEqual([
      '年份',
      '新建商品住房',
      '新建商品住房',
      '保障性住房',
      '保障性住房',
      '城市危旧房改造',
      '城市危旧房改造',
      '城镇老旧小区改造',
      '城镇老旧小区改造',
    ]);
    expect(ws.getCell('A3').master.address).toBe('A2');
    expect(ws.getCell('C2').master.address).toBe('B2');
    expect(rowValues(ws, 3, 9).slice(1)).toEqual([
      '套数（套）',
      '面积（万平方米）',
      '套数（套）',
      '面积（万平方米）',
      '套数（套）',
      '面积（万平方米）',
      '小区（个）',
      '住房（套）',
    ]);
    expect(rowValues(ws, 4, 9)).toEqual([2026, 3400, 40.8, 1043, 7.3, 330, 2.23, 9, 3234]);
    expect(rowValues(ws, 8, 9)).toEqual([2030, 3250, 39, 400, 2.8, 827, 9.9, 33, 7794]);
    expect(ws.getColumn(2).values.slice(4, 9)).toEqual([3400, 3350, 3320, 3280, 3250]);
    // 3400 + 3350 + 3320 + 3280 + 3250 = 16600; 40.8 + … + 39 = 199.2; 3646 套 / 25.52 万㎡; 3829 / 42.81; 164 / 42938.
    expect(ws.getCell('A9').value).toBe('合计');
    expect(ws.getCell('B9').value).toEqual({ formula: 'SUM(B4:B8)', result: 16600 });
    expect(rowValues(ws, 9, 9)).toEqual(['合计', 16600, 199.2, 3646, 25.52, 3829, 42.81, 164, 42938]);
    expect(ws.getCell('C9').numFmt).toBe('0.00');
    // The sums equal the printed totals, so no mismatch note, only the source.
    expect(String(ws.getCell('A11').value)).toMatch(/^资料来源/);
    expect(ws.getCell('A12').value).toBeNull();
  });

  it('land plan: 90.55 + 8.51 = 99.06 ha with the ≥ 20 % check failing every year', async () => {
    const wb = await readBack('zh');
    const ws = wb.getWorksheet(PLAN_WORKBOOK_SHEETS.zh.land)!;
    expect(ws.getCell('A1').value).toBe('张掖市住房用地供应年度计划（2026—2030年）');
    expect(rowValues(ws, 2, 6)).toEqual([
      '年份',
      '住房用地供应（公顷）',
      '住房用地供应（公顷）',
      '住房用地供应（公顷）',
      '保障性住房用地占比校核（第七章）',
      '保障性住房用地占比校核（第七章）',
    ]);
    expect(rowValues(ws, 3, 6).slice(1)).toEqual(['商品住房', '保障性住房', '合计', '占比', '不低于20%']);
    const col = (c: number) => [4, 5, 6, 7, 8].map((r) => rowValues(ws, r, 6)[c - 1]);
    expect(col(2)).toEqual([18.55, 18.27, 18.11, 17.89, 17.73]);
    expect(col(3)).toEqual([2.2, 2.45, 1.46, 1.45, 0.95]);
    // 18.55 + 2.2 = 20.75; … 17.73 + 0.95 = 18.68
    expect(col(4)).toEqual([20.75, 20.72, 19.57, 19.34, 18.68]);
    expect(rowValues(ws, 9, 4)).toEqual(['合计', 90.55, 8.51, 99.06]);
    // 2026: 2.2 ÷ 20.75 = 0.10602…; five years: 8.51 ÷ 99.06 = 0.085907…
    const share2026 = ws.getCell('E4').value as { formula: string; result: number };
    expect(share2026.formula).toBe('IF(D4=0,"",C4/D4)');
    expect(share2026.result).toBeCloseTo(0.106024, 6);
    expect((ws.getCell('E9').value as { result: number }).result).toBeCloseTo(0.085908, 6);
    expect(ws.getCell('E4').numFmt).toBe('0.0%');
    expect(col(6)).toEqual(['否', '否', '否', '否', '否']);
    expect(ws.getCell('F9').value).toBe('否');
    expect(String(ws.getCell('A11').value)).toContain('不低于 20%');
  });

  it('writes English headers and the same numbers to a buffer', async () => {
    const bytes = await zhangyePlanWorkbookBuffer({ lang: 'en', minAffordableShare: '0.1' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const building = wb.getWorksheet('Annual building plan')!;
    expect(building.getCell('A9').value).toBe('Total');
    expect(rowValues(building, 9, 3)).toEqual(['Total', 16600, 199.2]);
    const land = wb.getWorksheet('Annual land plan')!;
    // With a 10 % minimum, 2026 (10.6 %) and 2027 (2.45 ÷ 20.72 = 11.8 %) pass; 2028 (7.5 %) does not.
    expect([4, 5, 6, 7, 8, 9].map((r) => land.getCell(r, 6).value)).toEqual(['yes', 'yes', 'no', 'no', 'no', 'no']);
  });
});
