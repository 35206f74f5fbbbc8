// `anju report monthly|quarterly|annual --period P --out FILE`: the market report (003 第五章第三节三: 月度统计、
// 季度分析、年度评估) as XLSX tables, a printable HTML page or a PDF (printed by Chromium when one is installed, else
// drawn by the built-in renderer), chosen by the file's ending.
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { buildCityReport, renderReportHtml, renderReportPdf, renderReportXlsx } from '@anju/api';
import { parsePeriod, REPORT_GRAIN, reportKinds, sourceText, type ReportKind } from '@anju/core';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { UserError } from '../errors.js';
import { pdfNote } from './pdf-note.js';

export interface ReportOptions {
  readonly city?: string;
  readonly period?: string;
  readonly out?: string;
  readonly profile?: string;
}

const GRAIN_TEXT = {
  month: ['月份（如 2025-12）', 'a month (e.g. 2025-12)'],
  quarter: ['季度（如 2025Q4）', 'a quarter (e.g. 2025Q4)'],
  year: ['年份（如 2025）', 'a year (e.g. 2025)'],
} as const;

/** Writes the `kind` report of `--period` for the city to `--out` (.xlsx, .pdf or .html). */
export async function reportCommand(ctx: Context, kind: string, opts: ReportOptions): Promise<number> {
  if (!(reportKinds as readonly string[]).includes(kind)) {
    throw new UserError(
      t(
        ctx,
        '用法：anju report monthly | quarterly | annual --period 期间 --out 文件（.xlsx / .pdf / .html）',
        'usage: anju report monthly | quarterly | annual --period P --out FILE (.xlsx / .pdf / .html)',
      ),
    );
  }
  const k = kind as ReportKind;
  const grain = REPORT_GRAIN[k];
  const period = opts.period === undefined ? undefined : parsePeriod(opts.period);
  if (period === undefined || period.grain !== grain) {
    throw new UserError(t(ctx, `--period 应为${GRAIN_TEXT[grain][0]}`, `--period must be ${GRAIN_TEXT[grain][1]}`));
  }
  const format = extname(opts.out ?? '')
    .slice(1)
    .toLowerCase();
  if (opts.out === undefined || !['xlsx', 'pdf', 'html'].includes(format)) {
    throw new UserError(t(ctx, '--out 应以 .xlsx、.pdf 或 .html 结尾', '--out must end in .xlsx, .pdf or .html'));
  }
  const out = opts.out;
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    const model = await buildCityReport(store, city, k, period.code, {
      now: ctx.now(),
      ...(opts.profile === undefined ? {} : { profileId: opts.profile }),
    });
    const pdf = format === 'pdf' ? await renderReportPdf(model) : undefined;
    const bytes =
      pdf?.bytes ?? (format === 'xlsx' ? await renderReportXlsx(model) : Buffer.from(renderReportHtml(model), 'utf8'));
    await writeFile(out, bytes);
    const rows = model.tables.reduce((n, tb) => n + tb.rows.length, 0);
    ctx.out(
      t(
        ctx,
        `已写出 ${out}：${model.titleZh}，${model.tables.length} 张表 ${rows} 行；数据来源 ${sourceText(model.revisionIds)}`,
        `wrote ${out}: ${model.titleZh}, ${model.tables.length} tables, ${rows} rows; from revisions ${model.revisionIds.join(', ') || '—'}`,
      ),
    );
    if (pdf !== undefined) ctx.out(pdfNote(ctx, pdf));
    return 0;
  });
}
