// `anju forecast run|compare`, `anju linkage classify|solve`, `anju plan annual|land`: 以人定房、以房定地 and the
// annual plans (SPEC §3.3–3.5). Inputs are YAML/JSON files validated by the shared zod schemas in @anju/core.
import {
  annualPlanRequestSchema,
  assessIdleLand,
  buildAnnualPlan,
  checkAffordableLandShare,
  classifyLandSupply,
  compareForecastRuns,
  decomposeLandSupply,
  explainText,
  forecastScenarioSchema,
  forecastSensitivity,
  landClassRequestSchema,
  landPlanRequestSchema,
  landTargetRequestSchema,
  multiplyDecimals,
  roundToPlaces,
  runForecast,
  solveLandTarget,
  type ForecastScenario,
  displayValue,
} from '@anju/core';
import { readLandParcels, writeZhangyePlanWorkbook } from '@anju/intake';
import {
  profileCatalogue,
  type ResolvedProfile,
  ZHANGYE_BUILDING_PLAN,
  ZHANGYE_LAND_PLAN,
  ZHANGYE_PLAN_FIRST_YEAR,
  reproduceZhangye003,
} from '@anju/samples';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { readInput } from '../read-input.js';
import { UserError } from '../errors.js';
import { linkageIdleCityCommand } from './linkage-parcels.js';

/** The effective bundled profile `id` with its chain (zhangye → national-default). */
export async function effectiveProfile(id: string): Promise<ResolvedProfile> {
  const r = (await profileCatalogue()).resolve(id);
  if (r === undefined) throw new UserError(`没有名为 ${id} 的政策配置 / no profile ${id}`);
  return r;
}

const r2 = (v: string | null): string => (v === null ? '—' : roundToPlaces(v, 2));

export interface ForecastOptions {
  profile?: string;
  sensitivity?: string;
}

/** `anju forecast run [scenario]`: a scenario's chains; without a file, 003's printed chain and its inconsistencies. */
export async function forecastRunCommand(ctx: Context, file: string | undefined, o: ForecastOptions): Promise<number> {
  if (file === undefined) {
    const chain = reproduceZhangye003();
    if (ctx.json) {
      ctx.out(JSON.stringify(chain, null, 2));
      return 0;
    }
    ctx.out(
      t(
        ctx,
        '张掖（003）需求预测链，按原文输入复算：',
        'Zhangye (003) demand chain recomputed from its printed inputs:',
      ),
    );
    for (const e of [chain.newAreaWanSqm, chain.endStockWanSqm, chain.land.totalLandHa])
      ctx.out(explainText(e, ctx.lang));
    ctx.out(t(ctx, '\n原文不一致之处：', '\nWhere the seed contradicts itself:'));
    ctx.out(
      renderTable(
        [
          t(ctx, '项目', 'item'),
          t(ctx, '原文', 'printed'),
          t(ctx, '复算/另处', 'computed/other'),
          t(ctx, '说明', 'note'),
        ],
        chain.findings.map((f) => [f.id, f.printed, f.other, ctx.lang === 'zh' ? f.messageZh : f.messageEn]),
      ),
    );
    return 0;
  }
  const scenario = (await readInput(ctx, file, forecastScenarioSchema)) as ForecastScenario;
  const { profile, chain } = await effectiveProfile(o.profile ?? 'national-default');
  const run = runForecast(scenario, { profile, chain });
  if (ctx.json) {
    ctx.out(JSON.stringify(run, null, 2));
    return 0;
  }
  ctx.out(
    t(
      ctx,
      `情景 ${run.scenario.id}@${run.scenario.version}，政策配置 ${chain.map((c) => `${c.id}@${c.version}`).join(' ← ')}`,
      `scenario ${run.scenario.id}@${run.scenario.version}, profile ${chain.map((c) => `${c.id}@${c.version}`).join(' ← ')}`,
    ),
  );
  ctx.out(
    renderTable(
      [
        t(ctx, '单元', 'unit'),
        t(ctx, '人均法新增（万㎡）', 'per-capita (10k m²)'),
        t(ctx, '户数法（万㎡）', 'household (10k m²)'),
        t(ctx, '存量法（万㎡）', 'stock (10k m²)'),
        t(ctx, '商品住房（套）', 'commercial units'),
        t(ctx, '用地（公顷）', 'land (ha)'),
      ],
      run.units.map((u) => [
        u.unitCode,
        r2(u.perCapita.newFloorAreaWanSqm.value),
        r2(u.household.newFloorAreaWanSqm.value),
        r2(u.stockCheck.newFloorAreaWanSqm.value),
        u.perCapita.commercialUnits.value === null ? '—' : roundToPlaces(u.perCapita.commercialUnits.value, 0),
        r2(u.land.totalLandHa.value),
      ]),
    ),
  );
  return 0;
}

