/**
 * Solve for a target (SPEC §3.4, issue 5): the residential land supply per year that brings a unit's destocking cycle
 * into the reasonable range by a target year — or the reason it cannot. No anchor offers this; the model is stated
 * so a planner can check it by hand:
 *
 *   inventory_t = inventory_{t−1} + pipeline_t + land_{t−lag} × plot ratio − sales_t   (万㎡; land in 公顷)
 *   cycle_t     = inventory_t ÷ (sales_t ÷ 12)                                        (months)
 *
 * Land supplied in year y reaches the market `lagYears` later (Anju default 1: the time from sale to presale).
 * The solution spreads the land evenly over the years that can still affect the target year and aims at the middle
 * of the range (robust to rounding); it is rounded to 0.01 公顷 and checked by simulating it again.
 */
import type { MonthsRange } from '../profile/profile-schema.js';
import { derive, given, type Explained } from '../provenance/explained.js';
import {
  compareDecimals,
  divideDecimals,
  multiplyDecimals,
  subtractDecimals,
  sumDecimals,
} from '../quantity/decimal.js';
import { roundToPlaces } from '../plan/rounding.js';
import { cyclePosition } from './classify-land-supply.js';

export interface LandTargetInput {
  readonly unitCode: string;
  /** Inventory is known at the end of this year. */
  readonly baseYear: number;
  readonly targetYear: number;
  readonly inventoryWanSqm: string;
  /** Forecast sales (absorption) per year, 万㎡, for every year baseYear+1 … targetYear. */
  readonly salesWanSqmByYear: Readonly<Record<string, string>>;
  /** Supply already in the pipeline (land sold before, presales to come), 万㎡ per year; default 0. */
  readonly pipelineWanSqmByYear?: Readonly<Record<string, string>>;
  readonly plotRatio: string;
  readonly lagYears?: number;
  readonly range: Pick<MonthsRange, 'min' | 'max' | 'minInclusive' | 'maxInclusive'>;
  /** The cycle to aim at; default the middle of the range. */
  readonly targetMonths?: string;
  /** Largest land per year the unit's class allows (e.g. 0 under pause); absent = no cap. */
  readonly capHaPerYear?: string | null;
}

export interface YearState {
  readonly year: number;
  readonly landHa: string;
  readonly inventoryWanSqm: string;
  readonly cycleMonths: string | null;
}

export type LandTargetResult =
  | {
      readonly kind: 'solved';
      readonly unitCode: string;
      /** Land per year, base year + 1 … target year (0 where land no longer reaches the target year). */
      readonly landHaByYear: Readonly<Record<string, string>>;
      readonly projected: readonly YearState[];
      readonly explanation: Explained;
    }
  | {
      readonly kind: 'infeasible';
      readonly unitCode: string;
      readonly reason: 'too-much-inventory' | 'no-time' | 'cap' | 'no-sales';
      readonly reasonZh: string;
      readonly reasonEn: string;
      /** What the unit gets with the best the rules allow (zero land, or land at the cap). */
      readonly bestEffort: readonly YearState[];
      /** First year the cycle reaches the range with no new land, if it does before the target year + 10. */
      readonly earliestYearWithoutLand: number | null;
      readonly explanation: Explained;
    };

const DEFAULT_LAG_YEARS = 1;

function yearsOf(input: LandTargetInput): number[] {
  return Array.from({ length: input.targetYear - input.baseYear }, (_, i) => input.baseYear + 1 + i);
}

/** Runs the inventory model forward for given land per year (missing years = 0). */
export function simulateInventory(
  input: Omit<LandTargetInput, 'targetYear'> & { readonly targetYear: number },
  landHaByYear: Readonly<Record<string, string>>,
): YearState[] {
  const lag = input.lagYears ?? DEFAULT_LAG_YEARS;
  let inv = input.inventoryWanSqm;
  return yearsOf(input).map((year) => {
    const sales = input.salesWanSqmByYear[String(year)] ?? '0';
    const arriving = multiplyDecimals(landHaByYear[String(year - lag)] ?? '0', input.plotRatio);
    inv = subtractDecimals(sumDecimals([inv, input.pipelineWanSqmByYear?.[String(year)] ?? '0', arriving]), sales);
    const cycle = compareDecimals(sales, '0') > 0 ? divideDecimals(multiplyDecimals(inv, '12'), sales) : null;
    return { year, landHa: landHaByYear[String(year)] ?? '0', inventoryWanSqm: inv, cycleMonths: cycle };
  });
}

