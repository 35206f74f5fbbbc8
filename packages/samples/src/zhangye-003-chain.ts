/**
 * 003's printed demand chain (第四章第二节, 第六章第二节1, 指标体系表) recomputed from its printed inputs, with every
 * place the printed results do not follow from them reported with both numbers (SPEC §3.3: "say so, don't hide it").
 *
 * The seed's chain runs from supply to stock: 1.66 万套 × 120 ㎡ = 199.2 万㎡ commercial, 3646 套 × 70 ㎡ = 25.52 万㎡
 * affordable, 224.72 万㎡ new, 3511.36 + 224.72 = 3736.08 万㎡ at the end of 2030; ÷ plot ratio 2.2 × new-land share
 * gives land. Every input below cites its section and quotes it.
 */
import {
  computeLandNeed,
  decimalEquals,
  derive,
  divideDecimals,
  given,
  multiplyDecimals,
  roundToPlaces,
  subtractDecimals,
  sumDecimals,
  type Explained,
  type LandNeed,
  type SourceRef,
} from '@anju/core';

const seed = (section: string, quote: string): SourceRef => ({ kind: 'seed', seed: '003', section, quote });

/** Every printed figure the chain reads or checks, with its passage. */
export const ZHANGYE_003_PRINTED = {
  startStockWanSqm: {
    value: '3511.36',
    source: seed(
      '第四章第一节（三）',
      '截至2025年底，张掖市城镇现有成套住房建筑面积3511.36万平方米，总套数约31.43万套',
    ),
  },
  startStockWanUnits: {
    value: '31.43',
    source: seed(
      '第四章第一节（三）',
      '截至2025年底，张掖市城镇现有成套住房建筑面积3511.36万平方米，总套数约31.43万套',
    ),
  },
  commercialWanUnits: {
    value: '1.66',
    source: seed(
      '第四章第二节（二）1',
      '预计全市新增商品住房面积约199.2万平方米，折合1.66万套（按平均户型120平方米测算）',
    ),
  },
  commercialUnitAreaSqm: {
    value: '120',
    source: seed('第四章第二节（二）1', '折合1.66万套（按平均户型120平方米测算）'),
  },
  commercialAreaWanSqm: {
    value: '199.2',
    source: seed('第四章第二节（二）1', '预计全市新增商品住房面积约199.2万平方米'),
  },
  publicRentalUnits: {
    value: '1200',
    source: seed('第四章第二节（二）2', '其中公共租赁住房1200套，保障性租赁住房2446套'),
  },
  affordableRentalUnits: {
    value: '2446',
    source: seed('第四章第二节（二）2', '其中公共租赁住房1200套，保障性租赁住房2446套'),
  },
  affordableUnitsInText: {
    value: '3464',
    source: seed('第四章第二节（二）2', '预计全市新建(筹集)保障性住房3464套，按套均70m2计算，建筑面积约25.52万平方米'),
  },
  affordableUnitsInTable: {
    value: '3646',
    source: seed('第三章第四节 住房发展指标体系表', '保障性住房建设筹集量 套 3646'),
  },
  affordableUnitAreaSqm: { value: '70', source: seed('第四章第二节（二）2', '按套均70m2计算') },
  affordableAreaWanSqm: { value: '25.52', source: seed('第四章第二节（二）2', '建筑面积约25.52万平方米') },
  newAreaWanSqm: {
    value: '224.72',
    source: seed('第四章第二节（二）', '规划期内张掖市新建住房总建筑面积224.72万平方米'),
  },
  endStockWanSqm: {
    value: '3736.08',
    source: seed('第三章第四节 住房发展指标体系表', '城镇住房总量 万平方米 3736.08'),
  },
  perCapitaTargetSqm: {
    value: '57.08',
    source: seed('第三章第四节 住房发展指标体系表', '城镇人均住房建筑面积 平方米 57.08'),
  },
  depreciationRatePerYear: { value: '0.02', source: seed('第四章第二节（一）', '存量住房折旧（年均折旧率2%）') },
  householdSizePersons: { value: '2.62', source: seed('第四章第二节（一）', '家庭结构变化（户均人口2.62人）') },
  plotRatio: { value: '2.2', source: seed('第六章第二节1', '住宅用地容积率为1.8-2.4，结合实际情况，按照2.2估算') },
  publicRentalNewLandShare: {
    value: '1',
    source: seed(
      '第六章第二节1',
      '按照公共租赁住房全部为新供应国有建设用地、保障性租赁住房新供应国有建设用地占比50%、容积率2.2估算',
    ),
  },
  affordableRentalNewLandShare: {
    value: '0.5',
    source: seed(
      '第六章第二节1',
      '按照公共租赁住房全部为新供应国有建设用地、保障性租赁住房新供应国有建设用地占比50%、容积率2.2估算',
    ),
  },
  commercialLandHa: {
    value: '90.55',
    source: seed('第六章第二节1', '本规划期末需要商品房住宅建设用地的供应总量约为90.55公顷'),
  },
  affordableLandHa: {
    value: '8.51',
    source: seed(
      '第六章第二节1',
      '“十五五”期间建设25.52万平方米保障性住房共需新供应建设用地8.51公顷，其中公共租赁住房4.62公顷，保障性租赁住房3.89公顷',
    ),
  },
  publicRentalLandHa: {
    value: '4.62',
    source: seed('第六章第二节1', '其中公共租赁住房4.62公顷，保障性租赁住房3.89公顷'),
  },
  affordableRentalLandHa: {
    value: '3.89',
    source: seed('第六章第二节1', '其中公共租赁住房4.62公顷，保障性租赁住房3.89公顷'),
  },
  totalLandHa: {
    value: '99.06',
    source: seed(
      '第六章第二节1',
      '张掖市商品住房建设用地规模为90.55公顷，保障性住房建设用地规模为8.51公顷，总建设用地规模为99.06公顷',
    ),
  },
  dilapidatedUnitsInText: { value: '3829', source: seed('第四章第二节（二）2', '改造城市危旧房3829套，42.81万平方米') },
  dilapidatedUnitsAnnualPlan: {
    value: '3829',
    source: seed('第六章第一节1–5（五年合计）', '实施城市危旧房改造330套、2.23万平方米'),
  },
  dilapidatedUnitsInTable: {
    value: '3919',
    source: seed('第三章第四节 住房发展指标体系表', '危旧房改造套间数 套/间 3919'),
  },
  urbanPopulation2024A: { value: '61.92', source: seed('第四章第一节（一）', '城镇人口61.92万人，城镇化率56.29%') },
  urbanPopulation2024B: {
    value: '61.91',
    source: seed('第一章第二节1', '2024年底全市总人口109.99万，城镇人口61.91万'),
  },
  perCapita2025Sqm: {
    value: '56.72',
    source: seed('第一章第二节1', '城镇人均住房建筑面积56.72平方米，按每户按2.62人计算，有23.63万户'),
  },
  areaPerDwellingSqm: {
    value: '111.68',
    source: seed('第一章第二节1', '则户均1.33套、户均面积148.6平米、套均面积111.68平米'),
  },
  affordableLandShareMin: {
    value: '0.2',
    source: seed('第七章第一节（一）', '年度住宅用地供应计划中，保障性住房用地占比不低于20%'),
  },
} as const;

