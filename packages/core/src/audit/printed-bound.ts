/**
 * Bounds and ranges as printed values (issue 16 item 3): "不低于70", "20%以上", "≤5", "2861—3461", "约1000—1200",
 * "一半以上" — read as a constraint on the figure they stand for, so a computed figure can be checked against it.
 */
import { rational, rationalToDecimal, type Rational } from '../quantity/decimal.js';
import { printedInterval, ratCmp, ratFrom, type Interval } from './interval.js';

export interface PrintedBound {
  /** Lower limit (undefined: none). */
  readonly lo?: Rational;
  readonly loStrict: boolean;
  readonly hi?: Rational;
  readonly hiStrict: boolean;
  readonly percent: boolean;
  readonly kind: 'lower' | 'upper' | 'range';
  /** Decimals printed (the most of its figures). */
  readonly decimals: number;
  /** Chinese and English description ("下限 70", "lower bound 70"). */
  readonly zh: string;
  readonly en: string;
}

const NUM = '(\\d+(?:\\.\\d+)?)';
const LOWER_PREFIX = /^(不低于|不少于|不小于|至少|≥|>=|超过|多于|高于|大于|>)/;
const UPPER_PREFIX = /^(不高于|不超过|不大于|至多|≤|<=|少于|低于|小于|<)/;
const LOWER_SUFFIX = /(以上|及以上)$/;
const UPPER_SUFFIX = /(以下|及以下|以内)$/;
const STRICT = /^(超过|多于|高于|大于|>|少于|低于|小于|<)$/;

function decimalsIn(v: string): number {
  return v.split('.')[1]?.length ?? 0;
}

/**
 * Reads a printed bound or range; undefined for anything else (plain numbers included).
 *
 * @example parsePrintedBound('不低于70') // { lo: 70, loStrict: false, kind: 'lower', … }
 */
export function parsePrintedBound(text: string): PrintedBound | undefined {
  let t = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^(大约|约)/, '');
  if (/^(一半|半数)以上$/.test(t)) {
    return {
      decimals: 0,
      lo: ratFrom('50'),
      loStrict: false,
      hiStrict: false,
      percent: true,
      kind: 'lower',
      zh: '一半以上（≥50%）',
      en: 'more than half (≥ 50 %)',
    };
  }
  const range = new RegExp(`^${NUM}(%?)(?:[—–～~]+|-|至|到)${NUM}(%?)$`).exec(t);
  if (range !== null) {
    const [, a = '', pa = '', b = '', pb = ''] = range;
    const percent = pa === '%' || pb === '%';
    return {
      decimals: Math.max(decimalsIn(a), decimalsIn(b)),
      lo: ratFrom(a),
      loStrict: false,
      hi: ratFrom(b),
      hiStrict: false,
      percent,
      kind: 'range',
      zh: `范围 ${a}—${b}${percent ? '%' : ''}`,
      en: `range ${a}–${b}${percent ? ' %' : ''}`,
    };
  }
  let lower: string | undefined;
  let upper: string | undefined;
  let m = LOWER_PREFIX.exec(t);
  if (m !== null) {
    lower = m[1];
    t = t.slice(m[0].length);
  } else if ((m = UPPER_PREFIX.exec(t)) !== null) {
    upper = m[1];
    t = t.slice(m[0].length);
  } else if ((m = LOWER_SUFFIX.exec(t)) !== null) {
    lower = m[1];
    t = t.slice(0, m.index);
  } else if ((m = UPPER_SUFFIX.exec(t)) !== null) {
    upper = m[1];
    t = t.slice(0, m.index);
  } else return undefined;
  const n = new RegExp(`^${NUM}(%?)$`).exec(t);
  if (n === null) return undefined;
  const [, v = '', pc = ''] = n;
  const percent = pc === '%';
  const shown = `${v}${percent ? '%' : ''}`;
  if (lower !== undefined) {
    const strict = STRICT.test(lower);
    return {
      decimals: decimalsIn(v),
      lo: ratFrom(v),
      loStrict: strict,
      hiStrict: false,
      percent,
      kind: 'lower',
      zh: `下限 ${strict ? '>' : '≥'}${shown}`,
      en: `lower bound ${strict ? '>' : '≥'} ${shown}`,
    };
  }
  const strict = STRICT.test(upper ?? '');
  return {
    decimals: decimalsIn(v),
    hi: ratFrom(v),
    hiStrict: strict,
    loStrict: false,
    percent,
    kind: 'upper',
    zh: `上限 ${strict ? '<' : '≤'}${shown}`,
    en: `upper bound ${strict ? '<' : '≤'} ${shown}`,
  };
}

