/**
 * Every derived market indicator for every unit and period of a city (SPEC §3.2): destocking cycles by property
 * type and basis with their class, year-on-year and period-on-period changes, shares of the city total, price watch
 * and the profile's warning rules. `computeMarketIndicators` does it all; `updateMarketIndicators` recomputes only
 * the units whose data changed (and the shares that depend on them) and gives the same result as a full recompute.
 */
import type { Explained } from '../provenance/explained.js';
import type { WarningRule } from '../profile/profile-schema.js';
import { periodOnPeriod, shareOfTotal, yearOnYear } from './change.js';
import { classifyCycle, type CycleClassification } from './cycle-class.js';
import { destockingCycle, type CycleBasis, type DestockingCycle } from './destocking-cycle.js';
import { profileRef, type MarketProfile, type SeriesValue } from './market-profile.js';
import { priceWatch, type PriceKind, type PriceWatch } from './price-watch.js';
import { evaluateWarningRule, type IndicatorValue, type WarningEvaluation } from './warnings.js';

/** The property types cycles are computed for: all commodity housing, residential, non-residential. */
export const CYCLE_PROPERTY_TYPES = ['', 'residential', 'non-residential'] as const;
export const CYCLE_BASES: readonly CycleBasis[] = ['area', 'units'];

const INVENTORY: Readonly<Record<CycleBasis, string>> = {
  area: 'housing.inventory-area',
  units: 'housing.inventory-units',
};
const SALES: Readonly<Record<CycleBasis, string>> = { area: 'housing.sales-area', units: 'housing.sales-units' };

/** The measures whose changes are tracked, with the breakdown read and the unit of measure. */
export const TRACKED_CHANGES: readonly { measure: string; dimension: string; uom: string }[] = [
  { measure: 'housing.sales-area', dimension: '', uom: 'wan-sqm' },
  { measure: 'housing.sales-area', dimension: 'residential', uom: 'wan-sqm' },
  { measure: 'housing.inventory-area', dimension: '', uom: 'wan-sqm' },
  { measure: 'housing.inventory-area', dimension: 'residential', uom: 'wan-sqm' },
  { measure: 'housing.price-new', dimension: 'residential', uom: 'yuan-per-sqm' },
];

const PRICES: readonly { kind: PriceKind; measure: string; dimensions: readonly string[]; uom: string }[] = [
  { kind: 'new-home', measure: 'housing.price-new', dimensions: ['residential', ''], uom: 'yuan-per-sqm' },
  { kind: 'second-hand', measure: 'housing.price-second-hand', dimensions: ['residential', ''], uom: 'yuan-per-sqm' },
  { kind: 'rent', measure: 'housing.rent', dimensions: ['residential', ''], uom: 'yuan-per-sqm-month' },
  { kind: 'land', measure: 'land.price-residential', dimensions: [''], uom: 'yuan-per-sqm' },
];

/** Series lookup: the published values of one unit, measure and breakdown (any order). */
export type SeriesLookup = (unitCode: string, measureCode: string, dimension: string) => readonly SeriesValue[];

export interface MarketData {
  readonly cityUnitCode: string;
  /** Every unit to compute, the city itself included. */
  readonly unitCodes: readonly string[];
  /** The periods to compute, one grain (e.g. every month, or the years 2021–2025). */
  readonly periods: readonly string[];
  readonly series: SeriesLookup;
}

export interface CycleRow {
  readonly cycle: DestockingCycle;
  readonly classification: CycleClassification;
}

export interface ChangeRow {
  readonly measure: string;
  readonly dimension: string;
  readonly period: string;
  readonly yoy: Explained;
  readonly pop: Explained;
}

export interface ShareRow {
  readonly measure: string;
  readonly dimension: string;
  readonly period: string;
  readonly share: Explained;
}

export interface UnitMarketIndicators {
  readonly unitCode: string;
  readonly cycles: readonly CycleRow[];
  readonly changes: readonly ChangeRow[];
  readonly prices: readonly PriceWatch[];
  readonly warnings: readonly WarningEvaluation[];
}

export interface MarketIndicators {
  readonly profile: { readonly id: string; readonly version: string };
  /** By unit code, in `unitCodes` order. */
  readonly units: Readonly<Record<string, UnitMarketIndicators>>;
  readonly shares: Readonly<Record<string, readonly ShareRow[]>>;
  /** Warning rules whose indicator Anju cannot derive from the data (listed, not guessed). */
  readonly unsupportedRules: readonly string[];
}

const SHARE_MEASURES: readonly { measure: string; dimension: string; uom: string }[] = [
  { measure: 'housing.sales-area', dimension: '', uom: 'wan-sqm' },
  { measure: 'housing.inventory-area', dimension: '', uom: 'wan-sqm' },
];

const SUPPORTED_INDICATORS = new Set([
  'market.destocking-cycle',
  'market.new-home-price-yoy',
  'land.residential-land-price-yoy',
]);

function pick(
  series: SeriesLookup,
  unit: string,
  measure: string,
  dimensions: readonly string[],
): readonly SeriesValue[] {
  for (const d of dimensions) {
    const s = series(unit, measure, d);
    if (s.length > 0) return s;
  }
  return [];
}

