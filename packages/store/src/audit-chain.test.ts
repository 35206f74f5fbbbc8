import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import {
  canonicalEvent,
  GENESIS_LINK,
  listAuditChainHeads,
  verifyAuditChains,
  type ChainedEvent,
} from './audit-chain.js';
import { defaultAuditKeyFile, loadAuditKey } from './audit-key.js';
import { appendAuditEvent, listAuditEvents, withAuditContext } from './audit-trail.js';
import { storeMigrations } from './migrations/index.js';
import { openPGliteStore } from './pglite-engine.js';
import { openPostgresStore } from './postgres-engine.js';
import { upsertCity } from './cities.js';
import { openStore } from './open-store.js';
import { createRevision, listRevisions, type NewRevision } from './revisions.js';
import type { Store } from './store.js';
import { createTestLocation, type TestLocation } from './testing/test-store.js';

const at = (minute: number): Date => new Date(Date.UTC(2026, 2, 1, 8, minute, 0));

const revision = (cityCode: string, reason: string): NewRevision => ({
  cityCode,
  kind: 'import',
  createdBy: 'li',
  createdAt: at(1),
  reason,
  synthetic: false,
  simulated: false,
});

/** The events of one chain as the verifier reads them, oldest first. */
async function chainRows(store: Store, city: string | null): Promise<(ChainedEvent & { link: string })[]> {
  const events = (await listAuditEvents(store, { limit: 100_000 }))
    .filter((e) => e.cityCode === city)
    .sort((a, b) => Number(a.chainSeq) - Number(b.chainSeq));
  return events.map((e) => ({
    ...e,
    at: e.at.replace(/Z$/, '000Z'),
    link: e.chainLink,
  }));
}

/** As an owner who disabled the trigger: run `statements` on the trail. */
async function asOwner(store: Store, fn: (db: Store['db']) => Promise<void>): Promise<void> {
  await sql`alter table audit_event disable trigger audit_event_no_change`.execute(store.db);
  try {
    await fn(store.db);
  } finally {
    await sql`alter table audit_event enable trigger audit_event_no_change`.execute(store.db);
  }
}

