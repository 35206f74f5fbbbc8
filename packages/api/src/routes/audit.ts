// POST /api/audit: the plan-table auditor (SPEC §3.5). Upload one or more printed tables (CSV / XLSX, each streamed
// to a temporary file under the size limit) and optionally a rules file; the answer lists every finding with its
// cell, printed and computed figures, difference and likely cause, and each table's cells with the status of every
// check so the dashboard can mark the findings on the table itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  auditTables,
  EMPTY_AUDIT_RULES,
  parseAuditRules,
  type AuditReport,
  type AuditRules,
  type PrintedTable,
} from '@anju/core';
import { EncodingError, readPrintedTable, SheetNotFoundError, UnsupportedTableFileError } from '@anju/intake';
import { createRoute, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { ApiDeps } from '../deps.js';
import { newRouter } from '../deps.js';
import { messages, type Text } from '../messages.js';
import {
  MalformedMultipartError,
  multipartBoundary,
  receiveMultipart,
  UploadTooLargeError,
  type ReceivedForm,
} from '../multipart.js';
import { badRequest, ProblemError, type LocalisedFieldError } from '../problem.js';
import { jsonResponse, problemResponses } from './common-schemas.js';

const MAX_FIELD_BYTES = 1024 * 1024;
const MAX_FILES = 50;

const CellSchema = z.object({
  text: z.string(),
  address: z.string(),
  row: z.number().int(),
  column: z.string(),
  part: z.number().int().optional(),
});

const CheckSchema = z.object({
  kind: z.enum(['total', 'share', 'share-sum', 'derived', 'unit', 'cross-table', 'subset', 'garbled']),
  tableId: z.string(),
  address: z.string(),
  status: z.enum(['ok', 'within-precision', 'mismatch']),
  inputs: z.array(z.string()).optional(),
  noteZh: z.string().optional(),
  noteEn: z.string().optional(),
});

const UncheckedSchema = z.object({
  tableId: z.string(),
  address: z.string(),
  printed: z.string(),
  reasonZh: z.string(),
  reasonEn: z.string(),
});

export const AuditFindingSchema = z
  .object({
    kind: z.enum(['total', 'share', 'share-sum', 'derived', 'unit', 'cross-table', 'subset', 'garbled']),
    cause: z.enum([
      'rounding',
      'coarse-rounding',
      'unit-scale',
      'transposed-digits',
      'part-omitted',
      'part-twice',
      'share-sum',
      'unit-label',
      'unit-missing-wan',
      'definition',
      'subset-exceeds',
      'garbled',
      'unexplained',
    ]),
    tableId: z.string(),
    tableTitle: z.string(),
    address: z.string(),
    row: z.number().int(),
    column: z.string(),
    part: z.number().int().optional(),
    rowLabel: z.string(),
    columnLabel: z.string(),
    printed: z.string(),
    computed: z.string().optional(),
    difference: z.string().optional(),
    tolerance: z.string().optional(),
    inputs: z.array(z.string()).optional(),
    formula: z.string().optional(),
    factor: z.string().optional(),
    related: z
      .array(
        z.object({
          tableId: z.string(),
          tableTitle: z.string(),
          address: z.string(),
          printed: z.string(),
          label: z.string(),
          agrees: z.boolean(),
        }),
      )
      .optional(),
    messageZh: z.string(),
    messageEn: z.string(),
    causeZh: z.string(),
    causeEn: z.string(),
  })
  .openapi('AuditFinding');

export const AuditReportSchema = z
  .object({
    tables: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        source: z.object({
          file: z.string().optional(),
          sheet: z.string().optional(),
          seed: z.string().optional(),
          section: z.string().optional(),
          plan: z.string().optional(),
          note: z.string().optional(),
          cite: z.string().optional(),
        }),
        grid: z.array(z.array(CellSchema)),
        headerRows: z.number().int(),
        labelColumns: z.array(z.string()),
        totalRows: z.array(z.number().int()),
        totalColumns: z.array(z.string()),
        shareLines: z.array(z.string()),
        nonAdditiveLines: z.array(z.string()),
        rowsAre: z.enum(['entities', 'quantities']),
        checks: z.array(CheckSchema),
        unchecked: z.array(UncheckedSchema),
      }),
    ),
    findings: z.array(AuditFindingSchema),
    problems: z.array(z.object({ tableId: z.string(), messageZh: z.string(), messageEn: z.string() })),
    unchecked: z.array(UncheckedSchema),
    proposals: z.array(
      z.object({
        tableId: z.string(),
        line: z.string(),
        formula: z.string(),
        status: z.enum(['ok', 'within-precision', 'mismatch']),
        reasonZh: z.string(),
        reasonEn: z.string(),
      }),
    ),
    summary: z.object({
      tables: z.number().int(),
      checks: z.number().int(),
      withinPrecision: z.number().int(),
      unchecked: z.number().int(),
      findings: z.number().int(),
    }),
  })
  .openapi('AuditReport');

