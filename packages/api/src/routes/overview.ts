// GET /api/cities/{city}/overview: what the 总览 page shows at once — every unit's value of one measure for one
// period (rolled up when the period is coarser than the data) for the tile map, the periods the slider can take,
// and the city's headline cards for 人 / 房 / 地 / 钱.
import {
  compareDecimals,
  formatPeriod,
  getMeasure,
  getUnitOfMeasure,
  MEASURES,
  periodOf,
  type Element,
  type MeasureDef,
} from '@anju/core';
import { getSeries, listUnits, type Store } from '@anju/store';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import { messages } from '../messages.js';
import { notFound } from '../problem.js';
import { CitySchema, unitsWithTiles } from './cities.js';
import {
  CityParams,
  jsonResponse,
  periodCodeSchema,
  problemResponses,
  requireCity,
  UomSchema,
} from './common-schemas.js';
import { ElementSchema, requireMeasure, RollUpSchema } from './measures.js';

/** The measure each headline card prefers; otherwise the first measure of the element that has data. */
export const HEADLINE_MEASURES: Readonly<Record<Element, string>> = {
  people: 'people.resident-population',
  housing: 'housing.inventory-area',
  land: 'land.residential-supplied',
  money: 'money.provident-fund-loans',
};

const ELEMENTS: readonly Element[] = ['people', 'housing', 'land', 'money'];

const OverviewQuery = z.object({
  measure: z.string().min(1).default(HEADLINE_MEASURES.housing).openapi({ example: 'housing.inventory-area' }),
  dimension: z.string().default(''),
  period: periodCodeSchema.optional().openapi({ description: '默认最近一期 / default the latest period' }),
});

export const PeriodViewSchema = z
  .object({
    code: z.string().openapi({ example: '2025' }),
    grain: z.enum(['month', 'quarter', 'year', 'span']),
    labelZh: z.string().openapi({ example: '2025年' }),
    labelEn: z.string(),
  })
  .openapi('PeriodView');

const TileValueSchema = z.object({
  unitCode: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  level: z.string(),
  tile: z.object({ row: z.number().int(), col: z.number().int() }).nullable(),
  value: z.string().nullable(),
  complete: z.boolean(),
  revisionId: z.string().nullable(),
});

const HeadlineSchema = z.object({
  element: ElementSchema,
  elementZh: z.string(),
  elementEn: z.string(),
  measure: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }).nullable(),
  uom: UomSchema.nullable(),
  period: PeriodViewSchema.nullable(),
  value: z.string().nullable(),
  revisionId: z.string().nullable(),
});

const OverviewResponse = z.object({
  city: CitySchema,
  rootCode: z.string().nullable(),
  measure: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), element: ElementSchema }),
  dimension: z.string(),
  uom: UomSchema,
  rollUp: RollUpSchema,
  period: PeriodViewSchema.nullable(),
  periods: z.array(PeriodViewSchema),
  units: z.array(TileValueSchema),
  cityValue: z.object({ value: z.string(), complete: z.boolean(), revisionId: z.string() }).nullable(),
  range: z.object({ min: z.string(), max: z.string() }).nullable(),
  headlines: z.array(HeadlineSchema),
});

const overviewRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/overview',
  tags: ['series'],
  summary: '总览：瓦片地图、期间与人房地钱要点 / overview: tile map, periods, headline cards',
  request: { params: CityParams, query: OverviewQuery },
  responses: {
    200: jsonResponse(OverviewResponse, 'overview of one measure and period'),
    ...problemResponses(400, 404),
  },
});

export function periodView(code: string): z.infer<typeof PeriodViewSchema> {
  const p = periodOf(code);
  return { code, grain: p.grain, labelZh: formatPeriod(p, 'zh'), labelEn: formatPeriod(p, 'en') };
}

interface StoredPeriod {
  readonly period: string;
  readonly periodGrain: string;
  readonly periodStart: string;
  readonly periodEnd: string;
}

/** Periods with published data for a measure, oldest first (by end, then the longer first). */
async function availablePeriods(
  store: Store,
  city: string,
  measure: string,
  dimension: string,
): Promise<StoredPeriod[]> {
  const rows = await store.db
    .selectFrom('published_value')
    .select(['period', 'period_grain', 'period_start', 'period_end'])
    .distinct()
    .where('city_code', '=', city)
    .where('measure_code', '=', measure)
    .where('dimension', '=', dimension)
    .orderBy('period_end')
    .orderBy('period_start')
    .execute();
  return rows.map((r) => ({
    period: r.period,
    periodGrain: r.period_grain,
    periodStart: r.period_start,
    periodEnd: r.period_end,
  }));
}

