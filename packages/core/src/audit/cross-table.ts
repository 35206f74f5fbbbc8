/**
 * Cross-table checks: the same quantity printed in two tables of one plan must agree. A figure is keyed by
 * quantity (its label, or an alias from the rules), qualifier (a year, or "actual" for an achieved column) and
 * entity (a county row; '' for the whole area), so 危旧房改造套间数 in the indicator table, the 合计 of the
 * county table's 危旧房改造（套） column and 改造城市危旧房 in the text meet when the rules call them one quantity.
 * Labels match exactly after normalisation, never fuzzily: a false alarm costs more than a missed match.
 */
import { rational } from '../quantity/decimal.js';
import type { AuditRules, AuditTableRules } from './audit-rules.js';
import {
  causeText,
  guessCause,
  showNumber,
  type AuditCheck,
  type AuditFinding,
  type FindingRef,
} from './audit-finding.js';
import { iAdd, iMid, iOverlaps, iScale, point, ratCmp, ratDiv, type Interval } from './interval.js';
import type { AuditUnit, PrintedNumber } from './printed-number.js';
import type { PrintedCell } from './printed-table.js';
import { findLines, normLabel, valueInterval, type Line, type TableLayout } from './table-layout.js';

/** One figure as the cross-table check sees it. */
export interface Fact {
  readonly tableId: string;
  readonly tableTitle: string;
  readonly tableOrder: number;
  readonly quantity: string;
  readonly qualifier: string;
  readonly entity: string;
  readonly label: string;
  readonly unit: AuditUnit | undefined;
  /** In the printed unit. */
  readonly interval: Interval;
  readonly printedText: string;
  /** Undefined for a computed fact (Σ of a column). */
  readonly cell?: PrintedCell;
  readonly n?: PrintedNumber;
  readonly rowLabel: string;
  readonly columnLabel: string;
}

const ACTUAL = /完成|实际|现状|实现/;

function aliasMap(rules: AuditRules): Map<string, string> {
  const m = new Map<string, string>();
  for (const [canonical, names] of Object.entries(rules.aliases)) {
    const c = normLabel(canonical);
    m.set(c, c);
    for (const name of names) {
      const hash = name.indexOf('#');
      if (hash > 0) m.set(`${name.slice(0, hash)}#${normLabel(name.slice(hash + 1))}`, c);
      else m.set(normLabel(name), c);
    }
  }
  return m;
}

function canonical(aliases: Map<string, string>, tableId: string, line: Line): string {
  for (const k of [line.key, line.ownKey]) {
    const hit = aliases.get(`${tableId}#${k}`) ?? aliases.get(k);
    if (hit !== undefined) return hit;
  }
  return line.key;
}

/** The figures of one table, keyed for cross-table matching, plus the computed facts its rules declare. */
export function tableFacts(
  layout: TableLayout,
  rules: AuditTableRules,
  allRules: AuditRules,
  tableOrder: number,
): Fact[] {
  const aliases = aliasMap(allRules);
  const { table } = layout;
  const facts: Fact[] = [];
  const dataRows = layout.rows.filter(
    (l) => (l.kind === 'detail' || l.kind === 'total' || l.kind === 'of-which') && !l.ignored,
  );
  for (const row of dataRows) {
    for (const col of layout.columns) {
      if (col.ignored) continue;
      const v = layout.value(row.index, col.index);
      if (v.kind !== 'number') continue;
      let quantity: string;
      let entity = '';
      let qualifier: string;
      if (layout.rowsAre === 'entities') {
        quantity = canonical(aliases, table.id, col);
        qualifier = row.year ?? col.year ?? (ACTUAL.test(col.label) ? 'actual' : (rules.qualifier ?? ''));
        if (row.year === undefined && !(row.kind === 'total' && row.group.length === 0)) entity = row.key;
        if (col.kind === 'total' && row.kind !== 'total') continue;
      } else {
        quantity = canonical(aliases, table.id, row);
        qualifier = col.year ?? (ACTUAL.test(col.label) ? 'actual' : (rules.qualifier ?? ''));
      }
      facts.push({
        tableId: table.id,
        tableTitle: table.title,
        tableOrder,
        quantity,
        qualifier,
        entity,
        label: layout.rowsAre === 'entities' ? col.label : row.label,
        unit: v.unit,
        interval: valueInterval(v),
        printedText: v.cell.text,
        cell: v.cell,
        n: v.n,
        rowLabel: row.label,
        columnLabel: col.label,
      });
    }
  }
  for (const f of rules.facts) {
    const line = findLines(layout, f.sumOf)[0];
    if (line === undefined) continue;
    const positions =
      line.axis === 'column'
        ? layout.rows.filter((l) => l.kind === 'detail' && !l.ignored)
        : layout.columns.filter((l) => l.kind === 'detail' && !l.ignored);
    let sum: Interval = point(rational(0n));
    let unit: AuditUnit | undefined;
    let count = 0;
    for (const pos of positions) {
      const v = line.axis === 'column' ? layout.value(pos.index, line.index) : layout.value(line.index, pos.index);
      if (v.kind === 'text') {
        count = -1;
        break;
      }
      if (v.kind === 'number') {
        sum = iAdd(sum, valueInterval(v));
        unit = unit ?? v.unit;
        count++;
      }
    }
    if (count <= 0) continue;
    const c = normLabel(f.quantity);
    facts.push({
      tableId: table.id,
      tableTitle: table.title,
      tableOrder,
      quantity: aliases.get(`${table.id}#${c}`) ?? aliases.get(c) ?? c,
      qualifier: rules.qualifier ?? '',
      entity: '',
      label: `Σ ${line.label}`,
      unit,
      interval: sum,
      printedText: showNumber(iMid(sum), 6),
      rowLabel: line.axis === 'row' ? line.label : 'Σ',
      columnLabel: line.axis === 'column' ? line.label : 'Σ',
    });
  }
  return facts;
}

