// Keeps the stored market indicators (store/market-derived.ts) in step with the published view: after each publish,
// the units the revision states are recomputed — every unit when the city unit changed (its totals feed every share)
// or when the profile or its window differ from the last computation. Warnings are evaluated by core's rules over the
// stored cycles and changes, so a warning is the same whether computed here or per request.
import {
  evaluateWarningRule,
  type EffectivePolicyProfile,
  type IndicatorValue,
  type WarningEvaluation,
  type WarningRule,
} from '@anju/core';
import {
  addPublishListener,
  getDerivedState,
  listDerivedChanges,
  listDerivedCycles,
  listUnits,
  recomputeDerivedChanges,
  recomputeDerivedCycles,
  replaceMarketWarnings,
  saveDerivedState,
  unitsOfRevision,
  type DerivedMarketParameters,
  type Queryable,
  type Store,
  type StoredWarning,
} from '@anju/store';
import { marketProfileFor } from './market-service.js';

export interface RefreshOptions {
  /** Recompute only what this published revision changed (full when absent). */
  readonly revisionId?: string;
  readonly profileId?: string;
  /** The clock, recorded in derived_state. */
  readonly now: () => Date;
}

export interface RefreshResult {
  readonly full: boolean;
  /** Units recomputed (all of the city's units on a full recompute). */
  readonly units: number;
  readonly cycles: number;
  readonly changes: number;
  readonly warnings: number;
  readonly profile: { readonly id: string; readonly version: string };
}

/** The parameters of the SQL recompute, read from the profile. */
export function derivedParameters(
  cityCode: string,
  profile: EffectivePolicyProfile,
  unitCodes?: readonly string[],
): DerivedMarketParameters {
  const d = profile.destocking;
  return {
    cityCode,
    windowMonths: d.windowMonths.value,
    reasonableRange: {
      min: d.reasonableRangeMonths.min,
      max: d.reasonableRangeMonths.max,
      minInclusive: d.reasonableRangeMonths.minInclusive,
      maxInclusive: d.reasonableRangeMonths.maxInclusive,
    },
    bands: d.bands.map((b) => ({
      id: b.id,
      min: b.minMonths,
      max: b.maxMonths,
      minInclusive: b.minInclusive,
      maxInclusive: b.maxInclusive,
    })),
    ...(unitCodes === undefined ? {} : { unitCodes }),
  };
}

/** The yearly-change rules and the measure (with preferred breakdowns) each reads. */
const YOY_RULES: Readonly<Record<string, { measure: string; dimensions: readonly string[] }>> = {
  'market.new-home-price-yoy': { measure: 'housing.price-new', dimensions: ['residential', ''] },
  'land.residential-land-price-yoy': { measure: 'land.price-residential', dimensions: [''] },
};

async function ruleSeries(
  store: Queryable,
  cityCode: string,
  rule: WarningRule,
  unitCodes: readonly string[] | undefined,
): Promise<Map<string, IndicatorValue[]>> {
  const byUnit = new Map<string, IndicatorValue[]>();
  if (rule.indicator === 'market.destocking-cycle') {
    const rows = await listDerivedCycles(store, {
      cityCode,
      basis: 'area',
      propertyType: rule.dimension ?? '',
      ...(unitCodes === undefined ? {} : { unitCodes }),
    });
    for (const r of rows) {
      const list = byUnit.get(r.unitCode) ?? [];
      list.push({ period: r.period, value: r.kind === 'months' ? r.months : null });
      byUnit.set(r.unitCode, list);
    }
    return byUnit;
  }
  const yoy = YOY_RULES[rule.indicator];
  if (yoy === undefined) return byUnit;
  const dims = rule.dimension === undefined ? yoy.dimensions : [rule.dimension];
  for (const dimension of [...dims].reverse()) {
    // Preferred breakdown last, so it replaces a unit's fallback series.
    const rows = await listDerivedChanges(store, {
      cityCode,
      measureCode: yoy.measure,
      dimension,
      ...(unitCodes === undefined ? {} : { unitCodes }),
    });
    const found = new Map<string, IndicatorValue[]>();
    for (const r of rows) {
      const list = found.get(r.unitCode) ?? [];
      list.push({ period: r.period, value: r.yoy });
      found.set(r.unitCode, list);
    }
    for (const [unit, list] of found) byUnit.set(unit, list);
  }
  return byUnit;
}

