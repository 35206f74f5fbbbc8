/**
 * Rounding of exact decimal strings to a fixed number of decimal places (half away from zero), the way the seeds
 * print their figures (万㎡ and 公顷 to two places, 套 to whole units). Kept here because whole-unit rounding is the
 * plans' business; forecast and linkage use it to print the same way.
 */
import { parseRational, rationalToDecimal, rational } from '../quantity/decimal.js';

/**
 * Rounds a decimal string to `places` decimal places, half away from zero.
 *
 * @example roundToPlaces('90.545454', 2) // → '90.55'; roundToPlaces('-2.5', 0) // → '-3'
 */
export function roundToPlaces(value: string, places: number): string {
  if (!Number.isInteger(places) || places < 0) throw new RangeError(`places must be a whole number, got ${places}`);
  const r = parseRational(value);
  const scale = 10n ** BigInt(places);
  const num = r.p * scale;
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = abs / r.q;
  const rem = abs % r.q;
  const rounded = 2n * rem >= r.q ? q + 1n : q;
  return rationalToDecimal(rational(neg ? -rounded : rounded, scale));
}

/** Rounds down (towards minus infinity) to `places` decimal places. */
export function floorDecimal(value: string, places: number): string {
  const r = parseRational(value);
  const scale = 10n ** BigInt(places);
  const num = r.p * scale;
  let q = num / r.q;
  if (num % r.q !== 0n && num < 0n) q -= 1n;
  return rationalToDecimal(rational(q, scale));
}

/** The quantum `10^-places` as a decimal string ('0.01' for 2). */
export function quantumOf(places: number): string {
  return places === 0 ? '1' : `0.${'0'.repeat(places - 1)}1`;
}
