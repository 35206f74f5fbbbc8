// The zod form of core's `Explained` (provenance): a value with its inputs, formula, source and notes.
import type { Explained, ExplainedInput, PlainInput, SourceRef } from '@anju/core';
import { z } from '@hono/zod-openapi';

export const SourceRefSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('cell'),
      file: z.string(),
      sheet: z.string().optional(),
      row: z.number().int(),
      column: z.string(),
      revisionId: z.string().optional(),
    }),
    z.object({ kind: z.literal('seed'), seed: z.string(), section: z.string(), quote: z.string().optional() }),
    z.object({
      kind: z.literal('observation'),
      cityCode: z.string(),
      unitCode: z.string(),
      measureCode: z.string(),
      dimension: z.string(),
      period: z.string(),
      revisionId: z.string(),
    }),
    z.object({ kind: z.literal('parameter'), profileId: z.string(), profileVersion: z.string(), path: z.string() }),
  ])
  .openapi('SourceRef');

export const PlainInputSchema = z
  .object({ value: z.string(), uom: z.string(), source: SourceRefSchema.optional() })
  .openapi('PlainInput');

const NoteSchema = z.object({ level: z.enum(['info', 'warning']), messageZh: z.string(), messageEn: z.string() });

export const ExplainedSchema = z
  .object({
    value: z.string().nullable(),
    uom: z.string(),
    labelZh: z.string(),
    labelEn: z.string(),
    formula: z.string().optional(),
    get inputs() {
      return z.array(z.object({ name: z.string(), value: z.union([ExplainedSchema, PlainInputSchema]) }));
    },
    profile: z.object({ id: z.string(), version: z.string() }).optional(),
    branch: z.string().optional(),
    source: SourceRefSchema.optional(),
    notes: z.array(NoteSchema),
  })
  .openapi('Explained');

export type ExplainedJson = z.infer<typeof ExplainedSchema>;

function sourceJson(s: SourceRef): z.infer<typeof SourceRefSchema> {
  return { ...s };
}

function plainJson(p: PlainInput): z.infer<typeof PlainInputSchema> {
  return { value: p.value, uom: p.uom, ...(p.source === undefined ? {} : { source: sourceJson(p.source) }) };
}

function inputJson(i: ExplainedInput): ExplainedJson['inputs'][number] {
  const v = i.value;
  return { name: i.name, value: 'inputs' in v ? explainedJson(v) : plainJson(v) };
}

/** A core `Explained` as plain mutable JSON data (the response schema's type). */
export function explainedJson(e: Explained): ExplainedJson {
  return {
    value: e.value,
    uom: e.uom,
    labelZh: e.labelZh,
    labelEn: e.labelEn,
    ...(e.formula === undefined ? {} : { formula: e.formula }),
    inputs: e.inputs.map(inputJson),
    ...(e.profile === undefined ? {} : { profile: { ...e.profile } }),
    ...(e.branch === undefined ? {} : { branch: e.branch }),
    ...(e.source === undefined ? {} : { source: sourceJson(e.source) }),
    notes: e.notes.map((n) => ({ ...n })),
  };
}
