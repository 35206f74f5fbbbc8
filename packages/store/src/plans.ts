// Plans in the store (migration 0007): append-only versions of a plan document. Saving a plan writes version n + 1;
// reading takes the highest version unless one is asked for, and every earlier version stays readable. The document
// is opaque JSON here — core's planDocumentSchema validates it before it is saved and after it is read.
import type { ColumnType } from 'kysely';
import type { Queryable } from './store.js';

export interface PlanVersionTable {
  city_code: string;
  plan_id: string;
  version: number;
  name_zh: string;
  document: ColumnType<unknown, string, string>;
  created_by: string;
  created_at: ColumnType<Date, Date | string, Date | string>;
  reason: string;
  source_file: string | null;
}

/** A plan version to save. */
export interface NewPlanVersion {
  readonly cityCode: string;
  readonly planId: string;
  readonly nameZh: string;
  /** The plan document (JSON-serialisable). */
  readonly document: unknown;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly reason: string;
  readonly sourceFile?: string | null;
}

/** A stored plan version. */
export interface StoredPlanVersion {
  readonly cityCode: string;
  readonly planId: string;
  readonly version: number;
  readonly nameZh: string;
  readonly document: unknown;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly reason: string;
  readonly sourceFile: string | null;
}

/** One line of a plan listing: the latest version and how many there are. */
export interface PlanSummary {
  readonly cityCode: string;
  readonly planId: string;
  readonly nameZh: string;
  readonly latestVersion: number;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

function planDb(q: Queryable) {
  return q.db;
}

/**
 * Saves a plan as a new version (1 for a new plan) and returns the version number. Earlier versions are never
 * changed. Run it inside a transaction when several writers may save the same plan: two saves of one version
 * collide on the primary key and the second fails rather than overwrite.
 *
 * @example
 * await savePlanVersion(store, { cityCode: '620700', planId: 'zhangye-15th', nameZh: '…', document, createdBy: 'li', createdAt, reason: '导入' });
 * // → 1
 */
export async function savePlanVersion(q: Queryable, plan: NewPlanVersion): Promise<number> {
  const db = planDb(q);
  const row = await db
    .selectFrom('plan_version')
    .select((e) => e.fn.max('version').as('latest'))
    .where('city_code', '=', plan.cityCode)
    .where('plan_id', '=', plan.planId)
    .executeTakeFirst();
  const version = Number(row?.latest ?? 0) + 1;
  await db
    .insertInto('plan_version')
    .values({
      city_code: plan.cityCode,
      plan_id: plan.planId,
      version,
      name_zh: plan.nameZh,
      document: JSON.stringify(plan.document),
      created_by: plan.createdBy,
      created_at: plan.createdAt,
      reason: plan.reason,
      source_file: plan.sourceFile ?? null,
    })
    .execute();
  return version;
}

function toStored(r: {
  city_code: string;
  plan_id: string;
  version: number;
  name_zh: string;
  document: unknown;
  created_by: string;
  created_at: Date;
  reason: string;
  source_file: string | null;
}): StoredPlanVersion {
  return {
    cityCode: r.city_code,
    planId: r.plan_id,
    version: Number(r.version),
    nameZh: r.name_zh,
    document: typeof r.document === 'string' ? (JSON.parse(r.document) as unknown) : r.document,
    createdBy: r.created_by,
    createdAt: r.created_at,
    reason: r.reason,
    sourceFile: r.source_file,
  };
}

/** A plan's latest version, or the version asked for; undefined when there is none. */
export async function getPlanVersion(
  q: Queryable,
  cityCode: string,
  planId: string,
  version?: number,
): Promise<StoredPlanVersion | undefined> {
  let query = planDb(q)
    .selectFrom('plan_version')
    .selectAll()
    .where('city_code', '=', cityCode)
    .where('plan_id', '=', planId);
  if (version !== undefined) query = query.where('version', '=', version);
  const row = await query.orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row === undefined ? undefined : toStored(row);
}

/** Every version of a plan, oldest first. */
export async function listPlanVersions(q: Queryable, cityCode: string, planId: string): Promise<StoredPlanVersion[]> {
  const rows = await planDb(q)
    .selectFrom('plan_version')
    .selectAll()
    .where('city_code', '=', cityCode)
    .where('plan_id', '=', planId)
    .orderBy('version')
    .execute();
  return rows.map(toStored);
}

/** The plans of a city (or of every city), each at its latest version, ordered by city and id. */
export async function listPlans(q: Queryable, cityCode?: string): Promise<PlanSummary[]> {
  const db = planDb(q);
  let query = db
    .selectFrom('plan_version as p')
    .select(['p.city_code', 'p.plan_id', 'p.name_zh', 'p.version', 'p.created_at', 'p.created_by'])
    .where((eb) =>
      eb(
        'p.version',
        '=',
        eb
          .selectFrom('plan_version as q')
          .select((e) => e.fn.max('q.version').as('latest'))
          .whereRef('q.city_code', '=', 'p.city_code')
          .whereRef('q.plan_id', '=', 'p.plan_id'),
      ),
    );
  if (cityCode !== undefined) query = query.where('p.city_code', '=', cityCode);
  const rows = await query.orderBy('p.city_code').orderBy('p.plan_id').execute();
  return rows.map((r) => ({
    cityCode: r.city_code,
    planId: r.plan_id,
    nameZh: r.name_zh,
    latestVersion: Number(r.version),
    updatedAt: r.created_at,
    updatedBy: r.created_by,
  }));
}