function inRange(cycle: string | null, range: LandTargetInput['range']): boolean {
  return cycle !== null && cyclePosition(cycle, range) === 'within';
}

/**
 * @example solveLandTarget({ unitCode: 'A', baseYear: 2025, targetYear: 2028, inventoryWanSqm: '100',
 *   salesWanSqmByYear: { 2026: '60', 2027: '60', 2028: '60' }, plotRatio: '2', range }) // 12–18 months
 * // aims at 15 months = 75 万㎡ at the end of 2028: 100 − 180 + 2 × 2 × L = 75 → L = 38.75 公顷 in 2026 and 2027
 */
export function solveLandTarget(input: LandTargetInput): LandTargetResult {
  const lag = input.lagYears ?? DEFAULT_LAG_YEARS;
  const years = yearsOf(input);
  const T = String(input.targetYear);
  const salesT = input.salesWanSqmByYear[T] ?? '0';
  const zero = simulateInventory(input, {});
  const earliest = earliestWithoutLand(input);
  const inputs = {
    inventory: given(input.inventoryWanSqm, 'wan-sqm', { zh: `${input.baseYear} 年末住宅库存`, en: 'Inventory' }),
    salesT: given(salesT, 'wan-sqm', { zh: `${T} 年销售`, en: `Sales ${T}` }),
    plotRatio: given(input.plotRatio, 'ratio', { zh: '容积率', en: 'Plot ratio' }),
    lag: given(String(lag), 'year-count', { zh: '供地到上市滞后', en: 'Land-to-market lag' }),
  };
  const infeasible = (
    reason: 'too-much-inventory' | 'no-time' | 'cap' | 'no-sales',
    zh: string,
    en: string,
    best: YearState[],
  ): LandTargetResult => ({
    kind: 'infeasible',
    unitCode: input.unitCode,
    reason,
    reasonZh: zh,
    reasonEn: en,
    bestEffort: best,
    earliestYearWithoutLand: earliest,
    explanation: derive({
      value: null,
      uom: 'ha',
      labels: { zh: `${input.unitCode} 达标所需年度供地`, en: `Land per year to reach the range, ${input.unitCode}` },
      inputs,
      branch: reason,
      notes: [{ level: 'warning', messageZh: zh, messageEn: en }],
    }),
  });

  if (compareDecimals(salesT, '0') <= 0) {
    return infeasible(
      'no-sales',
      `${T} 年预测销售为 0，去化周期无定义`,
      `no sales forecast for ${T}: the cycle is undefined`,
      zero,
    );
  }
  const zeroCycle = zero.at(-1)?.cycleMonths ?? null;
  const rangeText = `${input.range.min}–${input.range.max}`;
  if (zeroCycle !== null && compareDecimals(zeroCycle, String(input.range.max)) > 0) {
    return infeasible(
      'too-much-inventory',
      `即使不再供地，${T} 年去化周期仍为 ${roundToPlaces(zeroCycle, 1)} 个月，高于合理区间 ${rangeText} 个月${earliest === null ? '' : `；不供地时 ${earliest} 年可进入区间`}`,
      `even with no new land the cycle in ${T} is ${roundToPlaces(zeroCycle, 1)} months, above ${rangeText}${earliest === null ? '' : `; with no land it enters the range in ${earliest}`}`,
      zero,
    );
  }
  const landYears = years.filter((y) => y + lag <= input.targetYear);
  const aim =
    input.targetMonths ?? divideDecimals(sumDecimals([String(input.range.min), String(input.range.max)]), '2');
  const aimInventory = divideDecimals(multiplyDecimals(aim, salesT), '12');
  const needFloor = subtractDecimals(aimInventory, zero.at(-1)?.inventoryWanSqm ?? '0');
  if (compareDecimals(needFloor, '0') <= 0) {
    // Zero land already gives a cycle at or above the aim and (checked above) not above the range.
    return solved(input, {}, inputs, aim, 'no-land-needed');
  }
  if (landYears.length === 0) {
    return infeasible(
      'no-time',
      `供地需 ${lag} 年才能上市，${T} 年前已无可影响目标年的供地年份；不供地时 ${T} 年去化周期为 ${zeroCycle === null ? '—' : roundToPlaces(zeroCycle, 1)} 个月`,
      `land takes ${lag} year(s) to reach the market; no year left to affect ${T} (cycle ${zeroCycle === null ? '—' : roundToPlaces(zeroCycle, 1)} months without land)`,
      zero,
    );
  }
  const perYearExact = divideDecimals(needFloor, multiplyDecimals(String(landYears.length), input.plotRatio));
  let perYear = roundToPlaces(perYearExact, 2);
  const plan = (v: string) => Object.fromEntries(landYears.map((y) => [String(y), v]));
  if (!inRange(simulateInventory(input, plan(perYear)).at(-1)?.cycleMonths ?? null, input.range))
    perYear = perYearExact;
  if (
    input.capHaPerYear !== undefined &&
    input.capHaPerYear !== null &&
    compareDecimals(perYear, input.capHaPerYear) > 0
  ) {
    const capped = simulateInventory(input, plan(input.capHaPerYear));
    const cappedCycle = capped.at(-1)?.cycleMonths ?? null;
    if (!inRange(cappedCycle, input.range)) {
      return infeasible(
        'cap',
        `需每年供地 ${perYear} 公顷，但分类上限为每年 ${input.capHaPerYear} 公顷；按上限 ${T} 年去化周期为 ${cappedCycle === null ? '—' : roundToPlaces(cappedCycle, 1)} 个月`,
        `needs ${perYear} ha a year but the class caps it at ${input.capHaPerYear} ha; at the cap the cycle in ${T} is ${cappedCycle === null ? '—' : roundToPlaces(cappedCycle, 1)} months`,
        capped,
      );
    }
    return solved(input, plan(input.capHaPerYear), inputs, aim, 'at-cap');
  }
  return solved(input, plan(perYear), inputs, aim, 'even-spread');
}

