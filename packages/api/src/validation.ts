// zod validation failures of params, query and bodies → one 400 problem listing every field in plain language.
import type { Context } from 'hono';
import type { z } from 'zod';
import { messages, type Text } from './messages.js';
import { badRequest, langOf, problemResponse, type LocalisedFieldError } from './problem.js';

/** Custom refinement messages that name a message of ours instead of free text. */
export const REFINE = { period: 'anju:period', boolean: 'anju:boolean' } as const;

type HookResult = { target: string; success: boolean; error?: z.ZodError; data?: unknown };

/** The OpenAPIHono `defaultHook`: a failed validation answers 400 problem+json; success passes through. */
export function validationHook(result: HookResult, c: Context): Response | undefined {
  if (result.success || result.error === undefined) return undefined;
  const errors = describeIssues(result.error.issues, result.data);
  return problemResponse(
    badRequest(messages.validation(errors.length), errors),
    langOf(c.req.header('accept-language')),
  );
}

/** One located error per zod issue, with the field as a dotted path. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown): LocalisedFieldError[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'body';
    return { field, code: issue.code, text: describeIssue(issue, field, valueAt(input, issue.path)) };
  });
}

function describeIssue(issue: z.core.$ZodIssue, field: string, value: unknown): Text {
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? messages.fieldRequired(field) : messages.fieldType(field, issue.expected);
    case 'invalid_value':
      return messages.fieldEnum(field, issue.values.map(String));
    case 'too_small':
      if (issue.origin === 'string' || issue.origin === 'array') {
        return Number(issue.minimum) <= 1
          ? messages.fieldTooShort(field)
          : messages.fieldTooSmall(field, String(issue.minimum));
      }
      return messages.fieldTooSmall(field, String(issue.minimum));
    case 'too_big':
      return messages.fieldTooLong(field, String(issue.maximum));
    case 'invalid_format':
      return messages.fieldFormat(field);
    case 'unrecognized_keys':
      return messages.fieldUnknown(issue.keys);
    case 'custom':
      if (value === undefined) return messages.fieldRequired(field);
      if (issue.message === REFINE.period) return messages.badPeriod(field);
      if (issue.message === REFINE.boolean) return messages.badBoolean(field);
      return messages.fieldInvalid(field);
    default:
      return messages.fieldInvalid(field);
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let here = input;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}
