// GET /api/cities/{city}/series: a measure's series per unit, rolled up to quarters or years by the measure's rule.
import { formatPeriod, getUnitOfMeasure, periodOf } from '@anju/core';
import { getRevision, getSeries, type SeriesPoint } from '@anju/store';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import { messages } from '../messages.js';
import { notFound } from '../problem.js';
import { requireUnits } from './cities.js';
import {
  CityParams,
  jsonResponse,
  periodCodeSchema,
  problemResponses,
  repeatable,
  requireCity,
  UomSchema,
} from './common-schemas.js';
import { requireMeasure, RollUpSchema } from './measures.js';

export const revisionIdSchema = z
  .string()
  .regex(/^\d{1,18}$/)
  .openapi({ example: '3' });

const SeriesQuery = z.object({
  measure: z.string().min(1).openapi({ example: 'housing.sales-area' }),
  dimension: z.string().default('').openapi({ description: '细分，默认合计 / breakdown, default the total' }),
  unit: repeatable('单元代码，可重复；默认全部 / unit codes (repeatable); default all'),
  from: periodCodeSchema.optional(),
  to: periodCodeSchema.optional(),
  grain: z.enum(['month', 'quarter', 'year']).optional(),
  revision: revisionIdSchema.optional(),
});

export const SeriesPointSchema = z
  .object({
    unitCode: z.string(),
    period: z.string().openapi({ example: '2025Q4' }),
    periodGrain: z.enum(['month', 'quarter', 'year', 'span']),
    periodStart: z.string(),
    periodEnd: z.string(),
    labelZh: z.string().openapi({ example: '2025年第四季度' }),
    labelEn: z.string(),
    value: z.string().openapi({ description: '十进制字符串 / exact decimal string', example: '78.71' }),
    complete: z.boolean().openapi({ description: '汇总值是否包含全部月份 / false when months are missing' }),
    revisionId: z.string(),
  })
  .openapi('SeriesPoint');

const SeriesResponse = z.object({
  measure: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }),
  dimension: z.string(),
  uom: UomSchema,
  grain: z.enum(['month', 'quarter', 'year']).nullable(),
  rollUp: RollUpSchema,
  points: z.array(SeriesPointSchema),
});

const seriesRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/series',
  tags: ['series'],
  summary: '指标序列 / a measure’s series, rolled up on request',
  request: { params: CityParams, query: SeriesQuery },
  responses: { 200: jsonResponse(SeriesResponse, 'points by unit, then period'), ...problemResponses(400, 404) },
});

/** A store point with its period labels; spans sort after the last year they cover. */
export function pointView(p: SeriesPoint): z.infer<typeof SeriesPointSchema> {
  const period = periodOf(p.period);
  return {
    unitCode: p.unitCode,
    period: p.period,
    periodGrain: p.periodGrain,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    labelZh: formatPeriod(period, 'zh'),
    labelEn: formatPeriod(period, 'en'),
    value: p.value,
    complete: p.complete,
    revisionId: p.revisionId,
  };
}

export function byUnitThenPeriod(a: SeriesPoint, b: SeriesPoint): number {
  return (
    (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0) ||
    a.periodEnd.localeCompare(b.periodEnd) ||
    b.periodStart.localeCompare(a.periodStart)
  );
}

export function seriesRoutes(deps: ApiDeps) {
  return newRouter().openapi(seriesRoute, async (c) => {
    const { city } = c.req.valid('param');
    const q = c.req.valid('query');
    const measure = requireMeasure(q.measure, q.dimension);
    await requireCity(deps.store, city);
    if (q.unit !== undefined) await requireUnits(deps, city, q.unit);
    if (q.revision !== undefined && !(await getRevision(deps.store, { cityCode: city, revisionId: q.revision }))) {
      throw notFound(messages.unknownRevision(city, q.revision));
    }
    const points = await getSeries(deps.store, {
      cityCode: city,
      measureCode: measure.code,
      dimension: q.dimension,
      ...(q.unit !== undefined ? { unitCodes: q.unit } : {}),
      ...(q.from !== undefined ? { fromPeriod: q.from } : {}),
      ...(q.to !== undefined ? { toPeriod: q.to } : {}),
      ...(q.grain !== undefined ? { grain: q.grain, rollUp: measure.rollUp } : {}),
      ...(q.revision !== undefined ? { revisionId: q.revision } : {}),
    });
    const uom = getUnitOfMeasure(measure.uom);
    return c.json(
      {
        measure: { code: measure.code, nameZh: measure.nameZh, nameEn: measure.nameEn },
        dimension: q.dimension,
        uom: { code: uom.code, labelZh: uom.labelZh, labelEn: uom.labelEn },
        grain: q.grain ?? null,
        rollUp: { ...measure.rollUp },
        points: [...points].sort(byUnitThenPeriod).map(pointView),
      },
      200,
    );
  });
}
