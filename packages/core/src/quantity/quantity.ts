/**
 * Quantities (a decimal string with its unit) and the strict reading of number cells from Chinese spreadsheets.
 */
import { normaliseDecimal, sumDecimals } from './decimal.js';
import { convert, type UomCode } from './unit-of-measure.js';

// The everyday helpers, importable from this one module.
export { decimalEquals, normaliseDecimal, sumDecimals } from './decimal.js';
export { UomMismatchError, convert, parseUomFromHeader, parseUomLabel, type UomCode } from './unit-of-measure.js';

/** An exact amount in a unit of measure, e.g. { value: '3511.359', uom: 'wan-sqm' }. */
export interface Quantity {
  readonly value: string;
  readonly uom: UomCode;
}

/** Adds quantities exactly, converting each into the first one's unit; throws UomMismatchError across dimensions. */
export function addQuantities(first: Quantity, ...rest: readonly Quantity[]): Quantity {
  const values = [first.value, ...rest.map((q) => convert(q.value, q.uom, first.uom))];
  return { value: sumDecimals(values), uom: first.uom };
}

/** Converts a quantity into another unit of the same dimension. */
export function convertQuantity(q: Quantity, to: UomCode): Quantity {
  return { value: convert(q.value, q.uom, to), uom: to };
}

/** What a spreadsheet number cell holds. */
export type NumberCell =
  { kind: 'number'; value: string } | { kind: 'empty' } | { kind: 'invalid'; reason: 'not-a-number' };

// Placeholders that mean "no value" in Chinese statistical tables (after NFKC, spaces removed, lower-cased;
// NFKC turns "…" into "..." and "／" into "/").
const EMPTY_MARKS: ReadonlySet<string> = new Set(['', '-', '--', '—', '——', '–', '/', '无', 'na', 'n/a', '...', '…']);

const PLAIN_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
const GROUPED_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * Reads a number cell strictly: full-width digits and punctuation, thousands separators ("1,234.5", "1，234.5"),
 * spaces and a trailing "%" (the value stays in percent: "56.29%" → "56.29") are accepted; dashes, "/", "无", "NA"
 * and "…" mean empty; anything else — "(123)", "1.2e3", "约100", "12,34" — is invalid, never coerced.
 *
 * @example parseNumberCell('１，２３４．５０') // { kind: 'number', value: '1234.5' }
 */
export function parseNumberCell(raw: string): NumberCell {
  const text = raw
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[\u2212\u2012\uFE63]/g, '-')
    .toLowerCase();
  if (EMPTY_MARKS.has(text)) return { kind: 'empty' };
  const body = text.endsWith('%') ? text.slice(0, -1) : text;
  if (PLAIN_RE.test(body)) return { kind: 'number', value: normaliseDecimal(body) };
  if (GROUPED_RE.test(body)) return { kind: 'number', value: normaliseDecimal(body.replace(/,/g, '')) };
  return { kind: 'invalid', reason: 'not-a-number' };
}
