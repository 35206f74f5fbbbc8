/**
 * What the auditor reports for one printed figure that does not agree with what it is made of, the likely cause,
 * and the Chinese-first wording.
 */
import { rational, rationalToDecimal, type Rational } from '../quantity/decimal.js';
import {
  formatFixed,
  roundRational,
  iGap,
  iMid,
  iOverlaps,
  iScale,
  iSub,
  iAdd,
  ratCmp,
  ratMul,
  ratSub,
  ratAbs,
  ratDiv,
  ulp,
  figureInterval,
  ratFrom,
  type Interval,
} from './interval.js';
import type { PrintedNumber } from './printed-number.js';

export type FindingKind =
  | 'total'
  | 'share'
  | 'share-sum'
  | 'derived'
  | 'unit'
  | 'cross-table'
  /** 其中 lines against their parent: each ≤ it, together ≤ it. */
  | 'subset'
  /** A figure that looks damaged in publication (".35", digits lost). */
  | 'garbled';

export type FindingCause =
  | 'rounding'
  | 'coarse-rounding'
  | 'unit-scale'
  | 'transposed-digits'
  | 'part-omitted'
  | 'part-twice'
  | 'share-sum'
  | 'unit-label'
  | 'unit-missing-wan'
  | 'definition'
  | 'subset-exceeds'
  | 'garbled'
  | 'unexplained';

/** Another printed (or computed) figure a finding refers to. */
export interface FindingRef {
  readonly tableId: string;
  readonly tableTitle: string;
  /** '' for a computed figure (e.g. the sum of a column). */
  readonly address: string;
  readonly printed: string;
  readonly label: string;
  /** Whether this figure agrees with the flagged one. */
  readonly agrees: boolean;
}

export interface AuditFinding {
  readonly kind: FindingKind;
  readonly cause: FindingCause;
  readonly tableId: string;
  readonly tableTitle: string;
  /** The flagged cell: address, file row, column letter, and figure number when the cell was split. */
  readonly address: string;
  readonly row: number;
  readonly column: string;
  readonly part?: number;
  readonly rowLabel: string;
  readonly columnLabel: string;
  /** The cell as printed. */
  readonly printed: string;
  /** What its parts give (rounded for display); absent for pure unit findings. */
  readonly computed?: string;
  /** printed − computed. */
  readonly difference?: string;
  /** How far apart they may be from printed precision alone. */
  readonly tolerance?: string;
  /** Addresses of the cells used. */
  readonly inputs?: readonly string[];
  readonly formula?: string;
  /** Scale factor for a unit-scale cause (printed ≈ computed × factor). */
  readonly factor?: string;
  readonly related?: readonly FindingRef[];
  readonly messageZh: string;
  readonly messageEn: string;
  readonly causeZh: string;
  readonly causeEn: string;
}

/** The status of one check, for marking the table. */
export interface AuditCheck {
  readonly kind: FindingKind;
  readonly tableId: string;
  readonly address: string;
  readonly status: 'ok' | 'within-precision' | 'mismatch';
  /** The printed figures the check read besides the checked one (a share set names its shares). */
  readonly inputs?: readonly string[];
  /** What was checked, for a bound or range: "下限 ≥70：按 … 算得 70.91，满足". */
  readonly noteZh?: string;
  readonly noteEn?: string;
}

export interface CauseGuess {
  readonly cause: FindingCause;
  readonly factor?: Rational;
  /** For transposed digits: the figure a swap gives. */
  readonly swapped?: string;
  /** For a garbled total: printed ÷ computed (≥ 10 or ≤ 1/10). */
  readonly ratio?: Rational;
  /** For a part omitted or counted twice: that part's address and value. */
  readonly part?: { readonly address: string; readonly printed: string };
}

const BIG_SCALES = [10000n, 100000000n];
const SMALL_SCALES = [10n, 100n, 1000n];

function scaleGuess(P: Interval, C: Interval, factors: readonly bigint[]): CauseGuess | undefined {
  for (const f of factors) {
    if (iOverlaps(P, iScale(C, rational(f)))) return { cause: 'unit-scale', factor: rational(f) };
    if (iOverlaps(iScale(P, rational(f)), C)) return { cause: 'unit-scale', factor: rational(1n, f) };
  }
  return undefined;
}

/**
 * A total far from its parts' magnitude (issue 16 item 4): the printed total and the sum of its parts differ by a
 * factor of 10 or more either way — digits or a decimal point lost in publication ("1.2" for 120, "12" for 1203) —
 * and neither a ×10⁴ / ×10⁸ unit slip (its own cause) nor one part left out or counted twice explains it. Both
 * figures must be positive (a zero or a sign change is no lost digit). Returns printed ÷ computed, else undefined.
 */
