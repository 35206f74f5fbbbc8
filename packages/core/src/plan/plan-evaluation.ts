/**
 * Evaluation of a plan in one year (SPEC §3.5; 000 §十(三); 002 第十二章; 003 第七章第二节; 004 五(三)): annual,
 * mid-term or end-term. One row per indicator in the layout of 002's 十三五 table (indicator, target, achieved,
 * attribute) plus the status, a trend (actuals, the path to the target) and one Chinese narrative line written only
 * from the numbers of the row — nothing is said that the numbers do not say.
 */
import { UNITS, isUomCode } from '../quantity/unit-of-measure.js';
import type { Explained, SourceRef } from '../provenance/explained.js';
import { roundToPlaces } from './rounding.js';
import { attributeZh, targetText, targetYearOf, type PlanDocument, type PlanIndicator } from './indicator-plan.js';
import {
  DEFAULT_PLAN_STATUS_THRESHOLDS,
  EXTENSION_LABELS,
  STATUS_LABELS,
  expectedShare,
  indicatorStatus,
  rankUnits,
  statusKinds,
  type IndicatorObservation,
  type IndicatorStatus,
  planStatusExtensions,
  type PlanStatusExtension,
  type PlanStatusThresholds,
  type StatusKind,
  type UnitRanking,
} from './indicator-status.js';

export const evaluationKinds = ['annual', 'mid-term', 'end-term'] as const;
export type EvaluationKind = (typeof evaluationKinds)[number];
export const EVALUATION_KIND_ZH: Readonly<Record<EvaluationKind, string>> = {
  annual: '年度评估',
  'mid-term': '中期评估',
  'end-term': '终期评估',
};

/** End-term in the last year (or after), mid-term in the middle year of the period, annual otherwise. */
export function evaluationKindOf(plan: PlanDocument, year: number): EvaluationKind {
  if (year >= plan.endYear) return 'end-term';
  if (year === plan.startYear + Math.floor((plan.endYear - plan.startYear) / 2)) return 'mid-term';
  return 'annual';
}

/** The yearly picture of one indicator for its chart. */
export interface IndicatorTrend {
  readonly years: readonly number[];
  /** Actual values (running totals for a cumulative target); null where there is none. */
  readonly actual: readonly (string | null)[];
  /** The path to the target: the needed growth from the base, or the expected running total; null where undefined. */
  readonly path: readonly (string | null)[];
  readonly target: string | null;
  readonly targetYear: number;
  readonly cumulative: boolean;
}

export interface EvaluationRow {
  readonly indicatorId: string;
  readonly categoryZh: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** The unit label as printed (万平方米, %, 套/间). */
  readonly uomZh: string;
  readonly targetText: string;
  /** The achieved value as the row shows it ('—' without data); cumulative targets show the running total. */
  readonly achievedText: string;
  readonly achievedYear: number | null;
  readonly attributeZh: string;
  readonly kind: StatusKind;
  readonly statusZh: string;
  readonly statusEn: string;
  readonly colour: string;
  readonly status: IndicatorStatus;
  readonly narrativeZh: string;
  readonly trend: IndicatorTrend;
  readonly ranking: readonly UnitRanking[];
  /** Where the target and the achieved values were printed or stored. */
  readonly sources: readonly SourceRef[];
}

export interface PlanEvaluation {
  readonly planId: string;
  readonly cityCode: string;
  readonly planNameZh: string;
  readonly year: number;
  readonly kind: EvaluationKind;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly periodZh: string;
  readonly rows: readonly EvaluationRow[];
  readonly counts: Readonly<Record<StatusKind, number>>;
  readonly binding: { readonly pass: number; readonly fail: number; readonly undetermined: number };
  readonly thresholds: PlanStatusThresholds;
  /** Anju's extensions of the Open SDG method that at least one row (or district ranking) used, in canonical order. */
  readonly extensionsUsed: readonly PlanStatusExtension[];
  /** The report's method paragraph: the method as applied, then each extension used (`evaluationMethodText`). */
  readonly methodZh: string;
  readonly methodEn: string;
}

