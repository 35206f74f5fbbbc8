import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMapping, formatIssue, formatLocation } from '@anju/core';
import { importFile, importPresaleProjects, loadCity, type ImportResult } from '@anju/intake';
import { loadManifest, samplesDataDir } from '@anju/samples';
import { listRevisions } from '@anju/store';
import { t, type Context } from '../context.js';
import { startProgress } from '../progress.js';
import { renderTable } from '../table.js';
import { unitsFromFile } from './init.js';
import { loadDemoLandParcels } from './demo-land-parcels.js';

export interface DemoSummary {
  readonly store: string;
  readonly engine: string;
  readonly datasets: readonly {
    readonly id: string;
    readonly city: string;
    readonly title: string;
    readonly status: 'imported' | 'already-loaded' | 'failed';
    readonly revisionId?: string;
    readonly values: number;
    readonly warnings: number;
    readonly totalMismatches: number;
  }[];
  readonly issues: readonly string[];
}

/**
 * `anju demo`: a store with the seeds' published figures — the bundled cities and their units, then every sample
 * dataset imported and published as its own revision (a dataset already loaded unchanged is not loaded again).
 */
export async function demoCommand(ctx: Context): Promise<number> {
  const manifest = await loadManifest();
  return ctx.withStore(async (store) => {
    for (const city of manifest.cities) {
      await loadCity(store, city.code, await unitsFromFile(ctx, join(samplesDataDir, city.units)));
    }
    const rows: DemoSummary['datasets'][number][] = [];
    const issues: string[] = [];
    const bar = startProgress(!ctx.json, t(ctx, '载入示例数据', 'loading samples'));
    let i = 0;
    for (const ds of manifest.datasets) {
      bar.update(i++, manifest.datasets.length, ds.id);
      const path = join(samplesDataDir, ds.file);
      const sha = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      const title = ctx.lang === 'zh' ? ds.titleZh : ds.titleEn;
      const loaded = (await listRevisions(store, ds.city)).find(
        (r) => r.sourceSha256 === sha && r.status === 'published',
      );
      if (loaded !== undefined) {
        rows.push({
          id: ds.id,
          city: ds.city,
          title,
          status: 'already-loaded',
          revisionId: loaded.revisionId,
          values: loaded.rowCount,
          warnings: 0,
          totalMismatches: 0,
        });
        continue;
      }
      const mappingPath = join(samplesDataDir, ds.mapping);
      const parsed = parseMapping(await readFile(mappingPath, 'utf8'), ds.mapping);
      if (!parsed.ok) {
        issues.push(...parsed.errors.map((e) => formatIssue(e, ctx.lang)));
        rows.push({ id: ds.id, city: ds.city, title, status: 'failed', values: 0, warnings: 0, totalMismatches: 0 });
        continue;
      }
      const r: ImportResult = await importFile(store, {
        path,
        fileLabel: ds.file,
        mapping: parsed.mapping,
        createdBy: 'anju-demo',
        reason: t(
          ctx,
          `示例数据：种子文件 ${ds.source.seed} ${ds.source.section}`,
          `sample data: seed ${ds.source.seed} ${ds.source.section}`,
        ),
        now: ctx.now(),
        kind: 'demo',
        publish: true,
      });
      if (!r.ok) issues.push(...r.errors.map((e) => formatIssue(e, ctx.lang)));
      issues.push(...r.warnings.filter((w) => w.code === 'total-mismatch').map((w) => formatIssue(w, ctx.lang)));
      rows.push({
        id: ds.id,
        city: ds.city,
        title,
        status: r.ok ? 'imported' : 'failed',
        ...(r.revisionId !== undefined ? { revisionId: r.revisionId } : {}),
        values: r.observations,
        warnings: r.warningCount,
        totalMismatches: r.warnings.filter((w) => w.code === 'total-mismatch').length,
      });
    }
    bar.update(manifest.datasets.length, manifest.datasets.length, '');
    bar.stop();
    // Presale-project ledgers (inventory age structure): no seed has them, so the bundled one is synthetic and its
    // revision says so.
    for (const pp of manifest.presaleProjects) {
      const path = join(samplesDataDir, pp.file);
      const sha = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      const title = ctx.lang === 'zh' ? pp.titleZh : pp.titleEn;
      const loaded = (await listRevisions(store, pp.city)).find(
        (r) => r.sourceSha256 === sha && r.status === 'published',
      );
      if (loaded !== undefined) {
        rows.push({
          id: pp.id,
          city: pp.city,
          title,
          status: 'already-loaded',
          revisionId: loaded.revisionId,
          values: loaded.rowCount,
          warnings: 0,
          totalMismatches: 0,
        });
        continue;
      }
      const r = await importPresaleProjects(store, path, {
        cityCode: pp.city,
        fileLabel: pp.file,
        createdBy: 'anju-demo',
        reason: pp.synthetic
          ? t(
              ctx,
              `合成示例数据（非真实项目）：${pp.titleZh}`,
              `synthetic sample data (not real projects): ${pp.titleEn}`,
            )
          : t(ctx, `示例数据：${pp.titleZh}`, `sample data: ${pp.titleEn}`),
        now: ctx.now(),
        kind: 'demo',
        synthetic: pp.synthetic,
        publish: true,
      });
      if (!r.ok)
        issues.push(
          ...r.errors.map((e) => `${formatLocation(e, ctx.lang)}：${ctx.lang === 'zh' ? e.messageZh : e.messageEn}`),
        );
      rows.push({
        id: pp.id,
        city: pp.city,
        title,
        status: r.ok ? 'imported' : 'failed',
        ...(r.revisionId !== undefined ? { revisionId: r.revisionId } : {}),
        values: r.projects.length,
        warnings: 0,
        totalMismatches: 0,
      });
    }
    // Land-parcel ledgers (idle land, 000 §九（二）): synthetic, see demo-land-parcels.ts.
    rows.push(...(await loadDemoLandParcels(ctx, store, issues)));
    const summary: DemoSummary = { store: ctx.storeLabel(), engine: store.engine, datasets: rows, issues };
    if (ctx.json) ctx.out(JSON.stringify(summary, null, 2));
    else printDemo(ctx, summary);
    return rows.some((r) => r.status === 'failed') ? 1 : 0;
  });
}

