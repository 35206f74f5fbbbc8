/**
 * The checks inside one table: every printed total against its parts, every share against its part and total
 * (and each set of shares against 100 %), every declared derived figure against its formula, and units that
 * contradict their figures. All comparisons are interval comparisons (interval.ts): rounding within the printed
 * precision is never flagged.
 */
import { rational, type Rational } from '../quantity/decimal.js';
import type { AuditTableRules } from './audit-rules.js';
import {
  causeText,
  guessCause,
  showNumber,
  toleranceOf,
  type AuditCheck,
  type AuditFinding,
  type CauseGuess,
  type FindingKind,
} from './audit-finding.js';
import { evaluateFormula, formulaRefs, parseFormula, FormulaError } from './formula.js';
import {
  formatFixed,
  iAdd,
  iDiv,
  iMid,
  iOverlaps,
  iScale,
  point,
  precisionStatus,
  ratAdd,
  ratCmp,
  ratDiv,
  ratMul,
  ratSub,
  type Interval,
} from './interval.js';
import type { AuditUnit } from './printed-number.js';
import type { UncheckedCell } from './unchecked.js';
import {
  boundStatus,
  multipleBound,
  parsePrintedBound,
  parsePrintedMultiple,
  type PrintedBound,
} from './printed-bound.js';
import type { PrintedCell } from './printed-table.js';
import {
  findLines,
  normLabel,
  partsOf,
  valueInterval,
  type CellValue,
  type Line,
  type TableLayout,
} from './table-layout.js';

