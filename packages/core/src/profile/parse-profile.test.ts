import { describe, expect, test } from 'vitest';

import { parseProfile } from './parse-profile.js';
import type { ProfileError } from './profile-schema.js';

const header = `id: test-city
version: 1.0.0
nameZh: 测试市
nameEn: Test city
cityCode: '123400'
extends: national-default
description: 测试用配置
`;

/** Line and column (1-based) of the first `token` on or after line `fromLine` of `doc`. */
function at(doc: string, token: string, fromLine = 1): { line: number; column: number } {
  const lines = doc.split('\n');
  for (let i = fromLine - 1; i < lines.length; i++) {
    const column = lines[i]!.indexOf(token);
    if (column >= 0) return { line: i + 1, column: column + 1 };
  }
  throw new Error(`token ${token} not in document`);
}

function errorsOf(doc: string, file = 'test-city.yaml', knownProfileIds?: string[]): ProfileError[] {
  const result = parseProfile(doc, file, knownProfileIds === undefined ? {} : { knownProfileIds });
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

function warningRule(id: string, levels: string, extra = ''): string {
  return `  - id: ${id}
    indicator: market.new-home-price-yoy
    comparison: above
    levels: ${levels}
    minDurationPeriods: 1
    appliesTo: all
    labelZh: 房价涨幅
    labelEn: Price growth
    source: { seed: '003', section: 第三章第四节, quote: 房价年均涨幅控制在4%以内 }
${extra}`;
}

describe('parseProfile accepts', () => {
  test('a child profile that overrides two parameters', () => {
    const doc = `${header}forecast:
  plotRatio:
    value: 2.2
    source: { seed: '003', section: 第六章第二节1, quote: 按照2.2估算 }
  averageUnitAreaSqm:
    commercial: { value: 120, unit: 平方米/套, source: { seed: '003', section: 第四章第二节（二） } }
`;
    const result = parseProfile(doc, 'test-city.yaml', { knownProfileIds: ['national-default'] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.profile.forecast?.plotRatio?.value).toBe(2.2);
    expect(result.profile.forecast?.averageUnitAreaSqm?.commercial?.value).toBe(120);
    expect(result.profile.forecast?.averageUnitAreaSqm?.affordable).toBeUndefined();
    expect(result.profile.extends).toBe('national-default');
  });

  test('JSON, which is YAML', () => {
    const doc = JSON.stringify({
      id: 'json-city',
      version: '2026-06-01',
      nameZh: 'JSON 市',
      nameEn: 'JSON city',
      cityCode: null,
      extends: 'national-default',
      description: 'JSON',
      security: { waitingTimeMaxMonths: { value: 24, source: { seed: '003', section: '第三章第四节' } } },
    });
    const result = parseProfile(doc, 'json-city.json');
    expect(result.ok && result.profile.security?.waitingTimeMaxMonths?.value).toBe(24);
  });
});

describe('parseProfile rejects, naming file, key path, line, column', () => {
  test('missing id', () => {
    const doc = header.replace('id: test-city\n', '');
    expect(errorsOf(doc)).toEqual([
      {
        file: 'test-city.yaml',
        path: 'id',
        line: 1,
        column: 1,
        messageZh: '缺少必填字段',
        messageEn: 'required field is missing',
      },
    ]);
  });

  test('reasonable range with max below min', () => {
    const doc = `${header}destocking:
  reasonableRangeMonths:
    min: 18
    max: 12
    minInclusive: true
    maxInclusive: true
    source: { seed: '003', section: 第一章第二节3, quote: 12-18个月的合理区间 }
`;
    const [error, ...rest] = errorsOf(doc);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({
      path: 'destocking.reasonableRangeMonths.max',
      ...at(doc, '12', 11),
      messageZh: '合理区间上限（12）应大于下限（18）',
    });
    expect(error!.line).toBe(11);
  });

  test('unknown land-supply rule kind', () => {
    const doc = `${header}landSupplyRule:
  kind: price-bands
  bands: []
`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'landSupplyRule.kind',
        ...at(doc, 'price-bands'),
        messageZh: '未知的类型“price-bands”，应为以下之一：cycle-bands、inflow-cycle-matrix',
      }),
    ]);
  });

  test('negative plot ratio', () => {
    const doc = `${header}forecast:
  plotRatio:
    value: -2.2
    source: { seed: '003', section: 第六章第二节1 }
`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({ path: 'forecast.plotRatio.value', line: 10, column: 12, messageZh: '应大于 0' }),
    ]);
  });

  test('wrong type: text where a number belongs', () => {
    const doc = `${header}forecast:
  householdSizePersons: { value: '2.62人', source: { seed: '003', section: 第四章第二节（一） } }
`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'forecast.householdSizePersons.value',
        ...at(doc, "'2.62人'"),
        messageZh: '应为数字',
        messageEn: 'expected a number',
      }),
    ]);
  });

  test('unknown extends when the known ids are given', () => {
    const doc = header.replace('extends: national-default', 'extends: nationl-default');
    expect(errorsOf(doc, 'test-city.yaml', ['national-default', 'zhangye'])).toEqual([
      expect.objectContaining({
        path: 'extends',
        line: 6,
        column: 10,
        messageZh: '继承的配置“nationl-default”不存在；已知配置：national-default、zhangye',
      }),
    ]);
  });

  test('duplicate warning rule id', () => {
    const doc = `${header}warningRules:
${warningRule('price-growth', '[{ level: orange, threshold: 0.04, inclusive: false }]')}${warningRule(
      'price-growth',
      '[{ level: red, threshold: 0.08, inclusive: false }]',
    )}`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'warningRules[1].id',
        ...at(doc, 'price-growth', 10),
        messageZh: '预警规则编号“price-growth”重复',
      }),
    ]);
    expect(at(doc, 'price-growth', 10).line).toBe(18);
  });

  test('warning thresholds out of order', () => {
    const doc = `${header}warningRules:
${warningRule('price-growth', '[{ level: yellow, threshold: 0.06, inclusive: false }, { level: red, threshold: 0.04, inclusive: false }]')}`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'warningRules[0].levels[1].threshold',
        ...at(doc, '0.04'),
        messageZh: '阈值顺序错误：更严重的等级阈值应大于上一级（0.06），当前为 0.04',
      }),
    ]);
  });

  test('warning levels out of order (red before yellow)', () => {
    const doc = `${header}warningRules:
${warningRule('price-growth', '[{ level: red, threshold: 0.04, inclusive: false }, { level: yellow, threshold: 0.06, inclusive: false }]')}`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'warningRules[0].levels[1].level',
        ...at(doc, 'yellow'),
        messageZh: '预警等级应按 蓝、黄、橙、红 由轻到重排列且不重复（“yellow”排在“red”之后）',
      }),
    ]);
  });

  test('an outside-range warning rule without its range', () => {
    const doc = `${header}warningRules:
${warningRule('cycle', '[{ level: yellow, threshold: 0, inclusive: false }]').replace('comparison: above', 'comparison: outside-range')}`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'warningRules[0].range',
        ...at(doc, 'id: cycle'),
        messageZh: '比较方式为 outside-range 时必须给出区间 range',
      }),
    ]);
  });

  test('window of 72 months', () => {
    const doc = `${header}destocking:
  windowMonths: { value: 72, source: { seed: anju, section: default, quote: 测试 } }
`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'destocking.windowMonths.value',
        ...at(doc, '72'),
        messageZh: '取值应在 1 到 60 之间',
        messageEn: 'must be between 1 and 60',
      }),
    ]);
  });

  test('a rate written as a percentage', () => {
    const doc = `${header}forecast:
  depreciationRatePerYear:
    value: 2
    source: { seed: '003', section: 第四章第二节（一） }
`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'forecast.depreciationRatePerYear.value',
        line: 10,
        column: 12,
        messageZh: '取值应在 0 到 1 之间',
      }),
    ]);
  });

  test('a misspelt field, located at the key', () => {
    const doc = `${header}forecast:
  plotRatoi:
    value: 2.2
    source: { seed: '003', section: 第六章第二节1 }
`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({ path: 'forecast.plotRatoi', line: 9, column: 3, messageZh: '未知字段“plotRatoi”' }),
    ]);
  });

  test('a source without its section', () => {
    const doc = `${header}forecast:
  plotRatio:
    value: 2.2
    source: { seed: '003' }
`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'forecast.plotRatio.source.section',
        line: 11,
        column: 5,
        messageZh: '缺少必填字段',
      }),
    ]);
  });

  test('an Anju default that does not say why', () => {
    const doc = `${header}progress:
  onTrackRatio: { value: 0.95, source: { seed: anju, section: default } }
`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'progress.onTrackRatio.source.quote',
        ...at(doc, 'source'),
        messageZh: 'Anju 默认值须在 quote 中说明理由',
      }),
    ]);
  });

  test('land-rule bands with a gap between 18 and 20 months', () => {
    const band = (id: string, range: string, action: string) =>
      `    - { id: ${id}, ${range}, action: ${action}, labelZh: ${id}, labelEn: ${id}, source: { seed: '003', section: 第五章第一节二 } }\n`;
    const doc = `${header}landSupplyRule:
  kind: cycle-bands
  bands:
${band('stable', 'minMonths: 0, maxMonths: 18, minInclusive: true, maxInclusive: true', 'stable-or-increase')}${band(
      'strict',
      'minMonths: 20, maxMonths: 36, minInclusive: false, maxInclusive: true',
      'strict-control',
    )}${band('pause', 'minMonths: 36, minInclusive: false, maxInclusive: false', 'pause')}`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'landSupplyRule.bands[1].minMonths',
        ...at(doc, '20'),
        messageZh: '分段应从小到大连续排列：本段下限（20）应等于上一段上限（18）',
      }),
    ]);
  });

  test('a combination defined twice in the inflow × cycle matrix', () => {
    const cell = (action: string) =>
      `    - { population: inflow, cycle: above, action: ${action}, labelZh: x, labelEn: x, source: { seed: '000', section: 九（二） } }\n`;
    const doc = `${header}landSupplyRule:
  kind: inflow-cycle-matrix
  cells:
${cell('supply-by-need-cautiously')}${cell('stop')}`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'landSupplyRule.cells[1]',
        line: 12,
        column: 7,
        messageZh: '组合（inflow，above）重复定义',
      }),
    ]);
  });

  test('bad version and city code, both reported', () => {
    const doc = header.replace('version: 1.0.0', 'version: v1').replace("cityCode: '123400'", "cityCode: '6207'");
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({
        path: 'version',
        line: 2,
        column: 10,
        messageZh: '版本号应为语义化版本（如 1.0.0）或日期（如 2026-06-01）',
      }),
      expect.objectContaining({ path: 'cityCode', line: 5, column: 11, messageZh: '城市代码应为 6 位行政区划代码' }),
    ]);
  });

  test('a duplicate key is a YAML error at the second key', () => {
    const doc = `${header}id: other\n`;
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({ path: '', line: 8, column: 1, messageZh: 'YAML 语法错误：键重复' }),
    ]);
  });

  test('a wrong type inside a JSON document', () => {
    const doc = `{
  "id": "json-city",
  "version": "1.0.0",
  "nameZh": "JSON 市",
  "nameEn": "JSON city",
  "cityCode": null,
  "extends": "national-default",
  "description": "JSON",
  "forecast": { "plotRatio": { "value": "high", "source": { "seed": "003", "section": "第六章第二节1" } } }
}`;
    expect(errorsOf(doc, 'json-city.json')).toEqual([
      expect.objectContaining({
        file: 'json-city.json',
        path: 'forecast.plotRatio.value',
        ...at(doc, '"high"'),
        messageZh: '应为数字',
      }),
    ]);
    expect(at(doc, '"high"')).toEqual({ line: 9, column: 41 });
  });

  test('a root profile (no extends) must hold every section', () => {
    const doc = header.replace('extends: national-default\n', '');
    const errors = errorsOf(doc);
    expect(errors.map((e) => [e.path, e.messageZh])).toEqual(
      ['destocking', 'landSupplyRule', 'priceCaps', 'warningRules', 'forecast', 'land', 'security', 'progress'].map(
        (path) => [path, '缺少必填字段'],
      ),
    );
    expect(errors.every((e) => e.line === 1 && e.column === 1)).toBe(true);
  });

  test('an empty document', () => {
    expect(errorsOf('')).toEqual([
      expect.objectContaining({ path: '', messageZh: '文档应为一个映射（键值对），不能为空' }),
    ]);
  });
});
