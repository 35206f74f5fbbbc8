// The derived market indicators kept in the store (migration 0004): destocking cycles and market-series changes are
// recomputed here, in SQL, over published_value — set-based, because PGlite is slow at handing millions of rows to
// JS. core/market states the rules (destockingCycle, classifyCycle, yearOnYear, periodOnPeriod, trailingAverage,
// shareOfTotal) and explains single values; these statements compute the same numbers for every unit and period at
// once, and market-derived.test.ts checks them against core on random data with mixed grains.
//
// Rules mirrored from core/market/destocking-cycle.ts, for a stock row of inventory at the end of period P:
// - window: the W months ending with P's last month (W = the profile's destocking.windowMonths);
// - usable sales: rows of the same unit, type and basis lying wholly inside the window, a coarser row only when no
//   finer row lies inside its span (calendar periods nest, so this is core's "finest grain first, no month twice");
// - when no row lies inside the window (a window shorter than the data's grain), the shortest row ending with P
//   stands in;
// - cycle = inventory × months used ÷ Σ sales; Σ sales ≤ 0 → no-sales; no sales rows → no-data; months used < W →
//   partial. Rows without inventory have no cycle row (core calls them no-data/inventory).
// A monthly stock row takes the sum of one window over its series' monthly sales rows (the W months up to it), the
// stock row looked up by key from each sales row — exact for a series (unit, basis, type) whose sales rows are all
// monthly and have a row that month, the bulk; every other stock row (not monthly, no sales row that month, a series
// with a coarser sales row) is flagged `mixed` and redone by a lateral join over its sales rows (fixMixedCycles).
// Both give core's numbers.
import { sql, type RawBuilder } from 'kysely';
import { normaliseDecimal } from '@anju/core';
import type { DerivedChangeTable } from './schema.js';
import type { Queryable, StoreTx } from './store.js';

/** A display band or the reasonable range, as the profile states it (absent bounds are open). */
export interface DerivedBounds {
  readonly id?: string;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly minInclusive: boolean;
  readonly maxInclusive: boolean;
}

export interface DerivedMarketParameters {
  readonly cityCode: string;
  /** destocking.windowMonths of the profile. */
  readonly windowMonths: number;
  /** destocking.reasonableRangeMonths. */
  readonly reasonableRange: DerivedBounds;
  /** destocking.bands, in profile order (the first containing band wins). */
  readonly bands: readonly (DerivedBounds & { readonly id: string })[];
  /** Recompute only these units; undefined: every unit of the city. */
  readonly unitCodes?: readonly string[];
}

/** The measures whose changes, trailing averages and shares are kept (every market series core/market reads). */
export const DERIVED_CHANGE_MEASURES: readonly string[] = [
  'housing.inventory-area',
  'housing.inventory-units',
  'housing.sales-area',
  'housing.sales-units',
  'housing.price-new',
  'housing.price-second-hand',
  'housing.rent',
  'land.price-residential',
];

const CYCLE_PAIRS = sql`(values ('area', 'housing.inventory-area', 'housing.sales-area'),
                                ('units', 'housing.inventory-units', 'housing.sales-units'))
                        as pair(basis, inventory_measure, sales_measure)`;

/** Month index of a date (year × 12 + month), for spans in whole months. */
const monthIndex = (column: string): RawBuilder<number> =>
  sql<number>`(extract(year from ${sql.ref(column)})::int * 12 + extract(month from ${sql.ref(column)})::int)`;

/** `column` satisfies the bounds (min/max with their inclusive flags; absent bounds are open). */
function within(column: string, b: DerivedBounds): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  const ref = sql.ref(column);
  if (b.min !== undefined) parts.push(b.minInclusive ? sql`${ref} >= ${b.min}` : sql`${ref} > ${b.min}`);
  if (b.max !== undefined) parts.push(b.maxInclusive ? sql`${ref} <= ${b.max}` : sql`${ref} < ${b.max}`);
  return parts.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

