// POST /api/cities/{city}/imports: upload a CSV / XLSX (streamed to a temporary file under a size limit), check
// every cell and write it all or nothing as a revision (dry run, publish, or in the background with progress);
// GET /api/imports/{id}: the progress and result of a background import.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { mappingSchema, parseMapping, type IntakeIssue, type Mapping } from '@anju/core';
import { importFile, type ImportResult } from '@anju/intake';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { actorOf, auditContextOf, recordDryRun, writeScopeFor } from '../auth/auth-context.js';
import { newRouter, type ApiDeps } from '../deps.js';
import type { ImportJob } from '../import-jobs.js';
import { messages, pick } from '../messages.js';
import {
  MalformedMultipartError,
  multipartBoundary,
  receiveMultipart,
  UploadTooLargeError,
  type ReceivedFile,
} from '../multipart.js';
import {
  asProblem,
  badRequest,
  errorReference,
  langOf,
  notFound,
  problemBody,
  ProblemError,
  type LocalisedFieldError,
} from '../problem.js';
import {
  CityParams,
  flagSchema,
  jsonResponse,
  ProblemSchema,
  problemResponses,
  requireCity,
} from './common-schemas.js';
import { RevisionDiffSchema } from './revision-schemas.js';

const MAX_FIELD_BYTES = 1024 * 1024;

export const IntakeIssueSchema = z
  .object({
    severity: z.enum(['error', 'warning']),
    code: z.string(),
    file: z.string(),
    sheet: z.string().optional(),
    row: z.number().int().optional(),
    column: z.string().optional(),
    header: z.string().optional(),
    messageZh: z.string(),
    messageEn: z.string(),
    expected: z.string().optional(),
    got: z.string().optional(),
  })
  .openapi('IntakeIssue');

const DetectionSchema = z.object({
  layout: z.enum(['long', 'wide']),
  columns: z.array(
    z.object({
      column: z.string(),
      header: z.string(),
      role: z.string(),
      key: z.record(z.string(), z.unknown()),
      uom: z.string().optional(),
      from: z.enum(['mapping', 'detected']),
    }),
  ),
  ignoredColumns: z.array(z.string()),
  totalRows: z.array(z.number()),
  totalColumns: z.array(z.string()),
});

export const ImportResultSchema = z
  .object({
    ok: z.boolean(),
    file: z.string(),
    sheet: z.string().optional(),
    encoding: z.string().optional(),
    cityCode: z.string(),
    detection: DetectionSchema.optional(),
    errors: z.array(IntakeIssueSchema),
    warnings: z.array(IntakeIssueSchema),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
    rows: z.number().int(),
    observations: z.number().int(),
    dryRun: z.boolean(),
    revisionId: z.string().optional(),
    published: z.boolean().optional(),
    diff: RevisionDiffSchema.optional(),
  })
  .openapi('ImportResult');

const ProgressSchema = z.object({
  bytesRead: z.number().int(),
  totalBytes: z.number().int(),
  rows: z.number().int(),
  observations: z.number().int(),
});

const ImportJobSchema = z
  .object({
    id: z.string(),
    cityCode: z.string(),
    file: z.string(),
    state: z.enum(['running', 'done', 'failed']),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    progress: ProgressSchema,
    result: ImportResultSchema.nullable(),
    problem: ProblemSchema.nullable(),
  })
  .openapi('ImportJob');

const ImportForm = z.object({
  file: z
    .instanceof(File)
    .openapi({ type: 'string', format: 'binary', description: 'CSV 或 XLSX / a CSV or XLSX file' }),
  mapping: z
    .union([z.string(), z.instanceof(File)])
    .optional()
    .openapi({
      type: 'string',
      description: '映射（YAML 文本或文件）；缺省按长表识别表头 / mapping (YAML); default: detect a long layout',
    }),
  dryRun: flagSchema,
  publish: flagSchema,
  async: flagSchema,
  reason: z.string().max(2000).optional(),
});

