/**
 * Plans and their indicator systems (SPEC §3.5; 000 §二(三); 002 第二章第三节; 003 指标体系表; 004 表1): a plan has a
 * period, a city and a list of indicators; an indicator has a category, a name, a unit of measure, an optional base
 * value and year, a target (an end-of-period value, or a five-year cumulative value — 002 prints these in [ ]),
 * an attribute 约束性 / 预期性, a direction (at least, at most, a range, exactly), an owner unit, and optionally a
 * link to a measure of the catalogue so its actuals come from the element database. Every printed value carries its
 * seed citation. Plans are data (YAML or JSON) validated by `planDocumentSchema`.
 */
import { z } from 'zod';
import { isDecimalString } from '../quantity/decimal.js';

const text = z.string().min(1);
const idPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const kebabId = z.string().regex(idPattern, 'must be a kebab-case id such as city-15th');
/** An exact decimal written as a string ('3736.08'); numbers are accepted and turned into their decimal text. */
const decimal = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? String(v) : v.trim()))
  .refine((v) => isDecimalString(v), 'must be a decimal number such as 3736.08');
const year = z.number().int().min(1949).max(2100);

/** Where a printed value comes from: the seed (000–004), its section or table, and optionally the printed words. */
export const planCitationSchema = z.strictObject({
  seed: z.enum(['000', '001', '002', '003', '004', 'user']),
  section: text,
  quote: text.optional(),
});
export type PlanCitation = z.infer<typeof planCitationSchema>;

export const indicatorAttributes = ['binding', 'expected'] as const;
/** 约束性 (binding) or 预期性 (expected). */
export type IndicatorAttribute = (typeof indicatorAttributes)[number];
export const indicatorDirections = ['at-least', 'at-most', 'range', 'exact'] as const;
export type IndicatorDirection = (typeof indicatorDirections)[number];

const noteSchema = z.strictObject({ level: z.enum(['info', 'warning']), messageZh: text, messageEn: text });

/** The yearly shape of a cumulative target: linear (equal shares per year) or declared weights, one per year. */
export const cumulativeShapeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('linear') }),
  z.strictObject({
    kind: z.literal('yearly'),
    /** One weight (or planned amount) per plan year, in order; expected-by-now is the running share of their sum. */
    weights: z.array(decimal).min(1),
    source: planCitationSchema.optional(),
  }),
]);
export type CumulativeShape = z.infer<typeof cumulativeShapeSchema>;

/**
 * A target: `end-of-period` (the value at the plan's last year) or `cumulative` (the sum of yearly amounts over the
 * period, 002's [ ]). `value` for at-least / at-most / exact; `min` and `max` for a range. `printed` keeps the cell as
 * printed ('[7.5]', '29.75-36.75', '164（42938户）').
 */
export const indicatorTargetSchema = z
  .strictObject({
    kind: z.enum(['end-of-period', 'cumulative']),
    value: decimal.optional(),
    min: decimal.optional(),
    max: decimal.optional(),
    /** Year the target is due; default the plan's last year. */
    year: year.optional(),
    shape: cumulativeShapeSchema.optional(),
    printed: text.optional(),
    source: planCitationSchema,
  })
  .refine((t) => t.value !== undefined || (t.min !== undefined && t.max !== undefined), {
    message: 'a target needs value, or min and max',
  });
export type IndicatorTarget = z.infer<typeof indicatorTargetSchema>;

const observedValueSchema = z.strictObject({
  year,
  /** For one figure covering several years (a five-year total recorded at its last year): the first year. */
  fromYear: year.optional(),
  value: decimal,
  /** The cell as printed when it differs from `value` (a unit misprint, a % sign). */
  printed: text.optional(),
  source: planCitationSchema,
  note: noteSchema.optional(),
});
export type PlanObservedValue = z.infer<typeof observedValueSchema>;

/** The share of one spatial unit (a county) in a decomposed target, as printed in the plan's table. */
const unitTargetSchema = z.strictObject({
  unitCode: text,
  nameZh: text,
  value: decimal,
  source: planCitationSchema,
});
export type PlanUnitTarget = z.infer<typeof unitTargetSchema>;

