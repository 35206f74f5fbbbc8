/**
 * Progress and status of plan indicators (SPEC §3.5), each returned as an `Explained` so it can be explained like
 * every other number.
 *
 * End-of-period targets use the compound-annual-growth method Open SDG adopted from Statistics Canada, as
 * open-sdg/sdg-build `sdg/ProgressMeasure.py` computes it: R = sign × direction × observed yearly growth since the base
 * ÷ |yearly growth needed to reach the target on time|. Target met: achieved; R ≥ on-track ratio (95 %): on track;
 * ≥ limited-progress ratio (60 %): progress but acceleration needed; ≥ 0: limited progress; < 0: deterioration.
 * "At most" targets (轮候时间 ≤ 36 个月, 去化周期 ≤ 18) count a fall as progress; all-negative values flip the
 * direction; values of both signs cannot be assessed. Without a target the observed rate itself is banded (1.5 % /
 * 0.5 % / 0 a year), the bands shrunk near a declared natural limit. A base or target of 0 becomes 0.001.
 *
 * What the method does not say is one of Anju's extensions, each switched in the profile (`planStatus.extensions`):
 * cumulative targets (002's [ ]: the amount done against the amount expected by now, linear or a declared yearly
 * shape), ranges and exact targets (towards the bound on the base's side), binding (约束性) pass / fail, and the
 * absolute-change reading at 0. Where an extension changes the reading, the method's own stays beside it.
 * The published statuses this reproduces: samples/src/progress-corpus.test.ts.
 */
import type { EffectivePolicyProfile } from '../profile/profile-schema.js';
import { compareDecimals, divideDecimals, multiplyDecimals, sumDecimals } from '../quantity/decimal.js';
import {
  derive,
  given,
  type Explained,
  type ExplainedInput,
  type ExplainedNote,
  type SourceRef,
} from '../provenance/explained.js';
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

/**
 * Anju's extensions of the Open SDG method, each a profile option (`planStatus.extensions.*`). The method reads one
 * end-of-period target with a direction (or none); these cover what it does not, or read it differently.
 */
export const planStatusExtensions = [
  'cumulativeTargets',
  'rangeTargets',
  'exactTargets',
  'bindingPassFail',
  'absoluteChangeAtZero',
] as const;
export type PlanStatusExtension = (typeof planStatusExtensions)[number];

export const EXTENSION_LABELS: Readonly<Record<PlanStatusExtension, { zh: string; en: string }>> = {
  cumulativeTargets: {
    zh: '五年累计指标：R = 累计完成 ÷ 按时间进度（线性或规划年度计划）应完成',
    en: 'cumulative targets: R = cumulative done ÷ expected by now (linear or the declared yearly shape)',
  },
  rangeTargets: {
    zh: '区间目标：以基期值所在一侧的边界为目标',
    en: 'range targets: the bound on the side of the base is the target',
  },
  exactTargets: {
    zh: '精确目标：从基期值所在一侧趋近目标值',
    en: 'exact targets: the target approached from the side of the base',
  },
  bindingPassFail: {
    zh: '约束性指标另判达标：期末须已完成，期中须“已完成”或“进展正常”',
    en: 'binding indicators pass when achieved (at the end) or achieved / on track (before it)',
  },
  absoluteChangeAtZero: {
    zh: '基期值或目标值为 0 时改用年均绝对变化之比（方法原为以 0.001 代替 0）',
    en: 'a base or target of 0 uses the ratio of absolute yearly changes (the method substitutes 0.001)',
  },
};

