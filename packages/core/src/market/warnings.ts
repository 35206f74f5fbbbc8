/**
 * Warning rules (SPEC §3.2), evaluated per unit over a series of periods. A rule comes from the policy profile:
 * indicator, comparison, one threshold per level (ordered least → most severe), minimum duration, units.
 *
 * Exact boundary rules (each tested):
 * - `above`: a level holds when value > threshold, or value ≥ threshold when the level is `inclusive`.
 * - `below`: value < threshold, or ≤ when inclusive.
 * - `outside-range`: the value must first lie outside `range` (with the range's own inclusive flags); its distance
 *   outside (value − max above, min − value below) is then compared with each level's threshold like `above`. With
 *   the default `{ threshold: 0, inclusive: false }` any value strictly outside fires; a value sitting on an
 *   excluded bound has distance 0 and fires only with `inclusive: true`.
 * - The period's level is the most severe level that held in every one of the last `minDurationPeriods`
 *   consecutive periods; a gap in the series (a missing period) or a value that cannot be computed (a cycle with no
 *   sales) breaks the run. `since` is the first period of the current run.
 * - States: `pending` (holds, duration not reached yet), `raised` (first period active), `active`, `cleared` (first
 *   period after an active one that no longer is), `none`.
 */
import { compareDecimals, subtractDecimals } from '../quantity/decimal.js';
import { periodOf, previousPeriod } from '../period/period.js';
import { derive, given, type Explained } from '../provenance/explained.js';
import type { WarningLevel, WarningRule } from '../profile/profile-schema.js';
import { positionInBounds } from './cycle-class.js';
import { numberToDecimal, parameterSource, profileRef, type MarketProfile } from './market-profile.js';
import { MARKET_TEXT } from './market-text.js';

/** One value of the indicator a rule reads; null when not computable for that period. */
export interface IndicatorValue {
  readonly period: string;
  readonly value: string | null;
  readonly explained?: Explained;
}

export type WarningState = 'none' | 'pending' | 'raised' | 'active' | 'cleared';

export interface WarningEvaluation {
  readonly ruleId: string;
  readonly unitCode: string;
  readonly period: string;
  readonly state: WarningState;
  /** Level of an active (raised/active) warning; for `pending`, the level that holds now. */
  readonly level: WarningLevel | null;
  /** First period of the current run in which the condition held. */
  readonly since: string | null;
  readonly value: string | null;
  /** The threshold of `level` (for outside-range: the distance threshold), as a decimal string. */
  readonly threshold: string | null;
  readonly explained: Explained;
}

/** True when the warning is on for the period (raised or still active). */
export function isActiveWarning(w: WarningEvaluation): boolean {
  return w.state === 'raised' || w.state === 'active';
}

/** The measured quantity a rule's levels compare: the value, or its distance outside the range (null: inside). */
function measuredOf(rule: WarningRule, value: string): string | null {
  if (rule.comparison !== 'outside-range') return value;
  const range = rule.range;
  if (range === undefined) throw new RangeError(`Warning rule ${rule.id}: outside-range needs a range`);
  const position = positionInBounds(value, range);
  if (position === 'within') return null;
  return position === 'above'
    ? subtractDecimals(value, numberToDecimal(range.max))
    : subtractDecimals(numberToDecimal(range.min), value);
}

function levelHolds(rule: WarningRule, measured: string, threshold: number, inclusive: boolean): boolean {
  const c = compareDecimals(measured, numberToDecimal(threshold));
  if (rule.comparison === 'below') return c < 0 || (c === 0 && inclusive);
  return c > 0 || (c === 0 && inclusive);
}

/** Index (in `rule.levels`) of the most severe level that holds for a value, or −1. */
export function levelIndexOf(rule: WarningRule, value: string | null): number {
  if (value === null) return -1;
  const measured = measuredOf(rule, value);
  if (measured === null) return -1;
  let found = -1;
  rule.levels.forEach((l, i) => {
    if (levelHolds(rule, measured, l.threshold, l.inclusive)) found = i;
  });
  return found;
}

/** True when the rule applies to the unit (`appliesTo: all`, or the unit is listed). */
export function ruleAppliesTo(rule: WarningRule, unitCode: string): boolean {
  return rule.appliesTo === 'all' || rule.appliesTo.includes(unitCode);
}

/**
 * Evaluates one rule for one unit over its series (any order; evaluated in period order). Returns one evaluation per
 * period, or nothing when the rule does not apply to the unit.
 */
export function evaluateWarningRule(
  rule: WarningRule,
  unitCode: string,
  series: readonly IndicatorValue[],
  profile: MarketProfile,
): WarningEvaluation[] {
  if (!ruleAppliesTo(rule, unitCode)) return [];
  const ruleIndex = profile.warningRules.findIndex((r) => r.id === rule.id);
  const sorted = [...series].sort((a, b) => {
    const pa = periodOf(a.period);
    const pb = periodOf(b.period);
    return pa.startYear * 12 + pa.startMonth - (pb.startYear * 12 + pb.startMonth);
  });
  const out: WarningEvaluation[] = [];
  const levelRun: number[] = [];
  let runStart: string | null = null;
  let wasActive = false;
  let previousCode: string | null = null;
  for (const point of sorted) {
    const consecutive = previousCode !== null && previousPeriod(periodOf(point.period)).code === previousCode;
    if (!consecutive) {
      levelRun.length = 0;
      runStart = null;
      wasActive = false;
    }
    const idx = levelIndexOf(rule, point.value);
    if (idx < 0) {
      levelRun.length = 0;
      runStart = null;
    } else {
      levelRun.push(idx);
      runStart ??= point.period;
    }
    const n = rule.minDurationPeriods;
    const active = levelRun.length >= n;
    const levelIndex = active ? Math.min(...levelRun.slice(-n)) : idx >= 0 ? idx : -1;
    const state: WarningState = active
      ? wasActive
        ? 'active'
        : 'raised'
      : wasActive
        ? 'cleared'
        : idx >= 0
          ? 'pending'
          : 'none';
    const level = levelIndex >= 0 ? rule.levels[levelIndex]! : undefined;
    const threshold = level === undefined ? null : numberToDecimal(level.threshold);
    const levelLabel = level === undefined ? undefined : MARKET_TEXT.warning.levels[level.level];
    const explained = derive({
      value: levelLabel?.zh ?? null,
      uom: '',
      labels: { zh: rule.labelZh, en: rule.labelEn },
      formula: `${rule.comparison}${rule.range === undefined ? '' : ` [${rule.range.min}, ${rule.range.max}]`}`,
      inputs: [
        {
          name: '指标值',
          value: point.explained ?? given(point.value, '', { zh: rule.indicator, en: rule.indicator }),
        },
        ...(level === undefined || threshold === null
          ? []
          : [
              {
                name: `${MARKET_TEXT.warning.threshold.zh}（${levelLabel?.zh ?? level.level}${level.inclusive ? '，含' : '，不含'}）`,
                value: {
                  value: threshold,
                  uom: '',
                  source: parameterSource(profile, `warningRules[${ruleIndex}].levels[${levelIndex}]`),
                },
              },
            ]),
      ],
      profile: profileRef(profile),
      branch: `${state}${runStart === null ? '' : ` since ${runStart}`} (min ${n})`,
    });
    out.push({
      ruleId: rule.id,
      unitCode,
      period: point.period,
      state,
      level: level?.level ?? null,
      since: idx >= 0 ? runStart : null,
      value: point.value,
      threshold,
      explained,
    });
    wasActive = active;
    previousCode = point.period;
  }
  return out;
}
