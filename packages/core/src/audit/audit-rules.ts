/**
 * The small rules spec a user may pass with tables to audit (YAML or JSON): derived lines with their formula,
 * share lines, lines that do or do not add up, computed facts for cross-table checks, and aliases that say two
 * labels name the same quantity.
 *
 * A line is named by its label ("销售面积", "销售面积/住宅" for the 其中：住宅 row under 销售面积), by its file row
 * ("row:12") or by its column letter ("col:F"). Formulas use + − × ÷ (or + - * /), brackets, numbers and
 * references in braces, and apply along the other axis — a row rule is checked in every value column:
 *
 * ```yaml
 * version: 1
 * tables:
 *   - match: 003-market-2021-2025          # table id, file name or part of the title
 *     derived:
 *       - line: 去化周期
 *         formula: "{库存面积/住宅} / ({销售面积/住宅} / 12)"
 *   - match: 003-annual-plan
 *     derived:
 *       - line: 新建商品住房（万平方米）
 *         formula: "{新建商品住房（套）} * 120 / 10000"   # area = units × average area
 *       - line: 商品住房供应土地
 *         formula: "{新建商品住房（万平方米）} / 2.2"     # land = area ÷ plot ratio
 *     qualifier: 规划2026-2030              # what the figures are of (cross-table keys)
 *     facts:
 *       - quantity: 危旧房改造                # Σ of a column, for cross-table checks
 *         sumOf: 危旧房改造（套）
 * aliases:
 *   危旧房改造: [危旧房改造套间数, 改造城市危旧房, "003-county-plan#危旧房改造"]
 * ```
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const derivedRule = z.object({
  line: z.string().min(1),
  formula: z.string().min(1),
  note: z.string().optional(),
});

const tableRules = z.object({
  match: z.string().min(1),
  headerRows: z.number().int().min(0).max(10).optional(),
  /** Whether data rows are entities (counties, years) or quantities (an indicator list); detected by default. */
  rows: z.enum(['entities', 'quantities']).optional(),
  derived: z.array(derivedRule).default([]),
  shares: z.array(z.object({ line: z.string().min(1), of: z.string().optional() })).default([]),
  nonAdditive: z.array(z.string()).default([]),
  additive: z.array(z.string()).default([]),
  /** Lines left out of every check. */
  ignore: z.array(z.string()).default([]),
  facts: z.array(z.object({ quantity: z.string().min(1), sumOf: z.string().min(1) })).default([]),
  /**
   * What the table's figures are of, for cross-table matching ("现状 2025", "规划 2026—2030"): a 2024 figure and a
   * 2030 target with one label are not the same quantity. Year rows and columns keep their year.
   */
  qualifier: z.string().optional(),
  /** The column (or row) holding the base figures a "翻一番" / "翻两番" target multiplies (default: 基期 / 现状 / the earliest year). */
  base: z.string().optional(),
});

export const auditRulesSchema = z.object({
  version: z.literal(1).default(1),
  tables: z.array(tableRules).default([]),
  aliases: z.record(z.string(), z.array(z.string())).default({}),
});

export type AuditRules = z.infer<typeof auditRulesSchema>;
export type AuditTableRules = z.infer<typeof tableRules>;
export type DerivedRule = z.infer<typeof derivedRule>;

export const EMPTY_AUDIT_RULES: AuditRules = { version: 1, tables: [], aliases: {} };

/** One problem in a rules file. */
export interface AuditRulesError {
  readonly path: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

export type ParsedAuditRules =
  | { readonly ok: true; readonly rules: AuditRules }
  | { readonly ok: false; readonly errors: readonly AuditRulesError[] };

/** Parses and validates a rules file (YAML or JSON text). */
export function parseAuditRules(text: string): ParsedAuditRules {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      errors: [{ path: '', messageZh: `规则文件不是合法的 YAML：${msg}`, messageEn: `not YAML: ${msg}` }],
    };
  }
  const parsed = auditRulesSchema.safeParse(data ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((i) => {
        const path = i.path.join('.');
        return {
          path,
          messageZh: `规则文件 ${path || '（根）'} 不符合要求：${i.message}`,
          messageEn: `${path}: ${i.message}`,
        };
      }),
    };
  }
  return { ok: true, rules: parsed.data };
}

/** The rules of the tables a table matches (by id, file name, or part of its title), merged in order. */
export function rulesForTable(
  rules: AuditRules,
  table: { readonly id: string; readonly title: string; readonly source: { readonly file?: string } },
): AuditTableRules {
  const matches = rules.tables.filter(
    (t) =>
      t.match === table.id ||
      t.match === table.source.file ||
      (table.source.file !== undefined && table.source.file.endsWith(`/${t.match}`)) ||
      (t.match.length >= 2 && table.title.includes(t.match)),
  );
  const empty: AuditTableRules = {
    match: table.id,
    derived: [],
    shares: [],
    nonAdditive: [],
    additive: [],
    ignore: [],
    facts: [],
  };
  return matches.reduce<AuditTableRules>(
    (acc, t) => ({
      ...acc,
      ...(t.headerRows === undefined ? {} : { headerRows: t.headerRows }),
      ...(t.rows === undefined ? {} : { rows: t.rows }),
      ...(t.qualifier === undefined ? {} : { qualifier: t.qualifier }),
      ...(t.base === undefined ? {} : { base: t.base }),
      derived: [...acc.derived, ...t.derived],
      shares: [...acc.shares, ...t.shares],
      nonAdditive: [...acc.nonAdditive, ...t.nonAdditive],
      additive: [...acc.additive, ...t.additive],
      ignore: [...acc.ignore, ...t.ignore],
      facts: [...acc.facts, ...t.facts],
    }),
    empty,
  );
}
