// GET /api/measures: the measure catalogue (人房地钱) with units of measure, breakdowns and roll-up rules.
import { acceptsDimension, getDimension, getMeasure, getUnitOfMeasure, MEASURES, type MeasureDef } from '@anju/core';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter } from '../deps.js';
import { messages } from '../messages.js';
import { badRequest, notFound } from '../problem.js';
import { jsonResponse, UomSchema } from './common-schemas.js';

export const ElementSchema = z.enum(['people', 'housing', 'land', 'money']);

export const RollUpSchema = z
  .union([
    z.object({ kind: z.enum(['sum', 'end', 'mean']) }),
    z.object({
      kind: z.literal('weighted-mean'),
      weightMeasure: z.string(),
      weightDimension: z.string().optional(),
    }),
  ])
  .openapi('RollUp');

export const MeasureSchema = z
  .object({
    code: z.string().openapi({ example: 'housing.sales-area' }),
    element: ElementSchema,
    nameZh: z.string(),
    nameEn: z.string(),
    descriptionZh: z.string(),
    descriptionEn: z.string(),
    uom: UomSchema,
    nature: z.enum(['flow', 'stock', 'price', 'ratio']),
    rollUp: RollUpSchema,
    rollUpZh: z.string().openapi({ example: '求和' }),
    rollUpEn: z.string(),
    dimensions: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
    department: z.string(),
  })
  .openapi('Measure');

export const MeasuresResponse = z.object({
  elements: z.array(z.object({ code: ElementSchema, nameZh: z.string(), nameEn: z.string() })),
  measures: z.array(MeasureSchema),
});

/** A catalogue entry as the API shows it. */
export function measureView(m: MeasureDef): z.infer<typeof MeasureSchema> {
  const uom = getUnitOfMeasure(m.uom);
  const formula = messages.formula[m.rollUp.kind];
  return {
    code: m.code,
    element: m.element,
    nameZh: m.nameZh,
    nameEn: m.nameEn,
    descriptionZh: m.descriptionZh,
    descriptionEn: m.descriptionEn,
    uom: { code: uom.code, labelZh: uom.labelZh, labelEn: uom.labelEn },
    nature: m.nature,
    rollUp: { ...m.rollUp },
    rollUpZh: formula.zh,
    rollUpEn: formula.en,
    dimensions: m.dimensions.map((code) => {
      const d = getDimension(code);
      return { code, nameZh: d?.nameZh ?? code, nameEn: d?.nameEn ?? code };
    }),
    department: m.department,
  };
}

/** The measure, or a 404 problem; with a dimension, a 400 problem when the measure has no such breakdown. */
export function requireMeasure(code: string, dimension = ''): MeasureDef {
  const measure = getMeasure(code);
  if (measure === undefined) throw notFound(messages.unknownMeasure(code));
  if (!acceptsDimension(measure, dimension)) {
    throw badRequest(messages.dimensionNotAllowed(code, dimension, measure.dimensions), [
      { field: 'dimension', text: messages.dimensionNotAllowed(code, dimension, measure.dimensions) },
    ]);
  }
  return measure;
}

const listMeasures = createRoute({
  method: 'get',
  path: '/api/measures',
  tags: ['measures'],
  summary: '指标目录 / the measure catalogue',
  responses: { 200: jsonResponse(MeasuresResponse, '人房地钱 measures') },
});

export function measureRoutes() {
  return newRouter().openapi(listMeasures, (c) =>
    c.json(
      {
        elements: (['people', 'housing', 'land', 'money'] as const).map((code) => ({
          code,
          nameZh: messages.elements[code].zh,
          nameEn: messages.elements[code].en,
        })),
        measures: MEASURES.map(measureView),
      },
      200,
    ),
  );
}
