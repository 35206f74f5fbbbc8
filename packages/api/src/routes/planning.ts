// 以人定房、以房定地 and the annual plans (SPEC §3.3–3.5): pure computations on request bodies validated by the same
// zod schemas the CLI reads scenario files with (@anju/core), under the bundled policy profiles.
import {
  PlanInputError,
  annualPlanRequestSchema,
  buildAnnualPlan,
  checkAffordableLandShare,
  classifyLandSupply,
  compareForecastRuns,
  decomposeLandSupply,
  forecastScenarioSchema,
  forecastSensitivity,
  landClassRequestSchema,
  landPlanRequestSchema,
  landTargetRequestSchema,
  runForecast,
  solveLandTarget,
  type ForecastScenario,
} from '@anju/core';
import { zhangyePlanWorkbookBuffer } from '@anju/intake';
import {
  profileCatalogue,
  type ResolvedProfile,
  ZHANGYE_BUILDING_PLAN,
  ZHANGYE_LAND_PLAN,
  ZHANGYE_PLAN_FIRST_YEAR,
  reproduceZhangye003,
} from '@anju/samples';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter } from '../deps.js';
import { messages } from '../messages.js';
import { badRequest, langOf, notFound } from '../problem.js';
import { jsonResponse, problemResponses } from './common-schemas.js';
import { contentDisposition } from './export.js';

const AnyResult = z.record(z.string(), z.unknown());
const profileIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);

async function effectiveProfile(id: string): Promise<ResolvedProfile> {
  const r = (await profileCatalogue()).resolve(id);
  if (r === undefined) throw notFound(messages.unknownProfile(id));
  return r;
}

function planError(e: unknown): never {
  if (e instanceof PlanInputError) throw badRequest({ zh: e.messageZh, en: e.messageEn });
  throw e;
}

const post = <P extends string, S extends z.ZodType>(path: P, summary: string, schema: S) =>
  createRoute({
    method: 'post',
    path,
    tags: ['planning'],
    summary,
    request: { body: { content: { 'application/json': { schema } }, required: true } },
    responses: { 200: jsonResponse(AnyResult, summary), ...problemResponses(400, 404) },
  });

const forecastRunRoute = post(
  '/api/forecast/run',
  '运行需求预测情景 / run a forecast scenario',
  z.object({ profileId: profileIdSchema.default('national-default'), scenario: forecastScenarioSchema }),
);
const forecastCompareRoute = post(
  '/api/forecast/compare',
  '情景对比与敏感性 / compare scenarios, with sensitivity',
  z.object({
    profileId: profileIdSchema.default('national-default'),
    scenarios: z.array(forecastScenarioSchema).min(1).max(10),
    sensitivityUnit: z.string().optional(),
  }),
);
const zhangyeChainRoute = createRoute({
  method: 'get',
  path: '/api/forecast/reference/zhangye-003',
  tags: ['planning'],
  summary: '003 需求预测链复算及原文不一致之处 / 003 chain recomputed, with its inconsistencies',
  responses: { 200: jsonResponse(AnyResult, '003 chain') },
});
const classifyRoute = post(
  '/api/linkage/classify',
  '以房定地分类 / land-supply class per unit',
  landClassRequestSchema,
);
const solveRoute = post(
  '/api/linkage/solve',
  '反求达标供地 / land per year to reach the range',
  landTargetRequestSchema,
);
const annualRoute = post(
  '/api/plan/annual',
  '五年总量分解到年度 / five-year totals into years',
  annualPlanRequestSchema,
);
const landRoute = post(
  '/api/plan/land',
  '年度供地分解到季度/月度 / annual land into quarters or months',
  landPlanRequestSchema,
);
const referenceRoute = createRoute({
  method: 'get',
  path: '/api/plan/reference/zhangye',
  tags: ['planning'],
  summary: '003 第六章年度计划及保障用地占比校核 / 003 annual plans with the 20 % check',
  responses: { 200: jsonResponse(AnyResult, '003 plans') },
});

