// GET /api/cities and GET /api/cities/{city}/units: the cities in the store and their unit trees with tile layout.
import { listCities, listUnits, type UnitRow } from '@anju/store';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import { messages } from '../messages.js';
import { notFound } from '../problem.js';
import { layoutTiles } from '../tile-layout.js';
import { CityParams, jsonResponse, problemResponses, requireCity } from './common-schemas.js';

export const CitySchema = z
  .object({
    cityCode: z.string().openapi({ example: '620700' }),
    nameZh: z.string().openapi({ example: '张掖市' }),
    nameEn: z.string().openapi({ example: 'Zhangye' }),
    createdAt: z.string(),
  })
  .openapi('City');

export const UnitSchema = z
  .object({
    unitCode: z.string().openapi({ example: '620702' }),
    nameZh: z.string(),
    nameEn: z.string(),
    level: z.string().openapi({ example: 'district' }),
    parentCode: z.string().nullable(),
    aliases: z.array(z.string()),
    attributes: z.record(z.string(), z.unknown()),
    sortOrder: z.number(),
    /** GeoJSON geometry supplied by the city, or null. */
    boundary: z.unknown(),
    tile: z.object({ row: z.number().int(), col: z.number().int() }).nullable(),
  })
  .openapi('Unit');

const CitiesResponse = z.object({ cities: z.array(CitySchema) });
const UnitsResponse = z.object({
  city: CitySchema,
  /** The root unit (the city itself): the dashboard's headline, not a tile. */
  rootCode: z.string().nullable(),
  units: z.array(UnitSchema),
});

const listCitiesRoute = createRoute({
  method: 'get',
  path: '/api/cities',
  tags: ['units'],
  summary: '城市列表 / cities in the store',
  responses: { 200: jsonResponse(CitiesResponse, 'cities by code') },
});

const listUnitsRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/units',
  tags: ['units'],
  summary: '单元及瓦片布局 / units with tile-map layout',
  request: { params: CityParams },
  responses: {
    200: jsonResponse(UnitsResponse, 'units in display order; the root has no tile'),
    ...problemResponses(400, 404),
  },
});

/** The units of a city, each with its tile (null for the root). */
export function unitsWithTiles(units: readonly UnitRow[]): z.infer<typeof UnitSchema>[] {
  const tiles = layoutTiles(units);
  return units.map((u) => ({
    unitCode: u.unitCode,
    nameZh: u.nameZh,
    nameEn: u.nameEn,
    level: u.level,
    parentCode: u.parentCode,
    aliases: [...u.aliases],
    attributes: { ...u.attributes },
    sortOrder: u.sortOrder,
    boundary: u.boundary ?? null,
    tile: tiles.get(u.unitCode) ?? null,
  }));
}

/** The city's units, checking that every requested unit code exists (404 problem otherwise). */
export async function requireUnits(deps: ApiDeps, cityCode: string, wanted?: readonly string[]): Promise<UnitRow[]> {
  const units = await listUnits(deps.store, cityCode);
  if (wanted !== undefined) {
    const known = new Set(units.map((u) => u.unitCode));
    const unknown = wanted.filter((code) => !known.has(code));
    if (unknown.length > 0) throw notFound(messages.unknownUnits(cityCode, unknown));
  }
  return units;
}

export function cityRoutes(deps: ApiDeps) {
  return newRouter()
    .openapi(listCitiesRoute, async (c) => c.json({ cities: await listCities(deps.store) }, 200))
    .openapi(listUnitsRoute, async (c) => {
      const { city } = c.req.valid('param');
      const info = await requireCity(deps.store, city);
      const units = await listUnits(deps.store, city);
      return c.json(
        {
          city: info,
          rootCode: units.find((u) => u.parentCode === null)?.unitCode ?? null,
          units: unitsWithTiles(units),
        },
        200,
      );
    });
}
