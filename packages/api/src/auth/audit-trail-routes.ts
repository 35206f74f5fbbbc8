// The audit trail: filtered list (newest first, paged backwards) and the same selection as an XLSX workbook.
// Read-only: there is no route that edits or deletes an event, and the table refuses it in SQL.
import { ROLE_LABELS, isRole } from '@anju/core';
import { neutraliseWorkbookText } from '@anju/intake';
import { listAuditEvents, type AuditEvent, type AuditFilter } from '@anju/store';
import { createRoute, z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import type { Context } from 'hono';
import { newRouter, type ApiDeps } from '../deps.js';
import { langOf } from '../problem.js';
import { pick } from '../messages.js';
import { contentDisposition } from '../routes/export.js';
import { jsonResponse, problemResponses } from '../routes/common-schemas.js';
import { callerOf } from './auth-context.js';
import { authMessages } from './auth-messages.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_EXPORT_ROWS = 100_000;

const isoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/)
  .openapi({ example: '2026-03-01' });

const AuditQuery = z.object({
  city: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  actor: z.string().max(100).optional(),
  action: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: "动作，或以 '.' 结尾的前缀 / action or prefix ending in '.'" }),
  outcome: z.enum(['ok', 'refused']).optional(),
  from: isoInstant.optional().openapi({ description: '起（含）/ from (inclusive); a date means 00:00 UTC+8' }),
  to: isoInstant.optional().openapi({ description: '止（不含）/ to (exclusive)' }),
  text: z.string().max(200).optional().openapi({ description: '对象或原因包含 / target or reason contains' }),
  before: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .openapi({ description: '翻页：早于此编号 / page: older than this id' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const AuditEventSchema = z
  .object({
    eventId: z.string(),
    at: z.string(),
    actor: z.string(),
    actorRole: z.string().nullable(),
    action: z.string(),
    cityCode: z.string().nullable(),
    target: z.string().nullable(),
    revisionBefore: z.string().nullable(),
    revisionAfter: z.string().nullable(),
    valueBefore: z.unknown(),
    valueAfter: z.unknown(),
    reason: z.string().nullable(),
    clientAddress: z.string().nullable(),
    outcome: z.enum(['ok', 'refused']),
    // Issue 12: through which door, who at the machine (CLI), a claimed but unchecked name, the place in the chain.
    channel: z.string().nullable(),
    osUser: z.string().nullable(),
    host: z.string().nullable(),
    claimedActor: z.string().nullable(),
    chainSeq: z.string(),
    chainLink: z.string(),
  })
  .openapi('AuditEvent');

const forbidden = {
  403: {
    description: '无权操作 / forbidden',
    content: { 'application/problem+json': { schema: z.record(z.string(), z.unknown()) } },
  },
} as const;

const listRoute = createRoute({
  method: 'get',
  path: '/api/audit-trail',
  tags: ['audit'],
  summary: '审计记录（只读，新的在前）/ the audit trail, newest first (read-only)',
  request: { query: AuditQuery },
  responses: {
    200: jsonResponse(z.object({ events: z.array(AuditEventSchema), nextBefore: z.string().nullable() }), 'events'),
    ...problemResponses(400),
    ...forbidden,
  },
});

const xlsxRoute = createRoute({
  method: 'get',
  path: '/api/audit-trail.xlsx',
  tags: ['audit'],
  summary: '导出审计记录 XLSX / the audit trail as XLSX',
  request: { query: AuditQuery.omit({ before: true, limit: true }) },
  responses: {
    200: {
      description: '文件下载 / file download',
      content: { [XLSX_TYPE]: { schema: z.string().openapi({ type: 'string', format: 'binary' }) } },
    },
    ...problemResponses(400),
    ...forbidden,
  },
});

/** A date alone is a day in China Standard Time (UTC+8). */
function instant(text: string): Date {
  return new Date(text.length === 10 ? `${text}T00:00:00+08:00` : text);
}

function filterOf(
  c: Context,
  deps: ApiDeps,
  q: z.infer<typeof AuditQuery> | Omit<z.infer<typeof AuditQuery>, 'before' | 'limit'>,
): AuditFilter {
  const caller = callerOf(c, deps);
  // An analyst bound to a city sees that city's events only.
  const ownCity = caller.principal.role !== 'administrator' ? caller.principal.cityCode : null;
  return {
    ...(ownCity !== null ? { cityCode: ownCity } : q.city === undefined ? {} : { cityCode: q.city }),
    ...(q.actor === undefined || q.actor === '' ? {} : { actor: q.actor }),
    ...(q.action === undefined || q.action === '' ? {} : { action: q.action }),
    ...(q.outcome === undefined ? {} : { outcome: q.outcome }),
    ...(q.from === undefined ? {} : { from: instant(q.from) }),
    ...(q.to === undefined ? {} : { to: instant(q.to) }),
    ...(q.text === undefined || q.text === '' ? {} : { text: q.text }),
  };
}

const COLUMNS = [
  { key: 'eventId', zh: '编号', en: 'id', width: 8 },
  { key: 'at', zh: '时间（北京时间）', en: 'time (UTC+8)', width: 20 },
  { key: 'actor', zh: '操作人', en: 'actor', width: 16 },
  { key: 'actorRole', zh: '角色', en: 'role', width: 14 },
  { key: 'action', zh: '动作', en: 'action', width: 24 },
  { key: 'outcome', zh: '结果', en: 'outcome', width: 8 },
  { key: 'cityCode', zh: '城市', en: 'city', width: 9 },
  { key: 'target', zh: '对象', en: 'target', width: 30 },
  { key: 'revisionBefore', zh: '修改前修订', en: 'revision before', width: 12 },
  { key: 'revisionAfter', zh: '修改后修订', en: 'revision after', width: 12 },
  { key: 'valueBefore', zh: '修改前', en: 'before', width: 30 },
  { key: 'valueAfter', zh: '修改后', en: 'after', width: 30 },
  { key: 'reason', zh: '原因', en: 'reason', width: 30 },
  { key: 'clientAddress', zh: '来源地址', en: 'client address', width: 16 },
  { key: 'channel', zh: '渠道', en: 'channel', width: 8 },
  { key: 'osUser', zh: '系统用户', en: 'OS user', width: 12 },
  { key: 'host', zh: '主机', en: 'host', width: 14 },
  { key: 'claimedActor', zh: '自称操作人', en: 'claimed actor', width: 12 },
  { key: 'chainSeq', zh: '链序号', en: 'chain seq', width: 8 },
  { key: 'chainLink', zh: '链接值', en: 'chain link', width: 20 },
] as const;

function cell(e: AuditEvent, key: (typeof COLUMNS)[number]['key'], lang: 'zh' | 'en'): string | number {
  switch (key) {
    case 'eventId':
    case 'chainSeq':
      return Number(e[key]);
    case 'channel':
      return e.channel === 'cli'
        ? pick({ zh: '命令行', en: 'CLI' }, lang)
        : e.channel === 'api'
          ? pick({ zh: '接口', en: 'API' }, lang)
          : (e.channel ?? '');
    case 'at':
      return new Date(new Date(e.at).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    case 'actorRole':
      return e.actorRole !== null && isRole(e.actorRole) ? pick(ROLE_LABELS[e.actorRole], lang) : (e.actorRole ?? '');
    case 'outcome':
      return e.outcome === 'ok' ? pick({ zh: '成功', en: 'ok' }, lang) : pick({ zh: '被拒绝', en: 'refused' }, lang);
    case 'valueBefore':
    case 'valueAfter':
      return e[key] === null || e[key] === undefined ? '' : JSON.stringify(e[key]);
    default:
      return e[key] ?? '';
  }
}

export function auditTrailRoutes(deps: ApiDeps) {
  return newRouter()
    .openapi(listRoute, async (c) => {
      const q = c.req.valid('query');
      const events = await listAuditEvents(deps.store, {
        ...filterOf(c, deps, q),
        ...(q.before === undefined ? {} : { beforeId: q.before }),
        limit: q.limit,
      });
      const nextBefore = events.length === q.limit ? (events.at(-1)?.eventId ?? null) : null;
      return c.json({ events: events.map((e) => ({ ...e })), nextBefore }, 200);
    })
    .openapi(xlsxRoute, async (c) => {
      const q = c.req.valid('query');
      const lang = langOf(c.req.header('accept-language'));
      const events = await listAuditEvents(deps.store, { ...filterOf(c, deps, q), limit: MAX_EXPORT_ROWS });
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet(pick(authMessages.auditSheet(), lang));
      sheet.columns = COLUMNS.map((col) => ({ header: pick(col, lang), key: col.key, width: col.width }));
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
      for (const e of events) sheet.addRow(Object.fromEntries(COLUMNS.map((col) => [col.key, cell(e, col.key, lang)])));
      neutraliseWorkbookText(book);
      const bytes = Buffer.from(await book.xlsx.writeBuffer());
      const stamp = deps.now().toISOString().slice(0, 10);
      return new Response(bytes, {
        status: 200,
        headers: {
          'content-type': XLSX_TYPE,
          'content-disposition': contentDisposition(
            `${pick(authMessages.auditSheet(), lang)}-${stamp}.xlsx`,
            `anju-audit-trail-${stamp}.xlsx`,
          ),
          'content-length': String(bytes.length),
        },
      });
    });
}
