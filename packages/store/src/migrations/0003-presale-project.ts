// Presale projects (预售项目台账): the project-level records the inventory age structure is computed from (000
// 四（三）专栏3). Append-only like observation: every import writes the whole file as rows of a new revision, and the
// current view of a project is its row in the latest published revision that states it (see presale-projects.ts).
// Areas are numeric square metres, dates plain dates; the city code leads the key like every other table.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table presale_project (
    city_code text not null,
    project_id text not null,
    revision_id bigint not null,
    unit_code text not null,
    property_type text not null,
    approval_date date,
    approved_area_sqm numeric not null check (approved_area_sqm >= 0),
    approved_units integer not null check (approved_units >= 0),
    sold_area_sqm numeric not null check (sold_area_sqm >= 0),
    sold_units integer not null check (sold_units >= 0),
    status text not null check (status in ('under-construction', 'completed', 'stalled')),
    source_row integer,
    primary key (city_code, project_id, revision_id),
    foreign key (city_code, revision_id) references revision (city_code, revision_id)
  )`.execute(db);
  // Reading one revision (publish check, the current view by revision).
  await sql`create index presale_project_revision_idx on presale_project (city_code, revision_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table presale_project`.execute(db);
}
