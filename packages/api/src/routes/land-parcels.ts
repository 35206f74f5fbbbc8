// Land parcels (供地台账) and idle land (000 §九（二）): POST /api/cities/{city}/land-parcels uploads a parcel file
// (streamed to a temporary file under the upload limit) and writes it all or nothing as one revision (dry run,
// publish); GET /api/cities/{city}/linkage/idle?asOf= assesses the stored parcels of the published view — status, the
// idle fee at one year, reclaim at two years and the dates the rule used, each with its explanation.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { LandParcelIssue } from '@anju/core';
import { importLandParcels, type LandParcelImportResult } from '@anju/intake';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { actorOf, auditContextOf, recordDryRun, writeScopeFor } from '../auth/auth-context.js';
import { newRouter, type ApiDeps } from '../deps.js';
import { messages, pick, type Text } from '../messages.js';
import {
  MalformedMultipartError,
  multipartBoundary,
  receiveMultipart,
  UploadTooLargeError,
  type ReceivedFile,
} from '../multipart.js';
import { IDLE_LAND_STATUS_LABELS, idleLandFromStore } from '../planning/idle-land-service.js';
import { badRequest, langOf, ProblemError, type LocalisedFieldError } from '../problem.js';
import { CityParams, flagSchema, jsonResponse, problemResponses, requireCity } from './common-schemas.js';
import { ExplainedSchema, explainedJson } from './explain-schemas.js';
import { IntakeIssueSchema } from './imports.js';

const MAX_FIELD_BYTES = 1024 * 1024;

const text = {
  parcelsFailed: (errors: number, file: string): Text => ({
    zh: `宗地文件 ${file} 有 ${errors} 处错误，已全部列出，未写入任何数据；改正后重新上传`,
    en: `parcel file ${file} has ${errors} error${errors === 1 ? '' : 's'}, all listed; nothing was written`,
  }),
  importReason: (file: string): Text => ({ zh: `网页导入宗地台账 ${file}`, en: `land parcels uploaded: ${file}` }),
  noProfile: (id: string): Text => ({ zh: `没有政策配置 ${id}`, en: `no policy profile ${id}` }),
};

const LandParcelSchema = z.object({
  id: z.string(),
  unitCode: z.string(),
  use: z.string(),
  areaHa: z.string(),
  priceWanYuan: z.string(),
  agreedStartDate: z.string(),
  actualStartDate: z.string().optional(),
  startCommitment: z.boolean().optional(),
});

const LandParcelImportSchema = z
  .object({
    ok: z.boolean(),
    file: z.string(),
    sheet: z.string().optional(),
    cityCode: z.string(),
    errors: z.array(IntakeIssueSchema),
    parcels: z.array(LandParcelSchema),
    dryRun: z.boolean(),
    diff: z
      .object({
        added: z.number().int(),
        changed: z.number().int(),
        unchanged: z.number().int(),
        notInFile: z.number().int(),
      })
      .optional()
      .openapi({ description: '与已发布宗地相比：新增、变化、不变、文件未列 / against the published parcels' }),
    revisionId: z.string().optional(),
    published: z.boolean().optional(),
  })
  .openapi('LandParcelImport');

const ParcelForm = z.object({
  file: z
    .instanceof(File)
    .openapi({ type: 'string', format: 'binary', description: '宗地台账 CSV 或 XLSX / a parcel CSV or XLSX' }),
  sheet: z.string().optional().openapi({ description: 'XLSX 工作表名称或序号 / worksheet' }),
  dryRun: flagSchema,
  publish: flagSchema,
  reason: z.string().max(2000).optional(),
});

const importRoute = createRoute({
  method: 'post',
  path: '/api/cities/{city}/land-parcels',
  tags: ['planning'],
  summary: '上传宗地台账（全部校验通过才写入一个修订）/ import a land-parcel file, all or nothing',
  request: {
    params: CityParams,
    body: { content: { 'multipart/form-data': { schema: ParcelForm } }, required: true },
  },
  responses: {
    200: jsonResponse(LandParcelImportSchema, '试导入结果（未写入）/ dry-run result (nothing written)'),
    201: jsonResponse(LandParcelImportSchema, '已写入修订 / written as a revision'),
    ...problemResponses(400, 404, 413, 415, 422),
  },
});

const isoDateSchema = z
  .string()
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
  })
  .openapi({ example: '2025-12-31', description: '评估日期 / the assessment date (YYYY-MM-DD)' });

