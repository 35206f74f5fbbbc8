// Revisions: every write of official figures is a revision with who / when / why (SPEC §5). A revision starts as a
// draft (工作库), is published into the current view (正式库) or discarded; its rows stay in observation (历史库).
import { sql, type Selectable } from 'kysely';
import { appendAuditEvent, type AuditContext } from './audit-trail.js';
import { StoreError, storeMessages } from './errors.js';
import { countRevisionDiff, type DiffCounts } from './revision-diff.js';
import type { RevisionKind, RevisionStatus, RevisionTable } from './schema.js';
import type { Queryable, Store, StoreTx } from './store.js';
import { assertRevisionInScope, type WriteScope } from './write-scope.js';

export interface NewRevision {
  readonly cityCode: string;
  readonly kind: RevisionKind;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly reason: string;
  readonly sourceFile?: string | null;
  readonly sourceSha256?: string | null;
  /** The column mapping used by an import (any JSON value). */
  readonly mapping?: unknown;
  /** Generated data, not real figures. */
  readonly synthetic: boolean;
  /** Contains monthly breakdowns simulated from annual totals. */
  readonly simulated: boolean;
  /** Role and client address for the audit event recorded with the revision. */
  readonly audit?: AuditContext;
  /** A dry run's draft, rolled back: no revision number is drawn, and the transaction may not commit. */
  readonly provisional?: boolean;
}

/** A revision's metadata; timestamps are ISO 8601 strings. */
export interface RevisionInfo {
  readonly cityCode: string;
  readonly revisionId: string;
  readonly kind: RevisionKind;
  readonly status: RevisionStatus;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly reason: string;
  readonly sourceFile: string | null;
  readonly sourceSha256: string | null;
  readonly mapping: unknown;
  readonly synthetic: boolean;
  readonly simulated: boolean;
  readonly rowCount: number;
  readonly publishedBy: string | null;
  readonly publishedAt: string | null;
  readonly publishReason: string | null;
  readonly discardedBy: string | null;
  readonly discardedAt: string | null;
  readonly discardReason: string | null;
}

export interface RevisionRef {
  readonly cityCode: string;
  readonly revisionId: string;
}

/** Who closes a draft, when and why. */
export interface RevisionDecision extends RevisionRef {
  readonly by: string;
  readonly at: Date;
  readonly reason: string;
  /** Refuse (before anything changes) a revision stating units or measures outside this scope. */
  readonly scope?: WriteScope;
  readonly audit?: AuditContext;
}

export interface PublishRequest extends RevisionRef {
  readonly publishedBy: string;
  readonly at: Date;
  readonly reason: string;
  /** Refuse (before anything changes) a revision stating units or measures outside this scope. */
  readonly scope?: WriteScope;
  readonly audit?: AuditContext;
}

/**
 * Open a draft revision and return its id (a decimal string). The audit event `revision.create` is appended in the
 * same transaction, so a rolled-back write leaves no event behind (and draws no event id: events are appended at
 * commit). A `provisional` draft — a dry run, always rolled back — takes a negative id unique to its transaction
 * instead of the next revision number, so dry runs leave no hole in the numbering; committing one is refused.
 */
export async function createRevision(tx: StoreTx, revision: NewRevision): Promise<string> {
  let provisionalId: string | undefined;
  if (revision.provisional === true) {
    const { rows } = await sql<{ id: string }>`select (-txid_current())::text as id`.execute(tx.db);
    provisionalId = rows[0]!.id;
    tx.beforeCommit(async () => {
      throw new StoreError('provisional-revision', storeMessages.provisionalRevision());
    });
  }
  const row = await tx.db
    .insertInto('revision')
    .values({
      ...(provisionalId === undefined ? {} : { revision_id: provisionalId }),
      city_code: revision.cityCode,
      kind: revision.kind,
      created_by: revision.createdBy,
      created_at: revision.createdAt,
      reason: revision.reason,
      source_file: revision.sourceFile ?? null,
      source_sha256: revision.sourceSha256 ?? null,
      mapping: revision.mapping === undefined || revision.mapping === null ? null : JSON.stringify(revision.mapping),
      synthetic: revision.synthetic,
      simulated: revision.simulated,
      published_by: null,
      published_at: null,
      publish_reason: null,
      discarded_by: null,
      discarded_at: null,
      discard_reason: null,
    })
    .returning('revision_id')
    .executeTakeFirstOrThrow();
  await appendAuditEvent(tx, {
    at: revision.createdAt,
    actor: revision.createdBy,
    ...revision.audit,
    action: 'revision.create',
    cityCode: revision.cityCode,
    target: `revision ${row.revision_id}`,
    revisionAfter: row.revision_id,
    valueAfter: {
      kind: revision.kind,
      sourceFile: revision.sourceFile ?? null,
      sourceSha256: revision.sourceSha256 ?? null,
      synthetic: revision.synthetic,
      simulated: revision.simulated,
    },
    reason: revision.reason,
  });
  return row.revision_id;
}

