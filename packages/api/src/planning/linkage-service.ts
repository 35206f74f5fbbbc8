// 以房定地 and plan tracking on the element database: the land-supply class of every unit from its stored destocking
// cycle, its net population inflow and the stock land it revitalised (all published figures), and 003's annual plans
// beside the actuals. Shared by the API routes and the `anju linkage classify` / `anju plan track` commands.
import {
  classifyLandSupply,
  comparePeriods,
  getMeasure,
  periodOf,
  sumDecimals,
  trackAnnualPlan,
  type LandClass,
  type SourceRef,
  type TrackedLine,
} from '@anju/core';
import { ZHANGYE_TRACKING_FIRST_YEAR, ZHANGYE_TRACKING_LINES } from '@anju/samples';
import { getSeries, listDerivedCycles, listUnits, type Store } from '@anju/store';
import { marketProfileFor } from '../market/market-service.js';

export interface StoredLandClass {
  readonly unitCode: string;
  readonly period: string;
  /** Where the cycle came from: Anju's stored computation, the printed (reported) figure, or none. */
  readonly cycleSource: 'computed' | 'printed' | 'none';
  readonly cycleMonths: string | null;
  readonly netInflowWan: string | null;
  readonly revitalisedHa: string | null;
  readonly result: LandClass;
}

export interface CityLandClasses {
  readonly cityCode: string;
  readonly profile: { readonly id: string; readonly version: string };
  readonly periods: readonly string[];
  readonly period: string | null;
  readonly classes: readonly StoredLandClass[];
}

const observationSource = (
  cityCode: string,
  unitCode: string,
  measureCode: string,
  dimension: string,
  period: string,
  revisionId: string,
): SourceRef => ({ kind: 'observation', cityCode, unitCode, measureCode, dimension, period, revisionId });

/** A published measure at one period's grain for every unit: `unit → { value, source }`. */
async function valuesAt(
  store: Store,
  cityCode: string,
  measureCode: string,
  dimension: string,
  period: string,
): Promise<Map<string, { value: string; revisionId: string }>> {
  const def = getMeasure(measureCode);
  const grain = periodOf(period).grain;
  const points = await getSeries(store, {
    cityCode,
    measureCode,
    dimension,
    fromPeriod: period,
    toPeriod: period,
    ...(grain === 'span' ? {} : { grain }),
    ...(def === undefined ? {} : { rollUp: def.rollUp }),
  });
  return new Map(points.filter((p) => p.period === period).map((p) => [p.unitCode, p]));
}

/**
 * Classifies every unit of the city for `period` (default: the latest period in which some unit has a cycle) under
 * the city's profile. The cycle is the stored residential cycle on area (all commodity housing where no residential
 * one exists); where the store has none, the printed cycle stands in, marked as such.
 */
