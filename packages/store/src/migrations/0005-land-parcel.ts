// Land parcels (供地台账) for the idle-land rule (000 §九（二）): each parcel's unit, use, area, price and its agreed and
// actual start dates. Append-only like presale_project: every import writes the whole file as rows of a new revision,
// and the current view of a parcel is its row in the latest published revision that states it (see land-parcels.ts).
// Areas are numeric square metres, prices numeric 万元, dates plain dates; the city code leads the key.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table land_parcel (
    city_code text not null,
    parcel_id text not null,
    revision_id bigint not null,
    unit_code text not null,
    land_use text not null,
    area_sqm numeric not null check (area_sqm >= 0),
    price_wan_yuan numeric check (price_wan_yuan >= 0),
    contract_start date,
    actual_start date,
    start_commitment boolean,
    source_row integer,
    primary key (city_code, parcel_id, revision_id),
    foreign key (city_code, revision_id) references revision (city_code, revision_id)
  )`.execute(db);
  // Reading one revision (publish check, a draft's rows).
  await sql`create index land_parcel_revision_idx on land_parcel (city_code, revision_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table land_parcel`.execute(db);
}
