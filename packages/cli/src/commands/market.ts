// `anju market cycles|warnings`: destocking cycles with their class and the printed value, and the profile's
// warnings, computed from the published view (SPEC §3.2).
import {
  computeCityMarket,
  computeInventoryAge,
  cycleViews,
  refreshMarketDerived,
  warningViews,
  type MarketGrain,
} from '@anju/api';
import { divideDecimals, formatLocation, roundDecimal } from '@anju/core';
import { importPresaleProjects } from '@anju/intake';
import { listUnits, type Store } from '@anju/store';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { normalisePeriod } from './browse.js';
import { UserError } from '../errors.js';

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
  /** `market age`: the day the structure is seen on (YYYY-MM-DD). */
  readonly asOf?: string;
  /** `market import-projects`: write the revision as a draft only, or validate only. */
  readonly publish?: boolean;
  readonly dryRun?: boolean;
  readonly reason?: string;
  readonly sheet?: string;
}

const TYPE_LABEL: Readonly<Record<string, [string, string]>> = {
  '': ['商品房', 'all'],
  residential: ['住宅', 'residential'],
  'non-residential': ['非住宅', 'non-residential'],
};

const USAGE: [string, string] = [
  '用法：anju market cycles | warnings | age --as-of 日期 | import-projects 文件 | recompute',
  'usage: anju market cycles | warnings | age --as-of DATE | import-projects FILE | recompute',
];

/** `anju market cycles`, `warnings`, `age` (inventory by age since presale approval) and `import-projects FILE`. */
export async function marketCommand(ctx: Context, action: string, opts: MarketOptions, file?: string): Promise<number> {
  if (action === 'age') return ageCommand(ctx, opts);
  if (action === 'recompute') return recomputeCommand(ctx, opts);
  if (action === 'import-projects') {
    if (file === undefined) throw new UserError(t(ctx, ...USAGE));
    return importProjectsCommand(ctx, file, opts);
  }
  if (action !== 'cycles' && action !== 'warnings') {
    throw new UserError(t(ctx, ...USAGE));
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
          ctx.lang === 'zh' ? w.thresholdDisplay : w.thresholdDisplayEn,
          w.since ?? '—',
        ]),
      ),
    );
    return 0;
  });
}

function areaWanSqm(sqm: string | null): string {
  // Square metres shown in 万平方米 with two decimals, as the seeds' tables print inventory.
  return sqm === null ? '—' : roundDecimal(divideDecimals(sqm, '10000'), 2);
}

