// Policy profiles: the bundled ones (list; show the effective profile with its chain and where each parameter was
// set) and validation of a document a city writes, with every error located by line, column and key path.
import { parseProfile, type PolicyProfile, type ProfileError } from '@anju/core';
import { profileCatalogue } from '@anju/samples';
import { createRoute, z } from '@hono/zod-openapi';
import { newRouter } from '../deps.js';
import { messages } from '../messages.js';
import { notFound } from '../problem.js';
import { jsonResponse, problemResponses } from './common-schemas.js';

const ProfileRefSchema = z.object({ id: z.string(), version: z.string() });

const ProfileSummarySchema = z
  .object({
    id: z.string().openapi({ example: 'zhangye' }),
    version: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    cityCode: z.string().nullable(),
    extends: z.string().nullable(),
  })
  .openapi('ProfileSummary');

const ProfileErrorSchema = z
  .object({
    file: z.string(),
    path: z.string(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
    messageZh: z.string(),
    messageEn: z.string(),
  })
  .openapi('ProfileError');

const ProfileDetail = z.object({
  summary: ProfileSummarySchema,
  /** The effective profile: every inherited parameter merged in, each with its seed citation. */
  profile: z.record(z.string(), z.unknown()),
  chain: z.array(ProfileRefSchema),
  origins: z.record(z.string(), ProfileRefSchema),
});

const ValidateBody = z.object({
  text: z.string().max(1_000_000).openapi({ description: 'YAML 或 JSON 文本 / YAML or JSON text' }),
  fileName: z.string().max(200).optional(),
});

const ValidateResult = z.object({
  ok: z.boolean(),
  id: z.string().nullable(),
  version: z.string().nullable(),
  chain: z.array(ProfileRefSchema),
  errors: z.array(ProfileErrorSchema),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/profiles',
  tags: ['profiles'],
  summary: '政策配置列表 / bundled policy profiles',
  responses: { 200: jsonResponse(z.object({ profiles: z.array(ProfileSummarySchema) }), 'profiles by id') },
});

const showRoute = createRoute({
  method: 'get',
  path: '/api/profiles/{id}',
  tags: ['profiles'],
  summary: '生效的政策配置 / the effective profile, its chain and origins',
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
        .openapi({ param: { name: 'id', in: 'path' }, example: 'zhangye' }),
    }),
  },
  responses: { 200: jsonResponse(ProfileDetail, 'effective profile'), ...problemResponses(400, 404) },
});

const validateRoute = createRoute({
  method: 'post',
  path: '/api/profiles/validate',
  tags: ['profiles'],
  summary: '校验政策配置 / validate a profile document',
  request: {
    body: {
      content: {
        'application/json': { schema: ValidateBody },
        'text/plain': { schema: z.string().openapi({ description: 'YAML 或 JSON 文本 / YAML or JSON text' }) },
        'application/yaml': { schema: z.string() },
      },
    },
  },
  responses: {
    200: jsonResponse(ValidateResult, '校验结果，错误带行列位置 / result with located errors'),
    ...problemResponses(400, 415),
  },
});

function summary(p: PolicyProfile): z.infer<typeof ProfileSummarySchema> {
  return {
    id: p.id,
    version: p.version,
    nameZh: p.nameZh,
    nameEn: p.nameEn,
    cityCode: p.cityCode ?? null,
    extends: p.extends ?? null,
  };
}

function errorView(e: ProfileError): z.infer<typeof ProfileErrorSchema> {
  return { ...e };
}

export function profileRoutes() {
  return newRouter()
    .openapi(listRoute, async (c) => c.json({ profiles: (await profileCatalogue()).list().map(summary) }, 200))
    .openapi(showRoute, async (c) => {
      const { id } = c.req.valid('param');
      const catalogue = await profileCatalogue();
      const profile = catalogue.get(id);
      const r = catalogue.resolve(id);
      if (profile === undefined || r === undefined) throw notFound(messages.unknownProfile(id));
      return c.json(
        {
          summary: summary(profile),
          profile: JSON.parse(JSON.stringify(r.profile)) as Record<string, unknown>,
          chain: r.chain.map((ref) => ({ ...ref })),
          origins: Object.fromEntries(Object.entries(r.origins).map(([k, ref]) => [k, { ...ref }])),
        },
        200,
      );
    })
    .openapi(validateRoute, async (c) => {
      const json = /json/i.test(c.req.header('content-type') ?? '');
      const body = json ? c.req.valid('json') : await c.req.text();
      const { text, fileName } = typeof body === 'string' ? { text: body, fileName: undefined } : body;
      const file = fileName ?? 'profile.yaml';
      const catalogue = await profileCatalogue();
      const parsed = parseProfile(text, file, { knownProfileIds: catalogue.list().map((p) => p.id) });
      if (!parsed.ok) {
        return c.json({ ok: false, id: null, version: null, chain: [], errors: parsed.errors.map(errorView) }, 200);
      }
      const resolved = catalogue.resolveCandidate(parsed.profile);
      if (!resolved.ok) {
        return c.json(
          {
            ok: false,
            id: parsed.profile.id,
            version: parsed.profile.version,
            chain: [],
            errors: resolved.errors.map(errorView),
          },
          200,
        );
      }
      return c.json(
        {
          ok: true,
          id: parsed.profile.id,
          version: parsed.profile.version,
          chain: resolved.chain.map((ref) => ({ ...ref })),
          errors: [],
        },
        200,
      );
    });
}
