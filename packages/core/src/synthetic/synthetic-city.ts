/**
 * Realistic synthetic monthly data at any scale, for tests, demos and benchmarks (SPEC §3.1 "a generator of realistic
 * synthetic monthly data"). Pure and replayable: the same options give the same rows, byte for byte.
 *
 * The model, per leaf unit (every draw from its own named sub-stream of the seed, so a unit's figures do not depend
 * on how many other units or measures were asked for):
 * - population (a log-normal scale, so a few units are large), slowly growing or shrinking; everything else scales
 *   with it;
 * - new-home demand = population × a purchase rate × a yearly trend × seasonality (low in February, the Spring
 *   Festival; high in June and December, the half-year and year-end pushes) × noise;
 * - new starts respond to the destocking cycle and lead presale approvals by 6–9 months;
 * - inventory (area and dwellings) = last month's + presale approvals − sales, and sales never exceed what is on
 *   offer, so inventory never goes negative; the average dwelling sold is 90–130 ㎡;
 * - the new-home price drifts by up to ±0.5 % a month, with transaction-mix noise; sales value = area × price;
 * - land, money and the remaining housing measures follow from those.
 *
 * Areas and dwellings are simulated in whole square metres and whole dwellings, so they add up exactly.
 */
import { getMeasure } from '../measure/catalogue.js';
import { periodOf } from '../period/period.js';
import { createRng, type Rng } from '../random/rng.js';
import type { SpatialUnit } from '../unit/spatial-unit.js';

/** The measures the generator knows, in the order `measures: k` takes them (the first k). */
export const SYNTHETIC_MEASURES = [
  'housing.sales-area',
  'housing.sales-units',
  'housing.inventory-area',
  'housing.presale-area',
  'housing.new-starts-area',
  'housing.price-new',
  'housing.sales-amount',
  'housing.inventory-units',
  'land.residential-supplied',
  'people.resident-population',
  'housing.presale-units',
  'housing.completions-area',
  'housing.investment',
  'housing.second-hand-sales-area',
  'housing.second-hand-sales-units',
  'housing.price-second-hand',
  'housing.destocking-cycle-reported',
  'housing.stock-area',
  'housing.stock-units',
  'housing.rental-listings',
  'housing.rent',
  'housing.per-capita-area',
  'people.urban-population',
  'people.urbanization-rate',
  'people.households',
  'people.net-inflow',
  'land.price-residential',
  'land.supplied-not-started',
  'land.idle',
  'money.mortgage-loans',
  'money.development-loans',
  'money.provident-fund-loans',
  'money.provident-fund-deposits',
  'money.provident-fund-withdrawals',
  'money.presale-funds-supervised',
] as const;

export type SyntheticMeasureCode = (typeof SYNTHETIC_MEASURES)[number];

/** The breakdown written besides the total when `breakdown` is set; the two parts add up to the total. */
export const SYNTHETIC_BREAKDOWN = ['residential', 'non-residential'] as const;

export interface SyntheticCityOptions {
  /** Six-digit code of the (made-up) city; districts are numbered under its first four digits. */
  readonly cityCode: string;
  /** How many leaf units carry data: districts up to 99, otherwise numbered sub-areas under a few districts. */
  readonly units: number;
  /** How many months, from `startMonth`. */
  readonly months: number;
  /** How many measures: the first k of SYNTHETIC_MEASURES. */
  readonly measures: number;
  readonly seed: string | number;
  /** First month, `YYYY-MM`; default 2021-01 (the first month of 十四五). */
  readonly startMonth?: string;
  /**
   * Also write residential / non-residential rows for the housing flows, stocks and prices that have them (sales,
   * inventory, presale, starts, completions, investment, second-hand): parts add up to the total, and the parts'
   * prices weighted by their areas give the total's price.
   */
  readonly breakdown?: boolean;
}

/** One generated value, in the measure's unit of measure (a decimal string), for a month (`YYYY-MM`). */
export interface SyntheticRow {
  readonly unitCode: string;
  readonly measureCode: string;
  /** '' for the total, else a SYNTHETIC_BREAKDOWN code. */
  readonly dimension: string;
  readonly period: string;
  readonly value: string;
}

