// Backup and restore of the whole element database in a documented logical format (see ../BACKUP.md): a gzip'd
// tar holding manifest.json (format version, migrations, every table with its columns, row count and SHA-256,
// every sequence) and then each table as PostgreSQL COPY text. Tables are found in the catalog, not listed here,
// so tables added by later migrations are backed up without touching this file. The same code serves PGlite and
// PostgreSQL, so a backup of one engine restores on the other.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { listAuditChainHeads, verifyAuditChains, type AuditChainHead } from './audit-chain.js';
import { appendAuditEvent } from './audit-trail.js';
import { readTar, tarHeader, tarPadding, TAR_END, TarFormatError } from './backup-tar.js';
import { copyLine, quoteIdentifier } from './copy-text.js';
import type { Database } from './schema.js';
import type { Store, StoreTx } from './store.js';

/** The `format` field of every Anju backup manifest. */
export const BACKUP_FORMAT = 'anju-backup';
/** The manifest layout this code writes and reads. */
export const BACKUP_FORMAT_VERSION = 1;

/** Kysely's own bookkeeping; recorded as the manifest's migration list instead of as tables. */
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];
/** Rows per keyset page while dumping a table. */
const PAGE_ROWS = 5000;

export interface BackupColumn {
  readonly name: string;
  /** The column's type as `format_type` prints it, e.g. `numeric`, `timestamp with time zone`. */
  readonly type: string;
}

export interface BackupTable {
  readonly name: string;
  /** The tar entry holding the table's COPY text. */
  readonly file: string;
  readonly columns: readonly BackupColumn[];
  /** Primary-key columns, the order the rows are written in (empty: ordered by the whole row's text). */
  readonly primaryKey: readonly string[];
  readonly rows: number;
  /** SHA-256 (hex) of the entry's bytes. */
  readonly sha256: string;
}

export interface BackupSequence {
  readonly name: string;
  /** `last_value` as text, or null when the sequence was never used. */
  readonly lastValue: string | null;
}

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly formatVersion: number;
  /** When the backup was taken (ISO 8601). */
  readonly createdAt: string;
  readonly engine: Store['engine'];
  /** `server_version` of the database the backup was taken from. */
  readonly serverVersion: string;
  /** Names of the applied migrations, in order. */
  readonly migrations: readonly string[];
  /** Every table, parents before the tables whose foreign keys point at them. */
  readonly tables: readonly BackupTable[];
  readonly sequences: readonly BackupSequence[];
  /**
   * The audit chains' heads at the backup's moment and the fingerprint of the key that links them (absent in backups
   * taken before migration 0008). A restore checks the restored chains against them.
   */
  readonly auditChains?: { readonly keyId: string; readonly heads: readonly AuditChainHead[] };
}

export interface BackupOptions {
  /** The clock reading recorded as `createdAt` (time is an input). */
  readonly now: Date;
  /** Called after each table is written. */
  readonly onTable?: (table: string, rows: number) => void;
}

export interface RestoreOptions {
  /** Called after each table is loaded. */
  readonly onTable?: (table: string, rows: number) => void;
  /** Who restores, recorded in the `backup.restore` audit event (default 'anju'). */
  readonly actor?: string;
  /** When, for the same event (default: now). */
  readonly at?: Date;
}

export interface RestoreResult {
  readonly manifest: BackupManifest;
  /** Rows loaded per table. */
  readonly loaded: Readonly<Record<string, number>>;
}

export type BackupErrorCode =
  | 'backup-not-empty'
  | 'backup-corrupt'
  | 'backup-format'
  | 'backup-checksum'
  | 'backup-migrations'
  | 'backup-schema'
  | 'backup-chain';

/** A refused backup or restore, worded in Chinese and English. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(`${messageZh} (${messageEn})`);
  }
}

/** A table as the catalog describes it. */
interface CatalogTable {
  readonly name: string;
  readonly columns: readonly (BackupColumn & { readonly collatable: boolean })[];
  readonly primaryKey: readonly string[];
}

