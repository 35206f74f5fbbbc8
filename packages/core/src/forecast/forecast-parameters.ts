/**
 * Forecast parameters (SPEC §3.3): every parameter a forecast uses has a visible value and a source — the policy
 * profile (cited back to its seed sentence), an Anju default with its reason, or the scenario that overrode it.
 * Precedence: unit-and-year override > unit override > scenario override > profile > Anju default.
 */
import type { EffectivePolicyProfile } from '../profile/profile-schema.js';
import type { SourceRef } from '../provenance/explained.js';

export const forecastParameterKeys = [
  'perCapitaAreaTargetSqm',
  'depreciationRatePerYear',
  'householdSizePersons',
  'dwellingsPerHousehold',
  'areaPerDwellingSqm',
  'affordableUnitAreaSqm',
  'commercialUnitAreaSqm',
  'plotRatio',
  'commercialNewLandShare',
  'publicRentalNewLandShare',
  'affordableRentalNewLandShare',
  'saleTypeNewLandShare',
  'newBuildShareOfStockPerYear',
  'priceToIncomeUplift',
  'priceToIncomeThreshold',
] as const;
export type ForecastParameterKey = (typeof forecastParameterKeys)[number];

/** Chinese and English names of the parameters, with their unit of measure. */
export const FORECAST_PARAMETER_LABELS: Readonly<
  Record<ForecastParameterKey, { readonly zh: string; readonly en: string; readonly uom: string }>
> = {
  perCapitaAreaTargetSqm: {
    zh: '城镇人均住房建筑面积目标',
    en: 'Target floor area per urban resident',
    uom: 'sqm-per-person',
  },
  depreciationRatePerYear: { zh: '存量住房年均折旧率', en: 'Yearly depreciation of the stock', uom: 'ratio' },
  householdSizePersons: { zh: '户均人口', en: 'Persons per household', uom: 'person-per-household' },
  dwellingsPerHousehold: { zh: '户均套数目标', en: 'Target dwellings per household', uom: '套/户' },
  areaPerDwellingSqm: { zh: '套均面积', en: 'Floor area per dwelling', uom: 'sqm' },
  affordableUnitAreaSqm: { zh: '保障性住房套均面积', en: 'Affordable unit area', uom: 'sqm' },
  commercialUnitAreaSqm: { zh: '商品住房平均户型面积', en: 'Commercial unit area', uom: 'sqm' },
  plotRatio: { zh: '住宅用地容积率', en: 'Plot ratio', uom: 'ratio' },
  commercialNewLandShare: { zh: '商品住房新供应用地占比', en: 'Commercial housing on new land', uom: 'ratio' },
  publicRentalNewLandShare: { zh: '公共租赁住房新供应用地占比', en: 'Public rental on new land', uom: 'ratio' },
  affordableRentalNewLandShare: {
    zh: '保障性租赁住房新供应用地占比',
    en: 'Affordable rental on new land',
    uom: 'ratio',
  },
  saleTypeNewLandShare: { zh: '配售型保障性住房新供应用地占比', en: 'Sale-type affordable on new land', uom: 'ratio' },
  newBuildShareOfStockPerYear: {
    zh: '存量法：年新增需求占存量比例',
    en: 'Stock method: yearly need as a share of the stock',
    uom: 'ratio',
  },
  priceToIncomeUplift: { zh: '存量法：房价收入比上调比例', en: 'Stock method: price-to-income uplift', uom: 'ratio' },
  priceToIncomeThreshold: {
    zh: '存量法：触发上调的房价收入比',
    en: 'Stock method: price-to-income ratio that triggers the uplift',
    uom: 'ratio',
  },
};

/** A parameter's value as a run used it. */
export interface ResolvedParameter {
  readonly key: ForecastParameterKey;
  readonly value: string;
  readonly origin: 'profile' | 'anju-default' | 'scenario' | 'unit' | 'unit-year';
  readonly source: SourceRef;
  readonly note?: string;
}

export type ParameterOverrides = Partial<Record<ForecastParameterKey, string>>;

/** Anju's own defaults for parameters no profile states, each with the reason a reader sees. */
export const ANJU_FORECAST_DEFAULTS: Readonly<
  Partial<Record<ForecastParameterKey, { readonly value: string; readonly source: SourceRef }>>
> = {
  dwellingsPerHousehold: {
    value: '1',
    source: {
      kind: 'seed',
      seed: 'anju',
      section: 'default',
      quote:
        '户均一套为基本需求口径；003 第一章第二节1 现状为“户均1.33套”。One dwelling per household (003: 1.33 today).',
    },
  },
  commercialNewLandShare: {
    value: '1',
    source: {
      kind: 'seed',
      seed: '003',
      section: '第六章第二节1',
      quote: '按照2.2估算，因此本规划期末需要商品房住宅建设用地的供应总量约为90.55公顷',
    },
  },
  saleTypeNewLandShare: {
    value: '1',
    source: {
      kind: 'seed',
      seed: 'anju',
      section: 'default',
      quote: '种子未规定配售型保障房的新增用地占比，Anju 按全部新供应用地计。No seed states it; Anju assumes new land.',
    },
  },
  priceToIncomeThreshold: {
    value: '6',
    source: {
      kind: 'seed',
      seed: 'anju',
      section: 'default',
      quote:
        '房价收入比超过 6 倍时按配置上调需求（形同英格兰 standard method 的可负担性调整）。Uplift above a price-to-income ratio of 6.',
    },
  },
};

