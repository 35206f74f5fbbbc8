// The audit trail (SPEC §5–6): who did what, when, to which revision or value, why and from where. Append-only: this
// module has no update or delete, and the table's trigger (migration 0006) refuses them in SQL. Writes of figures
// append their event inside the same transaction as the write, so the trail and the store always agree: a rolled
// back import leaves neither rows nor an event. Every event is linked into its city's chain (audit-chain.ts), so an
// edit made past the trigger is found by `verifyAuditChains`.
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type Selectable } from 'kysely';
import { appendChained, canonicalAt, type UnchainedEvent } from './audit-chain.js';
import type { AuditEventTable } from './schema.js';
import type { Queryable, StoreTx } from './store.js';

/** Through which door a write came: the command line (an operator at the store) or the HTTP API. */
export type AuditChannel = 'cli' | 'api';

/** Where a write came from, beyond the user name recorded on the revision: passed down by the API and the CLI. */
export interface AuditContext {
  readonly actorRole?: string | null;
  readonly clientAddress?: string | null;
  readonly channel?: AuditChannel | null;
  /** The operating-system account that ran the command (CLI writes). */
  readonly osUser?: string | null;
  /** The machine the command ran on (CLI writes). */
  readonly host?: string | null;
  /** A name the caller claimed without proof (ANJU_USER): recorded, never trusted. */
  readonly claimedActor?: string | null;
}

const ambientContext = new AsyncLocalStorage<AuditContext>();

/**
 * Run `fn` with `context` filling the fields an event leaves out (an event's own fields win): the CLI runs each
 * command under its channel, OS user and host, the API each request under channel `api`. Nested calls merge.
 *
 * @example
 * await withAuditContext({ channel: 'cli', osUser: 'li', host: 'stats-01' }, () => importFile(store, request));
 */
export function withAuditContext<T>(context: AuditContext, fn: () => Promise<T>): Promise<T> {
  return ambientContext.run({ ...ambientContext.getStore(), ...context }, fn);
}

/**
 * Action names. Writes of figures: `revision.create` (an import, generation or demo load opens a revision),
 * `revision.publish`, `revision.discard`. Accounts: `user.*`, `session.*`. Routes that record no event of their own
 * are recorded by the API as `http.<METHOD> <route path>`.
 */
export type AuditAction =
  | 'revision.create'
  | 'revision.publish'
  | 'revision.discard'
  | 'user.create'
  | 'user.update'
  | 'user.password'
  | 'user.disable'
  | 'user.enable'
  | 'session.login'
  | 'session.login-failed'
  | 'session.locked'
  | 'session.logout'
  | 'backup.restore'
  | `http.${string}`;

export interface NewAuditEvent extends AuditContext {
  readonly at: Date;
  readonly actor: string;
  readonly action: AuditAction;
  readonly cityCode?: string | null;
  /** What was acted on, e.g. 'revision 12', 'user li', '/api/cities/620700/plans/3'. */
  readonly target?: string | null;
  readonly revisionBefore?: string | null;
  readonly revisionAfter?: string | null;
  /** Any JSON value: the state before (e.g. a user's role) or the counts a publication replaced. */
  readonly valueBefore?: unknown;
  readonly valueAfter?: unknown;
  readonly reason?: string | null;
  /** 'refused' records an attempt that was not carried out (a failed sign-in, an out-of-scope write). */
  readonly outcome?: 'ok' | 'refused';
}

/** An event as stored; `at` is ISO 8601. */
export interface AuditEvent {
  readonly eventId: string;
  readonly at: string;
  readonly actor: string;
  readonly actorRole: string | null;
  readonly action: string;
  readonly cityCode: string | null;
  readonly target: string | null;
  readonly revisionBefore: string | null;
  readonly revisionAfter: string | null;
  readonly valueBefore: unknown;
  readonly valueAfter: unknown;
  readonly reason: string | null;
  readonly clientAddress: string | null;
  readonly outcome: 'ok' | 'refused';
  readonly channel: string | null;
  readonly osUser: string | null;
  readonly host: string | null;
  readonly claimedActor: string | null;
  /** The city's chain (the system chain when `cityCode` is null): position and link. */
  readonly chainSeq: string;
  readonly chainLink: string;
}

const pendingEvents = new WeakMap<StoreTx, UnchainedEvent[]>();

/**
 * Appends one event to its city's chain. With a transaction, the event is written (and linked) just before that
 * transaction commits, so it exists exactly when the write it records does; with a store, in a transaction of its
 * own at once. Fields the event leaves out come from `withAuditContext`.
 *
 * @example
 * await appendAuditEvent(tx, { at, actor: 'li', action: 'revision.publish', cityCode: '620700',
 *   target: 'revision 12', revisionAfter: '12', reason: '2025年报核对无误', clientAddress: '10.0.0.8' });
 */
