import { describe, expect, it } from 'vitest';
import { rationalToDecimal } from '../quantity/decimal.js';
import { formatFixed, printedInterval } from './interval.js';
import { auditUnitOf, isBlankPrinted, parsePrintedNumber, splitLabelUnit } from './printed-number.js';

const show = (text: string) => {
  const n = parsePrintedNumber(text);
  return n === undefined ? undefined : [rationalToDecimal(n.value), n.decimals, n.unitText, n.percent, n.bracketed];
};

describe('printed figures', () => {
  it('keeps the printed decimals, the unit in the cell, % and [ ]', () => {
    expect(show('3448.00')).toEqual(['3448', 2, '', false, false]);
    expect(show('26.89 ')).toEqual(['26.89', 2, '', false, false]);
    expect(show('1,234.5')).toEqual(['1234.5', 1, '', false, false]);
    expect(show('23.5%')).toEqual(['23.5', 1, '', true, false]);
    expect(show('4092.44 m ²')).toEqual(['4092.44', 2, 'm 2', false, false]);
    expect(show('690 万 m ²')).toEqual(['690', 0, '万 m 2', false, false]);
    expect(show('[7.5]')).toEqual(['7.5', 1, '', false, true]);
    expect(show('－3.34')).toEqual(['-3.34', 2, '', false, false]);
  });

  it('reads ranges, words and compound cells as no figure; dashes as blank', () => {
    expect(show('29.75-36.75')).toBeUndefined();
    expect(show('164（42938户）')).toBeUndefined();
    expect(show('预期性')).toBeUndefined();
    expect(['', '-', '--', '——', '/'].every(isBlankPrinted)).toBe(true);
    expect(isBlankPrinted('0')).toBe(false);
  });

  it('a figure printed with d decimals stands for ±½·10⁻ᵈ', () => {
    const n = parsePrintedNumber('453.19')!;
    const i = printedInterval(n.value, n.decimals);
    expect([formatFixed(i.lo, 3), formatFixed(i.hi, 3)]).toEqual(['453.185', '453.195']);
  });

  it('knows the units plans print, including alternatives and glosses', () => {
    const u = (t: string) => {
      const x = auditUnitOf(t);
      return x === undefined ? undefined : [x.dimension, rationalToDecimal(x.factor), x.integral];
    };
    expect(u('万㎡')).toEqual(['area', '10000', false]);
    expect(u('万m2')).toEqual(['area', '10000', false]);
    expect(u('亿平方米')).toEqual(['area', '100000000', false]);
    expect(u('套/间')).toEqual(['dwellings', '1', true]);
    expect(u('万套或万间')).toEqual(['dwellings', '10000', false]);
    expect(u('个（平方米、户）')).toEqual(['count', '1', true]);
    expect(u('预期性')).toBeUndefined();
    expect(splitLabelUnit('销售面积（万平方米）').text).toBe('销售面积');
    expect(splitLabelUnit('新建（筹集）保障性住房').unit).toBeUndefined();
  });
});