/** One revision's metadata, or undefined. */
export async function getRevision(store: Queryable, ref: RevisionRef): Promise<RevisionInfo | undefined> {
  const row = await store.db
    .selectFrom('revision')
    .selectAll()
    .where('city_code', '=', ref.cityCode)
    .where('revision_id', '=', ref.revisionId)
    .executeTakeFirst();
  return row ? toRevisionInfo(row) : undefined;
}

/** A city's revisions, oldest first. */
export async function listRevisions(store: Queryable, cityCode: string): Promise<RevisionInfo[]> {
  const rows = await store.db
    .selectFrom('revision')
    .selectAll()
    .where('city_code', '=', cityCode)
    .orderBy('revision_id')
    .execute();
  return rows.map(toRevisionInfo);
}

/**
 * Publish a draft in one transaction: its rows replace the published values of the keys it states (keys it does not
 * state keep their values) and the earlier values stay in history. A key re-stated with the same value keeps the
 * revision that first set that value. Refuses anything but a draft.
 *
 * @example
 * await publishRevision(store, { cityCode: '620700', revisionId: '2', publishedBy: 'li', at, reason: '2025年报' });
 * // → { added: 12, changed: 3, unchanged: 45 }
 */
export async function publishRevision(store: Store, request: PublishRequest): Promise<DiffCounts> {
  const counts = await store.transaction((tx) => publishDraft(tx, request));
  await notifyPublished(store, { cityCode: request.cityCode, revisionId: request.revisionId, counts });
  return counts;
}

/** Runs the publish listeners of `store` for a publish that has committed (after `publishDraft` in a caller's transaction). */
export async function notifyPublished(store: Store, event: PublishedEvent): Promise<void> {
  for (const listener of publishListeners.get(store) ?? []) await listener(event);
}

/** What a publish listener hears: the revision just published and its diff counts. */
export interface PublishedEvent {
  readonly cityCode: string;
  readonly revisionId: string;
  readonly counts: DiffCounts;
}

export type PublishListener = (event: PublishedEvent) => Promise<void>;

const publishListeners = new WeakMap<Store, PublishListener[]>();

/**
 * Runs `listener` after every publish through this store, once the publish has committed (derived indicators are
 * recomputed this way, see api/market/derived-refresh.ts). Returns a function that removes it.
 */
export function addPublishListener(store: Store, listener: PublishListener): () => void {
  const list = publishListeners.get(store) ?? [];
  list.push(listener);
  publishListeners.set(store, list);
  return () => {
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  };
}

/**
 * The work of `publishRevision` inside the caller's transaction — an import that publishes does it in its own
 * transaction, so a crash can never leave the file imported but unpublished. Call `notifyPublished` after the commit.
 */
export async function publishDraft(tx: StoreTx, request: PublishRequest): Promise<DiffCounts> {
  await lockDraft(tx, request, 'publish');
  if (request.scope !== undefined) await assertRevisionInScope(tx, request, request.scope);
  const counts = await countRevisionDiff(tx, request);
  const replaced = await replacedRevisions(tx, request);
  await tx.db
    .insertInto('published_value')
    .columns([
      'city_code',
      'unit_code',
      'measure_code',
      'dimension',
      'period',
      'period_grain',
      'period_start',
      'period_end',
      'value',
      'uom',
      'revision_id',
    ])
    .expression((eb) =>
      eb
        .selectFrom('observation')
        .select([
          'city_code',
          'unit_code',
          'measure_code',
          'dimension',
          'period',
          'period_grain',
          'period_start',
          'period_end',
          'value',
          'uom',
          'revision_id',
        ])
        .where('city_code', '=', request.cityCode)
        .where('revision_id', '=', request.revisionId),
    )
    .onConflict((oc) =>
      oc
        .columns(['city_code', 'unit_code', 'measure_code', 'dimension', 'period'])
        .doUpdateSet((eb) => ({
          period_grain: eb.ref('excluded.period_grain'),
          period_start: eb.ref('excluded.period_start'),
          period_end: eb.ref('excluded.period_end'),
          value: eb.ref('excluded.value'),
          uom: eb.ref('excluded.uom'),
          revision_id: eb.ref('excluded.revision_id'),
        }))
        // Same rule as countRevisionDiff's "unchanged": equal numbers in the same unit.
        .where((eb) =>
          eb.or([
            eb('published_value.value', '<>', eb.ref('excluded.value')),
            eb('published_value.uom', '<>', eb.ref('excluded.uom')),
          ]),
        ),
    )
    .execute();
  // Keep the planner's statistics in step with the published view (PGlite has no autovacuum): diffs join every
  // new revision to it, and stale statistics make that join pick a plan that probes row by row.
  if (counts.added + counts.changed > 0) await sql`analyze published_value`.execute(tx.db);
  await tx.db
    .updateTable('revision')
    .set({
      status: 'published',
      published_by: request.publishedBy,
      published_at: request.at,
      publish_reason: request.reason,
    })
    .where('city_code', '=', request.cityCode)
    .where('revision_id', '=', request.revisionId)
    .execute();
  await appendAuditEvent(tx, {
    at: request.at,
    actor: request.publishedBy,
    ...request.audit,
    action: 'revision.publish',
    cityCode: request.cityCode,
    target: `revision ${request.revisionId}`,
    revisionBefore: replaced.length === 0 ? null : replaced.join(','),
    revisionAfter: request.revisionId,
    valueAfter: { ...counts },
    reason: request.reason,
  });
  return counts;
}

