import { z } from 'zod';
import type { SpatialUnit } from './spatial-unit.js';

/** One entry of a units file (YAML or JSON list), as cities keep their district and sub-area lists. */
export const unitEntrySchema = z
  .object({
    code: z.string().min(1),
    nameZh: z.string().min(1),
    nameEn: z.string().default(''),
    level: z.enum(['province', 'city', 'district', 'subarea']),
    parentCode: z.string().min(1).nullable().default(null),
    aliases: z.array(z.string()).default([]),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    sortOrder: z.number().int().default(0),
  })
  .strict();

export const unitListSchema = z.array(unitEntrySchema).min(1);

/** Turns validated unit entries into spatial units (attributes as text). */
export function toSpatialUnits(entries: z.infer<typeof unitListSchema>): SpatialUnit[] {
  return entries.map((e, i) => ({
    code: e.code,
    nameZh: e.nameZh,
    nameEn: e.nameEn,
    level: e.level,
    parentCode: e.parentCode,
    aliases: e.aliases,
    attributes: Object.fromEntries(Object.entries(e.attributes).map(([k, v]) => [k, String(v)])),
    sortOrder: e.sortOrder || i,
  }));
}
