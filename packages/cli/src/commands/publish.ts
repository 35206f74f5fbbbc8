import { discardRevision, diffRevision, publishRevision, StoreError } from '@anju/store';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { DataError, UserError } from '../errors.js';

function requireReason(ctx: Context, reason: string | undefined): string {
  if (reason === undefined || reason.trim() === '') {
    throw new UserError(
      t(
        ctx,
        '请用 --reason 说明原因（将记入修订记录）',
        'give a reason with --reason (it is recorded with the revision)',
      ),
    );
  }
  return reason;
}

/** `anju publish REV --reason …`: moves a draft into the published view; earlier values stay in history. */
export async function publishCommand(
  ctx: Context,
  revisionId: string,
  opts: { city?: string; reason?: string },
): Promise<number> {
  const reason = requireReason(ctx, opts.reason);
  return ctx.withStore(async (store) => {
    const cityCode = await chooseCity(ctx, store, opts.city);
    try {
      const counts = await publishRevision(store, {
        cityCode,
        revisionId,
        publishedBy: ctx.user,
        at: ctx.now(),
        reason,
      });
      if (ctx.json) ctx.out(JSON.stringify({ revisionId, ...counts }, null, 2));
      else
        ctx.out(
          t(
            ctx,
            `修订 ${revisionId} 已发布：新增 ${counts.added}，变更 ${counts.changed}，不变 ${counts.unchanged}`,
            `revision ${revisionId} published: ${counts.added} new, ${counts.changed} changed, ${counts.unchanged} unchanged`,
          ),
        );
      return 0;
    } catch (e) {
      if (e instanceof StoreError) throw new DataError(ctx.lang === 'zh' ? e.messageZh : e.messageEn);
      throw e;
    }
  });
}

/** `anju discard REV --reason …`: a draft that will never be published (kept, marked discarded). */
export async function discardCommand(
  ctx: Context,
  revisionId: string,
  opts: { city?: string; reason?: string },
): Promise<number> {
  const reason = requireReason(ctx, opts.reason);
  return ctx.withStore(async (store) => {
    const cityCode = await chooseCity(ctx, store, opts.city);
    try {
      await discardRevision(store, { cityCode, revisionId, by: ctx.user, at: ctx.now(), reason });
    } catch (e) {
      if (e instanceof StoreError) throw new DataError(ctx.lang === 'zh' ? e.messageZh : e.messageEn);
      throw e;
    }
    ctx.out(
      ctx.json
        ? JSON.stringify({ revisionId, discarded: true })
        : t(ctx, `修订 ${revisionId} 已作废`, `revision ${revisionId} discarded`),
    );
    return 0;
  });
}

/** `anju diff REV`: what a revision adds or changes against the published view. */
export async function diffCommand(
  ctx: Context,
  revisionId: string,
  opts: { city?: string; limit?: string },
): Promise<number> {
  return ctx.withStore(async (store) => {
    const cityCode = await chooseCity(ctx, store, opts.city);
    const diff = await diffRevision(store, { cityCode, revisionId, limit: Number(opts.limit ?? 20) });
    if (ctx.json) {
      ctx.out(JSON.stringify(diff, null, 2));
      return 0;
    }
    ctx.out(
      t(
        ctx,
        `修订 ${revisionId}：新增 ${diff.added}，变更 ${diff.changed}，不变 ${diff.unchanged}`,
        `revision ${revisionId}: ${diff.added} new, ${diff.changed} changed, ${diff.unchanged} unchanged`,
      ),
    );
    const rows = [...diff.changedRows, ...diff.addedRows];
    if (rows.length > 0) {
      ctx.out(
        renderTable(
          [
            t(ctx, '单元', 'unit'),
            t(ctx, '指标', 'measure'),
            t(ctx, '期间', 'period'),
            t(ctx, '原值', 'old'),
            t(ctx, '新值', 'new'),
            t(ctx, '原修订', 'old rev'),
          ],
          rows.map((d) => [
            d.unitCode,
            `${d.measureCode}${d.dimension ? `/${d.dimension}` : ''}`,
            d.period,
            d.oldValue ?? '—',
            d.newValue,
            d.oldRevisionId ?? '—',
          ]),
        ),
      );
    }
    return 0;
  });
}