/** The latest period, preferring a year, quarter or month over a multi-year span that ends at the same time. */
function latest(periods: readonly StoredPeriod[]): StoredPeriod | undefined {
  const plain = periods.filter((p) => p.periodGrain !== 'span');
  const pool = plain.length > 0 ? plain : periods;
  return [...pool].sort(
    (a, b) => b.periodEnd.localeCompare(a.periodEnd) || b.periodStart.localeCompare(a.periodStart),
  )[0];
}

/** The city root's latest value of every measure it has (dimension total), one row per measure. */
async function latestRootValues(store: Store, city: string, rootCode: string) {
  const rows = await store.db
    .selectFrom('published_value')
    .select(['measure_code', 'period', 'value', 'revision_id'])
    .distinctOn('measure_code')
    .where('city_code', '=', city)
    .where('unit_code', '=', rootCode)
    .where('dimension', '=', '')
    .orderBy('measure_code')
    .orderBy('period_end', 'desc')
    .orderBy('period_start', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.measure_code, r]));
}

function headlineMeasure(element: Element, present: ReadonlySet<string>): MeasureDef | undefined {
  const preferred = getMeasure(HEADLINE_MEASURES[element]);
  if (preferred !== undefined && present.has(preferred.code)) return preferred;
  return MEASURES.find((m) => m.element === element && present.has(m.code));
}

export function overviewRoutes(deps: ApiDeps) {
  return newRouter().openapi(overviewRoute, async (c) => {
    const { city } = c.req.valid('param');
    const q = c.req.valid('query');
    const measure = requireMeasure(q.measure, q.dimension);
    const info = await requireCity(deps.store, city);
    const units = await listUnits(deps.store, city);
    const root = units.find((u) => u.parentCode === null);
    const periods = await availablePeriods(deps.store, city, measure.code, q.dimension);
    const periodCode = q.period ?? latest(periods)?.period;

    const values = new Map<string, { value: string; complete: boolean; revisionId: string }>();
    if (periodCode !== undefined) {
      const p = periodOf(periodCode);
      const points = await getSeries(deps.store, {
        cityCode: city,
        measureCode: measure.code,
        dimension: q.dimension,
        fromPeriod: periodCode,
        toPeriod: periodCode,
        ...(p.grain === 'span' ? {} : { grain: p.grain, rollUp: measure.rollUp }),
      });
      for (const point of points) {
        if (point.period !== periodCode) continue;
        values.set(point.unitCode, { value: point.value, complete: point.complete, revisionId: point.revisionId });
      }
      if (q.period !== undefined && values.size === 0) throw notFound(messages.noPeriod(measure.code, periodCode));
    }

    const tiles = unitsWithTiles(units).filter((u) => u.parentCode !== null);
    const shown = tiles.map((u) => {
      const v = values.get(u.unitCode);
      return {
        unitCode: u.unitCode,
        nameZh: u.nameZh,
        nameEn: u.nameEn,
        level: u.level,
        tile: u.tile,
        value: v?.value ?? null,
        complete: v?.complete ?? false,
        revisionId: v?.revisionId ?? null,
      };
    });
    const numbers = shown.flatMap((u) => (u.value === null ? [] : [u.value]));
    const sorted = [...numbers].sort(compareDecimals);

    const rootValues = root === undefined ? new Map() : await latestRootValues(deps.store, city, root.unitCode);
    const present = new Set<string>(rootValues.keys());
    const headlines = ELEMENTS.map((element) => {
      const m = headlineMeasure(element, present);
      const row = m === undefined ? undefined : rootValues.get(m.code);
      const uom = m === undefined ? undefined : getUnitOfMeasure(m.uom);
      return {
        element,
        elementZh: messages.elements[element].zh,
        elementEn: messages.elements[element].en,
        measure: m === undefined ? null : { code: m.code, nameZh: m.nameZh, nameEn: m.nameEn },
        uom: uom === undefined ? null : { code: uom.code, labelZh: uom.labelZh, labelEn: uom.labelEn },
        period: row === undefined ? null : periodView(row.period as string),
        value: (row?.value as string | undefined) ?? null,
        revisionId: (row?.revision_id as string | undefined) ?? null,
      };
    });

    const uom = getUnitOfMeasure(measure.uom);
    const rootValue = root === undefined ? undefined : values.get(root.unitCode);
    return c.json(
      {
        city: info,
        rootCode: root?.unitCode ?? null,
        measure: { code: measure.code, nameZh: measure.nameZh, nameEn: measure.nameEn, element: measure.element },
        dimension: q.dimension,
        uom: { code: uom.code, labelZh: uom.labelZh, labelEn: uom.labelEn },
        rollUp: { ...measure.rollUp },
        period: periodCode === undefined ? null : periodView(periodCode),
        periods: periods.map((p) => periodView(p.period)),
        units: shown,
        cityValue: rootValue ?? null,
        range: sorted.length === 0 ? null : { min: sorted[0]!, max: sorted[sorted.length - 1]! },
        headlines,
      },
      200,
    );
  });
}
