// Explanations of the values the API shows (SPEC §2 Provenance): a stored value goes back to its source cell, its
// revision and every revision that stated it; a rolled-up value to its formula and each month (or quarter) it used.
import {
  derive,
  formatPeriod,
  getDimension,
  getMeasure,
  given,
  monthsIn,
  periodOf,
  type Explained,
  type ExplainedInput,
  type ExplainedNote,
  type Labels,
  type MeasureDef,
  type SourceRef,
} from '@anju/core';
import {
  getPublishedValue,
  getRevision,
  getSeries,
  getValueHistory,
  type RevisionInfo,
  type SeriesPoint,
  type Store,
  type UnitRow,
  type ValueHistoryEntry,
} from '@anju/store';
import { messages, pick, type Lang } from './messages.js';

export interface ExplainRequest {
  readonly cityCode: string;
  readonly unit: UnitRow;
  readonly measure: MeasureDef;
  readonly dimension: string;
  readonly period: string;
  /** The language of the formula text. */
  readonly lang: Lang;
}

export interface ValueExplanation {
  readonly explained: Explained;
  /** The revision that set a stored value; for a rolled-up value, the latest revision among its inputs. */
  readonly revision: RevisionInfo | null;
  /** Every revision that stated a stored value, oldest first (empty for a rolled-up value). */
  readonly history: readonly ValueHistoryEntry[];
}

/**
 * Reads a source_ref `file!C5` or `file!sheet!C5` as a cell; the revision's file name tells the file part apart
 * from a sheet name that might contain `!`.
 *
 * @example parseSourceRef('a.xlsx!表1!C5', 'a.xlsx') // → { kind: 'cell', file: 'a.xlsx', sheet: '表1', row: 5, column: 'C' }
 */
export function parseSourceRef(ref: string, sourceFile: string | null): (SourceRef & { kind: 'cell' }) | undefined {
  let file: string;
  let rest: string;
  if (sourceFile !== null && ref.startsWith(`${sourceFile}!`)) {
    file = sourceFile;
    rest = ref.slice(sourceFile.length + 1);
  } else {
    const first = ref.indexOf('!');
    if (first < 0) return undefined;
    file = ref.slice(0, first);
    rest = ref.slice(first + 1);
  }
  const cut = rest.lastIndexOf('!');
  const sheet = cut < 0 ? undefined : rest.slice(0, cut);
  const m = /^([A-Z]{1,3})(\d+)$/.exec(cut < 0 ? rest : rest.slice(cut + 1));
  if (m === null) return undefined;
  return { kind: 'cell', file, ...(sheet === undefined ? {} : { sheet }), row: Number(m[2]), column: m[1]! };
}

function valueLabels(req: ExplainRequest, period: string): Labels {
  const p = periodOf(period);
  const dim = req.dimension === '' ? undefined : getDimension(req.dimension);
  const dimZh = req.dimension === '' ? '' : `（${dim?.nameZh ?? req.dimension}）`;
  const dimEn = req.dimension === '' ? '' : ` (${dim?.nameEn ?? req.dimension})`;
  return {
    zh: `${req.unit.nameZh} ${req.measure.nameZh}${dimZh} ${formatPeriod(p, 'zh')}`,
    en: `${req.unit.nameEn || req.unit.unitCode} ${req.measure.nameEn}${dimEn} ${formatPeriod(p, 'en')}`,
  };
}

function cellOf(entry: ValueHistoryEntry): SourceRef | undefined {
  if (entry.sourceRef === null) return undefined;
  const cell = parseSourceRef(entry.sourceRef, entry.sourceFile);
  return cell === undefined ? undefined : { ...cell, revisionId: entry.revisionId };
}

