// The report as a PDF: printed by Chromium from the HTML page when a browser is installed, otherwise drawn by the
// built-in renderer from the same model — the title and meta line, the headline table, the two ECharts charts, then
// every table with its 来源 column and note, in the order and wording of the HTML page.
import { sourceText, type ReportModel, type ReportTable } from '@anju/core';
import { GREY, LIGHT_GREY, PdfWriter, type PdfColumn } from '../pdf/pdf-document.js';
import { renderPdf, type RenderedPdf } from '../pdf/render-pdf.js';
import { renderReportCharts, renderReportHtml } from './report-html.js';

const CHART_SIZE = { trend: { width: 680, height: 280 }, byUnit: { width: 680, height: 300 } } as const;

function drawTable(w: PdfWriter, t: ReportTable): void {
  w.heading(t.titleZh);
  if (t.rows.length === 0 && t.columns.length <= 1) {
    w.text(t.noteZh, { size: 8.5, color: GREY });
    return;
  }
  const columns: PdfColumn[] = [
    ...t.columns.map((c) => ({ label: c.labelZh, align: c.align, nowrap: c.align === 'right' })),
    { label: '来源', align: 'left', nowrap: true },
  ];
  const rows = t.rows.map((r) => [...t.columns.map((c) => r.cells[c.key] ?? ''), sourceText(r.revisionIds)]);
  w.table(columns, rows, {
    fontSize: 9,
    columnColors: [...t.columns.map(() => undefined), LIGHT_GREY],
    emptyText: '本期无数据',
  });
  w.gap(3);
  w.text(t.noteZh, { size: 8.5, color: GREY });
}

/** Draws the report with the built-in renderer (no browser, fonts embedded) and returns the PDF's bytes. */
export async function drawReportPdf(model: ReportModel): Promise<Buffer> {
  const w = new PdfWriter({
    title: model.titleZh,
    subject: `${model.cityNameZh} ${model.periodZh}`,
    createdAt: new Date(model.generatedAt),
  });
  w.header(
    model.titleZh,
    `政策配置 ${model.profile.id}@${model.profile.version} · 生成于 ${model.generatedAt.slice(0, 10)} · 数据来源：${sourceText(model.revisionIds)}`,
  );
  const [headline, ...rest] = model.tables;
  if (headline !== undefined) drawTable(w, headline);
  const charts = renderReportCharts(model);
  for (const [svg, size] of [
    [charts.trend, CHART_SIZE.trend],
    [charts.byUnit, CHART_SIZE.byUnit],
  ] as const) {
    if (svg === '') continue;
    w.gap(8);
    w.ensure(size.height * 0.75);
    w.svg(svg, size);
  }
  for (const t of rest) drawTable(w, t);
  w.closingNote(
    '本报告由安居（Anju）根据正式库已发布数据生成；“来源”列为数据所在修订编号，可用 anju revisions 查询。',
    8.5,
    14,
  );
  return w.finish();
}

/**
 * The report as A4 PDF bytes: Chromium prints the HTML page when a browser is installed and not disabled
 * (ANJU_CHROMIUM), else the built-in renderer draws it. The result says which renderer made it; so does the PDF's
 * Producer field.
 */
export function renderReportPdf(model: ReportModel): Promise<RenderedPdf> {
  return renderPdf({ html: () => renderReportHtml(model), builtin: () => drawReportPdf(model) });
}
