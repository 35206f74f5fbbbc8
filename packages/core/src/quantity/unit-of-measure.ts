/**
 * Units of measure (计量单位) used in Chinese housing statistics, with exact conversion factors, and recognition of
 * the unit written in a spreadsheet header ("销售面积（万平方米）").
 */
import { roundToPlaces } from '../plan/rounding.js';
import { parseRational, rational, rationalToDecimal, type Rational } from './decimal.js';

/** What a unit measures; only units of the same dimension convert into each other. */
export type UomDimension =
  | 'area'
  | 'money'
  | 'dwellings'
  | 'people'
  | 'households'
  | 'count'
  | 'ratio-percent'
  | 'duration'
  | 'price'
  | 'rent'
  | 'per-capita-area'
  | 'household-size'
  | 'ratio';

/** Unit codes, shared across the packages (store, intake, profiles). */
export const UOM_CODES = [
  'sqm',
  'wan-sqm',
  'ha',
  'mu',
  'sq-km',
  'yuan',
  'wan-yuan',
  'yi-yuan',
  'dwelling',
  'wan-dwelling',
  'person',
  'wan-person',
  'household',
  'wan-household',
  'count',
  'building',
  'percent',
  'permille',
  'month',
  'year-count',
  'yuan-per-sqm',
  'wan-yuan-per-sqm',
  'yuan-per-sqm-month',
  'sqm-per-person',
  'person-per-household',
  'ratio',
] as const;

/** A unit-of-measure code. */
export type UomCode = (typeof UOM_CODES)[number];

/** One unit of measure. */
export interface UnitOfMeasure {
  readonly code: UomCode;
  readonly dimension: UomDimension;
  /** Chinese label as written in tables: 万平方米, 亿元, 套. */
  readonly labelZh: string;
  /** English label: "10k m²", "100M yuan". */
  readonly labelEn: string;
  /**
   * Exact factor to the dimension's base unit (value in base = value × factor), as a decimal string, or as a
   * fraction "p/q" where the decimal does not terminate (亩: 2000/3 平方米, since 1 公顷 = 15 亩).
   */
  readonly factor: string;
  /** Other ways the unit is written (after normalisation, see parseUomLabel). */
  readonly synonyms: readonly string[];
  /** Decimal places a figure in this unit is shown with in text (exact values stay exact in data and JSON). */
  readonly displayPlaces: number;
}

/** Thrown when converting between units of different dimensions. */
export class UomMismatchError extends Error {
  override readonly name = 'UomMismatchError';
  constructor(
    readonly from: UomCode,
    readonly to: UomCode,
  ) {
    super(`Cannot convert ${from} (${UNITS[from].dimension}) to ${to} (${UNITS[to].dimension})`);
  }
}

function u(
  code: UomCode,
  dimension: UomDimension,
  labelZh: string,
  labelEn: string,
  factor: string,
  synonyms: readonly string[],
  displayPlaces: number,
): UnitOfMeasure {
  return { code, dimension, labelZh, labelEn, factor, synonyms, displayPlaces };
}

/** Every unit by code. */
export const UNITS: Readonly<Record<UomCode, UnitOfMeasure>> = {
  sqm: u('sqm', 'area', '平方米', 'm²', '1', ['平方米', '平方', 'sqm'], 2),
  'wan-sqm': u('wan-sqm', 'area', '万平方米', '10k m²', '10000', ['万平方米', '万平方'], 2),
  ha: u('ha', 'area', '公顷', 'ha', '10000', ['公顷', 'ha'], 2),
  mu: u('mu', 'area', '亩', 'mu', '2000/3', ['亩'], 2),
  'sq-km': u('sq-km', 'area', '平方公里', 'km²', '1000000', ['平方公里'], 2),
  yuan: u('yuan', 'money', '元', 'yuan', '1', ['元', 'yuan'], 2),
  'wan-yuan': u('wan-yuan', 'money', '万元', '10k yuan', '10000', ['万元'], 2),
  'yi-yuan': u('yi-yuan', 'money', '亿元', '100M yuan', '100000000', ['亿元'], 2),
  dwelling: u('dwelling', 'dwellings', '套', 'dwellings', '1', ['套'], 0),
  'wan-dwelling': u('wan-dwelling', 'dwellings', '万套', '10k dwellings', '10000', ['万套'], 2),
  person: u('person', 'people', '人', 'persons', '1', ['人'], 0),
  'wan-person': u('wan-person', 'people', '万人', '10k persons', '10000', ['万人'], 2),
  household: u('household', 'households', '户', 'households', '1', ['户'], 0),
  'wan-household': u('wan-household', 'households', '万户', '10k households', '10000', ['万户'], 2),
  count: u('count', 'count', '个', 'count', '1', ['个', '宗', '项'], 0),
  building: u('building', 'count', '栋', 'buildings', '1', ['栋', '幢'], 0),
  percent: u('percent', 'ratio-percent', '%', '%', '1', ['%', '百分比'], 2),
  permille: u('permille', 'ratio-percent', '‰', '‰', '0.1', ['‰'], 2),
  month: u('month', 'duration', '个月', 'months', '1', ['个月', '月'], 1),
  'year-count': u('year-count', 'duration', '年', 'years', '12', ['年'], 1),
  'yuan-per-sqm': u('yuan-per-sqm', 'price', '元/平方米', 'yuan/m²', '1', ['元/平方米'], 2),
  'wan-yuan-per-sqm': u('wan-yuan-per-sqm', 'price', '万元/平方米', '10k yuan/m²', '10000', ['万元/平方米'], 4),
  'yuan-per-sqm-month': u(
    'yuan-per-sqm-month',
    'rent',
    '元/平方米·月',
    'yuan/m²/month',
    '1',
    ['元/平方米·月', '元/平方米/月', '元/(平方米·月)', '元/月·平方米', '元/月/平方米'],
    2,
  ),
  'sqm-per-person': u('sqm-per-person', 'per-capita-area', '平方米/人', 'm²/person', '1', ['平方米/人'], 2),
  'person-per-household': u('person-per-household', 'household-size', '人/户', 'persons/household', '1', ['人/户'], 2),
  ratio: u('ratio', 'ratio', '', '', '1', ['倍'], 4),
};