export function garbledMagnitude(
  P: Interval,
  C: Interval,
  parts: readonly { readonly interval: Interval }[] = [],
): Rational | undefined {
  const zero = rational(0n);
  const p = iMid(P);
  const c = iMid(C);
  if (ratCmp(p, zero) <= 0 || ratCmp(c, zero) <= 0) return undefined;
  const r = ratDiv(p, c);
  if (ratCmp(r, rational(10n)) < 0 && ratCmp(r, rational(1n, 10n)) > 0) return undefined;
  if (scaleGuess(P, C, BIG_SCALES) !== undefined) return undefined;
  for (const part of parts)
    if (iOverlaps(P, iSub(C, part.interval)) || iOverlaps(P, iAdd(C, part.interval))) return undefined;
  return r;
}

/**
 * Import's form of `garbledMagnitude`: a printed total against its printed parts (decimal strings), with the
 * one rule's intervals (an exact count printed whole is exact).
 */
export function totalGarbled(total: string, parts: readonly string[], exactCount: boolean): boolean {
  const decimals = (t: string): number => t.split('.')[1]?.length ?? 0;
  const interval = (t: string): Interval => figureInterval(ratFrom(t), decimals(t), exactCount);
  const partIntervals = parts.map((p) => ({ interval: interval(p) }));
  const sum = partIntervals.reduce<Interval>((a, p) => iAdd(a, p.interval), {
    lo: rational(0n),
    hi: rational(0n),
  });
  return garbledMagnitude(interval(total), sum, partIntervals) !== undefined;
}

/** The two strings differ by one swap of two digits. */
function swapOf(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length !== 2) return false;
  const [i = 0, j = 0] = diff;
  return /\d/.test(a[i] ?? '') && a[i] === b[j] && a[j] === b[i];
}

/**
 * Guesses why a printed figure differs from what its inputs give: a wrong unit or magnitude (×10000 万, ×10⁸
 * 亿, or a shifted decimal point), two digits swapped (the difference is then a multiple of 9 in the last printed
 * place and swapping them back gives the computed figure), a part left out of or counted twice in a total,
 * rounding a little beyond the printed precision (the gap is at most one unit of the last printed digit and
 * 1 % of the figure, or — for a derived or repeated figure — 0.1 % of it), a
 * round figure (16600 style, "约"), a derived figure computed another way, or nothing simple.
 */
export function guessCause(
  printed: PrintedNumber,
  P: Interval,
  C: Interval,
  kind: FindingKind,
  parts: readonly { readonly address: string; readonly printed: string; readonly interval: Interval }[] = [],
  options: { readonly nominal?: Rational } = {},
): CauseGuess {
  const big = scaleGuess(P, C, BIG_SCALES);
  if (big !== undefined) return big;
  const d = printed.decimals;
  const mid = iMid(C);
  const nominal = options.nominal ?? mid;
  const a = formatFixed(printed.value, d);
  const b = formatFixed(nominal, d);
  if (swapOf(a, b)) return { cause: 'transposed-digits', swapped: b };
  for (const part of parts) {
    if (ratCmp(part.interval.lo, rational(0n)) === 0 && ratCmp(part.interval.hi, rational(0n)) === 0) continue;
    if (iOverlaps(P, iSub(C, part.interval))) return { cause: 'part-omitted', part };
    if (iOverlaps(P, iAdd(C, part.interval))) return { cause: 'part-twice', part };
  }
  if (kind === 'total') {
    const ratio = garbledMagnitude(P, C, parts);
    if (ratio !== undefined) return { cause: 'garbled', ratio };
  }
  const gap = iGap(P, C);
  const relative = ratCmp(mid, rational(0n)) === 0 ? undefined : ratDiv(gap, ratAbs(mid));
  const within = (limit: Rational): boolean => relative !== undefined && ratCmp(relative, limit) <= 0;
  if ((ratCmp(gap, ulp(d)) <= 0 && within(rational(1n, 100n))) || (kind !== 'total' && within(rational(1n, 1000n))))
    return { cause: 'rounding' };
  const small = scaleGuess(P, C, SMALL_SCALES);
  if (small !== undefined) return small;
  if (d === 0 && printed.value.q === 1n) {
    const digits = (printed.value.p < 0n ? -printed.value.p : printed.value.p).toString();
    const zeros = digits.length - digits.replace(/0+$/, '').length;
    if (zeros >= 2 && digits !== '0') {
      const half = rational(5n * 10n ** BigInt(zeros - 1));
      if (ratCmp(ratAbs(ratSub(printed.value, mid)), half) <= 0) return { cause: 'coarse-rounding' };
    }
  }
  if (kind === 'derived') return { cause: 'definition' };
  return { cause: 'unexplained' };
}

