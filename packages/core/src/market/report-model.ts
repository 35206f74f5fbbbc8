/**
 * The periodic market report (003 第五章第三节三: 月度统计、季度分析、年度评估) as plain data: headline figures, the
 * destocking cycle of every unit with its class, inventory by age, price changes, and the warnings raised, still
 * active and cleared in the period. Every table lists the revisions its numbers were read from, so a printed report
 * can be traced back to the element database. Renderers (XLSX, HTML/PDF) only lay this model out.
 */
import { formatPeriod, periodOf, previousPeriod, type PeriodGrain } from '../period/period.js';
import { given, isExplained, type Explained } from '../provenance/explained.js';
import { multiplyDecimals } from '../quantity/decimal.js';
import { classifyCycle } from './cycle-class.js';
import { formatCycle, type DestockingCycle } from './destocking-cycle.js';
import type { InventoryAgeStructure } from './inventory-age.js';
import type { MarketData, MarketIndicators } from './market-indicators.js';
import { roundDecimal, type MarketProfile } from './market-profile.js';
import { MARKET_TEXT } from './market-text.js';

export const reportKinds = ['monthly', 'quarterly', 'annual'] as const;
export type ReportKind = (typeof reportKinds)[number];

/** The period grain each report kind is written at. */
export const REPORT_GRAIN: Readonly<Record<ReportKind, Exclude<PeriodGrain, 'span'>>> = {
  monthly: 'month',
  quarterly: 'quarter',
  annual: 'year',
};

const KIND_ZH: Readonly<Record<ReportKind, string>> = {
  monthly: '月度统计',
  quarterly: '季度分析',
  annual: '年度评估',
};

export interface ReportUnit {
  readonly unitCode: string;
  readonly nameZh: string;
  readonly level: string;
}

export interface ReportInput {
  readonly kind: ReportKind;
  /** A canonical period code of the kind's grain: `2025-12`, `2025Q4`, `2025`. */
  readonly period: string;
  readonly cityCode: string;
  readonly cityNameZh: string;
  /** The units in display order; the city unit is `data.cityUnitCode`. */
  readonly units: readonly ReportUnit[];
  /** The series the indicators were computed from (for headline inventory and sales). */
  readonly data: MarketData;
  readonly indicators: MarketIndicators;
  readonly profile: MarketProfile;
  /** Printed cycles by `${unit}|${propertyType}|${period}`, and the revision of each. */
  readonly printed: ReadonlyMap<string, string>;
  readonly printedRevisions?: ReadonlyMap<string, string> | undefined;
  /** Inventory by age on the period's last day, per unit with presale projects, and the revisions read. */
  readonly inventoryAge?:
    | {
        readonly asOf: string;
        readonly revisionIds: readonly string[];
        readonly units: readonly (InventoryAgeStructure & { readonly unitCode: string })[];
      }
    | undefined;
  /** When the report was made (ISO text); a parameter so the model stays pure. */
  readonly generatedAt: string;
}

export interface ReportColumn {
  readonly key: string;
  readonly labelZh: string;
  readonly align: 'left' | 'right';
}

export interface ReportRow {
  /** Display text by column key. */
  readonly cells: Readonly<Record<string, string>>;
  /** The revisions this row's numbers were read from. */
  readonly revisionIds: readonly string[];
}

export interface ReportTable {
  readonly id: 'headline' | 'cycles' | 'inventory-age' | 'prices' | 'warnings';
  readonly titleZh: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly ReportRow[];
  /** Every revision the table was built from, ascending. */
  readonly revisionIds: readonly string[];
  /** Shown under the table (definitions, the profile's range). */
  readonly noteZh: string;
}

