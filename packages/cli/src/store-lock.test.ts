// One writer per embedded data directory (issue 12), with real processes: `anju serve` holding a directory refuses
// an `anju import --publish` from a shell (exit 3, the holder named, the store unchanged); of two concurrent imports
// exactly one runs; a lock left by a killed process is taken over with a notice. On PostgreSQL there is no lock file
// (the server serialises writers) and two concurrent imports both end correct.
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticCity, syntheticCsv } from '@anju/core';
import { loadCity } from '@anju/intake';
import { listRevisions, LOCK_FILE, openStore, type OpenStoreOptions, type Store } from '@anju/store';
import { createTestLocation, testEngine } from '../../store/src/testing/index.js';
import { anjuEnv, runAnjuProcess, STACK_LINE, startAnju } from './testing/anju-process.js';

const CITY = '990100';
// Large enough that an import holds the store for seconds, so two started together overlap.
const SHAPE = { cityCode: CITY, units: 100, months: 30, measures: 8 } as const;
const ROWS = SHAPE.units * SHAPE.months * SHAPE.measures;

let dir: string;
const files: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-lock-cli-'));
  for (const seed of ['lock-a', 'lock-b']) {
    const path = join(dir, `${seed}.csv`);
    await pipeline(Readable.from(syntheticCsv(generateSyntheticCity({ ...SHAPE, seed }))), createWriteStream(path));
    files.push(path);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withStore<T>(options: OpenStoreOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(options);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** A new store on `options` with the synthetic city's units loaded. */
async function prepare(options: OpenStoreOptions): Promise<void> {
  await withStore(options, (store) => loadCity(store, CITY, generateSyntheticCity({ ...SHAPE, seed: 'lock-a' }).units));
}

interface State {
  readonly revisions: readonly (readonly [string, string, number])[];
  readonly published: number;
  readonly audit: readonly string[];
}

async function state(store: Store): Promise<State> {
  const revisions = (await listRevisions(store, CITY))
    .map((r) => [r.revisionId, r.status, r.rowCount] as const)
    .sort((a, b) => Number(a[0]) - Number(b[0]));
  const published = await sql<{ n: string }>`select count(*)::text as n from published_value`.execute(store.db);
  const audit = await sql<{ a: string }>`select action || ' ' || coalesce(revision_after::text, '') as a
    from audit_event order by event_id`.execute(store.db);
  return { revisions, published: Number(published.rows[0]!.n), audit: audit.rows.map((r) => r.a) };
}

const importArgs = (file: string, dataDir?: string): string[] => [
  'import',
  file,
  '--city',
  CITY,
  '--publish',
  '--reason',
  '并发测试 / concurrency test',
  ...(dataDir === undefined ? [] : ['--data-dir', dataDir]),
];

describe('one process per embedded data directory', () => {
  it('refuses `anju import --publish` beside `anju serve` with exit 3 naming the server, and writes nothing', async () => {
    const dataDir = join(dir, 'served');
    await prepare({ dataDir });
    const before = await withStore({ dataDir }, state);
    const server = startAnju(['serve', '--port', '0', '--data-dir', dataDir]);
    try {
      const line = await server.waitForOutput(/^安居已启动：http/);
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
      const refused = await runAnjuProcess(importArgs(files[0]!, dataDir));
      expect(refused.code).toBe(3);
      expect(refused.err).toMatch(
        new RegExp(
          `^数据目录 ${dataDir} 正被进程 ${server.pid}（anju serve --port 0 --data-dir ${dataDir}，启动于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d）使用`,
        ),
      );
      expect(refused.err).not.toMatch(STACK_LINE);
      expect(refused.out).toBe('');
      // English on request, the same refusal
      const english = await runAnjuProcess([...importArgs(files[0]!, dataDir), '--lang', 'en']);
      expect(english.code).toBe(3);
      expect(english.err).toContain(`data directory ${dataDir} is in use by process ${server.pid} (anju serve`);
      // a read-only command is refused the same way (reading beside a PGlite writer is not shown to be safe)
      const read = await runAnjuProcess(['revisions', '--city', CITY, '--data-dir', dataDir]);
      expect(read.code).toBe(3);
      // the server is unharmed and still serves
      const health = (await (await fetch(`${url}/api/health`)).json()) as { status: string };
      expect(health.status).toBe('ok');
    } finally {
      server.child.kill('SIGTERM');
    }
    const stopped = await server.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.err).toBe('');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    expect(await withStore({ dataDir }, state)).toEqual(before);
  }, 180_000);

  it('lets exactly one of two concurrent imports run; the other exits 3', async () => {
    // The second import starts once the first holds the lock. When the first is still running after the second has
    // ended, the two overlapped for the second's whole life and the second must have been refused. (Should the
    // first finish before the second opened the store — a very slow start — the round says nothing and is retried.)
    for (let round = 1; round <= 3; round += 1) {
      const dataDir = join(dir, `two-imports-${round}`);
      await prepare({ dataDir });
      const first = startAnju(importArgs(files[0]!, dataDir));
      let firstEnded = false;
      void first.exited.then(() => (firstEnded = true));
      while (!existsSync(join(dataDir, LOCK_FILE)) && !firstEnded) await new Promise((done) => setTimeout(done, 10));
      const second = await runAnjuProcess(importArgs(files[1]!, dataDir));
      const overlapped = !firstEnded;
      expect((await first.exited).code).toBe(0);
      if (!overlapped) continue;
      expect(second.code).toBe(3);
      expect(second.err).toMatch(/^数据目录 .* 正被进程 \d+（anju import .*--publish.*，启动于 .*）使用/);
      expect(second.err).not.toMatch(STACK_LINE);
      const after = await withStore({ dataDir }, state);
      expect(after.revisions).toEqual([['1', 'published', ROWS]]);
      expect(after.audit).toEqual(['revision.create 1', 'revision.publish 1']);
      return;
    }
    throw new Error('the two imports never overlapped in three rounds');
  }, 600_000);

  it('takes over the lock of a killed process, says so, and imports', async () => {
    const dataDir = join(dir, 'stale');
    await prepare({ dataDir });
    // An import killed while it holds the store leaves its lock file behind.
    const killed = startAnju(importArgs(files[0]!, dataDir));
    let ended = false;
    void killed.exited.then(() => (ended = true));
    while (!existsSync(join(dataDir, LOCK_FILE)) && !ended) await new Promise((done) => setTimeout(done, 10));
    expect(ended).toBe(false);
    killed.child.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true);

    const next = await runAnjuProcess(importArgs(files[1]!, dataDir));
    expect(next.code).toBe(0);
    expect(next.err).toContain(`锁属于已不在运行的进程 ${killed.pid}（anju import ${files[0]}`);
    expect(next.err).not.toMatch(STACK_LINE);
    const after = await withStore({ dataDir }, state);
    expect(after.revisions.at(-1)).toEqual([after.revisions.at(-1)![0], 'published', ROWS]);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  }, 180_000);
});

