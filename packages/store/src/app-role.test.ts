// The deployment of docs/SECURITY.md: migrations run as the database owner, the application as a role that may
// INSERT and SELECT the audit trail but not UPDATE, DELETE, TRUNCATE or ALTER it. The GRANTs below are the documented
// ones, word for word; the role does its everyday work and is refused every way of rewriting the trail.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChains } from './audit-chain.js';
import { appendAuditEvent, listAuditEvents } from './audit-trail.js';
import { upsertCity } from './cities.js';
import { createRevision } from './revisions.js';
import type { Store, StoreTx } from './store.js';
import { openTestStore } from './testing/test-store.js';

/** The GRANTs of docs/SECURITY.md for an application role `role` (run by the owner after the migrations). */
const grants = (role: string): string[] => [
  `GRANT USAGE ON SCHEMA public TO ${role}`,
  `GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO ${role}`,
  `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
  `REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${role}`,
  `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON kysely_migration, kysely_migration_lock FROM ${role}`,
];

describe('an application role that may only append to the audit trail', () => {
  let store: Store;
  const role = `anju_app_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    store = await openTestStore();
    await store.transaction((tx) => upsertCity(tx, { cityCode: '620700', nameZh: '张掖市', nameEn: 'Zhangye' }));
    await sql.raw(`CREATE ROLE ${role} NOLOGIN`).execute(store.db);
    for (const statement of grants(role)) await sql.raw(statement).execute(store.db);
  });
  afterAll(async () => {
    await sql.raw(`DROP OWNED BY ${role}`).execute(store.db);
    await sql.raw(`DROP ROLE ${role}`).execute(store.db);
    await store.close();
  });

  /** Run `fn` in a transaction as the application role. */
  const asApp = <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> =>
    store.transaction(async (tx) => {
      await sql.raw(`SET LOCAL ROLE ${role}`).execute(tx.db);
      return fn(tx);
    });

  it('writes revisions and appends events as the application role', async () => {
    const id = await asApp(async (tx) => {
      const revisionId = await createRevision(tx, {
        cityCode: '620700',
        kind: 'edit',
        createdBy: 'li',
        createdAt: new Date('2026-03-01T08:00:00Z'),
        reason: '应用角色',
        synthetic: false,
        simulated: false,
      });
      await appendAuditEvent(tx, { at: new Date('2026-03-01T08:01:00Z'), actor: 'li', action: 'session.login' });
      return revisionId;
    });
    expect(id).toBe('1');
    expect((await listAuditEvents(store)).map((e) => e.action)).toEqual(['session.login', 'revision.create']);
    expect((await verifyAuditChains(store)).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE, TRUNCATE and disabling the trigger to the application role', async () => {
    const refusal = (statement: string): Promise<string> =>
      asApp((tx) => sql.raw(statement).execute(tx.db)).then(
        () => 'executed',
        (e: unknown) => (e as Error).message,
      );
    expect(await refusal(`DELETE FROM audit_event`)).toMatch(/permission denied for table audit_event/);
    expect(await refusal(`UPDATE audit_event SET actor = 'x'`)).toMatch(/permission denied for table audit_event/);
    expect(await refusal(`TRUNCATE audit_event`)).toMatch(/permission denied for table audit_event/);
    expect(await refusal(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change`)).toMatch(
      /must be owner of table audit_event/,
    );
    expect(await refusal(`DROP TABLE audit_event`)).toMatch(/must be owner of table audit_event/);
    expect(await listAuditEvents(store)).toHaveLength(2);
  });
});
