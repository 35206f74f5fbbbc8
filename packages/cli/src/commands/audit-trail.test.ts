// CLI writes record who really ran them (OS user, host, channel `cli`; ANJU_USER only as claimed), and
// `anju audit-trail verify | heads` check the chains and keep their heads: an edit by the database owner past the
// append-only trigger, or the newest events deleted with the head moved back, makes verify exit 1 naming the place.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents, openStore, type Store } from '@anju/store';
import { makeContext, type Context } from '../context.js';
import { auditTrailHeadsCommand, auditTrailVerifyCommand } from './audit-trail.js';
import { generateCommand } from './generate.js';

let dir: string;
let dataDir: string;

function context(out: string[], err: string[] = [], json = false): Context {
  // Always the embedded store in a temporary directory, whatever engine the suite runs on.
  const base = makeContext({ dataDir, json }, { ANJU_USER: 'wang-claimed' });
  return { ...base, out: (text) => void out.push(text), err: (text) => void err.push(text) };
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ dataDir });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** As a database owner who disabled the append-only trigger. */
async function asOwner(fn: (store: Store) => Promise<void>): Promise<void> {
  await withStore(async (store) => {
    await sql`alter table audit_event disable trigger audit_event_no_change`.execute(store.db);
    await fn(store);
    await sql`alter table audit_event enable trigger audit_event_no_change`.execute(store.db);
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-cli-trail-'));
  dataDir = join(dir, 'data');
  const code = await generateCommand(context([]), {
    units: '2',
    months: '3',
    measures: '2',
    seed: 'trail',
    city: '990100',
    publish: true,
  });
  expect(code).toBe(0);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju audit-trail and CLI identity', () => {
  it('records the OS user as the actor, ANJU_USER only as claimed, the host and the channel', async () => {
    const events = await withStore((store) => listAuditEvents(store, { cityCode: '990100' }));
    expect(events.map((e) => e.action)).toEqual(['revision.publish', 'revision.create']);
    for (const e of events) {
      expect(e).toMatchObject({
        actor: userInfo().username,
        claimedActor: 'wang-claimed',
        osUser: userInfo().username,
        host: hostname(),
        channel: 'cli',
      });
    }
  });

  it('verifies an intact trail, prints the heads, and names the first broken link after an owner’s edit', async () => {
    const out: string[] = [];
    expect(await auditTrailVerifyCommand(context(out), {})).toBe(0);
    expect(out.at(-1)).toMatch(/^全部 1 条审计链校验通过（密钥标识 [0-9a-f]{16}）$/);

    const headsOut: string[] = [];
    expect(await auditTrailHeadsCommand(context(headsOut, [], true))).toBe(0);
    const saved = JSON.parse(headsOut[0]!) as { heads: { city: string | null; seq: string }[] };
    expect(saved.heads.map((h) => [h.city, h.seq])).toEqual([['990100', '2']]);
    const headsFile = join(dir, 'heads.json');
    await writeFile(headsFile, headsOut[0]!);

    // The owner deletes the newest event and moves the head back: the trail alone looks intact…
    const [publish, create] = await withStore((store) => listAuditEvents(store, { cityCode: '990100' }));
    await asOwner(async (store) => {
      await sql`delete from audit_event where event_id = ${publish!.eventId}`.execute(store.db);
      await sql`update audit_chain_head set seq = 1, link = ${create!.chainLink} where chain = '990100'`.execute(
        store.db,
      );
    });
    expect(await auditTrailVerifyCommand(context([]), {})).toBe(0);
    // …but not against the heads kept elsewhere.
    const err: string[] = [];
    expect(await auditTrailVerifyCommand(context([], err), { heads: headsFile })).toBe(1);
    expect(err).toEqual(['审计链“990100”第 2 条：另行保存的链头已不在链中，记录被删除']);

    // An edit of the remaining event's reason breaks its link.
    await asOwner(async (store) => {
      await sql`update audit_event set reason = '改过' where event_id = ${create!.eventId}`.execute(store.db);
    });
    const jsonOut: string[] = [];
    expect(await auditTrailVerifyCommand(context(jsonOut, [], true), {})).toBe(1);
    const report = JSON.parse(jsonOut[0]!) as { ok: boolean; chains: { firstBreak: unknown }[] };
    expect(report.ok).toBe(false);
    expect(report.chains[0]!.firstBreak).toMatchObject({ kind: 'link', seq: '1', eventId: create!.eventId });
  });
});