/** b's interval in a's unit; undefined when the two cannot be compared. */
function inUnitOf(a: Fact, b: Fact): Interval | undefined {
  if (a.unit === undefined && b.unit === undefined) return b.interval;
  if (a.unit === undefined || b.unit === undefined) return undefined;
  if (a.unit.dimension !== b.unit.dimension) return undefined;
  if (ratCmp(a.unit.factor, b.unit.factor) === 0) return b.interval;
  return iScale(b.interval, ratDiv(b.unit.factor, a.unit.factor));
}

function agree(a: Fact, b: Fact): boolean | undefined {
  const i = inUnitOf(a, b);
  return i === undefined ? undefined : iOverlaps(a.interval, i);
}

function ref(f: Fact, agrees: boolean): FindingRef {
  return {
    tableId: f.tableId,
    tableTitle: f.tableTitle,
    address: f.cell?.address ?? '',
    printed: f.cell === undefined ? `${f.printedText}（${f.label}）` : f.printedText,
    label: f.label,
    agrees,
  };
}

function sameDigits(a: Fact, b: Fact): boolean {
  return a.n !== undefined && b.n !== undefined && a.n.decimals === b.n.decimals && ratCmp(a.n.value, b.n.value) === 0;
}

/**
 * Compares the facts of the tables of one plan. Within each key the figures are grouped by agreement; the group
 * with the most printed members (ties: more computed sums, then the earliest table) is the reference and every printed figure outside it is
 * flagged, naming the figures it disagrees and agrees with. Figures of one key printed in two different kinds of
 * unit with the same digits (117.279 万㎡ and 117.279 套) are flagged as a unit label that contradicts the figure.
 */