/** The unit label of an indicator as a reader expects it (万平方米, %, 套). */
export function uomZh(ind: PlanIndicator): string {
  if (ind.uomPrinted !== undefined) return ind.uomPrinted;
  return isUomCode(ind.uom) ? UNITS[ind.uom].labelZh : ind.uom;
}

function unitAfter(ind: PlanIndicator): string {
  const u = isUomCode(ind.uom) ? UNITS[ind.uom].labelZh : ind.uom;
  return u;
}

/** The values an indicator records itself (an evaluation table's 完成情况), as observations with their citations. */
export function recordedActuals(ind: PlanIndicator): IndicatorObservation[] {
  return (ind.actuals ?? []).map((a) => ({
    year: a.year,
    ...(a.fromYear === undefined ? {} : { fromYear: a.fromYear }),
    value: a.value,
    source: {
      kind: 'seed',
      seed: a.source.seed,
      section: a.source.section,
      ...(a.source.quote === undefined ? {} : { quote: a.source.quote }),
    },
  }));
}

const pct = (ratio: string | number): string => `${roundToPlaces(String(Number(ratio) * 100), 2)}%`;
const show = (v: string): string => {
  const n = roundToPlaces(v, 2);
  return n;
};

/** 年均增长 x / 年均下降 x: a signed yearly change in words. */
function change(value: string, fmt: (v: string) => string): string {
  return value.startsWith('-') ? `年均下降${fmt(value.slice(1))}` : `年均增长${fmt(value)}`;
}

function findInput(e: Explained, name: string): Explained | undefined {
  const hit = e.inputs.find((i) => i.name === name);
  return hit !== undefined && 'inputs' in hit.value ? hit.value : undefined;
}

function withUnit(value: string, ind: PlanIndicator): string {
  const u = unitAfter(ind);
  return u === '%' || u === '‰' || u === '' ? `${show(value)}${u}` : `${show(value)}${u}`;
}

/** One sentence on one indicator, built from its numbers only. */
export function narrativeOf(plan: PlanDocument, ind: PlanIndicator, s: IndicatorStatus, year: number): string {
  const name = ind.nameZh;
  const target = ind.target;
  const tText = target === undefined ? '' : (target.value ?? `${target.min}—${target.max}`);
  const dir =
    ind.direction === 'at-least'
      ? '不低于'
      : ind.direction === 'at-most'
        ? '不高于'
        : ind.direction === 'exact'
          ? '为'
          : '在';
  const targetPhrase =
    target === undefined
      ? ''
      : ind.direction === 'range'
        ? `${dir}${tText}${unitAfter(ind)}之间`
        : `${dir}${withUnit(tText, ind)}`;
  const bindingTail = s.pass === null ? '' : s.pass ? '约束性指标，判定为达标。' : '约束性指标，判定为未达标。';
  const cumulative = target?.kind === 'cumulative';
  const label = STATUS_LABELS[s.kind].zh;
  if (s.kind === 'not-available' || s.latest === null || s.latest.value === null) {
    const why = s.status.notes[0]?.messageZh ?? `尚无 ${year} 年实际值`;
    return `${name}：${why}，暂无法评价进展。${bindingTail}`;
  }
  const done = s.latest.value;
  const head = cumulative
    ? `${name}${plan.startYear}—${s.latestYear}年累计完成${withUnit(done, ind)}`
    : `${name}${s.latestYear}年为${withUnit(done, ind)}`;
  const completion = s.completion?.value === null || s.completion === null ? '' : `，完成率${pct(s.completion.value)}`;
  if (s.kind === 'achieved') {
    return `${head}，已达到规划目标（${cumulative ? '五年累计' : `${targetYearOf(plan, ind)}年`}${targetPhrase}）${completion}，${label}。${bindingTail}`;
  }
  if (s.status.value === null) {
    // Deterioration without a ratio: the target was met at the base, or a cap was exceeded.
    return `${head}，${s.status.branch?.includes('cap') ? '已超过' : '已不满足'}规划目标（${targetPhrase}）${completion}，${label}。${bindingTail}`;
  }
  const r = roundToPlaces(s.status.value, 2);
  if (cumulative) {
    const expected = findInput(s.status, '按进度应完成');
    const exp = expected?.value == null ? '' : `，按时间进度应完成${withUnit(expected.value, ind)}`;
    return `${head}，目标为五年累计${targetPhrase}${completion}${exp}，进度比 R=${r}，${label}。${bindingTail}`;
  }
  if (target === undefined) {
    return `${head}，无量化目标，基期以来年均变化率为${pct(s.status.value)}，${label}。${bindingTail}`;
  }
  const linear = findInput(s.status, '实际年均变化') !== undefined;
  const observed = findInput(s.status, linear ? '实际年均变化' : '实际年均增长率');
  const needed = findInput(s.status, linear ? '所需年均变化' : '所需年均增长率');
  const base = observed === undefined ? undefined : findInput(observed, '基期值');
  const basePhrase =
    base?.value == null
      ? ''
      : `，较基期${base.labelZh.match(/（(\d{4})年）/)?.[1] ?? ''}年的${withUnit(base.value, ind)}`;
  const rates =
    observed?.value == null || needed?.value == null
      ? ''
      : linear
        ? `${change(observed.value, (v) => withUnit(v, ind))}，按期${targetPhrase}需${change(needed.value, (v) => withUnit(v, ind))}`
        : `${change(observed.value, pct)}，按期${targetPhrase}需${change(needed.value, pct)}`;
  return `${head}${basePhrase}${rates === '' ? '' : `，${rates}`}，进度比 R=${r}，${label}。${bindingTail}`;
}

