import type { Queryable, StoreTx } from './store.js';

export interface CityRow {
  readonly cityCode: string;
  readonly nameZh: string;
  readonly nameEn: string;
}

export interface CityInfo extends CityRow {
  /** ISO 8601 timestamp of when the city was first saved. */
  readonly createdAt: string;
}

/** Insert a city, or update its names if its code exists. */
export async function upsertCity(tx: StoreTx, city: CityRow): Promise<void> {
  await tx.db
    .insertInto('city')
    .values({ city_code: city.cityCode, name_zh: city.nameZh, name_en: city.nameEn })
    .onConflict((oc) => oc.column('city_code').doUpdateSet({ name_zh: city.nameZh, name_en: city.nameEn }))
    .execute();
}

/** Every city in the database, by code. */
export async function listCities(store: Queryable): Promise<CityInfo[]> {
  const rows = await store.db.selectFrom('city').selectAll().orderBy('city_code').execute();
  return rows.map((row) => ({
    cityCode: row.city_code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    createdAt: row.created_at.toISOString(),
  }));
}