const referenceXlsxRoute = createRoute({
  method: 'get',
  path: '/api/plan/reference/zhangye.xlsx',
  tags: ['planning'],
  summary: '003 第六章年度计划表 XLSX（含合计行与 20% 校核）/ 003 annual plan tables as XLSX',
  responses: {
    200: {
      description: '文件下载 / file download',
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
          schema: z.string().openapi({ type: 'string', format: 'binary' }),
        },
      },
    },
  },
});

export function planningRoutes() {
  return newRouter()
    .openapi(forecastRunRoute, async (c) => {
      const body = c.req.valid('json');
      const use = await effectiveProfile(body.profileId);
      return c.json(runForecast(body.scenario as ForecastScenario, use) as unknown as Record<string, unknown>, 200);
    })
    .openapi(forecastCompareRoute, async (c) => {
      const body = c.req.valid('json');
      const use = await effectiveProfile(body.profileId);
      const scenarios = body.scenarios as ForecastScenario[];
      const comparison = compareForecastRuns(scenarios.map((s) => runForecast(s, use)));
      const first = scenarios[0];
      const unit = body.sensitivityUnit;
      if (unit !== undefined && first !== undefined && !first.units.some((u) => u.unitCode === unit)) {
        throw badRequest({ zh: `情景中没有单元 ${unit}`, en: `unit ${unit} is not in the first scenario` });
      }
      const sensitivity = unit === undefined || first === undefined ? null : forecastSensitivity(first, unit, use);
      return c.json({ ...comparison, sensitivity } as unknown as Record<string, unknown>, 200);
    })
    .openapi(zhangyeChainRoute, (c) => c.json(reproduceZhangye003() as unknown as Record<string, unknown>, 200))
    .openapi(classifyRoute, async (c) => {
      const body = c.req.valid('json');
      const { profile } = await effectiveProfile(body.profileId);
      const opts = body.zeroMigrationAs === undefined ? {} : { zeroMigrationAs: body.zeroMigrationAs };
      const results = body.items.map((item) => classifyLandSupply(profile, item, opts));
      return c.json({ profile: { id: profile.id, version: profile.version }, results }, 200);
    })
    .openapi(solveRoute, (c) => c.json(solveLandTarget(c.req.valid('json')) as unknown as Record<string, unknown>, 200))
    .openapi(annualRoute, (c) => {
      try {
        return c.json(buildAnnualPlan(c.req.valid('json')) as unknown as Record<string, unknown>, 200);
      } catch (e) {
        return planError(e);
      }
    })
    .openapi(landRoute, (c) => {
      try {
        return c.json({ parts: decomposeLandSupply(c.req.valid('json')) }, 200);
      } catch (e) {
        return planError(e);
      }
    })
    .openapi(referenceRoute, async (c) => {
      const { profile } = await effectiveProfile('zhangye');
      const minShare = String(profile.land.affordableLandShareMin.value);
      const [commercial, affordable] = ZHANGYE_LAND_PLAN;
      const checks = commercial!.values.map((v, i) => ({
        year: ZHANGYE_PLAN_FIRST_YEAR + i,
        ...checkAffordableLandShare({ commercialLandHa: v, affordableLandHa: affordable!.values[i]!, minShare }),
      }));
      return c.json(
        {
          firstYear: ZHANGYE_PLAN_FIRST_YEAR,
          building: ZHANGYE_BUILDING_PLAN,
          land: ZHANGYE_LAND_PLAN,
          affordableLandChecks: checks,
        } as unknown as Record<string, unknown>,
        200,
      );
    })
    .openapi(referenceXlsxRoute, async (c) => {
      const { profile } = await effectiveProfile('zhangye');
      const lang = langOf(c.req.header('accept-language'));
      const bytes = await zhangyePlanWorkbookBuffer({
        lang,
        minAffordableShare: String(profile.land.affordableLandShareMin.value),
      });
      const name = lang === 'en' ? 'zhangye-annual-plans-2026-2030.xlsx' : '张掖市住房年度计划2026-2030.xlsx';
      return new Response(new Uint8Array(bytes), {
        status: 200,
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': contentDisposition(name, 'zhangye-annual-plans-2026-2030.xlsx'),
          'content-length': String(bytes.length),
        },
      });
    });
}
