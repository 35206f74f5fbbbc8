// `anju report` end to end on the demo data: 003's annual 2025 evaluation of Zhangye as XLSX (read back) and HTML.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju, type AnjuRun } from '../testing/run-anju.js';

let dir: string;

const anju = (...args: string[]): Promise<AnjuRun> => runAnju(join(dir, 'data'), ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-report-'));
  const demo = await anju('demo');
  if (demo.code !== 0) throw new Error(demo.err);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju report', () => {
  it('annual --out .xlsx: the cycles sheet carries 28.5 computed beside 20 printed, with its revision', async () => {
    const out = join(dir, '年度评估.xlsx');
    const r = await anju('report', 'annual', '--city', '620700', '--period', '2025', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /已写出 .*年度评估\.xlsx：张掖市房地产市场年度评估报告（2025年），5 张表 \d+ 行；数据来源 修订 \d+/,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const row = wb.getWorksheet('去化周期（按面积）')!.getRow(3).values as unknown[];
    expect(row.slice(1, 5)).toEqual(['张掖市', '住宅', 28.5, 20]);
    expect(String(row[8])).toMatch(/^修订 \d+$/);
  });

  it('annual --out .html: a printable page with the charts', async () => {
    const out = join(dir, 'report.html');
    const r = await anju('report', 'annual', '--city', '620700', '--period', '2025', '--out', out);
    expect(r.code).toBe(0);
    const html = await readFile(out, 'utf8');
    expect(html).toContain('张掖市房地产市场年度评估报告（2025年）');
    expect(html.match(/<svg /g)).toHaveLength(2);
  });

  it('refuses a period of the wrong grain and an unknown file type', async () => {
    const wrong = await anju('report', 'quarterly', '--city', '620700', '--period', '2025', '--out', 'x.xlsx');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toContain('--period 应为季度（如 2025Q4）');
    const ext = await anju('report', 'annual', '--city', '620700', '--period', '2025', '--out', 'x.docx');
    expect(ext.code).not.toBe(0);
    expect(ext.err).toContain('--out 应以 .xlsx、.pdf 或 .html 结尾');
  });
});