/** `anju forecast compare A.yaml B.yaml …`: scenarios side by side, with the difference from the first. */
export async function forecastCompareCommand(
  ctx: Context,
  files: readonly string[],
  o: ForecastOptions,
): Promise<number> {
  if (files.length < 1) throw new UserError(t(ctx, '至少需要一个情景文件', 'give at least one scenario file'));
  const { profile, chain } = await effectiveProfile(o.profile ?? 'national-default');
  const scenarios: ForecastScenario[] = [];
  for (const f of files) scenarios.push((await readInput(ctx, f, forecastScenarioSchema)) as ForecastScenario);
  const cmp = compareForecastRuns(scenarios.map((s) => runForecast(s, { profile, chain })));
  const sensitivity =
    o.sensitivity === undefined || scenarios[0] === undefined
      ? undefined
      : forecastSensitivity(scenarios[0], o.sensitivity, { profile, chain });
  if (ctx.json) {
    ctx.out(JSON.stringify({ ...cmp, sensitivity: sensitivity ?? null }, null, 2));
    return 0;
  }
  ctx.out(
    renderTable(
      [t(ctx, '单元', 'unit'), t(ctx, '指标', 'metric'), ...cmp.scenarios.map((s) => s.id), t(ctx, '差值', 'diff')],
      cmp.rows.map((r) => [r.unitCode, r.metric, ...r.values.map(r2), r.diffs.slice(1).map(r2).join(' / ')]),
    ),
  );
  if (sensitivity !== undefined) {
    ctx.out(t(ctx, `\n敏感性（${o.sensitivity}，参数 ±10%）：`, `\nSensitivity (${o.sensitivity}, ±10 %):`));
    ctx.out(
      renderTable(
        [t(ctx, '参数', 'parameter'), t(ctx, '取值', 'value'), '−10%', '+10%', t(ctx, '摆幅', 'swing')],
        sensitivity.map((s) => [s.key, s.baseValue, r2(s.lowResult), r2(s.highResult), r2(s.swing)]),
      ),
    );
  }
  return 0;
}

/** `anju linkage classify FILE`: 以房定地 class, action and cap per unit and period under a profile. */
export async function linkageClassifyCommand(ctx: Context, file: string | undefined): Promise<number> {
  const req = await readInput(ctx, file, landClassRequestSchema);
  const { profile } = await effectiveProfile(req.profileId);
  const results = req.items.map((item) =>
    classifyLandSupply(
      profile,
      item,
      req.zeroMigrationAs === undefined ? {} : { zeroMigrationAs: req.zeroMigrationAs },
    ),
  );
  if (ctx.json) {
    ctx.out(JSON.stringify({ profile: { id: profile.id, version: profile.version }, results }, null, 2));
    return 0;
  }
  ctx.out(
    renderTable(
      [
        t(ctx, '单元', 'unit'),
        t(ctx, '期间', 'period'),
        t(ctx, '分类', 'class'),
        t(ctx, '措施', 'action'),
        t(ctx, '上限（公顷）', 'cap (ha)'),
      ],
      results.map((r) =>
        r.kind === 'classified'
          ? [
              r.unitCode,
              r.period,
              r.classId,
              ctx.lang === 'zh' ? r.labelZh : r.labelEn,
              r.capHa === null ? '—' : displayValue(r.capHa, 'ha'),
            ]
          : [r.unitCode, r.period, r.kind, ctx.lang === 'zh' ? r.reasonZh : r.reasonEn, '—'],
      ),
    ),
  );
  return 0;
}

/** `anju linkage solve FILE`: the land per year that brings a unit's cycle into range by the target year. */
export async function linkageSolveCommand(ctx: Context, file: string | undefined): Promise<number> {
  const req = await readInput(ctx, file, landTargetRequestSchema);
  const r = solveLandTarget(req);
  if (ctx.json) {
    ctx.out(JSON.stringify(r, null, 2));
    return 0;
  }
  if (r.kind === 'infeasible') {
    ctx.out(ctx.lang === 'zh' ? r.reasonZh : r.reasonEn);
    return 1;
  }
  ctx.out(
    renderTable(
      [
        t(ctx, '年份', 'year'),
        t(ctx, '供地（公顷）', 'land (ha)'),
        t(ctx, '库存（万㎡）', 'inventory'),
        t(ctx, '去化周期（月）', 'cycle (months)'),
      ],
      r.projected.map((s) => [
        String(s.year),
        s.landHa,
        r2(s.inventoryWanSqm),
        s.cycleMonths === null ? '—' : roundToPlaces(s.cycleMonths, 1),
      ]),
    ),
  );
  ctx.out(
    explainText(r.explanation, ctx.lang)
      .split('\n')
      .slice(0, 1)
      .concat(r.explanation.notes.map((n) => (ctx.lang === 'zh' ? n.messageZh : n.messageEn)))
      .join('\n'),
  );
  return 0;
}