function bandCase(column: string, bands: DerivedMarketParameters['bands']): RawBuilder<string | null> {
  if (bands.length === 0) return sql<null>`null::text`;
  const whens = bands.map((b) => sql`when ${within(column, b)} then ${b.id}`);
  return sql<string | null>`case ${sql.join(whens, sql` `)} else null end`;
}

function positionCase(column: string, range: DerivedBounds): RawBuilder<string> {
  const ref = sql.ref(column);
  const below =
    range.min === undefined
      ? sql`false`
      : range.minInclusive
        ? sql`${ref} < ${range.min}`
        : sql`${ref} <= ${range.min}`;
  const above =
    range.max === undefined
      ? sql`false`
      : range.maxInclusive
        ? sql`${ref} > ${range.max}`
        : sql`${ref} >= ${range.max}`;
  return sql<string>`case when ${below} then 'below' when ${above} then 'above' else 'within' end`;
}

const unitFilter = (alias: string, units: readonly string[] | undefined): RawBuilder<boolean> =>
  units === undefined
    ? sql<boolean>`true`
    : sql<boolean>`${sql.ref(`${alias}.unit_code`)} = any(${[...units]}::text[])`;

/** A sales row is shadowed when a shorter row of the same series lies inside its span (core counts no month twice). */
const notShadowed = (alias: string): RawBuilder<boolean> => sql<boolean>`(${sql.ref(`${alias}.period_grain`)} = 'month'
  or not exists (select 1 from published_value f
                 where f.city_code = ${sql.ref(`${alias}.city_code`)} and f.unit_code = ${sql.ref(`${alias}.unit_code`)}
                   and f.measure_code = ${sql.ref(`${alias}.measure_code`)}
                   and f.dimension = ${sql.ref(`${alias}.dimension`)}
                   and f.period_start >= ${sql.ref(`${alias}.period_start`)}
                   and f.period_end <= ${sql.ref(`${alias}.period_end`)}
                   and f.period_end - f.period_start < ${sql.ref(`${alias}.period_end`)} - ${sql.ref(`${alias}.period_start`)}))`;

/**
 * Recomputes derived_cycle for the city (or `unitCodes`): deletes their rows and inserts every stock row's cycle.
 * Returns the number of cycle rows written.
 */
