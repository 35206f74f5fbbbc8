// `anju demo`'s land-parcel ledger: the bundled Zhangye parcels (samples/data/zhangye/synthetic-land-parcels.csv) are
// MADE UP — no seed publishes parcel records — so they are loaded as their own revision flagged synthetic, with a
// reason that says so. On 2025-12-31 they show every idle-land status (see synthetic-land-parcels.md beside the file).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLocation } from '@anju/core';
import { importLandParcels } from '@anju/intake';
import { samplesDataDir } from '@anju/samples';
import { listRevisions, type Store } from '@anju/store';
import { t, type Context } from '../context.js';
import type { DemoSummary } from './demo.js';

/** The bundled synthetic parcel ledgers: city, file (relative to samplesDataDir), titles. */
export const DEMO_LAND_PARCELS = [
  {
    id: 'synthetic-land-parcels-zhangye',
    city: '620700',
    file: 'zhangye/synthetic-land-parcels.csv',
    titleZh: '张掖市供地台账（合成示例，非真实数据）',
    titleEn: 'Zhangye land parcels (synthetic sample, not real data)',
  },
] as const;

/** Loads each bundled parcel ledger once (skipped when the same file is already published); located errors to `issues`. */
export async function loadDemoLandParcels(
  ctx: Context,
  store: Store,
  issues: string[],
): Promise<DemoSummary['datasets'][number][]> {
  const rows: DemoSummary['datasets'][number][] = [];
  for (const lp of DEMO_LAND_PARCELS) {
    const path = join(samplesDataDir, lp.file);
    const sha = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
    const title = ctx.lang === 'zh' ? lp.titleZh : lp.titleEn;
    const base = { id: lp.id, city: lp.city, title, warnings: 0, totalMismatches: 0 };
    const loaded = (await listRevisions(store, lp.city)).find(
      (r) => r.sourceSha256 === sha && r.status === 'published',
    );
    if (loaded !== undefined) {
      rows.push({ ...base, status: 'already-loaded', revisionId: loaded.revisionId, values: loaded.rowCount });
      continue;
    }
    const r = await importLandParcels(store, path, {
      cityCode: lp.city,
      fileLabel: lp.file,
      createdBy: 'anju-demo',
      reason: t(
        ctx,
        `合成示例数据（非真实地块）：${lp.titleZh}`,
        `synthetic sample data (not real parcels): ${lp.titleEn}`,
      ),
      now: ctx.now(),
      kind: 'demo',
      synthetic: true,
      publish: true,
    });
    if (!r.ok)
      issues.push(
        ...r.errors.map((e) => `${formatLocation(e, ctx.lang)}：${ctx.lang === 'zh' ? e.messageZh : e.messageEn}`),
      );
    rows.push({
      ...base,
      status: r.ok ? 'imported' : 'failed',
      ...(r.revisionId === undefined ? {} : { revisionId: r.revisionId }),
      values: r.parcels.length,
    });
  }
  return rows;
}
