import { describe, expect, it } from 'vitest';
import { divideDecimals, sumDecimals } from '../quantity/decimal.js';
import { derive, describeSource, explainText, given, isExplained, type Explained } from './explained.js';

// Seed 003 第一章: 3511.36 万平方米 of housing for 61.91 万 urban residents → 56.72 ㎡ per person.
function perCapitaArea(): Explained {
  const stock = derive({
    value: sumDecimals(['1777.349', '254.36', '362.53', '400.07', '655.04', '62.01']),
    uom: 'wan-sqm',
    labels: { zh: '城镇现有成套住房面积', en: 'Existing complete housing stock' },
    formula: 'Σ 辖区面积',
    inputs: [
      {
        name: '甘州区',
        value: {
          value: '1777.349',
          uom: 'wan-sqm',
          source: { kind: 'cell', file: 'zhangye.xlsx', sheet: '现有住房', row: 3, column: 'B' },
        },
      },
      { name: '其余五县', value: { value: '1734.01', uom: 'wan-sqm' } },
    ],
  });
  const population = given(
    '61.91',
    'wan-person',
    { zh: '城镇人口', en: 'Urban population' },
    { kind: 'seed', seed: '003', section: '第一章第一节', quote: '城镇人口61.91万' },
  );
  const value = divideDecimals(stock.value!, population.value!, 4);
  return derive({
    value,
    uom: 'sqm-per-person',
    labels: { zh: '城镇人均住房建筑面积', en: 'Urban housing floor area per person' },
    formula: '住房面积 ÷ 城镇人口',
    inputs: { stock, population },
    profile: { id: 'zhangye', version: '2026.1' },
    branch: 'default',
    notes: [{ level: 'info', messageZh: '规划文本为 56.72 平方米', messageEn: 'The plan prints 56.72 m²' }],
  });
}

describe('given and derive', () => {
  it('keeps values, labels, inputs in order and optional fields only when set', () => {
    const e = perCapitaArea();
    // 3511.359 / 61.91 = 56.7171…, kept to 4 significant digits.
    expect(e.value).toBe('56.72');
    expect(e.inputs.map((i) => i.name)).toEqual(['stock', 'population']);
    expect(e.profile).toEqual({ id: 'zhangye', version: '2026.1' });
    const stock = e.inputs[0]!.value;
    expect(isExplained(stock)).toBe(true);
    if (isExplained(stock)) expect(stock.value).toBe('3511.359');
    const g = given('1', 'count', { zh: '一', en: 'one' });
    expect(g).toEqual({ value: '1', uom: 'count', labelZh: '一', labelEn: 'one', inputs: [], notes: [] });
    expect('source' in g).toBe(false);
    expect(isExplained({ value: '1', uom: 'count' })).toBe(false);
  });
});

describe('explainText', () => {
  it('writes an indented Chinese tree with formula, profile, branch, notes and sources', () => {
    expect(explainText(perCapitaArea(), 'zh')).toBe(
      [
        '城镇人均住房建筑面积 = 56.72 平方米/人',
        '  公式：住房面积 ÷ 城镇人口',
        '  政策配置：zhangye@2026.1',
        '  规则分支：default',
        '  说明：规划文本为 56.72 平方米',
        // Derived: shown at 万平方米's two places; the quoted cell 1777.349 stays as recorded.
        '  stock（城镇现有成套住房面积） = 3511.36 万平方米',
        '    公式：Σ 辖区面积',
        '    甘州区 = 1777.349 万平方米',
        '      来源：zhangye.xlsx，工作表 现有住房，第 3 行，B 列',
        '    其余五县 = 1734.01 万平方米',
        '  population（城镇人口） = 61.91 万人',
        '    来源：文件 003，章节 第一章第一节，“城镇人口61.91万”',
      ].join('\n'),
    );
  });

  it('writes the same tree in English', () => {
    expect(explainText(perCapitaArea(), 'en')).toBe(
      [
        'Urban housing floor area per person = 56.72 m²/person',
        '  formula: 住房面积 ÷ 城镇人口',
        '  policy profile: zhangye@2026.1',
        '  rule branch: default',
        '  note: The plan prints 56.72 m²',
        '  stock (Existing complete housing stock) = 3511.36 10k m²',
        '    formula: Σ 辖区面积',
        '    甘州区 = 1777.349 10k m²',
        '      source: zhangye.xlsx, sheet 现有住房, row 3, column B',
        '    其余五县 = 1734.01 10k m²',
        '  population (Urban population) = 61.91 10k persons',
        '    source: seed 003, section 第一章第一节, “城镇人口61.91万”',
      ].join('\n'),
    );
  });

  it('shows a missing value, a percent and units that are not codes', () => {
    const e = derive({
      value: null,
      uom: 'month',
      labels: { zh: '去化周期', en: 'Months of supply' },
      inputs: {
        share: { value: '56.29', uom: 'percent' },
        other: { value: '3', uom: 'widgets' },
      },
      notes: [{ level: 'warning', messageZh: '近12个月无销售', messageEn: 'No sales in 12 months' }],
    });
    expect(explainText(e, 'zh')).toBe(
      ['去化周期 = 无法计算', '  注意：近12个月无销售', '  share = 56.29%', '  other = 3 widgets'].join('\n'),
    );
  });
});

describe('explainText display places', () => {
  const land = () =>
    derive({
      value: '98.25500000000000000045',
      uom: 'ha',
      labels: { zh: '用地', en: 'Land' },
      inputs: {
        share: { value: '0.920481927710843373494', uom: 'ratio' },
        units: { value: '1666.6666', uom: '套' },
        quoted: { value: '2.123456', uom: 'ha', source: { kind: 'seed', seed: '003', section: '一', quote: 'x' } },
      },
    });

  it('rounds derived figures to their unit (公顷 2, ratio 4, 套 0) and keeps quoted figures as recorded', () => {
    const lines = explainText(land(), 'zh').split('\n');
    expect(lines[0]).toBe('用地 = 98.26 公顷');
    expect(lines[1]).toBe('  share = 0.9205');
    expect(lines[2]).toBe('  units = 1667 套');
    expect(lines[3]).toBe('  quoted = 2.123456 公顷');
  });

  it('prints every value exactly when asked', () => {
    expect(explainText(land(), 'en', { exact: true }).split('\n')[0]).toBe('Land = 98.25500000000000000045 ha');
  });
});

describe('describeSource', () => {
  it('describes observations and parameters', () => {
    expect(
      describeSource(
        {
          kind: 'observation',
          cityCode: '620700',
          unitCode: '620702',
          measureCode: 'housing.inventory-area',
          dimension: 'total',
          period: '2025-12',
          revisionId: 'r7',
        },
        'en',
      ),
    ).toBe('620700/620702, housing.inventory-area, total, 2025-12, revision r7');
    expect(
      describeSource(
        { kind: 'parameter', profileId: 'zhangye', profileVersion: '2026.1', path: 'land.cycleBands[0].maxMonths' },
        'zh',
      ),
    ).toBe('参数 zhangye@2026.1:land.cycleBands[0].maxMonths');
  });
});
