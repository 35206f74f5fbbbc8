// `anju report` end to end on the demo data: 003's annual 2025 evaluation of Zhangye as XLSX (read back) and HTML,
// and every report kind as a PDF drawn without a browser (ANJU_CHROMIUM=none), read back with pdftotext.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pdfInfo, pdfText, pdfTextCompact } from '../../../api/src/testing/pdf-text.js';
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

  it.each([
    ['monthly', '2025-12', '张掖市房地产市场月度统计报告（2025年12月）'],
    ['quarterly', '2025Q4', '张掖市房地产市场季度分析报告（2025年第四季度）'],
    ['annual', '2025', '张掖市房地产市场年度评估报告（2025年）'],
  ])(
    '%s --out .pdf without a browser (ANJU_CHROMIUM=none): a PDF whose text is the report',
    async (kind, period, title) => {
      vi.stubEnv('ANJU_CHROMIUM', 'none');
      try {
        const out = join(dir, `${kind}.pdf`);
        const r = await anju('report', kind, '--city', '620700', '--period', period, '--out', out);
        expect(r.code).toBe(0);
        expect(r.err).toBe('');
        expect(r.out).toContain(`：${title}，5 张表`);
        expect(r.out).toContain('PDF 由内置渲染器生成（未使用浏览器）');
        const pdf = await readFile(out);
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(pdfInfo(pdf)['Producer']).toBe('Anju built-in PDF renderer (PDFKit)');
        const text = pdfTextCompact(pdf);
        expect(text).toContain(title);
        for (const heading of [
          '一、主要指标',
          '二、去化周期（按面积）',
          '四、价格变动（同比）',
          '五、预警（新发、持续与解除）',
        ]) {
          expect(text).toContain(heading);
        }
        expect(text).toContain('住宅销售面积');
        expect(text).toContain('第1页/共');
      } finally {
        vi.unstubAllEnvs();
      }
    },
  );

  it('annual --out .pdf: the cycles of every county and the charts, as text in the PDF', async () => {
    vi.stubEnv('ANJU_CHROMIUM', 'none');
    try {
      const out = join(dir, 'annual-charts.pdf');
      expect((await anju('report', 'annual', '--city', '620700', '--period', '2025', '--out', out)).code).toBe(0);
      const pdf = await readFile(out);
      expect(pdfText(pdf, { layout: true })).toMatch(/张掖市\s+住宅\s+28\.5\s+20\s+偏长（从严控制供地）\s+高于区间/);
      const text = pdfTextCompact(pdf);
      for (const county of ['甘州区', '临泽县', '高台县', '山丹县', '民乐县']) expect(text).toContain(county);
      expect(text).toContain('张掖市住宅去化周期（月）');
    } finally {
      vi.unstubAllEnvs();
    }
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