const AuditForm = z.object({
  file: z.union([z.instanceof(File), z.array(z.instanceof(File))]).openapi({
    type: 'string',
    format: 'binary',
    description: '一个或多个 CSV / XLSX（字段 file 可重复）/ one or more files',
  }),
  rules: z
    .union([z.string(), z.instanceof(File)])
    .optional()
    .openapi({ type: 'string', description: '审核规则（YAML 文本或文件）/ rules (YAML)' }),
  sheet: z.string().optional().openapi({ description: 'XLSX 工作表名称或序号 / worksheet' }),
  accepted: z.string().optional().openapi({
    description:
      '接受的建议核对（JSON：[{tableId, line, formula}]，并入规则）/ accepted proposed checks (JSON), merged into the rules',
  }),
});

const auditRoute = createRoute({
  method: 'post',
  path: '/api/audit',
  tags: ['audit'],
  summary: '规划表审核：上传表格，核对合计、占比、派生数与跨表数字 / audit printed plan tables',
  request: { body: { content: { 'multipart/form-data': { schema: AuditForm } }, required: true } },
  responses: {
    200: jsonResponse(AuditReportSchema, '审核结果（findings 为空即无问题）/ the audit (no findings: clean)'),
    ...problemResponses(400, 413, 415),
  },
});

const text = {
  notATable: (file: string): Text => ({ zh: `${file} 不是 CSV 或 XLSX 文件`, en: `${file} is not a CSV or XLSX file` }),
  cannotDecode: (file: string): Text => ({
    zh: `${file} 的编码无法识别（应为 UTF-8、GB18030 或 UTF-16）`,
    en: `cannot decode ${file} (expected UTF-8, GB18030 or UTF-16)`,
  }),
  noSheet: (file: string, sheet: string): Text => ({
    zh: `${file} 中没有工作表 ${sheet}`,
    en: `${file} has no sheet ${sheet}`,
  }),
  badTables: (): Text => ({ zh: '有文件无法作为表格读取', en: 'some files cannot be read as tables' }),
  rulesInvalid: (): Text => ({
    zh: '审核规则有误，请按所列位置修改',
    en: 'the rules have errors; fix them at the places listed',
  }),
  tooManyFiles: (): Text => ({ zh: `一次最多上传 ${MAX_FILES} 个文件`, en: `at most ${MAX_FILES} files at a time` }),
};

