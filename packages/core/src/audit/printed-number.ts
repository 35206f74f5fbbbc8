/**
 * Reading a figure as a planning document prints it: "453.19", "1,234", "23.5%", "50.7 m ²", "690 万 m ²", "[520]"
 * (002's five-year cumulative), "约1.06" — keeping how many decimals were printed, which is what the auditor's
 * tolerance is made of, and the unit written in the cell when there is one.
 */
import { lastBracketGroup } from '../intake/header.js';
import { rational, type Rational } from '../quantity/decimal.js';
import { parseUomLabel, UNITS } from '../quantity/unit-of-measure.js';
import { printedInterval, ratFrom, ratMul, type Interval } from './interval.js';

/** A printed figure. */
export interface PrintedNumber {
  /** The value in the printed unit, as an exact rational. */
  readonly value: Rational;
  /** Decimals as printed ("3448.00" → 2, "16600" → 0). */
  readonly decimals: number;
  /** The unit written in the cell itself ("m ²", "万 m ²", "套"), '' when none. */
  readonly unitText: string;
  readonly percent: boolean;
  /** Printed in [ ] (002: five-year cumulative value). */
  readonly bracketed: boolean;
  /** Printed after 约 (about). */
  readonly approximate: boolean;
}

/** Text that stands for "nothing printed here" in Chinese tables. */
const BLANK = /^(|-+|—+|–+|－+|\/|…+|\.\.\.|无|空)$/;

/** True when a cell prints no figure: blank, "-", "--", "——", "/". */
export function isBlankPrinted(text: string): boolean {
  return BLANK.test(text.normalize('NFKC').replace(/\s+/g, ''));
}

const NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(.*)$/;

/**
 * Parses a printed figure; undefined for blanks, text, ranges ("29.75-36.75") and anything with a trailing word
 * that is not a unit.
 *
 * @example parsePrintedNumber('4092.44 m ²') // { value: 409244/100, decimals: 2, unitText: 'm ²', … }
 */
export function parsePrintedNumber(text: string): PrintedNumber | undefined {
  let t = text.normalize('NFKC').trim();
  let approximate = false;
  let bracketed = false;
  if (t.startsWith('约')) {
    approximate = true;
    t = t.slice(1).trim();
  }
  const br = /^\[\s*(.*?)\s*\]$/.exec(t);
  if (br !== null) {
    bracketed = true;
    t = br[1] ?? '';
  }
  const m = NUMBER.exec(t);
  if (m === null) return undefined;
  const [, sign = '', intPart = '', frac, rest = ''] = m;
  const suffix = rest.trim();
  let percent = false;
  let unitText = '';
  if (suffix === '%') percent = true;
  else if (suffix !== '') {
    if (auditUnitOf(suffix) === undefined) return undefined;
    unitText = suffix;
  }
  const digits = `${sign}${intPart.replace(/,/g, '')}${frac === undefined ? '' : `.${frac}`}`;
  return { value: ratFrom(digits), decimals: frac?.length ?? 0, unitText, percent, bracketed, approximate };
}

/** The interval a printed figure stands for, in its printed unit. */
export function numberInterval(n: PrintedNumber): Interval {
  return printedInterval(n.value, n.decimals);
}

/** A unit as the auditor needs it: what it measures, its exact factor to the base unit, and whether it counts. */
export interface AuditUnit {
  /** As written, tidied ("万平方米", "套"). */
  readonly label: string;
  readonly dimension: string;
  /** Value in base unit = value × factor. */
  readonly factor: Rational;
  /** Whole things (套, 户, 个, 间, 人, 栋): a value in this unit cannot have decimals. */
  readonly integral: boolean;
  /**
   * Counted one by one (套, 户, 个, 宗, 处, 间, 栋 — not 人, which plans round): printed without decimals, such a
   * figure is exact, so its total must add up exactly.
   */
  readonly exact: boolean;
}

const EXACT_CODES = new Set(['dwelling', 'household', 'count', 'building']);

/**
 * Whether a whole figure in this unit of measure is exact (套, 户, 个, 宗, 处, 栋) rather than rounded (人, areas,
 * money): the one precision rule import and the auditor share.
 */
export function isExactCountUom(code: string): boolean {
  return EXACT_CODES.has(code);
}

const INTEGRAL_CODES = new Set(['dwelling', 'person', 'household', 'count', 'building']);

