/**
 * Land need (SPEC §3.3 step 5, 003 第六章第二节1): floor area ÷ plot ratio (容积率) × the share built on newly
 * supplied land, per housing type. 1 万㎡ of land is 1 公顷, so 万㎡ of floor area ÷ plot ratio gives hectares.
 */
import { derive, type Explained } from '../provenance/explained.js';
import { divideDecimals, multiplyDecimals, sumDecimals } from '../quantity/decimal.js';

export const landHousingTypes = ['commercial', 'publicRental', 'affordableRental', 'saleType'] as const;
export type LandHousingType = (typeof landHousingTypes)[number];

export const LAND_TYPE_LABELS: Readonly<Record<LandHousingType, { readonly zh: string; readonly en: string }>> = {
  commercial: { zh: '商品住房', en: 'Commercial housing' },
  publicRental: { zh: '公共租赁住房', en: 'Public rental housing' },
  affordableRental: { zh: '保障性租赁住房', en: 'Affordable rental housing' },
  saleType: { zh: '配售型保障性住房', en: 'Sale-type affordable housing' },
};

export interface LandNeedLine {
  readonly floorAreaWanSqm: Explained;
  readonly newLandShare: Explained;
}

export interface LandNeed {
  readonly byType: Readonly<Partial<Record<LandHousingType, Explained>>>;
  /** Σ of the affordable types (public rental, affordable rental, sale-type). */
  readonly affordableLandHa: Explained;
  readonly totalLandHa: Explained;
}

/**
 * Land for each housing type = floor area ÷ plot ratio × new-land share.
 *
 * @example 003: 商品住房 199.2 万㎡ ÷ 2.2 × 100 % = 90.545… 公顷 (printed 90.55)
 */
export function computeLandNeed(
  lines: Readonly<Partial<Record<LandHousingType, LandNeedLine>>>,
  plotRatio: Explained,
): LandNeed {
  const byType: Partial<Record<LandHousingType, Explained>> = {};
  for (const type of landHousingTypes) {
    const line = lines[type];
    if (line === undefined) continue;
    const value =
      line.floorAreaWanSqm.value === null || line.newLandShare.value === null || plotRatio.value === null
        ? null
        : multiplyDecimals(divideDecimals(line.floorAreaWanSqm.value, plotRatio.value), line.newLandShare.value);
    byType[type] = derive({
      value,
      uom: 'ha',
      labels: { zh: `${LAND_TYPE_LABELS[type].zh}用地需求`, en: `${LAND_TYPE_LABELS[type].en} land need` },
      formula: '建筑面积 ÷ 容积率 × 新供应用地占比',
      inputs: { floorArea: line.floorAreaWanSqm, plotRatio, newLandShare: line.newLandShare },
    });
  }
  const affordable = (['publicRental', 'affordableRental', 'saleType'] as const).flatMap((t) =>
    byType[t] === undefined ? [] : [{ name: t, value: byType[t] }],
  );
  const sum = (xs: readonly { value: Explained }[]): string | null =>
    xs.some((x) => x.value.value === null) ? null : sumDecimals(xs.map((x) => x.value.value ?? '0'));
  const affordableLandHa = derive({
    value: sum(affordable),
    uom: 'ha',
    labels: { zh: '保障性住房用地需求', en: 'Affordable housing land need' },
    formula: 'Σ 保障性住房各类用地',
    inputs: affordable,
  });
  const parts = [
    ...(byType.commercial === undefined ? [] : [{ name: 'commercial', value: byType.commercial }]),
    { name: 'affordable', value: affordableLandHa },
  ];
  const totalLandHa = derive({
    value: sum(parts),
    uom: 'ha',
    labels: { zh: '住房用地需求合计', en: 'Total housing land need' },
    formula: '商品住房用地 + 保障性住房用地',
    inputs: parts,
  });
  return { byType, affordableLandHa, totalLandHa };
}
