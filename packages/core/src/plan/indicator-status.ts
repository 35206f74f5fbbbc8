/**
 * Progress and status of plan indicators (SPEC §3.5), each returned as an `Explained` so it can be explained like
 * every other number.
 *
 * End-of-period targets use the compound-annual-growth method Open SDG adopted from Statistics Canada: the ratio
 * R = observed yearly growth since the base year ÷ the yearly growth needed to reach the target on time. Target met:
 * achieved; R ≥ on-track ratio (95 %): on track; ≥ limited-progress ratio (60 %): progress but acceleration needed;
 * ≥ 0: limited progress; < 0: deterioration. "At most" targets (轮候时间 ≤ 36 个月, 去化周期 ≤ 18) count a fall as
 * progress. Without a target the observed rate itself is banded (1.5 % / 0.5 % / 0 a year by default). Where the base
 * is 0 (or the sign changes) growth rates are undefined — Open SDG substitutes 0.001 — so Anju compares the absolute
 * yearly change instead (observed change per year ÷ needed change per year), and says so in the branch.
 *
 * Cumulative targets (002's [ ]) compare the amount done so far with the amount expected by now: linear (equal
 * shares per year) or a declared yearly shape. Binding (约束性) indicators also get a plain pass / fail.
 */
import type { EffectivePolicyProfile } from '../profile/profile-schema.js';
import { compareDecimals, divideDecimals, multiplyDecimals, sumDecimals } from '../quantity/decimal.js';
import { derive, given, type Explained, type ExplainedInput, type SourceRef } from '../provenance/explained.js';
import { roundToPlaces } from './rounding.js';
import {
  targetYearOf,
  type CumulativeShape,
  type PlanCitation,
  type PlanDocument,
  type PlanIndicator,
} from './indicator-plan.js';

/** The status bands, from best to worst; `not-available` when there are no data to judge. */
export const statusKinds = [
  'achieved',
  'on-track',
  'acceleration-needed',
  'limited-progress',
  'deterioration',
  'not-available',
] as const;
export type StatusKind = (typeof statusKinds)[number];

export const STATUS_LABELS: Readonly<Record<StatusKind, { zh: string; en: string; colour: string }>> = {
  achieved: { zh: '已完成', en: 'Target achieved', colour: '#237804' },
  'on-track': { zh: '进展正常', en: 'On track', colour: '#52c41a' },
  'acceleration-needed': { zh: '有进展但需加快', en: 'Progress, acceleration needed', colour: '#faad14' },
  'limited-progress': { zh: '进展有限', en: 'Limited progress', colour: '#fa541c' },
  deterioration: { zh: '倒退', en: 'Deterioration', colour: '#cf1322' },
  'not-available': { zh: '无数据', en: 'No data', colour: '#bfbfbf' },
};

/** Thresholds of the bands, with the profile parameters they came from. */
export interface PlanStatusThresholds {
  /** R at or above which an end-of-period or cumulative indicator is on track (0.95). */
  readonly onTrackRatio: number;
  /** R at or above which progress is made but must accelerate (0.6); below it (and ≥ 0) progress is limited. */
  readonly limitedProgressRatio: number;
  /** Without a target: observed yearly growth at or above which progress is substantial (0.015). */
  readonly substantialRate: number;
  /** Without a target: observed yearly growth at or above which progress is moderate (0.005). */
  readonly moderateRate: number;
  readonly profile?: { readonly id: string; readonly version: string };
}

/** Open SDG's defaults (sdg-build ProgressMeasure: high 0.95 / med 0.6 with a target, 0.015 / 0.005 without). */
export const DEFAULT_PLAN_STATUS_THRESHOLDS: PlanStatusThresholds = {
  onTrackRatio: 0.95,
  limitedProgressRatio: 0.6,
  substantialRate: 0.015,
  moderateRate: 0.005,
};

