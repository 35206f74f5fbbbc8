/**
 * Policy profile schema (SPEC §2 "Policy profile"): a city's rules and parameters as versioned data.
 *
 * Every parameter is `{ value, unit?, source, note? }` and every structured rule carries its own `source`, so each
 * number can name the seed sentence it comes from. A profile that `extends` another (usually `national-default`)
 * is a partial document: it lists only what its own seed states. A root profile (no `extends`) must be complete;
 * `resolveProfile` merges a chain into an {@link EffectivePolicyProfile}.
 */
import { z } from 'zod';

/** The seeds in /shared/seeds, plus `anju` for Anju's own documented defaults. */
export const seedIds = ['000', '001', '002', '003', '004', 'anju'] as const;
export type SeedId = (typeof seedIds)[number];

/**
 * A custom check whose failure carries its own bilingual message in `params` (read by parse-profile's translator).
 */
function check<T>(test: (value: T) => boolean, zh: string, en: string) {
  return [test, { params: { zh, en } }] as const;
}

const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const versionPattern = /^(?:\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?|\d{4}-\d{2}-\d{2})$/;

const text = z.string().min(1);
const kebabId = z
  .string()
  .refine(
    ...check<string>(
      (v) => idPattern.test(v),
      '应为小写字母、数字和连字符组成的标识（如 national-default）',
      'must be a kebab-case id such as national-default',
    ),
  );
const nonNegative = z.number().nonnegative();
const positive = z.number().positive();
const inRange = (min: number, max: number) =>
  check<number>((v) => v >= min && v <= max, `取值应在 ${min} 到 ${max} 之间`, `must be between ${min} and ${max}`);
const between = (min: number, max: number) => z.number().refine(...inRange(min, max));
/** A share or rate written as a fraction (0.2 = 20 %). */
const ratio = between(0, 1);

export const sourceSchema = z
  .strictObject({
    seed: z.enum(seedIds),
    /** Section in the seed's own numbering, e.g. `第五章第一节二` or `九（二）`; `default` for Anju defaults. */
    section: text,
    /** The seed's words (verbatim), or for `anju` the reason for the default. */
    quote: text.optional(),
  })
  .superRefine((source, ctx) => {
    if (source.seed === 'anju' && source.quote === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['quote'],
        message: 'an Anju default must say why in quote',
        params: { zh: 'Anju 默认值须在 quote 中说明理由', en: 'an Anju default must say why in quote' },
      });
    }
  });
export type ProfileSource = z.infer<typeof sourceSchema>;

/** `{ value, unit?, source, note? }` — one cited parameter. */
function parameter<T extends z.ZodType>(value: T) {
  return z.strictObject({ value, unit: text.optional(), source: sourceSchema, note: text.optional() });
}
export interface ProfileParameter<T> {
  value: T;
  unit?: string | undefined;
  source: ProfileSource;
  note?: string | undefined;
}

const ruleMeta = { source: sourceSchema, note: text.optional() };
const labels = { labelZh: text, labelEn: text };

// ---------------------------------------------------------------------------------------------------------------
// Destocking cycle (SPEC §3.2)

/** A closed/open interval of months, e.g. the 12–18 month reasonable range (003 第一章第二节). */
export const monthsRangeSchema = z.strictObject({
  min: nonNegative,
  max: positive,
  minInclusive: z.boolean(),
  maxInclusive: z.boolean(),
  ...ruleMeta,
});
export type MonthsRange = z.infer<typeof monthsRangeSchema>;

/** One band of destocking-cycle months; an absent bound is open (0 below, infinity above). */
const monthsBandShape = {
  id: kebabId,
  minMonths: nonNegative.optional(),
  maxMonths: positive.optional(),
  minInclusive: z.boolean(),
  maxInclusive: z.boolean(),
  ...labels,
  ...ruleMeta,
};
export const cycleDisplayBandSchema = z.strictObject(monthsBandShape);
export type CycleDisplayBand = z.infer<typeof cycleDisplayBandSchema>;

const destockingShape = {
  /** Trailing window for average monthly sales, in months. */
  windowMonths: parameter(
    z
      .number()
      .int()
      .refine(...inRange(1, 60)),
  ),
  reasonableRangeMonths: monthsRangeSchema,
  /** Classes of the cycle for maps and reports (not the land rule, which is `landSupplyRule`). */
  bands: z.array(cycleDisplayBandSchema).min(1),
  /** Upper bounds of the inventory age buckets in years since presale approval (000 专栏3: <1, 1–3, 3–5, >5). */
  inventoryAgeBucketsYears: parameter(z.array(positive).min(1)),
};

