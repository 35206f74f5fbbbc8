// Observations: the rows a revision states (历史库, append-only) and the "nothing is lost" views over them.
import { sql } from 'kysely';
import { COPY_CHUNK_CHARS, copyField } from './copy-text.js';
import { StoreError, storeMessages } from './errors.js';
import { lockDraft } from './revisions.js';
import { assertCodesInScope, type WriteScope } from './write-scope.js';
import type { PeriodGrain, RevisionKind, RevisionStatus } from './schema.js';
import type { Queryable, StoreTx } from './store.js';

/** One figure: a measure of a unit for a period, in a dimension ('' = the total). `value` is a decimal string. */
export interface ObservationRow {
  readonly unitCode: string;
  readonly measureCode: string;
  readonly dimension: string;
  /** Canonical period code: '2025-12' | '2025Q4' | '2025' | '2021-2025'. */
  readonly period: string;
  readonly periodGrain: PeriodGrain;
  /** 'YYYY-MM-DD', first day of the period. */
  readonly periodStart: string;
  /** 'YYYY-MM-DD', last day of the period. */
  readonly periodEnd: string;
  readonly value: string;
  readonly uom: string;
  readonly sourceRef: string | null;
}

/** Identifies one published figure. */
export interface ValueKey {
  readonly cityCode: string;
  readonly unitCode: string;
  readonly measureCode: string;
  /** Default '' (the total). */
  readonly dimension?: string;
  readonly period: string;
}

export interface PublishedValue {
  readonly value: string;
  readonly uom: string;
  readonly periodGrain: PeriodGrain;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** The revision that set this value. */
  readonly revisionId: string;
}

/** One revision's statement of a key, with the revision's who / when / why. */
export interface ValueHistoryEntry {
  readonly revisionId: string;
  readonly value: string;
  readonly uom: string;
  readonly sourceRef: string | null;
  readonly kind: RevisionKind;
  readonly status: RevisionStatus;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly reason: string;
  readonly sourceFile: string | null;
  readonly publishedBy: string | null;
  readonly publishedAt: string | null;
  /** This revision supplied the value now in the published view. */
  readonly current: boolean;
}

const OBSERVATION_COLUMNS = [
  'city_code',
  'revision_id',
  'unit_code',
  'measure_code',
  'dimension',
  'period',
  'period_grain',
  'period_start',
  'period_end',
  'value',
  'uom',
  'source_ref',
] as const;

// How many unknown unit codes an error names.
const UNKNOWN_UNITS_SHOWN = 20;

// Writes at least this large refresh the planner's statistics on observation.
const ANALYZE_AFTER_ROWS = 1000;

// Characters of COPY text handed to the engine at a time (about 500 observations; see COPY_CHUNK_CHARS).
const CHUNK_CHARS = COPY_CHUNK_CHARS;

/**
 * Append rows to a draft revision with COPY (streaming on PostgreSQL) and add them to its row count. Every unit must
 * exist in the city; otherwise the call throws and, with the transaction, nothing is written. With a `scope` (a
 * district editor's district, a department user's measures) a row outside it refuses the whole write the same way.
 *
 * @example
 * await store.transaction((tx) => writeObservations(tx, revisionId, '620700', rows));
 * // → 1440
 */
export async function writeObservations(
  tx: StoreTx,
  revisionId: string,
  cityCode: string,
  rows: AsyncIterable<ObservationRow> | Iterable<ObservationRow>,
  scope?: WriteScope,
): Promise<number> {
  await lockDraft(tx, { cityCode, revisionId }, 'write');
  // Every row's unit and measure, gathered while encoding: the checks then read a few hundred codes, not the rows.
  const unitCodes = new Set<string>();
  const measureCodes = new Set<string>();
  const written = await tx.copyText(
    'observation',
    OBSERVATION_COLUMNS,
    encodeRows(rows, cityCode, revisionId, unitCodes, measureCodes),
  );
  const unknown = await unknownUnits(tx, cityCode, unitCodes);
  if (unknown.length > 0) throw new StoreError('unknown-units', storeMessages.unknownUnits(cityCode, unknown));
  if (scope !== undefined) await assertCodesInScope(tx, cityCode, unitCodes, measureCodes, scope);
  // Fresh statistics (they roll back with the transaction): without them the planner takes the new revision for a
  // handful of rows and joins it to published_value row by row, which turns a diff of 200,000 rows into minutes.
  // PGlite has no autovacuum, and autovacuum on PostgreSQL cannot see rows that are not committed yet.
  if (written >= ANALYZE_AFTER_ROWS) await sql`analyze observation`.execute(tx.db);
  await tx.db
    .updateTable('revision')
    .set((eb) => ({ row_count: eb('row_count', '+', written) }))
    .where('city_code', '=', cityCode)
    .where('revision_id', '=', revisionId)
    .execute();
  return written;
}

