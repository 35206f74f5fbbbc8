// Market monitoring on the element database: reads the published view, resolves the city's policy profile and runs
// core/market over every unit and period. Shared by the API routes and the `anju market` command.
import {
  classifyCycle,
  comparePeriods,
  computeMarketIndicators,
  formatCycle,
  getMeasure,
  given,
  multiplyDecimals,
  periodOf,
  inventoryAgeStructure,
  roundDecimal,
  type EffectivePolicyProfile,
  type Explained,
  type InventoryAgeStructure,
  type PresaleProject,
  type PriceWatch,
  type CycleRow,
  type MarketData,
  type MarketIndicators,
  type SeriesValue,
  type WarningEvaluation,
} from '@anju/core';
import { profileCatalogue } from '@anju/samples';
import { getSeries, listPresaleProjects, listUnits, type Store } from '@anju/store';

export type MarketGrain = 'month' | 'quarter' | 'year';

/** The measures and breakdowns core/market reads. */
const MARKET_SERIES: readonly { measure: string; dimensions: readonly string[] }[] = [
  { measure: 'housing.inventory-area', dimensions: ['', 'residential', 'non-residential'] },
  { measure: 'housing.inventory-units', dimensions: ['', 'residential', 'non-residential'] },
  { measure: 'housing.sales-area', dimensions: ['', 'residential', 'non-residential'] },
  { measure: 'housing.sales-units', dimensions: ['', 'residential', 'non-residential'] },
  { measure: 'housing.price-new', dimensions: ['', 'residential'] },
  { measure: 'housing.price-second-hand', dimensions: ['', 'residential'] },
  { measure: 'housing.rent', dimensions: ['', 'residential'] },
  { measure: 'land.price-residential', dimensions: [''] },
  { measure: 'housing.destocking-cycle-reported', dimensions: ['', 'residential', 'non-residential'] },
];

/** The effective profile for a city: `profileId` if given, else the bundled profile with the city's code, else the national default. */
export async function marketProfileFor(cityCode: string, profileId?: string): Promise<EffectivePolicyProfile> {
  const catalogue = await profileCatalogue();
  const r = profileId === undefined ? catalogue.forCity(cityCode) : catalogue.resolve(profileId);
  if (r === undefined) throw new RangeError(`No policy profile ${profileId}`);
  return r.profile;
}

export interface CityMarket {
  readonly cityCode: string;
  readonly grain: MarketGrain;
  readonly periods: readonly string[];
  readonly units: readonly {
    unitCode: string;
    nameZh: string;
    nameEn: string;
    level: string;
    parentCode: string | null;
  }[];
  readonly profile: EffectivePolicyProfile;
  readonly indicators: MarketIndicators;
  /** The published series the indicators were computed from. */
  readonly data: MarketData;
  /** Printed (reported) cycles by `${unit}|${dimension}|${period}`. */
  readonly printed: ReadonlyMap<string, string>;
  /** The revision each printed cycle was published in, same keys. */
  readonly printedRevisions?: ReadonlyMap<string, string>;
}

/**
 * Computes every market indicator of a city from the published view. `grain` defaults to month when inventory is
 * reported monthly, else year (the seeds' tables). Flows and stocks are read at that grain, rolled up in SQL from finer
 * rows by each measure's rule where needed.
 */
