// GET /api/health: a trivial JSON endpoint (liveness; the benchmark's baseline).
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import { jsonResponse } from './common-schemas.js';

const HealthResponse = z.object({
  status: z.literal('ok'),
  engine: z.enum(['pglite', 'postgres']),
  time: z.string().openapi({ example: '2026-11-22T08:00:00.000Z' }),
});

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['meta'],
  summary: '健康检查 / health',
  responses: { 200: jsonResponse(HealthResponse, 'the server is up') },
});

export function healthRoutes(deps: ApiDeps) {
  return newRouter().openapi(healthRoute, (c) =>
    c.json({ status: 'ok' as const, engine: deps.store.engine, time: deps.now().toISOString() }, 200),
  );
}
