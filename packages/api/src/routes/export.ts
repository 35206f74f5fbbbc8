// GET /api/cities/{city}/export: a selection of the published view (or one revision) as an XLSX or CSV download.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportTable } from '@anju/intake';
import { getRevision } from '@anju/store';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import { messages } from '../messages.js';
import { langOf, notFound } from '../problem.js';
import { requireUnits } from './cities.js';
import { CityParams, periodCodeSchema, problemResponses, repeatable, requireCity } from './common-schemas.js';
import { requireMeasure } from './measures.js';
import { revisionIdSchema } from './series.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const ExportQuery = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  measure: repeatable('指标（可重复）/ measures (repeatable)'),
  unit: repeatable('单元（可重复）/ units (repeatable)'),
  from: periodCodeSchema.optional(),
  to: periodCodeSchema.optional(),
  revision: revisionIdSchema.optional(),
});

const exportRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/export',
  tags: ['exports'],
  summary: '导出 XLSX / CSV（中文表头）/ export to XLSX or CSV',
  request: { params: CityParams, query: ExportQuery },
  responses: {
    200: {
      description: '文件下载 / file download (Content-Disposition with a UTF-8 filename*)',
      content: {
        [XLSX_TYPE]: { schema: z.string().openapi({ type: 'string', format: 'binary' }) },
        'text/csv': { schema: z.string().openapi({ type: 'string', format: 'binary' }) },
      },
    },
    ...problemResponses(400, 404),
  },
});

/** `attachment; filename="anju-620700.csv"; filename*=UTF-8''…` (RFC 6266 / 5987): ASCII fallback plus UTF-8. */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encoded}`;
}

export function exportRoutes(deps: ApiDeps) {
  return newRouter().openapi(exportRoute, async (c) => {
    const { city } = c.req.valid('param');
    const q = c.req.valid('query');
    const info = await requireCity(deps.store, city);
    for (const code of q.measure ?? []) requireMeasure(code);
    if (q.unit !== undefined) await requireUnits(deps, city, q.unit);
    if (q.revision !== undefined && !(await getRevision(deps.store, { cityCode: city, revisionId: q.revision }))) {
      throw notFound(messages.unknownRevision(city, q.revision));
    }
    const lang = langOf(c.req.header('accept-language'));
    const dir = await mkdtemp(join(tmpdir(), 'anju-export-'));
    try {
      const out = join(dir, `export.${q.format}`);
      await exportTable(deps.store, {
        cityCode: city,
        out,
        format: q.format,
        lang,
        ...(q.measure !== undefined ? { measureCodes: q.measure } : {}),
        ...(q.unit !== undefined ? { unitCodes: q.unit } : {}),
        ...(q.from !== undefined ? { fromPeriod: q.from } : {}),
        ...(q.to !== undefined ? { toPeriod: q.to } : {}),
        ...(q.revision !== undefined ? { revisionId: q.revision } : {}),
      });
      const bytes = await readFile(out);
      const stamp = deps.now().toISOString().slice(0, 10);
      const name = `${lang === 'en' ? info.nameEn || city : info.nameZh}-${lang === 'en' ? 'data' : '数据'}-${stamp}.${q.format}`;
      return new Response(bytes, {
        status: 200,
        headers: {
          'content-type': q.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
          'content-disposition': contentDisposition(name, `anju-${city}-${stamp}.${q.format}`),
          'content-length': String(bytes.length),
        },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
