// Every user-facing string of the HTTP API, Chinese first with English beside it (STYLE: one place per package).

/** A text in both languages. */
export interface Text {
  readonly zh: string;
  readonly en: string;
}

export type Lang = 'zh' | 'en';

/** Picks the language's text. */
export function pick(text: Text, lang: Lang): string {
  return lang === 'en' ? text.en : text.zh;
}

/** Problem kinds (the `type` of an application/problem+json body) and their titles. */
export const problemTitles = {
  'bad-request': { zh: '请求有误', en: 'Bad request' },
  'not-found': { zh: '找不到', en: 'Not found' },
  conflict: { zh: '状态冲突', en: 'Conflict' },
  'payload-too-large': { zh: '上传文件过大', en: 'Payload too large' },
  'body-too-large': { zh: '请求内容过大', en: 'Request body too large' },
  'unsupported-media-type': { zh: '不支持的内容类型', en: 'Unsupported media type' },
  'import-failed': {
    zh: '文件未通过校验，没有写入任何数据',
    en: 'The file did not pass validation; nothing was written',
  },
  internal: { zh: '服务器内部错误', en: 'Internal server error' },
  unauthorized: { zh: '请先登录', en: 'Sign-in required' },
  forbidden: { zh: '无权操作', en: 'Forbidden' },
  locked: { zh: '账户已锁定', en: 'Account locked' },
  'too-many-requests': { zh: '请求过于频繁', en: 'Too many requests' },
} as const satisfies Record<string, Text>;

export type ProblemKind = keyof typeof problemTitles;

/** Names of request fields, for validation messages. */
const fieldNames: Readonly<Record<string, Text>> = {
  city: { zh: '城市', en: 'city' },
  unit: { zh: '单元', en: 'unit' },
  measure: { zh: '指标', en: 'measure' },
  dimension: { zh: '细分', en: 'breakdown' },
  period: { zh: '期间', en: 'period' },
  from: { zh: '起始期间', en: 'first period' },
  to: { zh: '截止期间', en: 'last period' },
  grain: { zh: '汇总粒度', en: 'grain' },
  revision: { zh: '修订号', en: 'revision' },
  rev: { zh: '修订号', en: 'revision' },
  reason: { zh: '原因', en: 'reason' },
  format: { zh: '导出格式', en: 'format' },
  limit: { zh: '示例行数', en: 'sample rows' },
  file: { zh: '文件', en: 'file' },
  mapping: { zh: '映射', en: 'mapping' },
  dryRun: { zh: '试导入', en: 'dryRun' },
  publish: { zh: '立即发布', en: 'publish' },
  async: { zh: '后台导入', en: 'async' },
  id: { zh: '编号', en: 'id' },
  text: { zh: '文本', en: 'text' },
  fileName: { zh: '文件名', en: 'fileName' },
};

/** The field's name in the language, or the field itself. */
export function fieldName(field: string, lang: Lang): string {
  const head = field.split('.')[0] ?? field;
  const name = fieldNames[head];
  if (name === undefined) return field;
  return lang === 'en' ? field : field === head ? name.zh : `${name.zh}（${field}）`;
}

