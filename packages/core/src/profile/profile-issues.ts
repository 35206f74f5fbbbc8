/** Turning zod issues and our own findings into bilingual, path-named profile errors. */
import type { z } from 'zod';

export type PathSegment = string | number;

/** A problem before it is located in the document. */
export interface Finding {
  path: PathSegment[];
  zh: string;
  en: string;
  /** Point at the key itself (unknown fields) rather than its value. */
  at?: 'key';
}

/** `['warningRules', 1, 'id']` → `warningRules[1].id`. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>(
    (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out === '' ? segment : `${out}.${segment}`),
    '',
  );
}

const typeNames: Record<string, { zh: string; en: string }> = {
  number: { zh: '数字', en: 'a number' },
  int: { zh: '整数', en: 'an integer' },
  string: { zh: '文本（字符串）', en: 'text (a string)' },
  boolean: { zh: 'true 或 false', en: 'true or false' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '映射（键值对）', en: 'a mapping' },
};

/** One zod issue → findings in Chinese and English (an unknown-keys issue gives one finding per key). */
export function translateIssue(issue: z.core.$ZodIssue): Finding[] {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  const input = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return [{ path, zh: '缺少必填字段', en: 'required field is missing' }];
      const name = typeNames[issue.expected] ?? { zh: issue.expected, en: issue.expected };
      return [{ path, zh: `应为${name.zh}`, en: `expected ${name.en}` }];
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'array') return [{ path, zh: `至少需要 ${min} 项`, en: `needs at least ${min} item(s)` }];
      if (issue.origin === 'string') return [{ path, zh: '不能为空', en: 'must not be empty' }];
      return issue.inclusive
        ? [{ path, zh: `应不小于 ${min}`, en: `must be at least ${min}` }]
        : [{ path, zh: `应大于 ${min}`, en: `must be greater than ${min}` }];
    }
    case 'too_big': {
      const max = String(issue.maximum);
      return issue.inclusive
        ? [{ path, zh: `应不大于 ${max}`, en: `must be at most ${max}` }]
        : [{ path, zh: `应小于 ${max}`, en: `must be less than ${max}` }];
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      return [
        {
          path,
          zh: `取值应为以下之一：${values.join('、')}`,
          en: `must be one of: ${values.join(', ')}`,
        },
      ];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: [...path, key],
        at: 'key' as const,
        zh: `未知字段“${key}”`,
        en: `unknown field "${key}"`,
      }));
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options?.map(String) ?? [];
        const value = isRecord(input) ? input[issue.discriminator] : undefined;
        if (value === undefined) return [{ path, zh: '缺少必填字段', en: 'required field is missing' }];
        return [
          {
            path,
            zh: `未知的类型“${String(value)}”，应为以下之一：${options.join('、')}`,
            en: `unknown kind "${String(value)}"; expected one of: ${options.join(', ')}`,
          },
        ];
      }
      if (path.at(-1) === 'appliesTo') {
        return [{ path, zh: '应为 all 或单元代码列表', en: 'must be "all" or a list of unit codes' }];
      }
      return [{ path, zh: '取值不符合任何允许的形式', en: 'value matches none of the allowed forms' }];
    }
    case 'custom': {
      const params = issue.params as { zh?: string; en?: string } | undefined;
      if (params?.zh !== undefined && params.en !== undefined) return [{ path, zh: params.zh, en: params.en }];
      return [{ path, zh: '取值无效', en: issue.message }];
    }
    default:
      return [{ path, zh: '取值无效', en: issue.message }];
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