/** The codes (sorted, at most UNKNOWN_UNITS_SHOWN) that are not spatial units of the city. */
async function unknownUnits(tx: StoreTx, cityCode: string, unitCodes: ReadonlySet<string>): Promise<string[]> {
  if (unitCodes.size === 0) return [];
  const { rows } = await sql<{ unit_code: string }>`
    select c.unit_code from unnest(${[...unitCodes]}::text[]) as c (unit_code)
    where not exists (select 1 from spatial_unit u where u.city_code = ${cityCode} and u.unit_code = c.unit_code)
    order by c.unit_code
    limit ${UNKNOWN_UNITS_SHOWN}`.execute(tx.db);
  return rows.map((row) => row.unit_code);
}

/** The rows as COPY text lines in OBSERVATION_COLUMNS order, in chunks, adding each row's unit to `unitCodes`. */
async function* encodeRows(
  rows: AsyncIterable<ObservationRow> | Iterable<ObservationRow>,
  cityCode: string,
  revisionId: string,
  unitCodes: Set<string>,
  measureCodes: Set<string>,
): AsyncGenerator<string> {
  const prefix = `${copyField(cityCode)}\t${copyField(revisionId)}\t`;
  const f = copyField;
  // Small chunks, joined into flat strings: the lines die young instead of being kept alive by a long rope.
  let lines: string[] = [];
  let chars = 0;
  for await (const row of rows) {
    unitCodes.add(row.unitCode);
    measureCodes.add(row.measureCode);
    const line = `${prefix}${f(row.unitCode)}\t${f(row.measureCode)}\t${f(row.dimension)}\t${f(row.period)}\t${f(row.periodGrain)}\t${f(row.periodStart)}\t${f(row.periodEnd)}\t${f(row.value)}\t${f(row.uom)}\t${f(row.sourceRef)}\n`;
    lines.push(line);
    chars += line.length;
    if (chars >= CHUNK_CHARS) {
      yield lines.join('');
      lines = [];
      chars = 0;
    }
  }
  if (lines.length > 0) yield lines.join('');
}

/** The published (正式库) value of one key, or undefined. */
export async function getPublishedValue(store: Queryable, key: ValueKey): Promise<PublishedValue | undefined> {
  const row = await store.db
    .selectFrom('published_value')
    .select(['value', 'uom', 'period_grain', 'period_start', 'period_end', 'revision_id'])
    .where('city_code', '=', key.cityCode)
    .where('unit_code', '=', key.unitCode)
    .where('measure_code', '=', key.measureCode)
    .where('dimension', '=', key.dimension ?? '')
    .where('period', '=', key.period)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    value: row.value,
    uom: row.uom,
    periodGrain: row.period_grain,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    revisionId: row.revision_id,
  };
}

/**
 * Every revision that stated this key — drafts and discarded ones included — oldest first: the 历史库 view in
 * which nothing is lost.
 */
export async function getValueHistory(store: Queryable, key: ValueKey): Promise<ValueHistoryEntry[]> {
  const dimension = key.dimension ?? '';
  const rows = await store.db
    .selectFrom('observation as o')
    .innerJoin('revision as r', (join) =>
      join.onRef('r.city_code', '=', 'o.city_code').onRef('r.revision_id', '=', 'o.revision_id'),
    )
    .leftJoin('published_value as p', (join) =>
      join
        .onRef('p.city_code', '=', 'o.city_code')
        .onRef('p.unit_code', '=', 'o.unit_code')
        .onRef('p.measure_code', '=', 'o.measure_code')
        .onRef('p.dimension', '=', 'o.dimension')
        .onRef('p.period', '=', 'o.period'),
    )
    .select([
      'o.revision_id',
      'o.value',
      'o.uom',
      'o.source_ref',
      'r.kind',
      'r.status',
      'r.created_by',
      'r.created_at',
      'r.reason',
      'r.source_file',
      'r.published_by',
      'r.published_at',
      'p.revision_id as current_revision_id',
    ])
    .where('o.city_code', '=', key.cityCode)
    .where('o.unit_code', '=', key.unitCode)
    .where('o.measure_code', '=', key.measureCode)
    .where('o.dimension', '=', dimension)
    .where('o.period', '=', key.period)
    .orderBy('o.revision_id')
    .execute();
  return rows.map((row) => ({
    revisionId: row.revision_id,
    value: row.value,
    uom: row.uom,
    sourceRef: row.source_ref,
    kind: row.kind,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    reason: row.reason,
    sourceFile: row.source_file,
    publishedBy: row.published_by,
    publishedAt: row.published_at?.toISOString() ?? null,
    current: row.current_revision_id === row.revision_id,
  }));
}
