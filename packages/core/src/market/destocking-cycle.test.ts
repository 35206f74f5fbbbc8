import { describe, expect, test } from 'vitest';
import { explainText } from '../provenance/explained.js';
import { classifyCycle } from './cycle-class.js';
import { destockingCycle, formatCycle, type DestockingCycle } from './destocking-cycle.js';
import { roundDecimal, type SeriesValue } from './market-profile.js';
import { testProfile } from './test-profile.js';

const months = (year: number, values: readonly string[]): SeriesValue[] =>
  values.map((value, i) => ({ period: `${year}-${String(i + 1).padStart(2, '0')}`, value }));

function monthsOf(c: DestockingCycle): string {
  if (c.kind !== 'months') throw new Error(`expected months, got ${c.kind}`);
  return c.months;
}

describe('destockingCycle — hand-computed cases', () => {
  test('12-month window over monthly sales: 120 ÷ (Σ 60 ÷ 12) = 24 months exactly', () => {
    const sales = months(2025, ['4', '6', '5', '5', '5', '5', '5', '5', '5', '5', '5', '5']); // Σ = 60
    const c = destockingCycle({
      period: '2025-12',
      inventory: { period: '2025-12', value: '120' },
      sales,
      windowMonths: 12,
      basis: 'area',
      propertyType: 'residential',
    });
    expect(monthsOf(c)).toBe('24');
    expect(c.partial).toBe(false);
    expect(c.monthsUsed).toBe(12);
    expect(c.explained.value).toBe('24');
    expect(c.explained.inputs[1]!.value.value).toBe('5'); // average monthly sales 60 ÷ 12
    expect(formatCycle(c)).toBe('24.0');
  });

  test('the window trails the period: months outside it are ignored', () => {
    // 2024-07 … 2025-06 with a 6-month window ending 2025-06: only 2025-01..06 count (Σ 3+3+3+3+3+3 = 18).
    const sales = [
      ...months(2024, ['9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9', '9']),
      ...months(2025, ['3', '3', '3', '3', '3', '3']),
    ];
    const c = destockingCycle({
      period: '2025-06',
      inventory: { period: '2025-06', value: '45' },
      sales,
      windowMonths: 6,
      basis: 'area',
      propertyType: '',
    });
    expect(monthsOf(c)).toBe('15'); // 45 ÷ (18 ÷ 6)
  });

  test('zero sales in the window is its own result, shown as "—", never Infinity', () => {
    const c = destockingCycle({
      period: '2025-12',
      inventory: { period: '2025-12', value: '2.36' },
      sales: months(2025, Array<string>(12).fill('0')),
      windowMonths: 12,
      basis: 'area',
      propertyType: 'residential',
    });
    expect(c.kind).toBe('no-sales');
    expect(c.explained.value).toBeNull();
    expect(c.explained.branch).toBe('no-sales');
    expect(formatCycle(c)).toBe('—');
    expect(classifyCycle(c, testProfile).kind).toBe('no-sales');
  });

  test('partial history: 3 of 12 months gives a partial result over the 3 months used', () => {
    const c = destockingCycle({
      period: '2025-03',
      inventory: { period: '2025-03', value: '30' },
      sales: months(2025, ['2', '3', '1']), // Σ 6 over 3 months → 2 a month
      windowMonths: 12,
      basis: 'area',
      propertyType: 'residential',
    });
    expect(monthsOf(c)).toBe('15');
    expect(c.partial).toBe(true);
    expect(c.monthsUsed).toBe(3);
    expect(c.explained.notes[0]!.messageZh).toContain('仅有 3 个月');
  });

  test('a missing month inside the window also makes it partial (11 months used)', () => {
    const sales = months(2025, ['5', '5', '5', '5', '5', '5', '5', '5', '5', '5', '5', '5']).filter(
      (s) => s.period !== '2025-06',
    );
    const c = destockingCycle({
      period: '2025-12',
      inventory: { period: '2025-12', value: '110' },
      sales,
      windowMonths: 12,
      basis: 'area',
      propertyType: '',
    });
    expect(monthsOf(c)).toBe('22'); // 110 ÷ (55 ÷ 11)
    expect(c.monthsUsed).toBe(11);
    expect(c.partial).toBe(true);
  });

  test('no inventory or no sales data at all is no-data, not zero', () => {
    const a = destockingCycle({
      period: '2025-12',
      inventory: undefined,
      sales: months(2025, ['1']),
      windowMonths: 12,
      basis: 'area',
      propertyType: '',
    });
    expect(a.kind === 'no-data' && a.missing).toBe('inventory');
    const b = destockingCycle({
      period: '2025-12',
      inventory: { period: '2025-12', value: '5' },
      sales: [],
      windowMonths: 12,
      basis: 'area',
      propertyType: '',
    });
    expect(b.kind === 'no-data' && b.missing).toBe('sales');
    expect(formatCycle(b)).toBe('');
  });

  test('type splits and the units basis: residential, non-residential and all differ', () => {
    // Residential 148.41 / 62.40, all 370.87 / 78.71, non-residential 222.46 / 16.31 (003, 2025).
    const run = (inv: string, sales: string, type: string) =>
      destockingCycle({
        period: '2025',
        inventory: { period: '2025', value: inv },
        sales: [{ period: '2025', value: sales }],
        windowMonths: 12,
        basis: 'area',
        propertyType: type,
      });
    expect(roundDecimal(monthsOf(run('148.41', '62.40', 'residential')), 2)).toBe('28.54');
    expect(roundDecimal(monthsOf(run('370.87', '78.71', '')), 2)).toBe('56.54');
    expect(roundDecimal(monthsOf(run('222.46', '16.31', 'non-residential')), 2)).toBe('163.67');
    expect(run('148.41', '62.40', 'residential').explained.labelZh).toBe('商品住宅去化周期（按面积）');
    // Units: 13433 dwellings, 6000 sold in the year → 13433 ÷ 500 = 26.866.
    const u = destockingCycle({
      period: '2025',
      inventory: { period: '2025', value: '13433' },
      sales: [{ period: '2025', value: '6000' }],
      windowMonths: 12,
      basis: 'units',
      propertyType: 'residential',
    });
    expect(monthsOf(u)).toBe('26.866');
    expect(u.explained.labelZh).toBe('商品住宅去化周期（按套数）');
  });

  test('yearly data: 003 2021–2025 by the rule gives 24.6, 29.1, 34.2, 30.1, 28.5', () => {
    const inv = ['178.05', '212.61', '212.93', '183.84', '148.41'];
    const sales = ['86.72', '87.58', '74.69', '73.22', '62.40'];
    const years = [2021, 2022, 2023, 2024, 2025];
    const salesSeries = years.map((y, i) => ({ period: String(y), value: sales[i]! }));
    const got = years.map((y, i) =>
      formatCycle(
        destockingCycle({
          period: String(y),
          inventory: { period: String(y), value: inv[i]! },
          sales: salesSeries,
          windowMonths: 12,
          basis: 'area',
          propertyType: 'residential',
        }),
      ),
    );
    expect(got).toEqual(['24.6', '29.1', '34.2', '30.1', '28.5']);
  });

  test('a window shorter than the data grain uses the period’s own flow, with a note', () => {
    const c = destockingCycle({
      period: '2025',
      inventory: { period: '2025', value: '60' },
      sales: [{ period: '2025', value: '120' }],
      windowMonths: 6,
      basis: 'area',
      propertyType: '',
    });
    expect(monthsOf(c)).toBe('6'); // 60 ÷ (120 ÷ 12)
    expect(c.monthsUsed).toBe(12);
    expect(c.partial).toBe(false);
    expect(c.explained.notes.map((n) => n.messageEn).join()).toContain('longer than the 6-month window');
  });

  test('months preferred over quarters covering the same months; quarters fill the rest', () => {
    const sales = [
      { period: '2025Q1', value: '30' },
      { period: '2025-01', value: '10' },
      { period: '2025-02', value: '10' },
      { period: '2025-03', value: '10' },
      { period: '2025Q2', value: '15' },
    ];
    const c = destockingCycle({
      period: '2025Q2',
      inventory: { period: '2025Q2', value: '45' },
      sales,
      windowMonths: 6,
      basis: 'area',
      propertyType: '',
    });
    expect(monthsOf(c)).toBe('6'); // Σ 45 over 6 months → 7.5 a month
    expect(c.monthsUsed).toBe(6);
  });

  test('explains itself in both languages', () => {
    const c = destockingCycle({
      period: '2025',
      inventory: { period: '2025', value: '148.41' },
      sales: [{ period: '2025', value: '62.40' }],
      windowMonths: 12,
      basis: 'area',
      propertyType: 'residential',
      profile: { id: 'zhangye', version: '1.0.0' },
    });
    const zh = explainText(c.explained, 'zh');
    expect(zh).toContain('期末可售库存 ÷ 近 12 个月月均销售');
    expect(zh).toContain('148.41 万平方米');
    expect(zh).toContain('zhangye@1.0.0');
    expect(explainText(c.explained, 'en')).toContain('Months of supply, residential');
  });
});