/** `anju plan annual [FILE]`: five-year totals into years; without a file, 003 第六章's building plan as reference. */
export async function planAnnualCommand(ctx: Context, file: string | undefined): Promise<number> {
  const req =
    file === undefined
      ? {
          firstYear: ZHANGYE_PLAN_FIRST_YEAR,
          years: 5,
          shape: { kind: 'even' as const },
          lines: ZHANGYE_BUILDING_PLAN.map((l) => ({
            unitCode: '620700',
            housingType: l.housingType,
            measure: l.measure,
            total: l.total,
            places: l.places,
            shape: { kind: 'weights' as const, weights: l.values },
          })),
        }
      : await readInput(ctx, file, annualPlanRequestSchema);
  const plan = buildAnnualPlan(req);
  if (ctx.json) {
    ctx.out(JSON.stringify(plan, null, 2));
    return 0;
  }
  ctx.out(
    renderTable(
      [
        t(ctx, '单元', 'unit'),
        t(ctx, '类型', 'type'),
        t(ctx, '指标', 'measure'),
        ...plan.years.map(String),
        t(ctx, '合计', 'total'),
      ],
      plan.rows.map((r) => [r.unitCode, r.housingType, r.measure, ...r.values, r.total]),
    ),
  );
  return 0;
}

/** `anju plan land [FILE]`: an annual land plan into quarters/months; without a file, 003's land plan with the 20 % check. */
export async function planLandCommand(ctx: Context, file: string | undefined): Promise<number> {
  if (file === undefined) {
    const { profile } = await effectiveProfile('zhangye');
    const minShare = String(profile.land.affordableLandShareMin.value);
    const [commercial, affordable] = ZHANGYE_LAND_PLAN;
    const rows = commercial!.values.map((c, i) => {
      const a = affordable!.values[i]!;
      const check = checkAffordableLandShare({ commercialLandHa: c, affordableLandHa: a, minShare });
      return {
        year: ZHANGYE_PLAN_FIRST_YEAR + i,
        commercialHa: c,
        affordableHa: a,
        share: check.share.value,
        ok: check.ok,
        shortfallHa: check.shortfallHa,
      };
    });
    if (ctx.json) {
      ctx.out(JSON.stringify({ rows }, null, 2));
      return 0;
    }
    ctx.out(
      renderTable(
        [
          t(ctx, '年份', 'year'),
          t(ctx, '商品住房用地', 'commercial'),
          t(ctx, '保障性住房用地', 'affordable'),
          t(ctx, '保障占比', 'share'),
          t(ctx, '≥20%', '≥20%'),
          t(ctx, '缺口（公顷）', 'shortfall (ha)'),
        ],
        rows.map((r) => [
          String(r.year),
          r.commercialHa,
          r.affordableHa,
          r.share === null ? '—' : `${roundToPlaces(multiplyDecimals(r.share, '100'), 1)}%`,
          r.ok ? '✓' : '✗',
          r2(r.shortfallHa),
        ]),
      ),
    );
    return 0;
  }
  const req = await readInput(ctx, file, landPlanRequestSchema);
  const parts = decomposeLandSupply(req);
  if (ctx.json) {
    ctx.out(JSON.stringify({ parts }, null, 2));
    return 0;
  }
  ctx.out(
    renderTable(
      [t(ctx, '期间', 'period'), t(ctx, '权重', 'weight'), t(ctx, '供地（公顷）', 'land (ha)')],
      parts.map((p) => [p.period, p.weight.value === null ? '—' : roundToPlaces(p.weight.value, 4), p.landHa]),
    ),
  );
  return 0;
}

