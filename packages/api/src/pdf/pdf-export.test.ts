// Every PDF the API serves, on a machine without a browser (ANJU_CHROMIUM=none): the three market reports and the
// plan evaluation come out of the built-in renderer as valid PDFs whose text — read back by poppler's pdftotext —
// is the report's Chinese, with the font embedded as a subset with a ToUnicode map; a browser that fails to start
// falls back to the built-in renderer; and long tables break across pages with their header repeated.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '@anju/store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.js';
import { serve } from '../serve.js';
import { buildCityReport } from '../report/report-service.js';
import { renderReportPdf } from '../report/report-pdf.js';
import { pdfFonts, pdfInfo, pdfText, pdfTextCompact } from '../testing/pdf-text.js';
import { AT, openSampleStore } from '../testing/sample-store.js';
import { chromiumPath, hasCjkSystemFont } from './chromium.js';
import { BUILTIN_PRODUCER, PdfWriter } from './pdf-document.js';

let store: Store;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  vi.stubEnv('ANJU_CHROMIUM', 'none');
  store = await openSampleStore({ cities: ['620700'] });
  app = createApp({ store, now: () => AT, user: 'tester', logError: () => undefined });
}, 300_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await store?.close();
});

const compact = (s: string): string => s.replace(/\s+/g, '');

async function getPdf(url: string): Promise<Buffer> {
  const res = await app.request(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('x-anju-pdf-renderer')).toBe('builtin');
  const pdf = Buffer.from(await res.arrayBuffer());
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(Number(res.headers.get('content-length'))).toBe(pdf.length);
  return pdf;
}

function expectEmbeddedChineseFont(pdf: Buffer): void {
  const fonts = pdfFonts(pdf);
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) {
    expect(f.name).toMatch(/^[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/);
    expect(f).toMatchObject({ embedded: true, subset: true, unicode: true });
  }
}

describe('GET /api/cities/{city}/reports/{kind}?format=pdf with ANJU_CHROMIUM=none', () => {
  it.each([
    ['monthly', '2025-12', '张掖市房地产市场月度统计报告（2025年12月）'],
    ['quarterly', '2025Q4', '张掖市房地产市场季度分析报告（2025年第四季度）'],
    ['annual', '2025', '张掖市房地产市场年度评估报告（2025年）'],
  ] as const)('%s %s: the built-in renderer’s PDF reads back as the report', async (kind, period, title) => {
    const pdf = await getPdf(`/api/cities/620700/reports/${kind}?period=${period}&format=pdf`);
    const model = await buildCityReport(store, '620700', kind, period, { now: AT });
    expect(model.titleZh).toBe(title);

    const info = pdfInfo(pdf);
    expect(info['Producer']).toBe(BUILTIN_PRODUCER);
    expect(info['Title']).toBe(title);
    expectEmbeddedChineseFont(pdf);

    const text = pdfTextCompact(pdf);
    expect(text).toContain(title);
    for (const t of model.tables) {
      expect(text).toContain(compact(t.titleZh));
      expect(text).toContain(compact(t.noteZh));
      for (const c of t.columns) expect(text).toContain(compact(c.labelZh));
      for (const r of t.rows) for (const c of t.columns) expect(text).toContain(compact(r.cells[c.key] ?? ''));
    }
    expect(text).toMatch(/第1页\/共\d+页/);
  });

  it('draws the charts: the axis and legend text of both ECharts charts is in the PDF', async () => {
    const pdf = await getPdf('/api/cities/620700/reports/annual?period=2025&format=pdf');
    const text = pdfTextCompact(pdf);
    expect(text).toContain('张掖市住宅去化周期（月）');
    expect(text).toContain('各单元住宅去化周期（2025年，月）');
    expect(text).toContain('绿色带为合理区间12—18个月');
    expect(text).toContain('计算值');
    expect(text).toContain('公布值');
  });
});

describe('the running server with ANJU_CHROMIUM=none', () => {
  it('serves the annual report as a PDF over HTTP, drawn by the built-in renderer', async () => {
    const server = await serve({ store, port: 0, now: () => AT, logError: () => undefined });
    try {
      const res = await fetch(`${server.url}/api/cities/620700/reports/annual?period=2025&format=pdf`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-anju-pdf-renderer')).toBe('builtin');
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdfInfo(pdf)['Producer']).toBe(BUILTIN_PRODUCER);
      expect(pdfTextCompact(pdf)).toContain('张掖市房地产市场年度评估报告（2025年）');
    } finally {
      await server.close();
    }
  });
});