describe('an interrupted command', () => {
  it('removes its lock on Ctrl+C (SIGINT, exit 130), so the next command finds none', async () => {
    const dataDir = join(dir, 'interrupted');
    await prepare({ dataDir });
    const before = await withStore({ dataDir }, state);
    const running = startAnju(importArgs(files[0]!, dataDir));
    let ended = false;
    void running.exited.then(() => (ended = true));
    while (!existsSync(join(dataDir, LOCK_FILE)) && !ended) await new Promise((done) => setTimeout(done, 10));
    expect(ended).toBe(false);
    running.child.kill('SIGINT');
    const exit = await running.exited;
    expect(exit.code).toBe(130);
    expect(exit.err).not.toMatch(STACK_LINE);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    const notices: string[] = [];
    const after = await withStore({ dataDir, onNotice: (n) => notices.push(n.messageZh) }, state);
    expect(notices).toEqual([]);
    // interrupted inside its transaction: nothing written; interrupted after the commit: the whole file
    if (after.revisions.length > 0) expect(after.revisions).toEqual([['1', 'published', ROWS]]);
    else expect(after).toEqual(before);
  }, 180_000);
});

describe(`two concurrent imports on ${testEngine()} through the store the tests select`, () => {
  it(
    testEngine() === 'postgres'
      ? 'both succeed on PostgreSQL (no lock file: the server serialises) and both revisions are whole'
      : 'on PGlite the second is refused or runs after the first, and the store stays whole',
    async () => {
      const location = await createTestLocation();
      try {
        await prepare(location.options);
        // The children sign the audit chain with the same key file as the test's own store.
        const key =
          location.options.auditKeyFile === undefined ? {} : { ANJU_AUDIT_KEY_FILE: location.options.auditKeyFile };
        const env =
          'databaseUrl' in location.options
            ? anjuEnv({ DATABASE_URL: location.options.databaseUrl, ...key })
            : anjuEnv({ ANJU_DATA_DIR: location.options.dataDir, ...key });
        const runs = await Promise.all(files.map((file) => runAnjuProcess(importArgs(file), { env })));
        const after = await withStore(location.options, state);
        if (testEngine() === 'postgres') {
          expect(runs.map((r) => [r.code, r.err])).toEqual([
            [0, ''],
            [0, ''],
          ]);
          expect(after.revisions).toEqual([
            ['1', 'published', ROWS],
            ['2', 'published', ROWS],
          ]);
          expect(after.published).toBe(ROWS);
          expect([...after.audit].sort()).toEqual([
            'revision.create 1',
            'revision.create 2',
            'revision.publish 1',
            'revision.publish 2',
          ]);
          // every published value comes from one of the two revisions, and the history keeps both files whole
          const history = await withStore(location.options, async (store) =>
            (
              await sql<{ id: string; n: string }>`select revision_id::text as id, count(*)::text as n
                from observation group by revision_id order by revision_id`.execute(store.db)
            ).rows.map((r) => [r.id, Number(r.n)]),
          );
          expect(history).toEqual([
            ['1', ROWS],
            ['2', ROWS],
          ]);
        } else {
          // Started together, the second is refused when they overlap (pinned deterministically above); should one
          // have finished before the other opened the store, both ran one after the other. Either way the store is
          // whole: one published revision per import that ran, and nothing from a refused one.
          const codes = runs.map((r) => r.code).sort();
          const ran = codes.filter((code) => code === 0).length;
          expect([
            [0, 3],
            [0, 0],
          ]).toContainEqual(codes);
          expect(after.revisions).toEqual(
            Array.from({ length: ran }, (_, i) => [String(i + 1), 'published', ROWS] as const),
          );
        }
      } finally {
        await location.dispose();
      }
    },
    300_000,
  );
});
