/**
 * 003 第六章 as printed: Zhangye's annual building plan and land-supply plan 2026–2030, with the five-year totals
 * they decompose. These are the reference tables the decomposition must reproduce; each figure cites its passage.
 */
import { sumDecimals, type PrintedPlanLine, type SourceRef, type TrackingLine } from '@anju/core';

const seed = (section: string, quote: string): SourceRef => ({ kind: 'seed', seed: '003', section, quote });

export const ZHANGYE_PLAN_FIRST_YEAR = 2026;

/** 003 第六章第一节 1–5: each year's printed sentence. */
const BUILDING_SENTENCES = [
  '新建商品住房3400套，40.8万平方米;建设保障性住房1043套、7.3万平方米;实施城市危旧房改造330套、2.23万平方米;城镇老旧小区改造住房9个小区，3234套',
  '新建商品住房3350套，40.2万平方米;建设保障性住房773套、5.41万平方米;实施城市危旧房改造1007套、10.7万平方米;城镇老旧小区改造住房48个小区，13336套',
  '新建商品住房3320套，39.84万平方米;建设保障性住房720套、5.04万平方米;实施城市危旧房改造815套、9.78万平方米;城镇老旧小区改造住房42个小区，11411套',
  '新建商品住房3280套，39.36万平方米;建设保障性住房710套、4.97万平方米;实施城市危旧房改造850套、10.2万平方米;城镇老旧小区改造住房32个小区，7163套',
  '新建商品住房3250套，39万平方米;建设保障性住房400套、2.8万平方米;实施城市危旧房改造827套、9.9万平方米;城镇老旧小区改造住房33个小区，7794套',
] as const;
const LAND_SENTENCES = [
  '2026年张掖市商品住房供应土地18.55公顷，保障性住房供应土地2.2公顷',
  '2027年张掖市商品住房供应土地18.27公顷，保障性住房供应土地2.45公顷',
  '2028年张掖市商品住房供应土地18.11公顷，保障性住房供应土地1.46公顷',
  '2029年张掖市商品住房供应土地17.89公顷，保障性住房供应土地1.45公顷',
  '2030年张掖市商品住房供应土地17.73公顷，保障性住房供应土地0.95公顷',
] as const;
const buildingSources = BUILDING_SENTENCES.map((q, i) => seed(`第六章第一节${i + 1}`, q));
const landSources = LAND_SENTENCES.map((q) => seed('第六章第二节2', q));

/** 003 第六章第一节: 住房年度建设计划. */
export const ZHANGYE_BUILDING_PLAN: readonly PrintedPlanLine[] = [
  {
    housingType: 'commercial',
    measure: 'units',
    places: 0,
    total: '16600',
    totalSource: seed('第三章第四节 分区域指标表', '合计 16600 0 2446 1200 164/42938 0 3919 19 45'),
    values: ['3400', '3350', '3320', '3280', '3250'],
    valuesSources: buildingSources,
  },
  {
    housingType: 'commercial',
    measure: 'area-wan-sqm',
    places: 2,
    total: '199.2',
    totalSource: seed('第四章第二节（二）1', '预计全市新增商品住房面积约199.2万平方米，折合1.66万套'),
    values: ['40.8', '40.2', '39.84', '39.36', '39'],
    valuesSources: buildingSources,
  },
  {
    housingType: 'affordable',
    measure: 'units',
    places: 0,
    total: '3646',
    totalSource: seed('第三章第四节 住房发展指标体系表', '保障性住房建设筹集量 套 3646'),
    values: ['1043', '773', '720', '710', '400'],
    valuesSources: buildingSources,
  },
  {
    housingType: 'affordable',
    measure: 'area-wan-sqm',
    places: 2,
    total: '25.52',
    totalSource: seed('第四章第二节（二）2', '按套均70m2计算，建筑面积约25.52万平方米'),
    values: ['7.3', '5.41', '5.04', '4.97', '2.8'],
    valuesSources: buildingSources,
  },
  {
    housingType: 'dilapidated-renovation',
    measure: 'units',
    places: 0,
    total: '3829',
    totalSource: seed('第四章第二节（二）2', '改造城市危旧房3829套，42.81万平方米'),
    values: ['330', '1007', '815', '850', '827'],
    valuesSources: buildingSources,
  },
  {
    housingType: 'dilapidated-renovation',
    measure: 'area-wan-sqm',
    places: 2,
    total: '42.81',
    totalSource: seed('第四章第二节（二）2', '改造城市危旧房3829套，42.81万平方米'),
    values: ['2.23', '10.7', '9.78', '10.2', '9.9'],
    valuesSources: buildingSources,
  },
  {
    housingType: 'old-community-renovation',
    measure: 'units',
    places: 0,
    total: '42938',
    totalSource: seed(
      '第三章第四节 住房发展指标体系表',
      '老旧小区（既有住区更新）改造规模 个（平方米、户） 164（42938户）',
    ),
    values: ['3234', '13336', '11411', '7163', '7794'],
    valuesSources: buildingSources,
  },
];