/** One series written for every leaf unit and month. */
export interface SyntheticSeries {
  readonly measureCode: string;
  readonly dimension: string;
}

export interface SyntheticCity {
  readonly cityCode: string;
  /** The city, its districts and (for more than 99 units) their sub-areas, in tree order. */
  readonly units: readonly SpatialUnit[];
  /** The leaf units that carry data, in row order. */
  readonly dataUnitCodes: readonly string[];
  readonly measureCodes: readonly string[];
  readonly series: readonly SyntheticSeries[];
  /** Month codes, in order. */
  readonly periods: readonly string[];
  /** dataUnitCodes × periods × series. */
  readonly rowCount: number;
  /**
   * The rows, generated lazily (unit by unit; one unit's simulation is held at a time), ordered by unit, month,
   * series. Every call replays the same rows.
   */
  rows(): Iterable<SyntheticRow>;
}

/** Districts one city holds before the generator switches to sub-areas (two-digit district numbers). */
const MAX_DISTRICTS = 99;
/** Sub-areas per district when there are more than 99 units. */
const SUBAREAS_PER_DISTRICT = 50;
/** Months simulated before the first month written, so that lags and inventory have settled. */
const BURN_IN = 36;

// Relative monthly level, January first; normalised to a mean of 1 below.
// Sales: February (Spring Festival) lowest, June (half-year push) and December (year-end push) highest.
const SALES_SEASON = normalise([0.85, 0.55, 0.95, 0.95, 1.0, 1.2, 0.9, 0.9, 1.05, 1.0, 1.05, 1.45]);
// Construction starts: winter pause in the north, the spring start season.
const STARTS_SEASON = normalise([0.6, 0.4, 1.1, 1.2, 1.2, 1.2, 1.0, 1.0, 1.1, 1.0, 1.0, 1.2]);
const SECOND_HAND_SEASON = normalise([0.9, 0.6, 1.0, 1.05, 1.05, 1.1, 1.0, 1.0, 1.05, 1.0, 1.05, 1.2]);
// Provident-fund deposits: annual base adjustment in July, bonuses in December.
const DEPOSIT_SEASON = normalise([1.0, 0.9, 1.0, 1.0, 1.0, 1.0, 1.05, 1.0, 1.0, 1.0, 1.0, 1.1]);

/** Floor area ratio used to turn building area into land area (m² of floor per m² of land). */
const FLOOR_AREA_RATIO = 2.2;

