// GET /api/cities/{city}/market/…: destocking cycles with their class and the printed value beside them, and the
// warnings of the city's policy profile (SPEC §3.2). Computed from the published view on request.
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import { computeCityMarket, cycleViews, warningViews } from '../market/market-service.js';
import {
  CityParams,
  jsonResponse,
  periodCodeSchema,
  problemResponses,
  repeatable,
  requireCity,
} from './common-schemas.js';

const grainSchema = z
  .enum(['month', 'quarter', 'year'])
  .optional()
  .openapi({ description: '默认：有月度库存则按月，否则按年 / default month if monthly inventory exists, else year' });

const ProfileRefSchema = z.object({ id: z.string(), version: z.string() });

export const CycleViewSchema = z
  .object({
    unitCode: z.string(),
    period: z.string(),
    propertyType: z.string().openapi({ description: "'' 全部商品房 / all; residential; non-residential" }),
    basis: z.enum(['area', 'units']),
    kind: z.enum(['months', 'no-sales', 'no-data']),
    months: z.string().nullable().openapi({ description: '精确值 / exact months', example: '28.540384615384615385' }),
    display: z
      .string()
      .openapi({ description: '一位小数；无销售为“—” / one decimal, "—" for no sales', example: '28.5' }),
    partial: z.boolean(),
    monthsUsed: z.number().int(),
    windowMonths: z.number().int(),
    classId: z.string().nullable(),
    classZh: z.string(),
    classEn: z.string(),
    range: z.enum(['below', 'within', 'above']).nullable(),
    printed: z.string().nullable().openapi({ description: '来源公布的去化周期 / the cycle as printed by a source' }),
  })
  .openapi('DestockingCycle');

export const WarningViewSchema = z
  .object({
    ruleId: z.string(),
    ruleZh: z.string(),
    ruleEn: z.string(),
    unitCode: z.string(),
    period: z.string(),
    state: z.enum(['none', 'pending', 'raised', 'active', 'cleared']),
    level: z.string().nullable(),
    since: z.string().nullable(),
    value: z.string().nullable(),
    valueDisplay: z.string(),
    threshold: z.string().nullable(),
    explanationZh: z.string(),
    explanationEn: z.string(),
  })
  .openapi('MarketWarning');

const cyclesRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/market/cycles',
  tags: ['market'],
  summary: '去化周期（计算值、分类与公布值）/ destocking cycles, their class and the printed value',
  request: {
    params: CityParams,
    query: z.object({
      grain: grainSchema,
      period: periodCodeSchema.optional(),
      unit: repeatable('单元代码，可重复 / unit codes (repeatable)'),
      propertyType: z.enum(['', 'residential', 'non-residential']).optional(),
      basis: z.enum(['area', 'units']).optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        grain: z.enum(['month', 'quarter', 'year']),
        profile: ProfileRefSchema,
        periods: z.array(z.string()),
        cycles: z.array(CycleViewSchema),
      }),
      'cycles by unit, then type and period',
    ),
    ...problemResponses(400, 404),
  },
});

const warningsRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/market/warnings',
  tags: ['market'],
  summary: '预警（按政策配置规则）/ warnings from the profile’s rules',
  request: {
    params: CityParams,
    query: z.object({
      grain: grainSchema,
      period: periodCodeSchema.optional(),
      unit: repeatable('单元代码，可重复 / unit codes (repeatable)'),
      level: z.enum(['blue', 'yellow', 'orange', 'red']).optional(),
      state: repeatable('raised | active | cleared | pending | none（默认 raised、active、cleared）'),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        grain: z.enum(['month', 'quarter', 'year']),
        profile: ProfileRefSchema,
        warnings: z.array(WarningViewSchema),
      }),
      'warnings by unit, then rule and period',
    ),
    ...problemResponses(400, 404),
  },
});

export function marketRoutes(deps: ApiDeps) {
  return newRouter()
    .openapi(cyclesRoute, async (c) => {
      const { city } = c.req.valid('param');
      const q = c.req.valid('query');
      await requireCity(deps.store, city);
      const market = await computeCityMarket(deps.store, city, q.grain === undefined ? {} : { grain: q.grain });
      const cycles = cycleViews(market, {
        ...(q.unit === undefined ? {} : { unit: q.unit }),
        ...(q.period === undefined ? {} : { period: q.period }),
        ...(q.propertyType === undefined ? {} : { propertyType: q.propertyType }),
        ...(q.basis === undefined ? {} : { basis: q.basis }),
      });
      return c.json(
        {
          grain: market.grain,
          profile: { id: market.profile.id, version: market.profile.version },
          periods: [...market.periods],
          cycles,
        },
        200,
      );
    })
    .openapi(warningsRoute, async (c) => {
      const { city } = c.req.valid('param');
      const q = c.req.valid('query');
      await requireCity(deps.store, city);
      const market = await computeCityMarket(deps.store, city, q.grain === undefined ? {} : { grain: q.grain });
      const warnings = warningViews(market, {
        ...(q.unit === undefined ? {} : { unit: q.unit }),
        ...(q.period === undefined ? {} : { period: q.period }),
        ...(q.level === undefined ? {} : { level: q.level }),
        ...(q.state === undefined ? {} : { states: q.state }),
      });
      return c.json(
        { grain: market.grain, profile: { id: market.profile.id, version: market.profile.version }, warnings },
        200,
      );
    });
}
