// Schemas of revisions (who / when / why), their diffs against the published view, and value history.
import type { DiffRow, RevisionDiff, RevisionInfo } from '@anju/store';
import { z } from '@hono/zod-openapi';

export const RevisionInfoSchema = z
  .object({
    cityCode: z.string(),
    revisionId: z.string().openapi({ example: '3' }),
    kind: z.enum(['import', 'generate', 'demo', 'edit']),
    status: z.enum(['draft', 'published', 'discarded']),
    createdBy: z.string(),
    createdAt: z.string(),
    reason: z.string(),
    sourceFile: z.string().nullable(),
    sourceSha256: z.string().nullable(),
    mapping: z.unknown(),
    synthetic: z.boolean(),
    simulated: z.boolean(),
    rowCount: z.number().int(),
    publishedBy: z.string().nullable(),
    publishedAt: z.string().nullable(),
    publishReason: z.string().nullable(),
    discardedBy: z.string().nullable(),
    discardedAt: z.string().nullable(),
    discardReason: z.string().nullable(),
  })
  .openapi('Revision');

export const DiffCountsSchema = z
  .object({ added: z.number().int(), changed: z.number().int(), unchanged: z.number().int() })
  .openapi('DiffCounts');

export const DiffRowSchema = z
  .object({
    unitCode: z.string(),
    measureCode: z.string(),
    dimension: z.string(),
    period: z.string(),
    uom: z.string(),
    newValue: z.string(),
    oldValue: z.string().nullable(),
    oldUom: z.string().nullable(),
    oldRevisionId: z.string().nullable(),
  })
  .openapi('DiffRow');

export const RevisionDiffSchema = z
  .object({
    revisionId: z.string(),
    added: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    addedRows: z.array(DiffRowSchema),
    changedRows: z.array(DiffRowSchema),
    unchangedRows: z.array(DiffRowSchema),
  })
  .openapi('RevisionDiff');

export const ValueHistorySchema = z
  .object({
    revisionId: z.string(),
    value: z.string(),
    uom: z.string(),
    sourceRef: z.string().nullable(),
    kind: z.enum(['import', 'generate', 'demo', 'edit']),
    status: z.enum(['draft', 'published', 'discarded']),
    createdBy: z.string(),
    createdAt: z.string(),
    reason: z.string(),
    sourceFile: z.string().nullable(),
    publishedBy: z.string().nullable(),
    publishedAt: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi('ValueHistoryEntry');

export function revisionView(r: RevisionInfo): z.infer<typeof RevisionInfoSchema> {
  return { ...r };
}

function rowView(r: DiffRow): z.infer<typeof DiffRowSchema> {
  return { ...r };
}

export function diffView(d: RevisionDiff): z.infer<typeof RevisionDiffSchema> {
  return {
    revisionId: d.revisionId,
    added: d.added,
    changed: d.changed,
    unchanged: d.unchanged,
    addedRows: d.addedRows.map(rowView),
    changedRows: d.changedRows.map(rowView),
    unchangedRows: d.unchangedRows.map(rowView),
  };
}
