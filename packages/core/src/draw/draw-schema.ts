/**
 * Shapes of draw requests and records, declared once with zod for the CLI (log files), the API (request bodies) and
 * the dashboard.
 */
import { z } from 'zod';

const line = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\n]*$/, 'no newline');

export const drawCandidateSchema = z.strictObject({ id: line, name: z.string().max(200) });
export const drawExclusionSchema = z.strictObject({
  id: line,
  reasonZh: z.string().max(500),
  reasonEn: z.string().max(500),
});

/** A draw record as `runDraw` writes it and `verifyDraw` reads it. */
export const drawRecordSchema = z.strictObject({
  algorithm: z.literal('anju-draw-v1'),
  drawId: line,
  purpose: z.enum(['appraisal-firms', 'experts', 'lottery', 'other']),
  commitment: z.string().max(200),
  seed: line,
  candidates: z.array(drawCandidateSchema).min(1).max(10000),
  exclusions: z.array(drawExclusionSchema).max(10000),
  candidateListHash: z.string().max(200),
  count: z.number().int().min(1).max(10000),
  result: z.array(line).max(10000),
});

const partySchema = z.strictObject({ id: line, name: z.string().max(200), roleZh: z.string(), roleEn: z.string() });

/** A request to run a draw: one of the three policy uses, or a plain draw; the seed is optional (a fresh one is made). */
export const drawRunRequestSchema = z.discriminatedUnion('purpose', [
  z.strictObject({
    purpose: z.literal('experts'),
    drawId: line,
    seed: line.optional(),
    commitment: z.string().optional(),
    experts: z
      .array(z.strictObject({ id: line, name: z.string().max(200), affiliations: z.array(line).optional() }))
      .min(1)
      .max(10000),
    parties: z.array(partySchema).max(1000).default([]),
    relations: z
      .array(z.strictObject({ expertId: line, partyId: line, relationZh: z.string(), relationEn: z.string() }))
      .max(10000)
      .optional(),
    count: z.number().int().min(1).max(100).default(3),
  }),
  z.strictObject({
    purpose: z.literal('appraisal-firms'),
    drawId: line,
    seed: line.optional(),
    commitment: z.string().optional(),
    firms: z.array(drawCandidateSchema).min(1).max(10000),
    exclusions: z.array(drawExclusionSchema).max(10000).optional(),
    count: z.number().int().min(1).max(100).default(3),
  }),
  z.strictObject({
    purpose: z.literal('lottery'),
    drawId: line,
    seed: line.optional(),
    commitment: z.string().optional(),
    entrants: z.array(drawCandidateSchema).min(1).max(10000),
    count: z.number().int().min(1).max(10000).default(1),
  }),
]);

export type DrawRunRequest = z.infer<typeof drawRunRequestSchema>;
