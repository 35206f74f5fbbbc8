/**
 * Residual-method valuation of a residential plot (001 三(二)): "楼面价=销售参考房价—税费—财务成本—建安成本—合理利润",
 * where the reference sale price (毛坯房价格和装修价格) "可按周边实际销售价格的10%浮动确定". Every component is an
 * explicit input with its source; the result explains itself down to those inputs.
 */
import { derive, given, type Explained, type SourceRef } from '../provenance/explained.js';
import {
  compareDecimals,
  divideDecimals,
  multiplyDecimals,
  subtractDecimals,
  sumDecimals,
} from '../quantity/decimal.js';
import { roundToPlaces } from '../plan/rounding.js';
import { LandInputError } from './land-errors.js';

const POLICY: SourceRef = { kind: 'seed', seed: '001', section: '三(二)' };

/** A surrounding actual sale (周边实际销售价格), bare-shell price per m² of floor area. */
export interface ComparableSale {
  readonly id: string;
  readonly name?: string;
  readonly priceYuanPerSqm: string;
  /** Sold floor area; when every comparable has one, the average is weighted by it. */
  readonly areaSqm?: string;
  readonly source?: SourceRef;
}

/** A deduction either per m² of floor area or as a share of the reference sale price. */
export type CostComponent =
  | { readonly kind: 'per-sqm'; readonly yuanPerSqm: string; readonly source?: SourceRef }
  | { readonly kind: 'rate'; readonly rateOfSalePrice: string; readonly source?: SourceRef };

export interface ResidualValuationInput {
  readonly plotId: string;
  readonly comparables: readonly ComparableSale[];
  /** The chosen bare-shell reference price; default the surrounding average. Must lie within the band. */
  readonly chosenBarePriceYuanPerSqm?: string;
  readonly choiceReasonZh?: string;
  readonly choiceReasonEn?: string;
  /** How far the reference may float from the surrounding price; default 0.1 (001 三(二) "10%浮动"). */
  readonly floatRatio?: string;
  /** Decoration price per m² added to the bare-shell price (装修价格); default 0. */
  readonly decorationYuanPerSqm?: string;
  readonly decorationSource?: SourceRef;
  readonly taxes: CostComponent;
  readonly financeCost: CostComponent;
  readonly constructionCost: { readonly yuanPerSqm: string; readonly source?: SourceRef };
  readonly profit: CostComponent;
  /** Permitted floor area (计容建筑面积) in m². */
  readonly floorAreaSqm: string;
  readonly floorAreaSource?: SourceRef;
}

/** One line of the breakdown, in order, for tables: + reference price, − each deduction, = floor price. */
export interface ValuationLine {
  readonly key: 'reference' | 'taxes' | 'finance' | 'construction' | 'profit' | 'floor-price';
  readonly labelZh: string;
  readonly labelEn: string;
  readonly sign: '+' | '-' | '=';
  readonly yuanPerSqm: string;
}

export interface ResidualValuation {
  readonly plotId: string;
  readonly surroundingPriceYuanPerSqm: Explained;
  readonly bandLowYuanPerSqm: string;
  readonly bandHighYuanPerSqm: string;
  readonly referenceSalePriceYuanPerSqm: Explained;
  readonly taxesYuanPerSqm: Explained;
  readonly financeCostYuanPerSqm: Explained;
  readonly constructionCostYuanPerSqm: Explained;
  readonly profitYuanPerSqm: Explained;
  /** 楼面价 per m² of permitted floor area. */
  readonly floorPriceYuanPerSqm: Explained;
  /** 总价 = floor price × permitted floor area, in 万元. */
  readonly totalPriceWanYuan: Explained;
  readonly lines: readonly ValuationLine[];
}

function positive(value: string, zh: string, en: string): void {
  if (compareDecimals(value, '0') <= 0) throw new LandInputError(`${zh}应大于 0`, `${en} must be greater than 0`);
}

/** The surrounding price: the area-weighted mean when every sale has an area, else the plain mean (to 0.01 元). */
function surroundingPrice(comparables: readonly ComparableSale[]): Explained {
  if (comparables.length === 0) {
    throw new LandInputError('至少需要一个周边实际成交价格', 'at least one surrounding sale price is needed');
  }
  for (const c of comparables) positive(c.priceYuanPerSqm, `可比成交 ${c.id} 的价格`, `price of comparable ${c.id}`);
  const weighted = comparables.every((c) => c.areaSqm !== undefined && compareDecimals(c.areaSqm, '0') > 0);
  const exact = weighted
    ? divideDecimals(
        sumDecimals(comparables.map((c) => multiplyDecimals(c.priceYuanPerSqm, c.areaSqm!))),
        sumDecimals(comparables.map((c) => c.areaSqm!)),
      )
    : divideDecimals(sumDecimals(comparables.map((c) => c.priceYuanPerSqm)), String(comparables.length));
  return derive({
    value: roundToPlaces(exact, 2),
    uom: 'yuan-per-sqm',
    labels: { zh: '周边实际销售价格', en: 'Surrounding actual sale price' },
    formula: weighted ? 'Σ(成交单价 × 成交面积) ÷ Σ成交面积（保留 2 位小数）' : 'Σ成交单价 ÷ 宗数（保留 2 位小数）',
    branch: weighted ? 'area-weighted' : 'plain-mean',
    inputs: comparables.map((c) => ({
      name: c.name ?? c.id,
      value: given(c.priceYuanPerSqm, 'yuan-per-sqm', { zh: `可比成交 ${c.id}`, en: `Comparable ${c.id}` }, c.source),
    })),
  });
}