function normalise(xs: readonly number[]): readonly number[] {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.map((x) => x / mean);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(rng.normal(0, sigma));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A number as a decimal string with a fixed number of places; never "-0.00". */
function fixed(x: number, places: number): string {
  const s = x.toFixed(places);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/**
 * Builds a synthetic city: its unit tree, the measure list and a lazy, replayable row stream.
 *
 * @example
 * const city = generateSyntheticCity({ cityCode: '990100', units: 3, months: 12, measures: 2, seed: 'anju' });
 * city.rowCount; // → 72 (3 districts × 12 months × 2 measures)
 * [...city.rows()][0]; // → { unitCode: '990101', measureCode: 'housing.sales-area', dimension: '', period: '2021-01', value: '…' }
 */
export function generateSyntheticCity(options: SyntheticCityOptions): SyntheticCity {
  const { cityCode, units: n, months: m, measures: k, seed } = options;
  if (!/^\d{6}$/.test(cityCode)) throw new RangeError(`cityCode must be six digits, got "${cityCode}"`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`units must be a positive integer, got ${n}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`months must be a positive integer, got ${m}`);
  if (!Number.isInteger(k) || k < 1 || k > SYNTHETIC_MEASURES.length) {
    throw new RangeError(`measures must be an integer from 1 to ${SYNTHETIC_MEASURES.length}, got ${k}`);
  }
  if (n > MAX_DISTRICTS * 999) throw new RangeError(`at most ${MAX_DISTRICTS * 999} units, got ${n}`);
  const start = periodOf(options.startMonth ?? '2021-01');
  if (start.grain !== 'month') throw new RangeError(`startMonth must be a month (YYYY-MM), got "${start.code}"`);
  const firstIndex = start.startYear * 12 + start.startMonth - 1;
  const periods = Array.from({ length: m }, (_, i) => {
    const idx = firstIndex + i;
    return periodOf(`${Math.floor(idx / 12)}-${pad((idx % 12) + 1, 2)}`).code;
  });
  const firstCalendarMonth = start.startMonth - 1;

  const measureCodes: SyntheticMeasureCode[] = SYNTHETIC_MEASURES.slice(0, k);
  for (const code of measureCodes) {
    if (getMeasure(code) === undefined) throw new Error(`synthetic measure ${code} is not in the catalogue`);
  }
  const series: SyntheticSeries[] = [];
  for (const code of measureCodes) {
    series.push({ measureCode: code, dimension: '' });
    if (options.breakdown === true && SPLIT[code] !== undefined) {
      for (const dimension of SYNTHETIC_BREAKDOWN) series.push({ measureCode: code, dimension });
    }
  }

  const { units, leaves } = buildUnits(cityCode, n);
  const root = createRng(seed);

  function* rows(): Generator<SyntheticRow> {
    for (const unitCode of leaves) {
      const sim = simulateUnit(root.fork(`unit:${unitCode}`), m, firstCalendarMonth, leaves.length);
      for (let t = 0; t < m; t++) {
        const period = periods[t]!;
        for (const s of series) {
          yield { unitCode, measureCode: s.measureCode, dimension: s.dimension, period, value: sim.value(s, t) };
        }
      }
    }
  }

  return {
    cityCode,
    units,
    dataUnitCodes: leaves,
    measureCodes,
    series,
    periods,
    rowCount: leaves.length * m * series.length,
    rows,
  };
}

/** The header of the long-layout CSV the generator writes (names the intake's long-layout detection knows). */
export const SYNTHETIC_CSV_HEADER = ['单元', '期间', '指标', '类型', '数值'] as const;

/**
 * The rows as long-layout CSV text (header first), in chunks of about `chunkRows` rows, for a file or a stream.
 * Codes, periods and decimals never need quoting.
 *
 * @example
 * [...syntheticCsv(city)].join('').split('\n')[1]; // → '990101,2021-01,housing.sales-area,,…' (the value depends on the seed)
 */
export function* syntheticCsv(city: SyntheticCity, chunkRows = 10_000): Generator<string> {
  let chunk = `${SYNTHETIC_CSV_HEADER.join(',')}\n`;
  let count = 0;
  for (const r of city.rows()) {
    chunk += `${r.unitCode},${r.period},${r.measureCode},${r.dimension},${r.value}\n`;
    if (++count === chunkRows) {
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  if (chunk !== '') yield chunk;
}

function buildUnits(cityCode: string, n: number): { units: SpatialUnit[]; leaves: string[] } {
  const prefix = cityCode.slice(0, 4);
  const units: SpatialUnit[] = [
    {
      code: cityCode,
      nameZh: `合成市${cityCode}`,
      nameEn: `Synthetic City ${cityCode}`,
      level: 'city',
      parentCode: null,
      aliases: [],
      attributes: { synthetic: 'true' },
      sortOrder: 0,
    },
  ];
  const leaves: string[] = [];
  const districtCount = n <= MAX_DISTRICTS ? n : Math.min(MAX_DISTRICTS, Math.ceil(n / SUBAREAS_PER_DISTRICT));
  for (let d = 1; d <= districtCount; d++) {
    const code = `${prefix}${pad(d, 2)}`;
    units.push({
      code,
      nameZh: `合成${pad(d, 2)}区`,
      nameEn: `Synthetic District ${pad(d, 2)}`,
      level: 'district',
      parentCode: cityCode,
      aliases: [],
      attributes: { synthetic: 'true' },
      sortOrder: d,
    });
    if (n <= MAX_DISTRICTS) {
      leaves.push(code);
      continue;
    }
    // Spread n sub-areas over the districts as evenly as possible.
    const count = Math.floor(n / districtCount) + (d <= n % districtCount ? 1 : 0);
    for (let s = 1; s <= count; s++) {
      const sub = `${code}${pad(s, 3)}`;
      units.push({
        code: sub,
        nameZh: `合成${pad(d, 2)}区${pad(s, 3)}片区`,
        nameEn: `Synthetic District ${pad(d, 2)} Area ${pad(s, 3)}`,
        level: 'subarea',
        parentCode: code,
        aliases: [],
        attributes: { synthetic: 'true' },
        sortOrder: s,
      });
      leaves.push(sub);
    }
  }
  return { units, leaves };
}

/** How a measure's total splits into residential and non-residential. */
type Split = 'sales' | 'inventory' | 'presale' | 'starts' | 'second-hand';

const SPLIT: Partial<Record<SyntheticMeasureCode, Split>> = {
  'housing.sales-area': 'sales',
  'housing.sales-units': 'sales',
  'housing.sales-amount': 'sales',
  'housing.price-new': 'sales',
  'housing.inventory-area': 'inventory',
  'housing.inventory-units': 'inventory',
  'housing.presale-area': 'presale',
  'housing.presale-units': 'presale',
  'housing.new-starts-area': 'starts',
  'housing.completions-area': 'starts',
  'housing.investment': 'starts',
  'housing.second-hand-sales-area': 'second-hand',
  'housing.second-hand-sales-units': 'second-hand',
  'housing.price-second-hand': 'second-hand',
};

interface UnitSimulation {
  value(series: SyntheticSeries, t: number): string;
}

/**
 * Simulates one leaf unit over BURN_IN + months and formats its values on demand. Each quantity draws from its own
 * fork of the unit's generator, so adding a quantity to the model does not move the others.
 */
function simulateUnit(rng: Rng, months: number, firstCalendarMonth: number, leafCount: number): UnitSimulation {
  const T = BURN_IN + months;
  const calendar = (i: number): number => (((firstCalendarMonth + i - BURN_IN) % 12) + 12) % 12;
  const params = rng.fork('params');
  // Smaller units when a city is cut into many sub-areas.
  const popMedian = leafCount <= MAX_DISTRICTS ? 450_000 : 80_000;
  const pop0 = logNormal(params, popMedian, 0.6);
  const popGrowthMonthly = params.normal(0.004, 0.008) / 12;
  const purchaseM2PerPersonYear = uniform(params, 0.8, 1.6);
  const demandTrendYear = params.normal(-0.05, 0.06);
  const soldUnitArea = uniform(params, 100, 120);
  const presaleUnitArea = soldUnitArea + params.normal(0, 3);
  const targetCycle = uniform(params, 12, 18);
  const startsRatio = uniform(params, 0.95, 1.2);
  const presaleLag = params.int(6, 9);
  const completionLag = params.int(24, 30);
  const presaleConversion = uniform(params, 0.85, 0.98);
  const priceLevel0 = clamp(logNormal(params, 9000, 0.35), 4000, 40000);
  const priceDrift = uniform(params, -0.005, 0.005);
  const secondHandDiscount = uniform(params, 0.75, 0.95);
  const secondHandRatio = uniform(params, 0.4, 1.2);
  const secondHandUnitArea = uniform(params, 80, 105);
  const rentYield = uniform(params, 0.018, 0.026);
  const urban0 = uniform(params, 45, 85);
  const householdSize = uniform(params, 2.5, 2.9);
  const perCapitaArea0 = uniform(params, 33, 45);
  const landPriceShare = uniform(params, 0.25, 0.45);
  const landMonthProbability = uniform(params, 0.25, 0.5);
  const idleShare = uniform(params, 0.05, 0.2);
  const pfLoanShare = uniform(params, 0.1, 0.2);
  const pfWithdrawShare = uniform(params, 0.6, 0.9);
  const pfCoveredShare = uniform(params, 0.2, 0.35);
  const wageYuan = uniform(params, 5000, 9000);
  const buildCost = uniform(params, 2500, 4000);

  const f64 = (): Float64Array => new Float64Array(T);
  const pop = f64();
  const urbanRate = f64();
  const demandBase = f64();
  const priceLevel = f64();
  const priceNew = f64();
  const starts = f64();
  const presaleArea = f64();
  const presaleUnits = f64();
  const salesArea = f64();
  const salesUnits = f64();
  const invArea = f64();
  const invUnits = f64();
  const salesAmountWan = f64();
  const completions = f64();
  const landHa = f64();
  const landPool = f64();
  const stockArea = f64();

  // Population (persons) and urbanisation.
  const popRng = rng.fork('population');
  let p = pop0;
  for (let i = 0; i < T; i++) {
    p *= 1 + popGrowthMonthly + popRng.normal(0, 0.0005);
    pop[i] = Math.round(p);
    urbanRate[i] = Math.min(95, urban0 + 0.08 * (i - BURN_IN) + popRng.normal(0, 0.02));
  }

  // Price level (元/㎡ floor area) and the observed new-home price.
  const priceRng = rng.fork('price');
  let level = priceLevel0;
  for (let i = 0; i < T; i++) {
    level *= 1 + priceDrift + priceRng.normal(0, 0.002);
    priceLevel[i] = level;
    priceNew[i] = level * (1 + priceRng.normal(0, 0.01));
  }

  // Demand, new starts, presale, sales and inventory.
  const demandRng = rng.fork('demand');
  const startsRng = rng.fork('starts');
  const presaleRng = rng.fork('presale');
  const salesRng = rng.fork('sales');
  let invA = Math.round(demandBaseAt(0) * 15);
  let invU = Math.round(invA / soldUnitArea);
  function demandBaseAt(i: number): number {
    const years = (i - BURN_IN) / 12;
    return ((pop[i] ?? pop0) * purchaseM2PerPersonYear * Math.pow(1 + demandTrendYear, years)) / 12;
  }
  for (let i = 0; i < T; i++) {
    const base = demandBaseAt(i);
    demandBase[i] = base;
    // Developers start less when the destocking cycle runs above their target.
    let recent = 0;
    const window = Math.min(12, i);
    for (let j = i - window; j < i; j++) recent += salesArea[j]!;
    const avgSales = window > 0 ? recent / window : base;
    const cycle = avgSales > 0 ? invA / avgSales : 99;
    const response = clamp(targetCycle / Math.max(cycle, 0.1), 0.3, 1.6);
    starts[i] = Math.round(
      base * startsRatio * response * STARTS_SEASON[calendar(i)]! * Math.exp(startsRng.normal(0, 0.25)),
    );
    // Presale approvals follow starts by `presaleLag` months (before the simulation began: at the base rate).
    const started = i >= presaleLag ? starts[i - presaleLag]! : base * startsRatio;
    const unitArea = clamp(presaleUnitArea + presaleRng.normal(0, 4), 95, 125);
    const pu = Math.round((started * presaleConversion * Math.exp(presaleRng.normal(0, 0.1))) / unitArea);
    presaleUnits[i] = pu;
    presaleArea[i] = Math.round(pu * unitArea);
    // Sales: demand, capped by what is on offer; dwellings sold are about the inventory's average size.
    const availableA = invA + presaleArea[i]!;
    const availableU = invU + pu;
    const demand = base * SALES_SEASON[calendar(i)]! * Math.exp(demandRng.normal(0, 0.12));
    const soldSize = clamp(soldUnitArea + salesRng.normal(0, 3), 92, 128);
    let su = Math.max(0, Math.round(demand / soldSize));
    let sa: number;
    if (availableU === 0) {
      su = 0;
      sa = 0;
    } else if (su >= availableU) {
      su = availableU;
      sa = availableA;
    } else {
      const avg = availableA / availableU;
      sa = Math.round(su * clamp(avg * (1 + salesRng.normal(0, 0.01)), 92, 128));
      // Keep what remains in inventory at a plausible dwelling size too.
      sa = Math.max(su * 90, Math.min(sa, availableA - (availableU - su) * 90));
    }
    salesUnits[i] = su;
    salesArea[i] = sa;
    invA = availableA - sa;
    invU = availableU - su;
    invArea[i] = invA;
    invUnits[i] = invU;
    salesAmountWan[i] = Math.round((sa * priceNew[i]!) / 10_000);
  }

  // Completions, the housing stock, land.
  const landRng = rng.fork('land');
  const stockRng = rng.fork('stock');
  let stock = (pop0 * urban0 * perCapitaArea0) / 100;
  let pool = (demandBaseAt(0) * 24) / (FLOOR_AREA_RATIO * 10_000);
  for (let i = 0; i < T; i++) {
    const started = i >= completionLag ? starts[i - completionLag]! : demandBase[i]! * startsRatio;
    completions[i] = Math.round(started * 0.95 * Math.exp(stockRng.normal(0, 0.15)));
    stock += completions[i]! - stock * 0.0004; // demolition of old dwellings
    stockArea[i] = Math.round(stock);
    const expectedHa = (demandBase[i]! * startsRatio) / (FLOOR_AREA_RATIO * 10_000);
    landHa[i] =
      landRng.next() < landMonthProbability
        ? Math.round((expectedHa / landMonthProbability) * Math.exp(landRng.normal(0, 0.4)) * 100) / 100
        : 0;
    pool = Math.max(0, pool + landHa[i]! - starts[i]! / (FLOOR_AREA_RATIO * 10_000));
    landPool[i] = pool;
  }

  // Residential share of each split group, per month.
  const shareOf = new Map<Split, Float64Array>();
  const share = (group: Split): Float64Array => {
    let s = shareOf.get(group);
    if (s === undefined) {
      const r = rng.fork(`share:${group}`);
      const base = uniform(r, 0.78, 0.9);
      s = new Float64Array(T);
      for (let i = 0; i < T; i++) s[i] = clamp(base + r.normal(0, 0.02), 0.6, 0.97);
      shareOf.set(group, s);
    }
    return s;
  };
  const nonResidentialPremium = uniform(rng.fork('premium'), 1.05, 1.3);

  // Remaining series, drawn from their own streams.
  const other = rng.fork('other');
  const secondHand = f64();
  const secondHandUnits = f64();
  const secondHandPrice = f64();
  const listings = f64();
  const rent = f64();
  const landPrice = f64();
  const mortgage = f64();
  const devLoans = f64();
  const pfDeposits = f64();
  const pfWithdrawals = f64();
  const presaleFunds = f64();
  let mortgageBal = (demandBaseAt(0) * priceLevel0 * 0.45 * 120) / 1e8;
  let devBal = (demandBaseAt(0) * startsRatio * buildCost * 0.4 * 18) / 1e8;
  let funds = (demandBaseAt(0) * priceLevel0 * 0.3 * 6) / 1e8;
  for (let i = 0; i < T; i++) {
    const su = Math.max(
      0,
      Math.round(
        (demandBase[i]! * secondHandRatio * SECOND_HAND_SEASON[calendar(i)]! * Math.exp(other.normal(0, 0.12))) /
          secondHandUnitArea,
      ),
    );
    secondHandUnits[i] = su;
    secondHand[i] = Math.round(su * clamp(secondHandUnitArea + other.normal(0, 3), 70, 120));
    secondHandPrice[i] = priceLevel[i]! * secondHandDiscount * (1 + other.normal(0, 0.012));
    listings[i] = Math.round(((pop[i]! * urbanRate[i]!) / 100) * 0.004 * Math.exp(other.normal(0, 0.05)));
    rent[i] = ((priceLevel[i]! * rentYield) / 12) * (1 + other.normal(0, 0.01));
    landPrice[i] = priceLevel[i]! * landPriceShare * (1 + other.normal(0, 0.05));
    const amountYi = salesAmountWan[i]! / 10_000;
    mortgageBal = mortgageBal * 0.996 + amountYi * 0.45;
    mortgage[i] = mortgageBal;
    devBal = devBal * 0.985 + (starts[i]! * buildCost * 0.4) / 1e8 / 18;
    devLoans[i] = devBal;
    const deposits =
      (((pop[i]! * urbanRate[i]!) / 100) * pfCoveredShare * wageYuan * 0.24 * DEPOSIT_SEASON[calendar(i)]!) / 1e8;
    pfDeposits[i] = deposits * (1 + other.normal(0, 0.02));
    pfWithdrawals[i] = deposits * pfWithdrawShare * Math.exp(other.normal(0, 0.08));
    funds = funds * 0.88 + amountYi * 0.3;
    presaleFunds[i] = funds;
  }

  const wan4 = (x: number): string => fixed(x / 10_000, 4);
  const yi = (x: number): string => fixed(x, 4);

  /** The total of a quantity at month t (index into the simulated arrays). */
  const total = (code: SyntheticMeasureCode, i: number): string => {
    switch (code) {
      case 'housing.sales-area':
        return wan4(salesArea[i]!);
      case 'housing.sales-units':
        return String(salesUnits[i]!);
      case 'housing.inventory-area':
        return wan4(invArea[i]!);
      case 'housing.presale-area':
        return wan4(presaleArea[i]!);
      case 'housing.new-starts-area':
        return wan4(starts[i]!);
      case 'housing.price-new':
        return fixed(priceNew[i]!, 2);
      case 'housing.sales-amount':
        return yi(salesAmountWan[i]! / 10_000);
      case 'housing.inventory-units':
        return String(invUnits[i]!);
      case 'land.residential-supplied':
        return fixed(landHa[i]!, 2);
      case 'people.resident-population':
        return fixed(pop[i]! / 10_000, 2);
      case 'housing.presale-units':
        return String(presaleUnits[i]!);
      case 'housing.completions-area':
        return wan4(completions[i]!);
      case 'housing.investment':
        return yi(investment(i));
      case 'housing.second-hand-sales-area':
        return wan4(secondHand[i]!);
      case 'housing.second-hand-sales-units':
        return String(secondHandUnits[i]!);
      case 'housing.price-second-hand':
        return fixed(secondHandPrice[i]!, 2);
      case 'housing.destocking-cycle-reported': {
        let recent = 0;
        for (let j = i - 11; j <= i; j++) recent += salesArea[j]!;
        return fixed(recent > 0 ? Math.min(999, invArea[i]! / (recent / 12)) : 999, 1);
      }
      case 'housing.stock-area':
        return wan4(stockArea[i]!);
      case 'housing.stock-units':
        return String(Math.round(stockArea[i]! / 95));
      case 'housing.rental-listings':
        return String(listings[i]!);
      case 'housing.rent':
        return fixed(rent[i]!, 2);
      case 'housing.per-capita-area':
        return fixed(stockArea[i]! / ((pop[i]! * urbanRate[i]!) / 100), 2);
      case 'people.urban-population':
        return fixed((pop[i]! * urbanRate[i]!) / 100 / 10_000, 2);
      case 'people.urbanization-rate':
        return fixed(urbanRate[i]!, 2);
      case 'people.households':
        return fixed(pop[i]! / householdSize / 10_000, 2);
      case 'people.net-inflow':
        // The change in residents less natural growth (about 0.2 ‰ a month).
        return fixed((pop[i]! - pop[i - 1]! - pop[i - 1]! * 0.0002) / 10_000, 4);
      case 'land.price-residential':
        return fixed(landPrice[i]!, 2);
      case 'land.supplied-not-started':
        return fixed(landPool[i]!, 2);
      case 'land.idle':
        return fixed(landPool[i]! * idleShare, 2);
      case 'money.mortgage-loans':
        return yi(mortgage[i]!);
      case 'money.development-loans':
        return yi(devLoans[i]!);
      case 'money.provident-fund-loans':
        return yi((salesAmountWan[i]! / 10_000) * pfLoanShare);
      case 'money.provident-fund-deposits':
        return yi(pfDeposits[i]!);
      case 'money.provident-fund-withdrawals':
        return yi(pfWithdrawals[i]!);
      case 'money.presale-funds-supervised':
        return yi(presaleFunds[i]!);
    }
  };

  /** Investment (亿元): construction spread over two years of starts, plus land bought this month. */
  function investment(i: number): number {
    let building = 0;
    for (let j = i - 23; j <= i; j++) building += starts[j]!;
    const land = landHa[i]! * 10_000 * FLOOR_AREA_RATIO * landPrice[i]! * 0.3;
    return (building * buildCost) / 24 / 1e8 + land / 1e8;
  }

  /** Splits an exact total (whole m², dwellings or 万元) into residential and non-residential. */
  const splitInteger = (x: number, s: number, dimension: string): number => {
    const residential = Math.round(x * s);
    return dimension === 'residential' ? residential : x - residential;
  };

  const part = (code: SyntheticMeasureCode, dimension: string, i: number): string => {
    const group = SPLIT[code]!;
    const s = share(group)[i]!;
    switch (code) {
      case 'housing.sales-area':
        return wan4(splitInteger(salesArea[i]!, s, dimension));
      case 'housing.sales-units':
        return String(splitInteger(salesUnits[i]!, s, dimension));
      case 'housing.inventory-area':
        return wan4(splitInteger(invArea[i]!, s, dimension));
      case 'housing.inventory-units':
        return String(splitInteger(invUnits[i]!, s, dimension));
      case 'housing.presale-area':
        return wan4(splitInteger(presaleArea[i]!, s, dimension));
      case 'housing.presale-units':
        return String(splitInteger(presaleUnits[i]!, s, dimension));
      case 'housing.new-starts-area':
        return wan4(splitInteger(starts[i]!, s, dimension));
      case 'housing.completions-area':
        return wan4(splitInteger(completions[i]!, s, dimension));
      case 'housing.investment': {
        const wan = Math.round(investment(i) * 10_000);
        return yi(splitInteger(wan, s, dimension) / 10_000);
      }
      case 'housing.second-hand-sales-area':
        return wan4(splitInteger(secondHand[i]!, s, dimension));
      case 'housing.second-hand-sales-units':
        return String(splitInteger(secondHandUnits[i]!, s, dimension));
      case 'housing.price-new':
      case 'housing.price-second-hand': {
        // Non-residential sells at a premium; the residential price is set so that the two, weighted by their
        // areas, give the total's price.
        const areas = code === 'housing.price-new' ? salesArea : secondHand;
        const a = areas[i]!;
        const sr = a > 0 ? Math.round(a * s) / a : s;
        const price = code === 'housing.price-new' ? priceNew[i]! : secondHandPrice[i]!;
        const factor =
          dimension === 'residential' ? (1 - (1 - sr) * nonResidentialPremium) / sr : nonResidentialPremium;
        return fixed(price * Math.max(factor, 0.5), 2);
      }
      case 'housing.sales-amount': {
        // Each part's value is its area × its price, so the parts add up to the total.
        const a = salesArea[i]!;
        const ar = Math.round(a * s);
        const sr = a > 0 ? ar / a : s;
        const residentialFactor = (1 - (1 - sr) * nonResidentialPremium) / sr;
        const residential = Math.round((ar * priceNew[i]! * residentialFactor) / 10_000);
        const wan = dimension === 'residential' ? residential : salesAmountWan[i]! - residential;
        return yi(wan / 10_000);
      }
      default:
        throw new Error(`no breakdown for ${code}`);
    }
  };

  return {
    value(series, t) {
      const i = BURN_IN + t;
      const code = series.measureCode as SyntheticMeasureCode;
      return series.dimension === '' ? total(code, i) : part(code, series.dimension, i);
    },
  };
}
