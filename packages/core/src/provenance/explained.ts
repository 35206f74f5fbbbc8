/**
 * Provenance: a value that carries its own explanation — its inputs (with the cells, seed passages, observations or
 * profile parameters they came from), the formula, the profile version and the rule branch taken — so every number
 * on a dashboard or in a report can answer "why" (SPEC §2 "Provenance").
 */
import { UNITS, displayValue, isUomCode } from '../quantity/unit-of-measure.js';

/** Where an input value came from. */
export type SourceRef =
  | {
      readonly kind: 'cell';
      readonly file: string;
      readonly sheet?: string;
      readonly row: number;
      readonly column: string;
      readonly revisionId?: string;
    }
  | { readonly kind: 'seed'; readonly seed: string; readonly section: string; readonly quote?: string }
  | {
      readonly kind: 'observation';
      readonly cityCode: string;
      readonly unitCode: string;
      readonly measureCode: string;
      readonly dimension: string;
      readonly period: string;
      readonly revisionId: string;
    }
  | { readonly kind: 'parameter'; readonly profileId: string; readonly profileVersion: string; readonly path: string };

/** A note attached to an explained value (e.g. "the seed's printed total differs by 0.001"). */
export interface ExplainedNote {
  readonly level: 'info' | 'warning';
  readonly messageZh: string;
  readonly messageEn: string;
}

/** A plain input value: a decimal string with its unit and, ideally, its source. */
export interface PlainInput {
  readonly value: string;
  readonly uom: string;
  readonly source?: SourceRef;
}

/** A named input of a derived value: either another explained value or a plain sourced value. */
export interface ExplainedInput {
  readonly name: string;
  readonly value: Explained | PlainInput;
}

/** A value with its explanation; `value` is a decimal string, or null when it could not be computed. */
export interface Explained {
  readonly value: string | null;
  readonly uom: string;
  readonly labelZh: string;
  readonly labelEn: string;
  readonly formula?: string;
  readonly inputs: readonly ExplainedInput[];
  readonly profile?: { readonly id: string; readonly version: string };
  readonly branch?: string;
  /** Where the value itself came from, for a given (not derived) value. */
  readonly source?: SourceRef;
  readonly notes: readonly ExplainedNote[];
}

/** Chinese and English labels. */
export interface Labels {
  readonly zh: string;
  readonly en: string;
}

/** True when an input is itself an explained value (it has labels and inputs). */
export function isExplained(v: Explained | PlainInput): v is Explained {
  return 'inputs' in v && 'labelZh' in v;
}

/**
 * A value taken as given — read from a cell, a seed or a parameter — with no inputs of its own.
 *
 * @example given('3511.359', 'wan-sqm', { zh: '城镇现有成套住房面积', en: 'Existing housing stock' }, { kind: 'seed', seed: '003', section: '第一节' })
 */
export function given(value: string | null, uom: string, labels: Labels, source?: SourceRef): Explained {
  return {
    value,
    uom,
    labelZh: labels.zh,
    labelEn: labels.en,
    inputs: [],
    notes: [],
    ...(source === undefined ? {} : { source }),
  };
}

/** What `derive` takes: the computed value, its labels, formula, inputs and, where a rule decided, profile and branch. */
export interface DeriveSpec {
  readonly value: string | null;
  readonly uom: string;
  readonly labels: Labels;
  readonly formula?: string;
  readonly inputs: Readonly<Record<string, Explained | PlainInput>> | readonly ExplainedInput[];
  readonly profile?: { readonly id: string; readonly version: string };
  readonly branch?: string;
  readonly notes?: readonly ExplainedNote[];
}

/** A derived value with its formula and named inputs (given as a record or a list, order kept). */
export function derive(spec: DeriveSpec): Explained {
  const inputs: ExplainedInput[] = Array.isArray(spec.inputs)
    ? [...(spec.inputs as readonly ExplainedInput[])]
    : Object.entries(spec.inputs as Readonly<Record<string, Explained | PlainInput>>).map(([name, value]) => ({
        name,
        value,
      }));
  return {
    value: spec.value,
    uom: spec.uom,
    labelZh: spec.labels.zh,
    labelEn: spec.labels.en,
    inputs,
    notes: spec.notes ?? [],
    ...(spec.formula === undefined ? {} : { formula: spec.formula }),
    ...(spec.profile === undefined ? {} : { profile: spec.profile }),
    ...(spec.branch === undefined ? {} : { branch: spec.branch }),
  };
}

const TEXT = {
  zh: {
    missing: '无法计算',
    formula: '公式',
    branch: '规则分支',
    profile: '政策配置',
    source: '来源',
    note: { info: '说明', warning: '注意' },
    sheet: '工作表',
    row: '行',
    column: '列',
    revision: '版本',
    seed: '文件',
    section: '章节',
    parameter: '参数',
  },
  en: {
    missing: 'not computable',
    formula: 'formula',
    branch: 'rule branch',
    profile: 'policy profile',
    source: 'source',
    note: { info: 'note', warning: 'warning' },
    sheet: 'sheet',
    row: 'row',
    column: 'column',
    revision: 'revision',
    seed: 'seed',
    section: 'section',
    parameter: 'parameter',
  },
} as const;

