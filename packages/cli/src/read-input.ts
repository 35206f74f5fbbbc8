// Reads a command's YAML/JSON input file and validates it with a zod schema; every problem is reported with its
// path. Shared by the planning and land commands.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { t, type Context } from './context.js';
import { DataError, UserError } from './errors.js';

/** What readInput needs of a zod schema. */
export interface InputSchema<T> {
  safeParse(
    data: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

/** The file parsed as YAML (JSON is YAML) and validated; a missing file, bad YAML or any invalid field is a UserError. */
export async function readInput<T>(ctx: Context, file: string | undefined, schema: InputSchema<T>): Promise<T> {
  if (file === undefined) throw new UserError(t(ctx, '缺少输入文件', 'an input file is required'));
  let data: unknown;
  try {
    data = parseYaml(await readFile(file, 'utf8'));
  } catch (e) {
    throw new DataError(`${file}: ${(e as Error).message}`);
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    throw new DataError(
      [
        t(ctx, `${file} 有 ${r.error.issues.length} 处错误：`, `${file} has ${r.error.issues.length} error(s):`),
        ...r.error.issues.map((i) => `  ${i.path.map(String).join('.') || '(root)'}: ${i.message}`),
      ].join('\n'),
    );
  }
  return r.data;
}
