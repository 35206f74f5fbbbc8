import { describe, expect, test } from 'vitest';
import { computeMarketIndicators, type MarketData } from './market-indicators.js';
import type { SeriesValue } from './market-profile.js';
import { buildReportModel, revisionsOf, sourceText } from './report-model.js';
import { testProfile } from './test-profile.js';

// City C (districts A, B), yearly data. C residential: inventory 200 → 150 万㎡, sales 100 → 120 万㎡ a year, so the
// cycle is 200 ÷ (100 ÷ 12) = 24 months in 2024 and 150 ÷ (120 ÷ 12) = 15 in 2025; the new-home price goes
// 10000 → 10500 (+5 % > the 4 % cap). A sold nothing in 2025; B reports nothing but a printed cycle of 13.
const rows: [string, string, string, string, string, string][] = [
  ['C', 'housing.inventory-area', 'residential', '2024', '200', '5'],
  ['C', 'housing.inventory-area', 'residential', '2025', '150', '7'],
  ['C', 'housing.sales-area', 'residential', '2024', '100', '5'],
  ['C', 'housing.sales-area', 'residential', '2025', '120', '7'],
  ['C', 'housing.price-new', 'residential', '2024', '10000', '5'],
  ['C', 'housing.price-new', 'residential', '2025', '10500', '7'],
  ['A', 'housing.inventory-area', 'residential', '2025', '30', '7'],
  ['A', 'housing.sales-area', 'residential', '2025', '0', '7'],
];
const series = new Map<string, SeriesValue[]>();
for (const [u, m, d, period, value, revisionId] of rows) {
  const k = `${u}|${m}|${d}`;
  if (!series.has(k)) series.set(k, []);
  series.get(k)!.push({
    period,
    value,
    source: { kind: 'observation', cityCode: 'C', unitCode: u, measureCode: m, dimension: d, period, revisionId },
  });
}
const data: MarketData = {
  cityUnitCode: 'C',
  unitCodes: ['C', 'A', 'B'],
  periods: ['2024', '2025'],
  series: (u, m, d) => series.get(`${u}|${m}|${d}`) ?? [],
};
const indicators = computeMarketIndicators(data, testProfile);
const build = (period: string) =>
  buildReportModel({
    kind: 'annual',
    period,
    cityCode: 'C',
    cityNameZh: '示例市',
    units: [
      { unitCode: 'C', nameZh: '示例市', level: 'city' },
      { unitCode: 'A', nameZh: '甲区', level: 'district' },
      { unitCode: 'B', nameZh: '乙县', level: 'county' },
    ],
    data,
    indicators,
    profile: testProfile,
    printed: new Map([['B|residential|2025', '13']]),
    printedRevisions: new Map([['B|residential|2025', '8']]),
    generatedAt: '2026-01-05T00:00:00.000Z',
  });

describe('the periodic report model', () => {
  const model = build('2025');
  const tableOf = (id: string) => model.tables.find((t) => t.id === id)!;

  test('headline figures of the city with their year-on-year change and revisions', () => {
    expect(model.titleZh).toBe('示例市房地产市场年度评估报告（2025年）');
    expect(
      tableOf('headline').rows.map((r) => [r.cells['item'], r.cells['value'], r.cells['yoy'], r.revisionIds]),
    ).toEqual([
      ['住宅销售面积', '120.00', '20.00%', ['5', '7']],
      ['住宅库存面积（期末）', '150.00', '-25.00%', ['5', '7']],
      ['新建商品住房均价', '10500.00', '5.00%', ['5', '7']],
      ['住宅去化周期', '15.0', '—', ['7']],
    ]);
  });

  test('cycles by unit: computed, no sales (—), and a printed value classified as printed', () => {
    const residential = tableOf('cycles').rows.filter((r) => r.cells['type'] === '住宅');
    expect(
      residential.map((r) => [r.cells['unit'], r.cells['computed'], r.cells['printed'], r.cells['class']]),
    ).toEqual([
      ['示例市', '15.0', '—', '合理区间'],
      ['甲区', '—', '—', '无销售'],
      ['乙县', '无数据', '13', '合理区间（按公布值）'],
    ]);
    expect(residential.map((r) => r.revisionIds)).toEqual([['7'], ['7'], ['8']]);
    expect(tableOf('cycles').revisionIds).toEqual(['7', '8']);
  });

  test('price changes against the cap, and warnings raised and cleared', () => {
    expect(
      tableOf('prices').rows.map((r) => [r.cells['unit'], r.cells['yoy'], r.cells['cap'], r.cells['status']]),
    ).toEqual([['示例市', '5.00%', '4.00%', '超过上限']]);
    const w = tableOf('warnings').rows.map((r) => [
      r.cells['rule'],
      r.cells['state'],
      r.cells['level'],
      r.cells['value'],
      r.cells['threshold'],
    ]);
    expect(w).toEqual([
      ['商品住房去化周期超出合理区间', '解除', '—', '15.0', '—'],
      ['去化周期分级预警', '解除', '—', '15.0', '—'],
      ['新建商品住房价格同比涨幅超过 4%', '新发', '橙色', '5.00%', '4.00%'],
    ]);
    const raised2024 = build('2024').tables.find((t) => t.id === 'warnings')!.rows;
    expect(raised2024.map((r) => [r.cells['state'], r.cells['level'], r.cells['value'], r.cells['threshold']])).toEqual(
      [
        ['新发', '黄色', '24.0', '12—18 外'],
        ['新发', '黄色', '24.0', '24.0'],
      ],
    );
  });

  test('charts and the revisions of the whole report', () => {
    expect(model.charts.cycleTrend).toEqual({
      periods: ['2024', '2025'],
      computed: ['24.0', '15.0'],
      printed: [null, null],
    });
    expect(model.charts.cycleByUnit).toEqual({
      unitNames: ['示例市', '乙县'],
      computed: ['15.0', null],
      printed: [null, '13'],
    });
    expect(model.revisionIds).toEqual(['5', '7', '8']);
    expect(sourceText(model.revisionIds)).toBe('修订 5、7、8');
    expect(sourceText([])).toBe('—');
  });

  test('a period of the wrong grain is refused, and revisions are collected from nested inputs', () => {
    expect(() =>
      buildReportModel({ ...({} as Parameters<typeof buildReportModel>[0]), kind: 'monthly', period: '2025' }),
    ).toThrow(RangeError);
    const cycle = indicators.units['C']!.cycles.find(
      (r) => r.cycle.period === '2024' && r.cycle.propertyType === 'residential',
    )!;
    expect([...revisionsOf(cycle.cycle.explained)]).toEqual(['5']);
  });
});