// ---------------------------------------------------------------------------------------------------------------
// Land-supply rule — 以房定地 (SPEC §3.4)

export const cycleBandActions = ['pause', 'strict-control', 'stable-or-increase'] as const;
export const matrixActions = ['keep-stable', 'supply-by-need-cautiously', 'stop'] as const;
export type CycleBandAction = (typeof cycleBandActions)[number];
export type MatrixAction = (typeof matrixActions)[number];
export type LandSupplyAction = CycleBandAction | MatrixAction;

export const landCycleBandSchema = z.strictObject({
  ...monthsBandShape,
  action: z.enum(cycleBandActions),
  /** 003 第五章第一节二: new land capped at the stock land revitalised this year ("盘活多少、供应多少"). */
  capRule: z.enum(['revitalised-stock-land']).optional(),
});
export type LandCycleBand = z.infer<typeof landCycleBandSchema>;

export const matrixCellSchema = z.strictObject({
  population: z.enum(['inflow', 'outflow']),
  /** Destocking cycle relative to `destocking.reasonableRangeMonths`. */
  cycle: z.enum(['within', 'above', 'below']),
  action: z.enum(matrixActions),
  ...labels,
  ...ruleMeta,
});
export type MatrixCell = z.infer<typeof matrixCellSchema>;

export const landSupplyRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cycle-bands'), bands: z.array(landCycleBandSchema).min(1), note: text.optional() }),
  /** Combinations absent from `cells` are undefined by the city: the engine reports them, it does not guess. */
  z.strictObject({
    kind: z.literal('inflow-cycle-matrix'),
    cells: z.array(matrixCellSchema).min(1),
    note: text.optional(),
  }),
]);
export type LandSupplyRule = z.infer<typeof landSupplyRuleSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Price caps and warning rules (SPEC §3.2)

const priceCapsShape = {
  /** Yearly growth cap of new-home prices as a fraction (003: 4 %). */
  newHomePriceGrowthMaxRatePerYear: parameter(ratio),
  /** Yearly change cap (either direction) of residential land prices as a fraction (001 四（一）: 5 %). */
  landPriceChangeMaxRatePerYear: parameter(ratio),
};

export const warningLevels = ['blue', 'yellow', 'orange', 'red'] as const;
export type WarningLevel = (typeof warningLevels)[number];

export const warningRuleSchema = z.strictObject({
  id: kebabId,
  /** Measure or derived indicator code, e.g. `market.destocking-cycle`. */
  indicator: text,
  /** Breakdown the rule reads, e.g. `residential`. */
  dimension: text.optional(),
  /**
   * `above` / `below` compare the value with each level's threshold; `outside-range` measures how far the value lies
   * outside `range` and compares that distance with each level's threshold (0 = any distance).
   */
  comparison: z.enum(['above', 'below', 'outside-range']),
  range: z
    .strictObject({ min: z.number(), max: z.number(), minInclusive: z.boolean(), maxInclusive: z.boolean() })
    .optional(),
  /** Ordered from least to most severe; a level fires when the value passes its threshold. */
  levels: z
    .array(z.strictObject({ level: z.enum(warningLevels), threshold: z.number(), inclusive: z.boolean() }))
    .min(1),
  /** Consecutive periods the condition must hold before a warning is raised. */
  minDurationPeriods: z.number().int().min(1),
  appliesTo: z.union([z.literal('all'), z.array(text).min(1)]),
  ...labels,
  ...ruleMeta,
});
export type WarningRule = z.infer<typeof warningRuleSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Demand forecast — 以人定房 (SPEC §3.3)

const averageUnitAreaShape = { affordable: parameter(positive), commercial: parameter(positive) };
const newLandShareShape = { publicRental: parameter(ratio), affordableRental: parameter(ratio) };
const stockCrossCheckShape = {
  /** Stock-based cross-check: yearly new-build need as a share of the existing stock. */
  newBuildShareOfStockPerYear: parameter(ratio),
  /** Stock-based cross-check: uplift of need where the price-to-income ratio allows improvement demand. */
  priceToIncomeUplift: parameter(ratio),
};
const averageUnitArea = z.strictObject(averageUnitAreaShape);
const newLandShare = z.strictObject(newLandShareShape);
const stockCrossCheck = z.strictObject(stockCrossCheckShape);

const forecastShape = {
  householdSizePersons: parameter(positive),
  plotRatio: parameter(positive),
  depreciationRatePerYear: parameter(ratio),
  perCapitaAreaTargetSqm: parameter(positive),
  averageUnitAreaSqm: averageUnitArea,
  /** Share of each affordable type built on newly supplied land (the rest on existing land or conversions). */
  newLandShare,
  stockCrossCheck,
};

