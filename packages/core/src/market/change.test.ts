import { describe, expect, test } from 'vitest';
import { periodOnPeriod, shareOfTotal, trailingAverage, yearOnYear } from './change.js';
import { roundDecimal } from './market-profile.js';

// 003 商品住宅均价 2021–2025.
const price = [
  { period: '2021', value: '3448.00' },
  { period: '2022', value: '3222.51' },
  { period: '2023', value: '3232.51' },
  { period: '2024', value: '3576.71' },
  { period: '2025', value: '3642.37' },
];

describe('changes, averages and shares', () => {
  test('year on year on yearly data: 2025 vs 2024 = +1.8358 %', () => {
    const e = yearOnYear(price, '2025', 'yuan-per-sqm');
    expect(roundDecimal(e.value!, 6)).toBe('0.018358'); // (3642.37 − 3576.71) ÷ 3576.71
    expect(roundDecimal(yearOnYear(price, '2022', 'yuan-per-sqm').value!, 6)).toBe('-0.065397'); // −225.49 ÷ 3448
  });

  test('year on year on months and quarters compares the same period a year earlier', () => {
    const s = [
      { period: '2024-03', value: '100' },
      { period: '2025-02', value: '105' },
      { period: '2025-03', value: '110' },
      { period: '2024Q1', value: '200' },
      { period: '2025Q1', value: '150' },
    ];
    expect(yearOnYear(s, '2025-03', 'wan-sqm').value).toBe('0.1');
    expect(yearOnYear(s, '2025Q1', 'wan-sqm').value).toBe('-0.25');
    expect(roundDecimal(periodOnPeriod(s, '2025-03', 'wan-sqm').value!, 6)).toBe('0.047619'); // 110 ÷ 105 − 1
  });

  test('a missing or zero comparison value gives null with a note', () => {
    expect(yearOnYear(price, '2021', 'yuan-per-sqm').value).toBeNull();
    const z = yearOnYear(
      [
        { period: '2024', value: '0' },
        { period: '2025', value: '5' },
      ],
      '2025',
      'wan-sqm',
    );
    expect(z.value).toBeNull();
    expect(z.notes[0]!.messageEn).toContain('undefined');
  });

  test('trailing average, full and partial', () => {
    expect(trailingAverage(price, '2025', 3, 'yuan-per-sqm').value).toBe('3483.8633333333333333');
    expect(roundDecimal(trailingAverage(price, '2025', 3, 'yuan-per-sqm').value!, 2)).toBe('3483.86'); // (3232.51 + 3576.71 + 3642.37) ÷ 3
    const partial = trailingAverage(price, '2022', 3, 'yuan-per-sqm');
    expect(partial.value).toBe('3335.255'); // (3448 + 3222.51) ÷ 2
    expect(partial.notes[0]!.messageEn).toBe('Only 2 of 3 periods available.');
  });

  test('share of the city total: 甘州区 200.87 of 370.87', () => {
    const s = shareOfTotal({ period: '2025', value: '200.87' }, { period: '2025', value: '370.87' }, 'wan-sqm');
    expect(roundDecimal(s.value!, 4)).toBe('0.5416');
    expect(shareOfTotal({ period: '2025', value: '1' }, { period: '2025', value: '0' }, 'wan-sqm').value).toBeNull();
  });
});
