import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import {
  endDate,
  generateSyntheticCity,
  getMeasure,
  periodOf,
  startDate,
  SYNTHETIC_MEASURES,
  syntheticCsv,
  type SyntheticCity,
} from '@anju/core';
import { loadCity } from '@anju/intake';
import {
  createRevision,
  listUnits,
  publishRevision,
  writeObservations,
  type ObservationRow,
  type Store,
} from '@anju/store';
import { t, type Context } from '../context.js';
import { startProgress, type Progress } from '../progress.js';
import { UserError } from '../errors.js';

export interface GenerateOptions {
  readonly units: string;
  readonly months: string;
  readonly measures: string;
  readonly seed: string;
  readonly city: string;
  readonly out?: string;
  readonly publish?: boolean;
  readonly json?: boolean;
}

/** What `anju generate` did. */
export interface GenerateSummary {
  readonly cityCode: string;
  readonly seed: string;
  readonly units: number;
  readonly months: number;
  readonly measures: readonly string[];
  readonly rows: number;
  readonly seconds: number;
  /** Written to a CSV file (with its units file beside it) … */
  readonly file?: string;
  readonly unitsFile?: string;
  /** … or into the store as one synthetic revision. */
  readonly revisionId?: string;
  readonly published?: boolean;
}

const PROGRESS_EVERY = 10_000;

function positiveInt(ctx: Context, name: string, text: string, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new UserError(
      t(
        ctx,
        `--${name} 应为 1 至 ${max} 的整数，收到“${text}”`,
        `--${name} must be an integer from 1 to ${max}, got "${text}"`,
      ),
    );
  }
  return n;
}

/**
 * `anju generate`: reproducible synthetic monthly data for tests, demos and benchmarks. With --out, a long-layout
 * CSV (单元,期间,指标,类型,数值) plus its units file, ready for `anju init --units` and `anju import`; otherwise the
 * synthetic city and its units are created in the store and the rows written as one revision of kind `generate`,
 * flagged synthetic (and published with --publish). The seed and sizes are recorded with the revision, so anyone can
 * replay it.
 */
export async function generateCommand(ctx: Context, opts: GenerateOptions): Promise<number> {
  const cityCode = opts.city;
  if (!/^\d{6}$/.test(cityCode)) {
    throw new UserError(
      t(ctx, `--city 应为六位城市代码，收到“${cityCode}”`, `--city must be a six-digit city code, got "${cityCode}"`),
    );
  }
  const units = positiveInt(ctx, 'units', opts.units, 99 * 999);
  const months = positiveInt(ctx, 'months', opts.months, 1200);
  const measures = positiveInt(ctx, 'measures', opts.measures, SYNTHETIC_MEASURES.length);
  const city = generateSyntheticCity({ cityCode, units, months, measures, seed: opts.seed });
  const started = performance.now();
  const bar = startProgress(!ctx.json, t(ctx, '生成', 'generate'));
  const base = { cityCode, seed: opts.seed, units, months, measures: city.measureCodes, rows: city.rowCount };
  let summary: GenerateSummary;
  try {
    if (opts.out !== undefined) {
      const unitsFile = await writeCsv(city, opts.out, bar);
      summary = { ...base, seconds: elapsed(started), file: opts.out, unitsFile };
    } else {
      summary = await ctx.withStore(async (store) => {
        const written = await writeToStore(ctx, store, city, opts, bar);
        return { ...base, ...written, seconds: elapsed(started) };
      });
    }
  } finally {
    bar.stop();
  }
  printSummary(ctx, summary);
  return 0;
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since) / 1000;
}

/** The units file written beside a CSV: `x.csv` → `x.units.json` (JSON is YAML, so `anju init --units` reads it). */
export function unitsFileFor(csvPath: string): string {
  return `${csvPath.replace(/\.csv$/i, '')}.units.json`;
}

async function writeCsv(city: SyntheticCity, path: string, bar: Progress): Promise<string> {
  let done = 0;
  const chunks = (function* () {
    for (const chunk of syntheticCsv(city, PROGRESS_EVERY)) {
      yield chunk;
      done = Math.min(city.rowCount, done + PROGRESS_EVERY);
      bar.update(done, city.rowCount);
    }
  })();
  await pipeline(Readable.from(chunks), createWriteStream(path));
  const unitsFile = unitsFileFor(path);
  await writeFile(unitsFile, `${JSON.stringify(city.units, null, 2)}\n`);
  return unitsFile;
}