async function receive(deps: ApiDeps, req: Request, dir: string): Promise<ReceivedForm> {
  const boundary = multipartBoundary(req.headers.get('content-type') ?? undefined);
  if (boundary === undefined) throw new ProblemError(415, 'unsupported-media-type', messages.notMultipart());
  const tooLarge = new ProblemError(413, 'payload-too-large', messages.uploadTooLarge(deps.maxUploadBytes));
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > deps.maxUploadBytes + MAX_FIELD_BYTES) throw tooLarge;
  if (req.body === null) throw badRequest(messages.fileMissing(), [{ field: 'file', text: messages.fileMissing() }]);
  try {
    return await receiveMultipart(Readable.fromWeb(req.body as WebReadableStream), boundary, {
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
}

function readRules(form: ReceivedForm): AuditRules {
  const source = form.fields.get('rules');
  let rules = EMPTY_AUDIT_RULES;
  if (source !== undefined && source.trim() !== '') {
    const parsed = parseAuditRules(source);
    if (!parsed.ok)
      throw badRequest(
        text.rulesInvalid(),
        parsed.errors.map((e) => ({ field: 'rules', text: { zh: e.messageZh, en: e.messageEn } })),
      );
    rules = parsed.rules;
  }
  return withAccepted(rules, form.fields.get('accepted'));
}

/** The proposed checks a user accepted (JSON [{tableId, line, formula}]) added to the rules as derived lines. */
function withAccepted(rules: AuditRules, accepted: string | undefined): AuditRules {
  if (accepted === undefined || accepted.trim() === '') return rules;
  let list: unknown;
  try {
    list = JSON.parse(accepted);
  } catch {
    list = undefined;
  }
  const items = Array.isArray(list) ? (list as { tableId?: unknown; line?: unknown; formula?: unknown }[]) : [];
  const tables = items.map((a) => ({ match: a.tableId, derived: [{ line: a.line, formula: a.formula }] }));
  const parsed = parseAuditRules(JSON.stringify({ version: 1, tables }));
  if (!Array.isArray(list) || !parsed.ok)
    throw badRequest(text.rulesInvalid(), [
      {
        field: 'accepted',
        text: {
          zh: '接受的建议核对应为 [{tableId, line, formula}]',
          en: 'accepted must be [{tableId, line, formula}]',
        },
      },
    ]);
  return { ...rules, tables: [...rules.tables, ...parsed.rules.tables] };
}

/** Audits the uploaded tables as one plan. */
export async function auditUpload(deps: ApiDeps, req: Request): Promise<AuditReport> {
  const dir = await mkdtemp(join(tmpdir(), 'anju-audit-'));
  try {
    const form = await receive(deps, req, dir);
    const files = form.files.filter((f) => f.field === 'file');
    if (files.length === 0) throw badRequest(messages.fileMissing(), [{ field: 'file', text: messages.fileMissing() }]);
    if (files.length > MAX_FILES) throw badRequest(text.tooManyFiles(), [{ field: 'file', text: text.tooManyFiles() }]);
    const rules = readRules(form);
    const sheetField = form.fields.get('sheet');
    const sheet =
      sheetField === undefined || sheetField === ''
        ? undefined
        : /^\d+$/.test(sheetField)
          ? Number(sheetField)
          : sheetField;
    const tables: PrintedTable[] = [];
    const errors: LocalisedFieldError[] = [];
    for (const f of files) {
      try {
        tables.push(
          await readPrintedTable(f.path, { fileName: f.fileName, ...(sheet === undefined ? {} : { sheet }) }),
        );
      } catch (e) {
        const t =
          e instanceof UnsupportedTableFileError
            ? text.notATable(f.fileName)
            : e instanceof EncodingError
              ? text.cannotDecode(f.fileName)
              : e instanceof SheetNotFoundError
                ? text.noSheet(f.fileName, String(e.wanted))
                : undefined;
        if (t === undefined) throw e;
        errors.push({ field: 'file', file: f.fileName, text: t });
      }
    }
    if (errors.length > 0) throw badRequest(text.badTables(), errors);
    const report = auditTables(tables, rules);
    if (report.problems.length > 0)
      throw badRequest(
        text.rulesInvalid(),
        report.problems.map((p) => ({ field: 'rules', file: p.tableId, text: { zh: p.messageZh, en: p.messageEn } })),
      );
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const reports = new WeakMap<Request, AuditReport>();

/**
 * Route middleware: audits the upload before the validator runs, and hands the validator a stand-in form (the
 * files were streamed to disk and are already gone).
 */
function receiveAndAudit(deps: ApiDeps): MiddlewareHandler {
  return async (c, next) => {
    reports.set(c.req.raw, await auditUpload(deps, c.req.raw));
    const form = new FormData();
    form.append('file', new File([], 'received'));
    c.req.bodyCache.formData = form;
    await next();
  };
}

export function auditRoutes(deps: ApiDeps) {
  return newRouter().openapi(
    {
      ...auditRoute,
      // The body is streamed to disk by the handler itself (several files, size limit), not parsed by the validator.
      middleware: receiveAndAudit(deps),
    } as typeof auditRoute,
    (c) => {
      const report = reports.get(c.req.raw);
      if (report === undefined) throw new Error('audit middleware did not run');
      return c.json(report as z.infer<typeof AuditReportSchema>, 200);
    },
  );
}