const importRoute = createRoute({
  method: 'post',
  path: '/api/cities/{city}/imports',
  tags: ['imports'],
  summary: '上传导入 CSV / XLSX（全部校验通过才写入）/ import a file, all or nothing',
  request: {
    params: CityParams,
    body: { content: { 'multipart/form-data': { schema: ImportForm } }, required: true },
  },
  responses: {
    200: jsonResponse(ImportResultSchema, '试导入结果 / dry-run result (nothing written)'),
    201: jsonResponse(ImportResultSchema, '已写入修订 / written as a revision'),
    202: jsonResponse(
      z.object({ importId: z.string(), statusUrl: z.string(), job: ImportJobSchema }),
      '后台导入已开始 / background import started',
    ),
    ...problemResponses(400, 404, 413, 415, 422),
  },
});

const jobRoute = createRoute({
  method: 'get',
  path: '/api/imports/{id}',
  tags: ['imports'],
  summary: '后台导入进度 / progress of a background import',
  request: {
    params: z.object({
      id: z
        .string()
        .uuid()
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: { 200: jsonResponse(ImportJobSchema, 'state, progress and result'), ...problemResponses(400, 404) },
});

interface Upload {
  readonly dir: string;
  readonly file: ReceivedFile | undefined;
  /** A background job took over the temporary directory. */
  kept: boolean;
}

const uploads = new WeakMap<Request, Upload>();

/**
 * Route middleware: streams the multipart body to a temporary directory before zod sees the form, and hands the
 * validator a FormData whose file is backed by that temporary file. Removes the directory afterwards.
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
    const dir = await mkdtemp(join(tmpdir(), 'anju-upload-'));
    const upload: Upload = { dir, file: undefined, kept: false };
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
      if (file !== undefined)
        form.append('file', await openAsBlob(file.path, { type: file.contentType }), file.fileName);
      uploads.set(c.req.raw, { ...upload, file });
      c.req.bodyCache.formData = form;
      await next();
    } finally {
      if (!(uploads.get(c.req.raw)?.kept ?? false)) await rm(dir, { recursive: true, force: true });
    }
  };
}

function issueError(issue: IntakeIssue): LocalisedFieldError {
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

export function resultView(r: ImportResult): z.infer<typeof ImportResultSchema> {
  const issue = (i: IntakeIssue) => ({ ...i });
  return {
    ok: r.ok,
    file: r.file,
    ...(r.sheet === undefined ? {} : { sheet: r.sheet }),
    ...(r.encoding === undefined ? {} : { encoding: r.encoding }),
    cityCode: r.cityCode,
    ...(r.detection === undefined
      ? {}
      : {
          detection: {
            layout: r.detection.layout,
            columns: r.detection.columns.map((col) => ({ ...col, key: { ...col.key } })),
            ignoredColumns: [...r.detection.ignoredColumns],
            totalRows: [...r.detection.totalRows],
            totalColumns: [...r.detection.totalColumns],
          },
        }),
    errors: r.errors.map(issue),
    warnings: r.warnings.map(issue),
    errorCount: r.errorCount,
    warningCount: r.warningCount,
    rows: r.rows,
    observations: r.observations,
    dryRun: r.dryRun,
    ...(r.revisionId === undefined ? {} : { revisionId: r.revisionId }),
    ...(r.published === undefined ? {} : { published: r.published }),
    ...(r.diff === undefined
      ? {}
      : {
          diff: {
            ...r.diff,
            addedRows: r.diff.addedRows.map((x) => ({ ...x })),
            changedRows: r.diff.changedRows.map((x) => ({ ...x })),
            unchangedRows: r.diff.unchangedRows.map((x) => ({ ...x })),
          },
        }),
  };
}

/** A result with errors as a 422 problem listing every located error, with the full result beside it. */
function failedImport(r: ImportResult): ProblemError {
  return new ProblemError(422, 'import-failed', messages.importFailed(r.errorCount, r.file), r.errors.map(issueError), {
    result: resultView(r),
  });
}

function readMapping(text: string | undefined, city: string): Mapping {
  if (text === undefined || text.trim() === '') return mappingSchema.parse({ version: 1, city, layout: 'long' });
  const parsed = parseMapping(text, 'mapping');
  if (!parsed.ok) {
    throw badRequest(
      messages.mappingInvalid(),
      parsed.errors.map((e) => ({ field: 'mapping', ...issueError(e) })),
    );
  }
  if (parsed.mapping.city !== city) {
    const text = messages.mappingOtherCity(parsed.mapping.city, city);
    throw badRequest(text, [{ field: 'mapping', text }]);
  }
  return parsed.mapping;
}

function jobView(job: ImportJob): z.infer<typeof ImportJobSchema> {
  return {
    id: job.id,
    cityCode: job.cityCode,
    file: job.file,
    state: job.state,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    progress: { ...job.progress },
    result: job.result === null ? null : resultView(job.result),
    problem: job.problem === null ? null : { ...job.problem, errors: job.problem.errors?.map((e) => ({ ...e })) },
  };
}

function lang(c: Context) {
  return langOf(c.req.header('accept-language'));
}

export function importRoutes(deps: ApiDeps) {
  return newRouter()
    .openapi({ ...importRoute, middleware: receiveUpload(deps) } as typeof importRoute, async (c) => {
      const { city } = c.req.valid('param');
      const form = c.req.valid('form');
      await requireCity(deps.store, city);
      const upload = uploads.get(c.req.raw);
      if (upload?.file === undefined)
        throw badRequest(messages.fileMissing(), [{ field: 'file', text: messages.fileMissing() }]);
      const mappingText = form.mapping instanceof File ? await form.mapping.text() : form.mapping;
      const mapping = readMapping(mappingText, city);
      const reason = form.reason?.trim() ?? '';
      if (form.publish && reason === '') {
        throw badRequest(messages.publishNeedsReason(), [{ field: 'reason', text: messages.publishNeedsReason() }]);
      }
      const file = upload.file;
      const scope = writeScopeFor(c, deps);
      const request = {
        path: file.path,
        fileLabel: file.fileName,
        mapping,
        createdBy: actorOf(c, deps),
        audit: auditContextOf(c, deps),
        ...(scope === undefined ? {} : { scope }),
        reason: reason === '' ? pick(messages.importReason(file.fileName), lang(c)) : reason,
        now: deps.now(),
        dryRun: form.dryRun,
        publish: form.publish,
      };

      if (form.async) {
        const size = (await stat(file.path)).size;
        const job = deps.imports.start(city, file.fileName, deps.now(), size);
        upload.kept = true;
        const language = lang(c);
        void importFile(deps.store, { ...request, onProgress: (p) => (job.progress = { ...p }) })
          .then((result) => {
            job.result = result;
            job.state = 'done';
          })
          .catch((error: unknown) => {
            const { problem, internal } = asProblem(error, () => errorReference(deps.now()));
            if (internal) deps.logError(error, `import ${job.id}`, String(problem.extensions?.['reference']));
            job.problem = problemBody(problem, language);
            job.state = 'failed';
          })
          .finally(() => {
            job.finishedAt = deps.now().toISOString();
            void rm(upload.dir, { recursive: true, force: true });
          });
        return c.json({ importId: job.id, statusUrl: `/api/imports/${job.id}`, job: jobView(job) }, 202);
      }

      const result = await importFile(deps.store, request);
      if (!result.ok) throw failedImport(result);
      if (result.dryRun) {
        await recordDryRun(c, deps, city, file.fileName, { rows: result.rows, observations: result.observations });
      }
      return c.json(resultView(result), result.dryRun ? 200 : 201);
    })
    .openapi(jobRoute, (c) => {
      const { id } = c.req.valid('param');
      const job = deps.imports.get(id);
      if (job === undefined) throw notFound(messages.unknownImport(id));
      return c.json(jobView(job), 200);
    });
}