export const messages = {
  assetNotFound: (path: string): Text => ({
    zh: `找不到仪表盘文件 ${path}（仪表盘可能已更新，请刷新页面）`,
    en: `no dashboard file ${path} (the dashboard may have been updated; reload the page)`,
  }),
  bodyTooLarge: (maxBytes: number): Text => ({
    zh: `请求内容超过了上限（${formatSize(maxBytes, 'zh')}），已拒绝；上传文件请使用导入功能`,
    en: `the request body is over the limit (${formatSize(maxBytes, 'en')}) and was refused; upload files through the import routes`,
  }),
  validation: (count: number): Text => ({
    zh: `请求中有 ${count} 处不符合要求，请逐项修改后再试`,
    en: `the request has ${count} invalid field${count === 1 ? '' : 's'}`,
  }),
  fieldRequired: (field: string): Text => ({
    zh: `缺少必填项“${fieldName(field, 'zh')}”`,
    en: `${field} is required`,
  }),
  fieldType: (field: string, expected: string): Text => ({
    zh: `“${fieldName(field, 'zh')}”的类型不对，应为${typeZh(expected)}`,
    en: `${field} must be a ${expected}`,
  }),
  fieldEnum: (field: string, options: readonly string[]): Text => ({
    zh: `“${fieldName(field, 'zh')}”只能取以下值之一：${options.join('、')}`,
    en: `${field} must be one of ${options.join(', ')}`,
  }),
  fieldTooShort: (field: string): Text => ({
    zh: `“${fieldName(field, 'zh')}”不能为空`,
    en: `${field} must not be empty`,
  }),
  fieldTooLong: (field: string, max: string): Text => ({
    zh: `“${fieldName(field, 'zh')}”超出上限 ${max}`,
    en: `${field} is above its maximum of ${max}`,
  }),
  fieldTooSmall: (field: string, min: string): Text => ({
    zh: `“${fieldName(field, 'zh')}”不能小于 ${min}`,
    en: `${field} must be at least ${min}`,
  }),
  fieldFormat: (field: string): Text => ({
    zh: `“${fieldName(field, 'zh')}”的格式不对`,
    en: `${field} has the wrong format`,
  }),
  fieldUnknown: (keys: readonly string[]): Text => ({
    zh: `不认识的字段：${keys.join('、')}`,
    en: `unknown fields: ${keys.join(', ')}`,
  }),
  fieldInvalid: (field: string): Text => ({
    zh: `“${fieldName(field, 'zh')}”的值无效`,
    en: `${field} is invalid`,
  }),
  badPeriod: (field: string): Text => ({
    zh: `“${fieldName(field, 'zh')}”不是合法的期间代码（应为 2025-12、2025Q4、2025 或 2021-2025）`,
    en: `${field} is not a period code (expected 2025-12, 2025Q4, 2025 or 2021-2025)`,
  }),
  badBoolean: (field: string): Text => ({
    zh: `“${fieldName(field, 'zh')}”应为 true 或 false`,
    en: `${field} must be true or false`,
  }),
  unknownCity: (city: string): Text => ({
    zh: `没有代码为 ${city} 的城市（先运行 anju init 或 anju demo）`,
    en: `no city with code ${city} (run anju init or anju demo first)`,
  }),
  unknownUnits: (city: string, units: readonly string[]): Text => ({
    zh: `城市 ${city} 中没有这些单元：${units.join('、')}`,
    en: `city ${city} has no units ${units.join(', ')}`,
  }),
  unknownMeasure: (measure: string): Text => ({
    zh: `指标目录中没有“${measure}”（见 GET /api/measures）`,
    en: `no measure "${measure}" in the catalogue (see GET /api/measures)`,
  }),
  dimensionNotAllowed: (measure: string, dimension: string, allowed: readonly string[]): Text => ({
    zh: `指标 ${measure} 没有细分“${dimension}”；可用：${allowed.length > 0 ? allowed.join('、') : '（无，只有合计）'}`,
    en: `measure ${measure} has no breakdown "${dimension}"; allowed: ${allowed.length > 0 ? allowed.join(', ') : '(none, total only)'}`,
  }),
  noValue: (unit: string, measure: string, period: string): Text => ({
    zh: `单元 ${unit} 的指标 ${measure} 在 ${period} 没有已发布的数值`,
    en: `unit ${unit} has no published value of ${measure} for ${period}`,
  }),
  noPeriod: (measure: string, period: string): Text => ({
    zh: `指标 ${measure} 在 ${period} 没有数据`,
    en: `measure ${measure} has no data for ${period}`,
  }),
  unknownRevision: (city: string, rev: string): Text => ({
    zh: `城市 ${city} 没有编号为 ${rev} 的修订版本`,
    en: `city ${city} has no revision ${rev}`,
  }),
  unknownProfile: (id: string): Text => ({
    zh: `没有名为 ${id} 的政策配置（见 GET /api/profiles）`,
    en: `no policy profile ${id} (see GET /api/profiles)`,
  }),
  unknownImport: (id: string): Text => ({
    zh: `没有编号为 ${id} 的导入任务（任务只在服务运行期间保留）`,
    en: `no import ${id} (imports are kept only while the server runs)`,
  }),
  noAnnualPlan: (city: string): Text => ({
    zh: `城市 ${city} 没有内置的年度计划（目前内置张掖市 003 第六章）`,
    en: `city ${city} has no bundled annual plan (bundled: Zhangye, 003 第六章)`,
  }),
  unknownApiPath: (path: string): Text => ({
    zh: `没有这个接口：${path}（接口列表见 /api/openapi.json）`,
    en: `no such endpoint: ${path} (see /api/openapi.json)`,
  }),
  publishNeedsReason: (): Text => ({
    zh: '导入后立即发布时必须填写原因（reason）',
    en: 'publishing on import needs a reason',
  }),
  uploadTooLarge: (limitBytes: number): Text => ({
    zh: `上传的文件超过了上限（${formatSize(limitBytes, 'zh')}）；请拆分文件或联系管理员调大上限`,
    en: `the upload is over the limit (${formatSize(limitBytes, 'en')}); split the file or ask an administrator to raise it`,
  }),
  notMultipart: (): Text => ({
    zh: '上传文件须使用 multipart/form-data 格式',
    en: 'uploads must be sent as multipart/form-data',
  }),
  malformedMultipart: (): Text => ({
    zh: '上传内容不完整或格式错误（multipart 数据无法解析）',
    en: 'the upload is incomplete or malformed (cannot parse the multipart body)',
  }),
  fileMissing: (): Text => ({
    zh: '没有收到文件：请在表单字段 file 中上传 CSV 或 XLSX 文件',
    en: 'no file received: upload a CSV or XLSX file in the form field "file"',
  }),
  mappingInvalid: (): Text => ({
    zh: '映射文件有错误，请按所列位置修改',
    en: 'the mapping has errors; fix them at the places listed',
  }),
  mappingOtherCity: (mappingCity: string, city: string): Text => ({
    zh: `映射属于城市 ${mappingCity}，却上传到了城市 ${city}`,
    en: `the mapping is for city ${mappingCity} but was uploaded to city ${city}`,
  }),
  importFailed: (errors: number, file: string): Text => ({
    zh: `文件 ${file} 有 ${errors} 处错误，已全部列出；改正后重新上传`,
    en: `${file} has ${errors} error${errors === 1 ? '' : 's'}, all listed; fix them and upload again`,
  }),
  importReason: (file: string): Text => ({
    zh: `网页导入 ${file}`,
    en: `uploaded ${file}`,
  }),
  malformedJson: (): Text => ({
    zh: '请求体不是合法的 JSON',
    en: 'the request body is not valid JSON',
  }),
  unsupportedMediaType: (): Text => ({
    zh: '请求体的内容类型不受支持',
    en: 'the request body has an unsupported content type',
  }),
  internal: (reference: string): Text => ({
    zh: `服务器处理请求时出错，已记录日志（参考编号 ${reference}）；请稍后再试，或把参考编号告诉管理员`,
    en: `the server failed to handle the request; the error was logged (reference ${reference}) — try again later or give the reference to an administrator`,
  }),
  formula: {
    sum: { zh: '求和', en: 'sum' },
    end: { zh: '期末值', en: 'end of period' },
    mean: { zh: '平均', en: 'mean' },
    'weighted-mean': { zh: '加权平均', en: 'weighted mean' },
  } satisfies Record<string, Text>,
  weight: { zh: '权重', en: 'weight' } satisfies Text,
  missingMonths: (periods: readonly Text[]): Text => ({
    zh: `缺少 ${periods.map((p) => p.zh).join('、')} 的数据，汇总值不完整`,
    en: `no data for ${periods.map((p) => p.en).join(', ')}; the rolled-up value is incomplete`,
  }),
  revisionNote: (r: {
    revisionId: string;
    createdBy: string;
    createdAt: string;
    reason: string;
    publishedBy: string | null;
    publishedAt: string | null;
  }): Text => ({
    zh:
      `修订 ${r.revisionId}：${r.createdBy} 于 ${r.createdAt} 写入，原因：${r.reason}` +
      (r.publishedBy !== null ? `；由 ${r.publishedBy} 于 ${r.publishedAt ?? ''} 发布` : '；尚未发布'),
    en:
      `revision ${r.revisionId}: written by ${r.createdBy} at ${r.createdAt}, reason: ${r.reason}` +
      (r.publishedBy !== null ? `; published by ${r.publishedBy} at ${r.publishedAt ?? ''}` : '; not published'),
  }),
  historyInput: (revisionId: string, status: string): Text => ({
    zh: `修订 ${revisionId}（${statusZh(status)}）`,
    en: `revision ${revisionId} (${status})`,
  }),
  elements: {
    people: { zh: '人', en: 'people' },
    housing: { zh: '房', en: 'housing' },
    land: { zh: '地', en: 'land' },
    money: { zh: '钱', en: 'money' },
  } satisfies Record<string, Text>,
  dashboardNotBuilt: (): string =>
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>安居 Anju</title></head>' +
    '<body style="font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.6">' +
    '<h1>安居 Anju</h1><p>仪表盘尚未构建。请在仓库根目录运行 <code>npm run build</code>，然后重新启动 <code>anju serve</code>。</p>' +
    '<p>接口已可使用：<a href="/api/health">/api/health</a>，接口说明见 <a href="/api/openapi.json">/api/openapi.json</a>。</p>' +
    '<p lang="en">The dashboard is not built yet: run <code>npm run build</code>, then restart <code>anju serve</code>.</p>' +
    '</body></html>',
} as const;

function formatSize(bytes: number, lang: Lang): string {
  const mib = bytes / (1024 * 1024);
  if (mib >= 1) return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
  return lang === 'zh' ? `${bytes} 字节` : `${bytes} bytes`;
}

function typeZh(expected: string): string {
  const map: Record<string, string> = {
    string: '文本',
    number: '数字',
    boolean: '布尔值（true / false）',
    array: '列表',
    object: '对象',
    int: '整数',
  };
  return map[expected] ?? expected;
}

function statusZh(status: string): string {
  return status === 'draft' ? '草稿' : status === 'published' ? '已发布' : status === 'discarded' ? '已作废' : status;
}