const IdleParcelSchema = z
  .object({
    parcelId: z.string(),
    revisionId: z.string(),
    unitCode: z.string(),
    unitNameZh: z.string(),
    unitNameEn: z.string(),
    landUse: z.string(),
    areaSqm: z.string(),
    priceWanYuan: z.string().nullable(),
    contractStart: z.string().nullable().openapi({ description: '合同约定开工日期 / agreed start date' }),
    actualStart: z.string().nullable().openapi({ description: '实际开工日期 / actual start date' }),
    startCommitment: z.boolean().nullable(),
    status: z
      .enum([...(Object.keys(IDLE_LAND_STATUS_LABELS) as [string, ...string[]]), 'unassessed'])
      .openapi({ description: 'unassessed：缺约定开工日期或价款 / no agreed date or price' }),
    statusZh: z.string(),
    statusEn: z.string(),
    fullYearsOverdue: z.number().int().nullable(),
    daysOverdue: z.number().int().nullable(),
    idleFeeWanYuan: z.string().nullable(),
    feeDate: z.string().nullable().openapi({ description: '满一年、开始征收闲置费之日 / idle fee due from' }),
    reclaimDate: z.string().nullable().openapi({ description: '满两年、无偿收回之日 / reclaimed from' }),
    explanation: ExplainedSchema.nullable(),
  })
  .openapi('IdleParcel');

const idleRoute = createRoute({
  method: 'get',
  path: '/api/cities/{city}/linkage/idle',
  tags: ['planning'],
  summary: '闲置土地：已发布宗地台账的认定与处置（满一年征收闲置费、满两年收回）/ idle land of the stored parcels',
  request: {
    params: CityParams,
    query: z.object({
      asOf: isoDateSchema,
      profile: z.string().optional().openapi({ description: '默认本市政策配置 / default the city’s profile' }),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        cityCode: z.string(),
        asOf: z.string(),
        profile: z.object({ id: z.string(), version: z.string() }),
        rule: z.object({
          feeRate: z.number(),
          feeAfterYears: z.number(),
          reclaimAfterYears: z.number(),
          source: z.object({ seed: z.string(), section: z.string(), quote: z.string().optional() }),
        }),
        parcels: z.array(IdleParcelSchema),
        totals: z.object({
          parcels: z.number().int(),
          byStatus: z.record(z.string(), z.number().int()),
          idleFeeWanYuan: z.string(),
          reclaimAreaSqm: z.string(),
        }),
      }),
      'every stored parcel with its status on the date',
    ),
    ...problemResponses(400, 404),
  },
});

interface Upload {
  readonly dir: string;
  readonly file: ReceivedFile | undefined;
}

const uploads = new WeakMap<Request, Upload>();

/**
 * Route middleware: streams the multipart body to a temporary directory before zod sees the form (as the element
 * import does), hands the validator a FormData whose file is backed by that file, and removes the directory after.
 */