export async function recomputeDerivedCycles(tx: StoreTx, p: DerivedMarketParameters): Promise<number> {
  const w = p.windowMonths;
  if (!Number.isInteger(w) || w < 1) throw new RangeError(`windowMonths must be a positive integer, got ${w}`);
  const full = p.unitCodes === undefined;
  if (full) {
    // A full recompute is a bulk load: empty the city's rows (TRUNCATE when no other city has any), drop the index
    // and build it again after the insert — one sorted index build instead of a btree insert per row.
    const other = await sql<{ n: number }>`select count(*)::int as n from (select 1 from derived_cycle
                                           where city_code <> ${p.cityCode} limit 1) x`.execute(tx.db);
    if (other.rows[0]?.n === 0) await sql`truncate derived_cycle`.execute(tx.db);
    else await sql`delete from derived_cycle where city_code = ${p.cityCode}`.execute(tx.db);
    await sql`drop index derived_cycle_unit_idx`.execute(tx.db);
  } else {
    await sql`delete from derived_cycle d where d.city_code = ${p.cityCode} and ${unitFilter('d', p.unitCodes)}`.execute(
      tx.db,
    );
  }
  const result = await sql`
    insert into derived_cycle (city_code, unit_code, basis, property_type, period, period_grain, period_end, kind,
                               months, months_used, partial, band_id, range_position, inventory, sales_sum,
                               inventory_revision_id, mixed)
    with sales_window as (
      select pair.basis, pair.inventory_measure, s.unit_code, s.dimension, s.period, s.period_grain,
             bool_or(s.period_grain <> 'month') over (partition by s.unit_code, pair.basis, s.dimension) as mixed,
             sum(s.value) over w as window_sum, count(*) over w as window_months
      from published_value s join ${CYCLE_PAIRS} on s.measure_code = pair.sales_measure
      where s.city_code = ${p.cityCode} and ${unitFilter('s', p.unitCodes)}
      window w as (partition by s.unit_code, pair.basis, s.dimension order by s.period_start
                   range between ${sql.raw(`interval '${w - 1} months'`)} preceding and current row)
    ),
    cycles as (
      -- Each monthly sales row's window, with the stock row of the same month looked up by its key. A series with a
      -- coarser sales row is flagged and redone by fixMixedCycles; stock rows without a monthly sales row that month
      -- are added by the second statement below.
      select sw.basis, i.unit_code, i.dimension, i.period, i.period_grain, i.period_end, i.value as inventory,
             i.revision_id, sw.mixed, sw.window_sum as sales_sum, sw.window_months::int as months_used
      from sales_window sw
      join published_value i
        on i.city_code = ${p.cityCode} and i.unit_code = sw.unit_code and i.measure_code = sw.inventory_measure
       and i.dimension = sw.dimension and i.period = sw.period
      where sw.period_grain = 'month'
    ),
    valued as (
      select *, case when months_used = 0 then 'no-data' when sales_sum <= 0 then 'no-sales' else 'months' end as kind,
             case when months_used > 0 and sales_sum > 0 then inventory * months_used / sales_sum end as months
      from cycles
    )
    select ${p.cityCode} as city_code, unit_code, basis, dimension as property_type, period, period_grain, period_end,
           kind, months, months_used, months_used > 0 and months_used < ${w} as partial,
           ${bandCase('months', p.bands)} as band_id,
           case when kind = 'months' then ${positionCase('months', p.reasonableRange)} end as range_position,
           inventory, case when months_used > 0 then sales_sum end as sales_sum, revision_id as inventory_revision_id,
           mixed
    from valued`.execute(tx.db);
  if (full) {
    await sql`create index derived_cycle_unit_idx on derived_cycle (city_code, unit_code)`.execute(tx.db);
  }
  // Stock rows the first statement did not reach (not monthly, or no monthly sales row that month): added as mixed
  // rows for fixMixedCycles. Counting first spares the anti-join in the common case where every row was reached.
  let written = Number(result.numAffectedRows ?? 0n);
  const stock = await sql<{ n: number }>`select count(*)::int as n from published_value i
    where i.city_code = ${p.cityCode} and ${unitFilter('i', p.unitCodes)}
      and i.measure_code in ('housing.inventory-area', 'housing.inventory-units')`.execute(tx.db);
  if ((stock.rows[0]?.n ?? 0) > written) {
    const added = await sql`
      insert into derived_cycle (city_code, unit_code, basis, property_type, period, period_grain, period_end, kind,
                                 months, months_used, partial, band_id, range_position, inventory, sales_sum,
                                 inventory_revision_id, mixed)
      select ${p.cityCode}, i.unit_code, pair.basis, i.dimension, i.period, i.period_grain, i.period_end, 'no-data',
             null, 0, false, null, null, i.value, null, i.revision_id, true
      from published_value i join ${CYCLE_PAIRS} on i.measure_code = pair.inventory_measure
      where i.city_code = ${p.cityCode} and ${unitFilter('i', p.unitCodes)}
        and not exists (select 1 from derived_cycle d
                        where d.city_code = i.city_code and d.unit_code = i.unit_code and d.basis = pair.basis
                          and d.property_type = i.dimension and d.period = i.period)`.execute(tx.db);
    written += Number(added.numAffectedRows ?? 0n);
  }
  await fixMixedCycles(tx, p);
  return written;
}

/**
 * Redoes the cycles of series with a row coarser than a month (found through the partial index on `mixed`): their
 * sales in the window are summed finest grain first (notShadowed), or the own flow of a period longer than the window
 * stands in — core's rule — and kind, months, band and position follow.
 */