export interface ReportCharts {
  /** The city's residential destocking cycle over every period up to the report's: computed and printed months. */
  readonly cycleTrend: {
    readonly periods: readonly string[];
    readonly computed: readonly (string | null)[];
    readonly printed: readonly (string | null)[];
  };
  /** The residential cycle of each unit in the report period, computed and printed (units with neither left out). */
  readonly cycleByUnit: {
    readonly unitNames: readonly string[];
    readonly computed: readonly (string | null)[];
    readonly printed: readonly (string | null)[];
  };
  readonly reasonableRangeMonths: { readonly min: number | null; readonly max: number | null };
}

export interface ReportModel {
  readonly kind: ReportKind;
  readonly period: string;
  readonly titleZh: string;
  readonly periodZh: string;
  readonly cityCode: string;
  readonly cityNameZh: string;
  readonly profile: { readonly id: string; readonly version: string };
  readonly generatedAt: string;
  readonly tables: readonly ReportTable[];
  readonly charts: ReportCharts;
  /** Every revision any table was built from, ascending. */
  readonly revisionIds: readonly string[];
}

const TYPE_ZH: Readonly<Record<string, string>> = { '': '商品房', residential: '住宅', 'non-residential': '非住宅' };
const RANGE_ZH = { below: '低于区间', within: '区间内', above: '高于区间' } as const;
const STATE_ZH: Readonly<Record<string, string>> = { raised: '新发', active: '持续', cleared: '解除' };

/** The revision ids an explained value rests on, walking its inputs. */
export function revisionsOf(e: Explained, into: Set<string> = new Set()): Set<string> {
  const visit = (source: Explained['source']): void => {
    if (source !== undefined && 'revisionId' in source && source.revisionId !== undefined) into.add(source.revisionId);
  };
  visit(e.source);
  for (const input of e.inputs) {
    if (isExplained(input.value)) revisionsOf(input.value, into);
    else visit(input.value.source);
  }
  return into;
}

function sortIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
}

/** The 来源 text of a row: "修订 3、5", or "—" for a row resting on no stored value. */
export function sourceText(revisionIds: readonly string[]): string {
  return revisionIds.length === 0 ? '—' : `修订 ${revisionIds.join('、')}`;
}

function percent(ratio: string | null): string {
  return ratio === null ? '—' : `${roundDecimal(multiplyDecimals(ratio, '100'), 2)}%`;
}

function table(
  id: ReportTable['id'],
  titleZh: string,
  columns: readonly ReportColumn[],
  rows: readonly ReportRow[],
  noteZh: string,
): ReportTable {
  return { id, titleZh, columns, rows, revisionIds: sortIds(rows.flatMap((r) => r.revisionIds)), noteZh };
}

const col = (key: string, labelZh: string, align: 'left' | 'right' = 'left'): ReportColumn => ({ key, labelZh, align });

function classOfPrinted(
  printed: string,
  period: string,
  propertyType: string,
  windowMonths: number,
  profile: MarketProfile,
): { zh: string; range: keyof typeof RANGE_ZH } | undefined {
  const cycle: DestockingCycle = {
    kind: 'months',
    months: printed,
    period,
    basis: 'area',
    propertyType,
    windowMonths,
    monthsUsed: 0,
    partial: false,
    explained: given(printed, 'month', { zh: '公布的去化周期', en: 'printed destocking cycle' }),
  };
  const k = classifyCycle(cycle, profile);
  return k.kind === 'band' ? { zh: `${k.labelZh}（按公布值）`, range: k.range } : undefined;
}

function rangeText(profile: MarketProfile): string {
  const r = profile.destocking.reasonableRangeMonths;
  return `${r.min ?? ''}—${r.max ?? ''} 个月（${r.minInclusive ? '含' : '不含'}下限、${r.maxInclusive ? '含' : '不含'}上限）`;
}

/**
 * Builds the report of `kind` for `period` from computed market indicators. The period must have the kind's grain
 * (an annual report reads yearly values, a monthly one monthly values).
 *
 * @example buildReportModel({ kind: 'annual', period: '2025', … }).tables[1].rows[0].cells
 * // → { unit: '某市', type: '住宅', computed: '28.5', printed: '20', class: '偏长', … }
 */
