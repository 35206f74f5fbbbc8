// Plans and their evaluation (SPEC §3.5): list / show / create / edit plans (every save a new version in the store),
// the status board of a plan in one year (each indicator's status colour, sparkline, target, latest value and the
// explanation of its status), and the evaluation report as XLSX, PDF or printable HTML.
import { parsePlanDocument, planStatusExtensions, STATUS_LABELS, statusKinds } from '@anju/core';
import { listPlanVersions, savePlanVersion } from '@anju/store';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter, type ApiDeps } from '../deps.js';
import { renderEvaluationHtml } from '../plans/evaluation-html.js';
import { renderEvaluationPdf } from '../plans/evaluation-pdf.js';
import { renderEvaluationXlsx } from '../plans/evaluation-xlsx.js';
import { evaluatePlan, listCityPlans, resolvePlan } from '../plans/plan-service.js';
import { badRequest, notFound } from '../problem.js';
import { CityParams, problemResponses, requireCity } from './common-schemas.js';
import { ExplainedSchema, explainedJson } from './explain-schemas.js';
import { contentDisposition } from './export.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const binary = z.string().openapi({ type: 'string', format: 'binary' });
const PlanParams = CityParams.extend({
  plan: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .openapi({ param: { name: 'plan', in: 'path' }, example: 'zhangye-15th' }),
});
const versionQuery = z.coerce
  .number()
  .int()
  .min(1)
  .optional()
  .openapi({ description: '规划版本（默认最新）/ plan version' });
const yearQuery = z.coerce
  .number()
  .int()
  .min(1949)
  .max(2100)
  .openapi({ example: 2027, description: '评估年份 / year' });
const PlanDocumentJson = z
  .record(z.string(), z.unknown())
  .openapi({ description: '规划文档 / plan document (see core planDocumentSchema)' });
const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const PlanSummarySchema = z.object({
  planId: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  startYear: z.number(),
  endYear: z.number(),
  version: z.number().nullable(),
  origin: z.enum(['store', 'bundled']),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/plans',
  tags: ['plans'],
  summary: '规划列表（数据库中的与随附种子规划）/ the city’s plans',
  request: { params: CityParams },
  responses: { 200: json(z.object({ plans: z.array(PlanSummarySchema) }), 'plans'), ...problemResponses(404) },
});

const showRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/plans/{plan}',
  tags: ['plans'],
  summary: '规划文档与版本记录 / a plan and its versions',
  request: { params: PlanParams, query: z.object({ version: versionQuery }) },
  responses: {
    200: json(
      z.object({
        plan: PlanDocumentJson,
        version: z.number().nullable(),
        origin: z.enum(['store', 'bundled']),
        versions: z.array(
          z.object({ version: z.number(), createdBy: z.string(), createdAt: z.string(), reason: z.string() }),
        ),
      }),
      'the plan',
    ),
    ...problemResponses(404),
  },
});

const saveBody = z.object({ plan: PlanDocumentJson, reason: z.string().min(1) });
const savedSchema = z.object({ planId: z.string(), version: z.number() });
const createPlanRoute = createRoute({
  method: 'post',
  path: '/api/cities/{city}/plans',
  tags: ['plans'],
  summary: '新建规划（保存为第 1 版）/ create a plan',
  request: { params: CityParams, body: { content: { 'application/json': { schema: saveBody } }, required: true } },
  responses: { 201: json(savedSchema, 'saved'), ...problemResponses(400, 404, 409) },
});
const editPlanRoute = createRoute({
  method: 'put',
  path: '/api/cities/{city}/plans/{plan}',
  tags: ['plans'],
  summary: '修改规划（保存为新版本，旧版本保留）/ edit a plan (a new version)',
  request: { params: PlanParams, body: { content: { 'application/json': { schema: saveBody } }, required: true } },
  responses: { 200: json(savedSchema, 'saved'), ...problemResponses(400, 404) },
});

