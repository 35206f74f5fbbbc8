// Time series of one measure, from the published view or from one revision, optionally rolled up to a coarser
// grain in SQL by the measure's rule (SPEC §2: sum for flows, end-of-period for stocks, average for prices).
import { sql, type RawBuilder } from 'kysely';
import { StoreError, storeMessages } from './errors.js';
import { periodBounds } from './period-bounds.js';
import type { PeriodGrain } from './schema.js';
import type { Queryable } from './store.js';

/** How finer periods combine into a coarser one. */
export type RollUpRule =
  | { readonly kind: 'sum' }
  | { readonly kind: 'end' }
  | { readonly kind: 'mean' }
  | { readonly kind: 'weighted-mean'; readonly weightMeasure: string; readonly weightDimension?: string };

export interface SeriesQuery {
  readonly cityCode: string;
  readonly measureCode: string;
  /** Default '' (the total). */
  readonly dimension?: string;
  /** Default: every unit. */
  readonly unitCodes?: readonly string[];
  /** Periods starting on or after this period's first day. */
  readonly fromPeriod?: string;
  /** Periods ending on or before this period's last day. */
  readonly toPeriod?: string;
  /** Default: every row as stored, whatever its grain. */
  readonly grain?: PeriodGrain;
  /** With a quarter or year `grain`: roll finer rows up by this rule. Without it only rows stored at `grain` return. */
  readonly rollUp?: RollUpRule;
  /** Read this revision's rows (any status) instead of the published view. */
  readonly revisionId?: string;
}

export interface SeriesPoint {
  readonly unitCode: string;
  readonly period: string;
  readonly periodGrain: PeriodGrain;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** Decimal string. Means are exact to 16 decimal places at least, trailing zeros trimmed. */
  readonly value: string;
  /** The revision of a stored row; for a rolled-up row the latest revision among its inputs. */
  readonly revisionId: string;
  /** False when a rolled-up sum or mean is missing some of its months (or quarters). */
  readonly complete: boolean;
}

interface SeriesDbRow {
  unit_code: string;
  period: string;
  period_grain: PeriodGrain;
  period_start: string;
  period_end: string;
  value: string;
  revision_id: string;
  complete: boolean;
}