function deduction(c: CostComponent, salePrice: Explained, labels: { zh: string; en: string }): Explained {
  if (c.kind === 'per-sqm') {
    if (compareDecimals(c.yuanPerSqm, '0') < 0) {
      throw new LandInputError(`${labels.zh}不能为负`, `${labels.en} must not be negative`);
    }
    return given(c.yuanPerSqm, 'yuan-per-sqm', labels, c.source);
  }
  if (compareDecimals(c.rateOfSalePrice, '0') < 0 || compareDecimals(c.rateOfSalePrice, '1') >= 0) {
    throw new LandInputError(`${labels.zh}比例应在 0 到 1 之间`, `${labels.en} rate must be in [0, 1)`);
  }
  return derive({
    value: multiplyDecimals(salePrice.value!, c.rateOfSalePrice),
    uom: 'yuan-per-sqm',
    labels,
    formula: '销售参考房价 × 比例',
    inputs: {
      销售参考房价: salePrice,
      比例: given(c.rateOfSalePrice, 'ratio', { zh: `${labels.zh}比例`, en: `${labels.en} rate` }, c.source),
    },
  });
}

/**
 * Values a residential plot by the residual method.
 *
 * @example residualValuation({ plotId: 'ZZ-1', comparables: [{ id: 'A', priceYuanPerSqm: '20000' }],
 *   taxes: { kind: 'rate', rateOfSalePrice: '0.1' }, financeCost: { kind: 'per-sqm', yuanPerSqm: '500' },
 *   constructionCost: { yuanPerSqm: '4500' }, profit: { kind: 'rate', rateOfSalePrice: '0.15' }, floorAreaSqm: '100000' })
 * // → floor price 20000 − 2000 − 500 − 4500 − 3000 = 10000 元/㎡, total 100000 万元
 */
