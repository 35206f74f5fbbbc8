// What publishing a revision would do to the current published view, counted in SQL (PGlite is slow to return
// many rows, so callers get counts plus a few sample rows, never the whole revision).
import { sql, type Kysely } from 'kysely';
import { StoreError, storeMessages } from './errors.js';
import type { Database } from './schema.js';
import type { Queryable, StoreTx } from './store.js';

export interface DiffCounts {
  /** Keys the published view does not have yet. */
  readonly added: number;
  /** Keys whose published value (or unit of measure) differs. */
  readonly changed: number;
  /** Keys re-stated with an equal number in the same unit. */
  readonly unchanged: number;
}

export interface DiffRow {
  readonly unitCode: string;
  readonly measureCode: string;
  readonly dimension: string;
  readonly period: string;
  readonly uom: string;
  readonly newValue: string;
  /** The published value now, null for an added key. */
  readonly oldValue: string | null;
  readonly oldUom: string | null;
  /** The revision the published value came from, null for an added key. */
  readonly oldRevisionId: string | null;
}

export interface RevisionDiff extends DiffCounts {
  readonly revisionId: string;
  readonly addedRows: DiffRow[];
  readonly changedRows: DiffRow[];
  readonly unchangedRows: DiffRow[];
}

export interface DiffRequest {
  readonly cityCode: string;
  readonly revisionId: string;
  /** Sample rows per category (default 20). */
  readonly limit?: number;
}

/** Count added / changed / unchanged keys of a revision against the current published view. */
export async function countRevisionDiff(
  store: Queryable,
  ref: { readonly cityCode: string; readonly revisionId: string },
): Promise<DiffCounts> {
  const { rows } = await sql<{ added: string; changed: string; unchanged: string }>`
    select
      count(*) filter (where p.value is null) as added,
      count(*) filter (where p.value is not null and (p.value <> o.value or p.uom <> o.uom)) as changed,
      count(*) filter (where p.value = o.value and p.uom = o.uom) as unchanged
    from observation o
    left join published_value p
      on p.city_code = o.city_code and p.unit_code = o.unit_code and p.measure_code = o.measure_code
      and p.dimension = o.dimension and p.period = o.period
    where o.city_code = ${ref.cityCode} and o.revision_id = ${ref.revisionId}`.execute(store.db);
  const row = rows[0];
  return { added: Number(row?.added ?? 0), changed: Number(row?.changed ?? 0), unchanged: Number(row?.unchanged ?? 0) };
}

/**
 * Compare a revision (usually a draft) with the current published view: counts, and up to `limit` sample rows of
 * each kind in key order.
 *
 * @example
 * await diffRevision(store, { cityCode: '620700', revisionId: '3', limit: 5 });
 * // → { revisionId: '3', added: 0, changed: 1, unchanged: 2, changedRows: [{ …, oldValue: '10.5', newValue: '11' }], … }
 */
export async function diffRevision(store: Queryable, request: DiffRequest): Promise<RevisionDiff> {
  // Counts and samples from one snapshot, so they agree even while another session publishes.
  if ('transaction' in store) {
    return store.transaction(async (tx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(tx.db);
      return diffInTransaction(tx, request);
    });
  }
  return diffInTransaction(store, request);
}

async function diffInTransaction(store: StoreTx, request: DiffRequest): Promise<RevisionDiff> {
  const exists = await store.db
    .selectFrom('revision')
    .select('revision_id')
    .where('city_code', '=', request.cityCode)
    .where('revision_id', '=', request.revisionId)
    .executeTakeFirst();
  if (!exists) {
    throw new StoreError('revision-not-found', storeMessages.revisionNotFound(request.cityCode, request.revisionId));
  }
  const limit = request.limit ?? 20;
  const counts = await countRevisionDiff(store, request);
  // One after another: inside a transaction the queries share one connection, which runs one query at a time.
  const addedRows = await sampleRows(store.db, request, limit, 'added', counts.added);
  const changedRows = await sampleRows(store.db, request, limit, 'changed', counts.changed);
  const unchangedRows = await sampleRows(store.db, request, limit, 'unchanged', counts.unchanged);
  return { revisionId: request.revisionId, ...counts, addedRows, changedRows, unchangedRows };
}

async function sampleRows(
  db: Kysely<Database>,
  request: DiffRequest,
  limit: number,
  kind: keyof DiffCounts,
  count: number,
): Promise<DiffRow[]> {
  // None of this kind was counted: skip a pass over the revision.
  if (limit <= 0 || count === 0) return [];
  const rows = await db
    .selectFrom('observation as o')
    .leftJoin('published_value as p', (join) =>
      join
        .onRef('p.city_code', '=', 'o.city_code')
        .onRef('p.unit_code', '=', 'o.unit_code')
        .onRef('p.measure_code', '=', 'o.measure_code')
        .onRef('p.dimension', '=', 'o.dimension')
        .onRef('p.period', '=', 'o.period'),
    )
    .select([
      'o.unit_code',
      'o.measure_code',
      'o.dimension',
      'o.period',
      'o.uom',
      'o.value as new_value',
      'p.value as old_value',
      'p.uom as old_uom',
      'p.revision_id as old_revision_id',
    ])
    .where('o.city_code', '=', request.cityCode)
    .where('o.revision_id', '=', request.revisionId)
    // The same three rules as countRevisionDiff.
    .where((eb) => {
      switch (kind) {
        case 'added':
          return eb('p.value', 'is', null);
        case 'changed':
          return eb.and([
            eb('p.value', 'is not', null),
            eb.or([eb('p.value', '<>', eb.ref('o.value')), eb('p.uom', '<>', eb.ref('o.uom'))]),
          ]);
        case 'unchanged':
          return eb.and([eb('p.value', '=', eb.ref('o.value')), eb('p.uom', '=', eb.ref('o.uom'))]);
      }
    })
    .orderBy('o.unit_code')
    .orderBy('o.measure_code')
    .orderBy('o.dimension')
    .orderBy('o.period_start')
    .orderBy('o.period')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    unitCode: row.unit_code,
    measureCode: row.measure_code,
    dimension: row.dimension,
    period: row.period,
    uom: row.uom,
    newValue: row.new_value,
    oldValue: row.old_value,
    oldUom: row.old_uom,
    oldRevisionId: row.old_revision_id,
  }));
}
