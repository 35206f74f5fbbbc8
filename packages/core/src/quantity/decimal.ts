/**
 * Exact decimal arithmetic on decimal strings, done with BigInt so that sums never drift (0.1 added ten times is
 * exactly "1") and unit factors that do not terminate in base ten (1 亩 = 2000/3 平方米) stay exact as fractions.
 *
 * Values travel as canonical decimal strings: no exponent, no trailing zeros, no leading zeros, "0" never signed
 * ("1234.5", "-0.07", "0"). Only division can produce a non-terminating result; it is then rounded half away from
 * zero to a number of significant digits (20 by default, the same default as decimal.js).
 */

/** Thrown when a string is not a decimal number. */
export class DecimalParseError extends Error {
  override readonly name = 'DecimalParseError';
  constructor(readonly input: string) {
    super(`Not a decimal number: "${input}"`);
  }
}

/** An exact rational p/q with q > 0, in lowest terms. */
export interface Rational {
  readonly p: bigint;
  readonly q: bigint;
}

/** Default significant digits kept when a division does not terminate. */
export const DEFAULT_SIGNIFICANT_DIGITS = 20;

const DECIMAL_RE = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;
const FRACTION_RE = /^([+-]?\d+)\/(\d+)$/;

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function pow10(k: number): bigint {
  return 10n ** BigInt(k);
}

/** Builds a rational in lowest terms. */
export function rational(p: bigint, q: bigint = 1n): Rational {
  if (q === 0n) throw new RangeError('Division by zero');
  const sign = q < 0n ? -1n : 1n;
  const g = gcd(p, q) || 1n;
  return { p: (sign * p) / g, q: (sign * q) / g };
}

/**
 * Parses a decimal string ("12.5", "-0.07", ".5", "1e3") or a fraction ("2000/3") into an exact rational; throws
 * DecimalParseError otherwise.
 */
export function parseRational(text: string): Rational {
  const t = text.trim();
  const frac = FRACTION_RE.exec(t);
  if (frac !== null) return rational(BigInt(frac[1] ?? '0'), BigInt(frac[2] ?? '1'));
  const m = DECIMAL_RE.exec(t);
  if (m === null) throw new DecimalParseError(text);
  const [, sign, intPart, fracA, fracB, exp] = m;
  const fracDigits = fracA ?? fracB ?? '';
  let digits = BigInt(`${intPart ?? '0'}${fracDigits}`);
  if (sign === '-') digits = -digits;
  const scale = fracDigits.length - Number(exp ?? '0');
  return scale >= 0 ? rational(digits, pow10(scale)) : rational(digits * pow10(-scale));
}

/** True when the text is a decimal number parseRational accepts (fractions excluded). */
export function isDecimalString(text: string): boolean {
  return DECIMAL_RE.test(text.trim());
}

function digitsWithScale(n: bigint, scale: number): string {
  const neg = n < 0n;
  let s = (neg ? -n : n).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`.replace(/\.?0+$/, '');
  }
  return s === '0' ? '0' : neg ? `-${s}` : s;
}

function divRoundHalfUp(a: bigint, b: bigint): bigint {
  // b > 0; rounds a / b half away from zero.
  const neg = a < 0n;
  const abs = neg ? -a : a;
  const q = abs / b;
  const r = abs % b;
  const rounded = 2n * r >= b ? q + 1n : q;
  return neg ? -rounded : rounded;
}

/**
 * Writes a rational as a canonical decimal string: exact when it terminates, otherwise rounded half away from zero
 * to `significantDigits` significant digits.
 */
export function rationalToDecimal(r: Rational, significantDigits: number = DEFAULT_SIGNIFICANT_DIGITS): string {
  if (r.p === 0n) return '0';
  let rest = r.q;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos++;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives++;
  }
  if (rest === 1n) {
    const scale = Math.max(twos, fives);
    return digitsWithScale((r.p * pow10(scale)) / r.q, scale);
  }
  if (!Number.isInteger(significantDigits) || significantDigits < 1) {
    throw new RangeError(`significantDigits must be a positive integer, got ${significantDigits}`);
  }
  const absP = r.p < 0n ? -r.p : r.p;
  // Choose scale e so that |p| * 10^e / q has exactly `significantDigits` integer digits.
  let e = significantDigits - (absP.toString().length - r.q.toString().length) - 1;
  const scaled = (k: number): bigint => (k >= 0 ? (absP * pow10(k)) / r.q : absP / (r.q * pow10(-k)));
  while (scaled(e) >= pow10(significantDigits)) e--;
  while (scaled(e) < pow10(significantDigits - 1)) e++;
  const signedP = r.p;
  const m = e >= 0 ? divRoundHalfUp(signedP * pow10(e), r.q) : divRoundHalfUp(signedP, r.q * pow10(-e));
  return e >= 0 ? digitsWithScale(m, e) : digitsWithScale(m * pow10(-e), 0);
}

/** Canonical form of a decimal string: no exponent, no trailing or leading zeros, "-0" → "0" ("1.2300" → "1.23"). */
export function normaliseDecimal(text: string): string {
  if (!isDecimalString(text)) throw new DecimalParseError(text);
  return rationalToDecimal(parseRational(text));
}

function add(a: Rational, b: Rational): Rational {
  return rational(a.p * b.q + b.p * a.q, a.q * b.q);
}

/** Exact sum of decimal strings; "0" for an empty list (0.1 ten times gives "1"). */
export function sumDecimals(values: readonly string[]): string {
  let acc = rational(0n);
  for (const v of values) acc = add(acc, parseDecimalStrict(v));
  return rationalToDecimal(acc);
}

/** Exact difference a − b of two decimal strings. */
export function subtractDecimals(a: string, b: string): string {
  const y = parseDecimalStrict(b);
  return rationalToDecimal(add(parseDecimalStrict(a), rational(-y.p, y.q)));
}

/** Exact product of two decimal strings. */
export function multiplyDecimals(a: string, b: string): string {
  const x = parseDecimalStrict(a);
  const y = parseDecimalStrict(b);
  return rationalToDecimal(rational(x.p * y.p, x.q * y.q));
}

/**
 * Quotient a ÷ b: exact when it terminates, otherwise rounded to `significantDigits` (divideDecimals('1', '3') is
 * "0.33333333333333333333"); throws RangeError when b is zero.
 */
export function divideDecimals(a: string, b: string, significantDigits: number = DEFAULT_SIGNIFICANT_DIGITS): string {
  const x = parseDecimalStrict(a);
  const y = parseDecimalStrict(b);
  if (y.p === 0n) throw new RangeError('Division by zero');
  return rationalToDecimal(rational(x.p * y.q, x.q * y.p), significantDigits);
}

/** Compares two decimal strings numerically: −1, 0 or 1. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = parseDecimalStrict(a);
  const y = parseDecimalStrict(b);
  const d = x.p * y.q - y.p * x.q;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** True when two decimal strings denote the same number ("1.50" and "1.5"). */
export function decimalEquals(a: string, b: string): boolean {
  return compareDecimals(a, b) === 0;
}

function parseDecimalStrict(text: string): Rational {
  if (!isDecimalString(text)) throw new DecimalParseError(text);
  return parseRational(text);
}
