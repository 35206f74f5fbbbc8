import { readFile } from 'node:fs/promises';
import { formatIssue, mappingSchema, parseMapping, type IntakeIssue, type Mapping } from '@anju/core';
import { importFile, type ImportResult } from '@anju/intake';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { startProgress } from '../progress.js';
import { renderTable } from '../table.js';
import { DataError } from '../errors.js';

export interface ImportOptions {
  readonly mapping?: string;
  readonly city?: string;
  readonly measure?: string;
  readonly dimension?: string;
  readonly sheet?: string;
  readonly dryRun?: boolean;
  readonly publish?: boolean;
  readonly reason?: string;
}

/** Reads a mapping file, or builds the default one: long layout, or (with --measure) units × periods. */
export async function mappingFor(ctx: Context, cityCode: string, opts: ImportOptions): Promise<Mapping> {
  if (opts.mapping !== undefined) {
    const parsed = parseMapping(await readFile(opts.mapping, 'utf8'), opts.mapping);
    if (!parsed.ok) throw new DataError(parsed.errors.map((e) => formatIssue(e, ctx.lang)).join('\n'));
    return opts.sheet !== undefined ? { ...parsed.mapping, sheet: opts.sheet } : parsed.mapping;
  }
  const sheet = opts.sheet !== undefined ? { sheet: /^\d+$/.test(opts.sheet) ? Number(opts.sheet) : opts.sheet } : {};
  if (opts.measure !== undefined) {
    return mappingSchema.parse({
      version: 1,
      city: cityCode,
      layout: 'wide',
      rows: { key: 'unit', column: 'A' },
      periodsFromHeader: true,
      fixed: { measure: opts.measure, ...(opts.dimension !== undefined ? { dimension: opts.dimension } : {}) },
      ...sheet,
    });
  }
  return mappingSchema.parse({ version: 1, city: cityCode, layout: 'long', ...sheet });
}

/** Prints an import result for a person: detection, every located error and warning, then a summary. */
export function printImportResult(ctx: Context, r: ImportResult): void {
  if (r.detection) {
    ctx.out(
      t(
        ctx,
        `识别结果（${r.detection.layout === 'long' ? '长表' : '宽表'}）：`,
        `detected (${r.detection.layout} layout):`,
      ),
    );
    for (const c of r.detection.columns) {
      const key = Object.entries(c.key)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      ctx.out(`  ${c.column} ${c.header || '—'} → ${c.role}${key ? ` ${key}` : ''}${c.uom ? ` [${c.uom}]` : ''}`);
    }
  }
  const show = (list: readonly IntakeIssue[]): void => list.forEach((i) => ctx.out(`  ${formatIssue(i, ctx.lang)}`));
  show(r.errors);
  show(r.warnings);
  const summary = r.ok
    ? r.dryRun
      ? t(
          ctx,
          `试导入通过：${r.observations} 个数值（新增 ${r.diff?.added ?? 0}，变更 ${r.diff?.changed ?? 0}，不变 ${r.diff?.unchanged ?? 0}），未写入`,
          `dry run passed: ${r.observations} values (${r.diff?.added ?? 0} new, ${r.diff?.changed ?? 0} changed, ${r.diff?.unchanged ?? 0} unchanged); nothing written`,
        )
      : t(
          ctx,
          `已导入为修订 ${r.revisionId}${r.published ? '（已发布）' : '（草稿，待发布）'}：${r.observations} 个数值，${r.warningCount} 条警告`,
          `imported as revision ${r.revisionId}${r.published ? ' (published)' : ' (draft)'}: ${r.observations} values, ${r.warningCount} warnings`,
        )
    : t(
        ctx,
        `导入失败：${r.errorCount} 个错误，未写入任何数据`,
        `import failed: ${r.errorCount} errors; nothing was written`,
      );
  ctx.out(summary);
  if (r.ok && r.diff && r.diff.changedRows.length > 0) {
    ctx.out(t(ctx, '变更示例：', 'changes (sample):'));
    ctx.out(
      renderTable(
        [
          t(ctx, '单元', 'unit'),
          t(ctx, '指标', 'measure'),
          t(ctx, '期间', 'period'),
          t(ctx, '原值', 'old'),
          t(ctx, '新值', 'new'),
        ],
        r.diff.changedRows.map((d) => [
          d.unitCode,
          `${d.measureCode}${d.dimension ? `/${d.dimension}` : ''}`,
          d.period,
          d.oldValue ?? '',
          d.newValue,
        ]),
      ),
    );
  }
}

/** `anju import FILE`: validate everything, write one revision or nothing. */
export async function importCommand(ctx: Context, file: string, opts: ImportOptions): Promise<number> {
  return ctx.withStore(async (store) => {
    const city = opts.mapping !== undefined ? undefined : await chooseCity(ctx, store, opts.city);
    const mapping = await mappingFor(ctx, city ?? opts.city ?? '000000', opts);
    const bar = startProgress(!ctx.json, t(ctx, '导入', 'import'));
    const result = await importFile(store, {
      path: file,
      mapping,
      createdBy: ctx.user,
      reason: opts.reason ?? t(ctx, `导入 ${file}`, `import ${file}`),
      now: ctx.now(),
      dryRun: opts.dryRun === true,
      publish: opts.publish === true,
      onProgress: (p) => bar.update(p.bytesRead, p.totalBytes, `${p.rows} rows`),
    });
    bar.stop();
    if (ctx.json) ctx.out(JSON.stringify(result, null, 2));
    else printImportResult(ctx, result);
    return result.ok ? 0 : 1;
  });
}
