// Fault test (issue 7, SPEC §6 "nothing partially written"): `anju import FILE --publish` of a 24,000-row file runs
// in a child process and is killed with SIGKILL at a moment drawn from a seeded generator, 20 times. After each
// kill the store — on PGlite the killed process's data directory, reopened — must be exactly the state before the
// import or exactly the state after it (revisions, every published value, the history's row count, and the audit
// trail telling the same story), and the next import must succeed. Runs on the engine under test.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng, generateSyntheticCity, syntheticCsv } from '@anju/core';
import { importFile, loadCity } from '@anju/intake';
import { openStore, type OpenStoreOptions, type Store } from '@anju/store';
import { createTestLocation, testEngine, type TestLocation } from '../../store/src/testing/index.js';
import { mappingFor } from './commands/import.js';
import { makeContext } from './context.js';

const CITY = '990100';
const KILLS = 20;
const MAX_ATTEMPTS = 40;
const SHAPE = { cityCode: CITY, units: 100, months: 30, measures: 8 } as const;
const ROWS = SHAPE.units * SHAPE.months * SHAPE.measures; // 24,000 values per file
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./testing/import-child.ts', import.meta.url));

interface Snapshot {
  /** (id, status, row count, source SHA-256) of every revision, by id. */
  readonly revisions: readonly (readonly [string, string, number, string | null])[];
  /** md5 of the published view without revision ids: which values are official. */
  readonly publishedValues: string;
  /** md5 of the published view with revision ids. */
  readonly published: string;
  /** (revision, rows) of history rows with a revision id above `since` (a row without its revision shows too). */
  readonly observations: readonly (readonly [string, number])[];
  /** (action, revision) of every audit event, in order; empty when the store has no audit trail. */
  readonly audit: readonly (readonly [string, string | null])[];
}

const lastRevision = (s: Snapshot): string => s.revisions.at(-1)?.[0] ?? '0';

async function snapshot(store: Store, since: string): Promise<Snapshot> {
  const revisions = await sql<{ id: string; status: string; n: number; sha: string | null }>`
    select revision_id::text as id, status, row_count as n, source_sha256 as sha
    from revision order by revision_id`.execute(store.db);
  const published = await sql<{ values: string; full: string }>`
    select md5(coalesce(string_agg(concat_ws('|', unit_code, measure_code, dimension, period, value::text, uom), E'\n'
             order by unit_code, measure_code, dimension, period), '')) as values,
           md5(coalesce(string_agg(concat_ws('|', unit_code, measure_code, dimension, period, value::text, uom,
             revision_id::text), E'\n' order by unit_code, measure_code, dimension, period), '')) as full
    from published_value`.execute(store.db);
  const observations = await sql<{ id: string; n: string }>`
    select revision_id::text as id, count(*)::text as n from observation
    where revision_id > ${since}::bigint group by revision_id order by revision_id`.execute(store.db);
  const hasAudit = await sql<{ t: string | null }>`select to_regclass('audit_event')::text as t`.execute(store.db);
  const audit =
    hasAudit.rows[0]?.t == null
      ? []
      : (
          await sql<{ action: string; rev: string | null }>`
            select action, revision_after as rev from audit_event order by event_id`.execute(store.db)
        ).rows.map((r) => [r.action, r.rev] as const);
  return {
    revisions: revisions.rows.map((r) => [r.id, r.status, Number(r.n), r.sha] as const),
    publishedValues: published.rows[0]!.values,
    published: published.rows[0]!.full,
    observations: observations.rows.map((r) => [r.id, Number(r.n)] as const),
    audit,
  };
}

interface ImportFile {
  readonly path: string;
  readonly sha256: string;
  /** The published values after this file was imported (filled in by the first, unkilled import of it). */
  publishedValues?: string;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Is `now` exactly `before` plus one complete, published import of `file` and its two audit events? Returns what
 * differs, or undefined. `now` must be taken with `since` = the last revision of `before`.
 */
function isAfter(before: Snapshot, now: Snapshot, file: ImportFile): string | undefined {
  if (!same(now.revisions.slice(0, before.revisions.length), before.revisions)) return 'earlier revisions changed';
  const added = now.revisions.slice(before.revisions.length);
  if (added.length !== 1) return `${added.length} new revisions`;
  const [id, status, rows, sha] = added[0]!;
  if (status !== 'published' || rows !== ROWS || sha !== file.sha256)
    return `new revision ${id}: ${status}, ${rows} rows`;
  if (!same(now.observations, [[id, ROWS]])) return `history rows written ${JSON.stringify(now.observations)}`;
  if (file.publishedValues !== undefined && now.publishedValues !== file.publishedValues)
    return 'published values differ';
  if (before.audit.length > 0 || now.audit.length > 0) {
    if (!same(now.audit.slice(0, before.audit.length), before.audit)) return 'audit trail rewritten';
    const events = now.audit.slice(before.audit.length);
    if (
      !same(events, [
        ['revision.create', id],
        ['revision.publish', id],
      ])
    )
      return `audit events ${JSON.stringify(events)}`;
  }
  return undefined;
}

interface ChildRun {
  readonly killed: boolean;
  readonly code: number | null;
  readonly ms: number;
  readonly stderr: string;
}

let dir: string;
let location: TestLocation;
const files: ImportFile[] = [];

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.test.json'),
    ANJU_USER: 'fault-test',
  };
  delete env['DATABASE_URL'];
  delete env['ANJU_DATA_DIR'];
  const options: OpenStoreOptions = location.options;
  if ('databaseUrl' in options) env['DATABASE_URL'] = options.databaseUrl;
  else env['ANJU_DATA_DIR'] = options.dataDir;
  if (options.auditKeyFile !== undefined) env['ANJU_AUDIT_KEY_FILE'] = options.auditKeyFile;
  return env;
}

