import {
  formatPeriod,
  getMeasure,
  getUnitOfMeasure,
  MEASURES,
  parsePeriod,
  periodOf,
  type PeriodGrain,
} from '@anju/core';
import { getSeries, listRevisions, listUnits } from '@anju/store';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { UserError } from '../errors.js';

/** `anju units`: the city's unit tree. */
export async function unitsCommand(ctx: Context, opts: { city?: string }): Promise<number> {
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    const units = await listUnits(store, city);
    if (ctx.json) ctx.out(JSON.stringify(units, null, 2));
    else {
      ctx.out(
        renderTable(
          [
            t(ctx, '代码', 'code'),
            t(ctx, '名称', 'name'),
            t(ctx, '层级', 'level'),
            t(ctx, '上级', 'parent'),
            t(ctx, '别名', 'aliases'),
          ],
          units.map((u) => [
            u.unitCode,
            ctx.lang === 'zh' ? u.nameZh : u.nameEn || u.nameZh,
            u.level,
            u.parentCode ?? '—',
            u.aliases.join('、'),
          ]),
        ),
      );
    }
    return 0;
  });
}

/** `anju measures`: the measure catalogue (人、房、地、钱). */
export function measuresCommand(ctx: Context): number {
  if (ctx.json) {
    ctx.out(JSON.stringify(MEASURES, null, 2));
    return 0;
  }
  const element = {
    people: t(ctx, '人', 'people'),
    housing: t(ctx, '房', 'housing'),
    land: t(ctx, '地', 'land'),
    money: t(ctx, '钱', 'money'),
  };
  ctx.out(
    renderTable(
      [
        t(ctx, '要素', 'element'),
        t(ctx, '代码', 'code'),
        t(ctx, '名称', 'name'),
        t(ctx, '单位', 'unit'),
        t(ctx, '汇总', 'roll-up'),
        t(ctx, '细分', 'breakdowns'),
      ],
      MEASURES.map((m) => [
        element[m.element],
        m.code,
        ctx.lang === 'zh' ? m.nameZh : m.nameEn,
        ctx.lang === 'zh' ? getUnitOfMeasure(m.uom).labelZh : getUnitOfMeasure(m.uom).labelEn,
        m.rollUp.kind,
        m.dimensions.join(','),
      ]),
    ),
  );
  return 0;
}

export interface SeriesOptions {
  readonly city?: string;
  readonly measure: string;
  readonly unit?: string[];
  readonly dimension?: string;
  readonly from?: string;
  readonly to?: string;
  readonly grain?: string;
  readonly revision?: string;
}

/** `anju series`: one measure over time for some units, rolled up to quarter or year on request by the measure's rule. */
export async function seriesCommand(ctx: Context, opts: SeriesOptions): Promise<number> {
  const measure = getMeasure(opts.measure);
  if (measure === undefined)
    throw new UserError(
      t(ctx, `未知指标 ${opts.measure}（见 anju measures）`, `unknown measure ${opts.measure} (see anju measures)`),
    );
  const grain = opts.grain as PeriodGrain | undefined;
  if (grain !== undefined && !['month', 'quarter', 'year'].includes(grain)) {
    throw new UserError(t(ctx, '--grain 应为 month、quarter 或 year', '--grain must be month, quarter or year'));
  }
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    const stored = await getSeries(store, {
      cityCode: city,
      measureCode: measure.code,
      dimension: opts.dimension ?? '',
      ...(opts.unit?.length ? { unitCodes: opts.unit } : {}),
      ...(opts.from ? { fromPeriod: normalisePeriod(ctx, opts.from) } : {}),
      ...(opts.to ? { toPeriod: normalisePeriod(ctx, opts.to) } : {}),
      ...(grain ? { grain, rollUp: measure.rollUp } : {}),
      ...(opts.revision ? { revisionId: opts.revision } : {}),
    });
    // by unit, then by period end; a span (十四五) comes after the last year it covers
    const points = [...stored].sort(
      (a, b) =>
        a.unitCode.localeCompare(b.unitCode) ||
        a.periodEnd.localeCompare(b.periodEnd) ||
        b.periodStart.localeCompare(a.periodStart),
    );
    if (ctx.json) ctx.out(JSON.stringify({ measure: measure.code, uom: measure.uom, points }, null, 2));
    else {
      const uom = getUnitOfMeasure(measure.uom);
      ctx.out(
        `${ctx.lang === 'zh' ? measure.nameZh : measure.nameEn}（${ctx.lang === 'zh' ? uom.labelZh : uom.labelEn}）`,
      );
      ctx.out(
        renderTable(
          [
            t(ctx, '单元', 'unit'),
            t(ctx, '期间', 'period'),
            t(ctx, '数值', 'value'),
            t(ctx, '修订', 'revision'),
            t(ctx, '完整', 'complete'),
          ],
          points.map((p) => [
            p.unitCode,
            formatPeriod(periodOf(p.period), ctx.lang),
            p.value,
            p.revisionId,
            p.complete ? '✓' : t(ctx, '缺月', 'partial'),
          ]),
        ),
      );
    }
    return 0;
  });
}

/** Reads a period the way users write it (2025年12月, 2025Q4, 十四五) and gives its canonical code. */
export function normalisePeriod(ctx: Context, label: string): string {
  const p = parsePeriod(label);
  if (p === undefined) throw new UserError(t(ctx, `无法识别的期间“${label}”`, `unrecognised period "${label}"`));
  return p.code;
}

/** `anju revisions`: every revision of the city, newest first. */
export async function revisionsCommand(ctx: Context, opts: { city?: string }): Promise<number> {
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city);
    const revs = await listRevisions(store, city);
    if (ctx.json) ctx.out(JSON.stringify(revs, null, 2));
    else {
      const status = {
        draft: t(ctx, '草稿', 'draft'),
        published: t(ctx, '已发布', 'published'),
        discarded: t(ctx, '已作废', 'discarded'),
      };
      ctx.out(
        renderTable(
          [
            t(ctx, '修订', 'rev'),
            t(ctx, '状态', 'status'),
            t(ctx, '类型', 'kind'),
            t(ctx, '行数', 'rows'),
            t(ctx, '提交人', 'by'),
            t(ctx, '时间', 'at'),
            t(ctx, '来源', 'source'),
            t(ctx, '原因', 'reason'),
          ],
          revs.map((r) => [
            r.revisionId,
            status[r.status],
            `${r.kind}${r.synthetic ? t(ctx, '·合成', '·synthetic') : ''}${r.simulated ? t(ctx, '·模拟', '·simulated') : ''}`,
            String(r.rowCount),
            r.createdBy,
            r.createdAt.slice(0, 19).replace('T', ' '),
            r.sourceFile ?? '',
            r.reason,
          ]),
        ),
      );
    }
    return 0;
  });
}