/** The thresholds of an effective profile: R bands from `progress`, no-target rates from `planStatus` (or defaults). */
export function planStatusThresholds(profile: EffectivePolicyProfile): PlanStatusThresholds {
  return {
    onTrackRatio: profile.progress.onTrackRatio.value,
    limitedProgressRatio: profile.progress.limitedProgressRatio.value,
    substantialRate: profile.planStatus?.substantialRate.value ?? DEFAULT_PLAN_STATUS_THRESHOLDS.substantialRate,
    moderateRate: profile.planStatus?.moderateRate.value ?? DEFAULT_PLAN_STATUS_THRESHOLDS.moderateRate,
    profile: { id: profile.id, version: profile.version },
  };
}

/** One observed value of an indicator: a year, a decimal and where it came from. */
export interface IndicatorObservation {
  readonly year: number;
  /** For one figure covering several years (a five-year total), the first year it covers. */
  readonly fromYear?: number;
  readonly value: string;
  readonly source?: SourceRef;
}

/** The judgement on one indicator in one year. */
export interface IndicatorStatus {
  readonly indicatorId: string;
  readonly kind: StatusKind;
  /** R (or the observed rate without a target) as an explained ratio; its `branch` is the status kind. */
  readonly status: Explained;
  /** The latest value on or before the year (for cumulative targets: the running total). */
  readonly latest: Explained | null;
  readonly latestYear: number | null;
  /** Share of the target done (cumulative: total ÷ target; end-of-period: latest ÷ target), as a fraction. */
  readonly completion: Explained | null;
  /** Binding indicators: pass when achieved or on track (at the end of the period: only when achieved). */
  readonly pass: boolean | null;
}

const r4 = (v: number): string => roundToPlaces(numberText(v), 4);

/** A float as a plain decimal string (no exponent). */
function numberText(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
  const s = v.toFixed(12);
  return s.replace(/\.?0+$/, '') || '0';
}

function citationRef(c: PlanCitation | undefined): SourceRef | undefined {
  if (c === undefined) return undefined;
  return { kind: 'seed', seed: c.seed, section: c.section, ...(c.quote === undefined ? {} : { quote: c.quote }) };
}

function parameterInput(t: PlanStatusThresholds, path: string, value: number, zh: string, en: string): Explained {
  const source: SourceRef | undefined =
    t.profile === undefined
      ? undefined
      : { kind: 'parameter', profileId: t.profile.id, profileVersion: t.profile.version, path };
  return given(numberText(value), 'ratio', { zh, en }, source);
}

interface Band {
  readonly kind: StatusKind;
  readonly rule: string;
}

function bandOfRatio(r: number, t: PlanStatusThresholds): Band {
  if (r >= t.onTrackRatio) return { kind: 'on-track', rule: `R ≥ ${t.onTrackRatio}` };
  if (r >= t.limitedProgressRatio)
    return { kind: 'acceleration-needed', rule: `${t.limitedProgressRatio} ≤ R < ${t.onTrackRatio}` };
  if (r >= 0) return { kind: 'limited-progress', rule: `0 ≤ R < ${t.limitedProgressRatio}` };
  return { kind: 'deterioration', rule: 'R < 0' };
}

function bandOfRate(rate: number, t: PlanStatusThresholds): Band {
  if (rate >= t.substantialRate) return { kind: 'on-track', rule: `g ≥ ${t.substantialRate}` };
  if (rate >= t.moderateRate)
    return { kind: 'acceleration-needed', rule: `${t.moderateRate} ≤ g < ${t.substantialRate}` };
  if (rate >= 0) return { kind: 'limited-progress', rule: `0 ≤ g < ${t.moderateRate}` };
  return { kind: 'deterioration', rule: 'g < 0' };
}

function thresholdInputs(t: PlanStatusThresholds): ExplainedInput[] {
  return [
    {
      name: '进展正常阈值',
      value: parameterInput(t, 'progress.onTrackRatio', t.onTrackRatio, '进展正常阈值', 'on-track ratio'),
    },
    {
      name: '进展有限阈值',
      value: parameterInput(
        t,
        'progress.limitedProgressRatio',
        t.limitedProgressRatio,
        '进展有限阈值',
        'limited-progress ratio',
      ),
    },
  ];
}

function statusLabels(ind: PlanIndicator, kind: StatusKind): { zh: string; en: string } {
  return {
    zh: `${ind.nameZh}：${STATUS_LABELS[kind].zh}`,
    en: `${ind.nameEn}: ${STATUS_LABELS[kind].en}`,
  };
}