/**
 * Whether a computed figure meets a printed bound: 'ok' when its whole interval does, 'within-precision' when
 * only part of it does (rounding could go either way), 'mismatch' when none of it does. The bound's own figures
 * stand for what rounds to them, as every printed figure does.
 */
export function boundStatus(
  bound: PrintedBound,
  computed: Interval,
  decimals: number,
): 'ok' | 'within-precision' | 'mismatch' {
  const lo = bound.lo === undefined ? undefined : printedInterval(bound.lo, decimals);
  const hi = bound.hi === undefined ? undefined : printedInterval(bound.hi, decimals);
  // all of the computed interval inside the bound
  const allIn =
    (bound.lo === undefined ||
      (bound.loStrict ? ratCmp(computed.lo, bound.lo) > 0 : ratCmp(computed.lo, bound.lo) >= 0)) &&
    (bound.hi === undefined ||
      (bound.hiStrict ? ratCmp(computed.hi, bound.hi) < 0 : ratCmp(computed.hi, bound.hi) <= 0));
  if (allIn) return 'ok';
  // some of it inside the bound, with the bound's own rounding
  const someIn =
    (lo === undefined || ratCmp(computed.hi, lo.lo) >= 0) && (hi === undefined || ratCmp(computed.lo, hi.hi) <= 0);
  return someIn ? 'within-precision' : 'mismatch';
}

/** A target printed as a multiple of a base: 翻一番 ×2, 翻两番 ×4, 翻三番 ×8. */
export interface PrintedMultiple {
  readonly factor: bigint;
  readonly zh: string;
  readonly en: string;
}

const DOUBLINGS: Readonly<Record<string, bigint>> = { 一: 2n, 两: 4n, 二: 4n, 三: 8n };

/**
 * Reads "翻一番" (doubling, ×2), "翻两番" / "翻二番" (×4), "翻三番" (×8), optionally with 实现 / 力争 before or
 * 以上 after; undefined for anything else.
 */
export function parsePrintedMultiple(text: string): PrintedMultiple | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const m = /^(?:实现|力争|基本)?翻([一两二三])番(?:以上)?$/.exec(t);
  const factor = m === null ? undefined : DOUBLINGS[m[1] ?? ''];
  if (factor === undefined) return undefined;
  return { factor, zh: `${t}（×${factor}）`, en: `${t} (×${factor})` };
}

/**
 * A multiple of a base as a bound: "翻一番" over a base of 10 is met by anything reaching 2 × 10 = 20 (a doubling
 * target is reached, not a ceiling), in the base's printed precision.
 */
export function multipleBound(
  m: PrintedMultiple,
  base: Rational,
  baseDecimals: number,
  baseName: string,
): PrintedBound {
  const lo = rational(base.p * m.factor, base.q);
  const shown = rationalToDecimal(lo);
  return {
    decimals: baseDecimals,
    lo,
    loStrict: false,
    hiStrict: false,
    percent: false,
    kind: 'lower',
    zh: `${m.zh}：基数 ${baseName} × ${m.factor} = ${shown}，下限 ≥${shown}`,
    en: `${m.en}: base ${baseName} × ${m.factor} = ${shown}, lower bound ≥ ${shown}`,
  };
}
