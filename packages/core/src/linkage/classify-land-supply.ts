/**
 * 以房定地 (SPEC §3.4): each unit and period gets a class, an action and a cap from the policy profile's land-supply
 * rule, with the explanation of the branch taken. Two rule shapes exist:
 * - `cycle-bands` (national default and seed 003, 第五章第一节二, 第七章第一节（一）): > 36 months pause; 18–36 strict control,
 *   capped at the stock residential land revitalised this year ("盘活多少、供应多少"); < 18 stable or moderate
 *   increase. The band bounds and their inclusiveness are the profile's (18.0 and 36.0 fall where it says).
 * - `inflow-cycle-matrix` (seed 000 §九（二）): population inflow/outflow × cycle within/above/below the
 *   reasonable range. A combination the profile leaves out is reported as `undefined`, never guessed.
 * Net migration of exactly 0 is neither inflow nor outflow; by default it is reported as undefined (`zeroMigrationAs`
 * lets a city declare otherwise).
 */
import type { EffectivePolicyProfile, LandSupplyAction, MonthsRange } from '../profile/profile-schema.js';
import { derive, given, type Explained, type SourceRef } from '../provenance/explained.js';
import { compareDecimals } from '../quantity/decimal.js';

export interface LandClassInput {
  readonly unitCode: string;
  readonly period: string;
  /** Residential destocking cycle in months (from market monitoring, or given). */
  readonly cycleMonths: string | null;
  /** Net population migration over the period (万人); > 0 inflow, < 0 outflow. Needed by matrix rules only. */
  readonly netMigrationWan?: string | null;
  /** Stock residential land revitalised this year (公顷): the cap under strict control. */
  readonly revitalisedStockLandHa?: string | null;
}

export type LandClass =
  | {
      readonly kind: 'classified';
      readonly unitCode: string;
      readonly period: string;
      readonly classId: string;
      readonly action: LandSupplyAction;
      readonly labelZh: string;
      readonly labelEn: string;
      /** Largest new residential land allowed (公顷); null = no cap from the rule (or the cap input is missing). */
      readonly capHa: string | null;
      readonly capKind: 'none' | 'zero' | 'revitalised-stock-land';
      readonly explanation: Explained;
    }
  | {
      readonly kind: 'undefined' | 'no-data';
      readonly unitCode: string;
      readonly period: string;
      readonly reasonZh: string;
      readonly reasonEn: string;
      readonly explanation: Explained;
    };

export type CyclePosition = 'below' | 'within' | 'above';

export interface ClassifyOptions {
  /** How net migration of exactly 0 is treated by matrix rules (default: undefined). */
  readonly zeroMigrationAs?: 'undefined' | 'inflow' | 'outflow';
}

type Band = {
  minMonths?: number | undefined;
  maxMonths?: number | undefined;
  minInclusive: boolean;
  maxInclusive: boolean;
};

/** True when `months` lies in the band, honouring each bound's inclusiveness (absent bounds are open). */
export function inBand(months: string, band: Band): boolean {
  if (band.minMonths !== undefined) {
    const c = compareDecimals(months, String(band.minMonths));
    if (c < 0 || (c === 0 && !band.minInclusive)) return false;
  }
  if (band.maxMonths !== undefined) {
    const c = compareDecimals(months, String(band.maxMonths));
    if (c > 0 || (c === 0 && !band.maxInclusive)) return false;
  }
  return true;
}

/** Where a cycle lies against the reasonable range. */
export function cyclePosition(
  months: string,
  range: Pick<MonthsRange, 'min' | 'max' | 'minInclusive' | 'maxInclusive'>,
): CyclePosition {
  const lo = compareDecimals(months, String(range.min));
  if (lo < 0 || (lo === 0 && !range.minInclusive)) return 'below';
  const hi = compareDecimals(months, String(range.max));
  if (hi > 0 || (hi === 0 && !range.maxInclusive)) return 'above';
  return 'within';
}

function toSource(profile: Pick<EffectivePolicyProfile, 'id' | 'version'>, path: string): SourceRef {
  return { kind: 'parameter', profileId: profile.id, profileVersion: profile.version, path };
}