/** Effective single target and direction of sense: +1 when higher is better, −1 when lower is better. */
interface Goal {
  readonly target: string;
  readonly sense: 1 | -1;
}

function meets(ind: PlanIndicator, value: string): boolean {
  const t = ind.target;
  if (t === undefined) return false;
  switch (ind.direction) {
    case 'at-least':
      return compareDecimals(value, t.value!) >= 0;
    case 'at-most':
      return compareDecimals(value, t.value!) <= 0;
    case 'exact':
      return compareDecimals(value, t.value!) === 0;
    case 'range':
      return compareDecimals(value, t.min!) >= 0 && compareDecimals(value, t.max!) <= 0;
  }
}

/** The bound to move towards from `from` (for a range or an exact target, the side `from` lies on). */
function goalFrom(ind: PlanIndicator, from: string): Goal {
  const t = ind.target!;
  switch (ind.direction) {
    case 'at-least':
      return { target: t.value!, sense: 1 };
    case 'at-most':
      return { target: t.value!, sense: -1 };
    case 'exact':
      return { target: t.value!, sense: compareDecimals(from, t.value!) <= 0 ? 1 : -1 };
    case 'range':
      return compareDecimals(from, t.min!) < 0 ? { target: t.min!, sense: 1 } : { target: t.max!, sense: -1 };
  }
}

function directionSymbol(ind: PlanIndicator): string {
  switch (ind.direction) {
    case 'at-least':
      return '≥';
    case 'at-most':
      return '≤';
    case 'exact':
      return '=';
    case 'range':
      return '∈';
  }
}

function targetExplained(plan: PlanDocument, ind: PlanIndicator): Explained {
  const t = ind.target!;
  const value = t.value ?? `${t.min}-${t.max}`;
  return given(
    ind.direction === 'range' ? null : value,
    ind.uom,
    {
      zh: `${ind.nameZh}目标（${targetYearOf(plan, ind)}年，${directionSymbol(ind)} ${value}）`,
      en: `${ind.nameEn} target (${targetYearOf(plan, ind)}, ${directionSymbol(ind)} ${value})`,
    },
    citationRef(t.source),
  );
}

function observationExplained(ind: PlanIndicator, o: IndicatorObservation, what: 'base' | 'latest'): Explained {
  return given(
    o.value,
    ind.uom,
    what === 'base'
      ? { zh: `${ind.nameZh}基期值（${o.year}年）`, en: `${ind.nameEn} base (${o.year})` }
      : { zh: `${ind.nameZh}实际值（${o.year}年）`, en: `${ind.nameEn} actual (${o.year})` },
    o.source,
  );
}

function notAvailable(ind: PlanIndicator, reasonZh: string, reasonEn: string, extra: Partial<IndicatorStatus> = {}) {
  const status = derive({
    value: null,
    uom: 'ratio',
    labels: statusLabels(ind, 'not-available'),
    inputs: [],
    branch: 'not-available',
    notes: [{ level: 'info', messageZh: reasonZh, messageEn: reasonEn }],
  });
  return {
    indicatorId: ind.id,
    kind: 'not-available' as const,
    status,
    latest: null,
    latestYear: null,
    completion: null,
    pass: null,
    ...extra,
  };
}

function passOf(ind: PlanIndicator, kind: StatusKind, year: number, dueYear: number): boolean | null {
  if (ind.attribute !== 'binding' || kind === 'not-available') return null;
  if (year >= dueYear) return kind === 'achieved';
  return kind === 'achieved' || kind === 'on-track';
}

function completionOf(ind: PlanIndicator, done: Explained, target: Explained | null): Explained | null {
  const tv = ind.target?.value;
  if (tv === undefined || target === null || compareDecimals(tv, '0') === 0 || done.value === null) return null;
  return derive({
    value: roundToPlaces(divideDecimals(done.value, tv), 4),
    uom: 'ratio',
    labels: { zh: `${ind.nameZh}完成率`, en: `${ind.nameEn} completion` },
    formula: '完成率 = 实际值 ÷ 目标值',
    inputs: { 实际值: done, 目标值: target },
  });
}