describe('the plan evaluation PDF with ANJU_CHROMIUM=none', () => {
  it('GET …/plans/zhangye-15th/evaluation?format=pdf: every indicator, its status and the method', async () => {
    const board = (await (await app.request('/api/cities/620700/plans/zhangye-15th/status?year=2025')).json()) as {
      rows: { nameZh: string; statusZh: string }[];
    };
    expect(board.rows.length).toBeGreaterThan(3);
    const pdf = await getPdf('/api/cities/620700/plans/zhangye-15th/evaluation?year=2025&format=pdf');
    expect(pdfInfo(pdf)['Producer']).toBe(BUILTIN_PRODUCER);
    expectEmbeddedChineseFont(pdf);
    const text = pdfTextCompact(pdf);
    expect(text).toContain('一、主要指标完成情况');
    expect(text).toContain('三、评估方法');
    expect(text).toContain('指标分类');
    for (const r of board.rows) {
      expect(text).toContain(compact(r.nameZh));
      expect(text).toContain(compact(r.statusZh));
    }
  });
});

describe('choosing the renderer', () => {
  it('ANJU_CHROMIUM=none or a missing path means no browser; an existing path is used', () => {
    expect(chromiumPath({ ANJU_CHROMIUM: 'none' })).toBeUndefined();
    expect(chromiumPath({ ANJU_CHROMIUM: '/no/such/chromium' })).toBeUndefined();
    expect(chromiumPath({ ANJU_CHROMIUM: process.execPath })).toBe(process.execPath);
  });

  it('a browser on a machine without Chinese fonts (fontconfig finds none) is passed over for the built-in renderer', async () => {
    const empty = join(await mkdtemp(join(tmpdir(), 'anju-fonts-')), 'fonts.conf');
    await writeFile(empty, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', 'utf8');
    vi.stubEnv('ANJU_CHROMIUM', process.execPath); // exists; never launched without a font
    vi.stubEnv('FONTCONFIG_FILE', empty);
    try {
      expect(hasCjkSystemFont()).toBe(false);
      const model = await buildCityReport(store, '620700', 'annual', '2025', { now: AT });
      const pdf = await renderReportPdf(model);
      expect(pdf).toMatchObject({ renderer: 'builtin', browserWithoutCjkFont: true });
      expect(pdfInfo(pdf.bytes)['Producer']).toBe(BUILTIN_PRODUCER);
      expect(pdfTextCompact(pdf.bytes)).toContain('张掖市住宅去化周期（月）');
    } finally {
      vi.unstubAllEnvs();
      vi.stubEnv('ANJU_CHROMIUM', 'none');
    }
  });

  it('a browser that fails to launch falls back to the built-in renderer instead of throwing', async () => {
    vi.stubEnv('ANJU_CHROMIUM', '/bin/false');
    try {
      const model = await buildCityReport(store, '620700', 'monthly', '2025-12', { now: AT });
      const pdf = await renderReportPdf(model);
      expect(pdf.renderer).toBe('builtin');
      expect(pdf.fallbackReason).toBeTruthy();
      expect(pdfInfo(pdf.bytes)['Producer']).toBe(BUILTIN_PRODUCER);
      expect(pdfTextCompact(pdf.bytes)).toContain(model.titleZh);
    } finally {
      vi.stubEnv('ANJU_CHROMIUM', 'none');
    }
  }, 60_000);
});

describe('PdfWriter tables', () => {
  it('break across A4 pages, repeat the header on each page and never lose or split a row', async () => {
    const w = new PdfWriter({ title: '分页测试', createdAt: AT });
    const rows = Array.from({ length: 150 }, (_, i) => [`第${i + 1}行单元`, String(i * 7), `修订 ${i + 1}`]);
    w.table(
      [
        { label: '单元名称', align: 'left' },
        { label: '数值（万㎡）', align: 'right', nowrap: true },
        { label: '来源', align: 'left', nowrap: true },
      ],
      rows,
    );
    const pdf = await w.finish();
    const pages = Number(pdfInfo(pdf)['Pages']);
    expect(pages).toBeGreaterThanOrEqual(3);
    const seen: string[] = [];
    for (let p = 1; p <= pages; p++) {
      const text = pdfText(pdf, { page: p });
      expect(text).toContain('单元名称');
      expect(text).toContain('数值（万㎡）');
      expect(pdfTextCompact(pdf, p)).toContain(`第${p}页/共${pages}页`);
      // a row's three cells are on the same page
      for (const m of text.matchAll(/第(\d+)行单元/g)) {
        const i = Number(m[1]);
        expect(text).toMatch(new RegExp(`修订 ${i}(?!\\d)`));
        seen.push(m[1]!);
      }
    }
    expect(seen.map(Number)).toEqual(rows.map((_, i) => i + 1));
    const mediaBox = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)/.exec(pdf.toString('latin1'));
    expect(mediaBox?.slice(1).map((v) => Math.round(Number(v)))).toEqual([595, 842]);
  });
});