function toStored(w: WarningEvaluation): StoredWarning | undefined {
  if (w.state === 'none') return undefined;
  return {
    unitCode: w.unitCode,
    ruleId: w.ruleId,
    period: w.period,
    state: w.state,
    level: w.level,
    since: w.since,
    value: w.value,
    threshold: w.threshold,
  };
}

/**
 * Recomputes the stored market indicators and warnings of a city: incrementally for the units of `revisionId` when
 * the last computation used the same profile, else fully.
 *
 * @example
 * await refreshMarketDerived(store, '620700', { now: () => new Date() });
 * // → { full: true, units: 8, cycles: 96, changes: 410, warnings: 5, profile: { id: 'zhangye', … } }
 */
export async function refreshMarketDerived(
  store: Store,
  cityCode: string,
  options: RefreshOptions,
): Promise<RefreshResult> {
  const profile = await marketProfileFor(cityCode, options.profileId);
  const allUnits = await listUnits(store, cityCode);
  const state = await getDerivedState(store, cityCode);
  const sameProfile =
    state !== undefined &&
    state.profileId === profile.id &&
    state.profileVersion === profile.version &&
    state.windowMonths === profile.destocking.windowMonths.value;
  let unitCodes: readonly string[] | undefined;
  if (options.revisionId !== undefined && sameProfile) {
    const changed = await unitsOfRevision(store, cityCode, options.revisionId);
    const cityUnit = allUnits.find((u) => u.parentCode === null)?.unitCode;
    unitCodes = cityUnit !== undefined && changed.includes(cityUnit) ? undefined : changed;
  }
  const parameters = derivedParameters(cityCode, profile, unitCodes);
  const rules = profile.warningRules;
  return store.transaction(async (tx) => {
    const cycles = await recomputeDerivedCycles(tx, parameters);
    const changes = await recomputeDerivedChanges(tx, parameters);
    const warnings: StoredWarning[] = [];
    for (const rule of rules) {
      const series = await ruleSeries(tx, cityCode, rule, unitCodes);
      for (const [unit, values] of series) {
        for (const w of evaluateWarningRule(rule, unit, values, profile)) {
          const s = toStored(w);
          if (s !== undefined) warnings.push(s);
        }
      }
    }
    await replaceMarketWarnings(tx, cityCode, unitCodes, warnings);
    const units = unitCodes?.length ?? allUnits.length;
    await saveDerivedState(tx, cityCode, {
      profileId: profile.id,
      profileVersion: profile.version,
      windowMonths: parameters.windowMonths,
      computedAt: options.now(),
      unitsRecomputed: units,
      fullRecompute: unitCodes === undefined,
    });
    return {
      full: unitCodes === undefined,
      units,
      cycles,
      changes,
      warnings: warnings.length,
      profile: { id: profile.id, version: profile.version },
    };
  });
}

const kept = new WeakSet<Store>();

/**
 * Recomputes the stored market indicators after every publish through `store` (incrementally). Errors are reported
 * through `onError` and never undo the publish: derived_state then still names the previous computation. Registering
 * the same store twice (several apps on one store) keeps one listener.
 */
export function keepMarketDerivedFresh(
  store: Store,
  options: { now: () => Date; onError: (error: unknown) => void },
): void {
  if (kept.has(store)) return;
  kept.add(store);
  addPublishListener(store, async (event) => {
    try {
      await refreshMarketDerived(store, event.cityCode, { revisionId: event.revisionId, now: options.now });
    } catch (error) {
      options.onError(error);
    }
  });
}