/**
 * The status of one indicator in `year`, from its observations (yearly values; for a cumulative target, the yearly
 * amounts). The base is the indicator's printed base, else the observation of the plan's base year.
 *
 * @example
 * // 轮候时间 ≤ 36 months, base 48 (2025), 42 in 2027, due 2030: observed −6.46 %/yr, needed −5.59 %/yr → R = 1.1558
 * indicatorStatus(plan, waitingTime, [{ year: 2027, value: '42' }], 2027).kind // → 'on-track'
 */
export function indicatorStatus(
  plan: PlanDocument,
  ind: PlanIndicator,
  observations: readonly IndicatorObservation[],
  year: number,
  thresholds: PlanStatusThresholds = DEFAULT_PLAN_STATUS_THRESHOLDS,
): IndicatorStatus {
  if (ind.target?.kind === 'cumulative') return cumulativeStatus(plan, ind, observations, year, thresholds);
  return endOfPeriodStatus(plan, ind, observations, year, thresholds);
}

function endOfPeriodStatus(
  plan: PlanDocument,
  ind: PlanIndicator,
  observations: readonly IndicatorObservation[],
  year: number,
  t: PlanStatusThresholds,
): IndicatorStatus {
  const upTo = [...observations].filter((o) => o.year <= year).sort((a, b) => a.year - b.year);
  const current = upTo.at(-1);
  if (current === undefined) {
    return notAvailable(ind, `尚无 ${year} 年及以前的实际值`, `no actual value up to ${year}`);
  }
  const latest = observationExplained(ind, current, 'latest');
  const base: IndicatorObservation | undefined =
    ind.base !== undefined
      ? { year: ind.base.year, value: ind.base.value, source: citationRef(ind.base.source)! }
      : upTo.find((o) => o.year === plan.baseYear);
  const dueYear = ind.target === undefined ? plan.endYear : targetYearOf(plan, ind);
  const target = ind.target === undefined ? null : targetExplained(plan, ind);
  const completion = target === null ? null : completionOf(ind, latest, target);
  const common = { indicatorId: ind.id, latest, latestYear: current.year, completion };

  if (ind.target !== undefined && meets(ind, current.value)) {
    const status = derive({
      value: null,
      uom: 'ratio',
      labels: statusLabels(ind, 'achieved'),
      formula: `实际值 ${directionSymbol(ind)} 目标值`,
      inputs: { 实际值: latest, 目标值: target! },
      branch: 'achieved',
    });
    return { ...common, kind: 'achieved', status, pass: passOf(ind, 'achieved', year, dueYear) };
  }
  if (base === undefined || base.year >= current.year) {
    const kind: StatusKind = 'not-available';
    return {
      ...notAvailable(
        ind,
        base === undefined ? '缺少基期值，无法计算增长率' : `基期（${base.year}年）之后尚无实际值`,
        base === undefined
          ? 'no base value to compute a growth rate from'
          : `no actual value after the base year ${base.year}`,
      ),
      ...common,
      kind,
      // At the end of the period an unmet binding target fails even without a base to grade the progress.
      pass: ind.attribute === 'binding' && year >= dueYear && ind.target !== undefined ? false : null,
    };
  }
  const baseExplained = observationExplained(ind, base, 'base');
  const elapsed = current.year - base.year;
  const b = Number(base.value);
  const c = Number(current.value);

  if (ind.target === undefined) {
    const sense = ind.direction === 'at-most' ? -1 : 1;
    const linear = b === 0 || Math.sign(b) !== Math.sign(c);
    const rate = linear ? (c - b) / elapsed : sense * (Math.pow(c / b, 1 / elapsed) - 1);
    const band = bandOfRate(linear ? sense * rate : rate, t);
    const status = derive({
      value: r4(linear ? sense * rate : rate),
      uom: 'ratio',
      labels: statusLabels(ind, band.kind),
      formula: linear
        ? 'g = 方向 × (实际值 − 基期值) ÷ 年数（基期为 0，按绝对变化）'
        : 'g = 方向 × ((实际值 ÷ 基期值)^(1 ÷ 年数) − 1)',
      inputs: [
        { name: '实际值', value: latest },
        { name: '基期值', value: baseExplained },
        {
          name: '显著进展阈值',
          value: parameterInput(t, 'planStatus.substantialRate', t.substantialRate, '显著进展阈值', 'substantial rate'),
        },
        {
          name: '一般进展阈值',
          value: parameterInput(t, 'planStatus.moderateRate', t.moderateRate, '一般进展阈值', 'moderate rate'),
        },
      ],
      ...(t.profile === undefined ? {} : { profile: t.profile }),
      branch: `${band.kind}: ${band.rule}（无目标值）`,
    });
    return { ...common, kind: band.kind, status, pass: null };
  }

  // Target met at the base and lost since: whatever the rates say, that is deterioration.
  if (meets(ind, base.value)) {
    const status = derive({
      value: null,
      uom: 'ratio',
      labels: statusLabels(ind, 'deterioration'),
      formula: `基期值 ${directionSymbol(ind)} 目标值，实际值已不满足`,
      inputs: { 实际值: latest, 基期值: baseExplained, 目标值: target! },
      branch: 'deterioration: target met at the base and lost',
    });
    return { ...common, kind: 'deterioration', status, pass: passOf(ind, 'deterioration', year, dueYear) };
  }

  const goal = goalFrom(ind, base.value);
  const g = Number(goal.target);
  const span = dueYear - base.year;
  const linear = b === 0 || Math.sign(b) !== Math.sign(c) || Math.sign(b) !== Math.sign(g) || span <= 0;
  let observed: number;
  let needed: number;
  if (linear) {
    observed = (c - b) / elapsed;
    needed = (g - b) / Math.max(span, 1);
  } else {
    observed = Math.pow(c / b, 1 / elapsed) - 1;
    needed = Math.pow(g / b, 1 / span) - 1;
  }
  const ratio = (goal.sense * observed) / Math.abs(needed);
  const band = bandOfRatio(ratio, t);
  const rateInput = (v: number, zh: string, en: string): Explained =>
    derive({
      value: r4(v),
      uom: linear ? ind.uom : 'ratio',
      labels: { zh, en },
      formula: linear
        ? zh.startsWith('实际')
          ? '(实际值 − 基期值) ÷ (实际年份 − 基期年份)'
          : '(目标值 − 基期值) ÷ (目标年份 − 基期年份)'
        : zh.startsWith('实际')
          ? '(实际值 ÷ 基期值)^(1 ÷ (实际年份 − 基期年份)) − 1'
          : '(目标值 ÷ 基期值)^(1 ÷ (目标年份 − 基期年份)) − 1',
      inputs: zh.startsWith('实际')
        ? { 实际值: latest, 基期值: baseExplained }
        : {
            目标值: given(goal.target, ind.uom, { zh: '目标值', en: 'target' }, citationRef(ind.target?.source)),
            基期值: baseExplained,
          },
    });
  const status = derive({
    value: r4(ratio),
    uom: 'ratio',
    labels: statusLabels(ind, band.kind),
    formula: `R = ${goal.sense === 1 ? '' : '−'}实际年均${linear ? '变化' : '增长率'} ÷ |所需年均${linear ? '变化' : '增长率'}|`,
    inputs: [
      {
        name: linear ? '实际年均变化' : '实际年均增长率',
        value: rateInput(
          observed,
          linear ? '实际年均变化' : '实际年均增长率',
          linear ? 'observed change per year' : 'observed growth rate',
        ),
      },
      {
        name: linear ? '所需年均变化' : '所需年均增长率',
        value: rateInput(
          needed,
          linear ? '所需年均变化' : '所需年均增长率',
          linear ? 'needed change per year' : 'needed growth rate',
        ),
      },
      ...thresholdInputs(t),
    ],
    ...(t.profile === undefined ? {} : { profile: t.profile }),
    branch: `${band.kind}: ${band.rule}${linear ? '（基期为 0 或正负号改变，按绝对变化计算）' : ''}`,
    notes: linear
      ? [
          {
            level: 'info',
            messageZh: '基期值为 0 或与目标正负号不同，年均复合增长率无定义，改用年均绝对变化之比',
            messageEn: 'the base is 0 or of another sign, so the ratio of absolute yearly changes is used',
          },
        ]
      : [],
  });
  return { ...common, kind: band.kind, status, pass: passOf(ind, band.kind, year, dueYear) };
}

