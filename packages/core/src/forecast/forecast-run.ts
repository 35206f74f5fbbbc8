/**
 * Demand forecast — 以人定房 (SPEC §3.3; 003 第四章第二节; 000 §九(一) "根据人口变化确定住房需求"). A scenario is a
 * named, versioned set of assumptions per unit (and year); a run records the scenario and profile versions and
 * returns three methods side by side, each as an explained chain:
 * 1. per-capita chain: urban population × target area per person → required stock; − start stock + depreciation +
 *    renovation need − inventory to absorb → new floor area; split into affordable (units × unit area) and
 *    commercial (area ÷ unit area → units);
 * 2. household chain: population ÷ household size → households × dwellings per household × area per dwelling;
 * 3. stock-based cross-check: stock × yearly share × years, uplifted when price-to-income is high (the shape of
 *    England's standard method).
 * Depreciation is straight-line on the start stock (start stock × rate × years), the reading of 003's "年均折旧率2%".
 */
import { derive, given, type Explained, type ExplainedNote, type SourceRef } from '../provenance/explained.js';
import {
  compareDecimals,
  divideDecimals,
  multiplyDecimals,
  subtractDecimals,
  sumDecimals,
} from '../quantity/decimal.js';
import {
  FORECAST_PARAMETER_LABELS,
  forecastParameterKeys,
  resolveForecastParameters,
  type ForecastParameterKey,
  type ParameterOverrides,
  type ProfileUse,
  type ResolvedParameter,
} from './forecast-parameters.js';
import { computeLandNeed, type LandNeed } from './land-need.js';

/** Urban population of a year: given directly, or total population × urbanization rate. */
export type PopulationInput =
  | { readonly kind: 'urban'; readonly urbanWan: string; readonly source?: SourceRef }
  | {
      readonly kind: 'total-rate';
      readonly totalWan: string;
      readonly urbanizationRate: string;
      readonly source?: SourceRef;
    };

/** One unit's assumptions in a scenario. */
export interface ForecastUnitInputs {
  readonly unitCode: string;
  /** The stock is known at the end of `startYear`; the forecast runs to the end of `endYear`. */
  readonly startYear: number;
  readonly endYear: number;
  readonly startStockWanSqm: string;
  readonly startStockSource?: SourceRef;
  /** Urban population by year (at least `endYear`); intermediate years give the yearly required-stock series. */
  readonly populationByYear: Readonly<Record<string, PopulationInput>>;
  readonly renovationNeedWanSqm?: string;
  readonly inventoryToAbsorbWanSqm?: string;
  /** Affordable units planned over the period, by type (套). */
  readonly affordableUnits?: {
    readonly publicRental?: string;
    readonly affordableRental?: string;
    readonly saleType?: string;
  };
  readonly priceToIncomeRatio?: string;
  readonly parameters?: ParameterOverrides;
  /** Overrides for one year (e.g. a per-capita target rising year by year). */
  readonly parametersByYear?: Readonly<Record<string, ParameterOverrides>>;
}

export interface ForecastScenario {
  readonly id: string;
  readonly version: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly descriptionZh?: string;
  /** Overrides for every unit. */
  readonly parameters?: ParameterOverrides;
  readonly units: readonly ForecastUnitInputs[];
}

export interface PerCapitaChain {
  readonly urbanPopulationWan: Explained;
  readonly requiredStockWanSqm: Explained;
  readonly depreciatedWanSqm: Explained;
  readonly newFloorAreaWanSqm: Explained;
  readonly affordableUnits: Explained;
  readonly affordableAreaWanSqm: Explained;
  readonly commercialAreaWanSqm: Explained;
  readonly commercialUnits: Explained;
}

export interface HouseholdChain {
  readonly households: Explained;
  readonly dwellings: Explained;
  readonly requiredStockWanSqm: Explained;
  readonly newFloorAreaWanSqm: Explained;
}

export interface StockCrossCheck {
  readonly newFloorAreaWanSqm: Explained;
}