export function residualValuation(input: ResidualValuationInput): ResidualValuation {
  positive(input.floorAreaSqm, '计容建筑面积', 'permitted floor area');
  const surrounding = surroundingPrice(input.comparables);
  const floatRatio = input.floatRatio ?? '0.1';
  if (compareDecimals(floatRatio, '0') < 0 || compareDecimals(floatRatio, '1') >= 0) {
    throw new LandInputError('浮动比例应在 0 到 1 之间', 'float ratio must be in [0, 1)');
  }
  const s = surrounding.value!;
  const low = multiplyDecimals(s, subtractDecimals('1', floatRatio));
  const high = multiplyDecimals(s, sumDecimals(['1', floatRatio]));
  const chosen = input.chosenBarePriceYuanPerSqm ?? s;
  if (compareDecimals(chosen, low) < 0 || compareDecimals(chosen, high) > 0) {
    throw new LandInputError(
      `毛坯参考价 ${chosen} 元/㎡ 超出周边实际销售价格 ${s} 元/㎡ 的 ±${multiplyDecimals(floatRatio, '100')}% 范围（${low}–${high}）`,
      `bare-shell reference ${chosen} yuan/m² is outside ±${multiplyDecimals(floatRatio, '100')} % of the surrounding price ${s} (${low}–${high})`,
    );
  }
  const deviation = divideDecimals(multiplyDecimals(subtractDecimals(chosen, s), '100'), s);
  const deviationText = roundToPlaces(deviation, 2);
  const bare = derive({
    value: chosen,
    uom: 'yuan-per-sqm',
    labels: { zh: '毛坯参考价', en: 'Bare-shell reference price' },
    formula: `周边实际销售价格 × (1 ± ${floatRatio}) 范围内取值`,
    branch: input.chosenBarePriceYuanPerSqm === undefined ? 'surrounding-price' : 'chosen-within-band',
    inputs: {
      周边实际销售价格: surrounding,
      浮动比例: given(floatRatio, 'ratio', { zh: '浮动比例', en: 'Float ratio' }, POLICY),
    },
    notes: [
      {
        level: 'info',
        messageZh:
          `取值 ${chosen} 元/㎡，较周边价格 ${compareDecimals(deviation, '0') >= 0 ? '+' : ''}${deviationText}%，` +
          `允许范围 ${low}–${high} 元/㎡` +
          (input.choiceReasonZh ? `；理由：${input.choiceReasonZh}` : ''),
        messageEn:
          `chosen ${chosen} yuan/m², ${compareDecimals(deviation, '0') >= 0 ? '+' : ''}${deviationText} % from the surrounding price, ` +
          `allowed ${low}–${high}` +
          (input.choiceReasonEn ? `; reason: ${input.choiceReasonEn}` : ''),
      },
    ],
  });
  const decoration = given(
    input.decorationYuanPerSqm ?? '0',
    'yuan-per-sqm',
    { zh: '装修价格', en: 'Decoration price' },
    input.decorationSource,
  );
  const reference = derive({
    value: sumDecimals([bare.value!, decoration.value!]),
    uom: 'yuan-per-sqm',
    labels: { zh: '销售参考房价', en: 'Reference sale price' },
    formula: '毛坯参考价 + 装修价格',
    inputs: { 毛坯参考价: bare, 装修价格: decoration },
  });
  const taxes = deduction(input.taxes, reference, { zh: '税费', en: 'Taxes' });
  const finance = deduction(input.financeCost, reference, { zh: '财务成本', en: 'Finance cost' });
  if (compareDecimals(input.constructionCost.yuanPerSqm, '0') < 0) {
    throw new LandInputError('建安成本不能为负', 'construction cost must not be negative');
  }
  const construction = given(
    input.constructionCost.yuanPerSqm,
    'yuan-per-sqm',
    { zh: '建安成本', en: 'Construction cost' },
    input.constructionCost.source,
  );
  const profit = deduction(input.profit, reference, { zh: '合理利润', en: 'Reasonable profit' });
  const floorValue = subtractDecimals(
    reference.value!,
    sumDecimals([taxes.value!, finance.value!, construction.value!, profit.value!]),
  );
  const negative = compareDecimals(floorValue, '0') <= 0;
  const floorPrice = derive({
    value: floorValue,
    uom: 'yuan-per-sqm',
    labels: { zh: '楼面价', en: 'Floor price' },
    formula: '楼面价 = 销售参考房价 − 税费 − 财务成本 − 建安成本 − 合理利润',
    inputs: { 销售参考房价: reference, 税费: taxes, 财务成本: finance, 建安成本: construction, 合理利润: profit },
    notes: negative
      ? [
          {
            level: 'warning',
            messageZh: '扣除各项后楼面价不为正，按剩余法该地块无可支付地价',
            messageEn:
              'after the deductions the floor price is not positive: the residual method leaves nothing for land',
          },
        ]
      : [],
  });
  const area = given(
    input.floorAreaSqm,
    'sqm',
    { zh: '计容建筑面积', en: 'Permitted floor area' },
    input.floorAreaSource,
  );
  const total = derive({
    value: divideDecimals(multiplyDecimals(floorValue, input.floorAreaSqm), '10000'),
    uom: 'wan-yuan',
    labels: { zh: '地块总价', en: 'Plot total price' },
    formula: '楼面价 × 计容建筑面积 ÷ 10000',
    inputs: { 楼面价: floorPrice, 计容建筑面积: area },
  });
  return {
    plotId: input.plotId,
    surroundingPriceYuanPerSqm: surrounding,
    bandLowYuanPerSqm: low,
    bandHighYuanPerSqm: high,
    referenceSalePriceYuanPerSqm: reference,
    taxesYuanPerSqm: taxes,
    financeCostYuanPerSqm: finance,
    constructionCostYuanPerSqm: construction,
    profitYuanPerSqm: profit,
    floorPriceYuanPerSqm: floorPrice,
    totalPriceWanYuan: total,
    lines: [
      {
        key: 'reference',
        labelZh: '销售参考房价',
        labelEn: 'Reference sale price',
        sign: '+',
        yuanPerSqm: reference.value!,
      },
      { key: 'taxes', labelZh: '税费', labelEn: 'Taxes', sign: '-', yuanPerSqm: taxes.value! },
      { key: 'finance', labelZh: '财务成本', labelEn: 'Finance cost', sign: '-', yuanPerSqm: finance.value! },
      {
        key: 'construction',
        labelZh: '建安成本',
        labelEn: 'Construction cost',
        sign: '-',
        yuanPerSqm: construction.value!,
      },
      { key: 'profit', labelZh: '合理利润', labelEn: 'Reasonable profit', sign: '-', yuanPerSqm: profit.value! },
      { key: 'floor-price', labelZh: '楼面价', labelEn: 'Floor price', sign: '=', yuanPerSqm: floorValue },
    ],
  };
}