/** Expected share of a cumulative target done by the end of `year` (linear or by the declared yearly weights). */
export function expectedShare(plan: PlanDocument, shape: CumulativeShape | undefined, year: number): string {
  const years = plan.endYear - plan.startYear + 1;
  const done = Math.min(Math.max(year - plan.startYear + 1, 0), years);
  if (shape === undefined || shape.kind === 'linear') return divideDecimals(String(done), String(years));
  const total = sumDecimals(shape.weights);
  if (compareDecimals(total, '0') === 0) return '1';
  return divideDecimals(sumDecimals(shape.weights.slice(0, done)), total);
}

function cumulativeStatus(
  plan: PlanDocument,
  ind: PlanIndicator,
  observations: readonly IndicatorObservation[],
  year: number,
  t: PlanStatusThresholds,
): IndicatorStatus {
  const inPeriod = observations
    .filter((o) => o.year >= plan.startYear && o.year <= Math.min(year, plan.endYear))
    .sort((a, b) => a.year - b.year);
  if (inPeriod.length === 0) {
    return notAvailable(
      ind,
      `规划期内（${plan.startYear}—${year}年）尚无实际值`,
      `no actual value in ${plan.startYear}–${year}`,
    );
  }
  const lastYear = inPeriod.at(-1)!.year;
  const missing: number[] = [];
  for (let y = plan.startYear; y <= Math.min(year, plan.endYear); y += 1) {
    if (!inPeriod.some((o) => o.year === y || ((o.fromYear ?? o.year) <= y && y <= o.year))) missing.push(y);
  }
  const totalValue = sumDecimals(inPeriod.map((o) => o.value));
  const total = derive({
    value: totalValue,
    uom: ind.uom,
    labels: {
      zh: `${ind.nameZh}累计（${plan.startYear}—${lastYear}年）`,
      en: `${ind.nameEn} cumulative (${plan.startYear}–${lastYear})`,
    },
    formula: '累计 = 各年实际值之和',
    inputs: inPeriod.map((o) => ({ name: `${o.year}年`, value: observationExplained(ind, o, 'latest') })),
    notes:
      missing.length === 0
        ? []
        : [
            {
              level: 'warning',
              messageZh: `缺少 ${missing.join('、')} 年的实际值，按已有年份累计`,
              messageEn: `no actual value for ${missing.join(', ')}; summed over the years present`,
            },
          ],
  });
  const target = targetExplained(plan, ind);
  const dueYear = targetYearOf(plan, ind);
  const lower = ind.direction === 'range' ? ind.target!.min! : ind.target!.value!;
  const completion = completionOf(ind, total, target);
  const common = { indicatorId: ind.id, latest: total, latestYear: lastYear, completion };

  const over =
    (ind.direction === 'at-most' && compareDecimals(totalValue, ind.target!.value!) > 0) ||
    (ind.direction === 'range' && compareDecimals(totalValue, ind.target!.max!) > 0);
  if (over) {
    const status = derive({
      value: null,
      uom: 'ratio',
      labels: statusLabels(ind, 'deterioration'),
      formula: '累计已超过目标上限',
      inputs: { 累计: total, 目标值: target },
      branch: 'deterioration: cumulative above the cap',
    });
    return { ...common, kind: 'deterioration', status, pass: passOf(ind, 'deterioration', year, dueYear) };
  }
  if (ind.direction !== 'at-most' && compareDecimals(totalValue, lower) >= 0) {
    const status = derive({
      value: null,
      uom: 'ratio',
      labels: statusLabels(ind, 'achieved'),
      formula: '累计 ≥ 目标值',
      inputs: { 累计: total, 目标值: target },
      branch: 'achieved',
    });
    return { ...common, kind: 'achieved', status, pass: passOf(ind, 'achieved', year, dueYear) };
  }
  if (ind.direction === 'at-most') {
    // Under the cap so far: a cap is kept, not approached.
    const kind: StatusKind = year >= dueYear ? 'achieved' : 'on-track';
    const status = derive({
      value: null,
      uom: 'ratio',
      labels: statusLabels(ind, kind),
      formula: '累计 ≤ 目标上限',
      inputs: { 累计: total, 目标值: target },
      branch: kind,
    });
    return { ...common, kind, status, pass: passOf(ind, kind, year, dueYear) };
  }
  const share = expectedShare(plan, ind.target!.shape, lastYear);
  const expectedValue = multiplyDecimals(lower, share);
  const expected = derive({
    value: roundToPlaces(expectedValue, 4),
    uom: ind.uom,
    labels: { zh: `按进度应完成（至${lastYear}年）`, en: `expected by ${lastYear}` },
    formula:
      ind.target!.shape?.kind === 'yearly'
        ? '应完成 = 目标值 × 已过年份权重之和 ÷ 权重总和'
        : '应完成 = 目标值 × 已过年数 ÷ 规划年数',
    inputs: {
      目标值: target,
      进度比例: given(
        roundToPlaces(share, 6),
        'ratio',
        { zh: '时间进度', en: 'elapsed share' },
        citationRef(ind.target!.shape?.kind === 'yearly' ? ind.target!.shape.source : undefined),
      ),
    },
  });
  const ratio = compareDecimals(expectedValue, '0') === 0 ? 1 : Number(divideDecimals(totalValue, expectedValue));
  const band = bandOfRatio(ratio, t);
  const status = derive({
    value: r4(ratio),
    uom: 'ratio',
    labels: statusLabels(ind, band.kind),
    formula: 'R = 累计完成 ÷ 按进度应完成',
    inputs: [{ name: '累计完成', value: total }, { name: '按进度应完成', value: expected }, ...thresholdInputs(t)],
    ...(t.profile === undefined ? {} : { profile: t.profile }),
    branch: `${band.kind}: ${band.rule}`,
  });
  return { ...common, kind: band.kind, status, pass: passOf(ind, band.kind, year, dueYear) };
}