/** Thresholds of the bands and the method's options, with the profile they came from. */
export interface PlanStatusThresholds {
  /** R at or above which an end-of-period or cumulative indicator is on track (0.95). */
  readonly onTrackRatio: number;
  /** R at or above which progress is made but must accelerate (0.6); below it (and ≥ 0) progress is limited. */
  readonly limitedProgressRatio: number;
  /** Without a target: observed yearly growth at or above which progress is substantial (0.015). */
  readonly substantialRate: number;
  /** Without a target: observed yearly growth at or above which progress is moderate (0.005). */
  readonly moderateRate: number;
  /** What the method puts in place of a base or target of 0 (0.001). */
  readonly zeroSubstitute: number;
  /** Which of Anju's extensions are switched on. */
  readonly extensions: Readonly<Record<PlanStatusExtension, boolean>>;
  readonly profile?: { readonly id: string; readonly version: string };
}

/**
 * Open SDG's defaults (sdg-build ProgressMeasure: high 0.95 / med 0.6 with a target, 0.015 / 0.005 without, 0.001
 * for a 0 base or target). The extensions that fill a gap the method leaves are on; the one that replaces the
 * method's own reading (absolute change at 0) is off.
 */
export const DEFAULT_PLAN_STATUS_THRESHOLDS: PlanStatusThresholds = {
  onTrackRatio: 0.95,
  limitedProgressRatio: 0.6,
  substantialRate: 0.015,
  moderateRate: 0.005,
  zeroSubstitute: 0.001,
  extensions: {
    cumulativeTargets: true,
    rangeTargets: true,
    exactTargets: true,
    bindingPassFail: true,
    absoluteChangeAtZero: false,
  },
};

/** The thresholds of an effective profile: R bands from `progress`, the rest from `planStatus` (or defaults). */
export function planStatusThresholds(profile: EffectivePolicyProfile): PlanStatusThresholds {
  const d = DEFAULT_PLAN_STATUS_THRESHOLDS;
  const ext = profile.planStatus?.extensions;
  return {
    onTrackRatio: profile.progress.onTrackRatio.value,
    limitedProgressRatio: profile.progress.limitedProgressRatio.value,
    substantialRate: profile.planStatus?.substantialRate.value ?? d.substantialRate,
    moderateRate: profile.planStatus?.moderateRate.value ?? d.moderateRate,
    zeroSubstitute: profile.planStatus?.zeroSubstitute?.value ?? d.zeroSubstitute,
    extensions: Object.fromEntries(planStatusExtensions.map((k) => [k, ext?.[k]?.value ?? d.extensions[k]])) as Record<
      PlanStatusExtension,
      boolean
    >,
    profile: { id: profile.id, version: profile.version },
  };
}

/**
 * The natural-limit scaling factor of the Open SDG method (sdg-build ProgressMeasure, exponent 4.44): 1 far from
 * the limit (|base| ≥ 2 |limit|), falling to 0 as |base| reaches |limit|; the no-target bands are multiplied by it.
 *
 * @example
 * limitCoefficient(90, 100) // → 1 − 0.9^4.44 = 0.3736
 */
export function limitCoefficient(base: number, limit: number): number {
  const b = Math.abs(base);
  const l = Math.abs(limit);
  if (b >= 2 * l) return 1;
  if (b <= l) return 1 - Math.pow(b / l, LIMIT_EXPONENT);
  return 1 - Math.pow((2 * l - b) / l, LIMIT_EXPONENT);
}
const LIMIT_EXPONENT = 4.44;

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
  /** The extensions of the method this status used (empty: the Open SDG method alone). */
  readonly extensions: readonly PlanStatusExtension[];
  /** Where an extension changed the reading: what the Open SDG method alone says (also a note on `status`). */
  readonly methodReading: MethodReading | null;
}

/** The Open SDG method's own reading of an indicator, beside an extension's. */
export interface MethodReading {
  readonly kind: StatusKind;
  /** Its R (or observed rate), when it has one. */
  readonly value: string | null;
  readonly reasonZh: string;
  readonly reasonEn: string;
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
  const high = sig(t.substantialRate);
  const med = sig(t.moderateRate);
  if (rate >= t.substantialRate) return { kind: 'on-track', rule: `g ≥ ${high}` };
  if (rate >= t.moderateRate) return { kind: 'acceleration-needed', rule: `${med} ≤ g < ${high}` };
  if (rate >= 0) return { kind: 'limited-progress', rule: `0 ≤ g < ${med}` };
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
    extensions: [],
    methodReading: null,
    ...extra,
  };
}

