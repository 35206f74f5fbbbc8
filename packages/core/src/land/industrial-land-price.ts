/**
 * Industrial land (产业用地) priced with the self-holding correction of 001 三(二): "物业自持比例50%的，按系数0.7修正，
 * 自持比例每增加10%，系数可衰减0.04，最低不小于0.5，且不得低于基准地价". The decay counts whole 10 % steps above 50 %
 * (55 % → 0.7, 60 % → 0.66 … 100 % → 0.5); below 50 % the policy sets no correction, so the coefficient is 1 with a
 * note. The step decay is a parameter ("可衰减" — may decay) so a city can set it; the 0.5 floor then binds.
 */
import { derive, given, type Explained, type SourceRef } from '../provenance/explained.js';
import { compareDecimals, multiplyDecimals, subtractDecimals, divideDecimals } from '../quantity/decimal.js';
import { LandInputError } from './land-errors.js';

const POLICY: SourceRef = {
  kind: 'seed',
  seed: '001',
  section: '三(二)',
  quote: '物业自持比例50%的，按系数0.7修正，自持比例每增加10%，系数可衰减0.04，最低不小于0.5，且不得低于基准地价',
};

/** The correction's parameters; defaults are 001 三(二)'s. */
export interface SelfHoldingParameters {
  readonly basePercent?: string;
  readonly baseCoefficient?: string;
  readonly stepPercent?: string;
  readonly stepDecay?: string;
  readonly minCoefficient?: string;
}

const DEFAULTS = {
  basePercent: '50',
  baseCoefficient: '0.7',
  stepPercent: '10',
  stepDecay: '0.04',
  minCoefficient: '0.5',
} as const;

/** Which bound decided a price: none, the coefficient's floor, the benchmark land price, or both. */
export type IndustrialBound = 'none' | 'coefficient-floor' | 'benchmark' | 'coefficient-floor-and-benchmark';

/**
 * The self-holding coefficient for a self-held share in percent (0–100).
 *
 * @example selfHoldingCoefficient('80').value // '0.58' (0.7 − 3 × 0.04), branch 'steps'
 */
export function selfHoldingCoefficient(selfHeldPercent: string, params: SelfHoldingParameters = {}): Explained {
  const p = { ...DEFAULTS, ...params };
  if (compareDecimals(selfHeldPercent, '0') < 0 || compareDecimals(selfHeldPercent, '100') > 0) {
    throw new LandInputError('自持比例应在 0 到 100 之间', 'self-held share must be between 0 and 100 %');
  }
  const inputs = {
    自持比例: given(selfHeldPercent, 'percent', { zh: '物业自持比例', en: 'Self-held share' }),
    起点比例: given(p.basePercent, 'percent', { zh: '起点自持比例', en: 'Base share' }, POLICY),
    起点系数: given(p.baseCoefficient, 'ratio', { zh: '起点系数', en: 'Base coefficient' }, POLICY),
    每档比例: given(p.stepPercent, 'percent', { zh: '每档比例', en: 'Step' }, POLICY),
    每档衰减: given(p.stepDecay, 'ratio', { zh: '每档衰减', en: 'Decay per step' }, POLICY),
    最低系数: given(p.minCoefficient, 'ratio', { zh: '最低系数', en: 'Minimum coefficient' }, POLICY),
  };
  const labels = { zh: '自持比例修正系数', en: 'Self-holding coefficient' };
  if (compareDecimals(selfHeldPercent, p.basePercent) < 0) {
    return derive({
      value: '1',
      uom: 'ratio',
      labels,
      formula: `自持比例低于 ${p.basePercent}% 时不修正`,
      branch: 'below-base',
      inputs,
      notes: [
        {
          level: 'info',
          messageZh: `001 三(二) 只规定自持比例 ${p.basePercent}% 及以上的修正；低于此比例按系数 1（不修正）`,
          messageEn: `001 三(二) only sets a correction from ${p.basePercent} % self-held; below it the coefficient is 1`,
        },
      ],
    });
  }
  // Whole steps above the base: floor((share − base) / step).
  const stepsExact = divideDecimals(subtractDecimals(selfHeldPercent, p.basePercent), p.stepPercent);
  const steps = stepsExact.split('.')[0]!;
  const raw = subtractDecimals(p.baseCoefficient, multiplyDecimals(steps, p.stepDecay));
  const floored = compareDecimals(raw, p.minCoefficient) < 0;
  return derive({
    value: floored ? p.minCoefficient : raw,
    uom: 'ratio',
    labels,
    formula: `max(${p.baseCoefficient} − ⌊(自持比例 − ${p.basePercent}) ÷ ${p.stepPercent}⌋ × ${p.stepDecay}, ${p.minCoefficient})`,
    branch: floored ? 'floor' : 'steps',
    inputs,
    notes: [
      {
        level: 'info',
        messageZh: floored
          ? `${steps} 档衰减后为 ${raw}，低于最低系数，取 ${p.minCoefficient}`
          : `超过 ${p.basePercent}% 的整档数 ${steps}，系数 ${raw}`,
        messageEn: floored
          ? `${steps} steps give ${raw}, below the minimum: ${p.minCoefficient} applies`
          : `${steps} whole steps above ${p.basePercent} %: coefficient ${raw}`,
      },
    ],
  });
}

