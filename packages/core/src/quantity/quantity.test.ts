import { describe, expect, it } from 'vitest';
import { addQuantities, convertQuantity, parseNumberCell, type NumberCell } from './quantity.js';
import { UomMismatchError } from './unit-of-measure.js';

describe('addQuantities', () => {
  it('adds in the first unit, converting the others exactly', () => {
    // 1 公顷 + 15 亩 + 5000 平方米 = 1 + 1 + 0.5 公顷.
    expect(addQuantities({ value: '1', uom: 'ha' }, { value: '15', uom: 'mu' }, { value: '5000', uom: 'sqm' })).toEqual(
      { value: '2.5', uom: 'ha' },
    );
    // seed 003: 384.61 万㎡ 住宅 + 68.58 万㎡ other = 453.19 万㎡ 商品房.
    expect(addQuantities({ value: '384.61', uom: 'wan-sqm' }, { value: '685800', uom: 'sqm' })).toEqual({
      value: '453.19',
      uom: 'wan-sqm',
    });
    expect(addQuantities({ value: '1.66', uom: 'wan-dwelling' })).toEqual({ value: '1.66', uom: 'wan-dwelling' });
  });

  it('refuses to add across dimensions', () => {
    expect(() => addQuantities({ value: '1', uom: 'sqm' }, { value: '1', uom: 'dwelling' })).toThrow(UomMismatchError);
  });

  it('converts a quantity', () => {
    expect(convertQuantity({ value: '178.97', uom: 'yi-yuan' }, 'wan-yuan')).toEqual({
      value: '1789700',
      uom: 'wan-yuan',
    });
  });
});

describe('parseNumberCell', () => {
  const num = (value: string): NumberCell => ({ kind: 'number', value });
  const empty: NumberCell = { kind: 'empty' };
  const invalid: NumberCell = { kind: 'invalid', reason: 'not-a-number' };
  const table: [string, NumberCell][] = [
    ['1777.349', num('1777.349')],
    ['  62.01 ', num('62.01')],
    ['0', num('0')],
    ['-0', num('0')],
    ['100.00', num('100')],
    ['-3.34', num('-3.34')],
    ['－3.34', num('-3.34')],
    ['\u22123.34', num('-3.34')],
    ['+5', num('5')],
    ['１７７７．３４９', num('1777.349')],
    ['1,234.5', num('1234.5')],
    ['1，234.5', num('1234.5')],
    ['１，２３４．５０', num('1234.5')],
    ['314,358', num('314358')],
    ['1,234,567', num('1234567')],
    ['1 234.5', num('1234.5')],
    ['56.29%', num('56.29')],
    ['56.29％', num('56.29')],
    ['-1.5 %', num('-1.5')],
    ['.5', num('0.5')],
    ['-', empty],
    ['—', empty],
    ['–', empty],
    ['--', empty],
    ['——', empty],
    ['－', empty],
    ['/', empty],
    ['／', empty],
    ['', empty],
    ['   ', empty],
    ['无', empty],
    ['NA', empty],
    ['N/A', empty],
    ['n/a', empty],
    ['…', empty],
    ['(123)', invalid],
    ['（123）', invalid],
    ['1.2e3', invalid],
    ['1E3', invalid],
    ['约100', invalid],
    ['100左右', invalid],
    ['12,34', invalid],
    ['1,2345', invalid],
    ['1.234,5', invalid],
    ['1.2.3', invalid],
    ['abc', invalid],
    ['%', invalid],
    ['5%%', invalid],
    ['NaN', invalid],
    ['Infinity', invalid],
    ['0x1F', invalid],
  ];
  it.each(table)('%j → %j', (raw, expected) => {
    expect(parseNumberCell(raw)).toEqual(expected);
  });
});
