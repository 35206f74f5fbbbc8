/**
 * Annual plans (SPEC §3.4, §3.5): five-year totals decomposed into years by a declared shape, in whole units of the
 * printed precision, with sums that are exact (largest-remainder rounding); an annual land plan decomposed into
 * quarters (city) or months (districts) weighting by destocking cycle and price change (001 二（二）); plan vs actual.
 *
 * Every figure is a decimal string; every rounding step is in integer quanta, so Σ parts = total exactly.
 */
import { derive, given, type Explained, type ExplainedNote } from '../provenance/explained.js';
import {
  compareDecimals,
  divideDecimals,
  multiplyDecimals,
  parseRational,
  rational,
  rationalToDecimal,
  subtractDecimals,
  sumDecimals,
} from '../quantity/decimal.js';

/** How a total is spread over periods. */
export type PlanShape =
  | { readonly kind: 'even' }
  /** Linearly declining weights 1, 1 − d, 1 − 2d, … (d = `declinePerPeriod`, default 0.1). */
  | { readonly kind: 'front-loaded'; readonly declinePerPeriod?: string }
  | { readonly kind: 'weights'; readonly weights: readonly string[] };

/** Raised when a decomposition is impossible (negative total, weights summing to zero, too many decimals). */
export class PlanInputError extends Error {
  override readonly name = 'PlanInputError';
  constructor(
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

/** The weights a shape gives to `periods` periods (decimal strings, all ≥ 0). */
export function shapeWeights(shape: PlanShape, periods: number): string[] {
  if (!Number.isInteger(periods) || periods < 1) throw new PlanInputError('期数应为正整数', 'periods must be ≥ 1');
  switch (shape.kind) {
    case 'even':
      return Array.from({ length: periods }, () => '1');
    case 'front-loaded': {
      const d = shape.declinePerPeriod ?? '0.1';
      const weights = Array.from({ length: periods }, (_, i) => subtractDecimals('1', multiplyDecimals(d, String(i))));
      if (weights.some((w) => compareDecimals(w, '0') < 0)) {
        throw new PlanInputError(
          `前高后低的递减幅度 ${d} 过大，${periods} 期后权重为负`,
          `decline ${d} per period makes the weight negative within ${periods} periods`,
        );
      }
      return weights;
    }
    case 'weights':
      if (shape.weights.length !== periods) {
        throw new PlanInputError(
          `权重个数 ${shape.weights.length} 与期数 ${periods} 不符`,
          `${shape.weights.length} weights for ${periods} periods`,
        );
      }
      return [...shape.weights];
  }
}

/**
 * Splits `total` over `weights` in whole quanta of 10^-places with the largest-remainder method: each part gets the
 * floor of its exact share, and the quanta left over go to the largest remainders (ties to the earlier period).
 * The parts are never negative and always sum exactly to the total.
 *
 * @example decomposeTotal('90.55', ['40.8', '40.2', '39.84', '39.36', '39'], 2) // → ['18.55','18.27','18.11','17.89','17.73']
 */
export function decomposeTotal(total: string, weights: readonly string[], places: number): string[] {
  const t = parseRational(total);
  const scale = 10n ** BigInt(places);
  if ((t.p * scale) % t.q !== 0n) {
    throw new PlanInputError(
      `总量 ${total} 的小数位多于 ${places} 位`,
      `total ${total} has more than ${places} decimal places`,
    );
  }
  const quanta = (t.p * scale) / t.q;
  if (quanta < 0n) throw new PlanInputError(`总量 ${total} 为负`, `total ${total} is negative`);
  const ws = weights.map((w) => parseRational(w));
  if (ws.some((w) => w.p < 0n)) throw new PlanInputError('权重不能为负', 'weights must not be negative');
  // Common denominator so every share is an integer fraction num_i / den.
  const den = ws.reduce((acc, w) => (acc * w.q) / gcdBig(acc, w.q), 1n);
  const ints = ws.map((w) => (w.p * den) / w.q);
  const sumW = ints.reduce((a, b) => a + b, 0n);
  if (sumW === 0n) {
    if (quanta === 0n) return weights.map(() => '0');
    throw new PlanInputError('权重之和为零，无法分解', 'weights sum to zero');
  }
  const floors = ints.map((w) => (quanta * w) / sumW);
  const remainders = ints.map((w, i) => ({ i, r: (quanta * w) % sumW }));
  let left = quanta - floors.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    floors[i] = (floors[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return floors.map((q) => rationalToDecimal(rational(q, scale)));
}

function gcdBig(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** One line of a plan: a five-year total for one unit and housing type, in one measure. */
export interface PlanLineInput {
  readonly unitCode: string;
  /** e.g. `commercial`, `affordable`, `renovation`. */
  readonly housingType: string;
  /** e.g. `units` (套), `area-wan-sqm` (万㎡), `land-ha` (公顷). */
  readonly measure: string;
  readonly total: string;
  /** Decimal places of the whole units the plan is written in (0 for 套, 2 for 万㎡ and 公顷). */
  readonly places: number;
  /** Overrides the plan's shape for this line (e.g. weights of the printed plan). */
  readonly shape?: PlanShape;
}

export interface AnnualPlanInput {
  readonly firstYear: number;
  readonly years: number;
  readonly shape: PlanShape;
  readonly lines: readonly PlanLineInput[];
}

export interface AnnualPlanRow extends PlanLineInput {
  /** One value per year, in order; Σ values = total exactly. */
  readonly values: readonly string[];
  readonly shapeUsed: PlanShape;
}

export interface AnnualPlan {
  readonly years: readonly number[];
  readonly rows: readonly AnnualPlanRow[];
}

/**
 * Decomposes each line's total into years by its shape (or the plan's), in whole units with exact sums.
 *
 * @example buildAnnualPlan({ firstYear: 2026, years: 5, shape: { kind: 'even' }, lines: [{ unitCode: 'c',
 *   housingType: 'commercial', measure: 'units', total: '16600', places: 0 }] }).rows[0].values // → 3320 × 5
 */
export function buildAnnualPlan(input: AnnualPlanInput): AnnualPlan {
  const years = Array.from({ length: input.years }, (_, i) => input.firstYear + i);
  const rows = input.lines.map((line) => {
    const shapeUsed = line.shape ?? input.shape;
    const values = decomposeTotal(line.total, shapeWeights(shapeUsed, input.years), line.places);
    return { ...line, values, shapeUsed };
  });
  return { years, rows };
}

/** One sub-period of an annual land plan with the market signals that weight it. */
export interface LandPeriodSignal {
  /** `2026Q1` for a city's quarters, `2026-03` for a district's months. */
  readonly period: string;
  /** Expected destocking cycle of residential inventory, months. */
  readonly cycleMonths: string;
  /** Change of the residential sale price against the previous period, as a fraction (0.02 = +2 %). */
  readonly priceChangeRatio: string;
}

export interface LandPeriodShare {
  readonly period: string;
  readonly landHa: string;
  readonly weight: Explained;
}

/** Largest cycle factor: a very short cycle at most doubles a period's share (an Anju default, stated). */
export const CYCLE_FACTOR_MAX = '2';

/**
 * Decomposes an annual land-supply plan into quarters (city level) or months (district level). 001 二（二） asks for
 * the decomposition "结合区域存量房地产去化周期和市场销售价格变化情况" without a formula; Anju's declared rule is
 * weight = cycle factor × price factor, with cycle factor = min(2, reasonable-range max ÷ cycle) (shorter cycles get
 * more land, 2 when the cycle is 0) and price factor = max(0, 1 + price change) (rising prices get more land).
 * Parts are whole hundredths of a hectare that sum exactly to the annual total.
 */
export function decomposeLandSupply(input: {
  readonly totalHa: string;
  readonly periods: readonly LandPeriodSignal[];
  readonly reasonableMaxMonths: string;
  readonly places?: number;
}): LandPeriodShare[] {
  const weights = input.periods.map((p) => landPeriodWeight(p, input.reasonableMaxMonths));
  const parts = decomposeTotal(
    input.totalHa,
    weights.map((w) => w.value ?? '0'),
    input.places ?? 2,
  );
  return input.periods.map((p, i) => ({ period: p.period, landHa: parts[i] ?? '0', weight: weights[i]! }));
}

function landPeriodWeight(p: LandPeriodSignal, reasonableMaxMonths: string): Explained {
  const cycle = given(p.cycleMonths, 'month', { zh: '去化周期', en: 'Destocking cycle' });
  const price = given(p.priceChangeRatio, 'ratio', { zh: '价格变化', en: 'Price change' });
  const notes: ExplainedNote[] = [];
  let cycleFactor: string;
  if (compareDecimals(p.cycleMonths, '0') <= 0) {
    cycleFactor = CYCLE_FACTOR_MAX;
    notes.push({ level: 'info', messageZh: '去化周期为 0，取上限 2', messageEn: 'cycle is 0: factor capped at 2' });
  } else {
    const f = divideDecimals(reasonableMaxMonths, p.cycleMonths);
    cycleFactor = compareDecimals(f, CYCLE_FACTOR_MAX) > 0 ? CYCLE_FACTOR_MAX : f;
  }
  const pf = sumDecimals(['1', p.priceChangeRatio]);
  const priceFactor = compareDecimals(pf, '0') < 0 ? '0' : pf;
  return derive({
    value: multiplyDecimals(cycleFactor, priceFactor),
    uom: '',
    labels: { zh: `${p.period} 分解权重`, en: `${p.period} weight` },
    formula: `min(2, ${reasonableMaxMonths} ÷ 去化周期) × max(0, 1 + 价格变化)`,
    inputs: { cycle, price },
    notes,
  });
}

/** Plan against actual for one series of periods. */
export interface PlanVsActualRow {
  readonly period: string;
  readonly planned: string;
  readonly actual: string | null;
  /** actual − planned, null while the actual is unknown. */
  readonly gap: string | null;
  readonly cumulativePlanned: string;
  readonly cumulativeActual: string;
  /** cumulative actual ÷ cumulative planned (null when nothing was planned yet). */
  readonly completionRatio: string | null;
}

/** Compares a plan with actuals period by period, with cumulative completion (SPEC §3.4 "track plan vs actual"). */
export function trackPlanVsActual(
  rows: readonly { readonly period: string; readonly planned: string; readonly actual: string | null }[],
): PlanVsActualRow[] {
  let cumPlan = '0';
  let cumActual = '0';
  return rows.map((r) => {
    cumPlan = sumDecimals([cumPlan, r.planned]);
    if (r.actual !== null) cumActual = sumDecimals([cumActual, r.actual]);
    return {
      period: r.period,
      planned: r.planned,
      actual: r.actual,
      gap: r.actual === null ? null : subtractDecimals(r.actual, r.planned),
      cumulativePlanned: cumPlan,
      cumulativeActual: cumActual,
      completionRatio: compareDecimals(cumPlan, '0') === 0 ? null : divideDecimals(cumActual, cumPlan, 6),
    };
  });
}
