/**
 * 003 第七章第一节（一）: "年度住宅用地供应计划中，保障性住房用地占比不低于20%". The share is affordable-housing land ÷
 * the whole annual residential land plan (commercial + affordable); exactly the minimum passes ("不低于").
 */
import { derive, given, type Explained, type SourceRef } from '../provenance/explained.js';
import {
  compareDecimals,
  divideDecimals,
  multiplyDecimals,
  subtractDecimals,
  sumDecimals,
} from '../quantity/decimal.js';

export interface AffordableLandCheck {
  readonly ok: boolean;
  /** Affordable ÷ total residential land, as a fraction; null when the plan is empty. */
  readonly share: Explained;
  /** Extra affordable land (公顷) that would reach the minimum with the commercial land unchanged; "0" when ok. */
  readonly shortfallHa: string;
}

/**
 * @example checkAffordableLandShare({ commercialLandHa: '18.55', affordableLandHa: '2.2', minShare: '0.2' })
 * // → ok false, share 2.2 / 20.75 = 0.106…, shortfall 2.4375 ha (2.2 + x = 0.2 × (20.75 + x))
 */
export function checkAffordableLandShare(input: {
  readonly commercialLandHa: string;
  readonly affordableLandHa: string;
  readonly minShare: string;
  readonly minShareSource?: SourceRef;
}): AffordableLandCheck {
  const total = sumDecimals([input.commercialLandHa, input.affordableLandHa]);
  const empty = compareDecimals(total, '0') === 0;
  const shareValue = empty ? null : divideDecimals(input.affordableLandHa, total);
  const ok = shareValue === null || compareDecimals(shareValue, input.minShare) >= 0;
  // Solve a + x = m (t + x) for x: x = (m t − a) / (1 − m), with the commercial land unchanged.
  const shortfall = ok
    ? '0'
    : divideDecimals(
        subtractDecimals(multiplyDecimals(input.minShare, total), input.affordableLandHa),
        subtractDecimals('1', input.minShare),
      );
  const share = derive({
    value: shareValue,
    uom: 'ratio',
    labels: { zh: '保障性住房用地占比', en: 'Affordable housing land share' },
    formula: '保障性住房用地 ÷ (商品住房用地 + 保障性住房用地)',
    inputs: {
      affordable: given(input.affordableLandHa, 'ha', { zh: '保障性住房用地', en: 'Affordable land' }),
      commercial: given(input.commercialLandHa, 'ha', { zh: '商品住房用地', en: 'Commercial land' }),
      minimum: given(input.minShare, 'ratio', { zh: '最低占比', en: 'Minimum share' }, input.minShareSource),
    },
    branch: ok ? 'meets-minimum' : 'below-minimum',
    notes: ok
      ? []
      : [
          {
            level: 'warning',
            messageZh: `低于最低占比 ${input.minShare}；需增加保障性住房用地 ${shortfall} 公顷`,
            messageEn: `below the minimum ${input.minShare}; ${shortfall} ha more affordable land needed`,
          },
        ],
  });
  return { ok, share, shortfallHa: shortfall };
}
