import { describe, expect, it } from 'vitest';
import {
  DecimalParseError,
  compareDecimals,
  decimalEquals,
  divideDecimals,
  multiplyDecimals,
  normaliseDecimal,
  parseRational,
  rationalToDecimal,
  subtractDecimals,
  sumDecimals,
} from './decimal.js';

describe('sumDecimals', () => {
  it('sums 0.1 ten times to exactly "1" (binary floating point gives 0.9999999999999999)', () => {
    expect(Array.from({ length: 10 }, () => 0.1).reduce((a, b) => a + b, 0)).not.toBe(1);
    expect(sumDecimals(Array.from({ length: 10 }, () => '0.1'))).toBe('1');
  });

  it("adds seed 003's 辖区 areas to the printed 全市 total 3511.359 万㎡", () => {
    // 张掖市城镇现有住房情况汇总表: 甘州区, 临泽县, 高台县, 山丹县, 民乐县, 肃南县.
    expect(sumDecimals(['1777.349', '254.36', '362.53', '400.07', '655.04', '62.01'])).toBe('3511.359');
    // and the non-成套 column: 9.91 + 0.12 + 6.079 + 100.92 + 0 + 0.25 = 117.279.
    expect(sumDecimals(['9.91', '0.12', '6.079', '100.92', '0', '0.25'])).toBe('117.279');
  });

  it('sums negatives and an empty list', () => {
    expect(sumDecimals([])).toBe('0');
    expect(sumDecimals(['-3.34', '3.34'])).toBe('0');
    expect(sumDecimals(['-0.5', '0.25'])).toBe('-0.25');
  });

  it('stays exact over a long sum (property: sum of k × 0.01 for k = 1..10000 = 500050)', () => {
    const values = Array.from({ length: 10000 }, (_, i) => ((i + 1) / 100).toFixed(2));
    expect(sumDecimals(values)).toBe('500050');
  });

  it('rejects non-decimals', () => {
    expect(() => sumDecimals(['1', 'abc'])).toThrow(DecimalParseError);
    expect(() => sumDecimals(['1/3'])).toThrow(DecimalParseError);
  });
});

describe('normaliseDecimal', () => {
  const table: [string, string][] = [
    ['1.2300', '1.23'],
    ['001.50', '1.5'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['+7', '7'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['1e3', '1000'],
    ['1.5E-7', '0.00000015'],
    ['-12.340', '-12.34'],
    ['100', '100'],
    ['0.000001', '0.000001'],
  ];
  it.each(table)('%s → %s', (input, expected) => {
    expect(normaliseDecimal(input)).toBe(expected);
  });

  it('rejects non-decimals', () => {
    for (const bad of ['', 'abc', '1,234', '1.2.3', '--1', 'NaN', 'Infinity', '1/2']) {
      expect(() => normaliseDecimal(bad)).toThrow(DecimalParseError);
    }
  });
});

describe('arithmetic', () => {
  it('compares and tests equality numerically', () => {
    expect(decimalEquals('1.50', '1.5')).toBe(true);
    expect(decimalEquals('0.1', '0.10000000000000001')).toBe(false);
    expect(compareDecimals('-2', '1')).toBe(-1);
    expect(compareDecimals('10', '9.999')).toBe(1);
    expect(compareDecimals('0', '-0')).toBe(0);
  });

  it('subtracts, multiplies and divides exactly', () => {
    expect(subtractDecimals('3736.08', '3511.36')).toBe('224.72');
    // seed 003: 61.92 万人 × 56.72 ㎡/人 = 3512.1024 万㎡ (the plan prints 3511.36: its inputs are rounded).
    expect(multiplyDecimals('61.92', '56.72')).toBe('3512.1024');
    expect(multiplyDecimals('-0.1', '0.1')).toBe('-0.01');
    expect(divideDecimals('199.2', '120')).toBe('1.66');
    expect(divideDecimals('1', '8')).toBe('0.125');
    expect(() => divideDecimals('1', '0')).toThrow(RangeError);
  });

  it('rounds non-terminating quotients half away from zero to 20 significant digits by default', () => {
    expect(divideDecimals('1', '3')).toBe('0.33333333333333333333');
    expect(divideDecimals('2', '3')).toBe('0.66666666666666666667');
    expect(divideDecimals('-2', '3')).toBe('-0.66666666666666666667');
    expect(divideDecimals('20000', '3')).toBe('6666.6666666666666667');
    expect(divideDecimals('2', '3', 4)).toBe('0.6667');
    expect(divideDecimals('200000', '3', 3)).toBe('66700');
    expect(divideDecimals('0.0001', '7', 5)).toBe('0.000014286');
    // A terminating quotient stays exact whatever the digits asked for; 9.999966… rounds up across a power of ten.
    expect(divideDecimals('99995', '10000', 4)).toBe('9.9995');
    expect(divideDecimals('299999', '30000', 4)).toBe('10');
    expect(divideDecimals('1', '3', 1)).toBe('0.3');
    expect(() => divideDecimals('1', '3', 0)).toThrow(RangeError);
  });

  it('parses fractions and writes rationals', () => {
    expect(parseRational('2000/3')).toEqual({ p: 2000n, q: 3n });
    expect(parseRational('10/4')).toEqual({ p: 5n, q: 2n });
    expect(parseRational('-0.25')).toEqual({ p: -1n, q: 4n });
    expect(rationalToDecimal({ p: 5n, q: 2n })).toBe('2.5');
    expect(rationalToDecimal({ p: 0n, q: 1n })).toBe('0');
  });
});