function rangeText(b: Band): string {
  const lo = b.minMonths === undefined ? '' : `${b.minInclusive ? '≥' : '>'} ${b.minMonths}`;
  const hi = b.maxMonths === undefined ? '' : `${b.maxInclusive ? '≤' : '<'} ${b.maxMonths}`;
  return [lo, hi].filter((x) => x !== '').join(' 且 ');
}

/** The profile part classification reads. */
export type LandRuleProfile = Pick<EffectivePolicyProfile, 'id' | 'version' | 'landSupplyRule' | 'destocking'>;

/**
 * Classifies one unit and period under the profile's land-supply rule.
 *
 * @example classifyLandSupply(cityProfile, { unitCode: '620702', period: '2026', cycleMonths: '36' })
 * // → { kind: 'classified', action: 'strict-control', capKind: 'revitalised-stock-land', … }
 */
export function classifyLandSupply(
  profile: LandRuleProfile,
  input: LandClassInput,
  options: ClassifyOptions = {},
): LandClass {
  const profileRef = { id: profile.id, version: profile.version };
  const base = { unitCode: input.unitCode, period: input.period };
  const cycle = given(input.cycleMonths, 'month', { zh: '商品住宅去化周期', en: 'Residential destocking cycle' });
  if (input.cycleMonths === null) {
    return {
      kind: 'no-data',
      ...base,
      reasonZh: '缺少去化周期，无法分类',
      reasonEn: 'no destocking cycle: cannot classify',
      explanation: derive({
        value: null,
        uom: '',
        labels: { zh: '以房定地分类', en: 'Land-supply class' },
        inputs: { cycle },
        profile: profileRef,
        branch: 'no-data',
      }),
    };
  }
  const rule = profile.landSupplyRule;
  if (rule.kind === 'cycle-bands') {
    const idx = rule.bands.findIndex((b) => inBand(input.cycleMonths!, b));
    const band = idx < 0 ? undefined : rule.bands[idx];
    if (band === undefined) {
      return {
        kind: 'undefined',
        ...base,
        reasonZh: `去化周期 ${input.cycleMonths} 个月不在配置的任何区间内`,
        reasonEn: `cycle ${input.cycleMonths} months falls in no band of the profile`,
        explanation: derive({
          value: null,
          uom: '',
          labels: { zh: '以房定地分类', en: 'Land-supply class' },
          inputs: { cycle },
          profile: profileRef,
          branch: 'no-band',
        }),
      };
    }
    const cap = capFor(band.action, band.capRule, input.revitalisedStockLandHa);
    const inputs: Record<string, Explained> = { cycle };
    if (band.capRule === 'revitalised-stock-land') {
      inputs.revitalised = given(input.revitalisedStockLandHa ?? null, 'ha', {
        zh: '本年度盘活的存量商品住宅用地',
        en: 'Stock residential land revitalised this year',
      });
    }
    const source = {
      kind: 'seed',
      seed: band.source.seed,
      section: band.source.section,
      ...(band.source.quote === undefined ? {} : { quote: band.source.quote }),
    } as const;
    return {
      kind: 'classified',
      ...base,
      classId: band.id,
      action: band.action,
      labelZh: band.labelZh,
      labelEn: band.labelEn,
      capHa: cap.capHa,
      capKind: cap.kind,
      explanation: {
        ...derive({
          value: cap.capHa,
          uom: 'ha',
          labels: { zh: `新增住宅用地上限（${band.labelZh}）`, en: `New residential land cap (${band.labelEn})` },
          formula: `去化周期 ${input.cycleMonths} 个月 ${rangeText(band)} → ${band.id}`,
          inputs,
          profile: profileRef,
          branch: `landSupplyRule.bands[${idx}] ${band.id}`,
          notes: cap.notes,
        }),
        source,
      },
    };
  }

  // inflow-cycle-matrix
  const position = cyclePosition(input.cycleMonths, profile.destocking.reasonableRangeMonths);
  const mig = input.netMigrationWan ?? null;
  const migration = given(mig, 'wan-person', { zh: '人口净流入', en: 'Net migration' });
  const range = profile.destocking.reasonableRangeMonths;
  const rangeX = given(
    `${range.min}–${range.max}`,
    'month',
    { zh: '合理区间', en: 'Reasonable range' },
    toSource(profile, 'destocking.reasonableRangeMonths'),
  );
  const undefinedResult = (reasonZh: string, reasonEn: string, branch: string): LandClass => ({
    kind: 'undefined',
    ...base,
    reasonZh,
    reasonEn,
    explanation: derive({
      value: null,
      uom: '',
      labels: { zh: '以房定地分类', en: 'Land-supply class' },
      inputs: { cycle, range: rangeX, migration },
      profile: profileRef,
      branch,
      notes: [{ level: 'warning', messageZh: reasonZh, messageEn: reasonEn }],
    }),
  });
  if (mig === null)
    return undefinedResult(
      '缺少人口流动数据，配置规则需要人口流入/流出',
      'net migration missing; the rule needs it',
      'no-migration',
    );
  const sign = compareDecimals(mig, '0');
  let population: 'inflow' | 'outflow' | undefined = sign > 0 ? 'inflow' : sign < 0 ? 'outflow' : undefined;
  if (population === undefined) {
    const z = options.zeroMigrationAs ?? 'undefined';
    if (z === 'undefined') {
      return undefinedResult(
        '人口净流入为 0，既非流入也非流出，配置未规定此情形',
        'net migration is exactly 0 — neither inflow nor outflow; the profile does not define it',
        'zero-migration',
      );
    }
    population = z;
  }
  const cellIdx = rule.cells.findIndex((c) => c.population === population && c.cycle === position);
  const cell = cellIdx < 0 ? undefined : rule.cells[cellIdx];
  const posZh = { below: '低于', within: '处于', above: '超出' }[position];
  const popZh = population === 'inflow' ? '人口流入' : '人口流出';
  if (cell === undefined) {
    return undefinedResult(
      `${popZh}、去化周期${posZh}合理区间：配置未规定，不作推断`,
      `${population} with the cycle ${position} the reasonable range: undefined by the profile, not guessed`,
      `undefined:${population}×${position}`,
    );
  }
  const cap = capFor(cell.action, undefined, null);
  return {
    kind: 'classified',
    ...base,
    classId: `${population}-${position}`,
    action: cell.action,
    labelZh: cell.labelZh,
    labelEn: cell.labelEn,
    capHa: cap.capHa,
    capKind: cap.kind,
    explanation: {
      ...derive({
        value: cap.capHa,
        uom: 'ha',
        labels: { zh: `新增住宅用地上限（${cell.labelZh}）`, en: `New residential land cap (${cell.labelEn})` },
        formula: `${popZh} × 去化周期 ${input.cycleMonths} 个月${posZh}合理区间 → ${cell.action}`,
        inputs: { cycle, range: rangeX, migration },
        profile: profileRef,
        branch: `landSupplyRule.cells[${cellIdx}] ${population}×${position}`,
        notes: cap.notes,
      }),
      source: {
        kind: 'seed',
        seed: cell.source.seed,
        section: cell.source.section,
        ...(cell.source.quote === undefined ? {} : { quote: cell.source.quote }),
      },
    },
  };
}

function capFor(
  action: LandSupplyAction,
  capRule: 'revitalised-stock-land' | undefined,
  revitalised: string | null | undefined,
): { capHa: string | null; kind: 'none' | 'zero' | 'revitalised-stock-land'; notes: Explained['notes'] } {
  if (action === 'pause' || action === 'stop') return { capHa: '0', kind: 'zero', notes: [] };
  if (capRule === 'revitalised-stock-land') {
    if (revitalised === null || revitalised === undefined) {
      return {
        capHa: null,
        kind: 'revitalised-stock-land',
        notes: [
          {
            level: 'warning',
            messageZh: '上限等于本年度盘活的存量商品住宅用地面积，但未提供该数据',
            messageEn: 'the cap is the stock land revitalised this year, which was not given',
          },
        ],
      };
    }
    return { capHa: revitalised, kind: 'revitalised-stock-land', notes: [] };
  }
  return { capHa: null, kind: 'none', notes: [] };
}
