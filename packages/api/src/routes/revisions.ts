// Revisions (工作库 / 正式库 / 历史库): list, show with a diff against the published view, publish and discard.
import { diffRevision, discardRevision, getRevision, listRevisions, publishRevision } from '@anju/store';
import { createRoute, z } from '@hono/zod-openapi';
import { actorOf, auditContextOf, writeScopeFor } from '../auth/auth-context.js';
import { newRouter, type ApiDeps } from '../deps.js';
import { messages } from '../messages.js';
import { notFound } from '../problem.js';
import { cityCodeSchema, jsonResponse, problemResponses, requireCity } from './common-schemas.js';
import {
  DiffCountsSchema,
  diffView,
  RevisionDiffSchema,
  RevisionInfoSchema,
  revisionView,
} from './revision-schemas.js';
import { revisionIdSchema } from './series.js';

const RevisionParams = z.object({
  city: cityCodeSchema,
  rev: revisionIdSchema.openapi({ param: { name: 'rev', in: 'path' } }),
});

const DiffQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(0)
    .max(500)
    .default(20)
    .openapi({ description: '每类示例行数 / sample rows per kind' }),
});

const DecisionBody = z.object({
  reason: z.string().trim().min(1).max(2000).openapi({ example: '2025年报数据核对无误' }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/revisions',
  tags: ['revisions'],
  summary: '修订列表 / revisions, oldest first',
  request: { params: z.object({ city: cityCodeSchema }) },
  responses: {
    200: jsonResponse(z.object({ revisions: z.array(RevisionInfoSchema) }), 'revisions'),
    ...problemResponses(400, 404),
  },
});

const showRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/revisions/{rev}',
  tags: ['revisions'],
  summary: '修订详情与差异 / a revision and what it changes',
  request: { params: RevisionParams, query: DiffQuery },
  responses: {
    200: jsonResponse(z.object({ revision: RevisionInfoSchema, diff: RevisionDiffSchema }), 'revision with diff'),
    ...problemResponses(400, 404),
  },
});

const body = { content: { 'application/json': { schema: DecisionBody } }, required: true } as const;

const publishRoute = createRoute({
  method: 'post',
  path: '/api/cities/{city}/revisions/{rev}/publish',
  tags: ['revisions'],
  summary: '发布草稿（须说明原因）/ publish a draft (reason required)',
  request: { params: RevisionParams, body },
  responses: {
    200: jsonResponse(z.object({ revision: RevisionInfoSchema, counts: DiffCountsSchema }), 'published'),
    ...problemResponses(400, 404, 409, 415),
  },
});

const discardRoute = createRoute({
  method: 'post',
  path: '/api/cities/{city}/revisions/{rev}/discard',
  tags: ['revisions'],
  summary: '作废草稿（须说明原因）/ discard a draft (reason required)',
  request: { params: RevisionParams, body },
  responses: {
    200: jsonResponse(z.object({ revision: RevisionInfoSchema }), 'discarded'),
    ...problemResponses(400, 404, 409, 415),
  },
});

async function requireRevision(deps: ApiDeps, cityCode: string, revisionId: string) {
  await requireCity(deps.store, cityCode);
  const revision = await getRevision(deps.store, { cityCode, revisionId });
  if (revision === undefined) throw notFound(messages.unknownRevision(cityCode, revisionId));
  return revision;
}

export function revisionRoutes(deps: ApiDeps) {
  return newRouter()
    .openapi(listRoute, async (c) => {
      const { city } = c.req.valid('param');
      await requireCity(deps.store, city);
      return c.json({ revisions: (await listRevisions(deps.store, city)).map(revisionView) }, 200);
    })
    .openapi(showRoute, async (c) => {
      const { city, rev } = c.req.valid('param');
      const { limit } = c.req.valid('query');
      const revision = await requireRevision(deps, city, rev);
      const diff = await diffRevision(deps.store, { cityCode: city, revisionId: rev, limit });
      return c.json({ revision: revisionView(revision), diff: diffView(diff) }, 200);
    })
    .openapi(publishRoute, async (c) => {
      const { city, rev } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      await requireRevision(deps, city, rev);
      const scope = writeScopeFor(c, deps);
      const counts = await publishRevision(deps.store, {
        cityCode: city,
        revisionId: rev,
        publishedBy: actorOf(c, deps),
        at: deps.now(),
        reason,
        audit: auditContextOf(c, deps),
        ...(scope === undefined ? {} : { scope }),
      });
      const revision = await requireRevision(deps, city, rev);
      return c.json({ revision: revisionView(revision), counts: { ...counts } }, 200);
    })
    .openapi(discardRoute, async (c) => {
      const { city, rev } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      await requireRevision(deps, city, rev);
      const scope = writeScopeFor(c, deps);
      await discardRevision(deps.store, {
        cityCode: city,
        revisionId: rev,
        by: actorOf(c, deps),
        at: deps.now(),
        reason,
        audit: auditContextOf(c, deps),
        ...(scope === undefined ? {} : { scope }),
      });
      return c.json({ revision: revisionView(await requireRevision(deps, city, rev)) }, 200);
    });
}
