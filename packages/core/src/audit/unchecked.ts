/**
 * Nothing skipped silently (issue 16 item 4): every figure cell of a table that the auditor cannot read as one
 * number is listed with the reason — a range, a bound, an approximation written in words, text — and a number
 * whose digits look lost in publication (".35") is a suspected-garbled finding.
 */
import { causeText, type AuditCheck, type AuditFinding } from './audit-finding.js';
import type { PrintedCell } from './printed-table.js';
import type { TableLayout } from './table-layout.js';

/** A cell that looks like a figure but was not checked, and why. */
export interface UncheckedCell {
  readonly tableId: string;
  readonly address: string;
  readonly printed: string;
  readonly reasonZh: string;
  readonly reasonEn: string;
}

/** ".35", "．95": a number printed with nothing before its decimal point. */
const LEADING_DOT = /^[.．·]\s*\d/;
const RANGE = /\d\s*(?:万|亿)?\s*(?:[—–～~]+|-|至|到)\s*\d/;
const LOWER = /不低于|不少于|不小于|以上|≥|>=|超过|>|至少|多于|高于/;
const UPPER = /不高于|不超过|不大于|以下|≤|<=|<|以内|至多|少于|低于/;
const APPROX = /约|左右|大约|近|余/;
const FRACTION = /\d+\s*\/\s*\d+|分之/;
const WORDS = /一半|半数|翻一番|翻番|倍|成以上|全部|大部分|多数/;

/** Why a printed text is not one readable figure, or undefined when it is no figure at all (a blank or a word). */
export function unreadableReason(text: string): { readonly zh: string; readonly en: string } | undefined {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (t === '') return undefined;
  if (RANGE.test(t))
    return { zh: `范围“${text}”，不是一个数，未作为单个数核对`, en: `a range "${text}", not one figure` };
  if (LOWER.test(t)) return { zh: `下限“${text}”，未作为单个数核对`, en: `a lower bound "${text}", not one figure` };
  if (UPPER.test(t)) return { zh: `上限“${text}”，未作为单个数核对`, en: `an upper bound "${text}", not one figure` };
  if (FRACTION.test(t)) return { zh: `分数“${text}”，未能读作一个数`, en: `a fraction "${text}" not read as a figure` };
  if (/翻[一两二三]?番/.test(t))
    return {
      zh: `翻番“${text}”：表中找不到基数（基期 / 现状 / 年份）或可与之核对的数，未核对`,
      en: `a multiple "${text}": no base (基期 / 现状 / a year) or no figure to check it against in the table`,
    };
  if (WORDS.test(t))
    return { zh: `以文字表示的数量“${text}”，未能读作一个数`, en: `a quantity in words "${text}", not read` };
  if (APPROX.test(t) && /\d/.test(t))
    return { zh: `约数“${text}”，未能读作一个数`, en: `an approximate figure "${text}" not read` };
  if (/\d/.test(t))
    return { zh: `含数字的文字“${text}”，未能读作一个数`, en: `text with digits "${text}", not read as a figure` };
  return {
    zh: `“${text}”不是数字，在数值栏中未核对`,
    en: `"${text}" is not a number; left unchecked in a figure column`,
  };
}

/** A printed figure whose leading digits look lost (".35"). */
export function looksGarbled(text: string): boolean {
  return LEADING_DOT.test(text.normalize('NFKC').trim());
}

function garbledFinding(layout: TableLayout, cell: PrintedCell, rowLabel: string, columnLabel: string): AuditFinding {
  const cause = causeText({ cause: 'garbled' }, cell.text);
  return {
    kind: 'garbled',
    cause: 'garbled',
    tableId: layout.table.id,
    tableTitle: layout.table.title,
    address: cell.address,
    row: cell.row,
    column: cell.column,
    ...(cell.part === undefined ? {} : { part: cell.part }),
    rowLabel,
    columnLabel,
    printed: cell.text,
    messageZh: `“${cell.text}”小数点前没有数字，疑为发布时数字残缺；未核对，请查原件`,
    messageEn: `"${cell.text}" has no digit before its decimal point: digits were probably lost in publication; not checked — see the original`,
    causeZh: cause.zh,
    causeEn: cause.en,
  };
}

/**
 * The figure cells of a table (data rows × figure columns) that are not readable numbers: unchecked cells with
 * their reasons, and suspected-garbled findings (with a mismatch check each, for the cell marks).
 */
export function uncheckedCells(layout: TableLayout): {
  readonly unchecked: UncheckedCell[];
  readonly findings: AuditFinding[];
  readonly checks: AuditCheck[];
} {
  const out = { unchecked: [] as UncheckedCell[], findings: [] as AuditFinding[], checks: [] as AuditCheck[] };
  const rows = layout.rows.filter((l) => l.kind !== 'section' && l.kind !== 'note');
  for (const row of rows) {
    for (const col of layout.columns) {
      const v = layout.value(row.index, col.index);
      if (v.kind !== 'text') continue;
      const { cell } = v;
      if (looksGarbled(cell.text)) {
        out.findings.push(garbledFinding(layout, cell, row.label, col.label));
        out.checks.push({ kind: 'garbled', tableId: layout.table.id, address: cell.address, status: 'mismatch' });
        continue;
      }
      const reason = unreadableReason(cell.text);
      if (reason === undefined) continue;
      out.unchecked.push({
        tableId: layout.table.id,
        address: cell.address,
        printed: cell.text,
        reasonZh: reason.zh,
        reasonEn: reason.en,
      });
    }
  }
  return out;
}