/** `anju market age --as-of 2025-12-31`: saleable inventory by age since presale approval, per unit. */
async function ageCommand(ctx: Context, opts: MarketOptions): Promise<number> {
  const asOf = opts.asOf;
  if (asOf === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw new UserError(t(ctx, '请用 --as-of 给出观察日，如 2025-12-31', 'give the day with --as-of, e.g. 2025-12-31'));
  }
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    const age = await computeInventoryAge(store, city, {
      asOf,
      propertyType: opts.type ?? 'residential',
      ...(opts.profile === undefined ? {} : { profileId: opts.profile }),
      ...(opts.unit?.length ? { unit: opts.unit } : {}),
    });
    if (ctx.json) {
      ctx.out(
        JSON.stringify(
          {
            asOf,
            profile: { id: age.profile.id, version: age.profile.version },
            revisionIds: age.revisionIds,
            units: age.units,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    const units = await listUnitNames(store, city, ctx.lang);
    ctx.out(
      t(
        ctx,
        `库存库龄（批准预售起算）观察日 ${asOf}，政策配置 ${age.profile.id}@${age.profile.version}，台账修订 ${age.revisionIds.map((r) => `#${r}`).join('、') || '（无）'}`,
        `inventory by age since presale approval, seen on ${asOf}, profile ${age.profile.id}@${age.profile.version}, project revisions ${age.revisionIds.map((r) => `#${r}`).join(', ') || '(none)'}`,
      ),
    );
    if (age.units.length === 0) {
      ctx.out(
        t(
          ctx,
          '没有已发布的预售项目台账（anju market import-projects 文件）',
          'no published presale projects (anju market import-projects FILE)',
        ),
      );
      return 0;
    }
    const labels = age.units[0]!.buckets.map((b) => (ctx.lang === 'zh' ? b.labelZh : b.labelEn));
    ctx.out(
      renderTable(
        [
          t(ctx, '单元', 'unit'),
          ...labels.map((l) => t(ctx, `${l}（万㎡/套）`, `${l} (10k m² / dwellings)`)),
          t(ctx, '在建未取证（万㎡/套）', 'not yet approved (10k m² / dwellings)'),
          t(ctx, '项目数', 'projects'),
        ],
        age.units.map((u) => [
          `${u.unitCode} ${units.get(u.unitCode) ?? ''}`,
          ...u.buckets.map((b) => `${areaWanSqm(b.saleableArea.value)} / ${b.saleableUnits.value ?? '—'}`),
          `${areaWanSqm(u.pipelineNotApproved.area.value)} / ${u.pipelineNotApproved.units.value ?? '—'}`,
          String(u.projectCount),
        ]),
      ),
    );
    return 0;
  });
}

async function listUnitNames(store: Store, city: string, lang: 'zh' | 'en'): Promise<Map<string, string>> {
  const rows = await listUnits(store, city);
  return new Map(rows.map((u) => [u.unitCode, lang === 'zh' ? u.nameZh : u.nameEn || u.nameZh]));
}

/** `anju market import-projects FILE`: a presale-project file (CSV / XLSX) as a new revision, all or nothing. */
async function importProjectsCommand(ctx: Context, file: string, opts: MarketOptions): Promise<number> {
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    const r = await importPresaleProjects(store, file, {
      cityCode: city,
      createdBy: ctx.user,
      reason: opts.reason ?? t(ctx, `导入预售项目台账 ${file}`, `presale projects from ${file}`),
      now: ctx.now(),
      ...(opts.sheet === undefined ? {} : { sheet: /^\d+$/.test(opts.sheet) ? Number(opts.sheet) : opts.sheet }),
      ...(opts.dryRun ? { dryRun: true } : {}),
      ...(opts.publish ? { publish: true } : {}),
    });
    if (ctx.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return r.ok ? 0 : 1;
    }
    if (!r.ok) {
      for (const e of r.errors)
        ctx.err(
          `${t(ctx, '错误', 'error')}：${formatLocation(e, ctx.lang)}：${ctx.lang === 'zh' ? e.messageZh : e.messageEn}`,
        );
      ctx.err(
        t(ctx, `发现 ${r.errors.length} 个错误，未写入任何数据`, `${r.errors.length} errors: nothing was written`),
      );
      return 1;
    }
    ctx.out(
      r.revisionId === undefined
        ? t(
            ctx,
            `校验通过：${r.projects.length} 个项目（试导入，未写入）`,
            `${r.projects.length} projects valid (dry run, nothing written)`,
          )
        : t(
            ctx,
            `已写入 ${r.projects.length} 个项目，修订 #${r.revisionId}${r.published ? '（已发布）' : '（草稿，用 anju publish 发布）'}`,
            `${r.projects.length} projects written as revision #${r.revisionId}${r.published ? ' (published)' : ' (draft: anju publish to publish)'}`,
          ),
    );
    return 0;
  });
}

/** `anju market recompute`: recomputes every stored derived indicator and warning of the city (full). */
async function recomputeCommand(ctx: Context, opts: MarketOptions): Promise<number> {
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    const started = performance.now();
    const r = await refreshMarketDerived(store, city, {
      now: () => ctx.now(),
      ...(opts.profile === undefined ? {} : { profileId: opts.profile }),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (ctx.json) {
      ctx.out(JSON.stringify({ cityCode: city, ...r, seconds: Number(seconds) }));
      return 0;
    }
    ctx.out(
      t(
        ctx,
        `已重算 ${city}：${r.units} 个单元，去化周期 ${r.cycles} 条，变化率 ${r.changes} 条，预警 ${r.warnings} 条（政策配置 ${r.profile.id}@${r.profile.version}，${seconds} 秒）`,
        `Recomputed ${city}: ${r.units} units, ${r.cycles} cycles, ${r.changes} changes, ${r.warnings} warnings (profile ${r.profile.id}@${r.profile.version}, ${seconds} s)`,
      ),
    );
    return 0;
  });
}