async function fixMixedCycles(tx: StoreTx, p: DerivedMarketParameters): Promise<void> {
  const w = p.windowMonths;
  const scope = sql<boolean>`d.city_code = ${p.cityCode} and d.mixed and ${unitFilter('d', p.unitCodes)}`;
  await sql`
    update derived_cycle d set sales_sum = x.sales_sum, months_used = x.months_used
    from (
      select st.unit_code, st.basis, st.property_type, st.period,
             coalesce(inside.sales_sum, own.value) as sales_sum,
             coalesce(inside.months_used, own.months_used, 0) as months_used
      from derived_cycle st
      join ${CYCLE_PAIRS} on pair.basis = st.basis
      left join lateral (
        select sum(s.value) as sales_sum,
               sum(${monthIndex('s.period_end')} - ${monthIndex('s.period_start')} + 1)::int as months_used
        from published_value s
        where s.city_code = st.city_code and s.unit_code = st.unit_code and s.measure_code = pair.sales_measure
          and s.dimension = st.property_type and s.period_end <= st.period_end
          and s.period_start >= (date_trunc('month', st.period_end) - ${sql.raw(`interval '${w - 1} months'`)})::date
          and ${notShadowed('s')}
        having count(*) > 0
      ) inside on true
      left join lateral (
        select s.value, (${monthIndex('s.period_end')} - ${monthIndex('s.period_start')} + 1)::int as months_used
        from published_value s
        where inside.sales_sum is null
          and s.city_code = st.city_code and s.unit_code = st.unit_code and s.measure_code = pair.sales_measure
          and s.dimension = st.property_type and s.period_end = st.period_end
          and s.period_start < (date_trunc('month', st.period_end) - ${sql.raw(`interval '${w - 1} months'`)})::date
        order by s.period_end - s.period_start
        limit 1
      ) own on true
      where st.city_code = ${p.cityCode} and st.mixed and ${unitFilter('st', p.unitCodes)}
    ) x
    where ${scope} and d.unit_code = x.unit_code and d.basis = x.basis and d.property_type = x.property_type
      and d.period = x.period`.execute(tx.db);
  await sql`
    update derived_cycle d
    set kind = case when months_used = 0 then 'no-data' when sales_sum <= 0 then 'no-sales' else 'months' end,
        months = case when months_used > 0 and sales_sum > 0 then inventory * months_used / sales_sum end,
        partial = months_used > 0 and months_used < ${w},
        sales_sum = case when months_used > 0 then sales_sum end
    where ${scope}`.execute(tx.db);
  await sql`
    update derived_cycle d
    set band_id = ${bandCase('months', p.bands)},
        range_position = case when kind = 'months' then ${positionCase('months', p.reasonableRange)} end
    where ${scope}`.execute(tx.db);
}

/**
 * Recomputes derived_change for the city (or `unitCodes`): for every market series and period, year-on-year and
 * period-on-period change (ratios, null when the comparison is missing or 0), the trailing average over the window
 * (W months at month grain, ⌈W/3⌉ quarters, ⌈W/12⌉ years; partial windows average what is there) and the share of
 * the city unit's value. Returns the number of rows written.
 */