describe('audit chains', () => {
  let location: TestLocation | undefined;
  const opened: Store[] = [];

  const open = async (): Promise<Store> => {
    location ??= await createTestLocation();
    const store = await openStore(location.options);
    opened.push(store);
    return store;
  };

  const others: TestLocation[] = [];

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    for (const other of others.splice(0)) await other.dispose();
    await location?.dispose();
    location = undefined;
  });

  async function seed(store: Store): Promise<void> {
    await store.transaction(async (tx) => {
      await upsertCity(tx, { cityCode: '620700', nameZh: '张掖市', nameEn: 'Zhangye' });
      await upsertCity(tx, { cityCode: '330300', nameZh: '温州市', nameEn: 'Wenzhou' });
    });
    for (let i = 0; i < 5; i++) {
      await appendAuditEvent(store, {
        at: at(i),
        actor: 'li',
        action: 'http.POST /x',
        cityCode: '620700',
        reason: `第 ${i + 1} 次`,
        valueAfter: { b: [1, 2.5, { z: null, a: '甲' }], a: i },
      });
    }
    await appendAuditEvent(store, { at: at(9), actor: 'wang', action: 'session.login' });
    await appendAuditEvent(store, { at: at(9), actor: 'chen', action: 'user.create', cityCode: '330300' });
  }

  it('keeps one gapless chain per city and a system chain, and verifies them', async () => {
    const store = await open();
    await seed(store);
    const report = await verifyAuditChains(store);
    expect(report.ok).toBe(true);
    expect(report.chains.map((c) => [c.city, c.events, c.head?.seq])).toEqual([
      [null, 1, '1'],
      ['330300', 1, '1'],
      ['620700', 5, '5'],
    ]);
    const zhangye = await chainRows(store, '620700');
    expect(zhangye.map((e) => e.chainSeq)).toEqual(['1', '2', '3', '4', '5']);
    // The first link is the HMAC over the genesis link and the event: not a hash anyone could recompute.
    const plain = createHash('sha256')
      .update(`${GENESIS_LINK}\n${canonicalEvent(zhangye[0]!)}`)
      .digest('hex');
    expect(zhangye[0]!.link).toMatch(/^[0-9a-f]{64}$/);
    expect(zhangye[0]!.link).not.toBe(plain);
    expect(zhangye[0]!.link).toBe(store.auditKey.sign(`${GENESIS_LINK}\n${canonicalEvent(zhangye[0]!)}`));
    const heads = await listAuditChainHeads(store);
    expect(heads.find((h) => h.city === '620700')).toMatchObject({ seq: '5', link: zhangye[4]!.link });
  });

  it('names the first broken event when an owner rewrites a chain with recomputed plain SHA-256 links', async () => {
    const store = await open();
    await seed(store);
    const rows = await chainRows(store, '620700');
    // Edit the third event and recompute every link from there on, as one would without the key.
    await asOwner(store, async (db) => {
      let previous = rows[1]!.link;
      for (const row of rows.slice(2)) {
        const edited = row.chainSeq === '3' ? { ...row, reason: '改过的原因' } : row;
        const link = createHash('sha256')
          .update(`${previous}\n${canonicalEvent(edited)}`)
          .digest('hex');
        await sql`update audit_event set reason = ${edited.reason}, chain_link = ${link}
          where event_id = ${row.eventId}`.execute(db);
        previous = link;
      }
      await sql`update audit_chain_head set link = ${previous} where chain = '620700'`.execute(db);
    });
    const report = await verifyAuditChains(store);
    expect(report.ok).toBe(false);
    const broken = report.chains.find((c) => c.city === '620700')!.firstBreak;
    expect(broken).toMatchObject({ kind: 'link', seq: '3', eventId: rows[2]!.eventId });
    expect(broken!.messageZh).toContain('第 3 条');
    // The other chains are untouched.
    expect(report.chains.filter((c) => c.firstBreak !== null).map((c) => c.city)).toEqual(['620700']);
  });

  it('finds a deleted middle event (a gap) and deleted newest events (against the head kept elsewhere)', async () => {
    const store = await open();
    await seed(store);
    const rows = await chainRows(store, '620700');
    const kept = await listAuditChainHeads(store);
    await asOwner(store, async (db) => {
      await sql`delete from audit_event where event_id = ${rows[1]!.eventId}`.execute(db);
    });
    const gap = (await verifyAuditChains(store)).chains.find((c) => c.city === '620700')!.firstBreak;
    expect(gap).toMatchObject({ kind: 'gap', seq: '2', eventId: null });

    // An owner deleting the newest events and moving the head back is caught only by a head kept elsewhere.
    const fresh = await openElsewhere();
    await seed(fresh);
    const freshHeads = await listAuditChainHeads(fresh);
    const freshRows = await chainRows(fresh, '620700');
    await asOwner(fresh, async (db) => {
      await sql`delete from audit_event where event_id = ${freshRows[4]!.eventId}`.execute(db);
      await sql`update audit_chain_head set seq = 4, link = ${freshRows[3]!.link} where chain = '620700'`.execute(db);
    });
    expect((await verifyAuditChains(fresh)).ok).toBe(true);
    const truncated = await verifyAuditChains(fresh, { expectedHeads: freshHeads });
    expect(truncated.chains.find((c) => c.city === '620700')!.firstBreak).toMatchObject({
      kind: 'expected-head',
      seq: '5',
    });
    expect(kept).toHaveLength(3);
  });

  it('keeps chains gapless under concurrent writers', async () => {
    const store = await open();
    await store.transaction((tx) => upsertCity(tx, { cityCode: '620700', nameZh: '张掖市', nameEn: 'Zhangye' }));
    const writers = 24;
    await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        store.transaction(async (tx) => {
          await appendAuditEvent(tx, { at: at(i), actor: `w${i}`, action: 'http.POST /a', cityCode: '620700' });
          await sql`select pg_sleep(0.01)`.execute(tx.db);
          await appendAuditEvent(tx, { at: at(i), actor: `w${i}`, action: 'http.POST /b', cityCode: '620700' });
          await appendAuditEvent(tx, { at: at(i), actor: `w${i}`, action: 'session.login' });
        }),
      ),
    );
    const report = await verifyAuditChains(store);
    expect(report.chains.map((c) => c.firstBreak)).toEqual([null, null]);
    const rows = await chainRows(store, '620700');
    expect(rows.map((r) => Number(r.chainSeq))).toEqual(Array.from({ length: 2 * writers }, (_, i) => i + 1));
    // One writer's two events are consecutive: the head is held from the first append to the commit.
    for (let i = 0; i < rows.length; i += 2) expect(rows[i]!.actor).toBe(rows[i + 1]!.actor);
    expect((await chainRows(store, null)).map((r) => Number(r.chainSeq))).toEqual(
      Array.from({ length: writers }, (_, i) => i + 1),
    );
  });

  it('rolled-back writes draw no event ids, provisional drafts no revision numbers', async () => {
    const store = await open();
    await store.transaction((tx) => upsertCity(tx, { cityCode: '620700', nameZh: '张掖市', nameEn: 'Zhangye' }));
    const first = await store.transaction((tx) => createRevision(tx, revision('620700', 'first')));
    for (let i = 0; i < 3; i++) {
      await expect(
        store.transaction(async (tx) => {
          const id = await createRevision(tx, { ...revision('620700', 'dry run'), provisional: true });
          expect(Number(id)).toBeLessThan(0);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
    }
    // A provisional draft can never be committed by mistake.
    await expect(
      store.transaction((tx) => createRevision(tx, { ...revision('620700', 'dry run'), provisional: true })),
    ).rejects.toMatchObject({ code: 'provisional-revision' });
    const second = await store.transaction((tx) => createRevision(tx, revision('620700', 'second')));
    expect([first, second]).toEqual(['1', '2']);
    expect((await listRevisions(store, '620700')).map((r) => r.revisionId)).toEqual(['1', '2']);
    const events = await listAuditEvents(store, { action: 'revision.create' });
    expect(events.map((e) => [e.eventId, e.chainSeq, e.reason])).toEqual([
      [String(Number(events[1]!.eventId) + 1), '2', 'second'],
      [events[1]!.eventId, '1', 'first'],
    ]);
  });

  it('records the ambient channel and identity, an event’s own fields winning', async () => {
    const store = await open();
    await withAuditContext({ channel: 'cli', osUser: 'li', host: 'stats-01', claimedActor: 'wang' }, async () => {
      await appendAuditEvent(store, { at: at(1), actor: 'li', action: 'user.create' });
      await withAuditContext({ channel: 'api', osUser: null, host: null, claimedActor: null }, () =>
        appendAuditEvent(store, { at: at(2), actor: 'zhao', action: 'session.login', clientAddress: '10.0.0.9' }),
      );
    });
    const events = await listAuditEvents(store);
    expect(events.map((e) => [e.actor, e.channel, e.osUser, e.host, e.claimedActor, e.clientAddress])).toEqual([
      ['zhao', 'api', null, null, null, '10.0.0.9'],
      ['li', 'cli', 'li', 'stats-01', 'wang', null],
    ]);
    expect((await verifyAuditChains(store)).ok).toBe(true);
  });

  it('refuses a new key for a trail that has chains, and appends under another key', async () => {
    const store = await open();
    await seed(store);
    await store.close();
    opened.splice(0);
    const keyFile = location!.options.auditKeyFile ?? `${(location!.options as { dataDir: string }).dataDir}.audit-key`;
    const { rm } = await import('node:fs/promises');
    await rm(keyFile);
    await expect(openStore(location!.options)).rejects.toMatchObject({ code: 'audit-key' });

    await writeFile(keyFile, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const wrong = await open();
    const report = await verifyAuditChains(wrong);
    expect(report.ok).toBe(false);
    expect(report.chains.every((c) => c.firstBreak?.kind === 'key')).toBe(true);
    await expect(
      appendAuditEvent(wrong, { at: at(5), actor: 'li', action: 'user.create', cityCode: '620700' }),
    ).rejects.toMatchObject({ code: 'audit-key' });
  });

  it('chains the events recorded before migration 0008 in event-id order, and numbers revisions on from them', async () => {
    location = await createTestLocation();
    const options = location.options;
    const key = await loadAuditKey(options.auditKeyFile ?? defaultAuditKeyFile(options), async () => true);
    const old =
      'dataDir' in options
        ? await openPGliteStore(options.dataDir, () => key)
        : await openPostgresStore(options.databaseUrl, () => key);
    try {
      const migrator = new Migrator({ db: old.db, provider: storeMigrations(() => key) });
      expect((await migrator.migrateTo('0007-plans')).error).toBeUndefined();
      await sql`insert into city (city_code, name_zh, name_en) values ('620700', '张掖市', 'Zhangye')`.execute(old.db);
      // Revision 3 was the last; 1 and 2 were dry runs that drew a number from the old identity.
      await sql`select setval(pg_get_serial_sequence('revision', 'revision_id'), 2)`.execute(old.db);
      await sql`insert into revision (city_code, kind, created_by, created_at, reason, synthetic, simulated)
        values ('620700', 'import', 'li', now(), '旧', false, false)`.execute(old.db);
      for (const [actor, city] of [
        ['a', '620700'],
        ['b', null],
        ['c', '620700'],
      ] as const) {
        await sql`insert into audit_event (at, actor, action, city_code, value_after)
          values ('2025-06-01T08:00:00.123456Z', ${actor}, 'revision.create', ${city}, ${'{"b":1,"a":[2]}'}::jsonb)`.execute(
          old.db,
        );
      }
    } finally {
      await old.close();
    }
    const store = await open();
    expect((await verifyAuditChains(store)).ok).toBe(true);
    const events = (await listAuditEvents(store)).reverse();
    expect(events.map((e) => [e.actor, e.cityCode, e.chainSeq])).toEqual([
      ['a', '620700', '1'],
      ['b', null, '1'],
      ['c', '620700', '2'],
    ]);
    await appendAuditEvent(store, { at: at(1), actor: 'd', action: 'user.create', cityCode: '620700' });
    expect((await verifyAuditChains(store)).chains.map((c) => [c.city, c.head?.seq, c.firstBreak])).toEqual([
      [null, '1', null],
      ['620700', '3', null],
    ]);
    const next = await store.transaction((tx) => createRevision(tx, revision('620700', 'new')));
    expect(next).toBe('4');
  });

  /** A second store on a location of its own. */
  async function openElsewhere(): Promise<Store> {
    const other = await createTestLocation();
    others.push(other);
    const store = await openStore(other.options);
    opened.push(store);
    return store;
  }
});
