import { describe, expect, it } from 'vitest';
import {
  UNITS,
  UOM_CODES,
  UomMismatchError,
  convert,
  getUnitOfMeasure,
  isUomCode,
  parseUomFromHeader,
  parseUomLabel,
  type UomCode,
} from './unit-of-measure.js';

describe('convert', () => {
  const table: [string, UomCode, UomCode, string][] = [
    // 平方米 ↔ 万平方米
    ['3511.359', 'wan-sqm', 'sqm', '35113590'],
    ['35113590', 'sqm', 'wan-sqm', '3511.359'],
    ['1', 'sqm', 'wan-sqm', '0.0001'],
    ['199.2', 'wan-sqm', 'sqm', '1992000'],
    // 公顷 ↔ 亩 ↔ 平方米 (1 公顷 = 15 亩 = 10 000 平方米)
    ['1', 'ha', 'mu', '15'],
    ['1.5', 'ha', 'mu', '22.5'],
    ['15', 'mu', 'ha', '1'],
    ['3', 'mu', 'ha', '0.2'],
    ['1', 'mu', 'ha', '0.066666666666666666667'],
    ['1', 'mu', 'sqm', '666.66666666666666667'],
    ['3', 'mu', 'sqm', '2000'],
    ['10000', 'sqm', 'ha', '1'],
    ['2000', 'sqm', 'mu', '3'],
    ['1', 'ha', 'sqm', '10000'],
    ['1', 'sq-km', 'ha', '100'],
    ['1', 'sq-km', 'mu', '1500'],
    ['1', 'ha', 'wan-sqm', '1'],
    // 元 ↔ 万元 ↔ 亿元
    ['178.97', 'yi-yuan', 'wan-yuan', '1789700'],
    ['1789700', 'wan-yuan', 'yi-yuan', '178.97'],
    ['1', 'yi-yuan', 'yuan', '100000000'],
    ['12345', 'yuan', 'wan-yuan', '1.2345'],
    ['0.01', 'yuan', 'yi-yuan', '0.0000000001'],
    // 套 ↔ 万套
    ['1.66', 'wan-dwelling', 'dwelling', '16600'],
    ['314358', 'dwelling', 'wan-dwelling', '31.4358'],
    // 人 ↔ 万人, 户 ↔ 万户
    ['109.99', 'wan-person', 'person', '1099900'],
    ['619200', 'person', 'wan-person', '61.92'],
    ['23.63', 'wan-household', 'household', '236300'],
    // ‰ ↔ % (人口自然增长率 −3.34‰)
    ['-3.34', 'permille', 'percent', '-0.334'],
    ['56.29', 'percent', 'permille', '562.9'],
    // price, duration
    ['3424.42', 'yuan-per-sqm', 'wan-yuan-per-sqm', '0.342442'],
    ['3', 'year-count', 'month', '36'],
    ['18', 'month', 'year-count', '1.5'],
    // same unit normalises
    ['1.2300', 'sqm', 'sqm', '1.23'],
  ];
  it.each(table)('%s %s → %s = %s', (value, from, to, expected) => {
    expect(convert(value, from, to)).toBe(expected);
  });

  it('round-trips ha → mu → ha exactly for values with up to 6 decimals', () => {
    for (const v of ['0.000001', '1.234567', '987654.321001', '12.5', '0.333333', '7', '-2.718281']) {
      const mu = convert(v, 'ha', 'mu');
      expect(convert(mu, 'mu', 'ha')).toBe(v);
    }
    // 0.000001 ha × 15 = 0.000015 mu, exact.
    expect(convert('0.000001', 'ha', 'mu')).toBe('0.000015');
  });

  it('round-trips every same-dimension pair for a sample of values when the factors terminate', () => {
    for (const from of UOM_CODES) {
      for (const to of UOM_CODES) {
        if (UNITS[from].dimension !== UNITS[to].dimension || from === 'mu' || to === 'mu') continue;
        expect(convert(convert('1234.5678', from, to), to, from)).toBe('1234.5678');
      }
    }
  });

  it('throws UomMismatchError across dimensions', () => {
    expect(() => convert('1', 'sqm', 'yuan')).toThrow(UomMismatchError);
    expect(() => convert('1', 'percent', 'ratio')).toThrow(UomMismatchError);
    try {
      convert('1', 'ha', 'wan-dwelling');
    } catch (e) {
      expect(e).toBeInstanceOf(UomMismatchError);
      expect((e as UomMismatchError).from).toBe('ha');
      expect((e as UomMismatchError).message).toBe('Cannot convert ha (area) to wan-dwelling (dwellings)');
    }
  });

  it('rejects a value that is not a decimal', () => {
    expect(() => convert('abc', 'sqm', 'ha')).toThrow();
  });
});

