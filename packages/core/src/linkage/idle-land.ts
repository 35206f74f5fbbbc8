/**
 * Idle land (000 §九（二）; SPEC §3.4): a residential parcel not started by its agreed date is overdue; once not
 * started for a full year it owes an idle fee of 20 % of the land price; after two full years it is reclaimed
 * without compensation; overdue by less than a year with a start commitment, new dates may be agreed.
 *
 * "满一年" follows 民法典 第二百零一、二百零二条: the period starts the day after the agreed start date and ends on the
 * corresponding date a year later (the month's last day when there is none, e.g. 29 February → 28 February), so on
 * that date the year is complete. Dates are ISO `YYYY-MM-DD` strings; the evaluation date is an input (no clock).
 */
import { z } from 'zod';

import type { IdleLandRule } from '../profile/profile-schema.js';
import { derive, given, type Explained } from '../provenance/explained.js';
import { multiplyDecimals } from '../quantity/decimal.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((s) => isValidDate(s), '无效日期 / invalid date');
const decimal = z.string().regex(/^\d+(?:\.\d+)?$/, '非负数 / a non-negative number');

/** A land parcel record as the parcel intake reads it. */
export const landParcelSchema = z.strictObject({
  id: z.string().min(1),
  unitCode: z.string().min(1),
  /** 用途, e.g. `residential`, `commercial`. */
  use: z.string().min(1),
  areaHa: decimal,
  /** 出让或划拨价款 (万元). */
  priceWanYuan: decimal,
  /** 合同约定开工日期. */
  agreedStartDate: isoDate,
  /** 实际开工日期; absent while not started. */
  actualStartDate: isoDate.optional(),
  /** The enterprise has committed to start by a new date (only matters while overdue under a year). */
  startCommitment: z.boolean().optional(),
});
export type LandParcel = z.infer<typeof landParcelSchema>;

export type IdleLandStatus =
  'started-on-time' | 'started-late' | 'not-due' | 'overdue' | 'overdue-renegotiable' | 'idle-fee' | 'reclaim';

export interface IdleLandAssessment {
  readonly parcelId: string;
  readonly status: IdleLandStatus;
  /** Full years not started after the agreed date (0, 1, 2, …). */
  readonly fullYearsOverdue: number;
  /** Days past the agreed start date (0 when not due). */
  readonly daysOverdue: number;
  /** The idle fee due (万元), "0" unless status is `idle-fee`. */
  readonly idleFeeWanYuan: string;
  /** Dates at which the fee and the reclaim apply. */
  readonly feeDate: string;
  readonly reclaimDate: string;
  readonly explanation: Explained;
}

function isValidDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

function daysInMonth(y: number, m: number): number {
  return [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    m - 1
  ]!;
}

/** The date `years` full years after `date` (民法典 第二百零二条: no corresponding day → the month's last day). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ty = y + years;
  const td = Math.min(d, daysInMonth(ty, m));
  return `${String(ty).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil; no clock involved). */
function dayNumber(date: string): number {
  const [y0, m, d] = date.split('-').map(Number) as [number, number, number];
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Status of one parcel on `asOf` under the profile's idle-land rule.
 *
 * @example assessIdleLand({ …, agreedStartDate: '2024-03-10', priceWanYuan: '5000' }, '2025-03-10', rule)
 * // → status 'idle-fee', idleFeeWanYuan '1000' (one full year on 2025-03-10)
 */
export function assessIdleLand(parcel: LandParcel, asOf: string, rule: IdleLandRule): IdleLandAssessment {
  const feeDate = addYears(parcel.agreedStartDate, rule.feeAfterYears);
  const reclaimDate = addYears(parcel.agreedStartDate, rule.reclaimAfterYears);
  const startedBy =
    parcel.actualStartDate !== undefined && parcel.actualStartDate <= asOf ? parcel.actualStartDate : undefined;
  const until = startedBy ?? asOf;
  const daysOverdue = Math.max(0, dayNumber(until) - dayNumber(parcel.agreedStartDate));
  let fullYears = 0;
  while (addYears(parcel.agreedStartDate, fullYears + 1) <= until) fullYears++;

  let status: IdleLandStatus;
  if (startedBy !== undefined) status = daysOverdue === 0 ? 'started-on-time' : 'started-late';
  else if (asOf <= parcel.agreedStartDate) status = 'not-due';
  else if (asOf >= reclaimDate) status = 'reclaim';
  else if (asOf >= feeDate) status = 'idle-fee';
  else status = parcel.startCommitment === true ? 'overdue-renegotiable' : 'overdue';

  const fee = status === 'idle-fee' ? multiplyDecimals(parcel.priceWanYuan, String(rule.feeRate)) : '0';
  const sourceQuote = rule.source.quote;
  const explanation: Explained = {
    ...derive({
      value: fee,
      uom: 'wan-yuan',
      labels: { zh: `地块 ${parcel.id} 土地闲置费`, en: `Idle fee, parcel ${parcel.id}` },
      formula:
        status === 'idle-fee'
          ? `出让价款 × ${rule.feeRate}（满 ${rule.feeAfterYears} 年未开工，${feeDate} 起）`
          : status === 'reclaim'
            ? `满 ${rule.reclaimAfterYears} 年未开工（${reclaimDate} 起）：无偿收回，不再计收闲置费`
            : '未达征收条件',
      inputs: {
        price: given(parcel.priceWanYuan, 'wan-yuan', { zh: '出让价款', en: 'Land price' }),
        agreed: given(parcel.agreedStartDate, '', { zh: '约定开工日期', en: 'Agreed start date' }),
        asOf: given(asOf, '', { zh: '评估日期', en: 'Assessed on' }),
        ...(parcel.actualStartDate === undefined
          ? {}
          : { actual: given(parcel.actualStartDate, '', { zh: '实际开工日期', en: 'Actual start date' }) }),
      },
      branch: status,
    }),
    source: {
      kind: 'seed',
      seed: rule.source.seed,
      section: rule.source.section,
      ...(sourceQuote === undefined ? {} : { quote: sourceQuote }),
    },
  };
  return {
    parcelId: parcel.id,
    status,
    fullYearsOverdue: fullYears,
    daysOverdue,
    idleFeeWanYuan: fee,
    feeDate,
    reclaimDate,
    explanation,
  };
}
