// `anju linkage import-parcels FILE --city C` and `anju linkage idle [FILE] --as-of DATE --city C`: the land-parcel
// ledger (供地台账) as a stored revision, and the idle-land status (000 §九（二）) of the city's stored parcels — or of a
// file whose unit names are resolved against the city's units. Output shows unit names.
import { IDLE_LAND_STATUS_LABELS, idleLandFromStore, marketProfileFor } from '@anju/api';
import {
  assessIdleLand,
  divideDecimals,
  formatLocation,
  sumDecimals,
  type IdleLandAssessment,
  type LandParcelIssue,
  displayValue,
} from '@anju/core';
import { importLandParcels, landParcelRow, readLandParcels, unitResolverFor, withCityContext } from '@anju/intake';
import { listUnits, type Store } from '@anju/store';
import { chooseCity } from '../city.js';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { UserError } from '../errors.js';

export interface ImportParcelsOptions {
  readonly city?: string;
  readonly reason?: string;
  readonly sheet?: string;
  readonly dryRun?: boolean;
  readonly publish?: boolean;
}

export interface IdleFromCityOptions {
  readonly city?: string;
  readonly asOf?: string;
  readonly profile?: string;
  readonly sheet?: string;
}

const USE_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  residential: { zh: '住宅', en: 'residential' },
  commercial: { zh: '商服', en: 'commercial' },
  mixed: { zh: '商住', en: 'mixed' },
  industrial: { zh: '工业', en: 'industrial' },
};

const sheetOption = (sheet: string | undefined) =>
  sheet === undefined ? {} : { sheet: /^\d+$/.test(sheet) ? Number(sheet) : sheet };

function printErrors(ctx: Context, errors: readonly LandParcelIssue[]): void {
  for (const e of errors)
    ctx.err(
      `${t(ctx, '错误', 'error')}：${formatLocation(e, ctx.lang)}：${ctx.lang === 'zh' ? e.messageZh : e.messageEn}`,
    );
  ctx.err(t(ctx, `发现 ${errors.length} 个错误，未写入任何数据`, `${errors.length} errors: nothing was written`));
}

/** `anju linkage import-parcels FILE`: a land-parcel file (CSV / XLSX) as a new revision, all or nothing. */
export async function linkageImportParcelsCommand(
  ctx: Context,
  file: string | undefined,
  o: ImportParcelsOptions,
): Promise<number> {
  if (file === undefined) throw new UserError(t(ctx, '缺少宗地文件', 'a parcel file is required'));
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, o.city);
    const r = await importLandParcels(store, file, {
      cityCode: city,
      createdBy: ctx.user,
      reason: o.reason ?? t(ctx, `导入宗地台账 ${file}`, `land parcels from ${file}`),
      now: ctx.now(),
      ...sheetOption(o.sheet),
      ...(o.dryRun === true ? { dryRun: true } : {}),
      ...(o.publish === true ? { publish: true } : {}),
    });
    if (ctx.json) {
      ctx.out(JSON.stringify(r, null, 2));
      return r.ok ? 0 : 1;
    }
    if (!r.ok) {
      printErrors(ctx, r.errors);
      return 1;
    }
    const d = r.diff!;
    const diff = t(
      ctx,
      `新增 ${d.added}、变化 ${d.changed}、不变 ${d.unchanged}；已发布而文件未列 ${d.notInFile}`,
      `${d.added} new, ${d.changed} changed, ${d.unchanged} unchanged; ${d.notInFile} published parcels not in the file`,
    );
    ctx.out(
      r.revisionId === undefined
        ? t(
            ctx,
            `校验通过：${r.parcels.length} 宗地块（试导入，未写入）；${diff}`,
            `${r.parcels.length} parcels valid (dry run, nothing written); ${diff}`,
          )
        : t(
            ctx,
            `已写入 ${r.parcels.length} 宗地块，修订 #${r.revisionId}${r.published ? '（已发布）' : '（草稿，用 anju publish 发布）'}；${diff}`,
            `${r.parcels.length} parcels written as revision #${r.revisionId}${r.published ? ' (published)' : ' (draft: anju publish to publish)'}; ${diff}`,
          ),
    );
    return 0;
  });
}

interface IdleLine {
  readonly parcelId: string;
  readonly unitCode: string;
  readonly use: string;
  readonly areaSqm: string;
  readonly contractStart: string | null;
  readonly actualStart: string | null;
  readonly assessment: IdleLandAssessment | null;
  readonly noteZh: string;
  readonly noteEn: string;
}

async function unitNames(store: Store, city: string, lang: 'zh' | 'en'): Promise<Map<string, string>> {
  return new Map(
    (await listUnits(store, city)).map((u) => [u.unitCode, lang === 'zh' ? u.nameZh : u.nameEn || u.nameZh]),
  );
}