/**
 * Write a backup of everything in `store` to `outPath` (a .tar.gz), from one consistent snapshot. The file
 * appears only when complete (it is written beside it and renamed).
 *
 * @example
 * const manifest = await backupStore(store, 'anju-2026-01-15.tar.gz', { now: new Date() });
 * manifest.tables.map((t) => [t.name, t.rows]); // → [['city', 2], ['spatial_unit', 7], …]
 */
export async function backupStore(store: Store, outPath: string, options: BackupOptions): Promise<BackupManifest> {
  const work = await mkdtemp(join(dirname(outPath), `.${basename(outPath)}.`));
  try {
    const manifest = await store.transaction(async (tx) => {
      await sql`set transaction isolation level repeatable read, read only`.execute(tx.db);
      await setTextSettings(tx.db);
      const serverVersion = await single<{ v: string }>(tx.db, sql`select current_setting('server_version') as v`);
      const migrations = await appliedMigrations(tx.db);
      const catalog = await catalogTables(tx.db);
      const tables: BackupTable[] = [];
      for (const [i, table] of catalog.entries()) {
        const file = `tables/${String(i + 1).padStart(4, '0')}-${table.name}.copy`;
        const out = createWriteStream(join(work, `${i + 1}.copy`));
        const hash = createHash('sha256');
        let rows = 0;
        for await (const text of dumpTable(tx.db, table)) {
          hash.update(text);
          rows += countLines(text);
          if (!out.write(text)) await new Promise<void>((done) => out.once('drain', () => done()));
        }
        await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
        const { columns, primaryKey } = table;
        tables.push({
          name: table.name,
          file,
          columns: columns.map(({ name, type }) => ({ name, type })),
          primaryKey,
          rows,
          sha256: hash.digest('hex'),
        });
        options.onTable?.(table.name, rows);
      }
      const result: BackupManifest = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: options.now.toISOString(),
        engine: store.engine,
        serverVersion: serverVersion.v,
        migrations,
        tables,
        sequences: await readSequences(tx.db),
        auditChains: { keyId: store.auditKey.id, heads: await listAuditChainHeads(tx) },
      };
      return result;
    });

    const partial = `${outPath}.partial`;
    const mtime = options.now.getTime() / 1000;
    async function* archive(): AsyncGenerator<Buffer> {
      const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
      yield tarHeader('manifest.json', json.length, mtime);
      yield json;
      yield tarPadding(json.length);
      for (const [i, table] of manifest.tables.entries()) {
        const path = join(work, `${i + 1}.copy`);
        const size = (await stat(path)).size;
        yield tarHeader(table.file, size, mtime);
        for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) yield chunk;
        yield tarPadding(size);
      }
      yield TAR_END;
    }
    await pipeline(archive, createGzip(), createWriteStream(partial));
    await rename(partial, outPath);
    return manifest;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Read only the manifest of a backup file.
 *
 * @example
 * (await readBackupManifest('anju.tar.gz')).tables.find((t) => t.name === 'revision')?.rows; // → 12
 */
export async function readBackupManifest(path: string): Promise<BackupManifest> {
  try {
    for await (const entry of readTar(gunzipped(path))) return await parseManifest(entry.name, entry.chunks());
  } catch (error) {
    throw asCorrupt(error);
  }
  throw corrupt('empty archive');
}

/**
 * Restore a backup into an empty store, all in one transaction: the migrations must match, every table's rows
 * and SHA-256 must match the manifest, and sequences are set to where they were. Anything wrong rolls it all back.
 *
 * @example
 * const { loaded } = await restoreStore(emptyStore, 'anju.tar.gz'); // → { city: 2, spatial_unit: 7, … }
 */
