// User-facing text of the market monitor, Chinese first with English, in one place.
import type { ExplainedNote, Labels } from '../provenance/explained.js';

const note = (zh: string, en: string, level: 'info' | 'warning' = 'info'): ExplainedNote => ({
  level,
  messageZh: zh,
  messageEn: en,
});

const PROPERTY_TYPES: Readonly<Record<string, Labels>> = {
  '': { zh: '商品房', en: 'all commodity housing' },
  residential: { zh: '商品住宅', en: 'residential' },
  'non-residential': { zh: '非住宅', en: 'non-residential' },
  commercial: { zh: '商业', en: 'commercial' },
  office: { zh: '办公', en: 'office' },
};

export const MARKET_TEXT = {
  propertyType: (code: string): Labels => PROPERTY_TYPES[code] ?? { zh: code, en: code },
  cycle: {
    basisArea: { zh: '按面积', en: 'by floor area' },
    basisUnits: { zh: '按套数', en: 'by dwellings' },
    inventory: { zh: '期末可售库存', en: 'saleable inventory at period end' },
    sales: { zh: '销售量', en: 'sales' },
    salesName: { zh: '销售', en: 'sales' },
    averageSales: { zh: '窗口期月均销售', en: 'average monthly sales in the window' },
    formula: (w: number) => `期末可售库存 ÷ 近 ${w} 个月月均销售`,
    partialNote: (used: number, window: number) =>
      note(
        `历史数据不足：窗口 ${window} 个月，仅有 ${used} 个月销售数据，按 ${used} 个月平均（部分窗口）。`,
        `Partial history: ${used} of the ${window}-month window available; averaged over ${used} months.`,
        'warning',
      ),
    coarserNote: (used: number, window: number) =>
      note(
        `数据粒度（${used} 个月）长于窗口（${window} 个月），以本期销售量按月平均。`,
        `The data grain (${used} months) is longer than the ${window}-month window; the period's own sales are averaged.`,
      ),
    noSalesNote: note(
      '窗口期内无销售，去化周期记为“—”（不作除零计算）。',
      'No sales in the window: the cycle is shown as "—" (no division by zero).',
    ),
    noSalesDataNote: note('窗口期内没有销售数据。', 'No sales data in the window.', 'warning'),
    noInventoryNote: note('本期没有可售库存数据。', 'No saleable inventory reported for the period.', 'warning'),
  },
  classification: {
    label: { zh: '去化周期分类', en: 'Destocking-cycle class' },
    range: {
      below: { zh: '低于合理区间', en: 'below the reasonable range' },
      within: { zh: '处于合理区间', en: 'within the reasonable range' },
      above: { zh: '高于合理区间', en: 'above the reasonable range' },
    },
    noSales: { zh: '无销售', en: 'no sales' },
    noData: { zh: '无法计算', en: 'not computable' },
    unbanded: note('取值不在配置的任何分档内。', 'The value lies in none of the profile bands.', 'warning'),
  },
  change: {
    yoy: { zh: '同比', en: 'year on year' },
    mom: { zh: '环比', en: 'period on period' },
    current: { zh: '本期', en: 'current period' },
    previous: { zh: '对比期', en: 'comparison period' },
    trailing: (n: number): Labels => ({ zh: `近 ${n} 期平均`, en: `trailing ${n}-period average` }),
    share: { zh: '占全市比重', en: 'share of the city total' },
    part: { zh: '本单元', en: 'this unit' },
    total: { zh: '全市合计', en: 'city total' },
    missingPrevious: note('对比期没有数据。', 'No value for the comparison period.', 'warning'),
    zeroPrevious: note(
      '对比期为 0，变化率无意义。',
      'The comparison value is 0; a rate of change is undefined.',
      'warning',
    ),
    zeroTotal: note('全市合计为 0，比重无意义。', 'The city total is 0; a share is undefined.', 'warning'),
    partialTrailing: (used: number, n: number) =>
      note(`仅有 ${used} / ${n} 期数据。`, `Only ${used} of ${n} periods available.`, 'warning'),
  },
  age: {
    buckets: (bounds: readonly number[]): Labels[] => {
      const out: Labels[] = [];
      for (let i = 0; i <= bounds.length; i++) {
        const lo = bounds[i - 1];
        const hi = bounds[i];
        if (lo === undefined) out.push({ zh: `${hi}年以内`, en: `up to ${hi} year${hi === 1 ? '' : 's'}` });
        else if (hi === undefined) out.push({ zh: `${lo}年以上`, en: `over ${lo} years` });
        else out.push({ zh: `${lo}—${hi}年`, en: `${lo}–${hi} years` });
      }
      return out;
    },
    saleableArea: { zh: '可售面积', en: 'saleable area' },
    saleableUnits: { zh: '可售套数', en: 'saleable dwellings' },
    pipelineNotApproved: { zh: '在建未取得预售许可', en: 'under construction, not yet approved for sale' },
    landNotStarted: { zh: '已供应未开工土地', en: 'land supplied but not started' },
    rule: '库龄按批准预售之日起算；依《民法典》第二百零一、二百零二条，到期年的对应日为期间最后一日（无对应日取月末日），对应日当日仍属较短一档。',
  },
  price: {
    kinds: {
      'new-home': { zh: '新建商品住房价格', en: 'new-home price' },
      'second-hand': { zh: '二手住房价格', en: 'second-hand price' },
      rent: { zh: '住房租金', en: 'rent' },
      land: { zh: '住宅用地价格', en: 'residential land price' },
    } as Readonly<Record<string, Labels>>,
    cap: { zh: '年度变化上限', en: 'yearly change cap' },
    status: {
      'within-cap': { zh: '未超过上限', en: 'within the cap' },
      'above-cap': { zh: '超过上限', en: 'beyond the cap' },
      'no-cap': { zh: '配置未设上限', en: 'no cap in the profile' },
      'no-data': { zh: '无法计算', en: 'not computable' },
    } as Readonly<Record<string, Labels>>,
  },
  warning: {
    levels: {
      blue: { zh: '蓝色', en: 'blue' },
      yellow: { zh: '黄色', en: 'yellow' },
      orange: { zh: '橙色', en: 'orange' },
      red: { zh: '红色', en: 'red' },
    } as Readonly<Record<string, Labels>>,
    distance: { zh: '超出区间的幅度', en: 'distance outside the range' },
    threshold: { zh: '阈值', en: 'threshold' },
  },
} as const;
