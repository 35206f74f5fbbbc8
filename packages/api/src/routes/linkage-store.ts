// 以房定地 and plan tracking from the element database: GET /api/cities/{city}/linkage/classes (every unit's class
// from its stored cycle, inflow and revitalised land) and GET /api/cities/{city}/plan/tracking (003 第六章's annual
// plans beside the published actuals).
import { createRoute, z } from '@hono/zod-openapi';
import type { Explained } from '@anju/core';
import { newRouter, type ApiDeps } from '../deps.js';
import { classifyFromStore, trackZhangyePlan } from '../planning/linkage-service.js';
import { messages } from '../messages.js';
import { notFound } from '../problem.js';
import { CityParams, jsonResponse, periodCodeSchema, problemResponses, requireCity } from './common-schemas.js';
import { ExplainedSchema, explainedJson } from './explain-schemas.js';

const StoredLandClassSchema = z
  .object({
    unitCode: z.string(),
    period: z.string(),
    cycleSource: z.enum(['computed', 'printed', 'none']),
    cycleMonths: z.string().nullable(),
    netInflowWan: z.string().nullable(),
    revitalisedHa: z.string().nullable(),
    kind: z.enum(['classified', 'undefined', 'no-data']),
    classId: z.string().nullable(),
    action: z.string().nullable(),
    labelZh: z.string(),
    labelEn: z.string(),
    capHa: z.string().nullable(),
    capKind: z.string().nullable(),
    explanation: ExplainedSchema,
  })
  .openapi('StoredLandClass');

const classesRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/linkage/classes',
  tags: ['planning'],
  summary: '以房定地：按已存去化周期、人口净流入与盘活存量用地分类 / land-supply class of every unit from stored data',
  request: {
    params: CityParams,
    query: z.object({
      period: periodCodeSchema.optional().openapi({ description: '默认：最近一期 / default the latest period' }),
      profile: z.string().optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        profile: z.object({ id: z.string(), version: z.string() }),
        periods: z.array(z.string()),
        period: z.string().nullable(),
        classes: z.array(StoredLandClassSchema),
      }),
      'the class of every unit',
    ),
    ...problemResponses(400, 404),
  },
});

const TrackedYearSchema = z.object({
  year: z.number().int(),
  planned: ExplainedSchema,
  actual: ExplainedSchema,
  difference: ExplainedSchema,
  completion: ExplainedSchema,
  cumulativePlanned: ExplainedSchema,
  cumulativeActual: ExplainedSchema,
  cumulativeCompletion: ExplainedSchema,
});

const trackingRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/plan/tracking',
  tags: ['planning'],
  summary: '年度计划执行跟踪（计划与实际）/ annual plan vs actual',
  request: { params: CityParams },
  responses: {
    200: jsonResponse(
      z.object({
        lines: z.array(
          z.object({
            id: z.string(),
            labelZh: z.string(),
            labelEn: z.string(),
            uom: z.string(),
            readingZh: z.string(),
            readingEn: z.string(),
            years: z.array(TrackedYearSchema),
          }),
        ),
      }),
      'each plan line by year',
    ),
    ...problemResponses(404),
  },
});

const ex = (e: Explained) => explainedJson(e);

export function linkageStoreRoutes(deps: ApiDeps) {
  return newRouter()
    .openapi(classesRoute, async (c) => {
      const { city } = c.req.valid('param');
      const q = c.req.valid('query');
      await requireCity(deps.store, city);
      const r = await classifyFromStore(deps.store, city, {
        ...(q.period === undefined ? {} : { period: q.period }),
        ...(q.profile === undefined ? {} : { profileId: q.profile }),
      });
      return c.json(
        {
          profile: r.profile,
          periods: [...r.periods],
          period: r.period,
          classes: r.classes.map((k) => {
            const res = k.result;
            return {
              unitCode: k.unitCode,
              period: k.period,
              cycleSource: k.cycleSource,
              cycleMonths: k.cycleMonths,
              netInflowWan: k.netInflowWan,
              revitalisedHa: k.revitalisedHa,
              kind: res.kind,
              classId: res.kind === 'classified' ? res.classId : null,
              action: res.kind === 'classified' ? res.action : null,
              labelZh: res.kind === 'classified' ? res.labelZh : res.reasonZh,
              labelEn: res.kind === 'classified' ? res.labelEn : res.reasonEn,
              capHa: res.kind === 'classified' ? res.capHa : null,
              capKind: res.kind === 'classified' ? res.capKind : null,
              explanation: ex(res.explanation),
            };
          }),
        },
        200,
      );
    })
    .openapi(trackingRoute, async (c) => {
      const { city } = c.req.valid('param');
      await requireCity(deps.store, city);
      if (city !== '620700') throw notFound(messages.noAnnualPlan(city));
      const lines = await trackZhangyePlan(deps.store, city);
      return c.json(
        {
          lines: lines.map((l) => ({
            ...l,
            years: l.years.map((y) => ({
              year: y.year,
              planned: ex(y.planned),
              actual: ex(y.actual),
              difference: ex(y.difference),
              completion: ex(y.completion),
              cumulativePlanned: ex(y.cumulativePlanned),
              cumulativeActual: ex(y.cumulativeActual),
              cumulativeCompletion: ex(y.cumulativeCompletion),
            })),
          })),
        },
        200,
      );
    });
}