type PrintedKey = keyof typeof ZHANGYE_003_PRINTED;

/** A place where the seed's printed figures disagree with each other or with their inputs. */
export interface SeedFinding {
  readonly id: string;
  readonly level: 'inconsistent' | 'not-applied' | 'info';
  readonly messageZh: string;
  readonly messageEn: string;
  /** The printed number and the one that follows from the inputs (or the other printed number). */
  readonly printed: string;
  readonly other: string;
  readonly sources: readonly SourceRef[];
}

export interface Zhangye003Chain {
  readonly commercialAreaWanSqm: Explained;
  readonly affordableUnits: Explained;
  readonly affordableAreaWanSqm: Explained;
  readonly newAreaWanSqm: Explained;
  readonly endStockWanSqm: Explained;
  readonly impliedUrbanPopulationWan: Explained;
  readonly depreciationNotAppliedWanSqm: Explained;
  readonly land: LandNeed;
  readonly findings: readonly SeedFinding[];
}

function g(key: PrintedKey, uom: string, zh: string, en: string): Explained {
  const p = ZHANGYE_003_PRINTED[key];
  return given(p.value, uom, { zh, en }, p.source);
}

function printedNote(key: PrintedKey, computed: string, places: number): Explained['notes'][number] {
  const printed = ZHANGYE_003_PRINTED[key].value;
  const shown = roundToPlaces(computed, places);
  return decimalEquals(shown, printed)
    ? {
        level: 'info',
        messageZh: `与原文一致：计算 ${computed}，按原文精度为 ${shown}，原文 ${printed}`,
        messageEn: `matches the seed: computed ${computed}, ${shown} at printed precision, printed ${printed}`,
      }
    : {
        level: 'warning',
        messageZh: `与原文不一致：按原文输入计算为 ${shown}，原文为 ${printed}`,
        messageEn: `does not match the seed: ${shown} from the printed inputs, ${printed} printed`,
      };
}