export async function classifyFromStore(
  store: Store,
  cityCode: string,
  options: { period?: string; profileId?: string } = {},
): Promise<CityLandClasses> {
  const profile = await marketProfileFor(cityCode, options.profileId);
  const units = await listUnits(store, cityCode);
  const cycles = await listDerivedCycles(store, { cityCode, basis: 'area' });
  const printed = new Map<string, { value: string; revisionId: string }>();
  for (const dimension of ['', 'residential']) {
    const points = await getSeries(store, { cityCode, measureCode: 'housing.destocking-cycle-reported', dimension });
    for (const p of points) printed.set(`${p.unitCode}|${dimension}|${p.period}`, p);
  }
  const periodSet = new Set(cycles.map((c) => c.period));
  for (const key of printed.keys()) periodSet.add(key.split('|')[2]!);
  const periods = [...periodSet].sort((a, b) => comparePeriods(periodOf(a), periodOf(b)));
  // Default: the latest period in which some unit has a cycle to classify by (computed months or a printed figure) —
  // a newer period with inventory alone (no sales yet) would classify nothing.
  const withCycle = new Set([
    ...cycles.filter((c) => c.kind === 'months').map((c) => c.period),
    ...[...printed.keys()].map((k) => k.split('|')[2]!),
  ]);
  const period = options.period ?? periods.filter((x) => withCycle.has(x)).at(-1) ?? periods.at(-1) ?? null;
  if (period === null) {
    return { cityCode, profile: { id: profile.id, version: profile.version }, periods, period, classes: [] };
  }
  const inflow = await valuesAt(store, cityCode, 'people.net-inflow', '', period);
  const revitalised = await valuesAt(store, cityCode, 'land.revitalised', '', period);
  const byKey = new Map(cycles.map((c) => [`${c.unitCode}|${c.propertyType}|${c.period}`, c]));
  const classes: StoredLandClass[] = [];
  for (const unit of units) {
    let cycleMonths: string | null = null;
    let cycleSource: StoredLandClass['cycleSource'] = 'none';
    for (const type of ['residential', '']) {
      const c = byKey.get(`${unit.unitCode}|${type}|${period}`);
      if (c?.kind === 'months') {
        cycleMonths = c.months;
        cycleSource = 'computed';
        break;
      }
    }
    if (cycleSource === 'none') {
      for (const type of ['residential', '']) {
        const p = printed.get(`${unit.unitCode}|${type}|${period}`);
        if (p !== undefined) {
          cycleMonths = p.value;
          cycleSource = 'printed';
          break;
        }
      }
    }
    const net = inflow.get(unit.unitCode);
    const land = revitalised.get(unit.unitCode);
    const result = classifyLandSupply(profile, {
      unitCode: unit.unitCode,
      period,
      cycleMonths,
      netMigrationWan: net?.value ?? null,
      revitalisedStockLandHa: land?.value ?? null,
    });
    classes.push({
      unitCode: unit.unitCode,
      period,
      cycleSource,
      cycleMonths,
      netInflowWan: net?.value ?? null,
      revitalisedHa: land?.value ?? null,
      result,
    });
  }
  return { cityCode, profile: { id: profile.id, version: profile.version }, periods, period, classes };
}

/**
 * 003 第六章's annual plans against the city unit's published yearly actuals (Zhangye only: the bundled annual plan
 * is 003's). Each line's actual is the sum of its declared breakdowns; a year with none of them published is null.
 */
export async function trackZhangyePlan(store: Store, cityCode: string): Promise<TrackedLine[]> {
  const units = await listUnits(store, cityCode);
  const cityUnit = units.find((u) => u.parentCode === null)?.unitCode ?? cityCode;
  const actuals = new Map<string, Map<number, { value: string; source?: SourceRef }>>();
  for (const line of ZHANGYE_TRACKING_LINES) {
    const def = getMeasure(line.actual.measureCode);
    const byYear = new Map<number, { values: string[]; sources: SourceRef[] }>();
    for (const dimension of line.actual.dimensions) {
      const points = await getSeries(store, {
        cityCode,
        measureCode: line.actual.measureCode,
        dimension,
        unitCodes: [cityUnit],
        grain: 'year',
        ...(def === undefined ? {} : { rollUp: def.rollUp }),
      });
      for (const p of points) {
        const year = Number(p.period);
        const entry = byYear.get(year) ?? { values: [], sources: [] };
        entry.values.push(p.value);
        entry.sources.push(
          observationSource(cityCode, cityUnit, line.actual.measureCode, dimension, p.period, p.revisionId),
        );
        byYear.set(year, entry);
      }
    }
    actuals.set(
      line.id,
      new Map(
        [...byYear].map(([year, e]) => [
          year,
          { value: sumDecimals(e.values), ...(e.sources.length === 1 ? { source: e.sources[0]! } : {}) },
        ]),
      ),
    );
  }
  return trackAnnualPlan(ZHANGYE_TRACKING_LINES, ZHANGYE_TRACKING_FIRST_YEAR, (line, year) =>
    actuals.get(line.id)?.get(year),
  );
}