/** Discard a draft: it can no longer be published; its rows stay in history. Refuses anything but a draft. */
export async function discardRevision(store: Store, decision: RevisionDecision): Promise<void> {
  await store.transaction(async (tx) => {
    await lockDraft(tx, decision, 'discard');
    if (decision.scope !== undefined) await assertRevisionInScope(tx, decision, decision.scope);
    await tx.db
      .updateTable('revision')
      .set({
        status: 'discarded',
        discarded_by: decision.by,
        discarded_at: decision.at,
        discard_reason: decision.reason,
      })
      .where('city_code', '=', decision.cityCode)
      .where('revision_id', '=', decision.revisionId)
      .execute();
    await appendAuditEvent(tx, {
      at: decision.at,
      actor: decision.by,
      ...decision.audit,
      action: 'revision.discard',
      cityCode: decision.cityCode,
      target: `revision ${decision.revisionId}`,
      revisionAfter: decision.revisionId,
      reason: decision.reason,
    });
  });
}

// How many replaced revision ids a publication's audit event names.
const REPLACED_SHOWN = 50;

/** The revisions whose published values this draft's rows replace (different value or unit), oldest first. */
async function replacedRevisions(tx: StoreTx, ref: RevisionRef): Promise<string[]> {
  const { rows } = await sql<{ revision_id: string }>`
    select distinct p.revision_id from observation o
    join published_value p on p.city_code = o.city_code and p.unit_code = o.unit_code
      and p.measure_code = o.measure_code and p.dimension = o.dimension and p.period = o.period
    where o.city_code = ${ref.cityCode} and o.revision_id = ${ref.revisionId}
      and (p.value <> o.value or p.uom <> o.uom)
    order by p.revision_id
    limit ${REPLACED_SHOWN}`.execute(tx.db);
  return rows.map((r) => String(r.revision_id));
}

/** Lock the revision row for this transaction and check that it is a draft. */
export async function lockDraft(tx: StoreTx, ref: RevisionRef, action: 'publish' | 'discard' | 'write'): Promise<void> {
  const row = await tx.db
    .selectFrom('revision')
    .select('status')
    .where('city_code', '=', ref.cityCode)
    .where('revision_id', '=', ref.revisionId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new StoreError('revision-not-found', storeMessages.revisionNotFound(ref.cityCode, ref.revisionId));
  if (row.status !== 'draft') {
    throw new StoreError('revision-not-draft', storeMessages.revisionNotDraft(ref.revisionId, row.status, action));
  }
}

export function toRevisionInfo(row: Selectable<RevisionTable>): RevisionInfo {
  return {
    cityCode: row.city_code,
    revisionId: row.revision_id,
    kind: row.kind,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    reason: row.reason,
    sourceFile: row.source_file,
    sourceSha256: row.source_sha256,
    mapping: row.mapping,
    synthetic: row.synthetic,
    simulated: row.simulated,
    rowCount: row.row_count,
    publishedBy: row.published_by,
    publishedAt: row.published_at?.toISOString() ?? null,
    publishReason: row.publish_reason,
    discardedBy: row.discarded_by,
    discardedAt: row.discarded_at?.toISOString() ?? null,
    discardReason: row.discard_reason,
  };
}