/** 003 第六章第二节2: 土地供应年度计划 (公顷). */
export const ZHANGYE_LAND_PLAN: readonly PrintedPlanLine[] = [
  {
    housingType: 'commercial',
    measure: 'land-ha',
    places: 2,
    total: '90.55',
    totalSource: seed('第六章第二节1', '本规划期末需要商品房住宅建设用地的供应总量约为90.55公顷'),
    values: ['18.55', '18.27', '18.11', '17.89', '17.73'],
    valuesSources: landSources,
  },
  {
    housingType: 'affordable',
    measure: 'land-ha',
    places: 2,
    total: '8.51',
    totalSource: seed('第六章第二节1', '本规划期末保障性住房用地供应总量约为8.51公顷'),
    values: ['2.2', '2.45', '1.46', '1.45', '0.95'],
    valuesSources: landSources,
  },
];

/** 003 第六章第一节 1–5: "城镇老旧小区改造住房 N 个小区" per year (2026 … 2030); Σ = 164 as in the indicator table. */
export const ZHANGYE_OLD_COMMUNITY_COUNTS: {
  readonly total: string;
  readonly totalSource: SourceRef;
  readonly values: readonly [string, string, string, string, string];
} = {
  total: '164',
  totalSource: seed('第三章第四节 住房发展指标体系表', '164（42938户）'),
  values: ['9', '48', '42', '32', '33'],
};

const planLine = (housingType: PrintedPlanLine['housingType'], measure: PrintedPlanLine['measure']) => {
  const line = [...ZHANGYE_BUILDING_PLAN, ...ZHANGYE_LAND_PLAN].find(
    (l) => l.housingType === housingType && l.measure === measure,
  );
  if (line === undefined) throw new RangeError(`no 003 plan line ${housingType}/${measure}`);
  return line;
};

const perYear = (line: PrintedPlanLine) => line.values.map((value, i) => ({ value, source: line.valuesSources[i]! }));

const PROGRAMMES = ['public-rental', 'affordable-rental', 'sale-affordable', 'talent', 'resettlement'];

/** 003 第六章's annual plans, each with the published measure its actual is read from. */
export const ZHANGYE_TRACKING_LINES: readonly TrackingLine[] = [
  {
    id: 'land-total',
    labelZh: '住宅用地供应（商品住房 + 保障性住房）',
    labelEn: 'Residential land supplied (commercial + affordable)',
    uom: 'ha',
    places: 2,
    planned: planLine('commercial', 'land-ha').values.map((v, i) => ({
      value: sumDecimals([v, planLine('affordable', 'land-ha').values[i]!]),
      source: planLine('commercial', 'land-ha').valuesSources[i]!,
    })),
    actual: { measureCode: 'land.residential-supplied', dimensions: [''] },
    readingZh: '实际数取“住宅用地供应”全市合计；计划为第六章第二节商品住房与保障性住房用地之和。',
    readingEn: 'Actual: residential land supplied, city total; plan: 第六章第二节 commercial + affordable land.',
  },
  {
    id: 'land-affordable',
    labelZh: '保障性住房用地供应',
    labelEn: 'Land supplied for affordable housing',
    uom: 'ha',
    places: 2,
    planned: perYear(planLine('affordable', 'land-ha')),
    actual: { measureCode: 'land.residential-supplied', dimensions: PROGRAMMES },
    readingZh: '实际数为“住宅用地供应”各保障房类别（公租房、保租房、配售型、人才房、安置房）之和。',
    readingEn: 'Actual: residential land supplied, summed over the affordable programmes.',
  },
  {
    id: 'affordable-units',
    labelZh: '保障性住房建设筹集',
    labelEn: 'Affordable dwellings raised',
    uom: 'dwelling',
    places: 0,
    planned: perYear(planLine('affordable', 'units')),
    actual: { measureCode: 'housing.affordable-raised', dimensions: [''] },
    readingZh: '实际数取“保障性住房筹集”全市合计（套）。',
    readingEn: 'Actual: affordable dwellings raised, city total.',
  },
  {
    id: 'commercial-area',
    labelZh: '新建商品住房面积',
    labelEn: 'New commercial housing floor area',
    uom: 'wan-sqm',
    places: 2,
    planned: perYear(planLine('commercial', 'area-wan-sqm')),
    actual: { measureCode: 'housing.completions-area', dimensions: ['residential'] },
    readingZh: '003 未说明“新建”按开工还是竣工统计；实际数取住宅竣工面积。',
    readingEn: '003 does not say whether "new" counts starts or completions; the actual is residential completions.',
  },
];

export const ZHANGYE_TRACKING_FIRST_YEAR = ZHANGYE_PLAN_FIRST_YEAR;
