/**
 * Shapes of land valuation requests, declared once with zod for the CLI (input files), the API (request bodies) and
 * the dashboard. Numbers are decimal strings so they stay exact.
 */
import { z } from 'zod';

const decimal = z.string().regex(/^\d+(?:\.\d+)?$/, 'non-negative decimal number');
const sourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('cell'),
    file: z.string(),
    sheet: z.string().optional(),
    row: z.number().int(),
    column: z.string(),
    revisionId: z.string().optional(),
  }),
  z.strictObject({ kind: z.literal('seed'), seed: z.string(), section: z.string(), quote: z.string().optional() }),
  z.strictObject({
    kind: z.literal('parameter'),
    profileId: z.string(),
    profileVersion: z.string(),
    path: z.string(),
  }),
]);
const costSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('per-sqm'), yuanPerSqm: decimal, source: sourceSchema.optional() }),
  z.strictObject({ kind: z.literal('rate'), rateOfSalePrice: decimal, source: sourceSchema.optional() }),
]);

export const residualValuationSchema = z.strictObject({
  plotId: z.string().min(1).max(100),
  comparables: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(100),
        name: z.string().max(200).optional(),
        priceYuanPerSqm: decimal,
        areaSqm: decimal.optional(),
        source: sourceSchema.optional(),
      }),
    )
    .min(1)
    .max(1000),
  chosenBarePriceYuanPerSqm: decimal.optional(),
  choiceReasonZh: z.string().max(500).optional(),
  choiceReasonEn: z.string().max(500).optional(),
  floatRatio: decimal.optional(),
  decorationYuanPerSqm: decimal.optional(),
  decorationSource: sourceSchema.optional(),
  taxes: costSchema,
  financeCost: costSchema,
  constructionCost: z.strictObject({ yuanPerSqm: decimal, source: sourceSchema.optional() }),
  profit: costSchema,
  floorAreaSqm: decimal,
  floorAreaSource: sourceSchema.optional(),
});

export const industrialLandPriceSchema = z.strictObject({
  plotId: z.string().min(1).max(100),
  appraisedYuanPerSqm: decimal,
  appraisedSource: sourceSchema.optional(),
  selfHeldPercent: decimal,
  benchmarkYuanPerSqm: decimal,
  benchmarkSource: sourceSchema.optional(),
  landAreaSqm: decimal.optional(),
  parameters: z
    .strictObject({
      basePercent: decimal.optional(),
      baseCoefficient: decimal.optional(),
      stepPercent: decimal.optional(),
      stepDecay: decimal.optional(),
      minCoefficient: decimal.optional(),
    })
    .optional(),
});

export const landSaleRecordSchema = z.strictObject({
  plotId: z.string().min(1).max(100),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  use: z.enum(['residential', 'commercial', 'industrial', 'other']),
  floorAreaSqm: decimal,
  totalPriceWanYuan: decimal,
});

export const landPriceChangeSchema = z.strictObject({
  year: z.number().int().min(1900).max(2200),
  capPercent: decimal.default('5'),
  sales: z.array(landSaleRecordSchema).max(100000),
});

/** One valuation request: `kind` picks residual (residential), industrial, or the yearly price-change check. */
export const landValuationRequestSchema = z.discriminatedUnion('kind', [
  residualValuationSchema.extend({ kind: z.literal('residual') }),
  industrialLandPriceSchema.extend({ kind: z.literal('industrial') }),
  landPriceChangeSchema.extend({ kind: z.literal('price-change') }),
]);

export type LandValuationRequest = z.infer<typeof landValuationRequestSchema>;
