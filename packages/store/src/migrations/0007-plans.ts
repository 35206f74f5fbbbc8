// Plans and their indicator systems (SPEC §3.5): every save of a plan is a new version row — a plan document (the
// JSON validated by core's planDocumentSchema) with who saved it, when and why. Nothing is overwritten; the current
// plan is its highest version. The city code leads the key like every other table.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table plan_version (
    city_code text not null references city (city_code),
    plan_id text not null,
    version integer not null check (version >= 1),
    name_zh text not null,
    document jsonb not null,
    created_by text not null,
    created_at timestamptz not null,
    reason text not null,
    source_file text,
    primary key (city_code, plan_id, version)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table plan_version`.execute(db);
}
