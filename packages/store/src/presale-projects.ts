// Presale projects in the store: rows of a revision (written inside the import's transaction), and the current view
// — each project as stated by the latest published revision that mentions it. Older rows stay, so a project's history
// is every row with its key. The table's row type (migration 0003) is declared here and listed in schema.ts's
// Database.
import type { ColumnType } from 'kysely';
import type { Queryable, StoreTx } from './store.js';

export interface PresaleProjectTable {
  city_code: string;
  project_id: string;
  revision_id: ColumnType<string, string | number | bigint, string | number | bigint>;
  unit_code: string;
  property_type: string;
  approval_date: string | null;
  approved_area_sqm: string;
  approved_units: number;
  sold_area_sqm: string;
  sold_units: number;
  status: 'under-construction' | 'completed' | 'stalled';
  source_row: number | null;
}

/** One presale project as stored (areas in square metres as exact decimal strings, dates as 'YYYY-MM-DD'). */
export interface PresaleProjectRow {
  readonly projectId: string;
  readonly unitCode: string;
  readonly propertyType: string;
  readonly approvalDate: string | null;
  readonly approvedAreaSqm: string;
  readonly approvedUnits: number;
  readonly soldAreaSqm: string;
  readonly soldUnits: number;
  readonly status: 'under-construction' | 'completed' | 'stalled';
  /** The file row it was read from, if any. */
  readonly sourceRow?: number | null;
}

/** A stored project with the revision that stated it. */
export interface StoredPresaleProject extends PresaleProjectRow {
  readonly revisionId: string;
}

function presaleDb(q: Queryable) {
  return q.db;
}

/**
 * Writes the projects of a draft revision (opened with `createRevision`) inside its transaction; returns the count and
 * records it as the revision's row count.
 */
export async function writePresaleProjects(
  tx: StoreTx,
  revisionId: string,
  cityCode: string,
  rows: readonly PresaleProjectRow[],
): Promise<number> {
  const db = presaleDb(tx);
  const CHUNK = 500;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('presale_project')
      .values(
        rows.slice(i, i + CHUNK).map((r) => ({
          city_code: cityCode,
          project_id: r.projectId,
          revision_id: revisionId,
          unit_code: r.unitCode,
          property_type: r.propertyType,
          approval_date: r.approvalDate,
          approved_area_sqm: r.approvedAreaSqm,
          approved_units: r.approvedUnits,
          sold_area_sqm: r.soldAreaSqm,
          sold_units: r.soldUnits,
          status: r.status,
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
 * A city's presale projects: by default the current view (each project's row in its latest published revision);
 * with `revisionId`, the rows of that one revision (a draft included). Ordered by unit, then project id.
 */
export async function listPresaleProjects(
  store: Queryable,
  cityCode: string,
  options: { readonly revisionId?: string } = {},
): Promise<StoredPresaleProject[]> {
  const db = presaleDb(store);
  let query = db
    .selectFrom('presale_project as p')
    .select([
      'p.project_id',
      'p.revision_id',
      'p.unit_code',
      'p.property_type',
      'p.approval_date',
      'p.approved_area_sqm',
      'p.approved_units',
      'p.sold_area_sqm',
      'p.sold_units',
      'p.status',
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
          .selectFrom('presale_project as q')
          .innerJoin('revision as r', (j) =>
            j.onRef('r.city_code', '=', 'q.city_code').onRef('r.revision_id', '=', 'q.revision_id'),
          )
          .select((e) => e.fn.max('q.revision_id').as('latest'))
          .whereRef('q.city_code', '=', 'p.city_code')
          .whereRef('q.project_id', '=', 'p.project_id')
          .where('r.status', '=', 'published'),
      ),
    );
  }
  const rows = await query.orderBy('p.unit_code').orderBy('p.project_id').execute();
  return rows.map((r) => ({
    projectId: r.project_id,
    revisionId: String(r.revision_id),
    unitCode: r.unit_code,
    propertyType: r.property_type,
    approvalDate: r.approval_date,
    approvedAreaSqm: r.approved_area_sqm,
    approvedUnits: r.approved_units,
    soldAreaSqm: r.sold_area_sqm,
    soldUnits: r.sold_units,
    status: r.status,
    sourceRow: r.source_row,
  }));
}