/** One line describing a source, in the given language. */
export function describeSource(s: SourceRef, lang: 'zh' | 'en'): string {
  const t = TEXT[lang];
  const sep = lang === 'zh' ? '，' : ', ';
  switch (s.kind) {
    case 'cell': {
      const parts = [
        s.file,
        ...(s.sheet === undefined ? [] : [`${t.sheet} ${s.sheet}`]),
        lang === 'zh' ? `第 ${s.row} ${t.row}` : `${t.row} ${s.row}`,
        lang === 'zh' ? `${s.column} ${t.column}` : `${t.column} ${s.column}`,
      ];
      if (s.revisionId !== undefined) parts.push(`${t.revision} ${s.revisionId}`);
      return parts.join(sep);
    }
    case 'seed':
      return [
        `${t.seed} ${s.seed}`,
        `${t.section} ${s.section}`,
        ...(s.quote === undefined ? [] : [`“${s.quote}”`]),
      ].join(sep);
    case 'observation':
      return [
        `${s.cityCode}/${s.unitCode}`,
        s.measureCode,
        s.dimension,
        s.period,
        `${t.revision} ${s.revisionId}`,
      ].join(sep);
    case 'parameter':
      return `${t.parameter} ${s.profileId}@${s.profileVersion}:${s.path}`;
  }
}

export interface ExplainTextOptions {
  /** Print every value exactly as computed instead of at its unit's display places (for checks, not for people). */
  readonly exact?: boolean;
}

/**
 * Writes an explanation as an indented tree, Chinese or English: "label = value uom", then the formula, profile,
 * branch, source and notes, then each input (two more spaces of indent per level). Values are shown at their unit's
 * display places (`98.25500000000000000045 公顷` reads `98.26 公顷`) unless `exact`; a value quoted from a source
 * (a file cell, a seed's sentence) is shown as recorded, so the text never misquotes it.
 */
export function explainText(e: Explained, lang: 'zh' | 'en', options: ExplainTextOptions = {}): string {
  const lines: string[] = [];
  writeExplained(e, lang, '', undefined, lines, options.exact === true);
  return lines.join('\n');
}

function valueText(value: string | null, uom: string, lang: 'zh' | 'en', exact: boolean): string {
  if (value === null) return TEXT[lang].missing;
  // A value that is not a plain decimal (none should be) is shown as it is rather than failing the explanation.
  if (!exact && /^-?\d+(\.\d+)?$/.test(value)) value = displayValue(value, uom);
  // Unit codes are shown by their label (wan-sqm → 万平方米 / 10k m²); other unit strings as they are.
  const unit = isUomCode(uom) ? (lang === 'zh' ? UNITS[uom].labelZh : UNITS[uom].labelEn) : uom;
  if (unit === '') return value;
  return unit === '%' || unit === '‰' ? `${value}${unit}` : `${value} ${unit}`;
}

function writeExplained(
  e: Explained,
  lang: 'zh' | 'en',
  indent: string,
  name: string | undefined,
  out: string[],
  exact: boolean,
): void {
  const t = TEXT[lang];
  const colon = lang === 'zh' ? '：' : ': ';
  const label = lang === 'zh' ? e.labelZh : e.labelEn;
  const head =
    name === undefined || name === label
      ? label
      : `${name}${lang === 'zh' ? '（' : ' ('}${label}${lang === 'zh' ? '）' : ')'}`;
  out.push(`${indent}${head} = ${valueText(e.value, e.uom, lang, exact || e.source !== undefined)}`);
  const inner = `${indent}  `;
  if (e.formula !== undefined) out.push(`${inner}${t.formula}${colon}${e.formula}`);
  if (e.profile !== undefined) out.push(`${inner}${t.profile}${colon}${e.profile.id}@${e.profile.version}`);
  if (e.branch !== undefined) out.push(`${inner}${t.branch}${colon}${e.branch}`);
  if (e.source !== undefined) out.push(`${inner}${t.source}${colon}${describeSource(e.source, lang)}`);
  for (const n of e.notes) out.push(`${inner}${t.note[n.level]}${colon}${lang === 'zh' ? n.messageZh : n.messageEn}`);
  for (const input of e.inputs) {
    const v = input.value;
    if (isExplained(v)) {
      writeExplained(v, lang, inner, input.name, out, exact);
    } else {
      out.push(`${inner}${input.name} = ${valueText(v.value, v.uom, lang, exact || v.source !== undefined)}`);
      if (v.source !== undefined) out.push(`${inner}  ${t.source}${colon}${describeSource(v.source, lang)}`);
    }
  }
}