// ---------------------------------------------------------------------------------------------------------------
// Land (SPEC §3.4, §3.6)

export const idleLandRuleSchema = z.strictObject({
  /** Idle fee as a fraction of the land price, charged once not started for `feeAfterYears`. */
  feeRate: ratio,
  feeAfterYears: positive,
  /** Reclaimed without compensation once not started for this many years. */
  reclaimAfterYears: positive,
  /** Overdue by less than this many years with a start commitment: new dates may be agreed. */
  renegotiableOverdueYearsMax: positive.optional(),
  ...ruleMeta,
});
export type IdleLandRule = z.infer<typeof idleLandRuleSchema>;

export const industrialSelfHoldingRuleSchema = z.strictObject({
  /** Self-held share at which `baseCoefficient` applies (001 三（二）: 50 %). */
  baseShare: ratio,
  baseCoefficient: positive,
  /** Each further `stepShare` of self-holding changes the coefficient by `stepCoefficient`. */
  stepShare: z.number().positive().max(1),
  stepCoefficient: z.number(),
  floorCoefficient: positive,
  /** The corrected price never falls below the benchmark land price. */
  notBelowBenchmarkPrice: z.boolean(),
  ...ruleMeta,
});
export type IndustrialSelfHoldingRule = z.infer<typeof industrialSelfHoldingRuleSchema>;

export const circuitBreakerRuleSchema = z.strictObject({
  /** Percent of the starting price; the plot's own level is set within [minPct, maxPct]. */
  minPct: z.number().min(100),
  maxPct: z.number().min(100),
  ...ruleMeta,
});
export type CircuitBreakerRule = z.infer<typeof circuitBreakerRuleSchema>;

export const enterpriseRentalLandRuleSchema = z.strictObject({
  landShareMax: ratio,
  floorAreaShareMax: ratio,
  ...ruleMeta,
});

const landRequiredShape = {
  /** Affordable-housing land as a minimum share of the annual residential land plan (003 第七章). */
  affordableLandShareMin: parameter(ratio),
  idleLand: idleLandRuleSchema,
  industrialSelfHolding: industrialSelfHoldingRuleSchema,
  circuitBreaker: circuitBreakerRuleSchema,
  /** Reference sale price may float this fraction around surrounding actual prices (001 三（二）). */
  referencePriceFloat: parameter(ratio),
};
const landOptionalShape = {
  /** Policy housing floor area as a minimum share of new commercial-housing floor area on land sold that year. */
  policyHousingAllocationShareMin: parameter(ratio).optional(),
  /** Industrial enterprises building and holding rental housing on their own land. */
  enterpriseSelfBuiltRental: enterpriseRentalLandRuleSchema.optional(),
  /** Land share new-industry projects may use for self-built talent apartments. */
  talentApartmentLandShareMax: parameter(ratio).optional(),
};

// ---------------------------------------------------------------------------------------------------------------
// Housing security (SPEC §3.8)

export const saleTypeUnitAreaRuleSchema = z.strictObject({
  minSqm: positive,
  maxSqm: positive,
  smallUnitMaxSqm: positive,
  smallUnitShareMin: ratio,
  ...ruleMeta,
});
export type SaleTypeUnitAreaRule = z.infer<typeof saleTypeUnitAreaRuleSchema>;

const publicRentalEligibility = z.strictObject({
  /** Households below this per-capita floor area qualify for in-kind public rental housing. */
  perCapitaFloorAreaMaxSqm: parameter(positive),
});
const eligibility = z.strictObject({ publicRental: publicRentalEligibility.optional() });

const securityRequiredShape = {
  waitingTimeMaxMonths: parameter(z.number().int().positive()),
  /** Occupancy (出租率) of government-funded affordable housing. */
  occupancyRateMin: parameter(ratio),
};
const securityOptionalShape = {
  reasonableWaitingServedRateMin: parameter(ratio).optional(),
  affordableRentalUnitAreaMaxSqm: parameter(positive).optional(),
  /** Rent of affordable rental housing as a maximum fraction of the market rent nearby. */
  rentToMarketRatioMax: parameter(ratio).optional(),
  saleTypeUnitArea: saleTypeUnitAreaRuleSchema.optional(),
  coverageRateMin: parameter(ratio).optional(),
  affordableRentalShareOfNewSupplyMin: parameter(ratio).optional(),
  eligibility: eligibility.optional(),
};

// ---------------------------------------------------------------------------------------------------------------
// Plan progress (SPEC §3.5)

const progressShape = {
  /** Progress ratio R (actual ÷ expected-by-now) at or above which an indicator is on track. */
  onTrackRatio: parameter(ratio),
  /** Below this R (and at or above 0) progress is limited; between the two, progress is made but must accelerate. */
  limitedProgressRatio: parameter(ratio),
};