export async function recomputeDerivedChanges(
  tx: StoreTx,
  p: Pick<DerivedMarketParameters, 'cityCode' | 'windowMonths' | 'unitCodes'>,
): Promise<number> {
  const w = p.windowMonths;
  await sql`delete from derived_change d where d.city_code = ${p.cityCode} and ${unitFilter('d', p.unitCodes)}`.execute(
    tx.db,
  );
  const quarters = Math.ceil(w / 3);
  const years = Math.ceil(w / 12);
  const result = await sql`
    insert into derived_change (city_code, unit_code, measure_code, dimension, period, period_grain, period_start, value,
                                yoy, pop, trailing_avg, trailing_periods, share)
    with series as materialized (
      select v.unit_code, v.measure_code, v.dimension, v.period, v.period_grain, v.period_start, v.value
      from published_value v
      where v.city_code = ${p.cityCode} and ${unitFilter('v', p.unitCodes)}
        and v.measure_code = any(${[...DERIVED_CHANGE_MEASURES]}::text[]) and v.period_grain <> 'span'
    ),
    city_unit as (
      select unit_code from spatial_unit where city_code = ${p.cityCode} and parent_code is null
    ),
    trailed as (
      ${sql.join(
        [
          ['month', `${w - 1} months`],
          ['quarter', `${3 * (quarters - 1)} months`],
          ['year', `${years - 1} years`],
        ].map(
          ([
            grain,
            offset,
          ]) => sql`select s.*, avg(value) over w as trailing_avg, count(value) over w as trailing_periods
            from series s where s.period_grain = ${grain}
            window w as (partition by unit_code, measure_code, dimension order by period_start
                         range between ${sql.raw(`interval '${offset}'`)} preceding and current row)`,
        ),
        sql` union all `,
      )}
    )
    select ${p.cityCode}, t.unit_code, t.measure_code, t.dimension, t.period, t.period_grain, t.period_start, t.value,
           case when py.value is null or py.value = 0 then null else (t.value - py.value) / py.value end,
           case when pp.value is null or pp.value = 0 then null else (t.value - pp.value) / pp.value end,
           t.trailing_avg, t.trailing_periods,
           case when c.value is null or c.value = 0 then null else t.value / c.value end
    from trailed t
    left join published_value py
      on py.city_code = ${p.cityCode} and py.unit_code = t.unit_code and py.measure_code = t.measure_code
     and py.dimension = t.dimension and py.period_grain = t.period_grain
     and py.period = (left(t.period, 4)::int - 1)::text || substr(t.period, 5)
    left join published_value pp
      on pp.city_code = ${p.cityCode} and pp.unit_code = t.unit_code and pp.measure_code = t.measure_code
     and pp.dimension = t.dimension and pp.period_grain = t.period_grain
     and pp.period = case t.period_grain
                       when 'month' then to_char(t.period_start - interval '1 month', 'YYYY-MM')
                       when 'quarter' then to_char(t.period_start - interval '3 months', 'YYYY"Q"Q')
                       else (left(t.period, 4)::int - 1)::text end
    left join published_value c
      on c.city_code = ${p.cityCode} and c.unit_code = (select unit_code from city_unit limit 1)
     and c.measure_code = t.measure_code and c.dimension = t.dimension and c.period = t.period`.execute(tx.db);
  return Number(result.numAffectedRows ?? 0n);
}

export interface DerivedCycleRow {
  readonly unitCode: string;
  readonly basis: 'area' | 'units';
  readonly propertyType: string;
  readonly period: string;
  readonly periodGrain: string;
  readonly kind: 'months' | 'no-sales' | 'no-data';
  /** Exact decimal string; null unless kind is 'months'. */
  readonly months: string | null;
  readonly monthsUsed: number;
  readonly partial: boolean;
  readonly bandId: string | null;
  readonly rangePosition: 'below' | 'within' | 'above' | null;
  readonly inventory: string;
  readonly salesSum: string | null;
  readonly inventoryRevisionId: string;
}

export interface DerivedCycleQuery {
  readonly cityCode: string;
  readonly unitCodes?: readonly string[];
  readonly basis?: 'area' | 'units';
  readonly propertyType?: string;
  readonly period?: string;
}

/** Stored cycles, ordered by unit, basis, type and period end. */
export async function listDerivedCycles(store: Queryable, q: DerivedCycleQuery): Promise<DerivedCycleRow[]> {
  const conditions: RawBuilder<boolean>[] = [sql`d.city_code = ${q.cityCode}`, unitFilter('d', q.unitCodes)];
  if (q.basis !== undefined) conditions.push(sql`d.basis = ${q.basis}`);
  if (q.propertyType !== undefined) conditions.push(sql`d.property_type = ${q.propertyType}`);
  if (q.period !== undefined) conditions.push(sql`d.period = ${q.period}`);
  const { rows } = await sql<{
    unit_code: string;
    basis: 'area' | 'units';
    property_type: string;
    period: string;
    period_grain: string;
    kind: DerivedCycleRow['kind'];
    months: string | null;
    months_used: number;
    partial: boolean;
    band_id: string | null;
    range_position: DerivedCycleRow['rangePosition'];
    inventory: string;
    sales_sum: string | null;
    inventory_revision_id: string;
  }>`select unit_code, basis, property_type, period, period_grain, kind, months::text as months, months_used, partial,
            band_id, range_position, inventory::text as inventory, sales_sum::text as sales_sum,
            inventory_revision_id::text as inventory_revision_id
     from derived_cycle d where ${sql.join(conditions, sql` and `)}
     order by unit_code, basis, property_type, period_end, period`.execute(store.db);
  return rows.map((r) => ({
    unitCode: r.unit_code,
    basis: r.basis,
    propertyType: r.property_type,
    period: r.period,
    periodGrain: r.period_grain,
    kind: r.kind,
    months: r.months === null ? null : normaliseDecimal(r.months),
    monthsUsed: Number(r.months_used),
    partial: r.partial,
    bandId: r.band_id,
    rangePosition: r.range_position,
    inventory: r.inventory,
    salesSum: r.sales_sum,
    inventoryRevisionId: r.inventory_revision_id,
  }));
}