export function crossTableCheck(facts: readonly Fact[]): { findings: AuditFinding[]; checks: AuditCheck[] } {
  const findings: AuditFinding[] = [];
  const checks: AuditCheck[] = [];
  const groups = new Map<string, Fact[]>();
  for (const f of facts) {
    const k = `${f.quantity}|${f.qualifier}|${f.entity}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const dimensionOf = (f: Fact): string => f.unit?.dimension ?? '';
  for (const group of groups.values()) {
    // A table printing one key twice in one kind of unit is ambiguous unless its figures agree; keep one.
    const byTable = new Map<string, Fact[]>();
    for (const f of group) {
      const k = `${f.tableId}|${dimensionOf(f)}`;
      byTable.set(k, [...(byTable.get(k) ?? []), f]);
    }
    const members: Fact[] = [];
    for (const fs of byTable.values()) {
      const first = fs[0]!;
      if (fs.every((f) => agree(first, f) === true)) members.push(first);
    }
    if (new Set(members.map((m) => m.tableId)).size < 2) continue;
    members.sort((a, b) => a.tableOrder - b.tableOrder);

    // Same digits, different kind of unit.
    const unitClash = new Set<Fact>();
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = members[i]!;
        const b = members[j]!;
        if (a.unit === undefined || b.unit === undefined || a.unit.dimension === b.unit.dimension) continue;
        if (!sameDigits(a, b)) continue;
        const wrong = b.unit.integral && b.n!.value.q !== 1n ? b : a.unit.integral && a.n!.value.q !== 1n ? a : b;
        const right = wrong === a ? b : a;
        unitClash.add(wrong);
        const cause = causeText({ cause: 'unit-label' }, wrong.printedText);
        findings.push({
          kind: 'cross-table',
          cause: 'unit-label',
          tableId: wrong.tableId,
          tableTitle: wrong.tableTitle,
          address: wrong.cell!.address,
          row: wrong.cell!.row,
          column: wrong.cell!.column,
          ...(wrong.cell!.part === undefined ? {} : { part: wrong.cell!.part }),
          rowLabel: wrong.rowLabel,
          columnLabel: wrong.columnLabel,
          printed: wrong.printedText,
          computed: `${right.printedText} ${right.unit!.label}`,
          related: [ref(right, false)],
          messageZh: `《${right.tableTitle}》${right.cell?.address ?? ''} 把同一数字 ${right.printedText} 记为“${right.unit!.label}”，本表记为“${wrong.unit!.label}”`,
          messageEn: `${right.tableTitle} ${right.cell?.address ?? ''} prints the same ${right.printedText} in ${right.unit!.label}; this table says ${wrong.unit!.label}`,
          causeZh: cause.zh,
          causeEn: cause.en,
        });
        checks.push({ kind: 'cross-table', tableId: wrong.tableId, address: wrong.cell!.address, status: 'mismatch' });
      }
    }

    for (const dimension of new Set(members.map(dimensionOf))) {
      const comparable = members.filter((m) => dimensionOf(m) === dimension && !unitClash.has(m));
      if (new Set(comparable.map((m) => m.tableId)).size < 2) continue;
      clusterCheck(comparable, unitClash, findings, checks);
    }
  }
  return { findings, checks };
}

function clusterCheck(
  members: readonly Fact[],
  unitClash: ReadonlySet<Fact>,
  findings: AuditFinding[],
  checks: AuditCheck[],
): void {
  {
    // Clusters of agreeing figures.
    const clusters: Fact[][] = [];
    for (const f of members) {
      const home = clusters.find((c) => agree(c[0]!, f) === true);
      if (home !== undefined) home.push(f);
      else clusters.push([f]);
    }
    if (clusters.length === 0) return;
    if (clusters.length === 1) {
      for (const f of clusters[0]!)
        if (f.cell !== undefined && clusters[0]!.length > 1)
          checks.push({ kind: 'cross-table', tableId: f.tableId, address: f.cell.address, status: 'ok' });
      return;
    }
    // Printed figures vote first, computed sums break ties, then the earliest table.
    const printed = (c: Fact[]): number => c.filter((f) => f.cell !== undefined).length;
    const reference = [...clusters].sort(
      (a, b) =>
        printed(b) - printed(a) ||
        b.length - a.length ||
        Math.min(...a.map((f) => f.tableOrder)) - Math.min(...b.map((f) => f.tableOrder)),
    )[0]!;
    const refFact = reference.find((f) => f.cell !== undefined) ?? reference[0]!;
    for (const f of reference)
      if (f.cell !== undefined)
        checks.push({ kind: 'cross-table', tableId: f.tableId, address: f.cell.address, status: 'ok' });
    for (const cluster of clusters) {
      if (cluster === reference) continue;
      for (const f of cluster) {
        if (f.cell === undefined || f.n === undefined) continue;
        const C = inUnitOf(f, refFact)!;
        const guess = guessCause(f.n, f.interval, C, 'cross-table');
        const cause = causeText(guess, f.printedText);
        const others = members.filter((m) => m !== f && !unitClash.has(m));
        const related = others.map((m) => ref(m, agree(f, m) === true));
        const disagree = related.filter((r) => !r.agrees);
        const agreeing = related.filter((r) => r.agrees);
        const list = (rs: FindingRef[], zh: boolean) =>
          rs
            .map((r) =>
              zh ? `《${r.tableTitle}》${r.address} ${r.printed}` : `${r.tableTitle} ${r.address} ${r.printed}`,
            )
            .join(zh ? '、' : ', ');
        const mid = iMid(C);
        const d = f.n.decimals + 2;
        checks.push({ kind: 'cross-table', tableId: f.tableId, address: f.cell.address, status: 'mismatch' });
        findings.push({
          kind: 'cross-table',
          cause: guess.cause,
          tableId: f.tableId,
          tableTitle: f.tableTitle,
          address: f.cell.address,
          row: f.cell.row,
          column: f.cell.column,
          ...(f.cell.part === undefined ? {} : { part: f.cell.part }),
          rowLabel: f.rowLabel,
          columnLabel: f.columnLabel,
          printed: f.printedText,
          computed: showNumber(mid, d),
          difference: showNumber(rational(f.n.value.p * mid.q - mid.p * f.n.value.q, f.n.value.q * mid.q), d),
          related,
          ...(guess.factor === undefined ? {} : { factor: showNumber(guess.factor, 8) }),
          messageZh: `同一数量“${f.quantity}”：本表印 ${f.printedText}，而 ${list(disagree, true)} 不同${agreeing.length > 0 ? `（与 ${list(agreeing, true)} 相同）` : ''}`,
          messageEn: `the same quantity "${f.quantity}": this table prints ${f.printedText}, unlike ${list(disagree, false)}${agreeing.length > 0 ? ` (as ${list(agreeing, false)})` : ''}`,
          causeZh: cause.zh,
          causeEn: cause.en,
        });
      }
    }
  }
}
