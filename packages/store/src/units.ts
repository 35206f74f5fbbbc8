import type { Queryable, StoreTx } from './store.js';

/** One spatial unit (单元): city → district / county → planning unit or sub-area. */
export interface UnitRow {
  readonly unitCode: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** e.g. 'city' | 'district' | 'subarea' — the levels are defined by core, not by the store. */
  readonly level: string;
  readonly parentCode: string | null;
  readonly aliases: readonly string[];
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly sortOrder: number;
  /** GeoJSON geometry, or null. */
  readonly boundary: unknown;
}

// 10 parameters a row; stay far below Postgres's 65535 bound parameters per statement.
const UNITS_PER_STATEMENT = 1000;

/** Insert units, or update them where (city, unit code) exists. Parents may come after their children. */
export async function saveUnits(tx: StoreTx, cityCode: string, units: readonly UnitRow[]): Promise<void> {
  for (let i = 0; i < units.length; i += UNITS_PER_STATEMENT) {
    const values = units.slice(i, i + UNITS_PER_STATEMENT).map((unit) => ({
      city_code: cityCode,
      unit_code: unit.unitCode,
      name_zh: unit.nameZh,
      name_en: unit.nameEn,
      level: unit.level,
      parent_code: unit.parentCode,
      aliases: JSON.stringify(unit.aliases),
      attributes: JSON.stringify(unit.attributes),
      sort_order: unit.sortOrder,
      boundary: unit.boundary === null || unit.boundary === undefined ? null : JSON.stringify(unit.boundary),
    }));
    await tx.db
      .insertInto('spatial_unit')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['city_code', 'unit_code']).doUpdateSet((eb) => ({
          name_zh: eb.ref('excluded.name_zh'),
          name_en: eb.ref('excluded.name_en'),
          level: eb.ref('excluded.level'),
          parent_code: eb.ref('excluded.parent_code'),
          aliases: eb.ref('excluded.aliases'),
          attributes: eb.ref('excluded.attributes'),
          sort_order: eb.ref('excluded.sort_order'),
          boundary: eb.ref('excluded.boundary'),
        })),
      )
      .execute();
  }
}

/** A city's units in display order (sort order, then code). */
export async function listUnits(store: Queryable, cityCode: string): Promise<UnitRow[]> {
  const rows = await store.db
    .selectFrom('spatial_unit')
    .selectAll()
    .where('city_code', '=', cityCode)
    .orderBy('sort_order')
    .orderBy('unit_code')
    .execute();
  return rows.map((row) => ({
    unitCode: row.unit_code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    level: row.level,
    parentCode: row.parent_code,
    aliases: row.aliases,
    attributes: row.attributes,
    sortOrder: row.sort_order,
    boundary: row.boundary,
  }));
}
