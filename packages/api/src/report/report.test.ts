// The periodic market report on the bundled sample data (Zhangye, 003): the model's values are the market routes'
// values with the revisions they came from; the XLSX is read back with exceljs; the HTML page carries the tables and
// server-rendered SVG charts; Chromium prints it to PDF (the built-in renderer: pdf/pdf-export.test.ts); and the
// report route serves all three.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel } from '@anju/core';
import { listRevisions, type Store } from '@anju/store';
import { createApp } from '../app.js';
import { pdfInfo, pdfTextCompact } from '../testing/pdf-text.js';
import { AT, openSampleStore } from '../testing/sample-store.js';
import { buildCityReport, renderReportHtml, renderReportPdf, renderReportXlsx } from './index.js';

let store: Store;
let app: ReturnType<typeof createApp>;
let model: ReportModel;

beforeAll(async () => {
  store = await openSampleStore({ cities: ['620700'] });
  app = createApp({ store, now: () => AT, user: 'tester' });
  model = await buildCityReport(store, '620700', 'annual', '2025', { now: AT });
}, 300_000);

afterAll(async () => {
  await store?.close();
});

async function json<T>(url: string): Promise<T> {
  const res = await app.request(url);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

const tableOf = (id: string) => model.tables.find((t) => t.id === id)!;

describe('the annual 2025 report model of 张掖', () => {
  it('prints the same cycles as GET …/market/cycles, with the printed values and their revisions', async () => {
    const body = await json<{
      cycles: { unitCode: string; propertyType: string; display: string; printed: string | null; classZh: string }[];
    }>('/api/cities/620700/market/cycles?grain=year&period=2025&basis=area&unit=620700');
    const rows = tableOf('cycles').rows.filter((r) => r.cells['unit'] === '张掖市');
    expect(rows.map((r) => [r.cells['type'], r.cells['computed'], r.cells['printed'], r.cells['class']])).toEqual(
      body.cycles
        .filter((c) => c.propertyType !== 'non-residential')
        .map((c) => [c.propertyType === '' ? '商品房' : '住宅', c.display, c.printed ?? '—', c.classZh]),
    );
    expect(rows.map((r) => [r.cells['computed'], r.cells['printed'], r.cells['class']])).toEqual([
      ['56.5', '—', '过长（暂停供地）'],
      ['28.5', '20', '偏长（从严控制供地）'],
    ]);
    // the counties print cycles without the sales they rest on: shown, classified as printed, never computed
    const counties = tableOf('cycles').rows.filter((r) => r.cells['unit'] !== '张掖市');
    expect(counties.map((r) => [r.cells['unit'], r.cells['computed'], r.cells['printed']])).toEqual([
      ['甘州区', '无数据', '19'],
      ['临泽县', '无数据', '13'],
      ['高台县', '无数据', '13'],
      ['山丹县', '无数据', '24'],
      ['民乐县', '无数据', '24'],
    ]);
    expect(counties.map((r) => r.cells['class'])).toEqual([
      '偏长（从严控制供地）（按公布值）',
      '合理区间（按公布值）',
      '合理区间（按公布值）',
      '偏长（从严控制供地）（按公布值）',
      '偏长（从严控制供地）（按公布值）',
    ]);
  });

  it('prints the same price changes and warnings as the market routes', async () => {
    const prices = await json<{ prices: { unitCode: string; kind: string; change: string | null; status: string }[] }>(
      '/api/cities/620700/market/prices?grain=year&period=2025',
    );
    const shown = prices.prices.filter((p) => p.status !== 'no-data');
    expect(shown.map((p) => [p.kind, p.change, p.status])).toEqual([['new-home', expect.any(String), 'within-cap']]);
    expect(
      tableOf('prices').rows.map((r) => [r.cells['unit'], r.cells['yoy'], r.cells['cap'], r.cells['status']]),
    ).toEqual([['张掖市', '1.84%', '4.00%', '未超过上限']]);
    expect((Number(shown[0]!.change) * 100).toFixed(2)).toBe('1.84');

    const warnings = await json<{
      warnings: { ruleZh: string; state: string; valueDisplay: string; since: string | null }[];
    }>('/api/cities/620700/market/warnings?grain=year&period=2025');
    const rows = tableOf('warnings').rows;
    expect(rows.map((r) => [r.cells['rule'], r.cells['value'], r.cells['since']])).toEqual(
      warnings.warnings.map((w) => [w.ruleZh, w.valueDisplay, w.since ?? '—']),
    );
    expect(rows.map((r) => [r.cells['state'], r.cells['level'], r.cells['value'], r.cells['threshold']])).toEqual([
      ['持续', '黄色', '28.5', '12—18 外'],
      ['解除', '—', '1.84%', '—'],
    ]);
  });

  it('lists the published revisions each table was built from', async () => {
    const revisions = await listRevisions(store, '620700');
    const published = new Set(revisions.filter((r) => r.status === 'published').map((r) => r.revisionId));
    expect(model.revisionIds.length).toBeGreaterThan(0);
    expect(model.revisionIds.every((id) => published.has(id))).toBe(true);
    // 003's city table carries the city's sales, inventory and printed cycles; the county table the counties' cycles
    const city = tableOf('cycles').rows.find((r) => r.cells['unit'] === '张掖市' && r.cells['type'] === '住宅')!;
    const county = tableOf('cycles').rows.find((r) => r.cells['unit'] === '甘州区')!;
    expect(city.revisionIds).toHaveLength(1);
    expect(county.revisionIds).toHaveLength(1);
    expect(county.revisionIds).not.toEqual(city.revisionIds);
    expect(tableOf('cycles').revisionIds).toEqual([...new Set([...city.revisionIds, ...county.revisionIds])].sort());
    expect(model.revisionIds).toEqual(tableOf('cycles').revisionIds);
  });
});

describe('renderers', () => {
  it('writes an XLSX with a sheet per table, Chinese headers and a 来源 column', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(await renderReportXlsx(model)).buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '说明',
      '主要指标',
      '去化周期（按面积）',
      '库存结构（按批准预售年限，可售面积㎡）',
      '价格变动（同比）',
      '预警（新发、持续与解除）',
    ]);
    const cycles = wb.getWorksheet('去化周期（按面积）')!;
    expect(cycles.getRow(1).values).toEqual([
      undefined,
      '单元',
      '类型',
      '计算值（月）',
      '公布值（月）',
      '分类',
      '合理区间',
      '销售窗口',
      '来源',
    ]);
    const city = tableOf('cycles').rows[1]!;
    expect(cycles.getRow(3).values).toEqual([
      undefined,
      '张掖市',
      '住宅',
      28.5,
      20,
      '偏长（从严控制供地）',
      '高于区间',
      '12 个月',
      `修订 ${city.revisionIds.join('、')}`,
    ]);
    expect(wb.getWorksheet('主要指标')!.getCell('B2').value).toBe(62.4);
    expect(wb.getWorksheet('说明')!.getCell('B1').value).toBe('张掖市房地产市场年度评估报告（2025年）');
  });

  it('renders a Chinese HTML page with the tables and server-side SVG charts', () => {
    const html = renderReportHtml(model);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h1>张掖市房地产市场年度评估报告（2025年）</h1>');
    expect(html.match(/<table>/g)).toHaveLength(4); // the empty inventory-age table is a note only
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('<td class="right">28.5</td><td class="right">20</td>');
    expect(html).toContain('@page { size: A4;');
    expect(html).not.toContain('<script');
  });

  it('prints the page to a PDF with Chromium when the browser is installed', async () => {
    const pdf = await renderReportPdf(model);
    expect(pdf.renderer).toBe('chromium');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = pdfInfo(pdf.bytes);
    expect(info['Creator']).toContain('HeadlessChrome');
    expect(info['Title']).toBe(model.titleZh);
    expect(pdfTextCompact(pdf.bytes)).toContain(model.titleZh);
  }, 120_000);
});

describe('GET /api/cities/{city}/reports/{kind}', () => {
  it('serves the XLSX and the HTML with their names and revisions', async () => {
    const x = await app.request('/api/cities/620700/reports/annual?period=2025&format=xlsx');
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(x.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(x.headers.get('x-anju-revisions')).toBe(model.revisionIds.join(','));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    expect(wb.getWorksheet('去化周期（按面积）')!.getCell('C3').value).toBe(28.5);

    const h = await app.request('/api/cities/620700/reports/annual?period=2025');
    expect(h.status).toBe(200);
    expect(h.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await h.text()).toContain('<svg ');
  });

  it('refuses a period of the wrong grain, an unknown kind and an unknown city', async () => {
    const wrong = await app.request('/api/cities/620700/reports/monthly?period=2025');
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { detail: string }).detail).toContain('2025-12');
    expect((await app.request('/api/cities/620700/reports/weekly?period=2025')).status).toBe(400);
    expect((await app.request('/api/cities/999999/reports/annual?period=2025')).status).toBe(404);
  });
});
