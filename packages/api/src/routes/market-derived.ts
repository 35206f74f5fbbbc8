// The stored market indicators (store/market-derived.ts), kept fresh after every publish: the warning log with
// filters and a unit's history, the state of the last computation, and a full recompute on demand. The per-request
// routes in market.ts explain single values; these answer the city-wide lists fast.
import { createRoute, z } from '@hono/zod-openapi';
import { getDerivedState, listDerivedCycles, listMarketWarnings } from '@anju/store';
import { newRouter, type ApiDeps } from '../deps.js';
import { refreshMarketDerived } from '../market/derived-refresh.js';
import {
  CityParams,
  jsonResponse,
  periodCodeSchema,
  problemResponses,
  repeatable,
  requireCity,
} from './common-schemas.js';

const StoredWarningSchema = z
  .object({
    unitCode: z.string(),
    ruleId: z.string(),
    period: z.string(),
    state: z.enum(['pending', 'raised', 'active', 'cleared']),
    level: z.string().nullable(),
    since: z.string().nullable(),
    value: z.string().nullable(),
    threshold: z.string().nullable(),
  })
  .openapi('StoredWarning');

const DerivedStateSchema = z
  .object({
    profileId: z.string(),
    profileVersion: z.string(),
    windowMonths: z.number().int(),
    computedAt: z.string(),
    unitsRecomputed: z.number().int(),
    fullRecompute: z.boolean(),
  })
  .nullable()
  .openapi('DerivedState');

const StoredCycleSchema = z.object({
  unitCode: z.string(),
  basis: z.enum(['area', 'units']),
  propertyType: z.string(),
  period: z.string(),
  periodGrain: z.string(),
  kind: z.enum(['months', 'no-sales', 'no-data']),
  months: z.string().nullable(),
  monthsUsed: z.number().int(),
  partial: z.boolean(),
  bandId: z.string().nullable(),
  rangePosition: z.enum(['below', 'within', 'above']).nullable(),
  inventory: z.string(),
  salesSum: z.string().nullable(),
  inventoryRevisionId: z.string(),
});

const warningLogRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/market/warning-log',
  tags: ['market'],
  summary: '预警记录（发布后自动更新）/ the stored warning log, refreshed after every publish',
  request: {
    params: CityParams,
    query: z.object({
      unit: z.string().optional().openapi({ description: '单元：其预警历史 / a unit: its history' }),
      rule: z.string().optional(),
      level: z.enum(['blue', 'yellow', 'orange', 'red']).optional(),
      state: repeatable('raised | active | cleared | pending（默认全部）/ default all'),
      from: periodCodeSchema.optional(),
      to: periodCodeSchema.optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ state: DerivedStateSchema, warnings: z.array(StoredWarningSchema) }),
      'stored warnings, newest period first',
    ),
    ...problemResponses(400, 404),
  },
});

const storedCyclesRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/market/stored-cycles',
  tags: ['market'],
  summary: '已存去化周期（所有单元与期间）/ stored destocking cycles of every unit and period',
  request: {
    params: CityParams,
    query: z.object({
      unit: repeatable('单元代码，可重复 / unit codes (repeatable)'),
      period: periodCodeSchema.optional(),
      propertyType: z.enum(['', 'residential', 'non-residential']).optional(),
      basis: z.enum(['area', 'units']).optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({ state: DerivedStateSchema, cycles: z.array(StoredCycleSchema) }),
      'stored cycles by unit, basis, type and period',
    ),
    ...problemResponses(400, 404),
  },
});

const recomputeRoute = createRoute({
  method: 'post',
  path: '/api/cities/{city}/market/recompute',
  tags: ['market'],
  summary: '全部重算派生指标与预警 / recompute every derived indicator and warning',
  request: { params: CityParams },
  responses: {
    200: jsonResponse(
      z.object({
        full: z.boolean(),
        units: z.number().int(),
        cycles: z.number().int(),
        changes: z.number().int(),
        warnings: z.number().int(),
        profile: z.object({ id: z.string(), version: z.string() }),
      }),
      'what was recomputed',
    ),
    ...problemResponses(404),
  },
});

const stateJson = (s: Awaited<ReturnType<typeof getDerivedState>>) =>
  s === undefined ? null : { ...s, computedAt: s.computedAt.toISOString() };

export function marketDerivedRoutes(deps: ApiDeps) {
  return newRouter()
    .openapi(warningLogRoute, async (c) => {
      const { city } = c.req.valid('param');
      const q = c.req.valid('query');
      await requireCity(deps.store, city);
      const warnings = await listMarketWarnings(deps.store, {
        cityCode: city,
        ...(q.unit === undefined ? {} : { unitCode: q.unit }),
        ...(q.rule === undefined ? {} : { ruleId: q.rule }),
        ...(q.level === undefined ? {} : { level: q.level }),
        ...(q.state === undefined
          ? {}
          : { states: q.state.filter((s): s is 'pending' | 'raised' | 'active' | 'cleared' => s !== 'none') }),
        ...(q.from === undefined ? {} : { fromPeriod: q.from }),
        ...(q.to === undefined ? {} : { toPeriod: q.to }),
      });
      return c.json({ state: stateJson(await getDerivedState(deps.store, city)), warnings }, 200);
    })
    .openapi(storedCyclesRoute, async (c) => {
      const { city } = c.req.valid('param');
      const q = c.req.valid('query');
      await requireCity(deps.store, city);
      const cycles = await listDerivedCycles(deps.store, {
        cityCode: city,
        ...(q.unit === undefined ? {} : { unitCodes: q.unit }),
        ...(q.period === undefined ? {} : { period: q.period }),
        ...(q.propertyType === undefined ? {} : { propertyType: q.propertyType }),
        ...(q.basis === undefined ? {} : { basis: q.basis }),
      });
      return c.json({ state: stateJson(await getDerivedState(deps.store, city)), cycles }, 200);
    })
    .openapi(recomputeRoute, async (c) => {
      const { city } = c.req.valid('param');
      await requireCity(deps.store, city);
      return c.json(await refreshMarketDerived(deps.store, city, { now: deps.now }), 200);
    });
}