export async function restoreStore(store: Store, path: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  try {
    return await store.transaction(async (tx) => {
      await setTextSettings(tx.db);
      await sql`set constraints all deferred`.execute(tx.db);
      const entries = readTar(gunzipped(path));
      const first = await entries.next();
      if (first.done) throw corrupt('empty archive');
      const manifest = await parseManifest(first.value.name, first.value.chunks());
      checkChainKey(tx, manifest);
      await checkTarget(tx, manifest);
      const byFile = new Map(manifest.tables.map((t) => [t.file, t]));
      const loaded: Record<string, number> = {};
      for await (const entry of { [Symbol.asyncIterator]: () => entries }) {
        const table = byFile.get(entry.name);
        if (table === undefined) throw corrupt(`unexpected entry ${entry.name}`);
        byFile.delete(entry.name);
        const hash = createHash('sha256');
        const counted = { rows: 0 };
        const lines = wholeLines(entry.chunks(), hash, counted);
        const columns = table.columns.map((c) => c.name);
        await tx.copyText(table.name, columns, lines);
        loaded[table.name] = counted.rows;
        const sha256 = hash.digest('hex');
        if (sha256 !== table.sha256 || counted.rows !== table.rows) {
          throw new BackupError(
            'backup-checksum',
            `备份文件已损坏：表 ${table.name} 的校验和或行数与清单不符（清单 ${table.rows} 行，读到 ${counted.rows} 行），未恢复任何数据`,
            `the backup is damaged: table ${table.name} does not match its checksum or row count (manifest ${table.rows} rows, read ${counted.rows}); nothing was restored`,
          );
        }
        options.onTable?.(table.name, loaded[table.name]!);
      }
      if (byFile.size > 0) throw corrupt(`missing entries ${[...byFile.keys()].join(', ')}`);
      for (const seq of manifest.sequences) {
        const name = quoteIdentifier(seq.name);
        if (seq.lastValue === null) continue;
        await sql`select setval(${name}::regclass, ${seq.lastValue}::bigint, true)`.execute(tx.db);
      }
      await checkChains(tx, manifest);
      // PGlite has no autovacuum: give the planner statistics for what was just loaded.
      for (const table of manifest.tables) await sql`analyze ${sql.raw(quoteIdentifier(table.name))}`.execute(tx.db);
      await appendAuditEvent(tx, {
        at: options.at ?? new Date(),
        actor: options.actor ?? 'anju',
        action: 'backup.restore',
        target: basename(path),
        valueAfter: {
          backupCreatedAt: manifest.createdAt,
          engine: manifest.engine,
          rows: Object.values(loaded).reduce((a, b) => a + b, 0),
          heads: manifest.auditChains?.heads ?? null,
        },
      });
      return { manifest, loaded };
    });
  } catch (error) {
    throw asCorrupt(error);
  }
}

/**
 * Per table: row count and an order-independent digest of its rows, computed by the database itself. Two stores
 * holding the same data give equal results whichever engine they run on; tests use it to compare a restore.
 */
export async function tableDigests(store: Store): Promise<Record<string, { rows: number; md5: string }>> {
  return store.transaction(async (tx) => {
    await setTextSettings(tx.db);
    const out: Record<string, { rows: number; md5: string }> = {};
    for (const table of await catalogTables(tx.db)) {
      const t = sql.raw(quoteIdentifier(table.name));
      const row = await single<{ rows: string; md5: string }>(
        tx.db,
        sql`select count(*)::text as rows,
          md5(coalesce(string_agg(x::text, E'\n' order by convert_to(x::text, 'UTF8')), '')) as md5
          from ${t} x`,
      );
      out[table.name] = { rows: Number(row.rows), md5: row.md5 };
    }
    return out;
  });
}

// ─── internals ────────────────────────────────────────────────────────────────────────────────────────────────────

/** Text output that does not depend on the server's or session's settings. */
async function setTextSettings(db: Kysely<Database>): Promise<void> {
  await sql`set local timezone = 'UTC'`.execute(db);
  await sql`set local datestyle = 'ISO, YMD'`.execute(db);
  await sql`set local intervalstyle = 'postgres'`.execute(db);
  await sql`set local extra_float_digits = 1`.execute(db);
}

async function single<R>(db: Kysely<Database>, query: RawBuilder<unknown>): Promise<R> {
  const { rows } = await query.execute(db);
  return rows[0] as R;
}

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