function trendOf(
  plan: PlanDocument,
  ind: PlanIndicator,
  observations: readonly IndicatorObservation[],
  year: number,
): IndicatorTrend {
  const cumulative = ind.target?.kind === 'cumulative';
  const first = cumulative
    ? plan.baseYear
    : Math.min(plan.baseYear, ...observations.map((o) => o.year), ind.base?.year ?? plan.baseYear);
  const last = Math.max(plan.endYear, year);
  const years: number[] = [];
  for (let y = first; y <= last; y += 1) years.push(y);
  const byYear = new Map(observations.map((o) => [o.year, o.value]));
  let running = 0;
  const actual = years.map((y) => {
    const v = byYear.get(y);
    if (!cumulative) return v ?? (ind.base?.year === y ? ind.base.value : null);
    if (y < plan.startYear) return null;
    if (v === undefined) return null;
    running += Number(v);
    return roundToPlaces(String(running), 4);
  });
  const targetValue = ind.target === undefined ? null : (ind.target.value ?? ind.target.min ?? null);
  const targetYear = targetYearOf(plan, ind);
  let path: (string | null)[] = years.map(() => null);
  if (targetValue !== null && cumulative) {
    path = years.map((y) =>
      y < plan.startYear - 1 || y > plan.endYear
        ? null
        : y === plan.startYear - 1
          ? '0'
          : roundToPlaces(String(Number(targetValue) * Number(expectedShare(plan, ind.target!.shape, y))), 4),
    );
  } else if (targetValue !== null) {
    const baseYear = ind.base?.year ?? plan.baseYear;
    const baseValue = ind.base?.value ?? byYear.get(plan.baseYear);
    if (baseValue !== undefined && targetYear > baseYear) {
      const b = Number(baseValue);
      const g = Number(targetValue);
      const geometric = (b > 0 && g > 0) || (b < 0 && g < 0);
      path = years.map((y) => {
        if (y < baseYear || y > targetYear) return null;
        const k = (y - baseYear) / (targetYear - baseYear);
        const v = geometric ? b * Math.pow(g / b, k) : b + (g - b) * k;
        return roundToPlaces(String(Number(v.toFixed(10))), 4);
      });
    }
  }
  return { years, actual, path, target: targetValue, targetYear, cumulative };
}

