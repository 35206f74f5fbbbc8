// `anju audit-trail verify [--heads FILE] [--json]` and `anju audit-trail heads [--json]`: check the audit chains
// (store/audit-chain.ts) with the key kept outside the database, and print their heads for safekeeping elsewhere
// (a later `verify --heads` proves no event up to them was deleted or rewritten, even by the database owner).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { listAuditChainHeads, verifyAuditChains, type AuditChainHead } from '@anju/store';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { UserError } from './init.js';

export interface AuditTrailOptions {
  /** A file written by `anju audit-trail heads --json` (or a backup manifest's `auditChains`). */
  readonly heads?: string;
}

const chainName = (ctx: Context, city: string | null): string => city ?? t(ctx, '系统', 'system');

/** `anju audit-trail verify`: exit 0 when every chain verifies, 1 naming each chain's first broken link. */
export async function auditTrailVerifyCommand(ctx: Context, opts: AuditTrailOptions): Promise<number> {
  const expectedHeads = opts.heads === undefined ? undefined : await readHeads(ctx, opts.heads);
  return ctx.withStore(async (store) => {
    const report = await verifyAuditChains(store, expectedHeads === undefined ? {} : { expectedHeads });
    if (ctx.json) {
      ctx.out(JSON.stringify(report, null, 2));
      return report.ok ? 0 : 1;
    }
    ctx.out(
      renderTable(
        [t(ctx, '审计链', 'chain'), t(ctx, '记录数', 'events'), t(ctx, '链头', 'head'), t(ctx, '结果', 'result')],
        report.chains.map((c) => [
          chainName(ctx, c.city),
          String(c.events),
          c.head === null ? '—' : `#${c.head.seq} ${c.head.link.slice(0, 16)}…`,
          c.firstBreak === null ? t(ctx, '完好', 'intact') : t(ctx, '已断', 'BROKEN'),
        ]),
      ),
    );
    for (const c of report.chains) {
      if (c.firstBreak !== null) ctx.err(ctx.lang === 'zh' ? c.firstBreak.messageZh : c.firstBreak.messageEn);
    }
    ctx.out(
      report.ok
        ? t(
            ctx,
            `全部 ${report.chains.length} 条审计链校验通过（密钥标识 ${report.keyId}）`,
            `all ${report.chains.length} audit chains verify (key id ${report.keyId})`,
          )
        : t(
            ctx,
            '审计记录被改动过：见上面每条链第一个断开的位置',
            'the audit trail was altered: see the first broken place of each chain above',
          ),
    );
    return report.ok ? 0 : 1;
  });
}

/** `anju audit-trail heads`: each chain's newest sequence number and link, to keep somewhere else. */
export async function auditTrailHeadsCommand(ctx: Context): Promise<number> {
  return ctx.withStore(async (store) => {
    const heads = await listAuditChainHeads(store);
    if (ctx.json) {
      ctx.out(JSON.stringify({ at: ctx.now().toISOString(), keyId: store.auditKey.id, heads }, null, 2));
      return 0;
    }
    ctx.out(
      renderTable(
        [t(ctx, '审计链', 'chain'), t(ctx, '序号', 'seq'), t(ctx, '链接值', 'link')],
        heads.map((h) => [chainName(ctx, h.city), h.seq, h.link]),
      ),
    );
    ctx.out(
      t(
        ctx,
        `密钥标识 ${store.auditKey.id}。请把以上链头另行保存（用 --json 写成文件），日后可用 anju audit-trail verify --heads 文件 核对`,
        `key id ${store.auditKey.id}. Keep these heads elsewhere (--json writes a file); check them later with anju audit-trail verify --heads FILE`,
      ),
    );
    return 0;
  });
}

async function readHeads(ctx: Context, file: string): Promise<AuditChainHead[]> {
  const path = resolve(file);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UserError(
      t(ctx, `无法读取链头文件 ${path}：${String(error)}`, `cannot read heads file ${path}: ${String(error)}`),
    );
  }
  // `anju audit-trail heads --json` writes { heads }, a backup manifest holds { auditChains: { heads } }.
  const record = parsed as { heads?: unknown; auditChains?: { heads?: unknown } } | null;
  const heads = record?.heads ?? record?.auditChains?.heads;
  const valid =
    Array.isArray(heads) &&
    heads.every(
      (h: unknown) =>
        typeof h === 'object' &&
        h !== null &&
        typeof (h as AuditChainHead).seq === 'string' &&
        typeof (h as AuditChainHead).link === 'string' &&
        ((h as AuditChainHead).city === null || typeof (h as AuditChainHead).city === 'string'),
    );
  if (!valid) {
    throw new UserError(
      t(
        ctx,
        `${path} 不是 anju audit-trail heads --json 写出的链头文件`,
        `${path} is not a heads file written by anju audit-trail heads --json`,
      ),
    );
  }
  return heads as AuditChainHead[];
}