/** The explanation of the value shown for (unit, measure, dimension, period), or undefined when there is none. */
export async function explainValue(store: Store, req: ExplainRequest): Promise<ValueExplanation | undefined> {
  const key = {
    cityCode: req.cityCode,
    unitCode: req.unit.unitCode,
    measureCode: req.measure.code,
    dimension: req.dimension,
    period: req.period,
  };
  const stored = await getPublishedValue(store, key);
  if (stored !== undefined) {
    const history = await getValueHistory(store, key);
    const current = history.find((h) => h.revisionId === stored.revisionId);
    const revision = (await getRevision(store, { cityCode: req.cityCode, revisionId: stored.revisionId })) ?? null;
    const source = current === undefined ? undefined : cellOf(current);
    const inputs: ExplainedInput[] = history.map((h) => {
      const cell = cellOf(h);
      const name = messages.historyInput(h.revisionId, h.status);
      return {
        name: pick(name, req.lang),
        value: { value: h.value, uom: h.uom, ...(cell === undefined ? {} : { source: cell }) },
      };
    });
    const notes: ExplainedNote[] =
      revision === null ? [] : [{ level: 'info', ...asNote(messages.revisionNote(revision)) }];
    const explained: Explained = {
      ...given(stored.value, stored.uom, valueLabels(req, req.period), source),
      inputs,
      notes,
    };
    return { explained, revision, history };
  }

  const target = periodOf(req.period);
  if (target.grain !== 'quarter' && target.grain !== 'year') return undefined;
  const rolled = (
    await getSeries(store, {
      cityCode: req.cityCode,
      measureCode: req.measure.code,
      dimension: req.dimension,
      unitCodes: [req.unit.unitCode],
      fromPeriod: req.period,
      toPeriod: req.period,
      grain: target.grain,
      rollUp: req.measure.rollUp,
    })
  ).find((p) => p.period === req.period);
  if (rolled === undefined) return undefined;

  const parts = await finerParts(store, req, req.measure.code, req.dimension);
  const rule = req.measure.rollUp;
  const weights =
    rule.kind === 'weighted-mean'
      ? new Map(
          (await finerParts(store, req, rule.weightMeasure, rule.weightDimension ?? '')).map((w) => [w.period, w]),
        )
      : undefined;
  const weightUom = rule.kind === 'weighted-mean' ? (getMeasure(rule.weightMeasure)?.uom ?? '') : '';
  const inputs: ExplainedInput[] = parts.map((part) => {
    const p = periodOf(part.period);
    const labels = { zh: formatPeriod(p, 'zh'), en: formatPeriod(p, 'en') };
    const source: SourceRef = {
      kind: 'observation',
      cityCode: req.cityCode,
      unitCode: part.unitCode,
      measureCode: req.measure.code,
      dimension: req.dimension,
      period: part.period,
      revisionId: part.revisionId,
    };
    const month = given(part.value, req.measure.uom, labels, source);
    const weight = weights?.get(part.period);
    if (weights === undefined) return { name: pick(labels, req.lang), value: month };
    const weightInputs: ExplainedInput[] =
      weight === undefined
        ? []
        : [{ name: pick(messages.weight, req.lang), value: { value: weight.value, uom: weightUom } }];
    return { name: pick(labels, req.lang), value: { ...month, inputs: weightInputs } };
  });
  const notes: ExplainedNote[] = [];
  if (!rolled.complete) {
    const have = new Set(parts.map((p) => p.period));
    const grainOfParts = parts[0]?.periodGrain ?? 'month';
    const expected = grainOfParts === 'quarter' ? quartersIn(req.period) : monthsIn(periodOf(req.period));
    const missing = expected.filter((code) => !have.has(code)).map(periodLabel);
    notes.push({ level: 'warning', ...asNote(messages.missingMonths(missing)) });
  }
  const explained = derive({
    value: rolled.value,
    uom: req.measure.uom,
    labels: valueLabels(req, req.period),
    formula: pick(messages.formula[rule.kind], req.lang),
    inputs,
    notes,
  });
  const revision = (await getRevision(store, { cityCode: req.cityCode, revisionId: rolled.revisionId })) ?? null;
  return { explained, revision, history: [] };
}

function asNote(text: { zh: string; en: string }): { messageZh: string; messageEn: string } {
  return { messageZh: text.zh, messageEn: text.en };
}

function periodLabel(code: string): Labels {
  const p = periodOf(code);
  return { zh: formatPeriod(p, 'zh'), en: formatPeriod(p, 'en') };
}

/** The months of the target period with data, or (for a year without months) its quarters — as the store rolls up. */
async function finerParts(
  store: Store,
  req: ExplainRequest,
  measureCode: string,
  dimension: string,
): Promise<SeriesPoint[]> {
  const rows = await getSeries(store, {
    cityCode: req.cityCode,
    measureCode,
    dimension,
    unitCodes: [req.unit.unitCode],
    fromPeriod: req.period,
    toPeriod: req.period,
  });
  const months = rows.filter((r) => r.periodGrain === 'month');
  if (months.length > 0) return months;
  return rows.filter((r) => r.periodGrain === 'quarter');
}

/** The quarters of a year: quartersIn('2025') → ['2025Q1', …, '2025Q4']. */
function quartersIn(period: string): string[] {
  const p = periodOf(period);
  const out: string[] = [];
  for (let m = p.startMonth; m <= p.endMonth; m += 3) out.push(`${p.startYear}Q${(m + 2) / 3}`);
  return out;
}