export interface YearlyRequiredStock {
  readonly year: number;
  readonly urbanPopulationWan: string;
  readonly perCapitaAreaTargetSqm: string;
  readonly requiredStockWanSqm: string;
}

export interface UnitForecast {
  readonly unitCode: string;
  readonly startYear: number;
  readonly endYear: number;
  readonly parameters: readonly ResolvedParameter[];
  readonly perCapita: PerCapitaChain;
  readonly household: HouseholdChain;
  readonly stockCheck: StockCrossCheck;
  /** Land for the per-capita chain's split. */
  readonly land: LandNeed;
  readonly yearly: readonly YearlyRequiredStock[];
}

/** What a run records so it can be reproduced: the scenario and the profile, with their versions. */
export interface ForecastRun {
  readonly scenario: {
    readonly id: string;
    readonly version: string;
    readonly nameZh: string;
    readonly nameEn: string;
  };
  readonly profile: { readonly id: string; readonly version: string };
  readonly profileChain: readonly { readonly id: string; readonly version: string }[];
  readonly units: readonly UnitForecast[];
}

/** Raised when a scenario lacks what a chain needs (e.g. no population for the end year). */
export class ForecastInputError extends Error {
  override readonly name = 'ForecastInputError';
  constructor(
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

const ZERO = '0';

function paramExplained(p: ResolvedParameter): Explained {
  const l = FORECAST_PARAMETER_LABELS[p.key];
  return given(p.value, l.uom, { zh: l.zh, en: l.en }, p.source);
}

function clampAtZero(value: string, notes: ExplainedNote[], zh: string, en: string): string {
  if (compareDecimals(value, ZERO) >= 0) return value;
  notes.push({
    level: 'warning',
    messageZh: `${zh}为负（${value}），按 0 计`,
    messageEn: `${en} is negative (${value}); 0 used`,
  });
  return ZERO;
}

function urbanPopulation(unit: ForecastUnitInputs, year: number): Explained {
  const p = unit.populationByYear[String(year)];
  if (p === undefined) {
    throw new ForecastInputError(
      `单元 ${unit.unitCode} 缺少 ${year} 年人口`,
      `unit ${unit.unitCode} has no population for ${year}`,
    );
  }
  const labels = { zh: `${year} 年城镇人口`, en: `Urban population ${year}` };
  if (p.kind === 'urban') return given(p.urbanWan, 'wan-person', labels, p.source);
  return derive({
    value: multiplyDecimals(p.totalWan, p.urbanizationRate),
    uom: 'wan-person',
    labels,
    formula: '总人口 × 城镇化率',
    inputs: {
      total: given(p.totalWan, 'wan-person', { zh: `${year} 年总人口`, en: `Total population ${year}` }, p.source),
      rate: given(p.urbanizationRate, 'ratio', { zh: `${year} 年城镇化率`, en: `Urbanization rate ${year}` }, p.source),
    },
  });
}

/**
 * Runs a scenario under a policy profile: every unit's three chains and land need, with the resolved parameters.
 *
 * @example runForecast(scenario, { profile: cityProfile }).units[0].perCapita.newFloorAreaWanSqm.value
 */
export function runForecast(scenario: ForecastScenario, use: ProfileUse): ForecastRun {
  return {
    scenario: { id: scenario.id, version: scenario.version, nameZh: scenario.nameZh, nameEn: scenario.nameEn },
    profile: { id: use.profile.id, version: use.profile.version },
    profileChain: use.chain ?? [{ id: use.profile.id, version: use.profile.version }],
    units: scenario.units.map((u) => forecastUnit(u, use, scenario)),
  };
}

/** One unit's forecast (see {@link runForecast}). */
export function forecastUnit(
  unit: ForecastUnitInputs,
  use: ProfileUse,
  scenario?: Pick<ForecastScenario, 'id' | 'version' | 'parameters'>,
): UnitForecast {
  if (unit.endYear <= unit.startYear) {
    throw new ForecastInputError(
      `单元 ${unit.unitCode} 的终止年 ${unit.endYear} 应晚于起始年 ${unit.startYear}`,
      `unit ${unit.unitCode}: end year ${unit.endYear} must follow start year ${unit.startYear}`,
    );
  }
  const scenarioRef = scenario === undefined ? undefined : { id: scenario.id, version: scenario.version };
  const layersFor = (year?: number) => ({
    ...(scenarioRef === undefined ? {} : { scenarioRef }),
    ...(scenario?.parameters === undefined ? {} : { scenario: scenario.parameters }),
    ...(unit.parameters === undefined ? {} : { unit: unit.parameters }),
    ...(year === undefined || unit.parametersByYear?.[String(year)] === undefined
      ? {}
      : { unitYear: unit.parametersByYear[String(year)] }),
  });
  const params = resolveForecastParameters(use, layersFor(unit.endYear));
  const P = (key: ForecastParameterKey): Explained => paramExplained(params[key]);
  const years = String(unit.endYear - unit.startYear);
  const yearsX = given(years, 'year-count', { zh: '规划年数', en: 'Years in the period' });

  // Yearly series of required stock (years with a population input).
  const yearly: YearlyRequiredStock[] = [];
  for (let y = unit.startYear + 1; y <= unit.endYear; y++) {
    if (unit.populationByYear[String(y)] === undefined) continue;
    const py = resolveForecastParameters(use, layersFor(y));
    const pop = urbanPopulation(unit, y).value ?? ZERO;
    yearly.push({
      year: y,
      urbanPopulationWan: pop,
      perCapitaAreaTargetSqm: py.perCapitaAreaTargetSqm.value,
      requiredStockWanSqm: multiplyDecimals(pop, py.perCapitaAreaTargetSqm.value),
    });
  }

  const startStock = given(
    unit.startStockWanSqm,
    'wan-sqm',
    { zh: `${unit.startYear} 年末城镇住房存量`, en: `Housing stock at end of ${unit.startYear}` },
    unit.startStockSource,
  );
  const renovation = given(unit.renovationNeedWanSqm ?? ZERO, 'wan-sqm', {
    zh: '旧改与安置需求',
    en: 'Renovation and resettlement need',
  });
  const inventory = given(unit.inventoryToAbsorbWanSqm ?? ZERO, 'wan-sqm', {
    zh: '待消化库存',
    en: 'Inventory to absorb',
  });

  // 1. Per-capita chain.
  const pop = urbanPopulation(unit, unit.endYear);
  const requiredStock = derive({
    value: multiplyDecimals(pop.value ?? ZERO, params.perCapitaAreaTargetSqm.value),
    uom: 'wan-sqm',
    labels: { zh: `${unit.endYear} 年所需住房存量`, en: `Required stock ${unit.endYear}` },
    formula: '城镇人口 × 人均住房建筑面积目标',
    inputs: { population: pop, perCapitaTarget: P('perCapitaAreaTargetSqm') },
  });
  const depreciated = derive({
    value: multiplyDecimals(multiplyDecimals(unit.startStockWanSqm, params.depreciationRatePerYear.value), years),
    uom: 'wan-sqm',
    labels: { zh: '期内折旧（拆除）存量', en: 'Stock depreciated over the period' },
    formula: '起始存量 × 年均折旧率 × 年数',
    inputs: { startStock, rate: P('depreciationRatePerYear'), years: yearsX },
  });
  const newNotes: ExplainedNote[] = [];
  const need = (stock: string): string =>
    subtractDecimals(
      sumDecimals([
        subtractDecimals(stock, unit.startStockWanSqm),
        depreciated.value ?? ZERO,
        renovation.value ?? ZERO,
      ]),
      inventory.value ?? ZERO,
    );
  const rawNew = need(requiredStock.value ?? ZERO);
  const newArea = derive({
    value: clampAtZero(rawNew, newNotes, '新增住房需求', 'New floor area need'),
    uom: 'wan-sqm',
    labels: { zh: '新增住房建设需求', en: 'New floor area needed' },
    formula: '所需存量 − 起始存量 + 折旧 + 旧改安置需求 − 待消化库存',
    inputs: { requiredStock, startStock, depreciated, renovation, inventory },
    notes: newNotes,
  });
  const au = unit.affordableUnits ?? {};
  const unitsParts = [
    given(au.publicRental ?? ZERO, 'dwelling', { zh: '公共租赁住房', en: 'Public rental' }),
    given(au.affordableRental ?? ZERO, 'dwelling', { zh: '保障性租赁住房', en: 'Affordable rental' }),
    given(au.saleType ?? ZERO, 'dwelling', { zh: '配售型保障性住房', en: 'Sale-type affordable' }),
  ];
  const affordableUnits = derive({
    value: sumDecimals(unitsParts.map((x) => x.value ?? ZERO)),
    uom: 'dwelling',
    labels: { zh: '保障性住房套数', en: 'Affordable units' },
    formula: '公租房 + 保障性租赁住房 + 配售型',
    inputs: unitsParts.map((v, i) => ({ name: ['publicRental', 'affordableRental', 'saleType'][i]!, value: v })),
  });
  const toWan = (units: string, area: string): string => divideDecimals(multiplyDecimals(units, area), '10000');
  const affordableArea = derive({
    value: toWan(affordableUnits.value ?? ZERO, params.affordableUnitAreaSqm.value),
    uom: 'wan-sqm',
    labels: { zh: '保障性住房建筑面积', en: 'Affordable floor area' },
    formula: '套数 × 套均面积 ÷ 10000',
    inputs: { units: affordableUnits, unitArea: P('affordableUnitAreaSqm') },
  });
  const commercialNotes: ExplainedNote[] = [];
  const commercialArea = derive({
    value: clampAtZero(
      subtractDecimals(newArea.value ?? ZERO, affordableArea.value ?? ZERO),
      commercialNotes,
      '商品住房面积',
      'Commercial floor area',
    ),
    uom: 'wan-sqm',
    labels: { zh: '商品住房建筑面积', en: 'Commercial floor area' },
    formula: '新增住房需求 − 保障性住房面积',
    inputs: { newArea, affordableArea },
    notes: commercialNotes,
  });
  const commercialUnits = derive({
    value: divideDecimals(multiplyDecimals(commercialArea.value ?? ZERO, '10000'), params.commercialUnitAreaSqm.value),
    uom: 'dwelling',
    labels: { zh: '商品住房套数', en: 'Commercial units' },
    formula: '商品住房面积 × 10000 ÷ 平均户型面积',
    inputs: { area: commercialArea, unitArea: P('commercialUnitAreaSqm') },
  });

  // 2. Household chain.
  const households = derive({
    value: divideDecimals(pop.value ?? ZERO, params.householdSizePersons.value),
    uom: 'wan-household',
    labels: { zh: `${unit.endYear} 年城镇户数`, en: `Urban households ${unit.endYear}` },
    formula: '城镇人口 ÷ 户均人口',
    inputs: { population: pop, householdSize: P('householdSizePersons') },
  });
  const dwellings = derive({
    value: multiplyDecimals(households.value ?? ZERO, params.dwellingsPerHousehold.value),
    uom: 'wan-dwelling',
    labels: { zh: '所需住房套数', en: 'Dwellings needed' },
    formula: '户数 × 户均套数目标',
    inputs: { households, ratio: P('dwellingsPerHousehold') },
  });
  const hhStock = derive({
    value: multiplyDecimals(dwellings.value ?? ZERO, params.areaPerDwellingSqm.value),
    uom: 'wan-sqm',
    labels: { zh: '户数法所需存量', en: 'Required stock (household method)' },
    formula: '套数 × 套均面积',
    inputs: { dwellings, area: P('areaPerDwellingSqm') },
  });
  const hhNotes: ExplainedNote[] = [];
  const hhNew = derive({
    value: clampAtZero(need(hhStock.value ?? ZERO), hhNotes, '户数法新增需求', 'Household-method need'),
    uom: 'wan-sqm',
    labels: { zh: '户数法新增住房需求', en: 'New floor area (household method)' },
    formula: '户数法所需存量 − 起始存量 + 折旧 + 旧改安置需求 − 待消化库存',
    inputs: { requiredStock: hhStock, startStock, depreciated, renovation, inventory },
    notes: hhNotes,
  });

  // 3. Stock-based cross-check.
  const pir = unit.priceToIncomeRatio;
  const upliftApplies = pir !== undefined && compareDecimals(pir, params.priceToIncomeThreshold.value) > 0;
  const uplift = upliftApplies ? params.priceToIncomeUplift.value : ZERO;
  const stockNew = derive({
    value: multiplyDecimals(
      multiplyDecimals(multiplyDecimals(unit.startStockWanSqm, params.newBuildShareOfStockPerYear.value), years),
      sumDecimals(['1', uplift]),
    ),
    uom: 'wan-sqm',
    labels: { zh: '存量法新增住房需求', en: 'New floor area (stock method)' },
    formula: '起始存量 × 年新增比例 × 年数 × (1 + 上调比例)',
    inputs: [
      { name: 'startStock', value: startStock },
      { name: 'share', value: P('newBuildShareOfStockPerYear') },
      { name: 'years', value: yearsX },
      { name: 'uplift', value: P('priceToIncomeUplift') },
      { name: 'threshold', value: P('priceToIncomeThreshold') },
      ...(pir === undefined
        ? []
        : [{ name: 'priceToIncome', value: given(pir, 'ratio', { zh: '房价收入比', en: 'Price-to-income ratio' }) }]),
    ],
    branch: upliftApplies ? 'price-to-income-above-threshold' : 'no-uplift',
  });

  const land = computeLandNeed(
    {
      commercial: { floorAreaWanSqm: commercialArea, newLandShare: P('commercialNewLandShare') },
      publicRental: {
        floorAreaWanSqm: derive({
          value: toWan(au.publicRental ?? ZERO, params.affordableUnitAreaSqm.value),
          uom: 'wan-sqm',
          labels: { zh: '公共租赁住房建筑面积', en: 'Public rental floor area' },
          formula: '套数 × 套均面积 ÷ 10000',
          inputs: { units: unitsParts[0]!, unitArea: P('affordableUnitAreaSqm') },
        }),
        newLandShare: P('publicRentalNewLandShare'),
      },
      affordableRental: {
        floorAreaWanSqm: derive({
          value: toWan(au.affordableRental ?? ZERO, params.affordableUnitAreaSqm.value),
          uom: 'wan-sqm',
          labels: { zh: '保障性租赁住房建筑面积', en: 'Affordable rental floor area' },
          formula: '套数 × 套均面积 ÷ 10000',
          inputs: { units: unitsParts[1]!, unitArea: P('affordableUnitAreaSqm') },
        }),
        newLandShare: P('affordableRentalNewLandShare'),
      },
      saleType: {
        floorAreaWanSqm: derive({
          value: toWan(au.saleType ?? ZERO, params.affordableUnitAreaSqm.value),
          uom: 'wan-sqm',
          labels: { zh: '配售型保障性住房建筑面积', en: 'Sale-type floor area' },
          formula: '套数 × 套均面积 ÷ 10000',
          inputs: { units: unitsParts[2]!, unitArea: P('affordableUnitAreaSqm') },
        }),
        newLandShare: P('saleTypeNewLandShare'),
      },
    },
    P('plotRatio'),
  );

  return {
    unitCode: unit.unitCode,
    startYear: unit.startYear,
    endYear: unit.endYear,
    parameters: forecastParameterKeys.map((k) => params[k]),
    perCapita: {
      urbanPopulationWan: pop,
      requiredStockWanSqm: requiredStock,
      depreciatedWanSqm: depreciated,
      newFloorAreaWanSqm: newArea,
      affordableUnits,
      affordableAreaWanSqm: affordableArea,
      commercialAreaWanSqm: commercialArea,
      commercialUnits,
    },
    household: { households, dwellings, requiredStockWanSqm: hhStock, newFloorAreaWanSqm: hhNew },
    stockCheck: { newFloorAreaWanSqm: stockNew },
    land,
    yearly,
  };
}