export async function appendAuditEvent(q: Queryable, event: NewAuditEvent): Promise<void> {
  const ambient = ambientContext.getStore() ?? {};
  const json = (v: unknown): unknown => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));
  const unchained: UnchainedEvent = {
    at: canonicalAt(event.at),
    actor: event.actor,
    actorRole: event.actorRole ?? ambient.actorRole ?? null,
    action: event.action,
    cityCode: event.cityCode ?? null,
    target: event.target ?? null,
    revisionBefore: event.revisionBefore ?? null,
    revisionAfter: event.revisionAfter ?? null,
    valueBefore: json(event.valueBefore),
    valueAfter: json(event.valueAfter),
    reason: event.reason ?? null,
    clientAddress: event.clientAddress ?? ambient.clientAddress ?? null,
    outcome: event.outcome ?? 'ok',
    channel: event.channel ?? ambient.channel ?? null,
    osUser: event.osUser ?? ambient.osUser ?? null,
    host: event.host ?? ambient.host ?? null,
    claimedActor: event.claimedActor ?? ambient.claimedActor ?? null,
  };
  if ('transaction' in q) {
    await q.transaction((tx) => appendChained(tx, [unchained]));
    return;
  }
  let pending = pendingEvents.get(q);
  if (pending === undefined) {
    const list: UnchainedEvent[] = [];
    pendingEvents.set(q, list);
    q.beforeCommit(() => appendChained(q, list));
    pending = list;
  }
  pending.push(unchained);
}

/** Filters for the audit trail; every field narrows. */
export interface AuditFilter {
  readonly cityCode?: string;
  readonly actor?: string;
  /** An exact action, or a prefix ending in '.' or '*' ('revision.' = every revision action). */
  readonly action?: string;
  readonly outcome?: 'ok' | 'refused';
  /** Events at or after this instant. */
  readonly from?: Date;
  /** Events before this instant. */
  readonly to?: Date;
  /** Substring of the target or the reason (case-insensitive). */
  readonly text?: string;
  /** Only events older than this id (paging backwards). */
  readonly beforeId?: string;
  /** Default 100, at most 100,000. */
  readonly limit?: number;
}

/** Events matching the filter, newest first. */
export async function listAuditEvents(q: Queryable, filter: AuditFilter = {}): Promise<AuditEvent[]> {
  let query = q.db.selectFrom('audit_event').selectAll();
  if (filter.cityCode !== undefined) query = query.where('city_code', '=', filter.cityCode);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.action !== undefined) {
    const prefix = /[.*]$/.test(filter.action) ? filter.action.replace(/\*$/, '') : undefined;
    query =
      prefix === undefined
        ? query.where('action', '=', filter.action)
        : query.where('action', 'like', `${escapeLike(prefix)}%`);
  }
  if (filter.outcome !== undefined) query = query.where('outcome', '=', filter.outcome);
  if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('at', '<', filter.to);
  if (filter.text !== undefined && filter.text !== '') {
    const like = `%${escapeLike(filter.text)}%`;
    query = query.where((eb) => eb.or([eb('target', 'ilike', like), eb('reason', 'ilike', like)]));
  }
  if (filter.beforeId !== undefined) query = query.where('event_id', '<', filter.beforeId);
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 100_000);
  const rows = await query.orderBy('event_id', 'desc').limit(limit).execute();
  return rows.map(toAuditEvent);
}

/** How many events the trail holds (all of them, or one city's). */
export async function countAuditEvents(q: Queryable, cityCode?: string): Promise<number> {
  let query = q.db.selectFrom('audit_event').select(sql<string>`count(*)`.as('n'));
  if (cityCode !== undefined) query = query.where('city_code', '=', cityCode);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toAuditEvent(row: Selectable<AuditEventTable>): AuditEvent {
  return {
    eventId: row.event_id,
    at: row.at.toISOString(),
    actor: row.actor,
    actorRole: row.actor_role,
    action: row.action,
    cityCode: row.city_code,
    target: row.target,
    revisionBefore: row.revision_before,
    revisionAfter: row.revision_after,
    valueBefore: row.value_before,
    valueAfter: row.value_after,
    reason: row.reason,
    clientAddress: row.client_address,
    outcome: row.outcome,
    channel: row.channel,
    osUser: row.os_user,
    host: row.host,
    claimedActor: row.claimed_actor,
    chainSeq: row.chain_seq,
    chainLink: row.chain_link,
  };
}
