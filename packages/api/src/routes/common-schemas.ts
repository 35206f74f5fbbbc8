// Schemas shared by several routes: problem bodies, path parameters, period codes and repeatable query values.
import { parsePeriod } from '@anju/core';
import { listCities, type CityInfo, type Store } from '@anju/store';
import { z } from '@hono/zod-openapi';
import { messages } from '../messages.js';
import { notFound } from '../problem.js';
import { REFINE } from '../validation.js';

export const FieldErrorSchema = z
  .object({
    field: z.string().optional(),
    file: z.string().optional(),
    sheet: z.string().optional(),
    row: z.number().int().optional(),
    column: z.string().optional(),
    header: z.string().optional(),
    code: z.string().optional(),
    message: z.string(),
  })
  .openapi('ProblemFieldError');

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:anju:problem:not-found' }),
    title: z.string().openapi({ example: '找不到' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: '没有代码为 999999 的城市' }),
    errors: z.array(FieldErrorSchema).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details; Chinese unless Accept-Language starts with en' });

const PROBLEM_DESCRIPTIONS = {
  400: '请求有误 / bad request (each invalid field listed)',
  404: '找不到城市、单元、指标或修订 / unknown city, unit, measure or revision',
  409: '状态冲突 / conflict',
  413: '上传文件过大 / upload too large',
  415: '不支持的内容类型 / unsupported media type',
  422: '文件未通过校验 / the file has located errors',
} as const;

type ProblemStatusCode = keyof typeof PROBLEM_DESCRIPTIONS;

/** OpenAPI response entries for the given problem statuses. */
export function problemResponses<const S extends readonly ProblemStatusCode[]>(
  ...statuses: S
): {
  [K in S[number]]: { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } };
} {
  const out: Record<number, unknown> = {};
  for (const status of statuses) {
    out[status] = {
      description: PROBLEM_DESCRIPTIONS[status],
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return out as {
    [K in S[number]]: {
      description: string;
      content: { 'application/problem+json': { schema: typeof ProblemSchema } };
    };
  };
}

/** JSON response entry. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const;
}

export const cityCodeSchema = z
  .string()
  .regex(/^\d{6}$/)
  .openapi({ param: { name: 'city', in: 'path' }, example: '620700', description: '城市代码 / city code' });

export const CityParams = z.object({ city: cityCodeSchema });

/** A canonical period code: 2025-12, 2025Q4, 2025 or 2021-2025. */
export const periodCodeSchema = z
  .string()
  .refine((code) => parsePeriod(code)?.code === code, { message: REFINE.period })
  .openapi({ example: '2025', description: '期间代码 / period code: 2025-12, 2025Q4, 2025, 2021-2025' });

/** A query value that may repeat (?unit=a&unit=b) or be given once. */
export const repeatable = (description: string) =>
  z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]))
    .openapi({ description });

/** A form or query flag: true / false / 1 / 0. */
export const flagSchema = z
  .string()
  .optional()
  .refine((v) => v === undefined || ['true', 'false', '1', '0', 'on', ''].includes(v), { message: REFINE.boolean })
  .transform((v) => v === 'true' || v === '1' || v === 'on')
  .openapi({ description: 'true / false', example: 'false' });

export const UomSchema = z.object({
  code: z.string().openapi({ example: 'wan-sqm' }),
  labelZh: z.string().openapi({ example: '万平方米' }),
  labelEn: z.string(),
});

/** The city, or a 404 problem. */
export async function requireCity(store: Store, cityCode: string): Promise<CityInfo> {
  const city = (await listCities(store)).find((c) => c.cityCode === cityCode);
  if (city === undefined) throw notFound(messages.unknownCity(cityCode));
  return city;
}
