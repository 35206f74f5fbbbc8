// The audit trail's chains (migration 0008): one chain per city, keyed by (city code, gapless sequence number), and
// one system chain for events of no city. Each event's link is HMAC-SHA256(key, previous link + "\n" + the event's
// canonical serialisation), the key kept outside the database (audit-key.ts). Whoever edits, deletes, inserts or
// reorders events — even the database owner with the append-only trigger disabled, recomputing plain hashes — breaks
// a link they cannot recompute without the key. Deleting the newest events is caught by the head row, and, against an
// owner who rewrites the head too, by the heads kept elsewhere (`anju audit-trail heads`, every backup's manifest).
//
// Appending takes the chain's head row with a row lock (INSERT … ON CONFLICT DO UPDATE) inside the writer's
// transaction, just before COMMIT (StoreTx.beforeCommit), so sequence numbers stay gapless under concurrent writers
// and a rolled-back write (a dry run, a refused file) draws neither a sequence number nor an event id.
import { sql, type Kysely } from 'kysely';
import type { AuditKey } from './audit-key.js';
import { StoreError, storeMessages } from './errors.js';
import type { Queryable, StoreTx } from './store.js';

/** The key of the system chain in `audit_chain_head.chain` (city chains use the city code). */
export const SYSTEM_CHAIN = '';
/** The link before the first event of every chain. */
export const GENESIS_LINK = '0'.repeat(64);
const CANONICAL_VERSION = 'anju-audit-v1';

/** Every stored field of an event, as the link covers it. `at` has microseconds: 2026-03-01T08:00:00.000000Z. */
export interface ChainedEvent {
  readonly eventId: string;
  readonly chainSeq: string;
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
  readonly outcome: string;
  readonly channel: string | null;
  readonly osUser: string | null;
  readonly host: string | null;
  readonly claimedActor: string | null;
}

/** An event waiting for its place in a chain. */
export type UnchainedEvent = Omit<ChainedEvent, 'eventId' | 'chainSeq'>;

/** A chain's newest event, for safekeeping outside the database. `city` is null for the system chain. */
export interface AuditChainHead {
  readonly city: string | null;
  readonly seq: string;
  readonly link: string;
  readonly keyId: string;
}

/** The canonical text of an event: a JSON array of every field in a fixed order, JSON values with sorted keys. */
export function canonicalEvent(event: ChainedEvent): string {
  return JSON.stringify([
    CANONICAL_VERSION,
    event.eventId,
    event.chainSeq,
    event.at,
    event.actor,
    event.actorRole,
    event.action,
    event.cityCode,
    event.target,
    event.revisionBefore,
    event.revisionAfter,
    canonicalJson(event.valueBefore),
    canonicalJson(event.valueAfter),
    event.reason,
    event.clientAddress,
    event.outcome,
    event.channel,
    event.osUser,
    event.host,
    event.claimedActor,
  ]);
}

/** The link of `event` after `previous` (64 hex digits). */
export function chainLink(key: AuditKey, previous: string, event: ChainedEvent): string {
  return key.sign(`${previous}\n${canonicalEvent(event)}`);
}

/** A Date as the canonical `at` text (microseconds, UTC), equal to what `readChain` reads back. */
export function canonicalAt(at: Date): string {
  return at.toISOString().replace(/Z$/, '000Z');
}

/** JSON with object keys sorted, or null for SQL NULL; the same text whether built from a value or read from jsonb. */
function canonicalJson(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sorted(typeof value === 'string' ? JSON.parse(value) : value));
}

export const chainOf = (cityCode: string | null): string => cityCode ?? SYSTEM_CHAIN;
const cityOf = (chain: string): string | null => (chain === SYSTEM_CHAIN ? null : chain);

/**
 * Append `events` to their chains inside `tx` (called just before COMMIT). Heads are locked in chain order, so two
 * writers touching the same chains never deadlock.
 */
