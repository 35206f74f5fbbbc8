import { describe, expect, test } from 'vitest';

import { checkAffordableLandShare } from './affordable-land-check.js';

describe('affordable land ≥ 20 % of the annual residential land plan (003 第七章)', () => {
  test('exactly 20 % passes ("不低于")', () => {
    const r = checkAffordableLandShare({ commercialLandHa: '8', affordableLandHa: '2', minShare: '0.2' });
    expect([r.ok, r.share.value, r.shortfallHa]).toEqual([true, '0.2', '0']);
  });
  test('just under fails with the shortfall that would reach it', () => {
    const r = checkAffordableLandShare({ commercialLandHa: '8.01', affordableLandHa: '2', minShare: '0.2' });
    expect(r.ok).toBe(false);
    // 2 + x = 0.2 (10.01 + x) → x = (2.002 − 2) / 0.8 = 0.0025
    expect(r.shortfallHa).toBe('0.0025');
  });
  test('003’s own 2026 land plan fails: 2.2 ÷ (18.55 + 2.2) = 10.6 %', () => {
    const r = checkAffordableLandShare({ commercialLandHa: '18.55', affordableLandHa: '2.2', minShare: '0.2' });
    expect(r.ok).toBe(false);
    expect(r.share.value?.slice(0, 8)).toBe('0.106024');
    expect(r.shortfallHa).toBe('2.4375'); // (0.2 × 20.75 − 2.2) / 0.8
    expect(r.share.branch).toBe('below-minimum');
  });
  test('an empty plan has no share and passes', () => {
    const r = checkAffordableLandShare({ commercialLandHa: '0', affordableLandHa: '0', minShare: '0.2' });
    expect([r.ok, r.share.value]).toEqual([true, null]);
  });
});
