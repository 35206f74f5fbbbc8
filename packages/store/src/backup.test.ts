// Backup → restore gives back every table and every row, on the engine under test and across engines (PGlite →
// PostgreSQL → PGlite); a restore refuses a store that holds data, a damaged file and a different schema, and
// leaves the target as it was when it refuses.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { listAuditEvents } from './audit-trail.js';
import { BackupError, backupStore, readBackupManifest, restoreStore, tableDigests } from './backup.js';
import { readTar, tarHeader, tarPadding, TAR_END } from './backup-tar.js';
import { upsertCity } from './cities.js';
import { openStore } from './open-store.js';
import { writeObservations } from './observations.js';
import { createRevision, listRevisions, publishRevision } from './revisions.js';
import type { Store } from './store.js';
import { startPostgresCluster, type PostgresCluster } from './testing/pg-cluster.js';
import { observationRow } from './testing/observation-rows.js';
import { createTestLocation, openTestStore, testEngine, type TestLocation } from './testing/test-store.js';
import { saveUnits } from './units.js';

const CITY = '620700';
const AT = new Date('2026-01-15T08:00:00Z');
// Everything COPY text must escape, plus Chinese text, in values that must come back byte for byte.
const AWKWARD = '第一行\n第二行\t制表\\反斜杠\r回车 “引号” ☃';

let dir: string;
let source: Store;
let sourceDigests: Awaited<ReturnType<typeof tableDigests>>;
let backupFile: string;

/** A table as another migration might add it: identity key, FK to revision, jsonb, bytea, timestamptz, NULLs. */
async function addAuditLikeTable(store: Store): Promise<void> {
  await sql`create table if not exists test_audit_note (
      note_id bigint generated always as identity primary key,
      city_code text not null,
      revision_id bigint not null,
      at timestamptz not null,
      detail jsonb,
      raw bytea,
      note text,
      foreign key (city_code, revision_id) references revision (city_code, revision_id)
    )`.execute(store.db);
}

async function fill(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    await upsertCity(tx, { cityCode: CITY, nameZh: '张掖市', nameEn: 'Zhangye' });
    await upsertCity(tx, { cityCode: '410100', nameZh: '郑州市', nameEn: 'Zhengzhou' });
    await saveUnits(
      tx,
      CITY,
      [
        ['620700', null, 'city'],
        ['620702', '620700', 'district'],
        ['620721', '620700', 'district'],
      ].map(([unitCode, parentCode, level], i) => ({
        unitCode: unitCode!,
        nameZh: `单元${unitCode}`,
        nameEn: i === 1 ? AWKWARD : '',
        level: level!,
        parentCode: parentCode ?? null,
        aliases: i === 2 ? ['肃南县', 'a\tb'] : [],
        attributes: { rank: i, note: AWKWARD },
        sortOrder: i,
        boundary: i === 0 ? { type: 'Point', coordinates: [100.45, 38.93] } : null,
      })),
    );
  });
  for (let r = 0; r < 3; r++) {
    const id = await store.transaction(async (tx) => {
      const id = await createRevision(tx, {
        cityCode: CITY,
        kind: 'import',
        createdBy: `analyst-${r}`,
        createdAt: new Date(AT.getTime() + r * 3_600_000),
        reason: r === 1 ? AWKWARD : `第 ${r} 次导入`,
        sourceFile: `file-${r}.xlsx`,
        sourceSha256: String(r).repeat(64),
        mapping: { layout: 'long', note: AWKWARD },
        synthetic: r === 2,
        simulated: false,
      });
      const rows = [];
      for (let m = 1; m <= 12; m++) {
        const period = `2025-${String(m).padStart(2, '0')}`;
        rows.push(
          observationRow('620702', 'sales_area', period, `${10 + r}.${m}5`, { sourceRef: r === 1 ? AWKWARD : null }),
        );
        rows.push(observationRow('620721', 'avg_price', period, `${5000 + m * 7 + r}`, { uom: '元/平方米' }));
      }
      await writeObservations(tx, id, CITY, rows);
      return id;
    });
    if (r < 2)
      await publishRevision(store, {
        cityCode: CITY,
        revisionId: id,
        publishedBy: 'chief',
        at: AT,
        reason: `发布 ${r}`,
      });
  }
  await addAuditLikeTable(store);
  await sql`insert into test_audit_note (city_code, revision_id, at, detail, raw, note) values
      ('620700', 1, '2026-01-15 16:00:00+08', ${JSON.stringify({ before: null, after: '1', why: AWKWARD })}::jsonb, '\\x00ff0a5c'::bytea, ${AWKWARD}),
      ('620700', 2, '2026-01-16 08:30:00.123456+00', null, null, null)`.execute(store.db);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-backup-'));
  source = await openTestStore();
  await fill(source);
  sourceDigests = await tableDigests(source);
  backupFile = join(dir, 'anju.tar.gz');
});

