/**
 * The plan-table auditor (SPEC §3.5, issue 6): every printed total, share and declared derived figure of every
 * table is checked against what its parts give within the printed precision, and the figures the tables of one
 * plan share are checked against each other.
 */
import { EMPTY_AUDIT_RULES, rulesForTable, type AuditRules } from './audit-rules.js';
import type { AuditCheck, AuditFinding } from './audit-finding.js';
import { crossTableCheck, tableFacts, type Fact } from './cross-table.js';
import type { PrintedCell, PrintedTable, PrintedTableSource } from './printed-table.js';
import { checkTable, type AuditRuleProblem } from './table-checks.js';
import { analyseLayout, normLabel, type Line, type TableLayout } from './table-layout.js';
import { uncheckedCells, type UncheckedCell } from './unchecked.js';
import { proposeChecks, type ProposedCheck } from './propose.js';

/** A table as the auditor read it: the printed cells, the structure found, and the status of each check. */
export interface AuditedTable {
  readonly id: string;
  readonly title: string;
  readonly source: PrintedTableSource;
  readonly grid: readonly (readonly PrintedCell[])[];
  readonly headerRows: number;
  /** Column letters of the label columns. */
  readonly labelColumns: readonly string[];
  /** File row numbers of 合计 / 小计 / 总计 / 全市 rows. */
  readonly totalRows: readonly number[];
  /** Column letters of total columns. */
  readonly totalColumns: readonly string[];
  /** Labels of share lines and non-additive lines (not summed). */
  readonly shareLines: readonly string[];
  readonly nonAdditiveLines: readonly string[];
  readonly rowsAre: 'entities' | 'quantities';
  readonly checks: readonly AuditCheck[];
  /** Figure cells that could not be read as one number, with the reason. */
  readonly unchecked: readonly UncheckedCell[];
}

export interface AuditSummary {
  readonly tables: number;
  readonly checks: number;
  /** Checks where the printed figure differs from the computed one only by rounding within its precision. */
  readonly withinPrecision: number;
  /** Figure cells not checked (ranges, bounds, words, text in a figure column): listed in `unchecked`. */
  readonly unchecked: number;
  readonly findings: number;
}

export interface AuditReport {
  readonly tables: readonly AuditedTable[];
  readonly findings: readonly AuditFinding[];
  readonly problems: readonly AuditRuleProblem[];
  /** Every figure cell of every table that was not checked, with the reason (nothing is skipped silently). */
  readonly unchecked: readonly UncheckedCell[];
  /** Rules the lists of figures suggest and no rule yet declares, for a user to accept into a rules file. */
  readonly proposals: readonly ProposedCheck[];
  readonly summary: AuditSummary;
}

function lineLabels(lines: readonly Line[], pick: (l: Line) => boolean): string[] {
  return lines.filter(pick).map((l) => l.label);
}

function describe(
  layout: TableLayout,
  checks: readonly AuditCheck[],
  unchecked: readonly UncheckedCell[],
): AuditedTable {
  const { table } = layout;
  const letter = (c: number): string => table.grid[0]?.[c]?.column ?? '';
  const all = [...layout.rows, ...layout.columns];
  return {
    id: table.id,
    title: table.title,
    source: table.source,
    grid: table.grid,
    headerRows: layout.headerRows,
    labelColumns: layout.labelColumns.map(letter),
    totalRows: layout.rows.filter((l) => l.kind === 'total').map((l) => table.grid[l.index]?.[0]?.row ?? 0),
    totalColumns: layout.columns
      .filter((l) => l.kind === 'total')
      .map((l) => {
        const cell = table.grid[0]?.[l.index];
        return cell?.part === undefined ? letter(l.index) : `${letter(l.index)}.${cell.part}`;
      }),
    shareLines: lineLabels(all, (l) => l.share),
    nonAdditiveLines: lineLabels(all, (l) => !l.additive && !l.share && (l.kind === 'detail' || l.kind === 'of-which')),
    rowsAre: layout.rowsAre,
    checks,
    unchecked,
  };
}

/**
 * Audits the tables of one plan. Findings are listed table by table in reading order (row, then column), the
 * cross-table findings last.
 *
 * @example
 * const t = printedTableFromTexts('t', [['区域', '套数'], ['甲', '10'], ['乙', '20'], ['合计', '31']]);
 * auditTables([t]).findings[0] // { kind: 'total', address: 'B4', printed: '31', computed: '30', … }
 */
export function auditTables(tables: readonly PrintedTable[], rules: AuditRules = EMPTY_AUDIT_RULES): AuditReport {
  const findings: AuditFinding[] = [];
  const problems: AuditRuleProblem[] = [];
  const facts: Fact[] = [];
  const perTable: { layout: TableLayout; checks: AuditCheck[]; unchecked: UncheckedCell[] }[] = [];
  const proposals: ProposedCheck[] = [];
  tables.forEach((table, order) => {
    const tableRules = rulesForTable(rules, table);
    const layout = analyseLayout(table, tableRules);
    const result = checkTable(layout, tableRules);
    const unread = uncheckedCells(layout);
    const declared = new Set(tableRules.derived.map((d) => normLabel(d.line)));
    proposals.push(...proposeChecks(layout).filter((p) => !declared.has(normLabel(p.line))));
    findings.push(...sortFindings([...result.findings, ...unread.findings]));
    problems.push(...result.problems);
    facts.push(...tableFacts(layout, tableRules, rules, order));
    perTable.push({
      layout,
      checks: [...result.checks, ...unread.checks],
      // a bound or range a formula checked is no longer unchecked
      unchecked: [
        ...unread.unchecked.filter(
          (u) => !result.checks.some((c) => c.address === u.address && c.noteZh !== undefined),
        ),
        ...result.unchecked,
      ].sort((a, b) => rowOf(a.address) - rowOf(b.address) || a.address.localeCompare(b.address)),
    });
  });
  const cross = crossTableCheck(facts);
  for (const f of cross.findings) {
    // A cell already flagged for its unit gets the other table's figure as evidence instead of a second finding.
    const same = findings.findIndex(
      (g) =>
        g.kind === 'unit' &&
        f.cause === 'unit-label' &&
        g.tableId === f.tableId &&
        g.address === f.address &&
        g.part === f.part,
    );
    if (same >= 0) {
      const g = findings[same]!;
      findings[same] = {
        ...g,
        related: [...(g.related ?? []), ...(f.related ?? [])],
        messageZh: `${g.messageZh}；${f.messageZh}`,
        messageEn: `${g.messageEn}; ${f.messageEn}`,
      };
    } else findings.push(f);
  }
  const audited = perTable.map(({ layout, checks, unchecked }) =>
    describe(layout, [...checks, ...cross.checks.filter((c) => c.tableId === layout.table.id)], unchecked),
  );
  const allChecks = audited.flatMap((t) => t.checks);
  const unchecked = audited.flatMap((t) => t.unchecked);
  return {
    tables: audited,
    findings,
    problems,
    unchecked,
    proposals,
    summary: {
      tables: tables.length,
      checks: allChecks.length,
      withinPrecision: allChecks.filter((c) => c.status === 'within-precision').length,
      unchecked: unchecked.length,
      findings: findings.length,
    },
  };
}

function rowOf(address: string): number {
  return Number(/\d+/.exec(address)?.[0] ?? 0);
}

function sortFindings(fs: readonly AuditFinding[]): AuditFinding[] {
  return [...fs].sort(
    (a, b) =>
      a.row - b.row ||
      a.column.length - b.column.length ||
      a.column.localeCompare(b.column) ||
      (a.part ?? 0) - (b.part ?? 0),
  );
}
