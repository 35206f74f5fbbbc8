/**
 * The part of a policy profile the market monitor reads, and small helpers shared by the market modules: the
 * profile reference every result cites, month arithmetic on period codes, and rounding for display.
 */
import { parseRational } from '../quantity/decimal.js';
import { periodOf, type Period } from '../period/period.js';
import type { EffectivePolicyProfile } from '../profile/profile-schema.js';
import type { SourceRef } from '../provenance/explained.js';

/** What `core/market` needs of an effective profile (a resolved profile satisfies it). */
export type MarketProfile = Pick<
  EffectivePolicyProfile,
  'id' | 'version' | 'destocking' | 'priceCaps' | 'warningRules'
>;

/** `{ id, version }` of a profile, as cited by every result that used it. */
export function profileRef(profile: Pick<EffectivePolicyProfile, 'id' | 'version'>): { id: string; version: string } {
  return { id: profile.id, version: profile.version };
}

/** A profile parameter as a provenance source. */
export function parameterSource(
  profile: Pick<EffectivePolicyProfile, 'id' | 'version'>,
  path: string,
): Extract<SourceRef, { kind: 'parameter' }> {
  return { kind: 'parameter', profileId: profile.id, profileVersion: profile.version, path };
}

/** One value of a series: a period code, an exact decimal string and, ideally, where it came from. */
export interface SeriesValue {
  readonly period: string;
  readonly value: string;
  readonly source?: SourceRef;
}

/** Month index (year × 12 + month − 1) of a period's first month. */
export function startMonthIndex(p: Period): number {
  return p.startYear * 12 + p.startMonth - 1;
}

/** Month index of a period's last month. */
export function endMonthIndex(p: Period): number {
  return p.endYear * 12 + p.endMonth - 1;
}

/** Number of months a period spans (month 1, quarter 3, year 12). */
export function monthsSpanned(code: string): number {
  const p = periodOf(code);
  return endMonthIndex(p) - startMonthIndex(p) + 1;
}

/**
 * A JS number from a profile as an exact decimal string (0.04 → "0.04"). Profile numbers are written in YAML as
 * short decimals, so their shortest round-trip form is the number the city wrote.
 */
export function numberToDecimal(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Not a finite number: ${n}`);
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(20).replace(/\.?0+$/, '') : text;
}

/**
 * Rounds a decimal string half away from zero to `places` decimal places, for display only (classification and
 * warnings always compare the exact value): roundDecimal('24.637', 1) → '24.6', roundDecimal('-0.05', 1) → '-0.1'.
 */
export function roundDecimal(value: string, places: number): string {
  const r = parseRational(value);
  const scale = 10n ** BigInt(places);
  const num = r.p * scale;
  const neg = num < 0n;
  const abs = neg ? -num : num;
  let q = abs / r.q;
  if ((abs % r.q) * 2n >= r.q) q += 1n;
  const digits = q.toString().padStart(places + 1, '0');
  const intPart = places === 0 ? digits : digits.slice(0, -places);
  const fracPart = places === 0 ? '' : digits.slice(-places);
  const text = fracPart === '' ? intPart : `${intPart}.${fracPart}`;
  return neg && q !== 0n ? `-${text}` : text;
}
