// `anju plan list | show | import | evaluate`: plans and their indicator systems (SPEC §3.5). Plans live in the store
// as versions (every import or edit is a new version); the seeds' plans are bundled and usable before any import.
// `evaluate` writes the annual / mid-term / end-term evaluation as XLSX, PDF or printable HTML by the file's ending.
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  bundledPlansFor,
  evaluatePlan,
  listCityPlans,
  renderEvaluationHtml,
  renderEvaluationPdf,
  renderEvaluationXlsx,
  resolvePlan,
  type ResolvedPlan,
} from '@anju/api';
import { attributeZh, explainText, parsePlanDocument, STATUS_LABELS, targetText, type PlanDocument } from '@anju/core';
import { readPlanIndicatorsXlsx } from '@anju/intake';
import { listCities, savePlanVersion, type Store } from '@anju/store';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { DataError, UserError } from '../errors.js';
import { pdfNote } from './pdf-note.js';

export interface PlanOptions {
  readonly city?: string;
  readonly plan?: string;
  readonly year?: string;
  readonly out?: string;
  readonly version?: string;
  readonly reason?: string;
  readonly profile?: string;
  readonly explain?: string;
}

/** The city of a plan command: --city, else the bundled plan's city, else the store's only city. */
async function cityFor(ctx: Context, store: Store, opts: PlanOptions): Promise<string> {
  if (opts.city !== undefined) return opts.city;
  if (opts.plan !== undefined) {
    const bundled = (await bundledPlansFor()).find((p) => p.id === opts.plan);
    if (bundled !== undefined) return bundled.cityCode;
  }
  return chooseCity(ctx, store, undefined);
}

async function requirePlan(ctx: Context, store: Store, opts: PlanOptions): Promise<ResolvedPlan> {
  if (opts.plan === undefined) throw new UserError(t(ctx, '请用 --plan 指定规划编号', 'name the plan with --plan'));
  const city = await cityFor(ctx, store, opts);
  const version = opts.version === undefined ? undefined : Number(opts.version);
  const r = await resolvePlan(store, city, opts.plan, version);
  if (r === undefined) {
    throw new UserError(
      t(
        ctx,
        `城市 ${city} 没有规划 ${opts.plan}${version === undefined ? '' : ` 的第 ${version} 版`}；anju plan list 可列出已有规划`,
        `city ${city} has no plan ${opts.plan}${version === undefined ? '' : ` version ${version}`}; see anju plan list`,
      ),
    );
  }
  return r;
}

function yearOf(ctx: Context, text: string | undefined): number {
  const y = Number(text);
  if (text === undefined || !Number.isInteger(y) || y < 1949 || y > 2100) {
    throw new UserError(t(ctx, '--year 应为年份，如 2027', '--year must be a year such as 2027'));
  }
  return y;
}

/** `anju plan list`: the plans of a city (or of every city in the store, then the bundled ones). */
export async function planListCommand(ctx: Context, opts: PlanOptions): Promise<number> {
  return ctx.withStore(async (store) => {
    const cities =
      opts.city !== undefined
        ? [opts.city]
        : [
            ...new Set([
              ...(await listCities(store)).map((c) => c.cityCode),
              ...(await bundledPlansFor()).map((p) => p.cityCode),
            ]),
          ];
    const rows: string[][] = [];
    const json: unknown[] = [];
    for (const city of cities) {
      for (const p of await listCityPlans(store, city)) {
        json.push({ cityCode: city, ...p });
        rows.push([
          city,
          p.planId,
          p.nameZh,
          `${p.startYear}—${p.endYear}`,
          p.origin === 'store' ? t(ctx, `数据库 v${p.version}`, `store v${p.version}`) : t(ctx, '随附种子', 'bundled'),
        ]);
      }
    }
    if (ctx.json) ctx.out(JSON.stringify(json, null, 2));
    else
      ctx.out(
        renderTable(
          [
            t(ctx, '城市', 'city'),
            t(ctx, '编号', 'id'),
            t(ctx, '名称', 'name'),
            t(ctx, '规划期', 'period'),
            t(ctx, '来源', 'origin'),
          ],
          rows,
        ),
      );
    return 0;
  });
}

/** `anju plan show --plan P [--year Y] [--explain ID]`: the indicator table, with status when a year is given. */
export async function planShowCommand(ctx: Context, opts: PlanOptions): Promise<number> {
  return ctx.withStore(async (store) => {
    const resolved = await requirePlan(ctx, store, opts);
    const { plan } = resolved;
    if (opts.year === undefined) {
      if (ctx.json) {
        ctx.out(JSON.stringify(plan, null, 2));
        return 0;
      }
      ctx.out(
        `${plan.nameZh}（${plan.startYear}—${plan.endYear}，${resolved.origin === 'store' ? `v${resolved.version}` : t(ctx, '随附种子', 'bundled')}）`,
      );
      ctx.out(
        renderTable(
          [
            t(ctx, '指标分类', 'category'),
            t(ctx, '指标名称', 'indicator'),
            t(ctx, '单位', 'unit'),
            t(ctx, '目标', 'target'),
            t(ctx, '属性', 'attribute'),
          ],
          plan.indicators.map((i) => [
            i.categoryZh,
            ctx.lang === 'zh' ? i.nameZh : i.nameEn,
            i.uomPrinted ?? i.uom,
            targetText(i),
            attributeZh(i.attribute),
          ]),
        ),
      );
      return 0;
    }
    const e = await evaluatePlan(
      store,
      resolved,
      yearOf(ctx, opts.year),
      opts.profile === undefined ? {} : { profileId: opts.profile },
    );
    if (opts.explain !== undefined) {
      const row = e.rows.find((r) => r.indicatorId === opts.explain);
      if (row === undefined) throw new UserError(t(ctx, `没有指标 ${opts.explain}`, `no indicator ${opts.explain}`));
      ctx.out(explainText(row.status.status, ctx.lang));
      ctx.out(row.narrativeZh);
      return 0;
    }
    if (ctx.json) {
      ctx.out(
        JSON.stringify(
          e.rows.map((r) => ({
            id: r.indicatorId,
            kind: r.kind,
            ratio: r.status.status.value,
            pass: r.status.pass,
            narrativeZh: r.narrativeZh,
          })),
          null,
          2,
        ),
      );
      return 0;
    }
    ctx.out(e.titleZh);
    ctx.out(
      renderTable(
        [
          t(ctx, '指标', 'indicator'),
          t(ctx, '目标', 'target'),
          t(ctx, '完成', 'achieved'),
          t(ctx, '状态', 'status'),
          'R',
        ],
        e.rows.map((r) => [
          r.nameZh,
          r.targetText,
          r.achievedText,
          ctx.lang === 'zh' ? STATUS_LABELS[r.kind].zh : STATUS_LABELS[r.kind].en,
          r.status.status.value ?? '—',
        ]),
      ),
    );
    return 0;
  });
}