export async function computeCityMarket(
  store: Store,
  cityCode: string,
  options: { grain?: MarketGrain; profileId?: string } = {},
): Promise<CityMarket> {
  const profile = await marketProfileFor(cityCode, options.profileId);
  const unitRows = await listUnits(store, cityCode);
  let grain = options.grain;
  if (grain === undefined) {
    const monthly = await getSeries(store, {
      cityCode,
      measureCode: 'housing.inventory-area',
      dimension: 'residential',
      grain: 'month',
    });
    grain = monthly.length > 0 ? 'month' : 'year';
  }
  const lookup = new Map<string, SeriesValue[]>();
  const periodSet = new Set<string>();
  const printed = new Map<string, string>();
  const printedRevisions = new Map<string, string>();
  for (const { measure, dimensions } of MARKET_SERIES) {
    const def = getMeasure(measure);
    if (def === undefined) continue;
    for (const dimension of dimensions) {
      const points = await getSeries(store, {
        cityCode,
        measureCode: measure,
        dimension,
        grain,
        ...(grain === 'month' ? {} : { rollUp: def.rollUp }),
      });
      for (const p of points) {
        if (measure === 'housing.destocking-cycle-reported') {
          printed.set(`${p.unitCode}|${dimension}|${p.period}`, p.value);
          printedRevisions.set(`${p.unitCode}|${dimension}|${p.period}`, p.revisionId);
          continue;
        }
        const key = `${p.unitCode}|${measure}|${dimension}`;
        let list = lookup.get(key);
        if (list === undefined) lookup.set(key, (list = []));
        list.push({
          period: p.period,
          value: p.value,
          source: {
            kind: 'observation',
            cityCode,
            unitCode: p.unitCode,
            measureCode: measure,
            dimension,
            period: p.period,
            revisionId: p.revisionId,
          },
        });
        if (measure === 'housing.inventory-area' || measure === 'housing.sales-area') periodSet.add(p.period);
      }
    }
  }
  const periods = [...periodSet].sort((a, b) => comparePeriods(periodOf(a), periodOf(b)));
  const city = unitRows.find((u) => u.level === 'city')?.unitCode ?? cityCode;
  const data: MarketData = {
    cityUnitCode: city,
    unitCodes: unitRows.map((u) => u.unitCode),
    periods,
    series: (u, m, d) => lookup.get(`${u}|${m}|${d}`) ?? [],
  };
  const indicators = computeMarketIndicators(data, profile);
  return {
    cityCode,
    grain,
    periods,
    units: unitRows.map((u) => ({
      unitCode: u.unitCode,
      nameZh: u.nameZh,
      nameEn: u.nameEn,
      level: u.level,
      parentCode: u.parentCode,
    })),
    profile,
    indicators,
    data,
    printed,
    printedRevisions,
  };
}

/** One destocking-cycle row for tables and the API. */
export interface CycleView {
  readonly unitCode: string;
  readonly period: string;
  readonly propertyType: string;
  readonly basis: 'area' | 'units';
  readonly kind: 'months' | 'no-sales' | 'no-data';
  /** Exact months, or null. */
  readonly months: string | null;
  /** Months to one decimal, "—" for no sales, "" when not computable. */
  readonly display: string;
  readonly partial: boolean;
  readonly monthsUsed: number;
  readonly windowMonths: number;
  readonly classId: string | null;
  readonly classZh: string;
  readonly classEn: string;
  readonly range: 'below' | 'within' | 'above' | null;
  /** The cycle a source printed for the same unit, type and period (area basis only), or null. */
  readonly printed: string | null;
  /** How the cycle was computed (inputs, window, formula). */
  readonly explained: Explained;
  /** Why it falls in its class (the profile's bands and range). */
  readonly classExplained: Explained;
  /**
   * The printed cycle classified by the same bands and range — shown where Anju cannot compute a cycle (a source
   * printing cycles without the sales they rest on), never in place of a computed one. Null without a printed value.
   */
  readonly printedClass: {
    readonly classId: string | null;
    readonly classZh: string;
    readonly classEn: string;
    readonly range: 'below' | 'within' | 'above' | null;
    readonly explained: Explained;
  } | null;
}

function classifyPrinted(market: CityMarket, unitCode: string, c: CycleRow['cycle']): CycleView['printedClass'] {
  const key = `${unitCode}|${c.propertyType}|${c.period}`;
  const value = market.printed.get(key);
  if (value === undefined) return null;
  const revisionId = market.printedRevisions?.get(key);
  const cycle: CycleRow['cycle'] = {
    kind: 'months',
    months: value,
    period: c.period,
    basis: c.basis,
    propertyType: c.propertyType,
    windowMonths: c.windowMonths,
    monthsUsed: 0,
    partial: false,
    explained: given(
      value,
      'month',
      { zh: '公布的去化周期', en: 'printed destocking cycle' },
      revisionId === undefined
        ? undefined
        : {
            kind: 'observation',
            cityCode: market.cityCode,
            unitCode,
            measureCode: 'housing.destocking-cycle-reported',
            dimension: c.propertyType,
            period: c.period,
            revisionId,
          },
    ),
  };
  const k = classifyCycle(cycle, market.profile);
  if (k.kind !== 'band') return null;
  return { classId: k.bandId, classZh: k.labelZh, classEn: k.labelEn, range: k.range, explained: k.explained };
}

