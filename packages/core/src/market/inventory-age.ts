/**
 * Inventory structure by age since presale approval (000 四（三）专栏3: 批售 1 年以内、1-3 年、3-5 年、5 年以上), with
 * the pipeline ahead of inventory: projects under construction not yet approved for sale, and land supplied but
 * not started (专栏3: 将在建项目和已供应未开工项目纳入库存监测范围).
 *
 * Boundary rule: an age period counts from the approval date as the civil code counts periods (《民法典》第二百零一条:
 * the first day is not counted; 第二百零二条: the period ends on the corresponding day of the final year, or the
 * month's last day when there is none). So a project approved on 2024-03-15 is "1 年以内" through 2025-03-15 and
 * "1—3 年" from 2025-03-16; one approved on 2020-02-29 completes a year on 2021-02-28. The same rule applies at every
 * bound (3, 5 years): the anniversary day itself belongs to the younger bucket, and the last bucket holds ages
 * strictly beyond the last bound.
 */
import { compareDecimals, subtractDecimals, sumDecimals } from '../quantity/decimal.js';
import { derive, given, type Explained } from '../provenance/explained.js';
import { parameterSource, profileRef, type MarketProfile } from './market-profile.js';
import { MARKET_TEXT } from './market-text.js';

export const projectStatuses = ['under-construction', 'completed', 'stalled'] as const;
export type ProjectStatus = (typeof projectStatuses)[number];

