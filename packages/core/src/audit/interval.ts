/**
 * Exact interval arithmetic on rationals, the heart of "within the printed precision".
 *
 * A figure printed with d decimals stands for every true value that rounds to it: the closed interval
 * [v − ½·10⁻ᵈ, v + ½·10⁻ᵈ]. A check computes the interval its formula can reach from the intervals of its inputs
 * and flags the printed result only when its own interval does not meet that one. For a total of n parts that is
 * |printed − Σ parts| ≤ ½·10^−d(total) + Σ ½·10^−d(part): ±0.005 per summand (and for the total itself) when
 * everything is printed with 2 decimals — so 111.79 + 94.35 + 83.87 + 84.48 + 78.71 = 453.20 printed as 453.19
 * (003) is rounding, not an error. Closed intervals are deliberate: a value exactly on a rounding boundary could be
 * printed either way, and a false alarm costs more trust than a missed one-digit quibble.
 */
import { parseRational, rational, rationalToDecimal, type Rational } from '../quantity/decimal.js';

/** A closed interval [lo, hi] of exact rationals. */
export interface Interval {
  readonly lo: Rational;
  readonly hi: Rational;
}

export const ZERO: Rational = rational(0n);

export function ratAdd(a: Rational, b: Rational): Rational {
  return rational(a.p * b.q + b.p * a.q, a.q * b.q);
}
export function ratSub(a: Rational, b: Rational): Rational {
  return rational(a.p * b.q - b.p * a.q, a.q * b.q);
}
export function ratMul(a: Rational, b: Rational): Rational {
  return rational(a.p * b.p, a.q * b.q);
}
export function ratDiv(a: Rational, b: Rational): Rational {
  return rational(a.p * b.q, a.q * b.p);
}
export function ratCmp(a: Rational, b: Rational): -1 | 0 | 1 {
  const d = a.p * b.q - b.p * a.q;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
export function ratAbs(a: Rational): Rational {
  return a.p < 0n ? rational(-a.p, a.q) : a;
}
export function ratMin(...xs: Rational[]): Rational {
  return xs.reduce((m, x) => (ratCmp(x, m) < 0 ? x : m));
}
export function ratMax(...xs: Rational[]): Rational {
  return xs.reduce((m, x) => (ratCmp(x, m) > 0 ? x : m));
}
export function ratFrom(text: string): Rational {
  return parseRational(text);
}
/** Half a unit in the d-th decimal place: ½·10⁻ᵈ. */
export function halfUlp(decimals: number): Rational {
  return rational(1n, 2n * 10n ** BigInt(decimals));
}
/** One unit in the d-th decimal place: 10⁻ᵈ. */
export function ulp(decimals: number): Rational {
  return rational(1n, 10n ** BigInt(decimals));
}

export function point(r: Rational): Interval {
  return { lo: r, hi: r };
}
/** The values that round to `value` printed with `decimals` decimals. */
export function printedInterval(value: Rational, decimals: number): Interval {
  const h = halfUlp(decimals);
  return { lo: ratSub(value, h), hi: ratAdd(value, h) };
}
export function iAdd(a: Interval, b: Interval): Interval {
  return { lo: ratAdd(a.lo, b.lo), hi: ratAdd(a.hi, b.hi) };
}
export function iSub(a: Interval, b: Interval): Interval {
  return { lo: ratSub(a.lo, b.hi), hi: ratSub(a.hi, b.lo) };
}
export function iMul(a: Interval, b: Interval): Interval {
  const c = [ratMul(a.lo, b.lo), ratMul(a.lo, b.hi), ratMul(a.hi, b.lo), ratMul(a.hi, b.hi)];
  return { lo: ratMin(...c), hi: ratMax(...c) };
}
/** a ÷ b; undefined when b's interval contains zero (the quotient is unbounded). */
export function iDiv(a: Interval, b: Interval): Interval | undefined {
  if (ratCmp(b.lo, ZERO) <= 0 && ratCmp(b.hi, ZERO) >= 0) return undefined;
  return iMul(a, { lo: ratDiv(rational(1n), b.hi), hi: ratDiv(rational(1n), b.lo) });
}
export function iScale(a: Interval, f: Rational): Interval {
  return iMul(a, point(f));
}
export function iNeg(a: Interval): Interval {
  return { lo: rational(-a.hi.p, a.hi.q), hi: rational(-a.lo.p, a.lo.q) };
}
export function iOverlaps(a: Interval, b: Interval): boolean {
  return ratCmp(a.lo, b.hi) <= 0 && ratCmp(b.lo, a.hi) <= 0;
}
export function iContains(a: Interval, r: Rational): boolean {
  return ratCmp(a.lo, r) <= 0 && ratCmp(r, a.hi) <= 0;
}
export function iMid(a: Interval): Rational {
  return ratMul(ratAdd(a.lo, a.hi), rational(1n, 2n));
}
export function iIsPoint(a: Interval): boolean {
  return ratCmp(a.lo, a.hi) === 0;
}
/** The distance between two intervals (zero when they meet). */
export function iGap(a: Interval, b: Interval): Rational {
  if (ratCmp(a.hi, b.lo) < 0) return ratSub(b.lo, a.hi);
  if (ratCmp(b.hi, a.lo) < 0) return ratSub(a.lo, b.hi);
  return ZERO;
}

/** Rounds a rational half away from zero to `decimals` decimals and writes it canonically. */
export function roundRational(r: Rational, decimals: number): string {
  const scale = 10n ** BigInt(Math.max(0, decimals));
  const n = r.p * scale;
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let q = abs / r.q;
  if (2n * (abs % r.q) >= r.q) q += 1n;
  return rationalToDecimal(rational(neg ? -q : q, scale));
}

/** Rounds to `decimals` decimals and pads with zeros so it reads like the printed figure ("24.60"). */
export function formatFixed(r: Rational, decimals: number): string {
  const s = roundRational(r, decimals);
  if (decimals <= 0) return s;
  const [int, frac = ''] = s.split('.');
  return `${int}.${frac.padEnd(decimals, '0')}`;
}

/**
 * The one printed-figure rule (auditor and import): a figure printed with d decimals stands for v ± ½·10⁻ᵈ, except
 * an exact count (套, 户, 个, 宗, 处 printed without decimals), which stands for itself.
 */
export function figureInterval(value: Rational, decimals: number, exactCount: boolean): Interval {
  return exactCount && decimals === 0 ? point(value) : printedInterval(value, decimals);
}

/**
 * The one printed-total rule: 'ok' when the computed figure rounds to the printed one, 'within-precision' when
 * they differ only as far as the printed precision allows (the intervals meet), else 'mismatch'.
 */
export function precisionStatus(
  printed: { readonly value: Rational; readonly decimals: number; readonly interval: Interval },
  computed: Interval,
): 'ok' | 'within-precision' | 'mismatch' {
  if (formatFixed(iMid(computed), printed.decimals) === formatFixed(printed.value, printed.decimals)) return 'ok';
  return iOverlaps(printed.interval, computed) ? 'within-precision' : 'mismatch';
}

/**
 * A printed total against its printed parts (decimal strings as printed), by the one rule: what import's total
 * check calls.
 *
 * @example totalStatus('3.7', ['1.1', '1.2', '1.3'], false) // 'within-precision' (3.6 ± 0.15 meets 3.7 ± 0.05)
 */
export function totalStatus(
  total: string,
  parts: readonly string[],
  exactCount: boolean,
): 'ok' | 'within-precision' | 'mismatch' {
  const decimals = (t: string): number => t.split('.')[1]?.length ?? 0;
  const value = ratFrom(total);
  const sum = parts.reduce<Interval>(
    (acc, p) => iAdd(acc, figureInterval(ratFrom(p), decimals(p), exactCount)),
    point(ZERO),
  );
  return precisionStatus(
    { value, decimals: decimals(total), interval: figureInterval(value, decimals(total), exactCount) },
    sum,
  );
}

/** How far a figure printed with 约 / 左右 may be from what it approximates: ±5 % (stated in every such check). */
export const APPROX_RELATIVE: Rational = rational(5n, 100n);

/** The interval an approximate figure ("约1800") stands for: ±5 %, or its printed precision when wider. */
export function approxInterval(value: Rational, decimals: number): Interval {
  const p = printedInterval(value, decimals);
  const d = ratMul(ratAbs(value), APPROX_RELATIVE);
  return { lo: ratMin(p.lo, ratSub(value, d)), hi: ratMax(p.hi, ratAdd(value, d)) };
}
