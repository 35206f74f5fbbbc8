/**
 * Scenarios side by side (SPEC §3.3): one table of the headline results per unit and scenario with the difference
 * from the first scenario, and a sensitivity view — which parameter moves the result most when nudged by ±10 %.
 */
import { compareDecimals, multiplyDecimals, subtractDecimals, sumDecimals } from '../quantity/decimal.js';
import { forecastParameterKeys, type ForecastParameterKey, type ProfileUse } from './forecast-parameters.js';
import { forecastUnit, type ForecastRun, type ForecastScenario, type UnitForecast } from './forecast-run.js';

/** The headline results a comparison shows, with how to read each from a unit forecast. */
export const COMPARISON_METRICS = {
  perCapitaNewFloorAreaWanSqm: {
    zh: '新增住房需求（人均法，万㎡）',
    en: 'New floor area, per-capita method (10k m²)',
    read: (u: UnitForecast) => u.perCapita.newFloorAreaWanSqm.value,
  },
  householdNewFloorAreaWanSqm: {
    zh: '新增住房需求（户数法，万㎡）',
    en: 'New floor area, household method (10k m²)',
    read: (u: UnitForecast) => u.household.newFloorAreaWanSqm.value,
  },
  stockNewFloorAreaWanSqm: {
    zh: '新增住房需求（存量法，万㎡）',
    en: 'New floor area, stock method (10k m²)',
    read: (u: UnitForecast) => u.stockCheck.newFloorAreaWanSqm.value,
  },
  commercialUnits: {
    zh: '商品住房套数',
    en: 'Commercial units',
    read: (u: UnitForecast) => u.perCapita.commercialUnits.value,
  },
  totalLandHa: {
    zh: '住房用地需求（公顷）',
    en: 'Housing land need (ha)',
    read: (u: UnitForecast) => u.land.totalLandHa.value,
  },
} as const;
export type ComparisonMetric = keyof typeof COMPARISON_METRICS;

export interface ComparisonRow {
  readonly unitCode: string;
  readonly metric: ComparisonMetric;
  /** One value per run, in the order given. */
  readonly values: readonly (string | null)[];
  /** Each run minus the first run (the first is always "0"). */
  readonly diffs: readonly (string | null)[];
}

export interface ScenarioComparison {
  readonly scenarios: readonly {
    readonly id: string;
    readonly version: string;
    readonly nameZh: string;
    readonly nameEn: string;
  }[];
  readonly profiles: readonly { readonly id: string; readonly version: string }[];
  readonly rows: readonly ComparisonRow[];
}

/** Puts runs side by side; units are matched by code (a unit missing from a run shows null). */
export function compareForecastRuns(runs: readonly ForecastRun[]): ScenarioComparison {
  const unitCodes = [...new Set(runs.flatMap((r) => r.units.map((u) => u.unitCode)))];
  const rows: ComparisonRow[] = [];
  for (const unitCode of unitCodes) {
    for (const metric of Object.keys(COMPARISON_METRICS) as ComparisonMetric[]) {
      const values = runs.map((r) => {
        const u = r.units.find((x) => x.unitCode === unitCode);
        return u === undefined ? null : COMPARISON_METRICS[metric].read(u);
      });
      const base = values[0] ?? null;
      const diffs = values.map((v) => (v === null || base === null ? null : subtractDecimals(v, base)));
      rows.push({ unitCode, metric, values, diffs });
    }
  }
  return { scenarios: runs.map((r) => r.scenario), profiles: runs.map((r) => r.profile), rows };
}

export interface SensitivityRow {
  readonly key: ForecastParameterKey;
  readonly baseValue: string;
  readonly lowResult: string | null;
  readonly highResult: string | null;
  /** |high − low|, the swing a ±`step` change of the parameter causes. */
  readonly swing: string | null;
}

/**
 * Nudges each parameter down and up by `step` (default 10 %) for one unit and reports the swing of `metric`, largest
 * first — the parameter a planner should check hardest when the population forecast is weak.
 */
export function forecastSensitivity(
  scenario: ForecastScenario,
  unitCode: string,
  use: ProfileUse,
  metric: ComparisonMetric = 'perCapitaNewFloorAreaWanSqm',
  step = '0.1',
): SensitivityRow[] {
  const unit = scenario.units.find((u) => u.unitCode === unitCode);
  if (unit === undefined) throw new RangeError(`unit ${unitCode} is not in scenario ${scenario.id}`);
  const base = forecastUnit(unit, use, scenario);
  const read = COMPARISON_METRICS[metric].read;
  const rows = forecastParameterKeys.map((key): SensitivityRow => {
    const baseValue = base.parameters.find((p) => p.key === key)?.value ?? '0';
    const at = (factor: string): string | null => {
      const value = multiplyDecimals(baseValue, factor);
      // Year overrides are dropped so the nudged unit-level value is the one every year uses.
      const nudged = { ...unit, parameters: { ...unit.parameters, [key]: value }, parametersByYear: {} };
      return read(forecastUnit(nudged, use, scenario));
    };
    const low = at(subtractDecimals('1', step));
    const high = at(sumDecimals(['1', step]));
    const swing = low === null || high === null ? null : absDecimal(subtractDecimals(high, low));
    return { key, baseValue, lowResult: low, highResult: high, swing };
  });
  return rows.sort((a, b) => compareDecimals(b.swing ?? '0', a.swing ?? '0'));
}

function absDecimal(v: string): string {
  return v.startsWith('-') ? v.slice(1) : v;
}