/** Units the shared catalogue does not list but plans print (间, 套间, 亿平方米, 万间…). */
const EXTRA: Readonly<Record<string, Omit<AuditUnit, 'label' | 'exact'>>> = {
  间: { dimension: 'dwellings', factor: rational(1n), integral: true },
  套间: { dimension: 'dwellings', factor: rational(1n), integral: true },
  万间: { dimension: 'dwellings', factor: rational(10000n), integral: false },
  亿平方米: { dimension: 'area', factor: rational(100000000n), integral: false },
  亿元: { dimension: 'money', factor: rational(100000000n), integral: false },
  万亩: { dimension: 'area', factor: rational(20000000n, 3n), integral: false },
  万公顷: { dimension: 'area', factor: rational(100000000n), integral: false },
  万亿元: { dimension: 'money', factor: rational(1000000000000n), integral: false },
  万个: { dimension: 'count', factor: rational(10000n), integral: false },
  处: { dimension: 'count', factor: rational(1n), integral: true },
  幢: { dimension: 'count', factor: rational(1n), integral: true },
  笔: { dimension: 'count', factor: rational(1n), integral: true },
  家: { dimension: 'count', factor: rational(1n), integral: true },
  人次: { dimension: 'people', factor: rational(1n), integral: true },
  户次: { dimension: 'households', factor: rational(1n), integral: true },
  万户次: { dimension: 'households', factor: rational(10000n), integral: false },
  月: { dimension: 'duration', factor: rational(1n), integral: false },
};

function tidy(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/m2|m\^2|㎡/gi, '平方米')
    .replace(/平米/g, '平方米')
    .replace(/^单位[:：]?/, '');
}

function single(text: string): AuditUnit | undefined {
  const t = tidy(text);
  if (t === '') return undefined;
  const extra = EXTRA[t];
  if (extra !== undefined) return { label: t, ...extra, exact: extra.integral && extra.dimension !== 'people' };
  const code = parseUomLabel(t);
  if (code === undefined) return undefined;
  const u = UNITS[code];
  return {
    label: t,
    dimension: u.dimension,
    factor: ratFrom(u.factor),
    integral: INTEGRAL_CODES.has(code),
    exact: isExactCountUom(code),
  };
}

/**
 * Reads a unit as plans write it, including alternatives of one dimension ("套/间", "万套或万间", "套（间）") and a
 * unit followed by a bracketed gloss ("个（平方米、户）" → 个); undefined when it is not a unit.
 *
 * @example auditUnitOf('万 m ²') // { label: '万平方米', dimension: 'area', factor: 10000, integral: false }
 */
export function auditUnitOf(text: string): AuditUnit | undefined {
  const whole = single(text);
  if (whole !== undefined) return whole;
  const t = tidy(text);
  const unbracketed = t.replace(/[(（[【][^)）\]】]*[)）\]】]/g, '');
  if (unbracketed !== t && unbracketed !== '') {
    const u = single(unbracketed);
    if (u !== undefined) return u;
  }
  const alternatives = unbracketed.split(/\/|或|、/).filter((s) => s !== '');
  if (alternatives.length > 1) {
    const units = alternatives.map(single);
    const first = units[0];
    if (first !== undefined && units.every((u) => u !== undefined && u.dimension === first.dimension))
      return { ...first, label: t };
  }
  return undefined;
}

const BRACKET_GROUP = /[(（]([^()（）]*)[)）]/g;

/**
 * Splits the unit off a header or row label: "销售面积（万平方米）" → { unit: 万平方米, text: '销售面积' }. The last
 * bracket holding a unit wins; a label without one keeps its text.
 */
export function splitLabelUnit(label: string): { readonly text: string; readonly unit: AuditUnit | undefined } {
  const norm = label.normalize('NFKC');
  // the last bracket as a whole first ("（万套（间））" is 万套（间）, not 间)
  const last = lastBracketGroup(norm);
  if (last !== undefined && last.start > 0) {
    const unit = auditUnitOf(last.inner);
    if (unit !== undefined) return { text: norm.slice(0, last.start), unit };
  }
  const groups = [...norm.matchAll(BRACKET_GROUP)];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (g === undefined || g.index === undefined) continue;
    const unit = auditUnitOf(g[1] ?? '');
    if (unit !== undefined) return { text: norm.slice(0, g.index) + norm.slice(g.index + g[0].length), unit };
  }
  return { text: norm, unit: undefined };
}

/** The value's interval in the unit's base unit (unit factor 1 when there is no unit). */
export function baseInterval(n: PrintedNumber, unit: AuditUnit | undefined): Interval {
  const i = numberInterval(n);
  if (unit === undefined) return i;
  return { lo: ratMul(i.lo, unit.factor), hi: ratMul(i.hi, unit.factor) };
}