afterAll(async () => {
  await source?.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * Open a fresh store at a new location on the engine under test, with the extra table the backup holds and the
 * source's audit key (a restore verifies the chains with it).
 */
async function emptyTarget(): Promise<{ store: Store; location: TestLocation }> {
  const location = await createTestLocation();
  const store = await openStore({ ...location.options, auditKeyFile: source.auditKey.path });
  await addAuditLikeTable(store);
  return { store, location };
}

/** Digests of everything but the audit trail, which a restore extends by its own `backup.restore` event. */
function withoutTrail(digests: Awaited<ReturnType<typeof tableDigests>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(digests).filter(([table]) => table !== 'audit_event' && table !== 'audit_chain_head'),
  );
}

/** Rewrite a backup's entries with `edit`, recomputing every table's SHA-256 in the manifest, as a forger would. */
async function forgeBackup(from: string, to: string, edit: (table: string, text: string) => string): Promise<void> {
  const manifest = await readBackupManifest(from);
  const bodies = new Map<string, Buffer>();
  for await (const entry of readTar(Readable.from(gunzipSync(await readFile(from))))) {
    const parts: Buffer[] = [];
    for await (const chunk of entry.chunks()) parts.push(chunk);
    const table = manifest.tables.find((t) => t.file === entry.name);
    if (table) bodies.set(entry.name, Buffer.from(edit(table.name, Buffer.concat(parts).toString('utf8')), 'utf8'));
  }
  const tables = manifest.tables.map((t) => ({
    ...t,
    sha256: createHash('sha256').update(bodies.get(t.file)!).digest('hex'),
  }));
  const json = Buffer.from(JSON.stringify({ ...manifest, tables }));
  const parts = [tarHeader('manifest.json', json.length, 0), json, tarPadding(json.length)];
  for (const t of tables) {
    const body = bodies.get(t.file)!;
    parts.push(tarHeader(t.file, body.length, 0), body, tarPadding(body.length));
  }
  await writeFile(to, gzipSync(Buffer.concat([...parts, TAR_END])));
}

describe(`backup and restore on ${testEngine()}`, () => {
  it('writes a manifest with migrations, tables in foreign-key order, row counts, checksums and sequences', async () => {
    const manifest = await backupStore(source, backupFile, { now: AT });
    expect(manifest).toMatchObject({
      format: 'anju-backup',
      formatVersion: 1,
      createdAt: '2026-01-15T08:00:00.000Z',
      engine: source.engine,
    });
    expect(manifest.migrations.slice(0, 3)).toEqual([
      '0001-element-database',
      '0002-observation-key-first',
      '0003-presale-project',
    ]);
    const names = manifest.tables.map((t) => t.name);
    // parents first: city before spatial_unit and revision; revision before presale_project and the extra table
    expect(names.indexOf('city')).toBeLessThan(names.indexOf('spatial_unit'));
    expect(names.indexOf('city')).toBeLessThan(names.indexOf('revision'));
    expect(names.indexOf('revision')).toBeLessThan(names.indexOf('presale_project'));
    expect(names.indexOf('revision')).toBeLessThan(names.indexOf('test_audit_note'));
    expect(names).not.toContain('kysely_migration');
    const rows = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
    // 2 cities, 3 units, 3 revisions × 24 observations, 24 published keys, 2 notes
    expect(rows).toMatchObject({
      city: 2,
      spatial_unit: 3,
      revision: 3,
      observation: 72,
      published_value: 24,
      presale_project: 0,
      test_audit_note: 2,
    });
    for (const t of manifest.tables) expect(t.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.tables.find((t) => t.name === 'observation')!.primaryKey).toEqual([
      'city_code',
      'unit_code',
      'measure_code',
      'dimension',
      'period',
      'revision_id',
    ]);
    expect(manifest.sequences).toEqual(
      expect.arrayContaining([
        { name: 'revision_revision_id_seq', lastValue: '3' },
        { name: 'test_audit_note_note_id_seq', lastValue: '2' },
      ]),
    );
    expect(rows).toMatchObject({ audit_chain_head: 1 });
    // The chain heads, for a restore to check the restored trail against.
    expect(manifest.auditChains).toEqual({
      keyId: source.auditKey.id,
      heads: [{ city: CITY, seq: '5', link: expect.stringMatching(/^[0-9a-f]{64}$/), keyId: source.auditKey.id }],
    });
    expect(await readBackupManifest(backupFile)).toEqual(manifest);
    // the archive is a plain tar inside gzip: the first entry is manifest.json
    const tar = gunzipSync(await readFile(backupFile));
    expect(tar.subarray(0, 13).toString()).toBe('manifest.json');
    expect(tar.subarray(257, 262).toString()).toBe('ustar');
  });

  it('restores into an empty store: every table and every row equal, sequences continue', async () => {
    const { store, location } = await emptyTarget();
    try {
      const { loaded } = await restoreStore(store, backupFile, { actor: 'ops', at: AT });
      expect(loaded).toMatchObject({
        city: 2,
        spatial_unit: 3,
        revision: 3,
        observation: 72,
        published_value: 24,
        test_audit_note: 2,
      });
      const digests = await tableDigests(store);
      expect(withoutTrail(digests)).toEqual(withoutTrail(sourceDigests));
      // …and the trail holds the backup's events plus one recording the restore, in the system chain.
      expect(digests['audit_event']!.rows).toBe(sourceDigests['audit_event']!.rows + 1);
      const [restored] = await listAuditEvents(store, { action: 'backup.restore' });
      expect(restored).toMatchObject({ actor: 'ops', cityCode: null, chainSeq: '1', target: 'anju.tar.gz' });
      const revisions = await listRevisions(store, CITY);
      expect(revisions.map((r) => [r.revisionId, r.status, r.createdBy])).toEqual(
        (await listRevisions(source, CITY)).map((r) => [r.revisionId, r.status, r.createdBy]),
      );
      expect(revisions.find((r) => r.revisionId === '2')?.reason).toBe(AWKWARD);
      // the identity sequence goes on from 3, so the next revision is 4, not a duplicate key
      const next = await store.transaction((tx) =>
        createRevision(tx, {
          cityCode: CITY,
          kind: 'edit',
          createdBy: 'x',
          createdAt: AT,
          reason: '续号',
          sourceFile: null,
          sourceSha256: null,
          mapping: null,
          synthetic: false,
          simulated: false,
        }),
      );
      expect(next).toBe('4');
      const note = await sql<{
        id: string;
      }>`insert into test_audit_note (city_code, revision_id, at) values ('620700', 4, now()) returning note_id::text as id`.execute(
        store.db,
      );
      expect(note.rows[0]!.id).toBe('3');
    } finally {
      await store.close();
      await location.dispose();
    }
  });

  it('refuses a store that already holds data, and changes nothing in it', async () => {
    const { store, location } = await emptyTarget();
    try {
      await store.transaction((tx) => upsertCity(tx, { cityCode: '110100', nameZh: '北京市', nameEn: 'Beijing' }));
      const before = await tableDigests(store);
      const error = await restoreStore(store, backupFile).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackupError);
      expect((error as BackupError).code).toBe('backup-not-empty');
      expect((error as BackupError).messageZh).toBe(
        '只能恢复到空库：这些表中已有数据：city。请换一个新的数据目录或新建一个空数据库后再恢复',
      );
      expect(await tableDigests(store)).toEqual(before);
      expect(before['city']!.rows).toBe(1);
    } finally {
      await store.close();
      await location.dispose();
    }
  });

  it('refuses a damaged backup (one changed byte in a table) and leaves the store empty', async () => {
    const tar = gunzipSync(await readFile(backupFile));
    // inside the revision table's entry (the audit trail names the analyst too)
    const at = tar.indexOf(Buffer.from('analyst-1'), tar.lastIndexOf(Buffer.from('-revision.copy')) + 512);
    expect(at).toBeGreaterThan(512);
    tar[at + 8] = '7'.charCodeAt(0); // analyst-1 → analyst-7: same length, so only the checksum can tell
    const damaged = join(dir, 'damaged.tar.gz');
    await writeFile(damaged, gzipSync(tar));
    const { store, location } = await emptyTarget();
    try {
      const error = (await restoreStore(store, damaged).catch((e: unknown) => e)) as BackupError;
      expect(error.code).toBe('backup-checksum');
      expect(error.messageZh).toBe(
        '备份文件已损坏：表 revision 的校验和或行数与清单不符（清单 3 行，读到 3 行），未恢复任何数据',
      );
      const after = await tableDigests(store);
      expect(Object.values(after).map((t) => t.rows)).toEqual(Object.values(after).map(() => 0));
      // a cut-off file is refused as incomplete
      const cut = join(dir, 'cut.tar.gz');
      const whole = await readFile(backupFile);
      await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
      const cutError = (await restoreStore(store, cut).catch((e: unknown) => e)) as BackupError;
      expect(cutError.code).toBe('backup-corrupt');
      expect(cutError.messageZh).toMatch(/^备份文件已损坏或不完整（.+），未恢复任何数据$/);
      expect(Object.values(await tableDigests(store)).every((t) => t.rows === 0)).toBe(true);
    } finally {
      await store.close();
      await location.dispose();
    }
  });

  it('refuses a backup whose audit trail was edited and its SHA-256s recomputed, and leaves the store empty', async () => {
    const forged = join(dir, 'forged.tar.gz');
    await forgeBackup(backupFile, forged, (table, text) =>
      table === 'audit_event' ? text.replace('\tchief\t', '\tchiex\t') : text,
    );
    // The forgery changed the trail, and only the trail.
    const original = await readBackupManifest(backupFile);
    const changed = (await readBackupManifest(forged)).tables.filter(
      (t) => t.sha256 !== original.tables.find((o) => o.name === t.name)!.sha256,
    );
    expect(changed.map((t) => t.name)).toEqual(['audit_event']);
    const { store, location } = await emptyTarget();
    try {
      const error = (await restoreStore(store, forged).catch((e: unknown) => e)) as BackupError;
      expect(error.code).toBe('backup-chain');
      expect(error.messageZh).toMatch(
        /^备份中的审计记录被改动过：审计链“620700”第 2 条（事件 #\d+）：链接值与记录内容及上一条链接不符/,
      );
      expect(Object.values(await tableDigests(store)).every((t) => t.rows === 0)).toBe(true);
    } finally {
      await store.close();
      await location.dispose();
    }
    // Restoring with another key is refused before anything is loaded.
    const other = await createTestLocation();
    const stranger = await openStore(other.options);
    try {
      const error = (await restoreStore(stranger, backupFile).catch((e: unknown) => e)) as BackupError;
      expect(error.code).toBe('backup-chain');
      expect(error.messageZh).toContain('ANJU_AUDIT_KEY_FILE');
    } finally {
      await stranger.close();
      await other.dispose();
    }
  });

  it('refuses a backup whose migrations differ from the store’s', async () => {
    const manifest = await readBackupManifest(backupFile);
    const tar = gunzipSync(await readFile(backupFile));
    // rewrite the manifest with one migration more; same length is not needed because only the manifest is read
    const forged = JSON.stringify({ ...manifest, migrations: [...manifest.migrations, '9999-from-the-future'] });
    const { tarHeader, tarPadding, TAR_END } = await import('./backup-tar.js');
    const body = Buffer.from(forged);
    const file = join(dir, 'future.tar.gz');
    await writeFile(
      file,
      gzipSync(Buffer.concat([tarHeader('manifest.json', body.length, 0), body, tarPadding(body.length), TAR_END])),
    );
    expect(tar.length).toBeGreaterThan(body.length);
    const { store, location } = await emptyTarget();
    try {
      const error = (await restoreStore(store, file).catch((e: unknown) => e)) as BackupError;
      expect(error.code).toBe('backup-migrations');
      expect(error.messageZh).toContain('备份独有：9999-from-the-future；本库独有：无');
    } finally {
      await store.close();
      await location.dispose();
    }
  });
});