/** Profile paths of the parameters the profile holds. */
const PROFILE_PATHS: Partial<Record<ForecastParameterKey, string>> = {
  perCapitaAreaTargetSqm: 'forecast.perCapitaAreaTargetSqm',
  depreciationRatePerYear: 'forecast.depreciationRatePerYear',
  householdSizePersons: 'forecast.householdSizePersons',
  areaPerDwellingSqm: 'forecast.averageUnitAreaSqm.commercial',
  affordableUnitAreaSqm: 'forecast.averageUnitAreaSqm.affordable',
  commercialUnitAreaSqm: 'forecast.averageUnitAreaSqm.commercial',
  plotRatio: 'forecast.plotRatio',
  publicRentalNewLandShare: 'forecast.newLandShare.publicRental',
  affordableRentalNewLandShare: 'forecast.newLandShare.affordableRental',
  newBuildShareOfStockPerYear: 'forecast.stockCrossCheck.newBuildShareOfStockPerYear',
  priceToIncomeUplift: 'forecast.stockCrossCheck.priceToIncomeUplift',
};

function profileValue(profile: ForecastProfile, key: ForecastParameterKey): number | undefined {
  const f = profile.forecast;
  switch (key) {
    case 'perCapitaAreaTargetSqm':
      return f.perCapitaAreaTargetSqm.value;
    case 'depreciationRatePerYear':
      return f.depreciationRatePerYear.value;
    case 'householdSizePersons':
      return f.householdSizePersons.value;
    case 'areaPerDwellingSqm':
    case 'commercialUnitAreaSqm':
      return f.averageUnitAreaSqm.commercial.value;
    case 'affordableUnitAreaSqm':
      return f.averageUnitAreaSqm.affordable.value;
    case 'plotRatio':
      return f.plotRatio.value;
    case 'publicRentalNewLandShare':
      return f.newLandShare.publicRental.value;
    case 'affordableRentalNewLandShare':
      return f.newLandShare.affordableRental.value;
    case 'newBuildShareOfStockPerYear':
      return f.stockCrossCheck.newBuildShareOfStockPerYear.value;
    case 'priceToIncomeUplift':
      return f.stockCrossCheck.priceToIncomeUplift.value;
    default:
      return undefined;
  }
}

/** The part of a policy profile a forecast reads. */
export type ForecastProfile = Pick<EffectivePolicyProfile, 'id' | 'version' | 'forecast'>;

/** The profile a computation used: id and version (and the chain, for the record). */
export interface ProfileUse {
  readonly profile: ForecastProfile;
  readonly chain?: readonly { readonly id: string; readonly version: string }[];
}

/** Layers of overrides, from the most general to the most specific. */
export interface OverrideLayers {
  /** The scenario the overrides belong to, recorded in each overridden parameter's source. */
  readonly scenarioRef?: { readonly id: string; readonly version: string };
  readonly scenario?: ParameterOverrides;
  readonly unit?: ParameterOverrides;
  readonly unitYear?: ParameterOverrides;
}

/**
 * Every forecast parameter with its value and source for one unit (and year): the most specific override wins.
 * Numbers from the profile are written as decimal strings exactly as YAML gave them (57.08 → "57.08").
 */
export function resolveForecastParameters(
  use: ProfileUse,
  layers: OverrideLayers = {},
): Readonly<Record<ForecastParameterKey, ResolvedParameter>> {
  const out = {} as Record<ForecastParameterKey, ResolvedParameter>;
  const profileRef = { profileId: use.profile.id, profileVersion: use.profile.version };
  for (const key of forecastParameterKeys) {
    const layered: [ResolvedParameter['origin'], ParameterOverrides | undefined][] = [
      ['unit-year', layers.unitYear],
      ['unit', layers.unit],
      ['scenario', layers.scenario],
    ];
    const hit = layered.find(([, o]) => o?.[key] !== undefined);
    if (hit !== undefined) {
      out[key] = {
        key,
        value: hit[1]![key]!,
        origin: hit[0],
        source: {
          kind: 'parameter',
          profileId: `scenario:${layers.scenarioRef?.id ?? '-'}`,
          profileVersion: layers.scenarioRef?.version ?? '-',
          path: `${hit[0]}.${key}`,
        },
      };
      continue;
    }
    const pv = profileValue(use.profile, key);
    const path = PROFILE_PATHS[key];
    if (pv !== undefined && path !== undefined) {
      out[key] = { key, value: String(pv), origin: 'profile', source: { kind: 'parameter', ...profileRef, path } };
      continue;
    }
    const d = ANJU_FORECAST_DEFAULTS[key];
    if (d === undefined) throw new Error(`no default for forecast parameter ${key}`);
    out[key] = { key, value: d.value, origin: 'anju-default', source: d.source };
  }
  return out;
}
