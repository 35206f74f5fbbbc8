import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { IntakeIssue } from './issue.js';
import { mappingSchema, type Mapping } from './mapping.js';
import { issueText } from './messages.js';

/**
 * Parses a mapping file (YAML or JSON text). Errors name the file, the line and column, and the key path.
 *
 * @example parseMapping('version: 1\ncity: "620700"\nlayout: long\n', 'a.mapping.yaml') // → { ok: true, mapping }
 */
export function parseMapping(
  text: string,
  file: string,
): { ok: true; mapping: Mapping } | { ok: false; errors: IntakeIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return mappingIssue(file, pos.line, pos.col, '', e.message.split('\n')[0] ?? e.message);
      }),
    };
  }
  const result = mappingSchema.safeParse(doc.toJS());
  if (result.success) return { ok: true, mapping: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue: z.core.$ZodIssue) => {
      const path = issue.path.map(String);
      // a misspelt key is found at the key itself, not at the start of the object holding it
      const node =
        (issue.code === 'unrecognized_keys' ? keyNode(doc, path, issue.keys[0] ?? '') : undefined) ??
        nearestNode(doc, path);
      const pos = node !== undefined ? lineCounter.linePos(node) : undefined;
      return mappingIssue(file, pos?.line, pos?.col, path.join('.'), issue.message);
    }),
  };
}

function nearestNode(doc: ReturnType<typeof parseDocument>, path: readonly string[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(toYamlPath(path.slice(0, n)), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function keyNode(doc: ReturnType<typeof parseDocument>, path: readonly string[], key: string): number | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(toYamlPath(path), true);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

function toYamlPath(path: readonly string[]): (string | number)[] {
  return path.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function mappingIssue(
  file: string,
  line: number | undefined,
  col: number | undefined,
  path: string,
  detail: string,
): IntakeIssue {
  const where = path === '' ? detail : `${path}: ${detail}`;
  const text = issueText('mapping-invalid', { detail: where });
  return {
    severity: 'error',
    code: 'mapping-invalid',
    file,
    ...(line !== undefined ? { row: line } : {}),
    ...(col !== undefined ? { column: String(col) } : {}),
    messageZh: text.zh,
    messageEn: text.en,
  };
}