export function cycleViews(
  market: CityMarket,
  filter: { unit?: readonly string[]; period?: string; propertyType?: string; basis?: 'area' | 'units' } = {},
): CycleView[] {
  const out: CycleView[] = [];
  for (const u of market.units) {
    if (filter.unit !== undefined && !filter.unit.includes(u.unitCode)) continue;
    for (const row of market.indicators.units[u.unitCode]?.cycles ?? []) {
      const c = row.cycle;
      if (filter.period !== undefined && c.period !== filter.period) continue;
      if (filter.propertyType !== undefined && c.propertyType !== filter.propertyType) continue;
      if (filter.basis !== undefined && c.basis !== filter.basis) continue;
      const k = row.classification;
      out.push({
        unitCode: u.unitCode,
        period: c.period,
        propertyType: c.propertyType,
        basis: c.basis,
        kind: c.kind,
        months: c.kind === 'months' ? c.months : null,
        display: formatCycle(c),
        partial: c.partial,
        monthsUsed: c.monthsUsed,
        windowMonths: c.windowMonths,
        classId: k.kind === 'band' ? k.bandId : k.kind,
        classZh: k.kind === 'band' ? k.labelZh : k.kind === 'no-sales' ? '无销售' : '无法计算',
        classEn: k.kind === 'band' ? k.labelEn : k.kind === 'no-sales' ? 'no sales' : 'not computable',
        range: k.kind === 'band' ? k.range : null,
        printed:
          c.basis === 'area' ? (market.printed.get(`${u.unitCode}|${c.propertyType}|${c.period}`) ?? null) : null,
        explained: c.explained,
        classExplained: k.explained,
        printedClass: c.basis === 'area' ? classifyPrinted(market, u.unitCode, c) : null,
      });
    }
  }
  return out;
}

/** One warning row (an active or cleared warning) for tables and the API. */
export interface WarningView {
  readonly ruleId: string;
  readonly ruleZh: string;
  readonly ruleEn: string;
  readonly unitCode: string;
  readonly period: string;
  readonly state: WarningEvaluation['state'];
  readonly level: string | null;
  readonly since: string | null;
  readonly value: string | null;
  readonly valueDisplay: string;
  readonly threshold: string | null;
  /** The threshold as shown: months for cycles, a percentage for yearly changes. */
  readonly thresholdDisplay: string;
  readonly thresholdDisplayEn: string;
  readonly explanationZh: string;
  readonly explanationEn: string;
  /** The rule's evaluation: value, thresholds, levels and the profile parameters used. */
  readonly explained: Explained;
}

export function warningViews(
  market: CityMarket,
  filter: { unit?: readonly string[]; period?: string; level?: string; states?: readonly string[] } = {},
): WarningView[] {
  const states = filter.states ?? ['raised', 'active', 'cleared'];
  const rules = new Map(market.profile.warningRules.map((r) => [r.id, r]));
  const out: WarningView[] = [];
  for (const u of market.units) {
    if (filter.unit !== undefined && !filter.unit.includes(u.unitCode)) continue;
    for (const w of market.indicators.units[u.unitCode]?.warnings ?? []) {
      if (!states.includes(w.state)) continue;
      if (filter.period !== undefined && w.period !== filter.period) continue;
      if (filter.level !== undefined && w.level !== filter.level) continue;
      const rule = rules.get(w.ruleId);
      const isCycle = rule?.indicator === 'market.destocking-cycle';
      // cycles are months; every other indicator is a yearly change held as a fraction, shown as a percentage
      const display = (v: string | null): string =>
        v === null ? '—' : isCycle ? roundDecimal(v, 1) : `${roundDecimal(multiplyDecimals(v, '100'), 2)}%`;
      const shown = display(w.value);
      // an outside-range rule's threshold is a distance outside the range (0: anywhere outside), so show the range itself
      const range = rule?.comparison === 'outside-range' ? rule.range : undefined;
      const beyond = w.threshold !== null && Number(w.threshold) !== 0 ? display(w.threshold) : undefined;
      const thresholdZh =
        range === undefined || w.threshold === null
          ? display(w.threshold)
          : `${range.min}—${range.max} 外${beyond === undefined ? '' : ` ${beyond} 以上`}`;
      const thresholdEn =
        range === undefined || w.threshold === null
          ? display(w.threshold)
          : `outside ${range.min}–${range.max}${beyond === undefined ? '' : ` by ${beyond}+`}`;
      out.push({
        ruleId: w.ruleId,
        ruleZh: rule?.labelZh ?? w.ruleId,
        ruleEn: rule?.labelEn ?? w.ruleId,
        unitCode: u.unitCode,
        period: w.period,
        state: w.state,
        level: w.level,
        since: w.since,
        value: w.value,
        valueDisplay: shown,
        threshold: w.threshold,
        thresholdDisplay: thresholdZh,
        thresholdDisplayEn: thresholdEn,
        explanationZh: `${u.nameZh} ${w.period}：${rule?.labelZh ?? w.ruleId}，数值 ${shown}，阈值 ${thresholdZh}${w.since === null ? '' : `，自 ${w.since} 起`}（${market.profile.id}@${market.profile.version}）`,
        explanationEn: `${u.nameEn || u.nameZh} ${w.period}: ${rule?.labelEn ?? w.ruleId}, value ${shown}, threshold ${thresholdEn}${w.since === null ? '' : `, since ${w.since}`} (${market.profile.id}@${market.profile.version})`,
        explained: w.explained,
      });
    }
  }
  return out;
}