export function buildReportModel(input: ReportInput): ReportModel {
  const period = periodOf(input.period);
  if (period.grain !== REPORT_GRAIN[input.kind]) {
    throw new RangeError(`A ${input.kind} report needs a ${REPORT_GRAIN[input.kind]} period, not "${input.period}"`);
  }
  const { indicators, profile } = input;
  const city = input.data.cityUnitCode;
  const name = new Map(input.units.map((u) => [u.unitCode, u.nameZh]));
  const unitName = (code: string): string => name.get(code) ?? code;
  const unitsInOrder = input.units.filter(
    (u) =>
      indicators.units[u.unitCode] !== undefined ||
      [...input.printed.keys()].some((k) => k.startsWith(`${u.unitCode}|`)),
  );

  // headline: the city's residential figures for the period
  const headline: ReportRow[] = [];
  const valueAt = (measure: string, dimension: string, p: string) =>
    input.data.series(city, measure, dimension).find((v) => v.period === p);
  const figure = (labelZh: string, measure: string, dimension: string, uomZh: string): void => {
    const now = valueAt(measure, dimension, input.period);
    const change = indicators.units[city]?.changes.find(
      (c) => c.measure === measure && c.dimension === dimension && c.period === input.period,
    );
    const ids = new Set<string>();
    if (now?.source !== undefined && 'revisionId' in now.source && now.source.revisionId !== undefined) {
      ids.add(now.source.revisionId);
    }
    if (change !== undefined) revisionsOf(change.yoy, ids);
    headline.push({
      cells: {
        item: labelZh,
        value: now === undefined ? '—' : roundDecimal(now.value, 2),
        uom: uomZh,
        yoy: percent(change?.yoy.value ?? null),
      },
      revisionIds: sortIds(ids),
    });
  };
  figure('住宅销售面积', 'housing.sales-area', 'residential', '万㎡');
  figure('住宅库存面积（期末）', 'housing.inventory-area', 'residential', '万㎡');
  figure('新建商品住房均价', 'housing.price-new', 'residential', '元/㎡');
  const cityCycle = indicators.units[city]?.cycles.find(
    (r) => r.cycle.period === input.period && r.cycle.propertyType === 'residential' && r.cycle.basis === 'area',
  );
  if (cityCycle !== undefined) {
    headline.push({
      cells: { item: '住宅去化周期', value: formatCycle(cityCycle.cycle) || '—', uom: '月', yoy: '—' },
      revisionIds: sortIds(revisionsOf(cityCycle.cycle.explained)),
    });
  }

  // destocking cycle by unit, residential and all commodity housing, area basis
  const cycleRows: ReportRow[] = [];
  const windowMonths = profile.destocking.windowMonths.value;
  for (const u of unitsInOrder) {
    for (const propertyType of ['', 'residential']) {
      const key = `${u.unitCode}|${propertyType}|${input.period}`;
      const printed = input.printed.get(key);
      const row = indicators.units[u.unitCode]?.cycles.find(
        (r) => r.cycle.period === input.period && r.cycle.basis === 'area' && r.cycle.propertyType === propertyType,
      );
      const c = row?.cycle;
      if ((c === undefined || c.kind === 'no-data') && printed === undefined) continue;
      const ids = c === undefined ? new Set<string>() : revisionsOf(c.explained);
      const printedRevision = input.printedRevisions?.get(key);
      if (printedRevision !== undefined) ids.add(printedRevision);
      const k = row?.classification;
      // where Anju cannot compute a cycle (a source printing cycles without their sales), the printed one is
      // classified by the same bands and marked as such — never put in place of a computed value
      const shownClass =
        k?.kind === 'band'
          ? { zh: k.labelZh, range: k.range }
          : printed !== undefined && (c === undefined || c.kind === 'no-data')
            ? classOfPrinted(printed, input.period, propertyType, windowMonths, profile)
            : undefined;
      cycleRows.push({
        cells: {
          unit: u.nameZh,
          type: TYPE_ZH[propertyType] ?? propertyType,
          computed: c === undefined || c.kind === 'no-data' ? '无数据' : formatCycle(c),
          printed: printed ?? '—',
          class: shownClass?.zh ?? (k?.kind === 'no-sales' ? '无销售' : '无法计算'),
          range: shownClass === undefined ? '—' : RANGE_ZH[shownClass.range],
          window: `${c?.windowMonths ?? windowMonths} 个月${c?.partial === true ? `（仅 ${c.monthsUsed} 个月）` : ''}`,
        },
        revisionIds: sortIds(ids),
      });
    }
  }

  // inventory by age
  const ageRows: ReportRow[] = [];
  const bucketLabels: string[] = [];
  for (const a of input.inventoryAge?.units ?? []) {
    const cells: Record<string, string> = { unit: unitName(a.unitCode) };
    a.buckets.forEach((b, i) => {
      bucketLabels[i] = b.labelZh;
      cells[`b${i}`] = b.saleableArea.value === null ? '—' : roundDecimal(b.saleableArea.value, 0);
    });
    ageRows.push({ cells, revisionIds: sortIds(input.inventoryAge?.revisionIds ?? []) });
  }

  // price changes
  const priceRows: ReportRow[] = [];
  for (const u of unitsInOrder) {
    for (const p of indicators.units[u.unitCode]?.prices ?? []) {
      if (p.period !== input.period || p.status === 'no-data') continue;
      priceRows.push({
        cells: {
          unit: u.nameZh,
          kind: MARKET_TEXT.price.kinds[p.kind]?.zh ?? p.kind,
          yoy: percent(p.change.value),
          cap: p.cap === null ? '—' : percent(p.cap),
          status: MARKET_TEXT.price.status[p.status]?.zh ?? p.status,
        },
        revisionIds: sortIds(revisionsOf(p.change)),
      });
    }
  }

  // warnings raised, still active and cleared in the period
  const rules = new Map(profile.warningRules.map((r) => [r.id, r]));
  const warningRows: ReportRow[] = [];
  for (const u of unitsInOrder) {
    for (const w of indicators.units[u.unitCode]?.warnings ?? []) {
      if (w.period !== input.period || STATE_ZH[w.state] === undefined) continue;
      const rule = rules.get(w.ruleId);
      const isCycle = rule?.indicator === 'market.destocking-cycle';
      const shown = (v: string | null): string => (v === null ? '—' : isCycle ? roundDecimal(v, 1) : percent(v));
      // an outside-range rule's threshold is a distance outside the range: 0 means "anywhere outside"
      const range = rule?.comparison === 'outside-range' ? rule.range : undefined;
      const threshold =
        range === undefined || w.threshold === null
          ? shown(w.threshold)
          : `${range.min}—${range.max} 外${Number(w.threshold) === 0 ? '' : ` ${shown(w.threshold)} 以上`}`;
      warningRows.push({
        cells: {
          unit: u.nameZh,
          rule: rule?.labelZh ?? w.ruleId,
          state: STATE_ZH[w.state] ?? w.state,
          level: w.level === null ? '—' : (MARKET_TEXT.warning.levels[w.level]?.zh ?? w.level),
          value: shown(w.value),
          threshold,
          since: w.since ?? '—',
        },
        revisionIds: sortIds(revisionsOf(w.explained)),
      });
    }
  }

  const tables: ReportTable[] = [
    table(
      'headline',
      '一、主要指标',
      [col('item', '指标'), col('value', '数值', 'right'), col('uom', '单位'), col('yoy', '同比', 'right')],
      headline,
      `${unitName(city)}，${formatPeriod(period, 'zh')}。`,
    ),
    table(
      'cycles',
      '二、去化周期（按面积）',
      [
        col('unit', '单元'),
        col('type', '类型'),
        col('computed', '计算值（月）', 'right'),
        col('printed', '公布值（月）', 'right'),
        col('class', '分类'),
        col('range', '合理区间'),
        col('window', '销售窗口'),
      ],
      cycleRows,
      `去化周期 = 期末可售库存面积 ÷ 窗口内月均销售面积；“—”表示窗口内无销售。合理区间 ${rangeText(profile)}。公布值为来源表格所载，与计算值并列，不作调整。`,
    ),
    table(
      'inventory-age',
      '三、库存结构（按批准预售年限，可售面积㎡）',
      [col('unit', '单元'), ...bucketLabels.map((l, i) => col(`b${i}`, l, 'right'))],
      ageRows,
      input.inventoryAge === undefined || ageRows.length === 0
        ? '本期无预售项目台账数据。'
        : `截至 ${input.inventoryAge.asOf}，可售面积 = 批准预售面积 − 已售面积。`,
    ),
    table(
      'prices',
      '四、价格变动（同比）',
      [
        col('unit', '单元'),
        col('kind', '类别'),
        col('yoy', '同比变化', 'right'),
        col('cap', '年度上限', 'right'),
        col('status', '状态'),
      ],
      priceRows,
      '上限取自政策配置（003：房价年涨幅不超过 4%；001：住宅用地价格年变化不超过 5%）。',
    ),
    table(
      'warnings',
      '五、预警（新发、持续与解除）',
      [
        col('unit', '单元'),
        col('rule', '规则'),
        col('state', '状态'),
        col('level', '等级'),
        col('value', '数值', 'right'),
        col('threshold', '阈值', 'right'),
        col('since', '起始期间'),
      ],
      warningRows,
      warningRows.length === 0 ? '本期无预警。' : '规则、阈值与持续期数取自政策配置。',
    ),
  ];

  // charts: the city's residential cycle up to the period, and each unit's in the period
  const trend = indicators.units[city]?.cycles.filter(
    (r) => r.cycle.propertyType === 'residential' && r.cycle.basis === 'area' && r.cycle.period <= input.period,
  );
  const trendPeriods = input.data.periods.filter(
    (p) => p <= input.period && p > previousPeriod(period, 24).code && periodOf(p).grain === period.grain,
  );
  const cycleAt = (p: string) => trend?.find((r) => r.cycle.period === p)?.cycle;
  const byUnit = unitsInOrder.flatMap((u) => {
    const c = indicators.units[u.unitCode]?.cycles.find(
      (r) => r.cycle.period === input.period && r.cycle.propertyType === 'residential' && r.cycle.basis === 'area',
    )?.cycle;
    const computed = c?.kind === 'months' ? roundDecimal(c.months, 1) : null;
    const printed = input.printed.get(`${u.unitCode}|residential|${input.period}`) ?? null;
    return computed === null && printed === null ? [] : [{ name: u.nameZh, computed, printed }];
  });
  const range = profile.destocking.reasonableRangeMonths;

  return {
    kind: input.kind,
    period: input.period,
    titleZh: `${input.cityNameZh}房地产市场${KIND_ZH[input.kind]}报告（${formatPeriod(period, 'zh')}）`,
    periodZh: formatPeriod(period, 'zh'),
    cityCode: input.cityCode,
    cityNameZh: input.cityNameZh,
    profile: { id: profile.id, version: profile.version },
    generatedAt: input.generatedAt,
    tables,
    charts: {
      cycleTrend: {
        periods: trendPeriods,
        computed: trendPeriods.map((p) => {
          const c = cycleAt(p);
          return c?.kind === 'months' ? roundDecimal(c.months, 1) : null;
        }),
        printed: trendPeriods.map((p) => input.printed.get(`${city}|residential|${p}`) ?? null),
      },
      cycleByUnit: {
        unitNames: byUnit.map((b) => b.name),
        computed: byUnit.map((b) => b.computed),
        printed: byUnit.map((b) => b.printed),
      },
      reasonableRangeMonths: { min: range.min ?? null, max: range.max ?? null },
    },
    revisionIds: sortIds(tables.flatMap((t) => t.revisionIds)),
  };
}
