// `anju market cycles|warnings`: destocking cycles with their class and the printed value, and the profile's
// warnings, computed from the published view (SPEC §3.2).
import { computeCityMarket, cycleViews, warningViews, type MarketGrain } from '@anju/api';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { normalisePeriod } from './browse.js';
import { UserError } from './init.js';

export interface MarketOptions {
  readonly city?: string;
  readonly period?: string;
  readonly unit?: string[];
  readonly grain?: string;
  readonly profile?: string;
  readonly type?: string;
  readonly basis?: string;
  readonly level?: string;
  readonly all?: boolean;
}

const TYPE_LABEL: Readonly<Record<string, [string, string]>> = {
  '': ['商品房', 'all'],
  residential: ['住宅', 'residential'],
  'non-residential': ['非住宅', 'non-residential'],
};

/** `anju market cycles` and `anju market warnings`. */
export async function marketCommand(ctx: Context, action: string, opts: MarketOptions): Promise<number> {
  if (action !== 'cycles' && action !== 'warnings') {
    throw new UserError(t(ctx, '用法：anju market cycles | warnings', 'usage: anju market cycles | warnings'));
  }
  const grain = opts.grain as MarketGrain | undefined;
  if (grain !== undefined && !['month', 'quarter', 'year'].includes(grain)) {
    throw new UserError(t(ctx, '--grain 应为 month、quarter 或 year', '--grain must be month, quarter or year'));
  }
  const period = opts.period === undefined ? undefined : normalisePeriod(ctx, opts.period);
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    const market = await computeCityMarket(store, city, {
      ...(grain === undefined ? {} : { grain }),
      ...(opts.profile === undefined ? {} : { profileId: opts.profile }),
    });
    const name = new Map(market.units.map((u) => [u.unitCode, ctx.lang === 'zh' ? u.nameZh : u.nameEn || u.nameZh]));
    const profileLine = t(
      ctx,
      `政策配置 ${market.profile.id}@${market.profile.version}，窗口 ${market.profile.destocking.windowMonths.value} 个月，粒度 ${market.grain}`,
      `profile ${market.profile.id}@${market.profile.version}, window ${market.profile.destocking.windowMonths.value} months, grain ${market.grain}`,
    );
    if (action === 'cycles') {
      const rows = cycleViews(market, {
        ...(opts.unit?.length ? { unit: opts.unit } : {}),
        ...(period === undefined ? {} : { period }),
        propertyType: opts.type ?? 'residential',
        basis: opts.basis === 'units' ? 'units' : 'area',
      });
      if (ctx.json) {
        ctx.out(
          JSON.stringify(
            { profile: { id: market.profile.id, version: market.profile.version }, grain: market.grain, cycles: rows },
            null,
            2,
          ),
        );
        return 0;
      }
      ctx.out(profileLine);
      ctx.out(
        renderTable(
          [
            t(ctx, '单元', 'unit'),
            t(ctx, '期间', 'period'),
            t(ctx, '类型', 'type'),
            t(ctx, '去化周期（月）', 'months'),
            t(ctx, '公布值', 'printed'),
            t(ctx, '分类', 'class'),
            t(ctx, '说明', 'note'),
          ],
          rows.map((r) => [
            `${r.unitCode} ${name.get(r.unitCode) ?? ''}`,
            r.period,
            (TYPE_LABEL[r.propertyType] ?? [r.propertyType, r.propertyType])[ctx.lang === 'zh' ? 0 : 1],
            r.display,
            r.printed ?? '',
            ctx.lang === 'zh' ? r.classZh : r.classEn,
            r.partial
              ? t(
                  ctx,
                  `部分窗口（${r.monthsUsed}/${r.windowMonths} 个月）`,
                  `partial (${r.monthsUsed}/${r.windowMonths} months)`,
                )
              : '',
          ]),
        ),
      );
      return 0;
    }
    const rows = warningViews(market, {
      ...(opts.unit?.length ? { unit: opts.unit } : {}),
      ...(period === undefined ? {} : { period }),
      ...(opts.level === undefined ? {} : { level: opts.level }),
      ...(opts.all ? { states: ['raised', 'active', 'cleared', 'pending'] } : {}),
    });
    if (ctx.json) {
      ctx.out(
        JSON.stringify(
          { profile: { id: market.profile.id, version: market.profile.version }, grain: market.grain, warnings: rows },
          null,
          2,
        ),
      );
      return 0;
    }
    ctx.out(profileLine);
    const level: Readonly<Record<string, [string, string]>> = {
      blue: ['蓝', 'blue'],
      yellow: ['黄', 'yellow'],
      orange: ['橙', 'orange'],
      red: ['红', 'red'],
    };
    const state: Readonly<Record<string, [string, string]>> = {
      raised: ['新发', 'raised'],
      active: ['持续', 'active'],
      cleared: ['解除', 'cleared'],
      pending: ['观察', 'pending'],
      none: ['—', '—'],
    };
    const i = ctx.lang === 'zh' ? 0 : 1;
    ctx.out(
      renderTable(
        [
          t(ctx, '单元', 'unit'),
          t(ctx, '期间', 'period'),
          t(ctx, '规则', 'rule'),
          t(ctx, '等级', 'level'),
          t(ctx, '状态', 'state'),
          t(ctx, '数值', 'value'),
          t(ctx, '阈值', 'threshold'),
          t(ctx, '起始', 'since'),
        ],
        rows.map((w) => [
          `${w.unitCode} ${name.get(w.unitCode) ?? ''}`,
          w.period,
          ctx.lang === 'zh' ? w.ruleZh : w.ruleEn,
          w.level === null ? '—' : (level[w.level]?.[i] ?? w.level),
          state[w.state]?.[i] ?? w.state,
          w.valueDisplay,
          w.threshold ?? '—',
          w.since ?? '—',
        ]),
      ),
    );
    return 0;
  });
}
