// Land parcels (供地台账) in the store: rows of a revision (written inside the import's transaction), and the current
// view — each parcel as stated by the latest published revision that mentions it. Older rows stay, so a parcel's
// history is every row with its key. The table's row type (migration 0005) is declared here and listed in schema.ts's
// Database.
import type { ColumnType } from 'kysely';
import type { Queryable, StoreTx } from './store.js';
import { assertCodesInScope, type WriteScope } from './write-scope.js';

/**
 * The measures a parcel ledger feeds (闲置土地、已供未建): a department user may write parcels only if its department
 * owns them (资源规划 natural-resources in the catalogue).
 */
export const LAND_PARCEL_MEASURES: readonly string[] = ['land.idle', 'land.supplied-not-started'];

export interface LandParcelTable {
  city_code: string;
  parcel_id: string;
  revision_id: ColumnType<string, string | number | bigint, string | number | bigint>;
  unit_code: string;
  land_use: string;
  area_sqm: string;
  price_wan_yuan: string | null;
  contract_start: string | null;
  actual_start: string | null;
  start_commitment: boolean | null;
  source_row: number | null;
}

/** One land parcel as stored (area in square metres and price in 万元 as exact decimal strings, dates 'YYYY-MM-DD'). */
export interface LandParcelRow {
  readonly parcelId: string;
  readonly unitCode: string;
  /** Use code: `residential`, `commercial`, `mixed`, `industrial`. */
  readonly landUse: string;
  readonly areaSqm: string;
  /** 出让价款 (万元); null when the record has none (e.g. allocated land). */
  readonly priceWanYuan: string | null;
  /** 合同约定开工日期. */
  readonly contractStart: string | null;
  /** 实际开工日期; null while not started. */
  readonly actualStart: string | null;
  /** The enterprise has committed to a new start date (null: not stated). */
  readonly startCommitment?: boolean | null;
  /** The file row it was read from, if any. */
  readonly sourceRow?: number | null;
}

/** A stored parcel with the revision that stated it. */
export interface StoredLandParcel extends LandParcelRow {
  readonly revisionId: string;
  readonly startCommitment: boolean | null;
  readonly sourceRow: number | null;
}

function parcelDb(q: Queryable) {
  return q.db;
}

/**
 * Writes the parcels of a draft revision (opened with `createRevision`) inside its transaction; returns the count and
 * records it as the revision's row count. With `scope`, a parcel in a unit outside the district (or a department that
 * does not own the land measures) throws StoreError `out-of-scope` before anything is written.
 *
 * @example await writeLandParcels(tx, revisionId, '620700', [{ parcelId: 'ZD-1', unitCode: '620702', … }]) // → 1
 */
export async function writeLandParcels(
  tx: StoreTx,
  revisionId: string,
  cityCode: string,
  rows: readonly LandParcelRow[],
  scope?: WriteScope,
): Promise<number> {
  if (scope !== undefined) {
    await assertCodesInScope(tx, cityCode, new Set(rows.map((r) => r.unitCode)), new Set(LAND_PARCEL_MEASURES), scope);
  }
  const db = parcelDb(tx);
  const CHUNK = 500;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('land_parcel')
      .values(
        rows.slice(i, i + CHUNK).map((r) => ({
          city_code: cityCode,
          parcel_id: r.parcelId,
          revision_id: revisionId,
          unit_code: r.unitCode,
          land_use: r.landUse,
          area_sqm: r.areaSqm,
          price_wan_yuan: r.priceWanYuan,
          contract_start: r.contractStart,
          actual_start: r.actualStart,
          start_commitment: r.startCommitment ?? null,
          source_row: r.sourceRow ?? null,
        })),
      )
      .execute();
  }
  await tx.db
    .updateTable('revision')
    .set({ row_count: rows.length })
    .where('city_code', '=', cityCode)
    .where('revision_id', '=', revisionId)
    .execute();
  return rows.length;
}

/**
 * A city's land parcels: by default the current view (each parcel's row in the latest published revision stating
 * it); with `revisionId`, the rows of that one revision (a draft included). Ordered by unit, then parcel id.
 *
 * @example await listLandParcels(store, '620700') // → [{ parcelId: 'ZD-1', revisionId: '4', areaSqm: '25000', … }]
 */
export async function listLandParcels(
  store: Queryable,
  cityCode: string,
  options: { readonly revisionId?: string } = {},
): Promise<StoredLandParcel[]> {
  const db = parcelDb(store);
  let query = db
    .selectFrom('land_parcel as p')
    .select([
      'p.parcel_id',
      'p.revision_id',
      'p.unit_code',
      'p.land_use',
      'p.area_sqm',
      'p.price_wan_yuan',
      'p.contract_start',
      'p.actual_start',
      'p.start_commitment',
      'p.source_row',
    ])
    .where('p.city_code', '=', cityCode);
  if (options.revisionId !== undefined) {
    query = query.where('p.revision_id', '=', options.revisionId);
  } else {
    query = query.where((eb) =>
      eb(
        'p.revision_id',
        '=',
        eb
          .selectFrom('land_parcel as q')
          .innerJoin('revision as r', (j) =>
            j.onRef('r.city_code', '=', 'q.city_code').onRef('r.revision_id', '=', 'q.revision_id'),
          )
          .select((e) => e.fn.max('q.revision_id').as('latest'))
          .whereRef('q.city_code', '=', 'p.city_code')
          .whereRef('q.parcel_id', '=', 'p.parcel_id')
          .where('r.status', '=', 'published'),
      ),
    );
  }
  const rows = await query.orderBy('p.unit_code').orderBy('p.parcel_id').execute();
  return rows.map((r) => ({
    parcelId: r.parcel_id,
    revisionId: String(r.revision_id),
    unitCode: r.unit_code,
    landUse: r.land_use,
    areaSqm: r.area_sqm,
    priceWanYuan: r.price_wan_yuan,
    contractStart: r.contract_start,
    actualStart: r.actual_start,
    startCommitment: r.start_commitment,
    sourceRow: r.source_row,
  }));
}