function citationSource(c: { seed: string; section: string; quote?: string | undefined }): SourceRef {
  return { kind: 'seed', seed: c.seed, section: c.section, ...(c.quote === undefined ? {} : { quote: c.quote }) };
}

/**
 * Evaluates every indicator of `plan` in `year` from the observations given per indicator id (the service merges
 * the plan's recorded actuals with the store's published series) and, for decomposed indicators, per unit.
 */
export function buildPlanEvaluation(
  plan: PlanDocument,
  actuals: ReadonlyMap<string, readonly IndicatorObservation[]>,
  year: number,
  thresholds: PlanStatusThresholds = DEFAULT_PLAN_STATUS_THRESHOLDS,
  unitActuals: ReadonlyMap<string, ReadonlyMap<string, readonly IndicatorObservation[]>> = new Map(),
): PlanEvaluation {
  const kind = evaluationKindOf(plan, year);
  const rows = plan.indicators.map((ind): EvaluationRow => {
    const obs = actuals.get(ind.id) ?? [];
    const status = indicatorStatus(plan, ind, obs, year, thresholds);
    const label = STATUS_LABELS[status.kind];
    const achievedValue = status.latest?.value ?? null;
    const printed = ind.actuals?.find((a) => a.year === status.latestYear && a.value === achievedValue)?.printed;
    // the observations the status used: the period's years for a cumulative target, else the latest value
    const used =
      ind.target?.kind === 'cumulative'
        ? obs.filter((o) => o.year >= plan.startYear && o.year <= year)
        : obs.filter((o) => o.year === status.latestYear);
    const obsSources = used.flatMap((o) => (o.source === undefined ? [] : [o.source]));
    return {
      indicatorId: ind.id,
      categoryZh: ind.categoryZh,
      nameZh: ind.nameZh,
      nameEn: ind.nameEn,
      uomZh: uomZh(ind),
      targetText: targetText(ind),
      achievedText:
        achievedValue === null
          ? '—'
          : ind.target?.kind === 'cumulative'
            ? `[${show(achievedValue)}]`
            : (printed ?? show(achievedValue)),
      achievedYear: status.latestYear,
      attributeZh: attributeZh(ind.attribute),
      kind: status.kind,
      statusZh: label.zh,
      statusEn: label.en,
      colour: label.colour,
      status,
      narrativeZh: narrativeOf(plan, ind, status, year),
      trend: trendOf(plan, ind, obs, year),
      ranking: rankUnits(plan, ind, unitActuals.get(ind.id) ?? new Map(), year, thresholds),
      sources: [...(ind.target === undefined ? [] : [citationSource(ind.target.source)]), ...obsSources],
    };
  });
  const counts = Object.fromEntries(statusKinds.map((k) => [k, rows.filter((r) => r.kind === k).length])) as Record<
    StatusKind,
    number
  >;
  const bindingRows = rows.filter(
    (r) => r.status.pass !== null || plan.indicators.find((i) => i.id === r.indicatorId)?.attribute === 'binding',
  );
  const kindZh = EVALUATION_KIND_ZH[kind];
  const usedSet = new Set(
    rows.flatMap((r) => [...r.status.extensions, ...r.ranking.flatMap((u) => u.status.extensions)]),
  );
  const extensionsUsed = planStatusExtensions.filter((k) => usedSet.has(k));
  return {
    planId: plan.id,
    cityCode: plan.cityCode,
    planNameZh: plan.nameZh,
    year,
    kind,
    titleZh: `${plan.nameZh}${kindZh}报告（${year}年）`,
    titleEn: `${plan.nameEn}: ${kind} evaluation (${year})`,
    periodZh: `${plan.startYear}—${plan.endYear}年`,
    rows,
    counts,
    binding: {
      pass: bindingRows.filter((r) => r.status.pass === true).length,
      fail: bindingRows.filter((r) => r.status.pass === false).length,
      undetermined: bindingRows.filter((r) => r.status.pass === null).length,
    },
    thresholds,
    extensionsUsed,
    methodZh: evaluationMethodText(thresholds, extensionsUsed, 'zh'),
    methodEn: evaluationMethodText(thresholds, extensionsUsed, 'en'),
  };
}

