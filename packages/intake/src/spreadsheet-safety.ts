// Formula injection in the XLSX files Anju writes (OWASP "CSV Injection"): every text cell of a workbook is passed
// through core's `neutraliseFormula` just before it is written, whatever table it came from. Numbers, dates and
// formulas Anju wrote on purpose are left alone.
import type ExcelJS from 'exceljs';
import { neutraliseFormula } from '@anju/core';

/**
 * Prefixes every text cell that a spreadsheet would run as a formula with an apostrophe, in every worksheet but the
 * ones named in `except` (machine-readable sheets such as a hidden JSON store). Returns how many cells changed.
 *
 * @example
 * neutraliseWorkbookText(wb); // a cell '=HYPERLINK("…")' now holds "'=HYPERLINK(\"…\")"
 */
export function neutraliseWorkbookText(wb: ExcelJS.Workbook, except: readonly string[] = []): number {
  let changed = 0;
  for (const ws of wb.worksheets) {
    if (except.includes(ws.name)) continue;
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (typeof cell.value !== 'string') return;
        const safe = neutraliseFormula(cell.value);
        if (safe !== cell.value) {
          cell.value = safe;
          changed += 1;
        }
      });
    });
  }
  return changed;
}

/**
 * The text a neutralised cell stood for: one leading apostrophe before a formula character is taken off again, so
 * Anju's own XLSX files import as they were exported.
 *
 * @example
 * restoreNeutralisedText("'=1+2"); // → '=1+2'
 * restoreNeutralisedText("'abc");  // → "'abc" (an apostrophe Anju did not add)
 */
export function restoreNeutralisedText(text: string): string {
  return /^'[\s]*[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