async function readPlanFile(ctx: Context, file: string): Promise<PlanDocument> {
  const ext = extname(file).toLowerCase();
  if (ext === '.xlsx') {
    const r = await readPlanIndicatorsXlsx(await readFile(file), basename(file));
    if (!r.ok) throw new DataError([`${file}:`, ...r.issues.map((i) => `  ${i.path}: ${i.message}`)].join('\n'));
    return r.plan;
  }
  if (ext === '') {
    const bundled = (await bundledPlansFor()).find((p) => p.id === file);
    if (bundled !== undefined) return bundled;
  }
  let data: unknown;
  try {
    data = parseYaml(await readFile(file, 'utf8'));
  } catch (e) {
    throw new DataError(`${file}: ${(e as Error).message}`);
  }
  const r = parsePlanDocument(data);
  if (!r.ok) {
    throw new DataError(
      [
        t(ctx, `${file} 有 ${r.issues.length} 处错误：`, `${file} has ${r.issues.length} error(s):`),
        ...r.issues.map((i) => `  ${i.path}: ${i.message}`),
      ].join('\n'),
    );
  }
  return r.plan;
}

/** `anju plan import FILE|BUNDLED-ID [--reason R]`: saves a plan (YAML, JSON or XLSX) as a new version in the store. */
export async function planImportCommand(ctx: Context, file: string | undefined, opts: PlanOptions): Promise<number> {
  if (file === undefined)
    throw new UserError(
      t(
        ctx,
        '用法：anju plan import 文件（.yaml/.json/.xlsx）或随附规划编号',
        'usage: anju plan import FILE (.yaml/.json/.xlsx) or a bundled plan id',
      ),
    );
  const plan = await readPlanFile(ctx, file);
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, opts.city ?? plan.cityCode);
    if (city !== plan.cityCode) {
      throw new DataError(
        t(ctx, `规划属于城市 ${plan.cityCode}，不是 ${city}`, `the plan is for city ${plan.cityCode}, not ${city}`),
      );
    }
    const version = await store.transaction((tx) =>
      savePlanVersion(tx, {
        cityCode: plan.cityCode,
        planId: plan.id,
        nameZh: plan.nameZh,
        document: plan,
        createdBy: ctx.user,
        createdAt: ctx.now(),
        reason: opts.reason ?? t(ctx, `导入 ${basename(file)}`, `import ${basename(file)}`),
        sourceFile: basename(file),
      }),
    );
    ctx.out(
      t(
        ctx,
        `已保存 ${plan.id} 第 ${version} 版：${plan.indicators.length} 项指标`,
        `saved ${plan.id} version ${version}: ${plan.indicators.length} indicators`,
      ),
    );
    return 0;
  });
}

/** `anju plan evaluate --plan P --year Y --out FILE`: the evaluation report as .xlsx, .pdf or .html. */
export async function planEvaluateCommand(ctx: Context, opts: PlanOptions): Promise<number> {
  const year = yearOf(ctx, opts.year);
  const format = extname(opts.out ?? '')
    .slice(1)
    .toLowerCase();
  if (opts.out === undefined || !['xlsx', 'pdf', 'html'].includes(format)) {
    throw new UserError(t(ctx, '--out 应以 .xlsx、.pdf 或 .html 结尾', '--out must end in .xlsx, .pdf or .html'));
  }
  const out = opts.out;
  return ctx.withStore(async (store) => {
    const resolved = await requirePlan(ctx, store, opts);
    const e = await evaluatePlan(store, resolved, year, opts.profile === undefined ? {} : { profileId: opts.profile });
    const meta = { version: resolved.version, generatedAt: ctx.now().toISOString() };
    const pdf = format === 'pdf' ? await renderEvaluationPdf(e, meta) : undefined;
    const bytes =
      pdf?.bytes ??
      (format === 'xlsx' ? await renderEvaluationXlsx(e, meta) : Buffer.from(renderEvaluationHtml(e, meta), 'utf8'));
    await writeFile(out, bytes);
    const counts = Object.entries(e.counts)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${STATUS_LABELS[k as keyof typeof STATUS_LABELS].zh} ${n}`)
      .join('，');
    ctx.out(
      t(
        ctx,
        `已写出 ${out}：${e.titleZh}，${e.rows.length} 项指标（${counts}）`,
        `wrote ${out}: ${e.titleEn}, ${e.rows.length} indicators`,
      ),
    );
    if (pdf !== undefined) ctx.out(pdfNote(ctx, pdf));
    return 0;
  });
}