export interface IndustrialLandPriceInput {
  readonly plotId: string;
  /** Appraised price before the self-holding correction, per m² of land. */
  readonly appraisedYuanPerSqm: string;
  readonly appraisedSource?: SourceRef;
  readonly selfHeldPercent: string;
  /** 基准地价 per m² of land for the plot's grade. */
  readonly benchmarkYuanPerSqm: string;
  readonly benchmarkSource?: SourceRef;
  /** Land area in m², for the total. */
  readonly landAreaSqm?: string;
  readonly parameters?: SelfHoldingParameters;
}

export interface IndustrialLandPrice {
  readonly plotId: string;
  readonly coefficient: Explained;
  /** Appraised × coefficient, before the benchmark floor. */
  readonly correctedYuanPerSqm: Explained;
  /** The price: max(corrected, benchmark). */
  readonly priceYuanPerSqm: Explained;
  readonly totalWanYuan: Explained | null;
  readonly bound: IndustrialBound;
}

/**
 * The industrial land price after the self-holding correction, never below the benchmark land price; `bound` says
 * which bound applied.
 *
 * @example industrialLandPrice({ plotId: 'G-1', appraisedYuanPerSqm: '600', selfHeldPercent: '70', benchmarkYuanPerSqm: '400' })
 * // → coefficient 0.62, corrected 372, price 400 (bound 'benchmark')
 */
export function industrialLandPrice(input: IndustrialLandPriceInput): IndustrialLandPrice {
  if (compareDecimals(input.appraisedYuanPerSqm, '0') <= 0 || compareDecimals(input.benchmarkYuanPerSqm, '0') <= 0) {
    throw new LandInputError('评估价与基准地价应大于 0', 'appraised and benchmark prices must be greater than 0');
  }
  const coefficient = selfHoldingCoefficient(input.selfHeldPercent, input.parameters);
  const appraised = given(
    input.appraisedYuanPerSqm,
    'yuan-per-sqm',
    { zh: '评估地价（修正前）', en: 'Appraised price (before correction)' },
    input.appraisedSource,
  );
  const corrected = derive({
    value: multiplyDecimals(input.appraisedYuanPerSqm, coefficient.value!),
    uom: 'yuan-per-sqm',
    labels: { zh: '修正后地价', en: 'Corrected price' },
    formula: '评估地价 × 自持比例修正系数',
    inputs: { 评估地价: appraised, 修正系数: coefficient },
  });
  const benchmark = given(
    input.benchmarkYuanPerSqm,
    'yuan-per-sqm',
    { zh: '基准地价', en: 'Benchmark land price' },
    input.benchmarkSource,
  );
  const belowBenchmark = compareDecimals(corrected.value!, input.benchmarkYuanPerSqm) < 0;
  const floorBound = coefficient.branch === 'floor';
  const bound: IndustrialBound = belowBenchmark
    ? floorBound
      ? 'coefficient-floor-and-benchmark'
      : 'benchmark'
    : floorBound
      ? 'coefficient-floor'
      : 'none';
  const boundText: Record<IndustrialBound, [string, string]> = {
    none: ['未触及下限', 'no bound applied'],
    'coefficient-floor': ['系数取最低值 0.5', 'the coefficient floor applied'],
    benchmark: ['修正后低于基准地价，按基准地价', 'below the benchmark land price: the benchmark applies'],
    'coefficient-floor-and-benchmark': [
      '系数取最低值，且修正后仍低于基准地价，按基准地价',
      'the coefficient floor applied and the result was still below the benchmark: the benchmark applies',
    ],
  };
  const price = derive({
    value: belowBenchmark ? input.benchmarkYuanPerSqm : corrected.value!,
    uom: 'yuan-per-sqm',
    labels: { zh: '产业用地地价', en: 'Industrial land price' },
    formula: 'max(修正后地价, 基准地价)',
    branch: bound,
    inputs: { 修正后地价: corrected, 基准地价: benchmark },
    notes: [
      { level: bound === 'none' ? 'info' : 'warning', messageZh: boundText[bound][0], messageEn: boundText[bound][1] },
    ],
  });
  const totalWanYuan =
    input.landAreaSqm === undefined
      ? null
      : derive({
          value: divideDecimals(multiplyDecimals(price.value!, input.landAreaSqm), '10000'),
          uom: 'wan-yuan',
          labels: { zh: '地块总价', en: 'Plot total price' },
          formula: '地价 × 土地面积 ÷ 10000',
          inputs: {
            地价: price,
            土地面积: given(input.landAreaSqm, 'sqm', { zh: '土地面积', en: 'Land area' }),
          },
        });
  return {
    plotId: input.plotId,
    coefficient,
    correctedYuanPerSqm: corrected,
    priceYuanPerSqm: price,
    totalWanYuan,
    bound,
  };
}
