// `anju linkage classify --city C [--period P]` and `anju plan track --city C`: 以房定地 from the stored cycles,
// inflow and revitalised land, and 003 第六章's annual plans against the published actuals (SPEC §3.4, §3.5).
import { classifyFromStore, trackZhangyePlan } from '@anju/api';
import { roundDecimal, displayValue } from '@anju/core';
import { listUnits } from '@anju/store';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { normalisePeriod } from './browse.js';
import { DataError, UserError } from '../errors.js';

export interface LinkageStoreOptions {
  readonly city?: string;
  readonly period?: string;
  readonly profile?: string;
}

const round = (v: string | null, places: number): string => (v === null ? '—' : roundDecimal(v, places));

/** `anju linkage classify` without a file: every unit of the city for one period, from the store. */
export async function linkageClassifyStoreCommand(ctx: Context, opts: LinkageStoreOptions): Promise<number> {
  const period = opts.period === undefined ? undefined : normalisePeriod(ctx, opts.period);
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    const r = await classifyFromStore(store, city, {
      ...(period === undefined ? {} : { period }),
      ...(opts.profile === undefined ? {} : { profileId: opts.profile }),
    });
    if (ctx.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return 0;
    }
    if (r.period === null) {
      throw new DataError(
        t(ctx, `城市 ${city} 没有去化周期数据，无法分类`, `city ${city} has no destocking cycles to classify by`),
      );
    }
    const names = new Map(
      (await listUnits(store, city)).map((u) => [u.unitCode, ctx.lang === 'zh' ? u.nameZh : u.nameEn || u.nameZh]),
    );
    const source = { computed: t(ctx, '计算', 'computed'), printed: t(ctx, '公布', 'printed'), none: '—' };
    ctx.out(
      t(
        ctx,
        `政策配置 ${r.profile.id}@${r.profile.version}，期间 ${r.period}`,
        `profile ${r.profile.id}@${r.profile.version}, period ${r.period}`,
      ),
    );
    ctx.out(
      renderTable(
        [
          t(ctx, '单元', 'unit'),
          t(ctx, '去化周期（月）', 'cycle (months)'),
          t(ctx, '来源', 'source'),
          t(ctx, '人口净流入（万人）', 'net inflow (10k)'),
          t(ctx, '措施', 'action'),
          t(ctx, '上限（公顷）', 'cap (ha)'),
        ],
        r.classes.map((c) => [
          `${c.unitCode} ${names.get(c.unitCode) ?? ''}`,
          round(c.cycleMonths, 1),
          source[c.cycleSource],
          round(c.netInflowWan, 2),
          c.result.kind === 'classified'
            ? ctx.lang === 'zh'
              ? c.result.labelZh
              : c.result.labelEn
            : ctx.lang === 'zh'
              ? c.result.reasonZh
              : c.result.reasonEn,
          c.result.kind === 'classified'
            ? ((c.result.capHa === null ? null : displayValue(c.result.capHa, 'ha')) ??
              (c.result.capKind === 'none' ? '—' : t(ctx, '缺盘活数', 'no revitalised figure')))
            : '—',
        ]),
      ),
    );
    return 0;
  });
}

/** `anju plan track`: 003 第六章's annual plans beside the published actuals, year by year. */
export async function planTrackCommand(ctx: Context, opts: LinkageStoreOptions): Promise<number> {
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    if (city !== '620700') {
      throw new UserError(
        t(
          ctx,
          `城市 ${city} 没有内置的年度计划（目前内置张掖市 003 第六章）`,
          `city ${city} has no bundled annual plan`,
        ),
      );
    }
    const lines = await trackZhangyePlan(store, city);
    if (ctx.json) {
      ctx.out(JSON.stringify({ cityCode: city, lines }, null, 2));
      return 0;
    }
    const pct = (v: string | null): string => (v === null ? '—' : `${roundDecimal(String(Number(v) * 100), 1)}%`);
    for (const line of lines) {
      ctx.out(ctx.lang === 'zh' ? `${line.labelZh}（${line.uom}）` : `${line.labelEn} (${line.uom})`);
      ctx.out(`  ${ctx.lang === 'zh' ? line.readingZh : line.readingEn}`);
      ctx.out(
        renderTable(
          [
            t(ctx, '年份', 'year'),
            t(ctx, '计划', 'plan'),
            t(ctx, '实际', 'actual'),
            t(ctx, '差额', 'difference'),
            t(ctx, '完成率', 'completion'),
            t(ctx, '累计完成率', 'cumulative'),
          ],
          line.years.map((y) => [
            String(y.year),
            y.planned.value ?? '—',
            y.actual.value ?? '—',
            y.difference.value ?? '—',
            pct(y.completion.value),
            pct(y.cumulativeCompletion.value),
          ]),
        ),
      );
    }
    return 0;
  });
}
