// Formula injection in written workbooks: text cells are neutralised, numbers and machine sheets are not, and Anju's
// own plan workbook reads back the text it was given.
import ExcelJS from 'exceljs';
import { parsePlanDocument } from '@anju/core';
import { readBundledPlan } from '@anju/samples';
import { describe, expect, it } from 'vitest';
import { readPlanIndicatorsXlsx, writePlanIndicatorsXlsx } from './plan-indicators-xlsx.js';
import { neutraliseWorkbookText, restoreNeutralisedText } from './spreadsheet-safety.js';

describe('neutraliseWorkbookText', () => {
  it('prefixes formula-like text, leaves numbers, plain text and excepted sheets', () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('表');
    ws.addRow(['=HYPERLINK("http://evil.example","x")', -3.5, '甘州区', '@SUM(1)', '-0.35']);
    wb.addWorksheet('meta').addRow(['-{"json":1}']);
    expect(neutraliseWorkbookText(wb, ['meta'])).toBe(2);
    expect(ws.getRow(1).values).toEqual([
      undefined,
      `'=HYPERLINK("http://evil.example","x")`,
      -3.5,
      '甘州区',
      "'@SUM(1)",
      '-0.35',
    ]);
    expect(wb.getWorksheet('meta')!.getRow(1).getCell(1).value).toBe('-{"json":1}');
  });

  it('restoreNeutralisedText takes off only the apostrophe it added', () => {
    expect(restoreNeutralisedText("'=1+2")).toBe('=1+2');
    expect(restoreNeutralisedText("'abc")).toBe("'abc");
    expect(restoreNeutralisedText('=1+2')).toBe('=1+2');
  });

  it('a plan indicator named like a formula is shown neutralised and reads back as named', async () => {
    const parsed = parsePlanDocument((await readBundledPlan('zhangye-15th'))!.data);
    if (!parsed.ok) throw new Error('zhangye-15th does not validate');
    const [first, ...rest] = parsed.plan.indicators;
    const plan = { ...parsed.plan, indicators: [{ ...first!, nameZh: '=HYPERLINK("http://evil.example")' }, ...rest] };
    const bytes = await writePlanIndicatorsXlsx(plan);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.getWorksheet('指标体系')!.getRow(4).getCell(2).value).toBe(`'=HYPERLINK("http://evil.example")`);
    const back = await readPlanIndicatorsXlsx(bytes);
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.plan).toEqual(plan);
  });
});
