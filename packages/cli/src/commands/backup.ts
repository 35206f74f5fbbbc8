import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BackupError, backupStore, restoreStore } from '@anju/store';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { DataError, UserError } from '../errors.js';

export interface BackupCommandOptions {
  readonly out?: string;
  readonly force?: boolean;
}

/** `anju backup --out FILE`: the whole store, every table, as a gzip'd tar with a checksummed manifest. */
export async function backupCommand(ctx: Context, opts: BackupCommandOptions): Promise<number> {
  if (opts.out === undefined) {
    throw new UserError(
      t(
        ctx,
        '请用 --out 指定备份文件，例如 --out anju-backup.tar.gz',
        'give the backup file with --out, e.g. --out anju-backup.tar.gz',
      ),
    );
  }
  const out = resolve(opts.out);
  if (opts.force !== true && (await exists(out))) {
    throw new UserError(
      t(ctx, `文件已存在：${out}（加 --force 覆盖）`, `file exists: ${out} (add --force to overwrite)`),
    );
  }
  // The backup is written beside `out` and renamed over it: never over a device or a directory (`--out /dev/null`
  // with --force would replace the device node when run as root).
  const existing = await stat(out).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) {
    throw new UserError(
      t(ctx, `${out} 不是普通文件，不能用作备份文件`, `${out} is not a regular file and cannot be the backup file`),
    );
  }
  return ctx.withStore(async (store) => {
    const manifest = await backupStore(store, out, { now: ctx.now() });
    if (ctx.json) {
      ctx.out(JSON.stringify({ file: out, ...manifest }, null, 2));
      return 0;
    }
    const rows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);
    ctx.out(
      renderTable(
        [t(ctx, '表', 'table'), t(ctx, '行数', 'rows'), 'SHA-256'],
        manifest.tables.map((table) => [table.name, String(table.rows), table.sha256.slice(0, 16)]),
      ),
    );
    ctx.out(
      t(
        ctx,
        `已备份 ${ctx.storeLabel()}（${store.engine}）到 ${out}：${manifest.tables.length} 个表，${rows} 行`,
        `backed up ${ctx.storeLabel()} (${store.engine}) to ${out}: ${manifest.tables.length} tables, ${rows} rows`,
      ),
    );
    return 0;
  });
}

/** `anju restore FILE`: into an empty store only, checksums verified, all in one transaction. */
export async function restoreCommand(ctx: Context, file: string): Promise<number> {
  const path = resolve(file);
  if (!(await exists(path))) throw new DataError(t(ctx, `找不到备份文件：${path}`, `no such backup file: ${path}`));
  return ctx.withStore(async (store) => {
    try {
      const { manifest, loaded } = await restoreStore(store, path, { actor: ctx.user, at: ctx.now() });
      const rows = Object.values(loaded).reduce((sum, n) => sum + n, 0);
      if (ctx.json) ctx.out(JSON.stringify({ file: path, loaded, manifest }, null, 2));
      else
        ctx.out(
          t(
            ctx,
            `已从 ${path}（${manifest.createdAt}，${manifest.engine}）恢复到 ${ctx.storeLabel()}：${manifest.tables.length} 个表，${rows} 行，校验和全部一致，审计链校验通过（已记录本次恢复）`,
            `restored ${path} (${manifest.createdAt}, ${manifest.engine}) into ${ctx.storeLabel()}: ${manifest.tables.length} tables, ${rows} rows, every checksum matches, the audit chains verify (this restore is recorded)`,
          ),
        );
      return 0;
    } catch (error) {
      if (error instanceof BackupError) throw new DataError(ctx.lang === 'zh' ? error.messageZh : error.messageEn);
      throw error;
    }
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
