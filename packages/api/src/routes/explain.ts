// GET /api/cities/{city}/explain: why a value shown by the API is what it is (SPEC §2 Provenance).
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import { explainValue } from '../explain-value.js';
import { messages } from '../messages.js';
import { langOf, notFound } from '../problem.js';
import { requireUnits } from './cities.js';
import { CityParams, jsonResponse, periodCodeSchema, problemResponses, requireCity } from './common-schemas.js';
import { ExplainedSchema, explainedJson } from './explain-schemas.js';
import { requireMeasure } from './measures.js';
import { revisionView, RevisionInfoSchema, ValueHistorySchema } from './revision-schemas.js';

const ExplainQuery = z.object({
  unit: z.string().min(1).openapi({ example: '620702' }),
  measure: z.string().min(1).openapi({ example: 'housing.inventory-area' }),
  dimension: z.string().default(''),
  period: periodCodeSchema,
});

const ExplainResponse = z.object({
  explained: ExplainedSchema,
  revision: RevisionInfoSchema.nullable(),
  history: z.array(ValueHistorySchema),
});

const explainRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/explain',
  tags: ['series'],
  summary: '数值说明：来源、修订与公式 / explain a value: source, revisions, formula',
  request: { params: CityParams, query: ExplainQuery },
  responses: {
    200: jsonResponse(ExplainResponse, 'the value with its inputs (formula text in the Accept-Language)'),
    ...problemResponses(400, 404),
  },
});

export function explainRoutes(deps: ApiDeps) {
  return newRouter().openapi(explainRoute, async (c) => {
    const { city } = c.req.valid('param');
    const q = c.req.valid('query');
    const measure = requireMeasure(q.measure, q.dimension);
    await requireCity(deps.store, city);
    const unit = (await requireUnits(deps, city, [q.unit])).find((u) => u.unitCode === q.unit)!;
    const result = await explainValue(deps.store, {
      cityCode: city,
      unit,
      measure,
      dimension: q.dimension,
      period: q.period,
      lang: langOf(c.req.header('accept-language')),
    });
    if (result === undefined) throw notFound(messages.noValue(q.unit, measure.code, q.period));
    return c.json(
      {
        explained: explainedJson(result.explained),
        revision: result.revision === null ? null : revisionView(result.revision),
        history: result.history.map((h) => ({ ...h })),
      },
      200,
    );
  });
}
