import { describe, expect, it } from 'vitest';
import { periodBounds } from './period-bounds.js';

describe('periodBounds', () => {
  it('gives the first and last day of each kind of period code', () => {
    expect(periodBounds('2024-02')).toEqual({ grain: 'month', start: '2024-02-01', end: '2024-02-29' });
    expect(periodBounds('2025-02')).toEqual({ grain: 'month', start: '2025-02-01', end: '2025-02-28' });
    expect(periodBounds('2025-12')).toEqual({ grain: 'month', start: '2025-12-01', end: '2025-12-31' });
    expect(periodBounds('2025Q2')).toEqual({ grain: 'quarter', start: '2025-04-01', end: '2025-06-30' });
    expect(periodBounds('2025Q4')).toEqual({ grain: 'quarter', start: '2025-10-01', end: '2025-12-31' });
    expect(periodBounds('2025')).toEqual({ grain: 'year', start: '2025-01-01', end: '2025-12-31' });
    expect(periodBounds('2021-2025')).toEqual({ grain: 'span', start: '2021-01-01', end: '2025-12-31' });
  });

  it('rejects codes that are not canonical', () => {
    for (const bad of ['2025-13', '2025-00', '2025Q5', '2025-1', '2025-2021', '25', '2025q1']) {
      expect(() => periodBounds(bad), bad).toThrow(/期间代码/);
    }
  });
});