function passOf(
  ind: PlanIndicator,
  kind: StatusKind,
  year: number,
  dueYear: number,
  t: PlanStatusThresholds,
): boolean | null {
  if (ind.attribute !== 'binding' || kind === 'not-available' || !t.extensions.bindingPassFail) return null;
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
 * // 轮候时间 ≤ 36 months, base 48 (2025), 42 in 2027, due 2030: observed −6.46 %/yr, needed −5.59 %/yr → R = 1.1551
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

const signsDiffer = (a: number, b: number): boolean => (a > 0 && b < 0) || (a < 0 && b > 0);
/** Four significant digits, for band rules whose thresholds were scaled. */
const sig = (v: number): string => String(Number(v.toPrecision(4)));

/** The extension a target's direction needs: the method reads only at-least / at-most targets. */
function directionExtension(ind: PlanIndicator): PlanStatusExtension | null {
  if (ind.target === undefined || ind.target.kind === 'cumulative') return null;
  if (ind.direction === 'range') return 'rangeTargets';
  if (ind.direction === 'exact') return 'exactTargets';
  return null;
}

const NO_METHOD_READING: Record<'rangeTargets' | 'exactTargets' | 'cumulativeTargets', MethodReading> = {
  rangeTargets: {
    kind: 'not-available',
    value: null,
    reasonZh: 'Open SDG 方法只读单一目标值与方向（不低于 / 不高于），区间目标无此读数',
    reasonEn: 'the Open SDG method reads one target with a direction; it has no reading of a range',
  },
  exactTargets: {
    kind: 'not-available',
    value: null,
    reasonZh: 'Open SDG 方法只读单一目标值与方向（不低于 / 不高于），精确目标无此读数',
    reasonEn: 'the Open SDG method reads one target with a direction; it has no reading of an exact target',
  },
  cumulativeTargets: {
    kind: 'not-available',
    value: null,
    reasonZh: 'Open SDG 方法读期末值，累计目标无此读数',
    reasonEn: 'the Open SDG method reads an end-of-period value; it has no reading of a cumulative target',
  },
};

function methodNote(m: MethodReading): ExplainedNote {
  const value = m.value === null ? '' : `（${m.value}）`;
  return {
    level: 'info',
    messageZh: `Open SDG 方法本身的读数：${STATUS_LABELS[m.kind].zh}${value}；${m.reasonZh}`,
    messageEn: `the Open SDG method alone: ${STATUS_LABELS[m.kind].en}${m.value === null ? '' : ` (${m.value})`}; ${m.reasonEn}`,
  };
}

/** A status the profile leaves without a reading: the target needs an extension that is switched off. */
function extensionOff(ind: PlanIndicator, ext: PlanStatusExtension): IndicatorStatus {
  return notAvailable(
    ind,
    `Open SDG 方法对此类目标没有读数，政策配置未启用 Anju 扩展 planStatus.extensions.${ext}（${EXTENSION_LABELS[ext].zh}）`,
    `the Open SDG method has no reading of this target and the profile leaves the extension planStatus.extensions.${ext} off (${EXTENSION_LABELS[ext].en})`,
  );
}

type MethodRatio =
  | { readonly ok: true; readonly observed: number; readonly needed: number; readonly ratio: number }
  | { readonly ok: false; readonly reasonZh: string; readonly reasonEn: string };

/**
 * The Open SDG growth ratio (sdg-build ProgressMeasure methodology 2): R = sign × sense × observed CAGR ÷ |needed
 * CAGR|, where sign is −1 when the values are negative ("if all values are negative, the desired direction of
 * progress is flipped"). Values of both signs cannot be assessed.
 */
function methodRatio(b: number, c: number, g: number, elapsed: number, span: number, sense: 1 | -1): MethodRatio {
  if (signsDiffer(b, c)) {
    return {
      ok: false,
      reasonZh: '基期值与实际值正负号不同，方法要求全部为正或全部为负，无法评估',
      reasonEn: 'the base and the actual value have different signs; the method needs all values of one sign',
    };
  }
  if (signsDiffer(b, g)) {
    return {
      ok: false,
      reasonZh: '基期值与目标值正负号不同，方法要求全部为正或全部为负，无法评估',
      reasonEn: 'the base and the target have different signs; the method needs all values of one sign',
    };
  }
  if (span <= 0) {
    return { ok: false, reasonZh: '目标年份不晚于基期年份', reasonEn: 'the target year is not after the base year' };
  }
  const observed = Math.pow(c / b, 1 / elapsed) - 1;
  const needed = Math.pow(g / b, 1 / span) - 1;
  if (needed === 0) {
    return { ok: false, reasonZh: '目标值等于基期值，所需增长率为 0', reasonEn: 'the target equals the base' };
  }
  const sign = b < 0 ? -1 : 1;
  return { ok: true, observed, needed, ratio: (sign * sense * observed) / Math.abs(needed) };
}

/** The method's observed rate without a target (methodology 1): sign × sense × CAGR, or null on a sign change. */
function methodRate(b: number, c: number, elapsed: number, sense: 1 | -1): number | null {
  if (signsDiffer(b, c)) return null;
  return (b < 0 ? -1 : 1) * sense * (Math.pow(c / b, 1 / elapsed) - 1);
}

const SIGN_CHANGE = {
  zh: '基期值与实际值正负号不同，方法要求全部为正或全部为负，无法评估',
  en: 'the base and the actual value have different signs; the method needs all values of one sign',
};
const NEGATIVE_NOTE: ExplainedNote = {
  level: 'info',
  messageZh: '数值全部为负，按方法翻转进展方向（符号 = −1）',
  messageEn: 'all values are negative, so the desired direction is flipped (sign = −1)',
};

function zeroNote(what: 'base' | 'target', t: PlanStatusThresholds): ExplainedNote {
  return {
    level: 'info',
    messageZh: `${what === 'base' ? '基期值' : '目标值'}为 0，按方法以 ${t.zeroSubstitute} 代替`,
    messageEn: `the ${what} is 0, so the method's ${t.zeroSubstitute} is used instead`,
  };
}

/** The target an at-least / at-most check compares with: the method's substitute for 0 unless the extension is on. */
function effectiveTarget(ind: PlanIndicator, t: PlanStatusThresholds): PlanIndicator {
  const v = ind.target?.value;
  if (
    v === undefined ||
    compareDecimals(v, '0') !== 0 ||
    t.extensions.absoluteChangeAtZero ||
    (ind.direction !== 'at-least' && ind.direction !== 'at-most')
  ) {
    return ind;
  }
  return { ...ind, target: { ...ind.target!, value: numberText(t.zeroSubstitute) } };
}

function endOfPeriodStatus(
  plan: PlanDocument,
  printedInd: PlanIndicator,
  observations: readonly IndicatorObservation[],
  year: number,
  t: PlanStatusThresholds,
): IndicatorStatus {
  const dirExt = directionExtension(printedInd);
  if (dirExt !== null && !t.extensions[dirExt]) return extensionOff(printedInd, dirExt);
  const ind = effectiveTarget(printedInd, t);
  const targetZeroed = ind !== printedInd;
  const upTo = [...observations].filter((o) => o.year <= year).sort((a, b) => a.year - b.year);
  const current = upTo.at(-1);
  if (current === undefined) {
    return notAvailable(ind, `尚无 ${year} 年及以前的实际值`, `no actual value up to ${year}`);
  }
  const latest = observationExplained(ind, current, 'latest');
  const printedBase: IndicatorObservation | undefined =
    ind.base !== undefined
      ? { year: ind.base.year, value: ind.base.value, source: citationRef(ind.base.source)! }
      : upTo.find((o) => o.year === plan.baseYear);
  // Open SDG: a base year without data moves to the next year that has some.
  const base = printedBase ?? upTo.find((o) => o.year > plan.baseYear && o.year < current.year);
  const dueYear = ind.target === undefined ? plan.endYear : targetYearOf(plan, ind);
  const target = ind.target === undefined ? null : targetExplained(plan, printedInd);
  const completion = target === null ? null : completionOf(printedInd, latest, target);
  const common = { indicatorId: ind.id, latest, latestYear: current.year, completion };
  const dirReading = dirExt === 'rangeTargets' || dirExt === 'exactTargets' ? NO_METHOD_READING[dirExt] : null;
  const finish = (
    kind: StatusKind,
    status: Explained,
    reading: MethodReading | null = dirReading,
    extra: readonly PlanStatusExtension[] = [],
  ): IndicatorStatus => {
    const pass = passOf(ind, kind, year, dueYear, t);
    const used: PlanStatusExtension[] = [...(dirExt === null ? [] : [dirExt]), ...extra];
    if (pass !== null) used.push('bindingPassFail');
    const withNote = reading === null ? status : { ...status, notes: [...status.notes, methodNote(reading)] };
    return { ...common, kind, status: withNote, pass, extensions: used, methodReading: reading };
  };
  const unassessable = (zh: string, en: string, notes: ExplainedNote[] = []): IndicatorStatus =>
    finish(
      'not-available',
      derive({
        value: null,
        uom: 'ratio',
        labels: statusLabels(ind, 'not-available'),
        inputs: [
          { name: '实际值', value: latest },
          ...(base === undefined ? [] : [{ name: '基期值', value: observationExplained(ind, base, 'base') }]),
        ],
        branch: 'not-available',
        notes: [{ level: 'info', messageZh: zh, messageEn: en }, ...notes],
      }),
    );

  if (ind.target !== undefined && meets(ind, current.value)) {
    const status = derive({
      value: null,
      uom: 'ratio',
      labels: statusLabels(ind, 'achieved'),
      formula: `实际值 ${directionSymbol(ind)} 目标值`,
      inputs: { 实际值: latest, 目标值: target! },
      branch: 'achieved',
      notes: targetZeroed ? [zeroNote('target', t)] : [],
    });
    return finish('achieved', status);
  }
  if (base === undefined || base.year >= current.year) {
    const binding = ind.attribute === 'binding' && year >= dueYear && ind.target !== undefined;
    return {
      ...notAvailable(
        ind,
        base === undefined ? '缺少基期值，无法计算增长率' : `基期（${base.year}年）之后尚无实际值`,
        base === undefined
          ? 'no base value to compute a growth rate from'
          : `no actual value after the base year ${base.year}`,
      ),
      ...common,
      // At the end of the period an unmet binding target fails even without a base to grade the progress.
      pass: binding && t.extensions.bindingPassFail ? false : null,
      extensions: [
        ...(dirExt === null ? [] : [dirExt]),
        ...(binding && t.extensions.bindingPassFail ? ['bindingPassFail' as const] : []),
      ],
      methodReading: dirReading,
    };
  }
  const baseExplained = observationExplained(ind, base, 'base');
  const baseNotes: ExplainedNote[] =
    printedBase === undefined
      ? [
          {
            level: 'info',
            messageZh: `基期年（${plan.baseYear}年）无数据，按方法取其后第一个有数据的年份（${base.year}年）为基期`,
            messageEn: `no value in the base year ${plan.baseYear}, so the method's next year with data (${base.year}) is the base`,
          },
        ]
      : [];
  const elapsed = current.year - base.year;
  const bRaw = Number(base.value);
  const c = Number(current.value);
  const zeroExt = t.extensions.absoluteChangeAtZero;

  if (ind.target === undefined) {
    const sense = ind.direction === 'at-most' ? -1 : 1;
    const linear = bRaw === 0 && zeroExt;
    const b = bRaw === 0 ? t.zeroSubstitute : bRaw;
    const methodValue = methodRate(b, c, elapsed, sense);
    const notes: ExplainedNote[] = [...baseNotes];
    if (bRaw === 0 && !linear) notes.push(zeroNote('base', t));
    if (!linear && methodValue === null) return unassessable(SIGN_CHANGE.zh, SIGN_CHANGE.en, notes);
    if (!linear && b < 0) notes.push(NEGATIVE_NOTE);
    const limit = ind.naturalLimit === undefined ? null : Number(ind.naturalLimit);
    const coeff = limit === null ? 1 : limitCoefficient(bRaw, limit);
    const bands = { ...t, substantialRate: t.substantialRate * coeff, moderateRate: t.moderateRate * coeff };
    const rate = linear ? (sense * (c - bRaw)) / elapsed : methodValue!;
    const band = bandOfRate(rate, bands);
    const reading: MethodReading | null = !linear
      ? null
      : methodValue === null
        ? { kind: 'not-available', value: null, reasonZh: SIGN_CHANGE.zh, reasonEn: SIGN_CHANGE.en }
        : {
            kind: bandOfRate(methodValue, bands).kind,
            value: r4(methodValue),
            reasonZh: `基期值 0 以 ${t.zeroSubstitute} 代替后按年均复合增长率分档`,
            reasonEn: `the base 0 replaced by ${t.zeroSubstitute}, the compound growth rate banded`,
          };
    const limitInputs: ExplainedInput[] =
      limit === null
        ? []
        : [
            {
              name: '极限系数',
              value: derive({
                value: r4(coeff),
                uom: 'ratio',
                labels: { zh: '自然极限系数', en: 'natural-limit coefficient' },
                formula:
                  '|基期值| ≥ 2|极限|：1；|基期值| ≤ |极限|：1 − (|基期值| ÷ |极限|)^4.44；其间：1 − ((2|极限| − |基期值|) ÷ |极限|)^4.44',
                inputs: {
                  基期值: baseExplained,
                  自然极限: given(ind.naturalLimit!, ind.uom, {
                    zh: `${ind.nameZh}自然极限`,
                    en: `${ind.nameEn} natural limit`,
                  }),
                },
              }),
            },
          ];
    const status = derive({
      value: r4(rate),
      uom: 'ratio',
      labels: statusLabels(ind, band.kind),
      formula: linear
        ? 'g = 方向 × (实际值 − 基期值) ÷ 年数（基期为 0，按绝对变化）'
        : `g = ${b < 0 ? '符号 × ' : ''}方向 × ((实际值 ÷ 基期值)^(1 ÷ 年数) − 1)`,
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
        ...limitInputs,
      ],
      ...(t.profile === undefined ? {} : { profile: t.profile }),
      branch: `${band.kind}: ${band.rule}（无目标值${limit === null ? '' : '，阈值乘以自然极限系数'}）`,
      notes,
    });
    return finish(band.kind, status, reading, linear ? ['absoluteChangeAtZero'] : []);
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
      notes: baseNotes,
    });
    return finish('deterioration', status);
  }

  const goal = goalFrom(ind, base.value);
  const gRaw = Number(goal.target);
  const span = dueYear - base.year;
  const linear = zeroExt && (bRaw === 0 || gRaw === 0);
  const b = bRaw === 0 ? t.zeroSubstitute : bRaw;
  const g = gRaw === 0 ? t.zeroSubstitute : gRaw;
  const m = methodRatio(b, c, g, elapsed, span, goal.sense);
  const notes: ExplainedNote[] = [...baseNotes];
  if (ind.naturalLimit !== undefined) {
    notes.push({
      level: 'info',
      messageZh: '有目标值时不使用自然极限（方法如此）',
      messageEn: 'with a target the natural limit is not used (as in the method)',
    });
  }
  if (!linear) {
    if (bRaw === 0) notes.push(zeroNote('base', t));
    if (targetZeroed || gRaw === 0) notes.push(zeroNote('target', t));
    if (!m.ok) return unassessable(m.reasonZh, m.reasonEn, notes);
    if (b < 0) notes.push(NEGATIVE_NOTE);
  }
  let observed: number;
  let needed: number;
  let ratio: number;
  let reading: MethodReading | null = dirReading;
  if (linear) {
    observed = (c - bRaw) / elapsed;
    needed = (gRaw - bRaw) / Math.max(span, 1);
    if (needed === 0) return unassessable('目标值等于基期值', 'the target equals the base', notes);
    ratio = (goal.sense * observed) / Math.abs(needed);
    if (dirReading === null) {
      reading = m.ok
        ? {
            kind: bandOfRatio(m.ratio, t).kind,
            value: r4(m.ratio),
            reasonZh: `0 以 ${t.zeroSubstitute} 代替后按年均复合增长率计算 R`,
            reasonEn: `0 replaced by ${t.zeroSubstitute}, R from compound growth rates`,
          }
        : { kind: 'not-available', value: null, reasonZh: m.reasonZh, reasonEn: m.reasonEn };
    }
  } else {
    const ok = m as Extract<MethodRatio, { ok: true }>;
    observed = ok.observed;
    needed = ok.needed;
    ratio = ok.ratio;
  }
  const band = bandOfRatio(ratio, t);
  const flip = !linear && b < 0 ? -1 : 1;
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
    formula: `R = ${goal.sense * flip === 1 ? '' : '−'}实际年均${linear ? '变化' : '增长率'} ÷ |所需年均${linear ? '变化' : '增长率'}|`,
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
    branch: `${band.kind}: ${band.rule}${linear ? '（基期值或目标值为 0，按绝对变化计算）' : ''}`,
    notes: linear
      ? [
          ...notes,
          {
            level: 'info',
            messageZh: '基期值或目标值为 0，按 Anju 扩展改用年均绝对变化之比',
            messageEn:
              'the base or the target is 0, so (an Anju extension) the ratio of absolute yearly changes is used',
          },
        ]
      : notes,
  });
  return finish(band.kind, status, reading, linear ? ['absoluteChangeAtZero'] : []);
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