interface Bounds {
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * A measure's series per unit, ordered by unit and period. With `grain` coarser than the stored rows and a `rollUp`
 * rule, finer rows are combined in SQL; a period already stored at `grain` is returned as stored. Months are used
 * where both months and quarters exist for a target period.
 *
 * @example
 * await getSeries(store, { cityCode: '620700', measureCode: 'sales_area', grain: 'year', rollUp: { kind: 'sum' } });
 * // → [{ unitCode: '620702', period: '2025', value: '78.5', complete: true, … }, …]
 */
export async function getSeries(store: Queryable, query: SeriesQuery): Promise<SeriesPoint[]> {
  if (query.unitCodes !== undefined && query.unitCodes.length === 0) return [];
  const bounds: Bounds = {
    from: query.fromPeriod === undefined ? null : periodBounds(query.fromPeriod).start,
    to: query.toPeriod === undefined ? null : periodBounds(query.toPeriod).end,
  };
  const values = sourceRows(query, query.measureCode, query.dimension ?? '', bounds);
  let statement: RawBuilder<SeriesDbRow>;
  if (query.grain === undefined) {
    statement = sql<SeriesDbRow>`
      select unit_code, period, period_grain, period_start, period_end, value, revision_id, true as complete
      from (${values}) s
      where ${within(sql`period_start`, sql`period_end`, bounds)}
      order by unit_code, period_start, period_end`;
  } else if (query.rollUp === undefined || query.grain === 'month') {
    statement = sql<SeriesDbRow>`
      select unit_code, period, period_grain, period_start, period_end, value, revision_id, true as complete
      from (${values}) s
      where period_grain = ${query.grain} and ${within(sql`period_start`, sql`period_end`, bounds)}
      order by unit_code, period_start`;
  } else if (query.grain === 'quarter' || query.grain === 'year') {
    statement = rollUpStatement(query, query.grain, query.rollUp, values, bounds);
  } else {
    throw new StoreError('bad-roll-up', storeMessages.badRollUp(query.grain));
  }
  const { rows } = await statement.execute(store.db);
  return rows.map((row) => ({
    unitCode: row.unit_code,
    period: row.period,
    periodGrain: row.period_grain,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    value: row.value,
    revisionId: row.revision_id,
    complete: row.complete,
  }));
}

/** Rows of one measure and dimension that overlap the bounds, from the published view or one revision. */
function sourceRows(query: SeriesQuery, measureCode: string, dimension: string, bounds: Bounds): RawBuilder<unknown> {
  const table = query.revisionId === undefined ? sql`published_value` : sql`observation`;
  const revision = query.revisionId === undefined ? sql`` : sql`and revision_id = ${query.revisionId}`;
  const units = query.unitCodes === undefined ? sql`` : sql`and unit_code in (${sql.join(query.unitCodes)})`;
  const lower = bounds.from === null ? sql`` : sql`and period_end >= ${bounds.from}::date`;
  const upper = bounds.to === null ? sql`` : sql`and period_start <= ${bounds.to}::date`;
  return sql`
    select unit_code, period, period_grain, period_start, period_end, value, revision_id
    from ${table}
    where city_code = ${query.cityCode} ${revision} and measure_code = ${measureCode} and dimension = ${dimension}
      ${units} ${lower} ${upper}`;
}

/** `start >= from and end <= to`, for whichever bounds are set. */
function within(start: RawBuilder<unknown>, end: RawBuilder<unknown>, bounds: Bounds): RawBuilder<unknown> {
  const lower = bounds.from === null ? sql`true` : sql`${start} >= ${bounds.from}::date`;
  const upper = bounds.to === null ? sql`true` : sql`${end} <= ${bounds.to}::date`;
  return sql`${lower} and ${upper}`;
}

function rollUpStatement(
  query: SeriesQuery,
  grain: 'quarter' | 'year',
  rule: RollUpRule,
  values: RawBuilder<unknown>,
  bounds: Bounds,
): RawBuilder<SeriesDbRow> {
  // Constants from closed unions only, so sql.lit / sql.raw never see caller text.
  const targetMonths = grain === 'quarter' ? 3 : 12;
  const finer = grain === 'quarter' ? sql`('month')` : sql`('month', 'quarter')`;
  const periodCode =
    grain === 'quarter' ? sql`to_char(t_start, 'YYYY') || 'Q' || to_char(t_start, 'Q')` : sql`to_char(t_start, 'YYYY')`;
  // A target period is complete when every month (or every quarter) of it is present.
  const allPresent = (counted: RawBuilder<unknown>) =>
    sql`count(${counted}) = ${sql.lit(targetMonths)} / min(src_months)`;

  let weights = sql`null::numeric as weight`;
  let weightJoin = sql``;
  let aggregate: RawBuilder<unknown>;
  switch (rule.kind) {
    case 'sum':
      aggregate = sql`sum(value) as value, max(revision_id) as revision_id, ${allPresent(sql`*`)} as complete`;
      break;
    case 'end':
      // The last month's (or quarter's) value, or nothing: a stock is not estimated from earlier months.
      aggregate = sql`max(value) filter (where period_end = t_end) as value,
        max(revision_id) filter (where period_end = t_end) as revision_id, true as complete`;
      break;
    case 'mean':
      aggregate = sql`trim_scale(avg(value)) as value, max(revision_id) as revision_id,
        ${allPresent(sql`*`)} as complete`;
      break;
    case 'weighted-mean': {
      const weightRows = sourceRows(query, rule.weightMeasure, rule.weightDimension ?? '', bounds);
      weights = sql`w.value as weight`;
      weightJoin = sql`left join (${weightRows}) w on w.unit_code = s.unit_code and w.period = s.period`;
      // Periods without a weight drop out of both sums; the result is then marked incomplete.
      aggregate = sql`trim_scale(sum(value * weight) / nullif(sum(weight), 0)) as value,
        max(revision_id) as revision_id, ${allPresent(sql`weight`)} as complete`;
      break;
    }
  }

  return sql<SeriesDbRow>`
    with s as (${values}),
    direct as (
      select unit_code, period, period_grain, period_start, period_end, value, revision_id
      from s where period_grain = ${sql.lit(grain)}
    ),
    fine as (
      select s.unit_code, s.period_end, s.value, s.revision_id, ${weights},
        date_trunc(${sql.lit(grain)}, s.period_start::timestamp)::date as t_start,
        case s.period_grain when 'month' then 1 else 3 end as src_months
      from s ${weightJoin}
      where s.period_grain in ${finer}
    ),
    ranked as (
      select fine.*, (t_start + interval ${sql.lit(`${targetMonths} months`)})::date - 1 as t_end,
        min(src_months) over (partition by unit_code, t_start) as best_months
      from fine
    ),
    rolled as (
      select unit_code, t_start, min(t_end) as t_end, ${aggregate}
      from ranked where src_months = best_months
      group by unit_code, t_start
    )
    select unit_code, period, period_grain, period_start, period_end, value, revision_id, true as complete
    from direct
    where ${within(sql`period_start`, sql`period_end`, bounds)}
    union all
    select unit_code, ${periodCode} as period, ${sql.lit(grain)} as period_grain, t_start as period_start,
      t_end as period_end, value, revision_id, complete
    from rolled r
    where value is not null
      and not exists (select 1 from direct d where d.unit_code = r.unit_code and d.period_start = r.t_start)
      and ${within(sql`t_start`, sql`t_end`, bounds)}
    order by unit_code, period_start`;
}