function indicatorSeries(
  rule: WarningRule,
  unit: string,
  data: MarketData,
  cycles: readonly CycleRow[],
): IndicatorValue[] {
  if (rule.indicator === 'market.destocking-cycle') {
    const dim = rule.dimension ?? '';
    return cycles
      .filter((c) => c.cycle.basis === 'area' && c.cycle.propertyType === dim)
      .map((c) => ({
        period: c.cycle.period,
        value: c.cycle.kind === 'months' ? c.cycle.months : null,
        explained: c.cycle.explained,
      }));
  }
  const measure = rule.indicator === 'market.new-home-price-yoy' ? 'housing.price-new' : 'land.price-residential';
  const dims = rule.dimension === undefined ? ['residential', ''] : [rule.dimension];
  const s = pick(data.series, unit, measure, dims);
  return data.periods.map((period) => {
    const e = yearOnYear(s, period, 'yuan-per-sqm');
    return { period, value: e.value, explained: e };
  });
}

/** All indicators of one unit (cycles, changes, prices, warnings). */
export function computeUnitIndicators(unit: string, data: MarketData, profile: MarketProfile): UnitMarketIndicators {
  const window = profile.destocking.windowMonths.value;
  const ref = profileRef(profile);
  const cycles: CycleRow[] = [];
  for (const basis of CYCLE_BASES) {
    for (const type of CYCLE_PROPERTY_TYPES) {
      const inventory = data.series(unit, INVENTORY[basis], type);
      const sales = data.series(unit, SALES[basis], type);
      if (inventory.length === 0 && sales.length === 0) continue;
      for (const period of data.periods) {
        const cycle = destockingCycle({
          period,
          inventory: inventory.find((v) => v.period === period),
          sales,
          windowMonths: window,
          basis,
          propertyType: type,
          profile: ref,
        });
        cycles.push({ cycle, classification: classifyCycle(cycle, profile) });
      }
    }
  }
  const changes: ChangeRow[] = [];
  for (const c of TRACKED_CHANGES) {
    const s = data.series(unit, c.measure, c.dimension);
    if (s.length === 0) continue;
    for (const period of data.periods) {
      changes.push({
        measure: c.measure,
        dimension: c.dimension,
        period,
        yoy: yearOnYear(s, period, c.uom),
        pop: periodOnPeriod(s, period, c.uom),
      });
    }
  }
  const prices: PriceWatch[] = [];
  for (const p of PRICES) {
    const s = pick(data.series, unit, p.measure, p.dimensions);
    if (s.length === 0) continue;
    for (const period of data.periods) prices.push(priceWatch(p.kind, s, period, p.uom, profile));
  }
  const warnings: WarningEvaluation[] = [];
  for (const rule of profile.warningRules) {
    if (!SUPPORTED_INDICATORS.has(rule.indicator)) continue;
    warnings.push(...evaluateWarningRule(rule, unit, indicatorSeries(rule, unit, data, cycles), profile));
  }
  return { unitCode: unit, cycles, changes, prices, warnings };
}

function unitShares(unit: string, data: MarketData): ShareRow[] {
  const rows: ShareRow[] = [];
  for (const m of SHARE_MEASURES) {
    const part = data.series(unit, m.measure, m.dimension);
    if (part.length === 0) continue;
    const total = data.series(data.cityUnitCode, m.measure, m.dimension);
    for (const period of data.periods) {
      rows.push({
        measure: m.measure,
        dimension: m.dimension,
        period,
        share: shareOfTotal(
          part.find((v) => v.period === period),
          total.find((v) => v.period === period),
          m.uom,
        ),
      });
    }
  }
  return rows;
}

/** Computes every market indicator for every unit and period of `data` with `profile`. */
export function computeMarketIndicators(data: MarketData, profile: MarketProfile): MarketIndicators {
  const units: Record<string, UnitMarketIndicators> = {};
  const shares: Record<string, readonly ShareRow[]> = {};
  for (const unit of data.unitCodes) {
    units[unit] = computeUnitIndicators(unit, data, profile);
    shares[unit] = unitShares(unit, data);
  }
  return {
    profile: profileRef(profile),
    units,
    shares,
    unsupportedRules: profile.warningRules.filter((r) => !SUPPORTED_INDICATORS.has(r.indicator)).map((r) => r.id),
  };
}

/**
 * Recomputes the indicators of the units in `changedUnits` (their data changed) and the shares that depend on them;
 * every other unit is carried over from `previous`. When the city unit changed, every unit's shares are redone.
 * Equal to `computeMarketIndicators(data, profile)` when `previous` was computed with the same profile and periods.
 */
export function updateMarketIndicators(
  previous: MarketIndicators,
  data: MarketData,
  changedUnits: readonly string[],
  profile: MarketProfile,
): MarketIndicators {
  const changed = new Set(changedUnits);
  const cityChanged = changed.has(data.cityUnitCode);
  const units: Record<string, UnitMarketIndicators> = {};
  const shares: Record<string, readonly ShareRow[]> = {};
  for (const unit of data.unitCodes) {
    const old = previous.units[unit];
    units[unit] = changed.has(unit) || old === undefined ? computeUnitIndicators(unit, data, profile) : old;
    const oldShares = previous.shares[unit];
    shares[unit] = cityChanged || changed.has(unit) || oldShares === undefined ? unitShares(unit, data) : oldShares;
  }
  return { profile: profileRef(profile), units, shares, unsupportedRules: previous.unsupportedRules };
}
