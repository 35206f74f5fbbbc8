import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { appendAuditEvent, countAuditEvents, listAuditEvents } from './audit-trail.js';
import { upsertCity } from './cities.js';
import { StoreError } from './errors.js';
import { writeObservations } from './observations.js';
import { createRevision, discardRevision, publishRevision, type NewRevision } from './revisions.js';
import type { Store } from './store.js';
import { observationRow } from './testing/observation-rows.js';
import { openTestStore } from './testing/test-store.js';
import { saveUnits } from './units.js';

const CITY = '620700';
const at = (minute: number): Date => new Date(Date.UTC(2026, 2, 1, 8, minute, 0));

const unit = (unitCode: string, parentCode: string | null, level: string, i: number) => ({
  unitCode,
  nameZh: unitCode,
  nameEn: '',
  level,
  parentCode,
  aliases: [],
  attributes: {},
  sortOrder: i,
  boundary: null,
});

const revision = (reason: string, minute: number, by = 'analyst-li'): NewRevision => ({
  cityCode: CITY,
  kind: 'import',
  createdBy: by,
  createdAt: at(minute),
  reason,
  sourceFile: `${reason}.csv`,
  sourceSha256: 'cd'.repeat(32),
  synthetic: false,
  simulated: false,
  audit: { actorRole: 'city-analyst', clientAddress: '10.1.2.3' },
});

describe('audit trail', () => {
  let store: Store;

  beforeAll(async () => {
    store = await openTestStore();
    await store.transaction(async (tx) => {
      await upsertCity(tx, { cityCode: CITY, nameZh: '张掖市', nameEn: 'Zhangye' });
      await saveUnits(tx, CITY, [
        unit('620700', null, 'city', 0),
        unit('620702', '620700', 'district', 1),
        unit('620723', '620700', 'district', 2),
      ]);
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it('records create, publish and discard inside the write, with who, why, from where and the revisions replaced', async () => {
    const write = (reason: string, minute: number, value: string) =>
      store.transaction(async (tx) => {
        const id = await createRevision(tx, revision(reason, minute));
        await writeObservations(tx, id, CITY, [
          observationRow('620702', 'sales_area', '2025', value),
          observationRow('620723', 'sales_area', '2025', '7'),
        ]);
        return id;
      });
    const first = await write('first', 1, '10');
    await publishRevision(store, {
      cityCode: CITY,
      revisionId: first,
      publishedBy: 'chief-wang',
      at: at(2),
      reason: '年报',
      audit: { actorRole: 'administrator', clientAddress: '10.9.9.9' },
    });
    const second = await write('second', 3, '12');
    await publishRevision(store, {
      cityCode: CITY,
      revisionId: second,
      publishedBy: 'chief-wang',
      at: at(4),
      reason: '更正',
    });
    const third = await write('third', 5, '13');
    await discardRevision(store, { cityCode: CITY, revisionId: third, by: 'analyst-li', at: at(6), reason: '重复' });

    const events = await listAuditEvents(store, { cityCode: CITY });
    expect(events.map((e) => [e.action, e.actor, e.target, e.revisionBefore, e.revisionAfter, e.reason])).toEqual([
      ['revision.discard', 'analyst-li', `revision ${third}`, null, third, '重复'],
      ['revision.create', 'analyst-li', `revision ${third}`, null, third, 'third'],
      // The second publication replaced one value of the first revision (620702: 10 → 12); 620723's 7 is unchanged.
      ['revision.publish', 'chief-wang', `revision ${second}`, first, second, '更正'],
      ['revision.create', 'analyst-li', `revision ${second}`, null, second, 'second'],
      ['revision.publish', 'chief-wang', `revision ${first}`, null, first, '年报'],
      ['revision.create', 'analyst-li', `revision ${first}`, null, first, 'first'],
    ]);
    expect(events[2]!.valueAfter).toEqual({ added: 0, changed: 1, unchanged: 1 });
    expect(events[4]).toMatchObject({ actorRole: 'administrator', clientAddress: '10.9.9.9', at: at(2).toISOString() });
    expect(events[5]).toMatchObject({
      actorRole: 'city-analyst',
      clientAddress: '10.1.2.3',
      valueAfter: { kind: 'import', sourceFile: 'first.csv', synthetic: false, simulated: false },
    });
  });

  it('leaves no event behind when the write rolls back', async () => {
    const before = await countAuditEvents(store, CITY);
    await expect(
      store.transaction(async (tx) => {
        const id = await createRevision(tx, revision('unknown unit', 7));
        await writeObservations(tx, id, CITY, [observationRow('999999', 'sales_area', '2025', '1')]);
      }),
    ).rejects.toBeInstanceOf(StoreError);
    expect(await countAuditEvents(store, CITY)).toBe(before);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in SQL', async () => {
    await appendAuditEvent(store, { at: at(8), actor: 'root', action: 'user.create', target: 'user x' });
    const id = (await listAuditEvents(store, { actor: 'root' }))[0]!.eventId;
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await statement.execute(store.db).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      return error?.message ?? 'executed';
    };
    expect(await refused(sql`update audit_event set actor = 'someone-else' where event_id = ${id}`)).toMatch(
      /append-only: UPDATE/,
    );
    expect(await refused(sql`delete from audit_event where event_id = ${id}`)).toMatch(/append-only: DELETE/);
    expect(await refused(sql`truncate audit_event`)).toMatch(/append-only: TRUNCATE/);
    const [kept] = await listAuditEvents(store, { actor: 'root' });
    expect(kept).toMatchObject({ eventId: id, actor: 'root', action: 'user.create', outcome: 'ok' });
  });

  it('filters by action prefix, actor, time, text and outcome, newest first, and pages backwards', async () => {
    await appendAuditEvent(store, {
      at: at(9),
      actor: 'wang',
      action: 'session.login-failed',
      outcome: 'refused',
      clientAddress: '10.0.0.1',
      target: 'user wang',
    });
    const revisionEvents = await listAuditEvents(store, { action: 'revision.' });
    expect(revisionEvents).toHaveLength(6);
    expect(await listAuditEvents(store, { action: 'revision.publish' })).toHaveLength(2);
    expect((await listAuditEvents(store, { outcome: 'refused' })).map((e) => e.actor)).toEqual(['wang']);
    expect((await listAuditEvents(store, { from: at(4), to: at(6) })).map((e) => e.action)).toEqual([
      'revision.create',
      'revision.publish',
    ]);
    expect((await listAuditEvents(store, { text: '更正' })).map((e) => e.action)).toEqual(['revision.publish']);
    // Wildcards in the text are taken literally.
    expect(await listAuditEvents(store, { text: '%' })).toEqual([]);
    const page1 = await listAuditEvents(store, { limit: 3 });
    const page2 = await listAuditEvents(store, { limit: 3, beforeId: page1[2]!.eventId });
    expect(page1.map((e) => e.actor)).toEqual(['wang', 'root', 'analyst-li']);
    expect(page2.map((e) => e.action)).toEqual(['revision.create', 'revision.publish', 'revision.create']);
  });
});