function printDemo(ctx: Context, s: DemoSummary): void {
  const status = {
    imported: t(ctx, '已导入', 'imported'),
    'already-loaded': t(ctx, '已存在', 'already loaded'),
    failed: t(ctx, '失败', 'FAILED'),
  };
  ctx.out(t(ctx, `示例数据库：${s.store}（${s.engine}）`, `sample store: ${s.store} (${s.engine})`));
  ctx.out(
    renderTable(
      [
        t(ctx, '城市', 'city'),
        t(ctx, '数据集', 'dataset'),
        t(ctx, '状态', 'status'),
        t(ctx, '修订', 'rev'),
        t(ctx, '数值', 'values'),
        t(ctx, '合计不符', 'total mismatches'),
      ],
      s.datasets.map((d) => [
        d.city,
        d.title,
        status[d.status],
        d.revisionId ?? '—',
        String(d.values),
        String(d.totalMismatches),
      ]),
    ),
  );
  const total = s.datasets.reduce((a, d) => a + d.values, 0);
  ctx.out(
    t(ctx, `共 ${s.datasets.length} 个数据集、${total} 个数值。`, `${s.datasets.length} datasets, ${total} values.`),
  );
  if (s.issues.length > 0) {
    ctx.out(
      t(
        ctx,
        '种子文件中印刷数字的问题（按原值导入，供核对）：',
        'problems in the seeds’ printed numbers (imported as printed, for review):',
      ),
    );
    for (const line of s.issues) ctx.out(`  ${line}`);
  }
  ctx.out(
    t(
      ctx,
      '下一步：anju series --city 620700 --measure housing.sales-area 查看序列；anju revisions --city 620700 查看修订。',
      'next: anju series --city 620700 --measure housing.sales-area; anju revisions --city 620700.',
    ),
  );
}