export interface DerivedChangeRow {
  readonly unitCode: string;
  readonly measureCode: string;
  readonly dimension: string;
  readonly period: string;
  readonly periodGrain: string;
  readonly value: string;
  readonly yoy: string | null;
  readonly pop: string | null;
  readonly trailingAvg: string | null;
  readonly trailingPeriods: number;
  readonly share: string | null;
}

/** Stored changes of the market series, ordered by unit, measure, dimension and period start. */
export async function listDerivedChanges(
  store: Queryable,
  q: { cityCode: string; unitCodes?: readonly string[]; measureCode?: string; dimension?: string },
): Promise<DerivedChangeRow[]> {
  const conditions: RawBuilder<boolean>[] = [sql`d.city_code = ${q.cityCode}`, unitFilter('d', q.unitCodes)];
  if (q.measureCode !== undefined) conditions.push(sql`d.measure_code = ${q.measureCode}`);
  if (q.dimension !== undefined) conditions.push(sql`d.dimension = ${q.dimension}`);
  const { rows } = await sql<
    Omit<DerivedChangeTable, 'city_code' | 'period_start'>
  >`select unit_code, measure_code, dimension, period, period_grain, value::text as value, yoy::text as yoy,
            pop::text as pop, trailing_avg::text as trailing_avg, trailing_periods, share::text as share
     from derived_change d where ${sql.join(conditions, sql` and `)}
     order by unit_code, measure_code, dimension, period_start, period`.execute(store.db);
  return rows.map((r) => ({
    unitCode: r.unit_code,
    measureCode: r.measure_code,
    dimension: r.dimension,
    period: r.period,
    periodGrain: r.period_grain,
    value: r.value,
    yoy: r.yoy === null ? null : normaliseDecimal(r.yoy),
    pop: r.pop === null ? null : normaliseDecimal(r.pop),
    trailingAvg: r.trailing_avg === null ? null : normaliseDecimal(r.trailing_avg),
    trailingPeriods: Number(r.trailing_periods),
    share: r.share === null ? null : normaliseDecimal(r.share),
  }));
}

/** One stored warning evaluation (only states other than 'none' are kept). */
export interface StoredWarning {
  readonly unitCode: string;
  readonly ruleId: string;
  readonly period: string;
  readonly state: 'pending' | 'raised' | 'active' | 'cleared';
  readonly level: string | null;
  readonly since: string | null;
  readonly value: string | null;
  readonly threshold: string | null;
}

/** Replaces the stored warnings of the city (or of `unitCodes`). */
export async function replaceMarketWarnings(
  tx: StoreTx,
  cityCode: string,
  unitCodes: readonly string[] | undefined,
  warnings: readonly StoredWarning[],
): Promise<void> {
  await sql`delete from market_warning d where d.city_code = ${cityCode} and ${unitFilter('d', unitCodes)}`.execute(
    tx.db,
  );
  if (warnings.length === 0) return;
  await tx.copyRows(
    'market_warning',
    ['city_code', 'unit_code', 'rule_id', 'period', 'state', 'level', 'since', 'value', 'threshold'],
    warnings.map((w) => [cityCode, w.unitCode, w.ruleId, w.period, w.state, w.level, w.since, w.value, w.threshold]),
  );
}

