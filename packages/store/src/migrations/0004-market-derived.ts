// Derived market indicators (issue 4, SPEC §3.2), kept in the store so the dashboard, the reports and the warning list
// read them instead of recomputing: destocking cycles per unit, basis, property type and period; changes, trailing
// averages and shares of the city total per market series; the warnings the profile's rules raise. They are caches of
// functions of published_value and the profile: market-derived.ts recomputes them after each publish (only the units
// that changed, or all of them when the city total changed) and derived_state records with which profile and when.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table derived_cycle (
    city_code text not null,
    unit_code text not null,
    basis text not null check (basis in ('area', 'units')),
    property_type text not null,
    period text not null,
    period_grain text not null,
    period_end date not null,
    kind text not null check (kind in ('months', 'no-sales', 'no-data')),
    months numeric,
    months_used integer not null,
    partial boolean not null,
    band_id text,
    range_position text check (range_position in ('below', 'within', 'above')),
    inventory numeric not null,
    sales_sum numeric,
    inventory_revision_id bigint not null,
    -- The series has a row coarser than a month: its cycles are computed row by row (see market-derived.ts).
    mixed boolean not null default false
  )`.execute(db);
  // No primary key: a cache whose rows stand one-to-one for published_value's stock rows (whose key makes them
  // unique). A narrow index serves the per-unit deletes and reads, and is cheap to rebuild after a full recompute.
  await sql`create index derived_cycle_unit_idx on derived_cycle (city_code, unit_code)`.execute(db);
  await sql`create index derived_cycle_mixed_idx on derived_cycle (city_code, unit_code) where mixed`.execute(db);
  await sql`create table derived_change (
    city_code text not null,
    unit_code text not null,
    measure_code text not null,
    dimension text not null,
    period text not null,
    period_grain text not null,
    period_start date not null,
    value numeric not null,
    yoy numeric,
    pop numeric,
    trailing_avg numeric,
    trailing_periods integer not null,
    share numeric,
    primary key (city_code, unit_code, measure_code, dimension, period)
  )`.execute(db);
  await sql`create table market_warning (
    city_code text not null,
    unit_code text not null,
    rule_id text not null,
    period text not null,
    state text not null check (state in ('pending', 'raised', 'active', 'cleared')),
    level text,
    since text,
    value numeric,
    threshold numeric,
    primary key (city_code, unit_code, rule_id, period)
  )`.execute(db);
  await sql`create table derived_state (
    city_code text primary key,
    profile_id text not null,
    profile_version text not null,
    window_months integer not null,
    computed_at timestamptz not null,
    units_recomputed integer not null,
    full_recompute boolean not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['derived_state', 'market_warning', 'derived_change', 'derived_cycle']) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