function withNotes(e: Explained, notes: Explained['notes']): Explained {
  return { ...e, notes: [...e.notes, ...notes] };
}

/**
 * Recomputes 003's chain from its printed inputs and lists every inconsistency.
 *
 * @example reproduceZhangye003().endStockWanSqm.value // '3736.08'
 */
export function reproduceZhangye003(): Zhangye003Chain {
  const P = ZHANGYE_003_PRINTED;
  const commercialUnits = derive({
    value: multiplyDecimals(P.commercialWanUnits.value, '10000'),
    uom: 'dwelling',
    labels: { zh: '新增商品住房套数', en: 'New commercial units' },
    formula: '1.66 万套 × 10000',
    inputs: { wanUnits: g('commercialWanUnits', 'wan-dwelling', '商品住房（万套）', 'Commercial (10k units)') },
  });
  const commercialArea = derive({
    value: divideDecimals(multiplyDecimals(commercialUnits.value ?? '0', P.commercialUnitAreaSqm.value), '10000'),
    uom: 'wan-sqm',
    labels: { zh: '新增商品住房面积', en: 'New commercial floor area' },
    formula: '套数 × 平均户型面积 ÷ 10000',
    inputs: {
      units: commercialUnits,
      unitArea: g('commercialUnitAreaSqm', 'sqm', '平均户型面积', 'Average unit area'),
    },
  });
  const affordableUnits = derive({
    value: sumDecimals([P.publicRentalUnits.value, P.affordableRentalUnits.value]),
    uom: 'dwelling',
    labels: { zh: '新建（筹集）保障性住房套数', en: 'Affordable units' },
    formula: '公共租赁住房 + 保障性租赁住房',
    inputs: {
      publicRental: g('publicRentalUnits', 'dwelling', '公共租赁住房', 'Public rental'),
      affordableRental: g('affordableRentalUnits', 'dwelling', '保障性租赁住房', 'Affordable rental'),
    },
    notes: [
      {
        level: 'warning',
        messageZh: `第四章第二节（二）2 正文写“3464套”，而 1200 + 2446 = 3646，指标体系表亦为 3646；25.52 万㎡ ÷ 70 ㎡ = 3646 套`,
        messageEn: 'the text says 3464 units while 1200 + 2446 = 3646, as in the indicator table (25.52 万㎡ ÷ 70 ㎡)',
      },
    ],
  });
  const affordableAreaRaw = derive({
    value: divideDecimals(multiplyDecimals(affordableUnits.value ?? '0', P.affordableUnitAreaSqm.value), '10000'),
    uom: 'wan-sqm',
    labels: { zh: '保障性住房建筑面积', en: 'Affordable floor area' },
    formula: '套数 × 套均面积 ÷ 10000',
    inputs: { units: affordableUnits, unitArea: g('affordableUnitAreaSqm', 'sqm', '套均面积', 'Unit area') },
  });
  const affordableArea = withNotes(affordableAreaRaw, [
    printedNote('affordableAreaWanSqm', affordableAreaRaw.value!, 2),
  ]);
  const commercialAreaN = withNotes(commercialArea, [printedNote('commercialAreaWanSqm', commercialArea.value!, 2)]);
  // The seed adds the rounded 25.52, so the chain carries the printed precision from here on.
  const newRaw = sumDecimals([commercialArea.value!, roundToPlaces(affordableArea.value!, 2)]);
  const newArea = derive({
    value: newRaw,
    uom: 'wan-sqm',
    labels: { zh: '新建住房总建筑面积', en: 'New floor area' },
    formula: '商品住房 + 保障性住房（按原文取两位小数）',
    inputs: { commercial: commercialAreaN, affordable: affordableArea },
    notes: [printedNote('newAreaWanSqm', newRaw, 2)],
  });
  const startStock = g('startStockWanSqm', 'wan-sqm', '2025 年末城镇住房存量', 'Housing stock, end of 2025');
  const endRaw = sumDecimals([P.startStockWanSqm.value, newRaw]);
  const endStock = derive({
    value: endRaw,
    uom: 'wan-sqm',
    labels: { zh: '2030 年城镇住房总量', en: 'Housing stock 2030' },
    formula: '2025 年存量 + 新建住房',
    inputs: { startStock, newArea },
    notes: [printedNote('endStockWanSqm', endRaw, 2)],
  });
  const impliedPop = derive({
    value: divideDecimals(P.endStockWanSqm.value, P.perCapitaTargetSqm.value, 8),
    uom: 'wan-person',
    labels: { zh: '隐含 2030 年城镇人口', en: 'Implied urban population 2030' },
    formula: '城镇住房总量 ÷ 人均住房建筑面积',
    inputs: {
      endStock: g('endStockWanSqm', 'wan-sqm', '城镇住房总量', 'Housing stock 2030'),
      perCapita: g('perCapitaTargetSqm', 'sqm-per-person', '城镇人均住房建筑面积', 'Floor area per resident'),
    },
    notes: [
      {
        level: 'info',
        messageZh: '原文未印出 2030 年城镇人口；由 3736.08 ÷ 57.08 反推约 65.45 万人（2024 年为 61.92 万人）',
        messageEn: 'the seed prints no 2030 urban population; 3736.08 ÷ 57.08 implies about 65.45 (61.92 in 2024)',
      },
    ],
  });
  const depreciation = derive({
    value: multiplyDecimals(multiplyDecimals(P.startStockWanSqm.value, P.depreciationRatePerYear.value), '5'),
    uom: 'wan-sqm',
    labels: {
      zh: '按 2% 年均折旧应扣除的存量（原文未扣除）',
      en: 'Depreciation at 2 % a year (not applied by the seed)',
    },
    formula: '3511.36 × 2% × 5 年',
    inputs: {
      startStock,
      rate: g('depreciationRatePerYear', 'ratio', '年均折旧率', 'Yearly depreciation'),
    },
    notes: [
      {
        level: 'warning',
        messageZh: '第四章第二节（一）称考虑存量住房折旧（年均 2%），但 3736.08 = 3511.36 + 224.72，未扣除折旧',
        messageEn: 'the method cites 2 % yearly depreciation, but 3736.08 = 3511.36 + 224.72 subtracts none',
      },
    ],
  });

  const plotRatio = g('plotRatio', 'ratio', '容积率', 'Plot ratio');
  const publicRentalArea = derive({
    value: divideDecimals(multiplyDecimals(P.publicRentalUnits.value, P.affordableUnitAreaSqm.value), '10000'),
    uom: 'wan-sqm',
    labels: { zh: '公共租赁住房建筑面积', en: 'Public rental floor area' },
    formula: '1200 套 × 70 ㎡ ÷ 10000',
    inputs: { units: g('publicRentalUnits', 'dwelling', '公共租赁住房', 'Public rental') },
  });
  const affordableRentalArea = derive({
    value: divideDecimals(multiplyDecimals(P.affordableRentalUnits.value, P.affordableUnitAreaSqm.value), '10000'),
    uom: 'wan-sqm',
    labels: { zh: '保障性租赁住房建筑面积', en: 'Affordable rental floor area' },
    formula: '2446 套 × 70 ㎡ ÷ 10000',
    inputs: { units: g('affordableRentalUnits', 'dwelling', '保障性租赁住房', 'Affordable rental') },
  });
  const landRaw = computeLandNeed(
    {
      commercial: {
        floorAreaWanSqm: commercialArea,
        newLandShare: given(
          '1',
          'ratio',
          { zh: '商品住房新供应用地占比', en: 'Commercial on new land' },
          P.commercialLandHa.source,
        ),
      },
      publicRental: {
        floorAreaWanSqm: publicRentalArea,
        newLandShare: g('publicRentalNewLandShare', 'ratio', '公租房新供应用地占比', 'Public rental on new land'),
      },
      affordableRental: {
        floorAreaWanSqm: affordableRentalArea,
        newLandShare: g(
          'affordableRentalNewLandShare',
          'ratio',
          '保租房新供应用地占比',
          'Affordable rental on new land',
        ),
      },
    },
    plotRatio,
  );
  // The seed prints each land figure to 0.01 ha and adds the rounded parts.
  const r2 = (e: Explained | undefined): string => roundToPlaces(e?.value ?? '0', 2);
  const landAffordable2 = sumDecimals([r2(landRaw.byType.publicRental), r2(landRaw.byType.affordableRental)]);
  const landTotal2 = sumDecimals([r2(landRaw.byType.commercial), landAffordable2]);
  const land: LandNeed = {
    byType: {
      commercial: withNotes(landRaw.byType.commercial!, [
        printedNote('commercialLandHa', landRaw.byType.commercial!.value!, 2),
      ]),
      publicRental: withNotes(landRaw.byType.publicRental!, [
        printedNote('publicRentalLandHa', landRaw.byType.publicRental!.value!, 2),
      ]),
      affordableRental: withNotes(landRaw.byType.affordableRental!, [
        printedNote('affordableRentalLandHa', landRaw.byType.affordableRental!.value!, 2),
      ]),
    },
    affordableLandHa: withNotes(landRaw.affordableLandHa, [printedNote('affordableLandHa', landAffordable2, 2)]),
    totalLandHa: withNotes(landRaw.totalLandHa, [printedNote('totalLandHa', landTotal2, 2)]),
  };

  const findings: SeedFinding[] = [
    {
      id: 'affordable-units-3464',
      level: 'inconsistent',
      messageZh:
        '保障性住房套数：正文“3464套”，而公租房 1200 + 保租房 2446 = 3646 套，指标体系表、年度计划合计亦为 3646',
      messageEn: 'Affordable units: the text prints 3464, while 1200 + 2446 = 3646 as in the indicator table and plans',
      printed: P.affordableUnitsInText.value,
      other: affordableUnits.value!,
      sources: [P.affordableUnitsInText.source, P.publicRentalUnits.source, P.affordableUnitsInTable.source],
    },
    {
      id: 'public-rental-land',
      level: 'inconsistent',
      messageZh: `公共租赁住房用地：1200 套 × 70 ㎡ ÷ 2.2 × 100% = ${r2(landRaw.byType.publicRental)} 公顷，原文为 4.62 公顷`,
      messageEn: `Public rental land: 1200 × 70 ㎡ ÷ 2.2 × 100 % = ${r2(landRaw.byType.publicRental)} ha, printed 4.62 ha`,
      printed: P.publicRentalLandHa.value,
      other: r2(landRaw.byType.publicRental),
      sources: [P.publicRentalLandHa.source, P.publicRentalNewLandShare.source],
    },
    {
      id: 'affordable-land-total',
      level: 'inconsistent',
      messageZh: `保障性住房用地：${r2(landRaw.byType.publicRental)} + 3.89 = ${landAffordable2} 公顷，原文为 8.51 公顷（4.62 + 3.89）`,
      messageEn: `Affordable land: ${r2(landRaw.byType.publicRental)} + 3.89 = ${landAffordable2} ha, printed 8.51 ha (4.62 + 3.89)`,
      printed: P.affordableLandHa.value,
      other: landAffordable2,
      sources: [P.affordableLandHa.source],
    },
    {
      id: 'total-land',
      level: 'inconsistent',
      messageZh: `住房用地合计：90.55 + ${landAffordable2} = ${landTotal2} 公顷，原文为 99.06 公顷`,
      messageEn: `Total housing land: 90.55 + ${landAffordable2} = ${landTotal2} ha, printed 99.06 ha`,
      printed: P.totalLandHa.value,
      other: landTotal2,
      sources: [P.totalLandHa.source],
    },
    {
      id: 'dilapidated-3829-3919',
      level: 'inconsistent',
      messageZh: '危旧房改造：预测正文与年度计划合计 3829 套（330+1007+815+850+827），指标体系表与分区域表为 3919 套',
      messageEn:
        'Dilapidated-housing renovation: 3829 in the forecast text and annual plans, 3919 in the indicator tables',
      printed: P.dilapidatedUnitsInTable.value,
      other: P.dilapidatedUnitsInText.value,
      sources: [P.dilapidatedUnitsInText.source, P.dilapidatedUnitsAnnualPlan.source, P.dilapidatedUnitsInTable.source],
    },
    {
      id: 'depreciation-not-applied',
      level: 'not-applied',
      messageZh: `年均折旧率 2% 被列为测算因素，但 3736.08 = 3511.36 + 224.72 未扣除折旧；按 2% 五年折旧 ${depreciation.value} 万㎡`,
      messageEn: `2 % yearly depreciation is cited but 3736.08 = 3511.36 + 224.72 subtracts none; five years at 2 % is ${depreciation.value} 万㎡`,
      printed: P.endStockWanSqm.value,
      other: subtractDecimals(endRaw, depreciation.value!),
      sources: [P.depreciationRatePerYear.source, P.endStockWanSqm.source],
    },
    {
      id: 'urban-population-2024',
      level: 'inconsistent',
      messageZh:
        '2024 年城镇人口：第四章第一节为 61.92 万人，第一章第二节为 61.91 万人；人均 56.72 ㎡ 与 61.91 相符（3511.36 ÷ 61.92 = 56.71）',
      messageEn:
        '2024 urban population: 61.92 in 第四章, 61.91 in 第一章; 56.72 ㎡ per person follows from 61.91 (61.92 gives 56.71)',
      printed: P.urbanPopulation2024A.value,
      other: P.urbanPopulation2024B.value,
      sources: [P.urbanPopulation2024A.source, P.urbanPopulation2024B.source, P.perCapita2025Sqm.source],
    },
    {
      id: 'area-per-dwelling',
      level: 'inconsistent',
      messageZh: `套均面积：3511.36 ÷ 31.43 = ${roundToPlaces(divideDecimals(P.startStockWanSqm.value, P.startStockWanUnits.value), 2)} 平方米，原文为 111.68`,
      messageEn: `Area per dwelling: 3511.36 ÷ 31.43 = ${roundToPlaces(divideDecimals(P.startStockWanSqm.value, P.startStockWanUnits.value), 2)} ㎡, printed 111.68`,
      printed: P.areaPerDwellingSqm.value,
      other: roundToPlaces(divideDecimals(P.startStockWanSqm.value, P.startStockWanUnits.value), 2),
      sources: [P.areaPerDwellingSqm.source, P.startStockWanUnits.source],
    },
    {
      id: 'affordable-land-share',
      level: 'inconsistent',
      messageZh: `保障性住房用地占比：8.51 ÷ 99.06 = ${roundToPlaces(multiplyDecimals(divideDecimals('8.51', '99.06'), '100'), 2)}%，低于第七章“不低于20%”`,
      messageEn: `Affordable land share: 8.51 ÷ 99.06 = ${roundToPlaces(multiplyDecimals(divideDecimals('8.51', '99.06'), '100'), 2)} %, below 第七章's 20 % minimum`,
      printed: roundToPlaces(divideDecimals(P.affordableLandHa.value, P.totalLandHa.value), 4),
      other: P.affordableLandShareMin.value,
      sources: [P.affordableLandShareMin.source, P.totalLandHa.source],
    },
  ];

  return {
    commercialAreaWanSqm: commercialAreaN,
    affordableUnits,
    affordableAreaWanSqm: affordableArea,
    newAreaWanSqm: newArea,
    endStockWanSqm: endStock,
    impliedUrbanPopulationWan: impliedPop,
    depreciationNotAppliedWanSqm: depreciation,
    land,
    findings,
  };
}