const BoardRowSchema = z.object({
  indicatorId: z.string(),
  categoryZh: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  uomZh: z.string(),
  targetText: z.string(),
  achievedText: z.string(),
  achievedYear: z.number().nullable(),
  attributeZh: z.string(),
  kind: z.enum(statusKinds),
  statusZh: z.string(),
  statusEn: z.string(),
  colour: z.string(),
  ratio: z.string().nullable(),
  pass: z.boolean().nullable(),
  /** Anju's extensions of the Open SDG method this row used (profile `planStatus.extensions`). */
  extensions: z.array(z.enum(planStatusExtensions)),
  /** Where an extension changed the reading: the Open SDG method's own status. */
  methodReading: z
    .object({ kind: z.enum(statusKinds), value: z.string().nullable(), reasonZh: z.string(), reasonEn: z.string() })
    .nullable(),
  narrativeZh: z.string(),
  trend: z.object({
    years: z.array(z.number()),
    actual: z.array(z.string().nullable()),
    path: z.array(z.string().nullable()),
    target: z.string().nullable(),
    targetYear: z.number(),
    cumulative: z.boolean(),
  }),
  ranking: z.array(
    z.object({
      rank: z.number().nullable(),
      unitCode: z.string(),
      nameZh: z.string(),
      target: z.string(),
      latest: z.string().nullable(),
      ratio: z.string().nullable(),
      kind: z.enum(statusKinds),
    }),
  ),
  status: ExplainedSchema,
});
const statusRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/plans/{plan}/status',
  tags: ['plans'],
  summary: '规划指标进展看板 / the plan’s status board in one year',
  request: { params: PlanParams, query: z.object({ year: yearQuery, version: versionQuery }) },
  responses: {
    200: json(
      z.object({
        planId: z.string(),
        titleZh: z.string(),
        kind: z.enum(['annual', 'mid-term', 'end-term']),
        year: z.number(),
        version: z.number().nullable(),
        counts: z.record(z.string(), z.number()),
        binding: z.object({ pass: z.number(), fail: z.number(), undetermined: z.number() }),
        legend: z.array(z.object({ kind: z.enum(statusKinds), zh: z.string(), en: z.string(), colour: z.string() })),
        rows: z.array(BoardRowSchema),
        extensionsUsed: z.array(z.enum(planStatusExtensions)),
        /** The report's method paragraph: the method and each extension used. */
        methodZh: z.string(),
        methodEn: z.string(),
      }),
      'status board',
    ),
    ...problemResponses(400, 404),
  },
});

const evaluationRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/plans/{plan}/evaluation',
  tags: ['plans'],
  summary: '规划评估报告（年度、中期、终期）/ the evaluation report',
  request: {
    params: PlanParams,
    query: z.object({
      year: yearQuery,
      version: versionQuery,
      format: z.enum(['xlsx', 'pdf', 'html']).default('html'),
    }),
  },
  responses: {
    200: {
      description: '评估报告 / the report',
      content: {
        [XLSX_TYPE]: { schema: binary },
        'application/pdf': { schema: binary },
        'text/html': { schema: z.string() },
      },
    },
    ...problemResponses(400, 404),
  },
});

const CONTENT_TYPE = { xlsx: XLSX_TYPE, pdf: 'application/pdf', html: 'text/html; charset=utf-8' } as const;

function validPlan(city: string, data: unknown, planId?: string) {
  const r = parsePlanDocument(data);
  if (!r.ok) {
    throw badRequest(
      { zh: `规划文档有 ${r.issues.length} 处错误`, en: `the plan document has ${r.issues.length} error(s)` },
      r.issues.map((i) => ({ field: `plan.${i.path}`, text: { zh: i.message, en: i.message } })),
    );
  }
  if (r.plan.cityCode !== city) {
    throw badRequest({
      zh: `规划属于城市 ${r.plan.cityCode}，不是 ${city}`,
      en: `the plan is for city ${r.plan.cityCode}, not ${city}`,
    });
  }
  if (planId !== undefined && r.plan.id !== planId) {
    throw badRequest({
      zh: `规划编号应为 ${planId}，收到 ${r.plan.id}`,
      en: `the plan id must be ${planId}, got ${r.plan.id}`,
    });
  }
  return r.plan;
}