/**
 * The method paragraph of an evaluation report: the Open SDG growth-ratio method with the thresholds used, then each
 * of Anju's extensions the report used — said to be an extension, with the method's own reading left in each
 * indicator's explanation — and the profile the thresholds came from.
 */
export function evaluationMethodText(
  t: PlanStatusThresholds,
  used: readonly PlanStatusExtension[],
  lang: 'zh' | 'en',
): string {
  const profile = t.profile === undefined ? null : `${t.profile.id}@${t.profile.version}`;
  const zero = t.extensions.absoluteChangeAtZero && used.includes('absoluteChangeAtZero');
  if (lang === 'zh') {
    const ext =
      used.length === 0
        ? '本报告未使用 Anju 对该方法的扩展。'
        : `本报告使用的 Anju 扩展（非 Open SDG 方法，方法本身的读数列于相应指标的说明中）：${used
            .map((k, i) => `${i + 1}. ${EXTENSION_LABELS[k].zh}`)
            .join('；')}。`;
    return (
      `期末值指标采用 Open SDG（sdg-build ProgressMeasure）所用的加拿大统计局年均复合增长率法：进度比 R = 基期以来实际年均增长率 ÷ |按期达到目标所需年均增长率|，` +
      `“不高于”类指标以下降为进展，数值全部为负时进展方向翻转，基期值与实际值或目标值正负号不同时无法评估；` +
      `已达到目标为“已完成”，R ≥ ${t.onTrackRatio} 为“进展正常”，${t.limitedProgressRatio} ≤ R < ${t.onTrackRatio} 为“有进展但需加快”，0 ≤ R < ${t.limitedProgressRatio} 为“进展有限”，R < 0 为“倒退”。` +
      `无目标值指标按年均增长率 ≥ ${t.substantialRate}、≥ ${t.moderateRate}、≥ 0 分档；声明自然极限的指标按方法将各档阈值乘以极限系数 1 − (|基期值| ÷ |极限|)^4.44（基期值距极限两倍以上时为 1）。` +
      `基期值或目标值为 0 时${zero ? '按下列扩展改用年均绝对变化之比' : `以 ${t.zeroSubstitute} 代替`}；基期年无数据时取其后第一个有数据的年份为基期。` +
      ext +
      (profile === null ? '阈值为 Open SDG 默认值。' : `阈值与扩展开关取自政策配置 ${profile}。`)
    );
  }
  const ext =
    used.length === 0
      ? 'This report uses none of Anju’s extensions of the method.'
      : `Anju’s extensions used (not the Open SDG method; the method’s own reading is kept in each indicator’s explanation): ${used
          .map((k, i) => `${i + 1}. ${EXTENSION_LABELS[k].en}`)
          .join('; ')}.`;
  return (
    `End-of-period indicators follow the Statistics Canada compound-growth method used by Open SDG (sdg-build ProgressMeasure): R = observed yearly growth since the base ÷ |yearly growth needed to reach the target on time|; ` +
    `for at-most targets a fall is progress, for all-negative values the desired direction is flipped, and values of both signs cannot be assessed. ` +
    `Target met: achieved; R ≥ ${t.onTrackRatio} on track; ${t.limitedProgressRatio} ≤ R < ${t.onTrackRatio} progress, acceleration needed; 0 ≤ R < ${t.limitedProgressRatio} limited progress; R < 0 deterioration. ` +
    `Without a target the observed yearly growth is banded at ${t.substantialRate}, ${t.moderateRate} and 0; with a natural limit these bands are multiplied by the method’s coefficient 1 − (|base| ÷ |limit|)^4.44 (1 when the base is at least twice the limit). ` +
    `A base or target of 0 is ${zero ? 'read as absolute yearly changes (the extension below)' : `replaced by ${t.zeroSubstitute}`}; a base year without data moves to the next year with data. ` +
    ext +
    (profile === null
      ? ' Thresholds are the Open SDG defaults.'
      : ` Thresholds and extension switches from profile ${profile}.`)
  );
}
