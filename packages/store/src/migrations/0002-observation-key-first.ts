// observation had two wide btrees: the primary key (city, revision, unit, measure, dimension, period) and
// observation_key_idx (city, unit, measure, dimension, period) for history lookups. Both grow by every row of every
// import, and together they no longer fit in shared buffers at a million rows, which made bulk COPY 3–6 times
// slower than with one. One key-first primary key does both jobs: uniqueness within a revision, and getValueHistory
// (every revision of one key) as a prefix scan. Reading a whole revision (publish, diff, series and export of a
// revision, unit check) uses a narrow (city, revision) index; its inserts always land at the right edge.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table observation drop constraint observation_pkey`.execute(db);
  await sql`drop index observation_key_idx`.execute(db);
  await sql`alter table observation add constraint observation_pkey
    primary key (city_code, unit_code, measure_code, dimension, period, revision_id)`.execute(db);
  await sql`create index observation_revision_idx on observation (city_code, revision_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index observation_revision_idx`.execute(db);
  await sql`alter table observation drop constraint observation_pkey`.execute(db);
  await sql`alter table observation add constraint observation_pkey
    primary key (city_code, revision_id, unit_code, measure_code, dimension, period)`.execute(db);
  await sql`create index observation_key_idx on observation (city_code, unit_code, measure_code, dimension, period)`.execute(
    db,
  );
}
