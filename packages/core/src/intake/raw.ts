/**
 * What a file reader hands the interpreter: rows of cells as text. Readers turn numbers into exact decimal
 * strings, formula cells into their cached result, dates into ISO dates (YYYY-MM-DD) and formula errors into
 * `{ error: '#DIV/0!' }`, so the interpreter never sees binary floats or reader-specific types.
 */
export type RawCell = string | null | { readonly error: string };

/** One spreadsheet row; `cells[0]` is column A; `rowNumber` is 1-based as the spreadsheet shows it. */
export interface RawRow {
  readonly rowNumber: number;
  readonly cells: readonly RawCell[];
}
