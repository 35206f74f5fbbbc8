// The part of the city an account may write (SPEC §6: a district editor edits only its district). Enforced here, in
// the write transaction, whatever the API or the dashboard checked before: a file that states one unit outside the
// district (or one measure of another department) is refused whole and the transaction rolls back.
import { sql } from 'kysely';
import { StoreError, storeMessages } from './errors.js';
import { LAND_PARCEL_MEASURES } from './land-parcels.js';
import type { RevisionRef } from './revisions.js';
import type { StoreTx } from './store.js';

/** null or absent = unrestricted. */
export interface WriteScope {
  /** Only this unit and the units below it in the city's tree. */
  readonly districtCode?: string | null;
  /** Only these measures (a department user's). */
  readonly measureCodes?: readonly string[] | null;
}

// How many offending codes an error names.
const SHOWN = 20;

/** Throws `out-of-scope` when a unit or a measure falls outside the scope. */
export async function assertCodesInScope(
  tx: StoreTx,
  cityCode: string,
  unitCodes: ReadonlySet<string>,
  measureCodes: ReadonlySet<string>,
  scope: WriteScope,
): Promise<void> {
  if (scope.districtCode !== undefined && scope.districtCode !== null && unitCodes.size > 0) {
    const { rows } = await sql<{ unit_code: string }>`
      with recursive allowed (unit_code) as (
        select unit_code from spatial_unit where city_code = ${cityCode} and unit_code = ${scope.districtCode}
        union
        select s.unit_code from spatial_unit s join allowed a on s.parent_code = a.unit_code
        where s.city_code = ${cityCode}
      )
      select c.unit_code from unnest(${[...unitCodes]}::text[]) as c (unit_code)
      where c.unit_code not in (select unit_code from allowed)
      order by c.unit_code
      limit ${SHOWN}`.execute(tx.db);
    if (rows.length > 0) {
      throw new StoreError(
        'out-of-scope',
        storeMessages.outOfDistrict(
          scope.districtCode,
          rows.map((r) => r.unit_code),
        ),
      );
    }
  }
  if (scope.measureCodes !== undefined && scope.measureCodes !== null) {
    const allowed = new Set(scope.measureCodes);
    const outside = [...measureCodes].filter((m) => !allowed.has(m)).sort();
    if (outside.length > 0) {
      throw new StoreError('out-of-scope', storeMessages.outOfDepartment(outside.slice(0, SHOWN)));
    }
  }
}

/** Throws `out-of-scope` when a revision states any unit or measure outside the scope (checked before publishing). */
export async function assertRevisionInScope(tx: StoreTx, ref: RevisionRef, scope: WriteScope): Promise<void> {
  const restricted =
    (scope.districtCode !== undefined && scope.districtCode !== null) ||
    (scope.measureCodes !== undefined && scope.measureCodes !== null);
  if (!restricted) return;
  const units = await tx.db
    .selectFrom('observation')
    .select('unit_code')
    .distinct()
    .where('city_code', '=', ref.cityCode)
    .where('revision_id', '=', ref.revisionId)
    .execute();
  const measures = await tx.db
    .selectFrom('observation')
    .select('measure_code')
    .distinct()
    .where('city_code', '=', ref.cityCode)
    .where('revision_id', '=', ref.revisionId)
    .execute();
  // Record sheets written in the same revision (land parcels, presale projects) are in scope by their units and by
  // the measures they stand for, like figures: publishing or discarding someone else's parcel draft is refused too.
  const parcels = await sql<{ unit_code: string }>`select distinct unit_code from land_parcel
    where city_code = ${ref.cityCode} and revision_id = ${ref.revisionId}`.execute(tx.db);
  const projects = await sql<{ unit_code: string }>`select distinct unit_code from presale_project
    where city_code = ${ref.cityCode} and revision_id = ${ref.revisionId}`.execute(tx.db);
  const measureSet = new Set(measures.map((m) => m.measure_code));
  if (parcels.rows.length > 0) for (const m of LAND_PARCEL_MEASURES) measureSet.add(m);
  if (projects.rows.length > 0) measureSet.add('housing.presale-area');
  await assertCodesInScope(
    tx,
    ref.cityCode,
    new Set([...units, ...parcels.rows, ...projects.rows].map((u) => u.unit_code)),
    measureSet,
    scope,
  );
}
