// 土地出让 (SPEC §3.6, seed 001 三、四): valuation, auditable draws and auction replay / simulation — pure computations
// on request bodies validated by the same zod schemas the CLI reads files with (@anju/core).
//
// Stateless by design: a draw record or an auction log is evidence that must verify without trusting this server or
// its database, so the routes take the record or log in the request and recompute; the land centre publishes the
// commitment and keeps the records where its audit trail lives. The one thing a server must supply is a fresh,
// unguessable seed (POST /api/draws/commit), made from the operating system's CSPRNG.
import { randomBytes } from 'node:crypto';
import {
  DrawInputError,
  LandInputError,
  auctionLogSchema,
  auctionRulesSchema,
  checkAuctionLog,
  drawCommitment,
  drawRecordSchema,
  drawRunRequestSchema,
  landValuationRequestSchema,
  runDrawRequest,
  simulateAuction,
  valueLand,
  verifyDraw,
  type DrawRecord,
} from '@anju/core';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter } from '../deps.js';
import { badRequest } from '../problem.js';
import { jsonResponse, problemResponses } from './common-schemas.js';

const AnyResult = z.record(z.string(), z.unknown());

function landError(e: unknown): never {
  if (e instanceof LandInputError || e instanceof DrawInputError)
    throw badRequest({ zh: e.messageZh, en: e.messageEn });
  throw e;
}

const post = <P extends string, S extends z.ZodType>(path: P, summary: string, schema: S) =>
  createRoute({
    method: 'post',
    path,
    tags: ['land'],
    summary,
    request: { body: { content: { 'application/json': { schema } }, required: true } },
    responses: { 200: jsonResponse(AnyResult, summary), ...problemResponses(400) },
  });

const valueRoute = post(
  '/api/land/value',
  '地价评估：剩余法 / 产业用地自持修正 / 年度住宅地价 5% 校核 / land valuation',
  landValuationRequestSchema,
);
const commitRoute = createRoute({
  method: 'post',
  path: '/api/draws/commit',
  tags: ['land'],
  summary: '生成抽取种子及其承诺值（种子抽取前保密）/ a fresh seed and its commitment',
  responses: { 200: jsonResponse(z.object({ seed: z.string(), commitment: z.string() }), 'seed and commitment') },
});
const drawRunRoute = post(
  '/api/draws/run',
  '随机抽取评估机构、评审专家（关联回避）或摇号 / run a draw',
  drawRunRequestSchema,
);
const drawVerifyRoute = post('/api/draws/verify', '复现并验证抽取记录 / verify a draw record', drawRecordSchema);
const replayRoute = post('/api/auctions/replay', '按事件日志复算竞得人 / replay an auction log', auctionLogSchema);
const simulateRoute = post(
  '/api/auctions/simulate',
  '以模拟竞买人试算出让规则 / simulate the rules against generated bidders',
  z.object({
    rules: auctionRulesSchema,
    seed: z.string().min(1).max(200).default('anju'),
    bidders: z.number().int().min(1).max(200).default(5),
  }),
);

export function landRoutes() {
  return newRouter()
    .openapi(valueRoute, (c) => {
      try {
        return c.json(valueLand(c.req.valid('json')) as unknown as Record<string, unknown>, 200);
      } catch (e) {
        return landError(e);
      }
    })
    .openapi(commitRoute, (c) => {
      const seed = randomBytes(32).toString('hex');
      return c.json({ seed, commitment: drawCommitment(seed) }, 200);
    })
    .openapi(drawRunRoute, (c) => {
      const req = c.req.valid('json');
      try {
        const record = runDrawRequest(req, req.seed ?? randomBytes(32).toString('hex'));
        return c.json({ record, verification: verifyDraw(record) } as unknown as Record<string, unknown>, 200);
      } catch (e) {
        return landError(e);
      }
    })
    .openapi(drawVerifyRoute, (c) =>
      c.json(verifyDraw(c.req.valid('json') as DrawRecord) as unknown as Record<string, unknown>, 200),
    )
    .openapi(replayRoute, (c) =>
      c.json(checkAuctionLog(c.req.valid('json')) as unknown as Record<string, unknown>, 200),
    )
    .openapi(simulateRoute, (c) => {
      const body = c.req.valid('json');
      const sim = simulateAuction(body.rules, { seed: body.seed, bidders: body.bidders });
      const w = sim.outcome.winner;
      const log = {
        rules: sim.rules,
        events: sim.events,
        recorded: { winner: w?.bidder ?? null, priceWanYuan: w?.priceWanYuan ?? null, phase: sim.outcome.phase },
      };
      return c.json({ ...sim, log } as unknown as Record<string, unknown>, 200);
    });
}