function cumulativeResult(
  kind: StatusKind,
  status: Explained,
  ind: PlanIndicator,
  year: number,
  dueYear: number,
  t: PlanStatusThresholds,
  common: Pick<IndicatorStatus, 'indicatorId' | 'latest' | 'latestYear' | 'completion'>,
): IndicatorStatus {
  const reading = NO_METHOD_READING.cumulativeTargets;
  const pass = passOf(ind, kind, year, dueYear, t);
  return {
    ...common,
    kind,
    status: { ...status, notes: [...status.notes, methodNote(reading)] },
    pass,
    extensions: pass === null ? ['cumulativeTargets'] : ['cumulativeTargets', 'bindingPassFail'],
    methodReading: reading,
  };
}

function cumulativeStatus(
  plan: PlanDocument,
  ind: PlanIndicator,
  observations: readonly IndicatorObservation[],
  year: number,
  t: PlanStatusThresholds,
): IndicatorStatus {
  if (!t.extensions.cumulativeTargets) return extensionOff(ind, 'cumulativeTargets');
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
    return cumulativeResult('deterioration', status, ind, year, dueYear, t, common);
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
    return cumulativeResult('achieved', status, ind, year, dueYear, t, common);
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
    return cumulativeResult(kind, status, ind, year, dueYear, t, common);
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
  return cumulativeResult(band.kind, status, ind, year, dueYear, t, common);
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
