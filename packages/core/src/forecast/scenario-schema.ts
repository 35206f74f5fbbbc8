/**
 * The shapes of forecast, linkage and plan requests, declared once with zod and shared by the CLI (scenario files),
 * the API (request bodies) and the dashboard. Numbers are decimal strings so they stay exact.
 */
import { z } from 'zod';

import { forecastParameterKeys } from './forecast-parameters.js';

export const decimalText = z.string().regex(/^-?\d+(?:\.\d+)?$/, 'decimal number');
const nonNegativeDecimal = z.string().regex(/^\d+(?:\.\d+)?$/, 'non-negative decimal number');
const year = z.number().int().min(1900).max(2200);
const yearKey = z.string().regex(/^\d{4}$/);

const parameterOverridesSchema = z.partialRecord(z.enum(forecastParameterKeys), nonNegativeDecimal);

const populationInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('urban'), urbanWan: nonNegativeDecimal }),
  z.strictObject({ kind: z.literal('total-rate'), totalWan: nonNegativeDecimal, urbanizationRate: nonNegativeDecimal }),
]);

export const forecastUnitInputsSchema = z
  .strictObject({
    unitCode: z.string().min(1).max(64),
    startYear: year,
    endYear: year,
    startStockWanSqm: nonNegativeDecimal,
    populationByYear: z.record(yearKey, populationInputSchema),
    renovationNeedWanSqm: nonNegativeDecimal.optional(),
    inventoryToAbsorbWanSqm: nonNegativeDecimal.optional(),
    affordableUnits: z
      .strictObject({
        publicRental: nonNegativeDecimal.optional(),
        affordableRental: nonNegativeDecimal.optional(),
        saleType: nonNegativeDecimal.optional(),
      })
      .optional(),
    priceToIncomeRatio: nonNegativeDecimal.optional(),
    parameters: parameterOverridesSchema.optional(),
    parametersByYear: z.record(yearKey, parameterOverridesSchema).optional(),
  })
  .refine((u) => u.endYear > u.startYear, { message: 'endYear must follow startYear', path: ['endYear'] })
  .refine((u) => u.populationByYear[String(u.endYear)] !== undefined, {
    message: 'populationByYear must hold the end year',
    path: ['populationByYear'],
  });

export const forecastScenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  version: z.string().min(1).max(40),
  nameZh: z.string().min(1),
  nameEn: z.string().min(1),
  descriptionZh: z.string().optional(),
  parameters: parameterOverridesSchema.optional(),
  units: z.array(forecastUnitInputsSchema).min(1).max(10_000),
});

export const planShapeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('even') }),
  z.strictObject({ kind: z.literal('front-loaded'), declinePerPeriod: nonNegativeDecimal.optional() }),
  z.strictObject({ kind: z.literal('weights'), weights: z.array(nonNegativeDecimal).min(1).max(120) }),
]);

export const annualPlanRequestSchema = z.strictObject({
  firstYear: year,
  years: z.number().int().min(1).max(20),
  shape: planShapeSchema,
  lines: z
    .array(
      z.strictObject({
        unitCode: z.string().min(1),
        housingType: z.string().min(1),
        measure: z.string().min(1),
        total: nonNegativeDecimal,
        places: z.number().int().min(0).max(6),
        shape: planShapeSchema.optional(),
      }),
    )
    .min(1)
    .max(10_000),
});

export const landPlanRequestSchema = z.strictObject({
  totalHa: nonNegativeDecimal,
  reasonableMaxMonths: nonNegativeDecimal,
  places: z.number().int().min(0).max(4).optional(),
  periods: z
    .array(
      z.strictObject({ period: z.string().min(1), cycleMonths: nonNegativeDecimal, priceChangeRatio: decimalText }),
    )
    .min(1)
    .max(12),
});

export const landClassRequestSchema = z.strictObject({
  profileId: z.string().min(1),
  zeroMigrationAs: z.enum(['undefined', 'inflow', 'outflow']).optional(),
  items: z
    .array(
      z.strictObject({
        unitCode: z.string().min(1),
        period: z.string().min(1),
        cycleMonths: nonNegativeDecimal.nullable(),
        netMigrationWan: decimalText.nullable().optional(),
        revitalisedStockLandHa: nonNegativeDecimal.nullable().optional(),
      }),
    )
    .min(1)
    .max(100_000),
});

export const landTargetRequestSchema = z.strictObject({
  unitCode: z.string().min(1),
  baseYear: year,
  targetYear: year,
  inventoryWanSqm: nonNegativeDecimal,
  salesWanSqmByYear: z.record(yearKey, nonNegativeDecimal),
  pipelineWanSqmByYear: z.record(yearKey, nonNegativeDecimal).optional(),
  plotRatio: nonNegativeDecimal,
  lagYears: z.number().int().min(0).max(10).optional(),
  range: z.strictObject({
    min: z.number().nonnegative(),
    max: z.number().positive(),
    minInclusive: z.boolean(),
    maxInclusive: z.boolean(),
  }),
  targetMonths: nonNegativeDecimal.optional(),
  capHaPerYear: nonNegativeDecimal.nullable().optional(),
});