/** Run the import in a child process; SIGKILL it after `killAfterMs` (never, when undefined). */
function runChild(file: ImportFile, killAfterMs?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file.path, CITY], {
      cwd: ROOT,
      env: childEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (timer !== undefined) clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', code, ms: performance.now() - started, stderr });
    });
  });
}

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(location.options);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** The next import, in this process, with the mapping the CLI builds and the same import function. */
async function importInProcess(store: Store, file: ImportFile): Promise<boolean> {
  const mapping = await mappingFor(makeContext({}), CITY, { city: CITY });
  const result = await importFile(store, {
    path: file.path,
    mapping,
    createdBy: 'fault-test',
    reason: '故障测试导入 / fault-test import',
    now: new Date(),
    publish: true,
  });
  return result.ok && result.published === true;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-fault-'));
  location = await createTestLocation();
  // Two files from the seeded synthetic generator: the same 24,000 keys with different values, imported in turn so
  // that every import changes every published value.
  for (const seed of ['fault-a', 'fault-b']) {
    const city = generateSyntheticCity({ ...SHAPE, seed });
    const path = join(dir, `${seed}.csv`);
    await pipeline(Readable.from(syntheticCsv(city)), createWriteStream(path));
    const sha256 = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
    files.push({ path, sha256 });
    if (seed === 'fault-a') await withStore((store) => loadCity(store, CITY, city.units));
  }
});

afterAll(async () => {
  await location?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe(`SIGKILL during import on ${testEngine()}`, () => {
  it(`${KILLS} kills at seeded random moments leave the store before or after, never between`, async () => {
    // Calibration: one unkilled child import of each file gives the run time and each file's published values.
    let state = await withStore((store) => snapshot(store, '0'));
    const durations: number[] = [];
    for (const file of files) {
      const run = await runChild(file);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      durations.push(run.ms);
      const after = await withStore((store) => snapshot(store, lastRevision(state)));
      expect(isAfter(state, after, file)).toBeUndefined();
      file.publishedValues = after.publishedValues;
      state = await withStore((store) => snapshot(store, lastRevision(after)));
    }
    expect(files[0]!.publishedValues).not.toBe(files[1]!.publishedValues);
    // The quickest run so far: on a busy machine the first runs are slow (cold caches), and a kill drawn from a
    // too-long run would often come after the child has already finished.
    let runMs = Math.min(...durations);

    const rng = createRng('fault-kill-v1');
    const outcomes: { delayMs: number; killed: boolean; kept: boolean }[] = [];
    for (let attempt = 0; outcomes.filter((o) => o.killed).length < KILLS && attempt < MAX_ATTEMPTS; attempt++) {
      const file = files[attempt % 2]!;
      // From just after start-up to the end of a normal run: most land in the transaction, some after the commit.
      const delayMs = Math.round(runMs * (0.1 + 0.9 * rng.next()));
      const run = await runChild(file, delayMs);
      if (!run.killed) {
        expect(run.code).toBe(0);
        runMs = Math.min(runMs, run.ms);
      }
      // Reopen the store the killed process left behind (PGlite: its data directory must recover).
      state = await withStore(async (store) => {
        const now = await snapshot(store, lastRevision(state));
        const lost = same(now, state);
        const why = lost ? undefined : isAfter(state, now, file);
        if (why !== undefined) {
          throw new Error(`kill ${attempt + 1} at ${delayMs} ms left a state neither before nor after: ${why}`);
        }
        outcomes.push({ delayMs, killed: run.killed, kept: !lost });
        let settled = now;
        // The next import succeeds: after a lost import, the same file again (a kept import already did).
        if (lost) {
          expect(await importInProcess(store, file)).toBe(true);
          settled = await snapshot(store, lastRevision(state));
          expect(isAfter(state, settled, file)).toBeUndefined();
        }
        return snapshot(store, lastRevision(settled));
      });
    }
    const killed = outcomes.filter((o) => o.killed);
    expect(killed).toHaveLength(KILLS);
    // Both outcomes occur: kills inside the transaction lose the import, kills after the commit keep it.
    const lost = killed.filter((o) => !o.kept).length;
    expect(lost).toBeGreaterThan(0);
    // Every import that ran to the end (2 calibration runs, then one per attempt: kept, or lost and retried) is in
    // the store, published, with all its rows; nothing else is.
    const final = await withStore((store) => snapshot(store, '0'));
    expect(final.revisions).toHaveLength(2 + outcomes.length);
    expect(final.revisions.every(([, status, rows]) => status === 'published' && rows === ROWS)).toBe(true);
    expect(final.observations).toEqual(final.revisions.map(([id]) => [id, ROWS]));
    console.info(
      `fault test (${testEngine()}): ${killed.length} SIGKILLs survived (${lost} lost the import and were retried, ` +
        `${killed.length - lost} landed after the commit), ${outcomes.length - killed.length} runs ended before ` +
        `their kill; unkilled run ${Math.round(runMs)} ms`,
    );
  }, 600_000);
});