/** One unit's line in a district ranking. */
export interface UnitRanking {
  readonly rank: number | null;
  readonly unitCode: string;
  readonly nameZh: string;
  readonly target: string;
  readonly status: IndicatorStatus;
}

/**
 * Ranks the units an indicator is decomposed into (003's county table) by progress: each unit's share of the target
 * is judged like the indicator itself; units are ordered achieved first, then by R (highest first), no data last.
 */
export function rankUnits(
  plan: PlanDocument,
  ind: PlanIndicator,
  actualsByUnit: ReadonlyMap<string, readonly IndicatorObservation[]>,
  year: number,
  thresholds: PlanStatusThresholds = DEFAULT_PLAN_STATUS_THRESHOLDS,
): UnitRanking[] {
  if (ind.units === undefined || ind.target === undefined) return [];
  const rows = ind.units.map((u) => {
    const unitInd: PlanIndicator = {
      ...ind,
      id: `${ind.id}.${u.unitCode}`,
      nameZh: `${ind.nameZh}（${u.nameZh}）`,
      nameEn: `${ind.nameEn} (${u.unitCode})`,
      target: { ...ind.target!, value: u.value, min: undefined, max: undefined, source: u.source },
      direction: ind.direction === 'range' ? 'at-least' : ind.direction,
      base: undefined,
    };
    return {
      unitCode: u.unitCode,
      nameZh: u.nameZh,
      target: u.value,
      status: indicatorStatus(plan, unitInd, actualsByUnit.get(u.unitCode) ?? [], year, thresholds),
    };
  });
  const score = (s: IndicatorStatus): number =>
    s.kind === 'not-available'
      ? Number.NEGATIVE_INFINITY
      : s.kind === 'achieved'
        ? Number.POSITIVE_INFINITY
        : Number(s.status.value ?? 0);
  const sorted = [...rows].sort((a, b) => score(b.status) - score(a.status) || a.unitCode.localeCompare(b.unitCode));
  let rank = 0;
  return sorted.map((r) => ({ ...r, rank: r.status.kind === 'not-available' ? null : (rank += 1) }));
}
