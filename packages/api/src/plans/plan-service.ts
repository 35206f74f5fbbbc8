// Plans for the API and the CLI: a plan from the store (latest or a given version) or, when the store has none, from
// the bundled seed plans; its actuals (the plan's own recorded values, then the store's published yearly series of
// each linked measure, converted to the indicator's unit); and its evaluation in one year with the thresholds of the
// plan's policy profile.
import {
  buildPlanEvaluation,
  convert,
  getMeasure,
  isUomCode,
  parsePlanDocument,
  planStatusThresholds,
  recordedActuals,
  UNITS,
  type IndicatorObservation,
  type PlanDocument,
  type PlanEvaluation,
  type PlanIndicator,
} from '@anju/core';
import { getPlanVersion, getSeries, listPlans, type Queryable } from '@anju/store';
import { listBundledPlans } from '@anju/samples';
import { marketProfileFor } from '../market/market-service.js';

/** A plan with where it came from: a stored version, or the bundled seed plan (version null). */
export interface ResolvedPlan {
  readonly plan: PlanDocument;
  readonly version: number | null;
  readonly origin: 'store' | 'bundled';
}

/** Thrown when a stored or bundled plan does not validate (a programming or data error, not the user's). */
export class PlanDocumentError extends Error {
  override readonly name = 'PlanDocumentError';
}

function validated(data: unknown, where: string): PlanDocument {
  const r = parsePlanDocument(data);
  if (!r.ok) throw new PlanDocumentError(`${where}: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return r.plan;
}

/** The bundled plans of a city (all of them without a city). */
export async function bundledPlansFor(cityCode?: string): Promise<PlanDocument[]> {
  const all = await listBundledPlans();
  return all.map((b) => validated(b.data, b.file)).filter((p) => cityCode === undefined || p.cityCode === cityCode);
}

/** A city's plans: the stored ones at their latest version, then bundled ones not yet stored. */
export async function listCityPlans(
  store: Queryable,
  cityCode: string,
): Promise<
  {
    planId: string;
    nameZh: string;
    nameEn: string;
    startYear: number;
    endYear: number;
    version: number | null;
    origin: 'store' | 'bundled';
  }[]
> {
  const stored = await listPlans(store, cityCode);
  const out = [];
  for (const s of stored) {
    const r = await resolvePlan(store, cityCode, s.planId);
    if (r === undefined) continue;
    out.push({
      planId: s.planId,
      nameZh: r.plan.nameZh,
      nameEn: r.plan.nameEn,
      startYear: r.plan.startYear,
      endYear: r.plan.endYear,
      version: s.latestVersion,
      origin: 'store' as const,
    });
  }
  for (const p of await bundledPlansFor(cityCode)) {
    if (stored.some((s) => s.planId === p.id)) continue;
    out.push({
      planId: p.id,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      startYear: p.startYear,
      endYear: p.endYear,
      version: null,
      origin: 'bundled' as const,
    });
  }
  return out;
}

/** The plan `planId` of the city: the stored version asked for (default the latest), else the bundled plan. */
export async function resolvePlan(
  store: Queryable,
  cityCode: string,
  planId: string,
  version?: number,
): Promise<ResolvedPlan | undefined> {
  const stored = await getPlanVersion(store, cityCode, planId, version);
  if (stored !== undefined) {
    return {
      plan: validated(stored.document, `${cityCode}/${planId} v${stored.version}`),
      version: stored.version,
      origin: 'store',
    };
  }
  if (version !== undefined) return undefined;
  const bundled = (await bundledPlansFor(cityCode)).find((p) => p.id === planId);
  return bundled === undefined ? undefined : { plan: bundled, version: null, origin: 'bundled' };
}

function toIndicatorUom(value: string, from: string, ind: PlanIndicator): string {
  if (from === ind.uom || !isUomCode(from) || !isUomCode(ind.uom)) return value;
  if (UNITS[from].dimension !== UNITS[ind.uom].dimension) return value;
  return convert(value, from, ind.uom);
}

async function measureSeries(
  store: Queryable,
  cityCode: string,
  ind: PlanIndicator,
  unitCodes: readonly string[],
): Promise<Map<string, IndicatorObservation[]>> {
  const out = new Map<string, IndicatorObservation[]>();
  const link = ind.measure;
  const def = link === undefined ? undefined : getMeasure(link.code);
  if (link === undefined || def === undefined) return out;
  const points = await getSeries(store, {
    cityCode,
    measureCode: link.code,
    dimension: link.dimension,
    unitCodes,
    grain: 'year',
    rollUp: def.rollUp,
  });
  for (const p of points) {
    if (!p.complete) continue;
    const list = out.get(p.unitCode) ?? [];
    list.push({
      year: Number(p.period),
      value: toIndicatorUom(p.value, def.uom, ind),
      source: {
        kind: 'observation',
        cityCode,
        unitCode: p.unitCode,
        measureCode: link.code,
        dimension: link.dimension,
        period: p.period,
        revisionId: p.revisionId,
      },
    });
    out.set(p.unitCode, list);
  }
  return out;
}

/** Merges observations by year: later lists win (the store's published values over the plan's recorded ones). */
function mergeByYear(...lists: readonly (readonly IndicatorObservation[])[]): IndicatorObservation[] {
  const byYear = new Map<number, IndicatorObservation>();
  for (const list of lists) for (const o of list) byYear.set(o.year, o);
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export interface PlanActuals {
  readonly byIndicator: Map<string, IndicatorObservation[]>;
  readonly byUnit: Map<string, Map<string, IndicatorObservation[]>>;
}

/** Every indicator's actuals: recorded in the plan, then from the store's published series of its linked measure. */
export async function planActuals(store: Queryable, plan: PlanDocument): Promise<PlanActuals> {
  const byIndicator = new Map<string, IndicatorObservation[]>();
  const byUnit = new Map<string, Map<string, IndicatorObservation[]>>();
  for (const ind of plan.indicators) {
    const own = ind.measure?.unitCode ?? plan.cityCode;
    const units = [own, ...(ind.units ?? []).map((u) => u.unitCode)];
    const series = await measureSeries(store, plan.cityCode, ind, [...new Set(units)]);
    byIndicator.set(ind.id, mergeByYear(recordedActuals(ind), series.get(own) ?? []));
    if (ind.units !== undefined) {
      byUnit.set(ind.id, new Map(ind.units.map((u) => [u.unitCode, series.get(u.unitCode) ?? []])));
    }
  }
  return { byIndicator, byUnit };
}

/** The evaluation of a plan in `year`, with the thresholds of its profile (plan.profileId, else the city's). */
export async function evaluatePlan(
  store: Queryable,
  resolved: ResolvedPlan,
  year: number,
  options: { readonly profileId?: string } = {},
): Promise<PlanEvaluation> {
  const { plan } = resolved;
  const profile = await marketProfileFor(plan.cityCode, options.profileId ?? plan.profileId);
  const actuals = await planActuals(store, plan);
  return buildPlanEvaluation(plan, actuals.byIndicator, year, planStatusThresholds(profile), actuals.byUnit);
}