function factorText(f: Rational): string {
  return f.q === 1n ? `×${f.p}` : `÷${f.q}`;
}

/** The cause in Chinese and English. */
export function causeText(g: CauseGuess, printedText: string): { zh: string; en: string } {
  switch (g.cause) {
    case 'rounding':
      return { zh: '舍入差超出印出精度', en: 'rounding beyond the printed precision' };
    case 'coarse-rounding':
      return { zh: '印的是取整后的概数', en: 'printed as a round figure' };
    case 'unit-scale': {
      const f = g.factor ?? rational(1n);
      const n = f.q === 1n ? f.p : f.q;
      const wan = n === 10000n ? '，即“万”' : n === 100000000n ? '，即“亿”' : '';
      const wanEn = n === 10000n ? ' — 万, 10⁴' : n === 100000000n ? ' — 亿, 10⁸' : '';
      return {
        zh: `单位或数量级错误：印出值约为应有值的 ${factorText(f)}${wan}`,
        en: `wrong unit or magnitude: the printed figure is the expected one ${factorText(f)}${wanEn}`,
      };
    }
    case 'transposed-digits':
      return {
        zh: `数字颠倒：${printedText} 互换两位数字即为 ${g.swapped ?? ''}（差额是末位单位的 9 的倍数）`,
        en: `transposed digits: swapping two digits of ${printedText} gives ${g.swapped ?? ''} (the difference is a multiple of 9)`,
      };
    case 'part-omitted':
      return {
        zh: `合计漏计了一项：差额等于 ${g.part?.address ?? ''} 的 ${g.part?.printed ?? ''}`,
        en: `a part was left out: the difference equals ${g.part?.printed ?? ''} in ${g.part?.address ?? ''}`,
      };
    case 'part-twice':
      return {
        zh: `合计重复计入了一项：差额等于 ${g.part?.address ?? ''} 的 ${g.part?.printed ?? ''}`,
        en: `a part was counted twice: the difference equals ${g.part?.printed ?? ''} in ${g.part?.address ?? ''}`,
      };
    case 'share-sum':
      return { zh: '各项占比之和不是 100%', en: 'the shares do not add up to 100 %' };
    case 'unit-label':
      return { zh: '单位与数值不符', en: 'the unit label contradicts the figure' };
    case 'unit-missing-wan':
      return { zh: '单位疑漏写“万”', en: 'the unit probably lacks 万 (10⁴)' };
    case 'definition':
      return {
        zh: '与所声明的公式口径不同（或计算有误）',
        en: 'computed on another basis than the declared formula (or miscalculated)',
      };
    case 'subset-exceeds':
      return { zh: '“其中”大于其所属的数', en: 'an "of which" figure exceeds the figure it is part of' };
    case 'garbled': {
      if (g.ratio !== undefined) {
        const r = ratCmp(g.ratio, rational(1n)) >= 0 ? g.ratio : ratDiv(rational(1n), g.ratio);
        const n = roundRational(r, 0);
        return {
          zh: `合计与分项之和的数量级不符：相差约 ${n} 倍（不是“万”“亿”之差），疑为发布时数字残缺（丢失数位或小数点），请查原件`,
          en: `the total and the sum of its parts differ in magnitude, by a factor of about ${n} (not 万 or 亿): digits or a decimal point were probably lost in publication — check the original`,
        };
      }
      return {
        zh: '数字疑在发布时残缺（如小数点前的数字丢失）',
        en: 'the figure looks damaged in publication (digits lost)',
      };
    }
    case 'unexplained':
      return { zh: '原因不明：分项或合计有一处印错', en: 'no simple explanation: a part or the total is misprinted' };
  }
}

/** Writes a rational for a message: exact when short, else rounded to `decimals`. */
export function showNumber(r: Rational, decimals: number): string {
  const exact = rationalToDecimal(r);
  const [, frac = ''] = exact.split('.');
  return frac.length <= decimals ? exact : roundRational(r, decimals);
}

/** Half the widths of two intervals: how far apart their printed midpoints may be from rounding alone. */
export function toleranceOf(P: Interval, C: Interval): Rational {
  const half = (i: Interval) => ratMul(ratSub(i.hi, i.lo), rational(1n, 2n));
  const a = half(P);
  const b = half(C);
  return rational(a.p * b.q + b.p * a.q, a.q * b.q);
}
