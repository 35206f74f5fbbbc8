// Test support (not built, not exported): a store on the engine under test loaded with the bundled sample data.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMapping } from '@anju/core';
import { importFile, importPresaleProjects, loadCity, readUnitsFile } from '@anju/intake';
import { loadManifest, samplesDataDir } from '@anju/samples';
import type { Store } from '@anju/store';
import { openTestStore } from '../../../store/src/testing/index.js';

export const AT = new Date('2026-11-22T08:00:00Z');

/**
 * A fresh store with the sample cities' units and, unless `cities` narrows it, every bundled dataset imported and
 * published the way `anju demo` does it. `presaleProjects: true` also loads the bundled (synthetic) presale-project
 * ledgers as `anju demo` does; off by default so the tests written before them keep their store.
 */
export async function openSampleStore(
  options: { cities?: readonly string[]; datasets?: boolean; presaleProjects?: boolean } = {},
): Promise<Store> {
  const store = await openTestStore();
  const manifest = await loadManifest();
  const wanted = (code: string) => options.cities === undefined || options.cities.includes(code);
  for (const city of manifest.cities.filter((c) => wanted(c.code))) {
    await loadCity(store, city.code, await readUnitsFile(join(samplesDataDir, city.units)));
  }
  if (options.datasets === false) return store;
  for (const ds of manifest.datasets.filter((d) => wanted(d.city))) {
    const parsed = parseMapping(await readFile(join(samplesDataDir, ds.mapping), 'utf8'), ds.mapping);
    if (!parsed.ok) throw new Error(`${ds.mapping}: ${parsed.errors.map((e) => e.messageEn).join('; ')}`);
    const r = await importFile(store, {
      path: join(samplesDataDir, ds.file),
      fileLabel: ds.file,
      mapping: parsed.mapping,
      createdBy: 'anju-demo',
      reason: `示例数据：种子文件 ${ds.source.seed}`,
      now: AT,
      kind: 'demo',
      publish: true,
    });
    if (!r.ok) throw new Error(`${ds.id}: ${r.errors.map((e) => e.messageEn).join('; ')}`);
  }
  if (options.presaleProjects === true) {
    for (const pp of manifest.presaleProjects.filter((p) => wanted(p.city))) {
      const r = await importPresaleProjects(store, join(samplesDataDir, pp.file), {
        cityCode: pp.city,
        fileLabel: pp.file,
        createdBy: 'anju-demo',
        reason: `${pp.synthetic ? '合成示例数据（非真实项目）' : '示例数据'}：${pp.titleZh}`,
        now: AT,
        kind: 'demo',
        synthetic: pp.synthetic,
        publish: true,
      });
      if (!r.ok) throw new Error(`${pp.id}: ${r.errors.map((e) => e.messageEn).join('; ')}`);
    }
  }
  return store;
}
