import { join } from 'node:path';
import type { SpatialUnit } from '@anju/core';
import { loadCity, readUnitsFile, UnitsFileError } from '@anju/intake';
import { loadManifest, samplesDataDir } from '@anju/samples';
import { listCities } from '@anju/store';
import { t, type Context } from '../context.js';
import { DataError, UserError } from '../errors.js';

// UserError moved to ../errors.ts; re-exported for code written against its old home.
export { UserError } from '../errors.js';

/** Reads a units file, turning its problems into a message for the user. */
export async function unitsFromFile(ctx: Context, path: string): Promise<SpatialUnit[]> {
  try {
    return await readUnitsFile(path);
  } catch (e) {
    if (e instanceof UnitsFileError) throw new DataError((ctx.lang === 'zh' ? e.linesZh : e.linesEn).join('\n'));
    throw e;
  }
}

/** The units file bundled for a city, if Anju ships one. */
export async function bundledUnitsPath(cityCode: string): Promise<string | undefined> {
  const manifest = await loadManifest();
  const city = manifest.cities.find((c) => c.code === cityCode);
  return city ? join(samplesDataDir, city.units) : undefined;
}

export interface InitOptions {
  readonly city?: string;
  readonly units?: string;
}

/** `anju init`: creates the store (migrations) and, with --city, the city's units. */
export async function initCommand(ctx: Context, opts: InitOptions): Promise<number> {
  return ctx.withStore(async (store) => {
    if (opts.city !== undefined) {
      const path = opts.units ?? (await bundledUnitsPath(opts.city));
      if (path === undefined) {
        throw new UserError(
          t(
            ctx,
            `没有城市 ${opts.city} 的内置单元表，请用 --units 指定单元文件`,
            `no bundled units for city ${opts.city}: give --units FILE`,
          ),
        );
      }
      const units = await unitsFromFile(ctx, path);
      await loadCity(store, opts.city, units);
    }
    const cities = await listCities(store);
    if (ctx.json) ctx.out(JSON.stringify({ store: ctx.storeLabel(), engine: store.engine, cities }, null, 2));
    else {
      ctx.out(
        t(
          ctx,
          `数据库已就绪：${ctx.storeLabel()}（${store.engine}）`,
          `store ready: ${ctx.storeLabel()} (${store.engine})`,
        ),
      );
      for (const c of cities) ctx.out(`  ${c.cityCode} ${ctx.lang === 'zh' ? c.nameZh : c.nameEn || c.nameZh}`);
    }
    return 0;
  });
}