function receiveUpload(deps: ApiDeps): MiddlewareHandler {
  return async (c, next) => {
    const boundary = multipartBoundary(c.req.header('content-type'));
    if (boundary === undefined) throw new ProblemError(415, 'unsupported-media-type', messages.notMultipart());
    const tooLarge = new ProblemError(413, 'payload-too-large', messages.uploadTooLarge(deps.maxUploadBytes));
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > deps.maxUploadBytes + MAX_FIELD_BYTES) throw tooLarge;
    const body = c.req.raw.body;
    if (body === null) throw badRequest(messages.fileMissing(), [{ field: 'file', text: messages.fileMissing() }]);
    const dir = await mkdtemp(join(tmpdir(), 'anju-parcels-'));
    try {
      let received;
      try {
        received = await receiveMultipart(Readable.fromWeb(body as WebReadableStream), boundary, {
          dir,
          fileFields: ['file'],
          maxFileBytes: deps.maxUploadBytes,
          maxFieldBytes: MAX_FIELD_BYTES,
        });
      } catch (error) {
        if (error instanceof UploadTooLargeError) throw tooLarge;
        if (error instanceof MalformedMultipartError) throw badRequest(messages.malformedMultipart());
        throw error;
      }
      const form = new FormData();
      for (const [name, value] of received.fields) form.append(name, value);
      const file = received.files.find((f) => f.field === 'file');
      // The validator only needs to see a file part; the import reads the temporary file itself.
      if (file !== undefined) form.append('file', new File([], file.fileName));
      uploads.set(c.req.raw, { dir, file });
      c.req.bodyCache.formData = form;
      await next();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

function issueError(issue: LandParcelIssue): LocalisedFieldError {
  return {
    file: issue.file,
    ...(issue.sheet === undefined ? {} : { sheet: issue.sheet }),
    ...(issue.row === undefined ? {} : { row: issue.row }),
    ...(issue.column === undefined ? {} : { column: issue.column }),
    ...(issue.header === undefined ? {} : { header: issue.header }),
    code: issue.code,
    text: { zh: issue.messageZh, en: issue.messageEn },
  };
}

function importView(r: LandParcelImportResult): z.infer<typeof LandParcelImportSchema> {
  return {
    ok: r.ok,
    file: r.file,
    ...(r.sheet === undefined ? {} : { sheet: r.sheet }),
    cityCode: r.cityCode,
    errors: r.errors.map((e) => ({ ...e })),
    parcels: r.parcels.map((p) => ({ ...p })),
    dryRun: r.dryRun,
    ...(r.diff === undefined ? {} : { diff: { ...r.diff } }),
    ...(r.revisionId === undefined ? {} : { revisionId: r.revisionId }),
    ...(r.published === undefined ? {} : { published: r.published }),
  };
}

function lang(c: Context) {
  return langOf(c.req.header('accept-language'));
}

export function landParcelRoutes(deps: ApiDeps) {
  return newRouter()
    .openapi({ ...importRoute, middleware: receiveUpload(deps) } as typeof importRoute, async (c) => {
      const { city } = c.req.valid('param');
      const form = c.req.valid('form');
      await requireCity(deps.store, city);
      const upload = uploads.get(c.req.raw);
      if (upload?.file === undefined)
        throw badRequest(messages.fileMissing(), [{ field: 'file', text: messages.fileMissing() }]);
      const reason = form.reason?.trim() ?? '';
      if (form.publish && reason === '') {
        throw badRequest(messages.publishNeedsReason(), [{ field: 'reason', text: messages.publishNeedsReason() }]);
      }
      const file = upload.file;
      const scope = writeScopeFor(c, deps);
      const sheet = form.sheet === undefined || form.sheet === '' ? undefined : form.sheet;
      const result = await importLandParcels(deps.store, file.path, {
        cityCode: city,
        fileLabel: file.fileName,
        createdBy: actorOf(c, deps),
        audit: auditContextOf(c, deps),
        ...(scope === undefined ? {} : { scope }),
        reason: reason === '' ? pick(text.importReason(file.fileName), lang(c)) : reason,
        now: deps.now(),
        ...(sheet === undefined ? {} : { sheet: /^\d+$/.test(sheet) ? Number(sheet) : sheet }),
        dryRun: form.dryRun,
        publish: form.publish,
      });
      if (!result.ok) {
        throw new ProblemError(
          422,
          'import-failed',
          text.parcelsFailed(result.errors.length, result.file),
          result.errors.map(issueError),
          { result: importView(result) },
        );
      }
      if (result.dryRun) await recordDryRun(c, deps, city, file.fileName, { parcels: result.parcels.length });
      return c.json(importView(result), result.dryRun ? 200 : 201);
    })
    .openapi(idleRoute, async (c) => {
      const { city } = c.req.valid('param');
      const q = c.req.valid('query');
      await requireCity(deps.store, city);
      let r;
      try {
        r = await idleLandFromStore(deps.store, city, q.asOf, q.profile === undefined ? {} : { profileId: q.profile });
      } catch (e) {
        if (e instanceof RangeError && q.profile !== undefined) {
          throw badRequest(text.noProfile(q.profile), [{ field: 'profile', text: text.noProfile(q.profile) }]);
        }
        throw e;
      }
      return c.json(
        {
          cityCode: r.cityCode,
          asOf: r.asOf,
          profile: r.profile,
          rule: {
            feeRate: r.rule.feeRate,
            feeAfterYears: r.rule.feeAfterYears,
            reclaimAfterYears: r.rule.reclaimAfterYears,
            source: {
              seed: r.rule.source.seed,
              section: r.rule.source.section,
              ...(r.rule.source.quote === undefined ? {} : { quote: r.rule.source.quote }),
            },
          },
          parcels: r.parcels.map((p) => ({
            parcelId: p.parcelId,
            revisionId: p.revisionId,
            unitCode: p.unitCode,
            unitNameZh: p.unitNameZh,
            unitNameEn: p.unitNameEn,
            landUse: p.landUse,
            areaSqm: p.areaSqm,
            priceWanYuan: p.priceWanYuan,
            contractStart: p.contractStart,
            actualStart: p.actualStart,
            startCommitment: p.startCommitment,
            status: p.assessment?.status ?? 'unassessed',
            statusZh: p.statusZh,
            statusEn: p.statusEn,
            fullYearsOverdue: p.assessment?.fullYearsOverdue ?? null,
            daysOverdue: p.assessment?.daysOverdue ?? null,
            idleFeeWanYuan: p.assessment?.idleFeeWanYuan ?? null,
            feeDate: p.assessment?.feeDate ?? null,
            reclaimDate: p.assessment?.reclaimDate ?? null,
            explanation: p.assessment === null ? null : explainedJson(p.assessment.explanation),
          })),
          totals: { ...r.totals, byStatus: { ...r.totals.byStatus } },
        },
        200,
      );
    });
}
