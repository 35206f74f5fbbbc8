// Tamper-evident audit trail (issue 12).
// - audit_event gains where a write came from (channel, OS user, host, a claimed but unchecked name) and its place in
//   a chain: one chain per city (city code, gapless chain_seq), the system chain for events of no city, each
//   event's chain_link an HMAC over the event and the link before (audit-chain.ts). audit_chain_head holds each
//   chain's newest seq and link; appends lock that row. Events recorded before this migration are chained here, in
//   event-id order, with the store's key (the trigger of 0006 is disabled for that one UPDATE, inside the migration's
//   transaction, by the owner running it) — the chain vouches for them from the upgrade on.
import { sql, type Kysely, type Migration } from 'kysely';
import { chainExistingEvents } from '../audit-chain.js';
import type { AuditKey } from '../audit-key.js';

export function auditChainMigration(key: () => AuditKey): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`alter table audit_event
        add column channel text check (channel in ('cli', 'api')),
        add column os_user text,
        add column host text,
        add column claimed_actor text,
        add column chain_seq bigint,
        add column chain_link text`.execute(db);
      await sql`create table audit_chain_head (
        chain text primary key,
        seq bigint not null check (seq >= 0),
        link text not null,
        key_id text not null,
        at timestamptz not null
      )`.execute(db);
      await sql`alter table audit_event disable trigger audit_event_no_change`.execute(db);
      await chainExistingEvents(db, key());
      await sql`alter table audit_event enable trigger audit_event_no_change`.execute(db);
      await sql`alter table audit_event alter column chain_seq set not null, alter column chain_link set not null`.execute(
        db,
      );
      await sql`create unique index audit_event_chain_idx on audit_event (coalesce(city_code, ''), chain_seq)`.execute(
        db,
      );
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await sql`drop index audit_event_chain_idx`.execute(db);
      await sql`drop table audit_chain_head`.execute(db);
      await sql`alter table audit_event drop column channel, drop column os_user, drop column host,
        drop column claimed_actor, drop column chain_seq, drop column chain_link`.execute(db);
    },
  };
}