/**
 * Plan indicator status without a target (SPEC §3.5): thresholds on the observed compound annual growth rate (a
 * fraction per year) — at or above `substantialRate` is substantial progress, at or above `moderateRate` moderate,
 * at or above 0 limited, below 0 deterioration. Optional: core/plan/indicator-status.ts has the same defaults.
 */
const planStatusShape = {
  substantialRate: parameter(z.number()),
  moderateRate: parameter(z.number()),
  /** The value the Open SDG method puts in place of a base or target of 0 (0.001); optional, same default in core. */
  zeroSubstitute: parameter(positive).optional(),
  /**
   * Anju's extensions of the method, each switched on or off (core/plan/indicator-status.ts has the defaults: the
   * ones that fill a gap the method leaves are on, the absolute-change reading that replaces the method's is off).
   */
  extensions: z
    .strictObject({
      /** Five-year cumulative targets (002's [ ]): cumulative done ÷ expected by now. */
      cumulativeTargets: parameter(z.boolean()),
      /** Range targets (a–b): progress towards the nearer bound. */
      rangeTargets: parameter(z.boolean()),
      /** Exact targets (= x): progress towards x from the side the base lies on. */
      exactTargets: parameter(z.boolean()),
      /** A pass / fail beside the status of binding (约束性) indicators. */
      bindingPassFail: parameter(z.boolean()),
      /** Base or target 0: the ratio of absolute yearly changes instead of the 0.001 substitution. */
      absoluteChangeAtZero: parameter(z.boolean()),
    })
    .partial()
    .optional(),
};

// ---------------------------------------------------------------------------------------------------------------
// The documents

const metaShape = {
  id: kebabId,
  /** Semver (`1.0.0`) or a date (`2026-06-01`). */
  version: z
    .string()
    .refine(
      ...check<string>(
        (v) => versionPattern.test(v),
        '版本号应为语义化版本（如 1.0.0）或日期（如 2026-06-01）',
        'version must be semver (1.0.0) or a date (2026-06-01)',
      ),
    ),
  nameZh: text,
  nameEn: text,
  /** National administrative code of the city; null for the national default. */
  cityCode: z
    .string()
    .refine(
      ...check<string>((v) => /^\d{6}$/.test(v), '城市代码应为 6 位行政区划代码', 'city code must be a 6-digit code'),
    )
    .nullable(),
  extends: kebabId.optional(),
  description: text,
};

const destocking = z.strictObject(destockingShape);
const priceCaps = z.strictObject(priceCapsShape);
const forecast = z.strictObject(forecastShape);
const land = z.strictObject({ ...landRequiredShape, ...landOptionalShape });
const security = z.strictObject({ ...securityRequiredShape, ...securityOptionalShape });
const progress = z.strictObject(progressShape);
const planStatus = z.strictObject(planStatusShape);

/** A complete profile: what a root document must hold and what `resolveProfile` returns. */
export const effectivePolicyProfileSchema = z.strictObject({
  ...metaShape,
  destocking,
  landSupplyRule: landSupplyRuleSchema,
  priceCaps,
  warningRules: z.array(warningRuleSchema),
  forecast,
  land,
  security,
  progress,
  planStatus: planStatus.optional(),
});
export type EffectivePolicyProfile = z.infer<typeof effectivePolicyProfileSchema>;

/** A profile document as written: with `extends`, every section and parameter may be left to the parent. */
export const policyProfileSchema = z.strictObject({
  ...metaShape,
  destocking: destocking.partial().optional(),
  landSupplyRule: landSupplyRuleSchema.optional(),
  priceCaps: priceCaps.partial().optional(),
  warningRules: z.array(warningRuleSchema).optional(),
  forecast: z
    .strictObject({
      ...forecastShape,
      averageUnitAreaSqm: averageUnitArea.partial(),
      newLandShare: newLandShare.partial(),
      stockCrossCheck: stockCrossCheck.partial(),
    })
    .partial()
    .optional(),
  land: land.partial().optional(),
  security: security.partial().optional(),
  progress: progress.partial().optional(),
  planStatus: planStatus.partial().optional(),
});
export type PolicyProfile = z.infer<typeof policyProfileSchema>;

/** Where a profile error was found; `messageZh` first, `messageEn` for English users. */
export interface ProfileError {
  file: string;
  /** Key path such as `destocking.reasonableRangeMonths.max` or `warningRules[1].levels[0].threshold`. */
  path: string;
  line?: number;
  column?: number;
  messageZh: string;
  messageEn: string;
}
