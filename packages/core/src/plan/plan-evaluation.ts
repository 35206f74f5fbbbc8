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
  STATUS_LABELS,
  expectedShare,
  indicatorStatus,
  rankUnits,
  statusKinds,
  type IndicatorObservation,
  type IndicatorStatus,
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
      const geometric = b > 0 && g > 0;
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
  };
}