export interface WarningQuery {
  readonly cityCode: string;
  readonly unitCode?: string;
  readonly ruleId?: string;
  readonly level?: string;
  readonly states?: readonly StoredWarning['state'][];
  readonly fromPeriod?: string;
  readonly toPeriod?: string;
}

/** Stored warnings with filters, newest period first (period codes of one grain sort by time). */
export async function listMarketWarnings(store: Queryable, q: WarningQuery): Promise<StoredWarning[]> {
  const c: RawBuilder<boolean>[] = [sql`w.city_code = ${q.cityCode}`];
  if (q.unitCode !== undefined) c.push(sql`w.unit_code = ${q.unitCode}`);
  if (q.ruleId !== undefined) c.push(sql`w.rule_id = ${q.ruleId}`);
  if (q.level !== undefined) c.push(sql`w.level = ${q.level}`);
  if (q.states !== undefined) c.push(sql`w.state = any(${[...q.states]}::text[])`);
  if (q.fromPeriod !== undefined) c.push(sql`w.period >= ${q.fromPeriod}`);
  if (q.toPeriod !== undefined) c.push(sql`w.period <= ${q.toPeriod}`);
  const { rows } = await sql<{
    unit_code: string;
    rule_id: string;
    period: string;
    state: StoredWarning['state'];
    level: string | null;
    since: string | null;
    value: string | null;
    threshold: string | null;
  }>`select unit_code, rule_id, period, state, level, since, value::text as value, threshold::text as threshold
     from market_warning w where ${sql.join(c, sql` and `)}
     order by period desc, unit_code, rule_id`.execute(store.db);
  return rows.map((r) => ({
    unitCode: r.unit_code,
    ruleId: r.rule_id,
    period: r.period,
    state: r.state,
    level: r.level,
    since: r.since,
    value: r.value,
    threshold: r.threshold,
  }));
}

export interface DerivedState {
  readonly profileId: string;
  readonly profileVersion: string;
  readonly windowMonths: number;
  readonly computedAt: Date;
  readonly unitsRecomputed: number;
  readonly fullRecompute: boolean;
}

/** Records with which profile and when the city's derived tables were last computed. */
export async function saveDerivedState(tx: StoreTx, cityCode: string, s: DerivedState): Promise<void> {
  await sql`insert into derived_state (city_code, profile_id, profile_version, window_months, computed_at,
                                       units_recomputed, full_recompute)
            values (${cityCode}, ${s.profileId}, ${s.profileVersion}, ${s.windowMonths}, ${s.computedAt},
                    ${s.unitsRecomputed}, ${s.fullRecompute})
            on conflict (city_code) do update set profile_id = excluded.profile_id,
              profile_version = excluded.profile_version, window_months = excluded.window_months,
              computed_at = excluded.computed_at, units_recomputed = excluded.units_recomputed,
              full_recompute = excluded.full_recompute`.execute(tx.db);
}

export async function getDerivedState(store: Queryable, cityCode: string): Promise<DerivedState | undefined> {
  const { rows } = await sql<{
    profile_id: string;
    profile_version: string;
    window_months: number;
    computed_at: Date;
    units_recomputed: number;
    full_recompute: boolean;
  }>`select * from derived_state where city_code = ${cityCode}`.execute(store.db);
  const r = rows[0];
  return r === undefined
    ? undefined
    : {
        profileId: r.profile_id,
        profileVersion: r.profile_version,
        windowMonths: Number(r.window_months),
        computedAt: r.computed_at,
        unitsRecomputed: Number(r.units_recomputed),
        fullRecompute: r.full_recompute,
      };
}

/** The units whose published values a revision states (what an incremental recompute after its publish covers). */
export async function unitsOfRevision(store: Queryable, cityCode: string, revisionId: string): Promise<string[]> {
  const { rows } = await sql<{ unit_code: string }>`
    select distinct unit_code from observation where city_code = ${cityCode} and revision_id = ${revisionId}
    order by unit_code`.execute(store.db);
  return rows.map((r) => r.unit_code);
}