/** Every table of the current schema (except Kysely's), parents before children along foreign keys. */
async function catalogTables(db: Kysely<Database>): Promise<CatalogTable[]> {
  const { rows: tables } = await sql<{ oid: string; name: string }>`
    select c.oid::text as oid, c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname <> all (${sql.val(MIGRATION_TABLES)}::text[])
    order by c.relname`.execute(db);
  const { rows: columns } = await sql<{ oid: string; name: string; type: string; collatable: boolean }>`
    select a.attrelid::text as oid, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
      t.typcollation <> 0 as collatable
    from pg_attribute a join pg_type t on t.oid = a.atttypid
    where a.attrelid = any (${sql.val(tables.map((t) => t.oid))}::oid[])
      and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by a.attrelid, a.attnum`.execute(db);
  const { rows: keys } = await sql<{ oid: string; name: string }>`
    select i.indrelid::text as oid, a.attname as name
    from pg_index i cross join lateral unnest(i.indkey) with ordinality k(attnum, ord)
      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
    where i.indisprimary and i.indrelid = any (${sql.val(tables.map((t) => t.oid))}::oid[])
    order by i.indrelid, k.ord`.execute(db);
  const { rows: refs } = await sql<{ child: string; parent: string }>`
    select conrelid::text as child, confrelid::text as parent from pg_constraint
    where contype = 'f' and conrelid <> confrelid`.execute(db);

  const byOid = new Map(
    tables.map((t) => [
      t.oid,
      {
        name: t.name,
        columns: columns.filter((c) => c.oid === t.oid).map((c) => ({ ...c, collatable: toBool(c.collatable) })),
        primaryKey: keys.filter((k) => k.oid === t.oid).map((k) => k.name),
      },
    ]),
  );
  // Kahn's algorithm; ties by name, so the order is the same on every engine. A cycle (only possible with deferred
  // constraints) is broken by name order; restore defers every deferrable constraint.
  const parents = new Map(tables.map((t) => [t.oid, new Set<string>()]));
  for (const r of refs) if (byOid.has(r.child) && byOid.has(r.parent)) parents.get(r.child)!.add(r.parent);
  const ordered: CatalogTable[] = [];
  const left = new Set(tables.map((t) => t.oid));
  while (left.size > 0) {
    const ready = [...left].filter((oid) => [...parents.get(oid)!].every((p) => !left.has(p)));
    const next = (ready.length > 0 ? ready : [...left]).sort((a, b) =>
      byOid.get(a)!.name < byOid.get(b)!.name ? -1 : 1,
    )[0]!;
    left.delete(next);
    const t = byOid.get(next)!;
    ordered.push({
      name: t.name,
      columns: t.columns.map(({ name, type, collatable }) => ({ name, type, collatable })),
      primaryKey: t.primaryKey,
    });
  }
  return ordered;
}

function toBool(value: unknown): boolean {
  return value === true || value === 't' || value === 'true';
}