export async function appendChained(tx: StoreTx, events: readonly UnchainedEvent[]): Promise<void> {
  const key = tx.auditKey;
  const heads = new Map<string, { seq: bigint; link: string; at: string }>();
  for (const chain of [...new Set(events.map((e) => chainOf(e.cityCode)))].sort()) {
    const { rows } = await sql<{ seq: string; link: string; key_id: string }>`
      insert into audit_chain_head (chain, seq, link, key_id, at)
      values (${chain}, 0, ${GENESIS_LINK}, ${key.id}, now())
      on conflict (chain) do update set seq = audit_chain_head.seq
      returning seq::text as seq, link, key_id`.execute(tx.db);
    const head = rows[0]!;
    if (head.key_id !== key.id) {
      throw new StoreError('audit-key', storeMessages.auditKeyMismatch(chain || 'system', head.key_id, key.id));
    }
    heads.set(chain, { seq: BigInt(head.seq), link: head.link, at: '' });
  }
  for (const event of events) {
    const head = heads.get(chainOf(event.cityCode))!;
    const { rows } = await sql<{ id: string }>`
      select nextval(pg_get_serial_sequence('audit_event', 'event_id'))::text as id`.execute(tx.db);
    const chained: ChainedEvent = { ...event, eventId: rows[0]!.id, chainSeq: String(head.seq + 1n) };
    const link = chainLink(key, head.link, chained);
    const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
    await sql`insert into audit_event (event_id, chain_seq, chain_link, at, actor, actor_role, action, city_code,
        target, revision_before, revision_after, value_before, value_after, reason, client_address, outcome, channel,
        os_user, host, claimed_actor)
      values (${chained.eventId}::bigint, ${chained.chainSeq}::bigint, ${link}, ${chained.at}::timestamptz,
        ${chained.actor}, ${chained.actorRole}, ${chained.action}, ${chained.cityCode}, ${chained.target},
        ${chained.revisionBefore}, ${chained.revisionAfter}, ${json(chained.valueBefore)}::jsonb,
        ${json(chained.valueAfter)}::jsonb, ${chained.reason}, ${chained.clientAddress}, ${chained.outcome},
        ${chained.channel}, ${chained.osUser}, ${chained.host}, ${chained.claimedActor})`.execute(tx.db);
    heads.set(chainOf(event.cityCode), { seq: head.seq + 1n, link, at: chained.at });
  }
  for (const [chain, head] of heads) {
    if (head.at === '') continue;
    await sql`update audit_chain_head set seq = ${String(head.seq)}::bigint, link = ${head.link},
      at = ${head.at}::timestamptz where chain = ${chain}`.execute(tx.db);
  }
}

interface ChainRow {
  event_id: string;
  chain_seq: string | null;
  chain_link: string | null;
  at_text: string;
  actor: string;
  actor_role: string | null;
  action: string;
  city_code: string | null;
  target: string | null;
  revision_before: string | null;
  revision_after: string | null;
  value_before: unknown;
  value_after: unknown;
  reason: string | null;
  client_address: string | null;
  outcome: string;
  channel: string | null;
  os_user: string | null;
  host: string | null;
  claimed_actor: string | null;
}

const CHAIN_COLUMNS = sql`event_id::text as event_id, chain_seq::text as chain_seq, chain_link,
  to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_text, actor, actor_role, action, city_code,
  target, revision_before, revision_after, value_before, value_after, reason, client_address, outcome, channel,
  os_user, host, claimed_actor`;

function fromRow(row: ChainRow, chainSeq: string): ChainedEvent {
  return {
    eventId: row.event_id,
    chainSeq,
    at: row.at_text,
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
  };
}

/**
 * Chain the events recorded before migration 0008, in event-id order, and create the heads (run by the migration,
 * as the owner, with the append-only trigger disabled for that one statement inside the migration's transaction).
 */