describe('backup across engines', () => {
  let cluster: PostgresCluster | undefined;
  let pgUrl: string;

  beforeAll(async () => {
    if (testEngine() === 'postgres') {
      const { inject } = await import('vitest');
      pgUrl = inject('anjuPostgresUrl');
    } else {
      cluster = await startPostgresCluster();
      pgUrl = cluster.url;
    }
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('PGlite backup → PostgreSQL restore → PostgreSQL backup → PGlite restore gives the same rows', async () => {
    const pgliteDir = await mkdtemp(join(tmpdir(), 'anju-backup-x-'));
    const pglite = await openStore({ dataDir: join(pgliteDir, 'a') });
    const admin = new URL(pgUrl);
    const dbName = `x_${Date.now().toString(36)}`;
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`create database ${dbName}`);
    admin.pathname = `/${dbName}`;
    let postgres: Store | undefined;
    let back: Store | undefined;
    try {
      await fill(pglite);
      const digests = await tableDigests(pglite);
      const first = join(pgliteDir, 'from-pglite.tar.gz');
      expect((await backupStore(pglite, first, { now: AT })).engine).toBe('pglite');

      const auditKeyFile = pglite.auditKey.path;
      postgres = await openStore({ databaseUrl: admin.toString(), auditKeyFile });
      await addAuditLikeTable(postgres);
      await restoreStore(postgres, first);
      expect(postgres.engine).toBe('postgres');
      expect(withoutTrail(await tableDigests(postgres))).toEqual(withoutTrail(digests));

      const second = join(pgliteDir, 'from-postgres.tar.gz');
      const manifest = await backupStore(postgres, second, { now: AT });
      expect(manifest.engine).toBe('postgres');
      expect(manifest.serverVersion).toMatch(/^15\./);
      back = await openStore({ dataDir: join(pgliteDir, 'b'), auditKeyFile });
      await addAuditLikeTable(back);
      await restoreStore(back, second);
      expect(withoutTrail(await tableDigests(back))).toEqual(withoutTrail(digests));
      expect((await tableDigests(back))['audit_event']!.rows).toBe(digests['audit_event']!.rows + 2);
      expect(digests['observation']).toMatchObject({ rows: 72 });
      // byte-identical table sections: the dump order and the text of every value do not depend on the engine
      const a = await readBackupManifest(first);
      const trail = ['audit_event', 'audit_chain_head'];
      const sections = (m: typeof a) => m.tables.filter((t) => !trail.includes(t.name)).map((t) => [t.name, t.sha256]);
      expect(sections(manifest)).toEqual(sections(a));
    } finally {
      await back?.close();
      await postgres?.close();
      await pglite.close();
      await client.query(`drop database if exists ${dbName} with (force)`);
      await client.end();
      await rm(pgliteDir, { recursive: true, force: true });
    }
  });
});