async function readSequences(db: Kysely<Database>): Promise<BackupSequence[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'S' order by c.relname`.execute(db);
  const out: BackupSequence[] = [];
  for (const { name } of rows) {
    const seq = await single<{ v: string; called: unknown }>(
      db,
      sql`select last_value::text as v, is_called as called from ${sql.raw(quoteIdentifier(name))}`,
    );
    out.push({ name, lastValue: toBool(seq.called) ? seq.v : null });
  }
  return out;
}

/** The rows of one table as COPY text, in primary-key order (byte order for text), a page at a time. */
async function* dumpTable(db: Kysely<Database>, table: CatalogTable): AsyncGenerator<string> {
  const t = sql.raw(quoteIdentifier(table.name));
  const select = sql.join(
    table.columns.map((c, i) => sql`${sql.raw(quoteIdentifier(c.name))}::text as ${sql.raw(`c${i}`)}`),
  );
  const values = (row: Record<string, string | null>): (string | null)[] =>
    table.columns.map((_, i) => row[`c${i}`] ?? null);
  if (table.primaryKey.length === 0) {
    const { rows } = await sql<Record<string, string | null>>`
      select ${select} from ${t} x order by convert_to(x::text, 'UTF8')`.execute(db);
    yield* encode(rows.map(values));
    return;
  }
  const key = table.primaryKey.map((name) => table.columns.find((c) => c.name === name)!);
  const keyIndex = key.map((k) => table.columns.indexOf(k));
  const keyExpr = (c: (typeof key)[number]): RawBuilder<unknown> =>
    sql.raw(`${quoteIdentifier(c.name)}${c.collatable ? ' collate "C"' : ''}`);
  const orderBy = sql.join(key.map(keyExpr));
  let last: (string | null)[] | undefined;
  for (;;) {
    const after =
      last === undefined
        ? sql``
        : sql`where (${orderBy}) > (${sql.join(
            key.map(
              (c, i) => sql`${last![keyIndex[i]!]}::${sql.raw(c.type)}${sql.raw(c.collatable ? ' collate "C"' : '')}`,
            ),
          )})`;
    const { rows } = await sql<Record<string, string | null>>`
      select ${select} from ${t} ${after} order by ${orderBy} limit ${sql.lit(PAGE_ROWS)}`.execute(db);
    if (rows.length === 0) return;
    const page = rows.map(values);
    yield* encode(page);
    if (rows.length < PAGE_ROWS) return;
    last = page[page.length - 1];
  }
}

function* encode(rows: readonly (readonly (string | null)[])[]): Generator<string> {
  let text = '';
  for (const row of rows) {
    text += copyLine(row);
    if (text.length >= 1 << 16) {
      yield text;
      text = '';
    }
  }
  if (text.length > 0) yield text;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Whole COPY lines from raw bytes (a raw newline only ever ends a row in COPY text), hashing and counting them. */
async function* wholeLines(
  chunks: AsyncIterable<Buffer>,
  hash: ReturnType<typeof createHash>,
  counted: { rows: number },
): AsyncGenerator<string> {
  let carry = Buffer.alloc(0);
  for await (const chunk of chunks) {
    hash.update(chunk);
    for (const byte of chunk) if (byte === 0x0a) counted.rows++;
    const joined = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const end = joined.lastIndexOf(0x0a);
    if (end === -1) {
      carry = Buffer.from(joined);
      continue;
    }
    carry = Buffer.from(joined.subarray(end + 1));
    yield joined.subarray(0, end + 1).toString('utf8');
  }
  if (carry.length > 0) throw corrupt('a table entry does not end with a newline');
}

function gunzipped(path: string): AsyncIterable<Buffer> {
  const gunzip = createGunzip();
  const source = createReadStream(path);
  source.on('error', (error) => gunzip.destroy(error));
  return source.pipe(gunzip);
}

async function parseManifest(name: string, chunks: AsyncIterable<Buffer>): Promise<BackupManifest> {
  if (name !== 'manifest.json') throw corrupt(`first entry is ${name}, not manifest.json`);
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(Buffer.concat(parts).toString('utf8')) as BackupManifest;
  } catch {
    throw corrupt('manifest.json is not JSON');
  }
  if (manifest?.format !== BACKUP_FORMAT || typeof manifest.formatVersion !== 'number') {
    throw new BackupError('backup-format', '这不是安居的备份文件', 'this is not an Anju backup file');
  }
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      'backup-format',
      `备份格式版本 ${manifest.formatVersion} 比本程序支持的 ${BACKUP_FORMAT_VERSION} 新，请升级安居后再恢复`,
      `backup format version ${manifest.formatVersion} is newer than the supported ${BACKUP_FORMAT_VERSION}; upgrade Anju to restore it`,
    );
  }
  if (!Array.isArray(manifest.tables) || !Array.isArray(manifest.migrations) || !Array.isArray(manifest.sequences)) {
    throw corrupt('manifest.json lacks tables, migrations or sequences');
  }
  for (const t of manifest.tables) {
    quoteIdentifier(t.name);
    t.columns.forEach((c: BackupColumn) => quoteIdentifier(c.name));
  }
  return manifest;
}

/** The target must have the same migrations and every backed-up column, and hold no rows at all. */
async function checkTarget(tx: StoreTx, manifest: BackupManifest): Promise<void> {
  const migrations = await appliedMigrations(tx.db);
  if (migrations.join('\n') !== manifest.migrations.join('\n')) {
    const missing = manifest.migrations.filter((m) => !migrations.includes(m));
    const extra = migrations.filter((m) => !manifest.migrations.includes(m));
    throw new BackupError(
      'backup-migrations',
      `备份与本库的数据库结构版本不同（备份独有：${missing.join('、') || '无'}；本库独有：${extra.join('、') || '无'}），请用与备份相同版本的安居恢复`,
      `the backup and this store have different schema migrations (only in the backup: ${missing.join(', ') || 'none'}; only here: ${extra.join(', ') || 'none'}); restore with the Anju version that took the backup`,
    );
  }
  const target = new Map((await catalogTables(tx.db)).map((t) => [t.name, t]));
  for (const table of manifest.tables) {
    const here = target.get(table.name);
    const absent =
      here === undefined
        ? [table.name]
        : table.columns
            .filter((c) => !here.columns.some((h) => h.name === c.name))
            .map((c) => `${table.name}.${c.name}`);
    if (absent.length > 0) {
      throw new BackupError(
        'backup-schema',
        `本库缺少备份中的表或列：${absent.join('、')}`,
        `this store lacks tables or columns of the backup: ${absent.join(', ')}`,
      );
    }
  }
  const occupied: string[] = [];
  for (const table of target.values()) {
    const t = sql.raw(quoteIdentifier(table.name));
    const { rows } = await sql<{ one: number }>`select 1 as one from ${t} limit 1`.execute(tx.db);
    if (rows.length > 0) occupied.push(table.name);
  }
  if (occupied.length > 0) {
    throw new BackupError(
      'backup-not-empty',
      `只能恢复到空库：这些表中已有数据：${occupied.join('、')}。请换一个新的数据目录或新建一个空数据库后再恢复`,
      `a backup restores only into an empty store; these tables hold rows: ${occupied.join(', ')}. Use a new data directory or a new empty database`,
    );
  }
}

/**
 * The restored audit chains must verify with this store's key and contain the heads the manifest recorded: a backup
 * whose rows were edited and whose SHA-256s were recomputed passes the checksums but not this.
 */
async function checkChains(tx: StoreTx, manifest: BackupManifest): Promise<void> {
  const report = await verifyAuditChains(tx, { expectedHeads: manifest.auditChains?.heads ?? [] });
  const broken = report.chains.find((c) => c.firstBreak !== null)?.firstBreak;
  if (broken) {
    throw new BackupError(
      'backup-chain',
      `备份中的审计记录被改动过：${broken.messageZh}；未恢复任何数据`,
      `the backup's audit trail was altered: ${broken.messageEn}; nothing was restored`,
    );
  }
}