/** One presale project (预售项目) as recorded by the transaction-filing system. Areas in square metres. */
export interface PresaleProject {
  readonly projectId: string;
  readonly unitCode: string;
  /** '' when not split, else 'residential', 'non-residential' … */
  readonly propertyType: string;
  /** ISO date of the presale approval; null while not yet approved. */
  readonly approvalDate: string | null;
  /** Approved (or, before approval, planned) floor area. */
  readonly approvedAreaSqm: string;
  readonly approvedUnits: number;
  readonly soldAreaSqm: string;
  readonly soldUnits: number;
  readonly status: ProjectStatus;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(text: string): { y: number; m: number; d: number } {
  const m = ISO_DATE.exec(text);
  if (m === null) throw new RangeError(`Not an ISO date: "${text}"`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** The day `years` after `date` under 民法典 第二百零二条 (no corresponding day → the month's last day), as ISO text. */
export function anniversary(date: string, years: number): string {
  const { y, m, d } = parseIsoDate(date);
  const year = y + years;
  const day = Math.min(d, daysInMonth(year, m));
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Index of the age bucket of a project approved on `approvalDate`, seen on `asOf`, for bucket bounds in years
 * ([1, 3, 5] gives 0: ≤ 1 year, 1: 1–3, 2: 3–5, 3: > 5). See the module comment for the boundary rule.
 *
 * @example ageBucketIndex('2024-03-15', '2025-03-15', [1, 3, 5]) // → 0; on '2025-03-16' → 1
 */
export function ageBucketIndex(approvalDate: string, asOf: string, boundsYears: readonly number[]): number {
  for (let i = 0; i < boundsYears.length; i++) {
    // ISO dates compare as text.
    if (asOf <= anniversary(approvalDate, boundsYears[i]!)) return i;
  }
  return boundsYears.length;
}

export interface AgeBucket {
  readonly index: number;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly saleableArea: Explained;
  readonly saleableUnits: Explained;
  readonly projectIds: readonly string[];
}

export interface InventoryAgeStructure {
  readonly asOf: string;
  readonly buckets: readonly AgeBucket[];
  /** Under construction, not yet approved for sale (planned area of those projects). */
  readonly pipelineNotApproved: { readonly area: Explained; readonly units: Explained };
  /** Land supplied but not started, as given (hectares), or null. */
  readonly landNotStarted: Explained;
  /** Projects whose sold figures exceed the approved ones (data errors, excluded). */
  readonly inconsistentProjectIds: readonly string[];
}

export interface InventoryAgeInput {
  readonly projects: readonly PresaleProject[];
  /** The day the structure is seen on (usually the last day of the period). */
  readonly asOf: string;
  /** Which projects to count: a unit code and a property type ('' = every type). */
  readonly propertyType?: string;
  readonly landSuppliedNotStartedHa?: string;
}

/**
 * Saleable inventory (approved − sold) of approved projects by age bucket, and the pipeline ahead of it.
 * Bucket bounds are the profile's `destocking.inventoryAgeBucketsYears`.
 */
export function inventoryAgeStructure(input: InventoryAgeInput, profile: MarketProfile): InventoryAgeStructure {
  const t = MARKET_TEXT.age;
  const bounds = profile.destocking.inventoryAgeBucketsYears.value;
  const labels = t.buckets(bounds);
  const boundsInput = {
    value: bounds.join(','),
    uom: 'year-count',
    source: parameterSource(profile, 'destocking.inventoryAgeBucketsYears'),
  };
  const area: string[][] = labels.map(() => []);
  const units: number[] = labels.map(() => 0);
  const ids: string[][] = labels.map(() => []);
  const inconsistent: string[] = [];
  const pipeArea: string[] = [];
  let pipeUnits = 0;
  for (const p of input.projects) {
    if (input.propertyType !== undefined && input.propertyType !== '' && p.propertyType !== input.propertyType)
      continue;
    if (p.approvalDate === null || p.approvalDate > input.asOf) {
      if (p.status === 'under-construction' || p.status === 'stalled') {
        pipeArea.push(p.approvedAreaSqm);
        pipeUnits += p.approvedUnits;
      }
      continue;
    }
    const saleable = subtractDecimals(p.approvedAreaSqm, p.soldAreaSqm);
    if (compareDecimals(saleable, '0') < 0 || p.soldUnits > p.approvedUnits) {
      inconsistent.push(p.projectId);
      continue;
    }
    const i = ageBucketIndex(p.approvalDate, input.asOf, bounds);
    area[i]!.push(saleable);
    units[i] = units[i]! + (p.approvedUnits - p.soldUnits);
    ids[i]!.push(p.projectId);
  }
  const buckets = labels.map((label, i) => ({
    index: i,
    labelZh: label.zh,
    labelEn: label.en,
    saleableArea: derive({
      value: sumDecimals(area[i]!),
      uom: 'sqm',
      labels: { zh: `${t.saleableArea.zh}（${label.zh}）`, en: `${t.saleableArea.en} (${label.en})` },
      formula: 'Σ (批准预售面积 − 已售面积)',
      inputs: [
        { name: '分段', value: boundsInput },
        ...ids[i]!.map((id, k) => ({ name: id, value: given(area[i]![k]!, 'sqm', t.saleableArea) })),
      ],
      profile: profileRef(profile),
      branch: t.rule,
    }),
    saleableUnits: derive({
      value: String(units[i]!),
      uom: 'dwelling',
      labels: { zh: `${t.saleableUnits.zh}（${label.zh}）`, en: `${t.saleableUnits.en} (${label.en})` },
      formula: 'Σ (批准预售套数 − 已售套数)',
      inputs: [{ name: '分段', value: boundsInput }],
      profile: profileRef(profile),
    }),
    projectIds: ids[i]!,
  }));
  return {
    asOf: input.asOf,
    buckets,
    pipelineNotApproved: {
      area: derive({
        value: sumDecimals(pipeArea),
        uom: 'sqm',
        labels: t.pipelineNotApproved,
        formula: 'Σ 规划面积',
        inputs: [],
      }),
      units: derive({ value: String(pipeUnits), uom: 'dwelling', labels: t.pipelineNotApproved, inputs: [] }),
    },
    landNotStarted: given(input.landSuppliedNotStartedHa ?? null, 'ha', t.landNotStarted),
    inconsistentProjectIds: inconsistent,
  };
}