async function writeToStore(
  ctx: Context,
  store: Store,
  city: SyntheticCity,
  opts: GenerateOptions,
  bar: Progress,
): Promise<{ revisionId: string; published: boolean }> {
  // Never mix made-up figures into a real city: an existing city must itself be synthetic.
  const existing = await listUnits(store, city.cityCode);
  const root = existing.find((u) => u.parentCode === null);
  if (root !== undefined && String(root.attributes['synthetic']) !== 'true') {
    throw new UserError(
      t(
        ctx,
        `城市 ${city.cityCode}（${root.nameZh}）已有真实单元，不能写入合成数据；请用 --city 另选一个代码（如 990100）`,
        `city ${city.cityCode} (${root.nameEn || root.nameZh}) holds real units; choose another --city (e.g. 990100) for synthetic data`,
      ),
    );
  }
  await loadCity(store, city.cityCode, city.units);
  const reason = t(
    ctx,
    `合成数据（非真实数据）：种子 ${opts.seed}，${city.dataUnitCodes.length} 个单元 × ${city.periods.length} 个月 × ${city.measureCodes.length} 个指标`,
    `synthetic data (not real figures): seed ${opts.seed}, ${city.dataUnitCodes.length} units × ${city.periods.length} months × ${city.measureCodes.length} measures`,
  );
  const now = ctx.now();
  const revisionId = await store.transaction(async (tx) => {
    const id = await createRevision(tx, {
      cityCode: city.cityCode,
      kind: 'generate',
      createdBy: ctx.user,
      createdAt: now,
      reason,
      // What replays it: the generator and its options.
      mapping: {
        generator: 'generateSyntheticCity',
        cityCode: city.cityCode,
        units: city.dataUnitCodes.length,
        months: city.periods.length,
        measures: city.measureCodes.length,
        seed: opts.seed,
        startMonth: city.periods[0],
      },
      synthetic: true,
      simulated: false,
    });
    await writeObservations(tx, id, city.cityCode, observationRows(city, bar));
    return id;
  });
  if (opts.publish === true) {
    await publishRevision(store, { cityCode: city.cityCode, revisionId, publishedBy: ctx.user, at: now, reason });
  }
  return { revisionId, published: opts.publish === true };
}

function* observationRows(city: SyntheticCity, bar: Progress): Generator<ObservationRow> {
  const bounds = new Map(
    city.periods.map((code) => [code, { start: startDate(periodOf(code)), end: endDate(periodOf(code)) }]),
  );
  const uoms = new Map(city.measureCodes.map((code) => [code, getMeasure(code)!.uom]));
  let done = 0;
  for (const r of city.rows()) {
    const b = bounds.get(r.period)!;
    yield {
      unitCode: r.unitCode,
      measureCode: r.measureCode,
      dimension: r.dimension,
      period: r.period,
      periodGrain: 'month',
      periodStart: b.start,
      periodEnd: b.end,
      value: r.value,
      uom: uoms.get(r.measureCode)!,
      sourceRef: null,
    };
    if (++done % PROGRESS_EVERY === 0) bar.update(done, city.rowCount);
  }
  bar.update(done, city.rowCount);
}

function printSummary(ctx: Context, s: GenerateSummary): void {
  if (ctx.json) {
    ctx.out(JSON.stringify(s, null, 2));
    return;
  }
  const size = t(
    ctx,
    `${s.units} 个单元 × ${s.months} 个月 × ${s.measures.length} 个指标 = ${s.rows} 行`,
    `${s.units} units × ${s.months} months × ${s.measures.length} measures = ${s.rows} rows`,
  );
  if (s.file !== undefined) {
    ctx.out(
      t(
        ctx,
        `已写出合成数据 ${s.file}（${size}，${s.seconds} 秒）`,
        `wrote synthetic data to ${s.file} (${size}, ${s.seconds} s)`,
      ),
    );
    ctx.out(
      t(
        ctx,
        `单元表：${s.unitsFile}；入库：anju init --city ${s.cityCode} --units ${s.unitsFile} && anju import ${s.file} --city ${s.cityCode}`,
        `units: ${s.unitsFile}; to load: anju init --city ${s.cityCode} --units ${s.unitsFile} && anju import ${s.file} --city ${s.cityCode}`,
      ),
    );
    return;
  }
  ctx.out(
    t(
      ctx,
      `已生成合成数据（标记为合成）：城市 ${s.cityCode}，修订 ${s.revisionId}${s.published ? '（已发布）' : '（草稿，待发布）'}，${size}，用时 ${s.seconds} 秒`,
      `generated synthetic data (flagged synthetic): city ${s.cityCode}, revision ${s.revisionId}${s.published ? ' (published)' : ' (draft)'}, ${size}, ${s.seconds} s`,
    ),
  );
}