describe('unit registry', () => {
  it('has every code once with a dimension and a factor', () => {
    expect(Object.keys(UNITS).sort()).toEqual([...UOM_CODES].sort());
    for (const code of UOM_CODES) expect(UNITS[code].code).toBe(code);
    expect(UNITS.mu.factor).toBe('2000/3');
    expect(UNITS['sq-km'].factor).toBe('1000000');
    expect(UNITS.permille.dimension).toBe('ratio-percent');
    expect(getUnitOfMeasure('wan-sqm').labelZh).toBe('万平方米');
    expect(() => getUnitOfMeasure('acre')).toThrow(RangeError);
    expect(isUomCode('ha')).toBe(true);
    expect(isUomCode('toString')).toBe(false);
  });
});

describe('parseUomLabel', () => {
  const table: [string, UomCode | undefined][] = [
    ['万㎡', 'wan-sqm'],
    ['万m2', 'wan-sqm'],
    ['万m²', 'wan-sqm'],
    ['万平方米', 'wan-sqm'],
    ['万平米', 'wan-sqm'],
    ['㎡', 'sqm'],
    ['平米', 'sqm'],
    ['M2', 'sqm'],
    ['亿元', 'yi-yuan'],
    ['万元', 'wan-yuan'],
    ['元', 'yuan'],
    ['套', 'dwelling'],
    ['万套', 'wan-dwelling'],
    ['%', 'percent'],
    ['％', 'percent'],
    ['‰', 'permille'],
    ['公顷', 'ha'],
    ['hm²', 'ha'],
    ['亩', 'mu'],
    ['km²', 'sq-km'],
    ['平方公里', 'sq-km'],
    ['元/㎡', 'yuan-per-sqm'],
    ['元/平米', 'yuan-per-sqm'],
    ['万元/m2', 'wan-yuan-per-sqm'],
    ['元/平方米·月', 'yuan-per-sqm-month'],
    ['元/㎡/月', 'yuan-per-sqm-month'],
    ['元/（平方米・月）', 'yuan-per-sqm-month'],
    ['㎡/人', 'sqm-per-person'],
    ['人/户', 'person-per-household'],
    ['个月', 'month'],
    ['月', 'month'],
    ['年', 'year-count'],
    ['栋', 'building'],
    ['个', 'count'],
    [' 万 人 ', 'wan-person'],
    ['万户', 'wan-household'],
    ['', undefined],
    ['住宅', undefined],
    ['美元', undefined],
  ];
  it.each(table)('%j → %s', (text, expected) => {
    expect(parseUomLabel(text)).toBe(expected);
  });
});

describe('parseUomFromHeader', () => {
  const table: [string, UomCode, string][] = [
    ['面积（万㎡）', 'wan-sqm', '面积'],
    ['面积(万m2)', 'wan-sqm', '面积'],
    ['商品房累计可售面积（万m2）', 'wan-sqm', '商品房累计可售面积'],
    ['销售面积（万平方米）', 'wan-sqm', '销售面积'],
    ['房地产完成投资（亿元）', 'yi-yuan', '房地产完成投资'],
    ['套数（套）', 'dwelling', '套数'],
    ['（户）', 'household', ''],
    ['去化周期（个月）', 'month', '去化周期'],
    ['商品住宅均价（元/平方米）', 'yuan-per-sqm', '商品住宅均价'],
    ['（公顷）', 'ha', ''],
    ['（亩）', 'mu', ''],
    ['常住人口（万人）', 'wan-person', '常住人口'],
    ['城镇化率（%）', 'percent', '城镇化率'],
    ['授信金额\n（万元）', 'wan-yuan', '授信金额'],
    ['（万套）', 'wan-dwelling', ''],
    ['单位：万平方米', 'wan-sqm', ''],
    ['表3 单位：万元', 'wan-yuan', '表3'],
    ['住宅用地供应（单位：公顷）', 'ha', '住宅用地供应'],
    ['商品住房（住宅）销售面积（万㎡）', 'wan-sqm', '商品住房（住宅）销售面积'],
    ['人均住房面积[平方米/人]', 'sqm-per-person', '人均住房面积'],
    ['平均租金（元/㎡·月）', 'yuan-per-sqm-month', '平均租金'],
    ['人口自然增长率（‰）', 'permille', '人口自然增长率'],
    ['亿元', 'yi-yuan', ''],
  ];
  it.each(table)('%j → %s, %j', (header, uom, label) => {
    expect(parseUomFromHeader(header)).toEqual({ uom, label: label.normalize('NFKC') });
  });

  it('returns undefined when there is no known unit', () => {
    expect(parseUomFromHeader('辖区')).toBeUndefined();
    expect(parseUomFromHeader('容积率')).toBeUndefined();
    expect(parseUomFromHeader('商品房（住宅）')).toBeUndefined();
    expect(parseUomFromHeader('')).toBeUndefined();
  });
});