/** True when the string is a known unit code. */
export function isUomCode(code: string): code is UomCode {
  return Object.prototype.hasOwnProperty.call(UNITS, code);
}

/** The unit for a code; throws RangeError on an unknown code. */
export function getUnitOfMeasure(code: string): UnitOfMeasure {
  if (!isUomCode(code)) throw new RangeError(`Unknown unit of measure: ${code}`);
  return UNITS[code];
}

const factorCache = new Map<UomCode, Rational>();
function factorOf(code: UomCode): Rational {
  let f = factorCache.get(code);
  if (f === undefined) {
    f = parseRational(UNITS[code].factor);
    factorCache.set(code, f);
  }
  return f;
}

/**
 * Converts a decimal string between units of one dimension, exactly when the result terminates (公顷 → 亩 is × 15;
 * 3 亩 → "0.2" 公顷), otherwise to 20 significant digits; throws UomMismatchError across dimensions.
 *
 * @example convert('1.5', 'ha', 'mu') // "22.5"
 */
export function convert(value: string, from: UomCode, to: UomCode): string {
  if (UNITS[from].dimension !== UNITS[to].dimension) throw new UomMismatchError(from, to);
  const v = parseRational(value);
  if (from === to) return rationalToDecimal(v);
  const f = factorOf(from);
  const t = factorOf(to);
  return rationalToDecimal(rational(v.p * f.p * t.q, v.q * f.q * t.p));
}

/** Normalises unit text for matching: NFKC, no spaces or 单位 prefix, one spelling for m², km², hm², 平米, dots. */
function canonicalUnitText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .toLowerCase()
    .replace(/^单位[:：]?/, '')
    .replace(/km\^?2|km²|平方千米/g, '平方公里')
    .replace(/hm\^?2|hm²/g, '公顷')
    .replace(/m\^?2|m²|平米/g, '平方米')
    .replace(/[·•・･∙⋅]/g, '·')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')');
}

const BY_TEXT: ReadonlyMap<string, UomCode> = (() => {
  const m = new Map<string, UomCode>();
  for (const unit of Object.values(UNITS)) {
    for (const s of [unit.code, ...unit.synonyms]) m.set(canonicalUnitText(s), unit.code);
  }
  return m;
})();

/** Finds the unit written as bare text ("万㎡", "亿元", "套", "%", "元/m2"); undefined when it is not a known unit. */
export function parseUomLabel(text: string): UomCode | undefined {
  const key = canonicalUnitText(text);
  return key === '' ? undefined : BY_TEXT.get(key);
}

/** Places for a figure whose unit is not a known unit (a bare label, or none): enough for a ratio or a weight. */
export const DEFAULT_DISPLAY_PLACES = 4;

/**
 * A figure as text shows it: rounded half away from zero to its unit's display places (a unit code, or a bare label
 * such as "万㎡"); unknown units get {@link DEFAULT_DISPLAY_PLACES}. Trailing zeros are not added. Data and JSON keep
 * the exact value; this is only for reading.
 *
 * @example displayValue('98.25500000000000000045', 'ha') // "98.26"
 */
export function displayValue(value: string, uom: string): string {
  const code = isUomCode(uom) ? uom : parseUomLabel(uom);
  return roundToPlaces(value, code === undefined ? DEFAULT_DISPLAY_PLACES : UNITS[code].displayPlaces);
}

const BRACKETS = /[(（[【]([^()（）[\]【】]*)[)）\]】]/g;

function cleanLabel(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[,，:：;；/、_-]+$/, '')
    .trim();
}

/**
 * Finds the unit in a spreadsheet header — in brackets ("销售面积（万平方米）", "授信金额\n（万元）", "（户）") or after
 * 单位 ("单位：万平方米") — and returns it with the header text that remains; undefined when there is no known unit.
 *
 * @example parseUomFromHeader('面积（万㎡）') // { uom: 'wan-sqm', label: '面积' }
 */
export function parseUomFromHeader(header: string): { uom: UomCode; label: string } | undefined {
  const text = header.normalize('NFKC');
  const groups = [...text.matchAll(BRACKETS)];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i];
    if (g === undefined || g.index === undefined) continue;
    const uom = parseUomLabel(g[1] ?? '');
    if (uom !== undefined) {
      return { uom, label: cleanLabel(text.slice(0, g.index) + text.slice(g.index + g[0].length)) };
    }
  }
  const unitPrefix = /单位\s*[:：]\s*([^,，;；\s]+)\s*$/.exec(text);
  if (unitPrefix !== null) {
    const uom = parseUomLabel(unitPrefix[1] ?? '');
    if (uom !== undefined) return { uom, label: cleanLabel(text.slice(0, unitPrefix.index)) };
  }
  const whole = parseUomLabel(text);
  return whole === undefined ? undefined : { uom: whole, label: '' };
}