/** One price-watch row: a unit's yearly price change of one kind against the profile's cap. */
export interface PriceView {
  readonly unitCode: string;
  readonly kind: PriceWatch['kind'];
  readonly period: string;
  readonly status: PriceWatch['status'];
  /** Year-on-year change as a ratio (0.04 = 4 %), or null. */
  readonly change: string | null;
  readonly cap: string | null;
  readonly changeExplained: Explained;
  readonly explained: Explained;
}

export function priceViews(
  market: CityMarket,
  filter: { unit?: readonly string[]; period?: string } = {},
): PriceView[] {
  const out: PriceView[] = [];
  for (const u of market.units) {
    if (filter.unit !== undefined && !filter.unit.includes(u.unitCode)) continue;
    for (const p of market.indicators.units[u.unitCode]?.prices ?? []) {
      if (filter.period !== undefined && p.period !== filter.period) continue;
      out.push({
        unitCode: u.unitCode,
        kind: p.kind,
        period: p.period,
        status: p.status,
        change: p.change.value,
        cap: p.cap,
        changeExplained: p.change,
        explained: p.explained,
      });
    }
  }
  return out;
}

/** The inventory age structure of one unit (its own and its descendants' projects). */
export interface UnitInventoryAge extends InventoryAgeStructure {
  readonly unitCode: string;
  readonly projectCount: number;
}

export interface CityInventoryAge {
  readonly asOf: string;
  readonly profile: EffectivePolicyProfile;
  /** The revisions the projects were read from (the current view of each project). */
  readonly revisionIds: readonly string[];
  readonly units: readonly UnitInventoryAge[];
}

/**
 * Inventory by age since presale approval (000 专栏3) for every unit of a city that has presale projects, as seen on
 * `asOf`, from the published presale-project records. A unit counts its own projects and those of its sub-units.
 */
export async function computeInventoryAge(
  store: Store,
  cityCode: string,
  options: { asOf: string; propertyType?: string; profileId?: string; unit?: readonly string[] },
): Promise<CityInventoryAge> {
  const profile = await marketProfileFor(cityCode, options.profileId);
  const [unitRows, stored] = await Promise.all([listUnits(store, cityCode), listPresaleProjects(store, cityCode)]);
  const parent = new Map(unitRows.map((u) => [u.unitCode, u.parentCode]));
  const within = (code: string, ancestor: string): boolean => {
    for (let c: string | null | undefined = code; c != null; c = parent.get(c)) if (c === ancestor) return true;
    return false;
  };
  const projects: PresaleProject[] = stored.map((p) => ({
    projectId: p.projectId,
    unitCode: p.unitCode,
    propertyType: p.propertyType,
    approvalDate: p.approvalDate,
    approvedAreaSqm: p.approvedAreaSqm,
    approvedUnits: p.approvedUnits,
    soldAreaSqm: p.soldAreaSqm,
    soldUnits: p.soldUnits,
    status: p.status,
  }));
  const units: UnitInventoryAge[] = [];
  for (const u of unitRows) {
    if (options.unit !== undefined && !options.unit.includes(u.unitCode)) continue;
    const mine = projects.filter((p) => within(p.unitCode, u.unitCode));
    if (mine.length === 0) continue;
    const s = inventoryAgeStructure(
      {
        projects: mine,
        asOf: options.asOf,
        ...(options.propertyType === undefined ? {} : { propertyType: options.propertyType }),
      },
      profile,
    );
    units.push({ ...s, unitCode: u.unitCode, projectCount: mine.length });
  }
  return {
    asOf: options.asOf,
    profile,
    revisionIds: [...new Set(stored.map((p) => p.revisionId))].sort((a, b) => Number(a) - Number(b)),
    units,
  };
}