export async function chainExistingEvents(db: Kysely<unknown>, key: AuditKey): Promise<number> {
  const { rows } = await sql<ChainRow>`select ${CHAIN_COLUMNS} from audit_event order by event_id`.execute(db);
  const heads = new Map<string, { seq: bigint; link: string; at: string }>();
  const updates: [string, string, string][] = [];
  for (const row of rows) {
    const chain = chainOf(row.city_code);
    const head = heads.get(chain) ?? { seq: 0n, link: GENESIS_LINK, at: '' };
    const seq = String(head.seq + 1n);
    const link = chainLink(key, head.link, fromRow(row, seq));
    updates.push([row.event_id, seq, link]);
    heads.set(chain, { seq: head.seq + 1n, link, at: row.at_text });
  }
  for (let i = 0; i < updates.length; i += 1000) {
    const values = sql.join(
      updates.slice(i, i + 1000).map(([id, seq, link]) => sql`(${id}::bigint, ${seq}::bigint, ${link})`),
    );
    await sql`update audit_event e set chain_seq = v.seq, chain_link = v.link
      from (values ${values}) as v (id, seq, link) where e.event_id = v.id`.execute(db);
  }
  for (const [chain, head] of heads) {
    await sql`insert into audit_chain_head (chain, seq, link, key_id, at)
      values (${chain}, ${String(head.seq)}::bigint, ${head.link}, ${key.id}, ${head.at}::timestamptz)`.execute(db);
  }
  return rows.length;
}

/** The heads of every chain, system chain first, then by city code. */
export async function listAuditChainHeads(q: Queryable): Promise<AuditChainHead[]> {
  const { rows } = await sql<{ chain: string; seq: string; link: string; key_id: string }>`
    select chain, seq::text as seq, link, key_id from audit_chain_head order by chain collate "C"`.execute(q.db);
  return rows.map((r) => ({ city: cityOf(r.chain), seq: r.seq, link: r.link, keyId: r.key_id }));
}

/** Why a chain does not verify: the first broken place. */
export interface ChainBreak {
  /** `link`: the event's link does not match its content and the link before (edited, inserted or reordered);
   * `gap`: sequence numbers missing (deleted events); `duplicate`: a sequence number again or missing;
   * `head`: the head row disagrees with the newest event (newest events deleted, or the head edited);
   * `key`: the chain was linked with another key; `expected-head`: a head kept elsewhere is not in the chain. */
  readonly kind: 'link' | 'gap' | 'duplicate' | 'head' | 'key' | 'expected-head';
  /** The sequence number where the chain breaks. */
  readonly seq: string;
  /** The event found there (null when it is missing). */
  readonly eventId: string | null;
  readonly messageZh: string;
  readonly messageEn: string;
}

export interface ChainReport {
  /** The city, or null for the system chain. */
  readonly city: string | null;
  readonly events: number;
  readonly head: AuditChainHead | null;
  readonly firstBreak: ChainBreak | null;
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly keyId: string;
  readonly chains: readonly ChainReport[];
}

// Events read per page while verifying.
const VERIFY_PAGE = 5000;

/**
 * Check every chain: sequence numbers 1, 2, 3… without gaps, each link recomputed from the event and the link
 * before, and the head row equal to the newest event; optionally that heads kept elsewhere are still in the chains.
 * Names the first broken place of each chain.
 *
 * @example
 * const report = await verifyAuditChains(store);
 * report.ok; // → false
 * report.chains[1].firstBreak; // → { kind: 'link', seq: '5', eventId: '37', messageZh: '…', … }
 */
