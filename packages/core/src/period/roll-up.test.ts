import { describe, expect, it } from 'vitest';
import { periodOf } from './period.js';
import { rollUpValues, type RollUpItem } from './roll-up.js';

const q4 = periodOf('2025Q4');
const months = (values: Record<string, string>): RollUpItem[] =>
  Object.entries(values).map(([period, value]) => ({ period, value }));

describe('rollUpValues', () => {
  it('sums flows exactly (sales area, 万㎡)', () => {
    const r = rollUpValues({ kind: 'sum' }, months({ '2025-10': '6.31', '2025-11': '5.27', '2025-12': '8.02' }), q4);
    expect(r).toEqual({
      value: '19.6',
      complete: true,
      monthsUsed: ['2025-10', '2025-11', '2025-12'],
      monthsMissing: [],
    });
  });

  it('sums 0.1 over twelve months of a year without drift', () => {
    const items = Array.from({ length: 12 }, (_, i) => ({
      period: `2025-${String(i + 1).padStart(2, '0')}`,
      value: '0.1',
    }));
    expect(rollUpValues({ kind: 'sum' }, items, periodOf('2025')).value).toBe('1.2');
  });

  it('returns a partial sum flagged incomplete when months are missing', () => {
    const r = rollUpValues({ kind: 'sum' }, months({ '2025-10': '6.31', '2025-12': '8.02' }), q4);
    expect(r).toEqual({
      value: '14.33',
      complete: false,
      monthsUsed: ['2025-10', '2025-12'],
      monthsMissing: ['2025-11'],
    });
  });

  it('takes the last month for stocks (inventory), and nothing when the last month is missing', () => {
    expect(
      rollUpValues({ kind: 'end' }, months({ '2025-10': '120.5', '2025-11': '118.25', '2025-12': '116.40' }), q4),
    ).toEqual({ value: '116.4', complete: true, monthsUsed: ['2025-12'], monthsMissing: [] });
    expect(rollUpValues({ kind: 'end' }, months({ '2025-10': '120.5', '2025-11': '118.25' }), q4)).toEqual({
      value: undefined,
      complete: false,
      monthsUsed: [],
      monthsMissing: ['2025-12'],
    });
    // The year's stock is December's, whatever the other months hold.
    expect(rollUpValues({ kind: 'end' }, months({ '2025-06': '1', '2025-12': '2' }), periodOf('2025'))).toMatchObject({
      value: '2',
      complete: true,
    });
  });

  it('averages levels (prices, 元/㎡)', () => {
    const r = rollUpValues(
      { kind: 'mean' },
      months({ '2025-10': '3400', '2025-11': '3450', '2025-12': '3423.26' }),
      q4,
    );
    // (3400 + 3450 + 3423.26) / 3 = 10273.26 / 3 = 3424.42.
    expect(r.value).toBe('3424.42');
    expect(r.complete).toBe(true);
    // A non-terminating mean is rounded to 20 significant digits: 10 / 3.
    expect(rollUpValues({ kind: 'mean' }, months({ '2025-10': '3', '2025-11': '3', '2025-12': '4' }), q4).value).toBe(
      '3.3333333333333333333',
    );
    expect(rollUpValues({ kind: 'mean' }, months({ '2025-11': '3450' }), q4)).toEqual({
      value: '3450',
      complete: false,
      monthsUsed: ['2025-11'],
      monthsMissing: ['2025-10', '2025-12'],
    });
  });

  it('weights means by another measure (price weighted by sales area)', () => {
    const items: RollUpItem[] = [
      { period: '2025-10', value: '3400', weight: '2' },
      { period: '2025-11', value: '3500', weight: '3' },
      { period: '2025-12', value: '3600', weight: '5' },
    ];
    const rule = { kind: 'weighted-mean', weightMeasure: 'housing.sales-area' } as const;
    // (3400·2 + 3500·3 + 3600·5) / 10 = (6800 + 10500 + 18000) / 10 = 3530.
    expect(rollUpValues(rule, items, q4)).toEqual({
      value: '3530',
      complete: true,
      monthsUsed: ['2025-10', '2025-11', '2025-12'],
      monthsMissing: [],
    });
    // A month without a weight cannot be used.
    const noWeight = rollUpValues(rule, [items[0]!, items[1]!, { period: '2025-12', value: '3600' }], q4);
    // (6800 + 10500) / 5 = 3460.
    expect(noWeight).toEqual({
      value: '3460',
      complete: false,
      monthsUsed: ['2025-10', '2025-11'],
      monthsMissing: ['2025-12'],
    });
    // All weights zero: no value.
    expect(rollUpValues(rule, [{ period: '2025-10', value: '3400', weight: '0' }], q4).value).toBeUndefined();
  });

  it('gives no value when no month is present, ignores months outside the target', () => {
    expect(rollUpValues({ kind: 'sum' }, [], q4)).toEqual({
      value: undefined,
      complete: false,
      monthsUsed: [],
      monthsMissing: ['2025-10', '2025-11', '2025-12'],
    });
    const r = rollUpValues(
      { kind: 'sum' },
      months({ '2025-09': '100', '2025-10': '1', '2025-11': '2', '2025-12': '3' }),
      q4,
    );
    expect(r.value).toBe('6');
  });

  it('rejects non-month items and duplicate months', () => {
    expect(() => rollUpValues({ kind: 'sum' }, months({ '2025Q4': '1' }), periodOf('2025'))).toThrow(RangeError);
    expect(() => rollUpValues({ kind: 'sum' }, months({ '2025年10月': '1' }), q4)).toThrow(RangeError);
    expect(() =>
      rollUpValues(
        { kind: 'sum' },
        [
          { period: '2025-10', value: '1' },
          { period: '2025-10', value: '2' },
        ],
        q4,
      ),
    ).toThrow(RangeError);
  });
});