/** The backup's chains must have been linked with this store's key, or nothing can verify them. */
function checkChainKey(tx: StoreTx, manifest: BackupManifest): void {
  const keyId = manifest.auditChains?.keyId;
  if (keyId !== undefined && keyId !== tx.auditKey.id) {
    throw new BackupError(
      'backup-chain',
      `备份的审计链由另一把密钥签链（密钥标识 ${keyId}，本库 ${tx.auditKey.id}）：请用 ANJU_AUDIT_KEY_FILE 指向备份来源的密钥文件后再恢复，未恢复任何数据`,
      `the backup's audit chains were linked with another key (key id ${keyId}, this store ${tx.auditKey.id}): point ANJU_AUDIT_KEY_FILE at the key file of the store the backup came from; nothing was restored`,
    );
  }
}

function corrupt(detail: string): BackupError {
  return new BackupError(
    'backup-corrupt',
    `备份文件已损坏或不完整（${detail}），未恢复任何数据`,
    `the backup file is damaged or incomplete (${detail}); nothing was restored`,
  );
}

/** Damaged gzip or tar becomes a BackupError; everything else passes through. */
function asCorrupt(error: unknown): unknown {
  if (error instanceof TarFormatError) return corrupt(error.message);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) return corrupt(`gzip: ${(error as Error).message}`);
  return error;
}