export async function verifyAuditChains(
  q: Queryable,
  options: { readonly expectedHeads?: readonly AuditChainHead[] } = {},
): Promise<ChainVerification> {
  const key = q.auditKey;
  const { rows: chainRows } = await sql<{ chain: string }>`
    select distinct coalesce(city_code, '') as chain from audit_event
    union select chain from audit_chain_head order by 1`.execute(q.db);
  const heads = new Map((await listAuditChainHeads(q)).map((h) => [chainOf(h.city), h]));
  const chains: ChainReport[] = [];
  for (const { chain } of chainRows) {
    const label = chain === SYSTEM_CHAIN ? '系统' : chain;
    const labelEn = chain === SYSTEM_CHAIN ? 'system' : chain;
    const head = heads.get(chain) ?? null;
    const expected = new Map(
      (options.expectedHeads ?? []).filter((h) => chainOf(h.city) === chain).map((h) => [h.seq, h.link]),
    );
    let firstBreak: ChainBreak | null = null;
    const broken = (kind: ChainBreak['kind'], seq: string, eventId: string | null, zh: string, en: string): void => {
      firstBreak ??= {
        kind,
        seq,
        eventId,
        messageZh: `审计链“${label}”第 ${seq} 条${eventId === null ? '' : `（事件 #${eventId}）`}：${zh}`,
        messageEn: `audit chain "${labelEn}" at #${seq}${eventId === null ? '' : ` (event ${eventId})`}: ${en}`,
      };
    };
    if (head !== null && head.keyId !== key.id) {
      broken(
        'key',
        '1',
        null,
        `由另一把密钥签链（密钥标识 ${head.keyId}，当前 ${key.id}）`,
        `linked with another key (key id ${head.keyId}, this one ${key.id})`,
      );
    }
    let events = 0;
    let previous = GENESIS_LINK;
    let want = 1n;
    let after: string | null = null;
    for (;;) {
      const from: string | null = after;
      const page = from === null ? sql`` : sql`and (chain_seq > ${from}::bigint or chain_seq is null)`;
      const result = await sql<ChainRow>`
        select ${CHAIN_COLUMNS} from audit_event where coalesce(city_code, '') = ${chain} ${page}
        order by audit_event.chain_seq nulls last, audit_event.event_id limit ${sql.lit(VERIFY_PAGE)}`.execute(q.db);
      const rows: readonly ChainRow[] = result.rows;
      for (const row of rows) {
        events++;
        const seq: string | null = row.chain_seq;
        if (seq === null || BigInt(seq) < want) {
          broken(
            'duplicate',
            String(want),
            row.event_id,
            '序号重复或缺失，记录被插入或改动',
            'a sequence number repeated or missing: an event was inserted or altered',
          );
        } else if (BigInt(seq) > want) {
          const missing = BigInt(seq) - want;
          broken(
            'gap',
            String(want),
            null,
            `缺少 ${missing} 条记录（第 ${want} 至 ${BigInt(seq) - 1n} 条），记录被删除`,
            `${missing} event(s) missing (#${want} to #${BigInt(seq) - 1n}): events were deleted`,
          );
        }
        const recomputed = chainLink(key, previous, fromRow(row, seq ?? ''));
        if (recomputed !== row.chain_link) {
          broken(
            'link',
            seq ?? String(want),
            row.event_id,
            '链接值与记录内容及上一条链接不符，该记录（或链）被改动',
            'its link does not match its content and the link before: the event (or the chain) was altered',
          );
        }
        const kept = seq === null ? undefined : expected.get(seq);
        if (kept !== undefined && kept !== row.chain_link) {
          broken('expected-head', seq!, row.event_id, '与另行保存的链头不符', 'differs from the head kept elsewhere');
        }
        if (seq !== null) expected.delete(seq);
        previous = row.chain_link ?? '';
        want = seq === null ? want + 1n : BigInt(seq) + 1n;
        after = seq ?? after;
      }
      // (`after === from`: a page of events without sequence numbers, which only a dropped constraint allows.)
      if (rows.length < VERIFY_PAGE || after === from) break;
    }
    const last = String(want - 1n);
    if (head === null || head.seq !== last || head.link !== previous) {
      broken(
        'head',
        last,
        null,
        `链头（${head === null ? '缺失' : `第 ${head.seq} 条`}）与最新记录不符，最新的记录可能被删除`,
        `the head (${head === null ? 'missing' : `#${head.seq}`}) does not match the newest event: the newest events may have been deleted`,
      );
    }
    for (const [seq] of expected) {
      broken(
        'expected-head',
        seq,
        null,
        '另行保存的链头已不在链中，记录被删除',
        'a head kept elsewhere is no longer in the chain: events were deleted',
      );
    }
    chains.push({ city: cityOf(chain), events, head, firstBreak });
  }
  for (const h of options.expectedHeads ?? []) {
    if (!chainRows.some((r) => r.chain === chainOf(h.city))) {
      chains.push({
        city: h.city,
        events: 0,
        head: null,
        firstBreak: {
          kind: 'expected-head',
          seq: h.seq,
          eventId: null,
          messageZh: `审计链“${h.city ?? '系统'}”已不存在，而另行保存的链头为第 ${h.seq} 条`,
          messageEn: `audit chain "${h.city ?? 'system'}" is gone, though a head kept elsewhere is #${h.seq}`,
        },
      });
    }
  }
  return { ok: chains.every((c) => c.firstBreak === null), keyId: key.id, chains };
}
