// Idle land (000 §九（二）) from the stored parcel ledger: every parcel in the city's current view (its row in the latest
// published revision) assessed on a date under the city's profile — status, the 20 % idle fee at one year, reclaim at
// two years, and the dates the rule used, each with its explanation. Shared by GET …/linkage/idle and `anju linkage
// idle --city C` (no file).
import {
  assessIdleLand,
  sumDecimals,
  type IdleLandAssessment,
  type IdleLandRule,
  type IdleLandStatus,
} from '@anju/core';
import { landParcelRecord } from '@anju/intake';
import { listLandParcels, listUnits, type Queryable } from '@anju/store';
import { marketProfileFor } from '../market/market-service.js';

/** Chinese and English names of each idle-land status. */
export const IDLE_LAND_STATUS_LABELS: Readonly<Record<IdleLandStatus, { readonly zh: string; readonly en: string }>> = {
  'started-on-time': { zh: '按期开工', en: 'started on time' },
  'started-late': { zh: '逾期开工', en: 'started late' },
  'not-due': { zh: '未到约定开工日', en: 'not yet due' },
  overdue: { zh: '逾期未开工（不满一年）', en: 'overdue (< 1 year)' },
  'overdue-renegotiable': { zh: '逾期未满一年，已承诺开工，可重新约定', en: 'overdue < 1 year, start committed' },
  'idle-fee': { zh: '满一年未开工：征收土地闲置费', en: 'idle ≥ 1 year: idle fee' },
  reclaim: { zh: '满两年未开工：无偿收回', en: 'idle ≥ 2 years: reclaim' },
};

/** One stored parcel with its unit's names and its assessment (null when the record lacks what the rule needs). */
export interface StoredIdleParcel {
  readonly parcelId: string;
  readonly revisionId: string;
  readonly unitCode: string;
  readonly unitNameZh: string;
  readonly unitNameEn: string;
  readonly landUse: string;
  readonly areaSqm: string;
  readonly priceWanYuan: string | null;
  readonly contractStart: string | null;
  readonly actualStart: string | null;
  readonly startCommitment: boolean | null;
  readonly assessment: IdleLandAssessment | null;
  readonly statusZh: string;
  readonly statusEn: string;
}

export interface CityIdleLand {
  readonly cityCode: string;
  readonly asOf: string;
  readonly profile: { readonly id: string; readonly version: string };
  readonly rule: IdleLandRule;
  readonly parcels: readonly StoredIdleParcel[];
  readonly totals: {
    readonly parcels: number;
    /** Parcels per status (`unassessed`: no agreed start date or price). */
    readonly byStatus: Readonly<Record<string, number>>;
    /** Idle fees due (万元), summed exactly. */
    readonly idleFeeWanYuan: string;
    /** Area to be reclaimed (㎡). */
    readonly reclaimAreaSqm: string;
  };
}

/**
 * Assesses every parcel of the city's current view on `asOf` (YYYY-MM-DD) under the city's profile (or `profileId`).
 *
 * @example (await idleLandFromStore(store, '620700', '2025-12-31')).totals.idleFeeWanYuan // → '1000'
 */
export async function idleLandFromStore(
  store: Queryable,
  cityCode: string,
  asOf: string,
  options: { profileId?: string } = {},
): Promise<CityIdleLand> {
  const profile = await marketProfileFor(cityCode, options.profileId);
  const rule = profile.land.idleLand;
  const units = new Map((await listUnits(store, cityCode)).map((u) => [u.unitCode, u]));
  // In the city's unit order (as the units file lists them), then by parcel id.
  const order = (code: string) => units.get(code)?.sortOrder ?? Number.MAX_SAFE_INTEGER;
  const stored = (await listLandParcels(store, cityCode)).sort(
    (a, b) => order(a.unitCode) - order(b.unitCode) || (a.parcelId < b.parcelId ? -1 : a.parcelId > b.parcelId ? 1 : 0),
  );
  const byStatus: Record<string, number> = {};
  const fees: string[] = [];
  const reclaimed: string[] = [];
  const parcels = stored.map((p): StoredIdleParcel => {
    const record = landParcelRecord(p);
    const assessment = record === undefined ? null : assessIdleLand(record, asOf, rule);
    const status = assessment?.status ?? 'unassessed';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (assessment !== null) fees.push(assessment.idleFeeWanYuan);
    if (status === 'reclaim') reclaimed.push(p.areaSqm);
    const unit = units.get(p.unitCode);
    const label =
      assessment === null
        ? {
            zh: p.contractStart === null ? '缺约定开工日期，无法认定' : '缺出让价款，无法计算闲置费',
            en: p.contractStart === null ? 'no agreed start date: not assessed' : 'no land price: not assessed',
          }
        : IDLE_LAND_STATUS_LABELS[assessment.status];
    return {
      parcelId: p.parcelId,
      revisionId: p.revisionId,
      unitCode: p.unitCode,
      unitNameZh: unit?.nameZh ?? p.unitCode,
      unitNameEn: unit?.nameEn || unit?.nameZh || p.unitCode,
      landUse: p.landUse,
      areaSqm: p.areaSqm,
      priceWanYuan: p.priceWanYuan,
      contractStart: p.contractStart,
      actualStart: p.actualStart,
      startCommitment: p.startCommitment,
      assessment,
      statusZh: label.zh,
      statusEn: label.en,
    };
  });
  return {
    cityCode,
    asOf,
    profile: { id: profile.id, version: profile.version },
    rule,
    parcels,
    totals: {
      parcels: parcels.length,
      byStatus,
      idleFeeWanYuan: sumDecimals(fees),
      reclaimAreaSqm: sumDecimals(reclaimed),
    },
  };
}
