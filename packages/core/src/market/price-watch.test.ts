import { describe, expect, test } from 'vitest';
import { roundDecimal } from './market-profile.js';
import { priceWatch } from './price-watch.js';
import { testProfile } from './test-profile.js';

const s = (a: string, b: string) => [
  { period: '2024', value: a },
  { period: '2025', value: b },
];

describe('price watch against the profile caps', () => {
  test('003 new-home prices: 2024 +10.65 % is above the 4 % cap, 2025 +1.84 % within', () => {
    const series = [
      { period: '2023', value: '3232.51' },
      { period: '2024', value: '3576.71' },
      { period: '2025', value: '3642.37' },
    ];
    const w2024 = priceWatch('new-home', series, '2024', 'yuan-per-sqm', testProfile);
    expect(roundDecimal(w2024.change.value!, 4)).toBe('0.1065');
    expect(w2024.status).toBe('above-cap');
    expect(w2024.cap).toBe('0.04');
    expect(priceWatch('new-home', series, '2025', 'yuan-per-sqm', testProfile).status).toBe('within-cap');
  });

  test('exactly on the cap is within (以内 includes the bound); a fall never breaches the new-home cap', () => {
    expect(priceWatch('new-home', s('100', '104'), '2025', 'yuan-per-sqm', testProfile).status).toBe('within-cap');
    expect(priceWatch('new-home', s('100', '104.01'), '2025', 'yuan-per-sqm', testProfile).status).toBe('above-cap');
    expect(priceWatch('new-home', s('100', '80'), '2025', 'yuan-per-sqm', testProfile).status).toBe('within-cap');
  });

  test('land price: ±5 % both directions, bound included', () => {
    expect(priceWatch('land', s('2000', '2100'), '2025', 'yuan-per-sqm', testProfile).status).toBe('within-cap');
    expect(priceWatch('land', s('2000', '1900'), '2025', 'yuan-per-sqm', testProfile).status).toBe('within-cap');
    expect(priceWatch('land', s('2000', '1899'), '2025', 'yuan-per-sqm', testProfile).status).toBe('above-cap');
    expect(priceWatch('land', s('2000', '2101'), '2025', 'yuan-per-sqm', testProfile).status).toBe('above-cap');
  });

  test('second-hand and rent have no cap; a missing year is no-data', () => {
    const w = priceWatch('rent', s('20', '22'), '2025', 'yuan-per-sqm-month', testProfile);
    expect(w.status).toBe('no-cap');
    expect(w.change.value).toBe('0.1');
    expect(
      priceWatch('second-hand', [{ period: '2025', value: '5000' }], '2025', 'yuan-per-sqm', testProfile).status,
    ).toBe('no-data');
  });
});