function printIdle(
  ctx: Context,
  header: string,
  lines: readonly IdleLine[],
  names: ReadonlyMap<string, string>,
  totals: { idleFeeWanYuan: string; reclaimAreaSqm: string },
): void {
  ctx.out(header);
  ctx.out(
    renderTable(
      [
        t(ctx, '宗地', 'parcel'),
        t(ctx, '单元', 'unit'),
        t(ctx, '用途', 'use'),
        t(ctx, '面积（公顷）', 'area (ha)'),
        t(ctx, '约定开工', 'agreed start'),
        t(ctx, '实际开工', 'actual start'),
        t(ctx, '状态', 'status'),
        t(ctx, '逾期天数', 'days overdue'),
        t(ctx, '闲置费（万元）', 'idle fee (10k yuan)'),
        t(ctx, '征费日', 'fee from'),
        t(ctx, '收回日', 'reclaim from'),
      ],
      lines.map((l) => {
        const a = l.assessment;
        return [
          l.parcelId,
          names.get(l.unitCode) ?? l.unitCode,
          (ctx.lang === 'zh' ? USE_LABELS[l.use]?.zh : USE_LABELS[l.use]?.en) ?? l.use,
          displayValue(divideDecimals(l.areaSqm, '10000'), 'ha'),
          l.contractStart ?? '—',
          l.actualStart ?? '—',
          a === null
            ? ctx.lang === 'zh'
              ? l.noteZh
              : l.noteEn
            : ctx.lang === 'zh'
              ? IDLE_LAND_STATUS_LABELS[a.status].zh
              : IDLE_LAND_STATUS_LABELS[a.status].en,
          a === null ? '—' : String(a.daysOverdue),
          a === null ? '—' : displayValue(a.idleFeeWanYuan, 'wan-yuan'),
          a === null ? '—' : a.feeDate,
          a === null ? '—' : a.reclaimDate,
        ];
      }),
    ),
  );
  ctx.out(
    t(
      ctx,
      `共 ${lines.length} 宗；应征闲置费合计 ${totals.idleFeeWanYuan} 万元；应收回面积 ${totals.reclaimAreaSqm} ㎡`,
      `${lines.length} parcels; idle fees due ${totals.idleFeeWanYuan} (10k yuan); area to reclaim ${totals.reclaimAreaSqm} ㎡`,
    ),
  );
}

/**
 * `anju linkage idle --city C --as-of DATE` (the city's stored parcels) or `anju linkage idle FILE --city C --as-of
 * DATE` (a file whose unit cells are resolved against the city's units; an unknown unit is a located error, exit 2).
 */
export async function linkageIdleCityCommand(
  ctx: Context,
  file: string | undefined,
  asOf: string,
  o: IdleFromCityOptions,
): Promise<number> {
  return ctx.withStore(async (store) => {
    const city = await chooseCity(ctx, store, o.city);
    const names = await unitNames(store, city, ctx.lang);
    if (file === undefined) {
      const r = await idleLandFromStore(store, city, asOf, o.profile === undefined ? {} : { profileId: o.profile });
      if (ctx.json) {
        ctx.out(JSON.stringify({ ok: true, ...r }, null, 2));
        return 0;
      }
      if (r.parcels.length === 0) {
        ctx.out(
          t(
            ctx,
            `城市 ${city} 没有已发布的宗地台账；先用 anju linkage import-parcels 文件 --city ${city} --publish --reason 原因 导入`,
            `city ${city} has no published land parcels: load them with anju linkage import-parcels FILE --city ${city} --publish --reason R`,
          ),
        );
        return 0;
      }
      printIdle(
        ctx,
        t(
          ctx,
          `评估日 ${asOf}，政策配置 ${r.profile.id}@${r.profile.version}，已发布的宗地台账`,
          `as of ${asOf}, profile ${r.profile.id}@${r.profile.version}, published land parcels`,
        ),
        r.parcels.map((p) => ({
          parcelId: p.parcelId,
          unitCode: p.unitCode,
          use: p.landUse,
          areaSqm: p.areaSqm,
          contractStart: p.contractStart,
          actualStart: p.actualStart,
          assessment: p.assessment,
          noteZh: p.statusZh,
          noteEn: p.statusEn,
        })),
        names,
        r.totals,
      );
      return 0;
    }

    const resolveUnit = await unitResolverFor(store, city);
    if (resolveUnit === undefined)
      throw new UserError(
        t(
          ctx,
          `城市 ${city} 尚未建立单元，请先运行 anju init --city ${city}`,
          `city ${city} has no units yet: run anju init --city ${city} first`,
        ),
      );
    const read = await readLandParcels(file, { resolveUnit, ...sheetOption(o.sheet) });
    if (!read.ok) {
      const errors = withCityContext(read.errors, city);
      if (ctx.json) ctx.out(JSON.stringify({ ok: false, errors }, null, 2));
      else printErrors(ctx, errors);
      return 1;
    }
    const profile = await marketProfileFor(city, o.profile);
    const rule = profile.land.idleLand;
    const results = read.parcels.map((p) => ({ parcel: p, assessment: assessIdleLand(p, asOf, rule) }));
    if (ctx.json) {
      ctx.out(
        JSON.stringify(
          { ok: true, asOf, cityCode: city, profile: { id: profile.id, version: profile.version }, results },
          null,
          2,
        ),
      );
      return 0;
    }
    const lines = results.map(({ parcel, assessment }) => {
      const row = landParcelRow(parcel, null);
      return {
        parcelId: parcel.id,
        unitCode: parcel.unitCode,
        use: parcel.use,
        areaSqm: row.areaSqm,
        contractStart: row.contractStart,
        actualStart: row.actualStart,
        assessment,
        noteZh: '',
        noteEn: '',
      };
    });
    const fees = results.map((r) => r.assessment.idleFeeWanYuan);
    const reclaimed = lines.filter((l) => l.assessment.status === 'reclaim').map((l) => l.areaSqm);
    printIdle(
      ctx,
      t(
        ctx,
        `评估日 ${asOf}，政策配置 ${profile.id}@${profile.version}，文件 ${read.file}`,
        `as of ${asOf}, profile ${profile.id}@${profile.version}, file ${read.file}`,
      ),
      lines,
      names,
      { idleFeeWanYuan: sumDecimals(fees), reclaimAreaSqm: sumDecimals(reclaimed) },
    );
    return 0;
  });
}
