// GET /api/cities/{city}/market/…: destocking cycles with their class and the printed value beside them, and the
// warnings of the city's policy profile (SPEC §3.2). Computed from the published view on request.
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import {
  computeCityMarket,
  computeInventoryAge,
  cycleViews,
  priceViews,
  warningViews,
} from '../market/market-service.js';
import {
  CityParams,
  jsonResponse,
  periodCodeSchema,
  problemResponses,
  repeatable,
  requireCity,
} from './common-schemas.js';
import { ExplainedSchema, explainedJson } from './explain-schemas.js';

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
    explained: ExplainedSchema,
    classExplained: ExplainedSchema,
    printedClass: z
      .object({
        classId: z.string().nullable(),
        classZh: z.string(),
        classEn: z.string(),
        range: z.enum(['below', 'within', 'above']).nullable(),
        explained: ExplainedSchema,
      })
      .nullable()
      .openapi({ description: '公布值按同一分档的分类 / the printed cycle classified by the same bands' }),
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
    thresholdDisplay: z.string(),
    thresholdDisplayEn: z.string(),
    explanationZh: z.string(),
    explanationEn: z.string(),
    explained: ExplainedSchema,
  })
  .openapi('MarketWarning');

export const PriceViewSchema = z
  .object({
    unitCode: z.string(),
    kind: z.enum(['new-home', 'second-hand', 'rent', 'land']),
    period: z.string(),
    status: z.enum(['within-cap', 'above-cap', 'no-cap', 'no-data']),
    change: z.string().nullable().openapi({ description: '同比（比率，0.04 = 4%）/ year-on-year change as a ratio' }),
    cap: z.string().nullable().openapi({ description: '上限（比率）/ the cap as a ratio' }),
    changeExplained: ExplainedSchema,
    explained: ExplainedSchema,
  })
  .openapi('PriceWatch');

const AgeBucketSchema = z.object({
  index: z.number().int(),
  labelZh: z.string(),
  labelEn: z.string(),
  saleableArea: ExplainedSchema,
  saleableUnits: ExplainedSchema,
  projectIds: z.array(z.string()),
});

export const UnitInventoryAgeSchema = z
  .object({
    unitCode: z.string(),
    asOf: z.string(),
    projectCount: z.number().int(),
    buckets: z.array(AgeBucketSchema),
    pipelineNotApproved: z.object({ area: ExplainedSchema, units: ExplainedSchema }),
    inconsistentProjectIds: z.array(z.string()),
  })
  .openapi('InventoryAge');

const isoDateSchema = z
  .string()
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
  })
  .openapi({ example: '2025-12-31', description: '观察日 / the day seen (YYYY-MM-DD)' });

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

const pricesRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/market/prices',
  tags: ['market'],
  summary: '价格监测：同比与上限 / price watch: yearly change against the profile’s caps',
  request: {
    params: CityParams,
    query: z.object({
      grain: grainSchema,
      period: periodCodeSchema.optional(),
      unit: repeatable('单元代码，可重复 / unit codes (repeatable)'),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        grain: z.enum(['month', 'quarter', 'year']),
        profile: ProfileRefSchema,
        prices: z.array(PriceViewSchema),
      }),
      'price changes by unit, then kind and period',
    ),
    ...problemResponses(400, 404),
  },
});

const inventoryAgeRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/market/inventory-age',
  tags: ['market'],
  summary: '库存结构：按批准预售年限 / inventory by age since presale approval (000 专栏3)',
  request: {
    params: CityParams,
    query: z.object({
      asOf: isoDateSchema,
      unit: repeatable('单元代码，可重复 / unit codes (repeatable)'),
      propertyType: z
        .enum(['', 'residential', 'non-residential', 'commercial', 'office'])
        .optional()
        .openapi({ description: "默认全部 / default '' (every type)" }),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        asOf: z.string(),
        profile: ProfileRefSchema,
        revisionIds: z.array(z.string()),
        units: z.array(UnitInventoryAgeSchema),
      }),
      'the age structure of each unit with presale projects',
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
          cycles: cycles.map((v) => ({
            ...v,
            explained: explainedJson(v.explained),
            classExplained: explainedJson(v.classExplained),
            printedClass:
              v.printedClass === null
                ? null
                : { ...v.printedClass, explained: explainedJson(v.printedClass.explained) },
          })),
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
        {
          grain: market.grain,
          profile: { id: market.profile.id, version: market.profile.version },
          warnings: warnings.map((w) => ({ ...w, explained: explainedJson(w.explained) })),
        },
        200,
      );
    })
    .openapi(pricesRoute, async (c) => {
      const { city } = c.req.valid('param');
      const q = c.req.valid('query');
      await requireCity(deps.store, city);
      const market = await computeCityMarket(deps.store, city, q.grain === undefined ? {} : { grain: q.grain });
      const prices = priceViews(market, {
        ...(q.unit === undefined ? {} : { unit: q.unit }),
        ...(q.period === undefined ? {} : { period: q.period }),
      });
      return c.json(
        {
          grain: market.grain,
          profile: { id: market.profile.id, version: market.profile.version },
          prices: prices.map((p) => ({
            ...p,
            changeExplained: explainedJson(p.changeExplained),
            explained: explainedJson(p.explained),
          })),
        },
        200,
      );
    })
    .openapi(inventoryAgeRoute, async (c) => {
      const { city } = c.req.valid('param');
      const q = c.req.valid('query');
      await requireCity(deps.store, city);
      const age = await computeInventoryAge(deps.store, city, {
        asOf: q.asOf,
        ...(q.unit === undefined ? {} : { unit: q.unit }),
        ...(q.propertyType === undefined ? {} : { propertyType: q.propertyType }),
      });
      return c.json(
        {
          asOf: age.asOf,
          profile: { id: age.profile.id, version: age.profile.version },
          revisionIds: [...age.revisionIds],
          units: age.units.map((u) => ({
            unitCode: u.unitCode,
            asOf: u.asOf,
            projectCount: u.projectCount,
            buckets: u.buckets.map((b) => ({
              index: b.index,
              labelZh: b.labelZh,
              labelEn: b.labelEn,
              saleableArea: explainedJson(b.saleableArea),
              saleableUnits: explainedJson(b.saleableUnits),
              projectIds: [...b.projectIds],
            })),
            pipelineNotApproved: {
              area: explainedJson(u.pipelineNotApproved.area),
              units: explainedJson(u.pipelineNotApproved.units),
            },
            inconsistentProjectIds: [...u.inconsistentProjectIds],
          })),
        },
        200,
      );
    });
}