export function planRoutes(deps: ApiDeps) {
  const requirePlan = async (city: string, plan: string, version?: number) => {
    await requireCity(deps.store, city);
    const r = await resolvePlan(deps.store, city, plan, version);
    if (r === undefined) {
      throw notFound({
        zh: `城市 ${city} 没有规划 ${plan}${version === undefined ? '' : ` 的第 ${version} 版`}`,
        en: `city ${city} has no plan ${plan}${version === undefined ? '' : ` version ${version}`}`,
      });
    }
    return r;
  };
  return newRouter()
    .openapi(listRoute, async (c) => {
      const { city } = c.req.valid('param');
      await requireCity(deps.store, city);
      return c.json({ plans: await listCityPlans(deps.store, city) }, 200);
    })
    .openapi(showRoute, async (c) => {
      const { city, plan } = c.req.valid('param');
      const { version } = c.req.valid('query');
      const r = await requirePlan(city, plan, version);
      const versions = await listPlanVersions(deps.store, city, plan);
      return c.json(
        {
          plan: r.plan as unknown as Record<string, unknown>,
          version: r.version,
          origin: r.origin,
          versions: versions.map((v) => ({
            version: v.version,
            createdBy: v.createdBy,
            createdAt: v.createdAt.toISOString(),
            reason: v.reason,
          })),
        },
        200,
      );
    })
    .openapi(createPlanRoute, async (c) => {
      const { city } = c.req.valid('param');
      const body = c.req.valid('json');
      await requireCity(deps.store, city);
      const plan = validPlan(city, body.plan);
      if ((await listPlanVersions(deps.store, city, plan.id)).length > 0) {
        throw badRequest({
          zh: `规划 ${plan.id} 已存在，请用 PUT 修改`,
          en: `plan ${plan.id} exists: edit it with PUT`,
        });
      }
      const version = await deps.store.transaction((tx) =>
        savePlanVersion(tx, {
          cityCode: city,
          planId: plan.id,
          nameZh: plan.nameZh,
          document: plan,
          createdBy: deps.user,
          createdAt: deps.now(),
          reason: body.reason,
        }),
      );
      return c.json({ planId: plan.id, version }, 201);
    })
    .openapi(editPlanRoute, async (c) => {
      const { city, plan: planId } = c.req.valid('param');
      const body = c.req.valid('json');
      await requireCity(deps.store, city);
      const plan = validPlan(city, body.plan, planId);
      const version = await deps.store.transaction((tx) =>
        savePlanVersion(tx, {
          cityCode: city,
          planId,
          nameZh: plan.nameZh,
          document: plan,
          createdBy: deps.user,
          createdAt: deps.now(),
          reason: body.reason,
        }),
      );
      return c.json({ planId, version }, 200);
    })
    .openapi(statusRoute, async (c) => {
      const { city, plan } = c.req.valid('param');
      const q = c.req.valid('query');
      const r = await requirePlan(city, plan, q.version);
      const e = await evaluatePlan(deps.store, r, q.year);
      return c.json(
        {
          planId: e.planId,
          titleZh: e.titleZh,
          kind: e.kind,
          year: e.year,
          version: r.version,
          counts: { ...e.counts },
          binding: { ...e.binding },
          legend: statusKinds.map((k) => ({ kind: k, ...STATUS_LABELS[k] })),
          rows: e.rows.map((row) => ({
            indicatorId: row.indicatorId,
            categoryZh: row.categoryZh,
            nameZh: row.nameZh,
            nameEn: row.nameEn,
            uomZh: row.uomZh,
            targetText: row.targetText,
            achievedText: row.achievedText,
            achievedYear: row.achievedYear,
            attributeZh: row.attributeZh,
            kind: row.kind,
            statusZh: row.statusZh,
            statusEn: row.statusEn,
            colour: row.colour,
            ratio: row.status.status.value,
            pass: row.status.pass,
            extensions: [...row.status.extensions],
            methodReading: row.status.methodReading === null ? null : { ...row.status.methodReading },
            narrativeZh: row.narrativeZh,
            trend: {
              ...row.trend,
              years: [...row.trend.years],
              actual: [...row.trend.actual],
              path: [...row.trend.path],
            },
            ranking: row.ranking.map((u) => ({
              rank: u.rank,
              unitCode: u.unitCode,
              nameZh: u.nameZh,
              target: u.target,
              latest: u.status.latest?.value ?? null,
              ratio: u.status.status.value,
              kind: u.status.kind,
            })),
            status: explainedJson(row.status.status),
          })),
          extensionsUsed: [...e.extensionsUsed],
          methodZh: e.methodZh,
          methodEn: e.methodEn,
        },
        200,
      );
    })
    .openapi(evaluationRoute, async (c) => {
      const { city, plan } = c.req.valid('param');
      const q = c.req.valid('query');
      const r = await requirePlan(city, plan, q.version);
      const e = await evaluatePlan(deps.store, r, q.year);
      const meta = { version: r.version, generatedAt: deps.now().toISOString() };
      const pdf = q.format === 'pdf' ? await renderEvaluationPdf(e, meta) : undefined;
      const bytes =
        pdf?.bytes ??
        (q.format === 'xlsx'
          ? await renderEvaluationXlsx(e, meta)
          : Buffer.from(renderEvaluationHtml(e, meta), 'utf8'));
      return new Response(new Uint8Array(bytes), {
        status: 200,
        headers: {
          'content-type': CONTENT_TYPE[q.format],
          'content-disposition': contentDisposition(
            `${e.titleZh}.${q.format}`,
            `anju-${plan}-${q.year}.${q.format}`,
          ).replace(/^attachment/, q.format === 'html' ? 'inline' : 'attachment'),
          'content-length': String(bytes.length),
          ...(pdf === undefined ? {} : { 'x-anju-pdf-renderer': pdf.renderer }),
        },
      });
    });
}
