// GET /api/cities/{city}/reports/{kind}?period=P&format=xlsx|pdf|html: the monthly statistics, quarterly analysis and
// annual evaluation of the housing market (003 第五章第三节三) as a workbook, a PDF or a printable page.
import { periodOf, REPORT_GRAIN, reportKinds } from '@anju/core';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import { badRequest } from '../problem.js';
import { buildCityReport } from '../report/report-service.js';
import { renderReportHtml } from '../report/report-html.js';
import { renderReportPdf } from '../report/report-pdf.js';
import { renderReportXlsx } from '../report/report-xlsx.js';
import { CityParams, periodCodeSchema, problemResponses, requireCity } from './common-schemas.js';
import { contentDisposition } from './export.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const binary = z.string().openapi({ type: 'string', format: 'binary' });

const reportRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/reports/{kind}',
  tags: ['reports'],
  summary: '市场监测报告：月度统计、季度分析、年度评估 / market report: monthly, quarterly, annual',
  request: {
    params: CityParams.extend({
      kind: z
        .enum(reportKinds)
        .openapi({ param: { name: 'kind', in: 'path' }, description: 'monthly | quarterly | annual' }),
    }),
    query: z.object({
      period: periodCodeSchema.openapi({
        description:
          '与报告类型相符的期间：2025-12（月度）、2025Q4（季度）、2025（年度）/ a period of the kind’s grain',
      }),
      format: z.enum(['xlsx', 'pdf', 'html']).default('html'),
    }),
  },
  responses: {
    200: {
      description: '报告文件 / the report (XLSX tables, PDF or printable HTML)',
      content: {
        [XLSX_TYPE]: { schema: binary },
        'application/pdf': { schema: binary },
        'text/html': { schema: z.string() },
      },
    },
    ...problemResponses(400, 404),
  },
});

const CONTENT_TYPE = { xlsx: XLSX_TYPE, pdf: 'application/pdf', html: 'text/html; charset=utf-8' } as const;
const GRAIN_ZH = { month: '月份（如 2025-12）', quarter: '季度（如 2025Q4）', year: '年份（如 2025）' } as const;

export function reportRoutes(deps: ApiDeps) {
  return newRouter().openapi(reportRoute, async (c) => {
    const { city, kind } = c.req.valid('param');
    const q = c.req.valid('query');
    await requireCity(deps.store, city);
    const grain = REPORT_GRAIN[kind];
    if (periodOf(q.period).grain !== grain) {
      throw badRequest({
        zh: `${kind} 报告的期间应为${GRAIN_ZH[grain]}，收到“${q.period}”`,
        en: `a ${kind} report needs a ${grain} period, got "${q.period}"`,
      });
    }
    const model = await buildCityReport(deps.store, city, kind, q.period, { now: deps.now() });
    const pdf = q.format === 'pdf' ? await renderReportPdf(model) : undefined;
    const bytes =
      pdf?.bytes ??
      (q.format === 'xlsx' ? await renderReportXlsx(model) : Buffer.from(renderReportHtml(model), 'utf8'));
    const name = `${model.titleZh}.${q.format}`;
    return new Response(new Uint8Array(bytes), {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPE[q.format],
        'content-disposition': contentDisposition(name, `anju-${city}-${kind}-${q.period}.${q.format}`).replace(
          /^attachment/,
          q.format === 'html' ? 'inline' : 'attachment',
        ),
        'content-length': String(bytes.length),
        'x-anju-revisions': model.revisionIds.join(','),
        ...(pdf === undefined ? {} : { 'x-anju-pdf-renderer': pdf.renderer }),
      },
    });
  });
}
