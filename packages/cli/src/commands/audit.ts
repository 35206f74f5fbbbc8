// `anju audit FILE [FILE...] [--rules rules.yaml] [--json]`: the plan-table auditor (SPEC §3.5) on printed tables.
// Exit code 0 when every printed total, share and derived figure checks out, 1 when there are findings, 2 on bad
// input (a file that cannot be read, rules that do not parse or name nothing).
import { readFile } from 'node:fs/promises';
import { auditTables, EMPTY_AUDIT_RULES, parseAuditRules, type AuditRules, type PrintedTable } from '@anju/core';
import { EncodingError, readPrintedTable, SheetNotFoundError, UnsupportedTableFileError } from '@anju/intake';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { UserError } from '../errors.js';

export interface AuditOptions {
  readonly rules?: string;
  readonly sheet?: string;
}

async function readRules(ctx: Context, path: string | undefined): Promise<AuditRules> {
  if (path === undefined) return EMPTY_AUDIT_RULES;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(t(ctx, `读不到规则文件 ${path}`, `cannot read the rules file ${path}`));
  }
  const parsed = parseAuditRules(text);
  if (!parsed.ok) throw new UserError(parsed.errors.map((e) => t(ctx, e.messageZh, e.messageEn)).join('\n'));
  return parsed.rules;
}

async function readTable(ctx: Context, path: string, sheet: string | undefined): Promise<PrintedTable> {
  try {
    return await readPrintedTable(
      path,
      sheet === undefined ? {} : { sheet: /^\d+$/.test(sheet) ? Number(sheet) : sheet },
    );
  } catch (e) {
    if (e instanceof UnsupportedTableFileError)
      throw new UserError(t(ctx, `${path} 不是 CSV 或 XLSX 文件`, `${path} is not a CSV or XLSX file`));
    if (e instanceof EncodingError)
      throw new UserError(t(ctx, `${path} 的编码无法识别（应为 UTF-8、GB18030 或 UTF-16）`, `cannot decode ${path}`));
    if (e instanceof SheetNotFoundError)
      throw new UserError(
        t(
          ctx,
          `${path} 中没有工作表 ${String(e.wanted)}（有：${e.available.join('、')}）`,
          `${path} has no sheet ${String(e.wanted)} (has: ${e.available.join(', ')})`,
        ),
      );
    if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'EISDIR' || e.code === 'EACCES'))
      throw new UserError(t(ctx, `读不到文件 ${path}`, `cannot read ${path}`));
    throw e;
  }
}

/** Audits the given tables as one plan and prints the findings; resolves to the exit code. */
export async function auditCommand(ctx: Context, files: readonly string[], opts: AuditOptions): Promise<number> {
  if (files.length === 0)
    throw new UserError(
      t(ctx, '用法：anju audit 文件… [--rules 规则.yaml]', 'usage: anju audit FILE… [--rules rules.yaml]'),
    );
  const rules = await readRules(ctx, opts.rules);
  const tables: PrintedTable[] = [];
  for (const f of files) tables.push(await readTable(ctx, f, opts.sheet));
  const report = auditTables(tables, rules);
  if (report.problems.length > 0) {
    throw new UserError(
      [
        t(ctx, '规则文件有误：', 'the rules do not fit the tables:'),
        ...report.problems.map((p) => `  ${p.tableId}: ${t(ctx, p.messageZh, p.messageEn)}`),
      ].join('\n'),
    );
  }
  if (ctx.json) {
    ctx.out(JSON.stringify(report, null, 2));
    return report.findings.length > 0 ? 1 : 0;
  }
  const s = report.summary;
  ctx.out(
    t(
      ctx,
      `审核 ${s.tables} 张表：核对 ${s.checks} 处，未核对 ${s.unchecked} 处，发现 ${s.findings} 处问题`,
      `${s.tables} tables: ${s.checks} checked, ${s.unchecked} not checked, ${s.findings} findings`,
    ),
  );
  // the cells that pass only thanks to the printed precision, by name
  const within = report.tables.flatMap((tb) =>
    tb.checks.filter((c) => c.status === 'within-precision').map((c) => `${tb.id} ${c.address}`),
  );
  if (within.length > 0) {
    ctx.out(
      t(
        ctx,
        `其中 ${within.length} 处只差印出精度内的舍入（不算问题）：${within.join('，')}`,
        `${within.length} differ only by rounding within the printed precision (not findings): ${within.join(', ')}`,
      ),
    );
  }
  if (report.unchecked.length > 0) {
    ctx.out('');
    ctx.out(t(ctx, '未核对：', 'Not checked:'));
    for (const u of report.unchecked) ctx.out(`  ${u.tableId} ${u.address}：${t(ctx, u.reasonZh, u.reasonEn)}`);
  }
  if (report.proposals.length > 0) {
    ctx.out('');
    ctx.out(
      t(ctx, '建议的核对（可写入规则文件的 derived）：', 'Proposed checks (for the derived list of a rules file):'),
    );
    for (const p of report.proposals) {
      ctx.out(`  # ${p.tableId}：${t(ctx, p.reasonZh, p.reasonEn)}`);
      ctx.out(`  - { line: '${p.line}', formula: '${p.formula}' }`);
    }
  }
  if (report.findings.length === 0) return 0;
  const title = new Map(report.tables.map((tb) => [tb.id, tb.title]));
  const rows = report.findings.map((f) => [
    f.tableId,
    f.part === undefined ? f.address : `${f.address}.${f.part}`,
    f.printed,
    f.computed ?? '',
    f.difference ?? '',
    t(ctx, f.causeZh, f.causeEn),
  ]);
  ctx.out('');
  ctx.out(
    renderTable(
      ctx.lang === 'zh'
        ? ['表', '单元格', '印出', '算得', '差', '可能原因']
        : ['table', 'cell', 'printed', 'computed', 'difference', 'likely cause'],
      rows,
    ),
  );
  ctx.out('');
  report.findings.forEach((f, i) => {
    ctx.out(`${i + 1}. 《${title.get(f.tableId) ?? f.tableId}》${f.address}：${t(ctx, f.messageZh, f.messageEn)}`);
  });
  return 1;
}
