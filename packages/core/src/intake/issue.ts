/** Where in an input file something was found. Rows are 1-based as a spreadsheet shows them; columns are letters. */
export interface CellLocation {
  readonly file: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: string;
  /** The column's header text, to make the place recognisable. */
  readonly header?: string;
}

/** An error (nothing is written) or warning (written, but reported) found while reading an input file. */
export interface IntakeIssue extends CellLocation {
  readonly severity: 'error' | 'warning';
  readonly code: IssueCode;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly expected?: string;
  readonly got?: string;
}

export type IssueCode =
  | 'file-empty'
  | 'file-unreadable'
  | 'xlsx-too-large'
  | 'xlsx-damaged'
  | 'file-type'
  | 'encoding'
  | 'sheet-missing'
  | 'mapping-invalid'
  | 'mapping-city'
  | 'city-not-initialised'
  | 'mapping-column-missing'
  | 'mapping-key-incomplete'
  | 'header-missing-field'
  | 'header-duplicate'
  | 'unknown-unit'
  | 'unit-other-city'
  | 'unknown-measure'
  | 'unknown-dimension'
  | 'dimension-not-allowed'
  | 'bad-period'
  | 'not-a-number'
  | 'number-garbled'
  | 'number-too-large'
  | 'formula-error'
  | 'negative-value'
  | 'percent-out-of-range'
  | 'duplicate-key'
  | 'uom-mismatch'
  | 'unknown-uom'
  | 'too-many-errors'
  | 'total-mismatch'
  | 'total-ignored'
  | 'uom-assumed'
  | 'column-ignored'
  | 'note-ignored';

/** Converts a 1-based column number to its spreadsheet letters (1 → A, 27 → AA). */
export function columnLetter(columnNumber: number): string {
  let n = columnNumber;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Converts spreadsheet letters to a 1-based column number (A → 1, AA → 27). */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Formats a location the way a user would look for it: 文件 a.xlsx，工作表 Sheet1，第 5 行，C 列（面积）. */
export function formatLocation(loc: CellLocation, lang: 'zh' | 'en'): string {
  const parts: string[] = [];
  if (lang === 'zh') {
    parts.push(`文件 ${loc.file}`);
    if (loc.sheet !== undefined) parts.push(`工作表 ${loc.sheet}`);
    if (loc.row !== undefined) parts.push(`第 ${loc.row} 行`);
    if (loc.column !== undefined) parts.push(`${loc.column} 列${loc.header ? `（${loc.header}）` : ''}`);
    return parts.join('，');
  }
  parts.push(`file ${loc.file}`);
  if (loc.sheet !== undefined) parts.push(`sheet ${loc.sheet}`);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column !== undefined) parts.push(`column ${loc.column}${loc.header ? ` (${loc.header})` : ''}`);
  return parts.join(', ');
}

/** One line for a person: severity, location, then the message. */
export function formatIssue(issue: IntakeIssue, lang: 'zh' | 'en'): string {
  if (lang === 'zh')
    return `${issue.severity === 'error' ? '错误' : '警告'}：${formatLocation(issue, 'zh')}：${issue.messageZh}`;
  return `${issue.severity}: ${formatLocation(issue, 'en')}: ${issue.messageEn}`;
}