/** A problem with the rules themselves (a line or reference that names nothing, a formula that does not parse). */
export interface AuditRuleProblem {
  readonly tableId: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

export interface TableAudit {
  readonly findings: AuditFinding[];
  readonly checks: AuditCheck[];
  readonly problems: AuditRuleProblem[];
  /** Printed figures a check would have covered but could not (a part that is no readable number). */
  readonly unchecked: UncheckedCell[];
}

type NumberValue = Extract<CellValue, { kind: 'number' }>;

/** The value's interval expressed in `target`'s unit (as printed when either unit is unknown or they differ). */
export function intervalIn(v: NumberValue, target: AuditUnit | undefined): Interval {
  const i = valueInterval(v);
  if (v.unit === undefined || target === undefined || v.unit.dimension !== target.dimension) return i;
  if (ratCmp(v.unit.factor, target.factor) === 0) return i;
  return iScale(i, ratDiv(v.unit.factor, target.factor));
}

export interface Comparison {
  readonly kind: FindingKind;
  readonly tableId: string;
  readonly tableTitle: string;
  readonly value: NumberValue;
  readonly rowLabel: string;
  readonly columnLabel: string;
  readonly computed: Interval;
  /** The computed figure from the printed inputs taken at face value (default: the interval's midpoint). */
  readonly nominal?: Rational;
  /** Decimals to show the computed figure with. */
  readonly decimals: number;
  readonly inputs: readonly string[];
  readonly parts?: readonly { readonly address: string; readonly printed: string; readonly interval: Interval }[];
  readonly formula?: string;
  readonly message: (printed: string, computed: string, diff: string, tol: string) => { zh: string; en: string };
  readonly cause?: CauseGuess;
  /** Report even when the intervals meet (a share set that misses 100 % while its printed total reads 100). */
  readonly force?: boolean;
}

/** Compares a printed figure with what it should be; a finding when they cannot be the same number. */
export function compare(c: Comparison): { check: AuditCheck; finding?: AuditFinding } {
  const P = valueInterval(c.value);
  const C = c.computed;
  const cell = c.value.cell;
  const d = c.value.n.decimals;
  const status =
    c.force === true ? 'mismatch' : precisionStatus({ value: c.value.n.value, decimals: d, interval: P }, C);
  // an approximate figure ("约1800") is checked with a wider tolerance, and says so
  const approx = c.value.n.approximate
    ? { noteZh: '约数，按 ±5% 核对', noteEn: 'approximate figure, checked to ±5 %' }
    : undefined;
  const check: AuditCheck = { kind: c.kind, tableId: c.tableId, address: cell.address, status, ...approx };
  if (status !== 'mismatch') return { check };
  const mid = c.nominal ?? iMid(C);
  const computed = showNumber(mid, c.decimals);
  const difference = showNumber(ratSub(c.value.n.value, mid), c.decimals);
  const tolerance = showNumber(toleranceOf(P, C), Math.max(c.decimals, d) + 2);
  const guess = c.cause ?? guessCause(c.value.n, P, C, c.kind, c.parts ?? [], { nominal: mid });
  const cause = causeText(guess, cell.text);
  const plain = c.message(cell.text, computed, difference, tolerance);
  const msg =
    approx === undefined ? plain : { zh: `${plain.zh}（${approx.noteZh}）`, en: `${plain.en} (${approx.noteEn})` };
  return {
    check,
    finding: {
      // a total far from its parts' magnitude is a suspected-garbled finding, not a plain mismatch
      kind: guess.cause === 'garbled' ? 'garbled' : c.kind,
      cause: guess.cause,
      tableId: c.tableId,
      tableTitle: c.tableTitle,
      address: cell.address,
      row: cell.row,
      column: cell.column,
      ...(cell.part === undefined ? {} : { part: cell.part }),
      rowLabel: c.rowLabel,
      columnLabel: c.columnLabel,
      printed: cell.text,
      computed,
      difference,
      tolerance,
      inputs: c.inputs,
      ...(c.formula === undefined ? {} : { formula: c.formula }),
      ...(guess.factor === undefined ? {} : { factor: showNumber(guess.factor, 8) }),
      messageZh: msg.zh,
      messageEn: msg.en,
      causeZh: cause.zh,
      causeEn: cause.en,
    },
  };
}

function sumIntervals(xs: readonly Interval[]): Interval {
  return xs.reduce((a, b) => iAdd(a, b), point(rational(0n)));
}

function maxDecimals(values: readonly CellValue[]): number {
  return Math.max(0, ...values.map((v) => (v.kind === 'number' ? v.n.decimals : 0)));
}

/** One way to read a share line: of the column total, of the line's own total, of a declared line. */
interface ShareReading {
  readonly zh: string;
  readonly en: string;
  readonly rowOwn: boolean;
  readonly at: (i: number) =>
    | {
        readonly computed: Interval;
        readonly nominal: Rational | undefined;
        readonly inputs: readonly string[];
        readonly formulaZh: string;
      }
    | undefined;
}

/** Runs every in-table check of one table. */
export function checkTable(layout: TableLayout, rules: AuditTableRules): TableAudit {
  const out: TableAudit = { findings: [], checks: [], problems: [], unchecked: [] };
  const { table } = layout;
  const push = (r: { check: AuditCheck; finding?: AuditFinding }): void => {
    out.checks.push(r.check);
    if (r.finding !== undefined) out.findings.push(r.finding);
  };
  const dataRows = layout.rows.filter((l) => l.kind !== 'section' && l.kind !== 'note' && !l.ignored);
  const at = (line: Line, pos: Line): CellValue =>
    line.axis === 'row' ? layout.value(line.index, pos.index) : layout.value(pos.index, line.index);
  const labels = (line: Line, pos: Line): { rowLabel: string; columnLabel: string } =>
    line.axis === 'row'
      ? { rowLabel: line.label, columnLabel: pos.label }
      : { rowLabel: pos.label, columnLabel: line.label };

  // Totals.
  for (const axis of ['row', 'column'] as const) {
    const lines = axis === 'row' ? layout.rows : layout.columns;
    const positions = axis === 'row' ? layout.columns : dataRows;
    for (const total of lines.filter((l) => l.kind === 'total' && !l.ignored && l.additive)) {
      const parts = partsOf(total, lines);
      if (parts.length === 0 || parts.some((p) => !p.additive)) continue;
      for (const pos of positions) {
        if (!pos.additive || pos.ignored || pos.share) continue;
        const tv = at(total, pos);
        if (tv.kind !== 'number' || tv.n.percent) continue;
        const pvs = parts.map((p) => at(p, pos));
        const unread = pvs.filter((v) => v.kind === 'text');
        if (unread.length > 0) {
          const list = unread.map((v) => `${v.cell.address}“${v.cell.text}”`).join('、');
          out.unchecked.push({
            tableId: table.id,
            address: tv.cell.address,
            printed: tv.cell.text,
            reasonZh: `${total.label}未核对：分项 ${list} 不能读作一个数`,
            reasonEn: `${total.label} not checked: part ${list} is not one readable figure`,
          });
          continue;
        }
        if (pvs.some((v) => v.kind === 'number' && v.n.percent)) continue;
        if (pvs.every((v) => v.kind === 'blank')) continue;
        const partIntervals = pvs.map((v) => (v.kind === 'number' ? intervalIn(v, tv.unit) : point(rational(0n))));
        const printedParts = pvs.flatMap((v, i) =>
          v.kind === 'number' ? [{ address: v.cell.address, printed: v.cell.text, interval: partIntervals[i]! }] : [],
        );
        const totalWord = total.label;
        push(
          compare({
            kind: 'total',
            tableId: table.id,
            tableTitle: table.title,
            value: tv,
            ...labels(total, pos),
            computed: sumIntervals(partIntervals),
            decimals: Math.max(tv.n.decimals, maxDecimals(pvs)),
            inputs: printedParts.map((p) => p.address),
            parts: printedParts,
            message: (p, c, diff, tol) => ({
              zh: `${totalWord} 印为 ${p}，${parts.length} 个分项之和为 ${c}（差 ${diff}，印出精度只容许 ±${tol}）`,
              en: `${totalWord} prints ${p} but its ${parts.length} parts add up to ${c} (difference ${diff}; printed precision allows ±${tol})`,
            }),
          }),
        );
      }
    }
  }

  // Shares.
  for (const axis of ['row', 'column'] as const) {
    const lines = axis === 'row' ? layout.rows : layout.columns;
    const otherLines = axis === 'row' ? layout.columns : dataRows;
    const grand = [...otherLines]
      .filter((l) => l.kind === 'total' && l.group.length === 0)
      .sort((a, b) => b.totalLevel - a.totalLevel)[0];
    for (const share of lines.filter((l) => l.share && !l.ignored)) {
      const declared = rules.shares.find((s) => findLines(layout, s.line).includes(share));
      // Without a total line, only a distribution (the share line is the table's one figure line) must reach 100 %.
      const distribution =
        grand === undefined &&
        declared === undefined &&
        lines.filter((l) => !l.ignored && l.kind !== 'section' && l.kind !== 'note').length === 1;
      if (grand === undefined && declared === undefined && !distribution) continue;
      let base: Line | undefined;
      if (declared?.of !== undefined) {
        base = findLines(layout, declared.of).find((l) => l.axis === share.axis);
        if (base === undefined)
          out.problems.push({
            tableId: table.id,
            messageZh: `规则中的占比基数“${declared.of}”在表中找不到`,
            messageEn: `share base "${declared.of}" names no line of the table`,
          });
      } else {
        base = [...lines]
          .filter((l) => l.index < share.index && l.additive && !l.share && l.kind !== 'section' && l.kind !== 'note')
          .pop();
      }
      const positions =
        grand !== undefined ? partsOf(grand, otherLines) : otherLines.filter((l) => l.kind === 'detail' && !l.ignored);
      const values = positions.map((p) => at(share, p));
      if (values.some((v) => v.kind === 'text') || values.every((v) => v.kind === 'blank')) continue;
      // Each share against part ÷ total × 100, on the basis the printed figures fit: the part's share of the
      // column total, or of its own line's total (保障性住房占比 = 保障性住房 ÷ 本行合计).
      const readings: ShareReading[] = [];
      if (base !== undefined) {
        const baseTotalValue = grand === undefined ? undefined : at(base, grand);
        const baseParts = positions.map((p) => at(base, p));
        const baseTotal =
          baseTotalValue?.kind === 'number'
            ? valueInterval(baseTotalValue)
            : baseParts.every((v) => v.kind !== 'text')
              ? sumIntervals(baseParts.map((v) => (v.kind === 'number' ? valueInterval(v) : point(rational(0n)))))
              : undefined;
        const baseTotalNominal =
          baseTotalValue?.kind === 'number'
            ? baseTotalValue.n.value
            : baseParts.reduce((acc, v) => (v.kind === 'number' ? ratAdd(acc, v.n.value) : acc), rational(0n));
        const totalName = declared?.of ?? (baseTotalValue?.kind === 'number' ? baseTotalValue.cell.address : '合计');
        readings.push({
          zh: declared?.of === undefined ? `占${base.label}列合计` : `占“${declared.of}”`,
          en: declared?.of === undefined ? `of the ${base.label} column total` : `of "${declared.of}"`,
          rowOwn: false,
          at: (i) => {
            const bv = baseParts[i];
            if (bv?.kind !== 'number' || baseTotal === undefined) return undefined;
            const q = iDiv(valueInterval(bv), baseTotal);
            if (q === undefined) return undefined;
            return {
              computed: iScale(q, rational(100n)),
              nominal:
                ratCmp(baseTotalNominal, rational(0n)) === 0
                  ? undefined
                  : ratMul(ratDiv(bv.n.value, baseTotalNominal), rational(100n)),
              inputs: [bv.cell.address, ...(baseTotalValue?.kind === 'number' ? [baseTotalValue.cell.address] : [])],
              formulaZh: `${bv.cell.address} ÷ ${totalName}`,
            };
          },
        });
      }
      // the line's own total: a numerator named by the share's label (or the line before it) over the total line
      const ownTotal = lines.find((l) => l.kind === 'total' && l.group.length === 0 && !l.ignored && l !== share);
      const stem = normLabel(share.label).replace(/(占比|比重|比例|份额|构成)$/, '');
      const numerator =
        (stem === ''
          ? undefined
          : lines.find((l) => l !== share && !l.share && l.additive && normLabel(l.label) === stem)) ??
        (base !== undefined && base.kind !== 'total' ? base : undefined);
      if (declared === undefined && ownTotal !== undefined && numerator !== undefined && numerator !== ownTotal) {
        readings.push({
          zh: `占本${axis === 'row' ? '列' : '行'}${ownTotal.label}`,
          en: `of the same ${axis === 'row' ? 'column' : 'row'}'s ${ownTotal.label}`,
          rowOwn: true,
          at: (i) => {
            const p = positions[i]!;
            const nv = at(numerator, p);
            const tv = at(ownTotal, p);
            if (nv.kind !== 'number' || tv.kind !== 'number') return undefined;
            const q = iDiv(valueInterval(nv), valueInterval(tv));
            if (q === undefined || ratCmp(tv.n.value, rational(0n)) === 0) return undefined;
            return {
              computed: iScale(q, rational(100n)),
              nominal: ratMul(ratDiv(nv.n.value, tv.n.value), rational(100n)),
              inputs: [nv.cell.address, tv.cell.address],
              formulaZh: `${nv.cell.address} ÷ ${tv.cell.address}`,
            };
          },
        });
      }
      let chosen: ShareReading | undefined;
      if (readings.length > 0) {
        const fits = readings.map((r) =>
          positions.reduce((n, _, i) => {
            const sv = values[i];
            const c = r.at(i);
            if (sv?.kind !== 'number' || c === undefined) return n;
            return iOverlaps(valueInterval(sv), c.computed) ? n + 1 : n;
          }, 0),
        );
        const best = Math.max(...fits);
        chosen = readings[fits.indexOf(best)]!;
        const cells = positions.flatMap((p, i) => {
          const sv = values[i];
          return sv?.kind === 'number' && chosen!.at(i) !== undefined ? [{ p, i, sv }] : [];
        });
        if (readings.length > 1 && cells.length > 1 && best * 2 < cells.length) {
          // no reading fits: one finding naming the readings tried, never one per reading
          const first = cells[0]!;
          const tried = readings.map((r) => r.zh).join('、');
          const triedEn = readings.map((r) => r.en).join(', ');
          const c = chosen.at(first.i)!;
          push(
            compare({
              kind: 'share',
              tableId: table.id,
              tableTitle: table.title,
              value: first.sv,
              ...labels(share, first.p),
              computed: c.computed,
              ...(c.nominal === undefined ? {} : { nominal: c.nominal }),
              decimals: first.sv.n.decimals + 2,
              inputs: cells.map((x) => x.sv.cell.address),
              cause: { cause: 'definition' },
              force: true,
              message: () => ({
                zh: `${share.label}：按${tried}算，印出的 ${cells.length} 个占比都对不上（最多 ${best} 个相符）`,
                en: `${share.label}: none of the readings (${triedEn}) fits the ${cells.length} printed shares (at most ${best} fit)`,
              }),
            }),
          );
        } else {
          for (const { p, i, sv } of cells) {
            const c = chosen.at(i)!;
            const basis = chosen;
            push(
              compare({
                kind: 'share',
                tableId: table.id,
                tableTitle: table.title,
                value: sv,
                ...labels(share, p),
                computed: c.computed,
                ...(c.nominal === undefined ? {} : { nominal: c.nominal }),
                decimals: sv.n.decimals + 2,
                inputs: c.inputs,
                message: (pr, cc, diff) => ({
                  zh: `占比（${basis.zh}）印为 ${pr}，按 ${c.formulaZh} × 100 算得 ${cc}%（差 ${diff}）`,
                  en: `share (${basis.en}) printed ${pr}; ${c.formulaZh} × 100 gives ${cc} % (difference ${diff})`,
                }),
              }),
            );
          }
        }
      }
      // shares of each line's own total do not add up to 100 %
      if (chosen?.rowOwn === true) continue;
      // The set of shares against 100 %.
      const shareIntervals = values.map((v) => (v.kind === 'number' ? valueInterval(v) : point(rational(0n))));
      const sum = sumIntervals(shareIntervals);
      const hundred = point(rational(100n));
      const totalShare = grand === undefined ? undefined : at(share, grand);
      // Only a complete set of shares must reach 100 % (003 prints 甘州区's share alone).
      if (values.some((v) => v.kind !== 'number')) continue;
      const last = [...values].reverse().find((v) => v.kind === 'number') as NumberValue | undefined;
      const anchor: NumberValue | undefined = totalShare?.kind === 'number' ? totalShare : last;
      if (anchor === undefined) continue;
      const anchorPos = anchor === totalShare ? grand! : positions[values.lastIndexOf(anchor)]!;
      const sumText = showNumber(iMid(sum), Math.max(...values.map((v) => (v.kind === 'number' ? v.n.decimals : 0))));
      const inputs = values.flatMap((v) => (v.kind === 'number' ? [v.cell.address] : []));
      if (!iOverlaps(sum, hundred)) {
        push(
          compare({
            kind: 'share-sum',
            tableId: table.id,
            tableTitle: table.title,
            value: anchor,
            ...labels(share, anchorPos),
            computed: sum,
            decimals: anchor.n.decimals,
            inputs,
            cause: { cause: 'share-sum' },
            force: true,
            message: (pr) => ({
              zh: `${values.length} 项占比之和为 ${sumText}%，不是 100%${anchor === totalShare ? `（合计行印 ${pr}）` : ''}`,
              en: `the ${values.length} shares add up to ${sumText} %, not 100 %${anchor === totalShare ? ` (the total row prints ${pr})` : ''}`,
            }),
          }),
        );
      } else if (anchor === totalShare) {
        push(
          compare({
            kind: 'share-sum',
            tableId: table.id,
            tableTitle: table.title,
            value: anchor,
            ...labels(share, anchorPos),
            computed: hundred,
            decimals: anchor.n.decimals,
            inputs,
            message: (pr) => ({
              zh: `合计行的占比印为 ${pr}，应为 100%`,
              en: `the total share prints ${pr}, not 100 %`,
            }),
          }),
        );
      } else {
        out.checks.push({
          kind: 'share-sum',
          tableId: table.id,
          address: anchor.cell.address,
          status: formatFixed(iMid(sum), anchor.n.decimals) === '100' ? 'ok' : 'within-precision',
          inputs,
        });
      }
    }
  }

  // 其中 lines: each at most its parent, and together at most it.
  for (const axis of ['row', 'column'] as const) {
    const lines = axis === 'row' ? dataRows : layout.columns;
    const positions = axis === 'row' ? layout.columns : dataRows;
    const groups = new Map<Line, Line[]>();
    // a 其中 line belongs to the nearest line above it measured alike ("其中：公共租赁住房 1200 套" under
    // "保障性住房 3464 套", past "保障性住房建筑面积 25.52 万平方米")
    const above: Line[] = [];
    for (const l of lines) {
      if (l.kind === 'of-which') {
        const parent = [...above]
          .reverse()
          .find((p) => p.unit === undefined || l.unit === undefined || p.unit.dimension === l.unit.dimension);
        if (parent !== undefined && !l.ignored) groups.set(parent, [...(groups.get(parent) ?? []), l]);
      } else if (l.kind === 'detail' || l.kind === 'total') above.push(l);
    }
    for (const [whole, subs] of groups) {
      if (!whole.additive || whole.share || whole.ignored) continue;
      const additiveSubs = subs.filter((l) => l.additive && !l.share);
      for (const pos of positions) {
        if (!pos.additive || pos.ignored || pos.share) continue;
        const wv = at(whole, pos);
        if (wv.kind !== 'number' || wv.n.percent) continue;
        const svs = additiveSubs
          .map((line) => ({ line, v: at(line, pos) }))
          .filter((x): x is { line: Line; v: NumberValue } => x.v.kind === 'number' && !x.v.n.percent);
        const sets = svs.map((x) => [x]);
        if (svs.length > 1) sets.push(svs);
        for (const set of sets) push(subsetCheck(layout, whole, pos, wv, set, axis));
      }
    }
  }

  // Declared derived lines.
  const multiplesDone = new Set<string>();
  for (const rule of rules.derived) {
    const targets = findLines(layout, rule.line);
    const target = targets[0];
    if (target === undefined) {
      out.problems.push({
        tableId: table.id,
        messageZh: `规则中的派生行/列“${rule.line}”在表中找不到`,
        messageEn: `derived line "${rule.line}" names no line of the table`,
      });
      continue;
    }
    let node;
    try {
      node = parseFormula(rule.formula);
    } catch (e) {
      const reason = e instanceof FormulaError ? e.reason : String(e);
      out.problems.push({
        tableId: table.id,
        messageZh: `公式“${rule.formula}”无法解析：${reason}`,
        messageEn: `formula "${rule.formula}" does not parse: ${reason}`,
      });
      continue;
    }
    const refLines = new Map<string, Line>();
    let missing = false;
    for (const ref of formulaRefs(node)) {
      const found = findLines(layout, ref).find((l) => l.axis === target.axis);
      if (found === undefined) {
        missing = true;
        out.problems.push({
          tableId: table.id,
          messageZh: `公式中的“${ref}”在表中找不到（应与“${rule.line}”同为行或同为列）`,
          messageEn: `"${ref}" in the formula names no ${target.axis} of the table`,
        });
      } else refLines.set(ref, found);
    }
    if (missing) continue;
    const positions = target.axis === 'row' ? layout.columns : dataRows;
    for (const pos of positions) {
      if (pos.ignored) continue;
      const tv = at(target, pos);
      if (tv.kind === 'blank') continue;
      const used: string[] = [];
      const unread: string[] = [];
      const computed = evaluateFormula(node, (ref) => {
        const line = refLines.get(ref);
        if (line === undefined) return undefined;
        const v = at(line, pos);
        if (v.kind !== 'number') {
          if (v.kind === 'text') unread.push(`${v.cell.address}“${v.cell.text}”`);
          return undefined;
        }
        used.push(v.cell.address);
        return valueInterval(v);
      });
      if (computed === undefined) {
        // a formula input that is a bound, a range or text: said, never skipped silently
        if (unread.length > 0) {
          out.unchecked.push({
            tableId: table.id,
            address: tv.cell.address,
            printed: tv.cell.text,
            reasonZh: `${target.label}未核对：公式 ${rule.formula} 用到的 ${unread.join('、')} 不是一个数`,
            reasonEn: `${target.label} not checked: ${unread.join(', ')} used by ${rule.formula} is not one figure`,
          });
        }
        continue;
      }
      if (tv.kind === 'text') {
        const multiple = multipleAt(layout, rules, target, pos, tv.cell.text);
        if (multiple !== undefined) multiplesDone.add(tv.cell.address);
        const bound = parsePrintedBound(tv.cell.text) ?? multiple?.bound;
        if (multiple !== undefined) used.push(multiple.base.cell.address);
        if (bound !== undefined)
          push(boundCheck(layout, target, pos, tv.cell, bound, computed, used, rule.formula, axisOf(target)));
        continue;
      }
      const nominal = evaluateFormula(node, (ref) => {
        const line = refLines.get(ref);
        const v = line === undefined ? undefined : at(line, pos);
        return v?.kind === 'number' ? point(v.n.value) : undefined;
      });
      push(
        compare({
          kind: 'derived',
          tableId: table.id,
          tableTitle: table.title,
          value: tv,
          ...labels(target, pos),
          computed,
          ...(nominal === undefined ? {} : { nominal: nominal.lo }),
          decimals: tv.n.decimals + 2,
          inputs: used,
          formula: rule.formula,
          message: (p, c, diff) => ({
            zh: `${target.label} 印为 ${p}，按 ${rule.formula} 算得 ${c}（差 ${diff}）`,
            en: `${target.label} prints ${p}; ${rule.formula} gives ${c} (difference ${diff})`,
          }),
        }),
      );
    }
  }

  // 翻一番 / 翻两番 without a formula: the line's later figure against the multiple of its base (a column of such
  // words alone is no figure column, so every cell right of the labels is looked at).
  const figureColumns = (table.grid[0] ?? [])
    .map((_, ci) => ci)
    .filter((ci) => !layout.labelColumns.includes(ci) && ci !== layout.unitColumn && ci !== layout.serialColumn);
  for (const row of dataRows) {
    for (const ci of figureColumns) {
      const v = layout.value(row.index, ci);
      if (v.kind !== 'text' || multiplesDone.has(v.cell.address)) continue;
      const col = layout.columns.find((c) => c.index === ci) ?? {
        index: ci,
        label: table.grid
          .slice(0, layout.headerRows)
          .map((r) => r[ci]?.text ?? '')
          .filter((t) => t !== '')
          .join(' / '),
        year: undefined,
      };
      for (const [target, pos] of [
        [row, col],
        [layout.columns.find((c) => c.index === ci), row],
      ] as const) {
        if (target === undefined) continue;
        const multiple = multipleAt(layout, rules, target, pos, v.cell.text);
        if (multiple === undefined) continue;
        const figure = multipleFigure(layout, target, pos, multiple.base);
        if (figure === undefined) continue;
        const shown = `${figure.line.label}（${figure.v.cell.address}）`;
        push(
          boundCheck(
            layout,
            target,
            pos,
            v.cell,
            multiple.bound,
            valueInterval(figure.v),
            [multiple.base.cell.address, figure.v.cell.address],
            shown,
            axisOf(target),
          ),
        );
        break;
      }
    }
  }

  // Units that contradict their figures.
  for (const row of dataRows) {
    for (const col of layout.columns) {
      const v = layout.value(row.index, col.index);
      if (v.kind !== 'number' || v.unit === undefined || !v.unit.integral || v.n.value.q === 1n) continue;
      if (!row.additive || !col.additive || col.ignored) continue;
      const unit = v.unit.label;
      out.checks.push({ kind: 'unit', tableId: table.id, address: v.cell.address, status: 'mismatch' });
      const cause = causeText({ cause: 'unit-label' }, v.cell.text);
      out.findings.push({
        kind: 'unit',
        cause: 'unit-label',
        tableId: table.id,
        tableTitle: table.title,
        address: v.cell.address,
        row: v.cell.row,
        column: v.cell.column,
        ...(v.cell.part === undefined ? {} : { part: v.cell.part }),
        rowLabel: row.label,
        columnLabel: col.label,
        printed: v.cell.text,
        messageZh: `以“${unit}”计的数不会有小数，${v.cell.text}（${formatFixed(v.n.value, v.n.decimals)} ${unit}）疑为面积或“万${unit}”`,
        messageEn: `a count in ${unit} has no decimals: ${v.cell.text} is probably an area or in 万${unit} (10⁴)`,
        causeZh: cause.zh,
        causeEn: cause.en,
      });
    }
  }
  out.findings.push(...pairedUnitFindings(layout, dataRows));
  return out;
}

const BASE_LABEL = /基期|基数|基准|现状/;
const TARGET_LABEL = /目标|规划|预期|实际|完成|达到/;

/** A position along a line: a line of the other axis, or a column that holds no figure. */
type Position = Pick<Line, 'index' | 'label' | 'year'>;

/** The figures along `target` (one per position of the other axis), with their positions. */
function along(layout: TableLayout, target: Line): { line: Line; v: CellValue }[] {
  const positions = target.axis === 'row' ? layout.columns : layout.rows.filter((l) => l.kind !== 'section');
  return positions
    .filter((p) => !p.ignored)
    .map((p) => ({
      line: p,
      v: target.axis === 'row' ? layout.value(target.index, p.index) : layout.value(p.index, target.index),
    }));
}

/**
 * A "翻一番" printed on `target` at `pos` as a bound over its base: the base is the figure of `target` at the
 * position the rules' `base` names, else at one labelled 基期 / 基数 / 基准 / 现状, else at its earliest year
 * (earlier than `pos`'s own year, if it has one). Undefined when the text is no multiple or no base is found.
 */
function multipleAt(
  layout: TableLayout,
  rules: AuditTableRules,
  target: Line,
  pos: Position,
  text: string,
): { bound: PrintedBound; base: NumberValue } | undefined {
  const m = parsePrintedMultiple(text);
  if (m === undefined) return undefined;
  const figures = along(layout, target).filter(
    (x): x is { line: Line; v: NumberValue } => x.line.index !== pos.index && x.v.kind === 'number' && !x.v.n.percent,
  );
  const named = rules.base === undefined ? [] : findLines(layout, rules.base).filter((l) => l.axis !== target.axis);
  const years = figures
    .filter((x) => x.line.year !== undefined && (pos.year === undefined || x.line.year < pos.year))
    .sort((a, b) => (a.line.year ?? '').localeCompare(b.line.year ?? ''));
  const base =
    figures.find((x) => named.includes(x.line)) ??
    (rules.base === undefined ? (figures.find((x) => BASE_LABEL.test(x.line.label)) ?? years[0]) : undefined);
  if (base === undefined) return undefined;
  const name = `${base.line.label} ${base.v.cell.text}（${base.v.cell.address}）`;
  return { bound: multipleBound(m, base.v.n.value, base.v.n.decimals, name), base: base.v };
}

/** The figure a 翻一番 on `target` speaks of: its latest year after the base, else one labelled 目标 / 规划 / 实际. */
function multipleFigure(
  layout: TableLayout,
  target: Line,
  pos: Position,
  base: NumberValue,
): { line: Line; v: NumberValue } | undefined {
  const figures = along(layout, target).filter(
    (x): x is { line: Line; v: NumberValue } =>
      x.line.index !== pos.index && x.v.kind === 'number' && !x.v.n.percent && x.v.cell.address !== base.cell.address,
  );
  const baseYear = along(layout, target).find((x) => x.v.cell.address === base.cell.address)?.line.year;
  const later = figures
    .filter((x) => x.line.year !== undefined && (baseYear === undefined || x.line.year > baseYear))
    .sort((a, b) => (b.line.year ?? '').localeCompare(a.line.year ?? ''));
  return later[0] ?? figures.find((x) => TARGET_LABEL.test(x.line.label));
}

function axisOf(line: Line): 'row' | 'column' {
  return line.axis;
}

/** A figure printed as a bound or range ("不低于70", "20%以上", "2861—3461") against what its formula gives. */
function boundCheck(
  layout: TableLayout,
  target: Line,
  pos: Pick<Line, 'label'>,
  cell: PrintedCell,
  bound: PrintedBound,
  computed: Interval,
  inputs: readonly string[],
  formula: string,
  axis: 'row' | 'column',
): { check: AuditCheck; finding?: AuditFinding } {
  const { table } = layout;
  const decimals = bound.decimals;
  const status = boundStatus(bound, computed, decimals);
  const shown = showNumber(iMid(computed), decimals + 2);
  const verdictZh = status === 'mismatch' ? '不满足' : status === 'ok' ? '满足' : '在印出精度内满足';
  const verdictEn = status === 'mismatch' ? 'not met' : status === 'ok' ? 'met' : 'met within the printed precision';
  const noteZh = `${bound.zh}：按 ${formula} 算得 ${shown}，${verdictZh}`;
  const noteEn = `${bound.en}: ${formula} gives ${shown}, ${verdictEn}`;
  const check: AuditCheck = {
    kind: 'derived',
    tableId: table.id,
    address: cell.address,
    status,
    inputs,
    noteZh,
    noteEn,
  };
  if (status !== 'mismatch') return { check };
  const cause = causeText({ cause: 'definition' }, cell.text);
  return {
    check,
    finding: {
      kind: 'derived',
      cause: 'definition',
      tableId: table.id,
      tableTitle: table.title,
      address: cell.address,
      row: cell.row,
      column: cell.column,
      ...(cell.part === undefined ? {} : { part: cell.part }),
      rowLabel: axis === 'row' ? target.label : pos.label,
      columnLabel: axis === 'row' ? pos.label : target.label,
      printed: cell.text,
      computed: shown,
      inputs,
      formula,
      messageZh: `${target.label} 印为“${cell.text}”（${bound.zh}），按 ${formula} 算得 ${shown}，不满足`,
      messageEn: `${target.label} prints "${cell.text}" (${bound.en}); ${formula} gives ${shown}, which does not meet it`,
      causeZh: cause.zh,
      causeEn: cause.en,
    },
  };
}

/** 其中 figures (one, or all of a parent's together) against their parent: their sum may not exceed it. */
function subsetCheck(
  layout: TableLayout,
  whole: Line,
  pos: Line,
  wv: NumberValue,
  subs: readonly { readonly line: Line; readonly v: NumberValue }[],
  axis: 'row' | 'column',
): { check: AuditCheck; finding?: AuditFinding } {
  const { table } = layout;
  const set = subs.map((x) => x.v);
  const sum = sumIntervals(set.map((v) => intervalIn(v, wv.unit)));
  const W = valueInterval(wv);
  const anchor = set.length === 1 ? set[0]! : wv;
  const nominalSum = set.reduce((a, v) => ratAdd(a, v.n.value), rational(0n));
  const sameUnit = set.every((v) => v.unit === undefined || wv.unit === undefined || v.unit.label === wv.unit.label);
  const status =
    sameUnit && ratCmp(nominalSum, wv.n.value) <= 0
      ? 'ok'
      : ratCmp(sum.lo, W.hi) <= 0
        ? 'within-precision'
        : 'mismatch';
  const inputs = [wv, ...set].filter((v) => v !== anchor).map((v) => v.cell.address);
  const check: AuditCheck = { kind: 'subset', tableId: table.id, address: anchor.cell.address, status, inputs };
  if (status !== 'mismatch') return { check };
  const decimals = Math.max(wv.n.decimals, ...set.map((v) => v.n.decimals));
  const sumText = showNumber(iMid(sum), decimals);
  const what = set.length === 1 ? `其中 ${anchor.cell.text}` : `${set.length} 项“其中”之和 ${sumText}`;
  const whatEn =
    set.length === 1 ? `"of which" ${anchor.cell.text}` : `the ${set.length} "of which" figures add up to ${sumText}`;
  const cause = causeText({ cause: 'subset-exceeds' }, anchor.cell.text);
  const line = subs.length === 1 ? subs[0]!.line : whole;
  const rowLabel = axis === 'row' ? line.label : pos.label;
  const columnLabel = axis === 'row' ? pos.label : line.label;
  return {
    check,
    finding: {
      kind: 'subset',
      cause: 'subset-exceeds',
      tableId: table.id,
      tableTitle: table.title,
      address: anchor.cell.address,
      row: anchor.cell.row,
      column: anchor.cell.column,
      ...(anchor.cell.part === undefined ? {} : { part: anchor.cell.part }),
      rowLabel,
      columnLabel,
      printed: anchor.cell.text,
      computed: set.length === 1 ? `≤ ${wv.cell.text}` : sumText,
      inputs,
      messageZh: `${what} 大于其所属的 ${whole.label} ${wv.cell.text}（${wv.cell.address}）`,
      messageEn: `${whatEn}, more than ${whole.label} ${wv.cell.text} (${wv.cell.address}) it is part of`,
      causeZh: cause.zh,
      causeEn: cause.en,
    },
  };
}

const TARGET = /目标|规划|计划/;
const ACTUAL = /完成|实际|现状|实现/;

/**
 * A target and an achieved column of one quantity (002's 十三五 table): when their printed units differ by a
 * prefix and the figures are absurd as printed (ratio beyond 100×) but ordinary with the prefix supplied
 * (within 10×), the cell without the prefix lacks it — "4092.44 m²" against "690 万m²".
 */
function pairedUnitFindings(layout: TableLayout, rows: readonly Line[]): AuditFinding[] {
  const target = layout.columns.find((c) => TARGET.test(c.label) && !ACTUAL.test(c.label));
  const actual = layout.columns.find((c) => ACTUAL.test(c.label));
  if (target === undefined || actual === undefined) return [];
  const out: AuditFinding[] = [];
  for (const row of rows) {
    const a = layout.value(row.index, target.index);
    const b = layout.value(row.index, actual.index);
    if (a.kind !== 'number' || b.kind !== 'number' || a.unit === undefined || b.unit === undefined) continue;
    if (a.unit.dimension !== b.unit.dimension || ratCmp(a.unit.factor, b.unit.factor) === 0) continue;
    const raw = ratDiv(b.n.value, a.n.value);
    const converted = ratDiv(ratMul(b.n.value, b.unit.factor), ratMul(a.n.value, a.unit.factor));
    const within = (r: Rational, lo: Rational, hi: Rational) => ratCmp(r, lo) >= 0 && ratCmp(r, hi) <= 0;
    if (within(converted, rational(1n, 100n), rational(100n))) continue;
    if (!within(raw, rational(1n, 10n), rational(10n))) continue;
    const [small, big] = ratCmp(a.unit.factor, b.unit.factor) < 0 ? [a, b] : [b, a];
    const ratio = ratDiv(big.unit!.factor, small.unit!.factor);
    const wan = ratCmp(ratio, rational(10000n)) === 0;
    const cause = causeText({ cause: wan ? 'unit-missing-wan' : 'unit-label' }, small.cell.text);
    const col = small === a ? target : actual;
    out.push({
      kind: 'unit',
      cause: wan ? 'unit-missing-wan' : 'unit-label',
      tableId: layout.table.id,
      tableTitle: layout.table.title,
      address: small.cell.address,
      row: small.cell.row,
      column: small.cell.column,
      ...(small.cell.part === undefined ? {} : { part: small.cell.part }),
      rowLabel: row.label,
      columnLabel: col.label,
      printed: small.cell.text,
      computed: `${small.cell.text.replace(/\s+/g, ' ')} → ${formatFixed(small.n.value, small.n.decimals)} ${big.unit!.label}`,
      inputs: [big.cell.address],
      messageZh: `同一指标的 ${big.cell.text}（${big.cell.address}）与 ${small.cell.text} 按所印单位相差 ${showNumber(ratDiv(ratMul(big.n.value, big.unit!.factor), ratMul(small.n.value, small.unit!.factor)), 0)} 倍；按 ${big.unit!.label} 读则为 ${showNumber(ratDiv(small.n.value, big.n.value), 2)} 倍，单位疑漏写`,
      messageEn: `${big.cell.text} (${big.cell.address}) and ${small.cell.text} measure one indicator yet differ ${showNumber(ratDiv(ratMul(big.n.value, big.unit!.factor), ratMul(small.n.value, small.unit!.factor)), 0)}-fold as printed; read in ${big.unit!.label} the ratio is ${showNumber(ratDiv(small.n.value, big.n.value), 2)}, so the unit is probably incomplete`,
      causeZh: cause.zh,
      causeEn: cause.en,
    });
  }
  return out;
}