/** `anju plan export --out FILE.xlsx`: 003 第六章's building and land plans as XLSX, with 合计 rows and the 20 % check. */
export async function planExportCommand(ctx: Context, o: { out?: string }): Promise<number> {
  if (o.out === undefined || !/\.xlsx$/i.test(o.out)) {
    throw new UserError(t(ctx, '请用 --out 指定 .xlsx 文件', 'give an .xlsx file with --out'));
  }
  const { profile } = await effectiveProfile('zhangye');
  await writeZhangyePlanWorkbook(o.out, {
    lang: ctx.lang,
    minAffordableShare: String(profile.land.affordableLandShareMin.value),
  });
  if (ctx.json) ctx.out(JSON.stringify({ out: o.out, sheets: 2 }));
  else
    ctx.out(
      t(ctx, `已写出 ${o.out}（住房年度建设计划、土地供应年度计划）`, `wrote ${o.out} (building and land plans)`),
    );
  return 0;
}

const IDLE_STATUS: Record<string, { zh: string; en: string }> = {
  'started-on-time': { zh: '按期开工', en: 'started on time' },
  'started-late': { zh: '逾期开工', en: 'started late' },
  'not-due': { zh: '未到约定开工日', en: 'not yet due' },
  overdue: { zh: '逾期未开工（不满一年）', en: 'overdue (< 1 year)' },
  'overdue-renegotiable': { zh: '逾期未满一年，已承诺开工，可重新约定', en: 'overdue < 1 year, start committed' },
  'idle-fee': { zh: '满一年未开工：征收土地闲置费', en: 'idle ≥ 1 year: idle fee' },
  reclaim: { zh: '满两年未开工：无偿收回', en: 'idle ≥ 2 years: reclaim' },
};

/**
 * `anju linkage idle FILE --as-of DATE`: idle-land status of each parcel of a CSV/XLSX parcel file (000 §九（二）).
 * Without a FILE (the city's stored parcels) or with --city (unit names resolved against the city's units) it runs
 * `linkageIdleCityCommand` (linkage-parcels.ts).
 */
export async function linkageIdleCommand(
  ctx: Context,
  file: string | undefined,
  o: { asOf?: string; profile?: string; sheet?: string; city?: string },
): Promise<number> {
  const asOf = o.asOf ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) {
    throw new UserError(
      t(ctx, '请用 --as-of YYYY-MM-DD 指定评估日期', 'give the assessment date with --as-of YYYY-MM-DD'),
    );
  }
  if (file === undefined || o.city !== undefined) return linkageIdleCityCommand(ctx, file, asOf, o);
  const read = await readLandParcels(file, o.sheet === undefined ? {} : { sheet: o.sheet });
  if (!read.ok) {
    if (ctx.json) ctx.out(JSON.stringify({ ok: false, errors: read.errors }, null, 2));
    else {
      ctx.err(
        t(ctx, `${read.file} 有 ${read.errors.length} 处错误：`, `${read.file} has ${read.errors.length} error(s):`),
      );
      ctx.err(
        renderTable(
          [
            t(ctx, '文件', 'file'),
            t(ctx, '行', 'row'),
            t(ctx, '列', 'column'),
            t(ctx, '表头', 'header'),
            t(ctx, '说明', 'message'),
          ],
          read.errors.map((e) => [
            e.file,
            e.row === undefined ? '—' : String(e.row),
            e.column ?? '—',
            e.header ?? '—',
            ctx.lang === 'zh' ? e.messageZh : e.messageEn,
          ]),
        ),
      );
    }
    return 1;
  }
  const { profile } = await effectiveProfile(o.profile ?? 'national-default');
  const rule = profile.land.idleLand;
  const results = read.parcels.map((p) => ({ parcel: p, assessment: assessIdleLand(p, asOf, rule) }));
  if (ctx.json) {
    ctx.out(
      JSON.stringify({ ok: true, asOf, profile: { id: profile.id, version: profile.version }, results }, null, 2),
    );
    return 0;
  }
  ctx.out(
    renderTable(
      [
        t(ctx, '宗地', 'parcel'),
        t(ctx, '单元', 'unit'),
        t(ctx, '约定开工', 'agreed start'),
        t(ctx, '状态', 'status'),
        t(ctx, '逾期天数', 'days overdue'),
        t(ctx, '闲置费（万元）', 'idle fee (10k yuan)'),
        t(ctx, '征费日', 'fee from'),
        t(ctx, '收回日', 'reclaim from'),
      ],
      results.map(({ parcel: p, assessment: a }) => [
        p.id,
        p.unitCode,
        p.agreedStartDate,
        ctx.lang === 'zh' ? (IDLE_STATUS[a.status]?.zh ?? a.status) : (IDLE_STATUS[a.status]?.en ?? a.status),
        String(a.daysOverdue),
        a.idleFeeWanYuan,
        a.feeDate,
        a.reclaimDate,
      ]),
    ),
  );
  return 0;
}