export const planIndicatorSchema = z.strictObject({
  id: kebabId,
  categoryZh: text,
  nameZh: text,
  nameEn: text,
  /** A unit code (`wan-sqm`, `percent`, `dwelling`…), the one values are stated in. */
  uom: text,
  /** The unit as printed when it is not a plain unit ('个（平方米、户）', '套/间'). */
  uomPrinted: text.optional(),
  /** Null where the plan's table has no attribute column (003). */
  attribute: z.enum(indicatorAttributes).nullable(),
  direction: z.enum(indicatorDirections),
  ownerUnit: text.optional(),
  base: z.strictObject({ value: decimal, year, source: planCitationSchema }).optional(),
  target: indicatorTargetSchema.optional(),
  /**
   * A natural limit the value cannot pass (a share that cannot exceed 100 %, a rate that cannot fall below 0), in
   * the indicator's unit. Without a target, the Open SDG method shrinks the growth-rate bands as the base nears it.
   */
  naturalLimit: decimal.optional(),
  /** Link to the element database: actuals come from this measure's published series (yearly). */
  measure: z
    .strictObject({
      code: text,
      dimension: z.string().default(''),
      /** The unit whose series is the indicator's (default the city itself). */
      unitCode: text.optional(),
    })
    .optional(),
  /** The target decomposed by spatial unit, as printed (003's county table). */
  units: z.array(unitTargetSchema).optional(),
  /** Actual values recorded in the plan itself (an evaluation table's 完成情况, or hand-entered figures). */
  actuals: z.array(observedValueSchema).optional(),
  notes: z.array(noteSchema).optional(),
});
export type PlanIndicator = z.infer<typeof planIndicatorSchema>;

export const planDocumentSchema = z
  .strictObject({
    id: kebabId,
    cityCode: z.string().regex(/^\d{6}$/, 'city code must be a 6-digit code'),
    nameZh: text,
    nameEn: text,
    /** First and last year of the plan period (十五五: 2026–2030). */
    startYear: year,
    endYear: year,
    /** The year before the period, whose values are the plan's base (十五五: 2025). */
    baseYear: year,
    source: z.strictObject({ seed: z.enum(['000', '001', '002', '003', '004', 'user']), titleZh: text }),
    /** The policy profile whose thresholds status uses (default the city's, else national-default). */
    profileId: kebabId.optional(),
    /** For a plan whose evaluation is already published (002's 十三五 table): the year and its source. */
    finishedEvaluation: z
      .strictObject({ year, kind: z.enum(['annual', 'mid-term', 'end-term']), source: planCitationSchema })
      .optional(),
    notes: z.array(noteSchema).optional(),
    indicators: z.array(planIndicatorSchema).min(1),
  })
  .superRefine((plan, ctx) => {
    if (plan.endYear < plan.startYear) {
      ctx.addIssue({ code: 'custom', path: ['endYear'], message: 'endYear is before startYear' });
    }
    const seen = new Set<string>();
    plan.indicators.forEach((ind, i) => {
      if (seen.has(ind.id)) {
        ctx.addIssue({ code: 'custom', path: ['indicators', i, 'id'], message: `duplicate indicator id ${ind.id}` });
      }
      seen.add(ind.id);
      if (ind.direction === 'range' && ind.target !== undefined) {
        if (ind.target.min === undefined || ind.target.max === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['indicators', i, 'target'],
            message: 'a range target needs min and max',
          });
        }
      } else if (ind.target !== undefined && ind.target.value === undefined) {
        ctx.addIssue({ code: 'custom', path: ['indicators', i, 'target'], message: 'this target needs value' });
      }
    });
  });
/** A plan as validated (decimals as strings). */
export type PlanDocument = z.infer<typeof planDocumentSchema>;
/** A plan as written (numbers allowed where decimals are expected). */
export type PlanDocumentInput = z.input<typeof planDocumentSchema>;

export interface PlanIssue {
  readonly path: string;
  readonly message: string;
}

/** Validates a parsed plan document (from YAML, JSON, XLSX or a request body). */
export function parsePlanDocument(
  data: unknown,
): { ok: true; plan: PlanDocument } | { ok: false; issues: PlanIssue[] } {
  const r = planDocumentSchema.safeParse(data);
  if (r.success) return { ok: true, plan: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
  };
}

/** 约束性 / 预期性 / —. */
export function attributeZh(a: IndicatorAttribute | null): string {
  return a === 'binding' ? '约束性' : a === 'expected' ? '预期性' : '—';
}

/** The due year of an indicator's target. */
export function targetYearOf(plan: PlanDocument, ind: PlanIndicator): number {
  return ind.target?.year ?? plan.endYear;
}

/** The target as the seeds print it: '[7.5]' for cumulative (002's convention), 'a-b' for a range. */
export function targetText(ind: PlanIndicator): string {
  const t = ind.target;
  if (t === undefined) return '—';
  if (t.printed !== undefined) return t.printed;
  const v = t.value ?? `${t.min}-${t.max}`;
  return t.kind === 'cumulative' ? `[${v}]` : v;
}
