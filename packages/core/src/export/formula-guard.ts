// Spreadsheet formula injection (OWASP "CSV Injection"): a text cell whose content begins with = + - @, a tab or a
// carriage return is run as a formula by Excel, WPS and LibreOffice when a CSV is opened (and by some when an XLSX
// text cell is edited). Every text cell Anju exports goes through `neutraliseFormula`; numbers never do, so a
// negative value stays a number.

/** Characters that make a spreadsheet read a cell as a formula (OWASP), also after leading spaces. */
const FORMULA_START = /^[\s]*[=+\-@\t\r]/;

/** A plain signed decimal ("-0.35", "-12%") is a number to every spreadsheet, never a formula: left as it is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?%?$/;

/**
 * Prefixes a text cell that a spreadsheet would read as a formula with an apostrophe (OWASP's advice), so it shows as
 * the text it is. Text that cannot start a formula is returned unchanged.
 *
 * @example
 * neutraliseFormula('=HYPERLINK("http://x","点击")'); // → `'=HYPERLINK("http://x","点击")`
 * neutraliseFormula('@SUM(1)');                        // → "'@SUM(1)"
 * neutraliseFormula('甘州区');                          // → '甘州区'
 * neutraliseFormula('-0.35');                           // → '-0.35' (a number, not a formula)
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * A row of cells for a spreadsheet writer: strings are neutralised, every other value (numbers, dates, null, rich
 * values) is passed as it is.
 *
 * @example
 * safeSpreadsheetRow(['=1+2.csv', -12.5, '临泽县']); // → ["'=1+2.csv", -12.5, '临泽县']
 */
export function safeSpreadsheetRow<T>(cells: readonly T[]): T[] {
  return cells.map((c) => (typeof c === 'string' ? (neutraliseFormula(c) as T) : c));
}