function solved(
  input: LandTargetInput,
  land: Record<string, string>,
  inputs: Record<string, Explained>,
  aim: string,
  branch: string,
): LandTargetResult {
  const projected = simulateInventory(input, land);
  const landHaByYear = Object.fromEntries(yearsOf(input).map((y) => [String(y), land[String(y)] ?? '0']));
  const final = projected.at(-1)?.cycleMonths ?? null;
  return {
    kind: 'solved',
    unitCode: input.unitCode,
    landHaByYear,
    projected,
    explanation: derive({
      value: sumDecimals(Object.values(landHaByYear)),
      uom: 'ha',
      labels: { zh: `${input.unitCode} 达标所需供地合计`, en: `Land to reach the range, ${input.unitCode}` },
      formula: '(目标库存 − 不供地时目标年库存) ÷ (供地年数 × 容积率)，目标库存 = 目标周期 × 目标年销售 ÷ 12',
      inputs: { ...inputs, aim: given(aim, 'month', { zh: '目标去化周期', en: 'Target cycle' }) },
      branch,
      notes: [
        {
          level: 'info',
          messageZh: `回代检验：${input.targetYear} 年去化周期 ${final === null ? '—' : roundToPlaces(final, 2)} 个月，在合理区间 ${input.range.min}–${input.range.max} 内`,
          messageEn: `fed back: the cycle in ${input.targetYear} is ${final === null ? '—' : roundToPlaces(final, 2)} months, within ${input.range.min}–${input.range.max}`,
        },
      ],
    }),
  };
}

function earliestWithoutLand(input: LandTargetInput): number | null {
  // Extends the sales of the target year for up to ten more years.
  const salesT = input.salesWanSqmByYear[String(input.targetYear)] ?? '0';
  const ext: Record<string, string> = { ...input.salesWanSqmByYear };
  for (let y = input.targetYear + 1; y <= input.targetYear + 10; y++) ext[String(y)] ??= salesT;
  const states = simulateInventory({ ...input, targetYear: input.targetYear + 10, salesWanSqmByYear: ext }, {});
  return states.find((s) => inRange(s.cycleMonths, input.range))?.year ?? null;
}
