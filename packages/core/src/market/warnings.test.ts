import { describe, expect, test } from 'vitest';
import type { WarningRule } from '../profile/profile-schema.js';
import { testProfile } from './test-profile.js';
import { evaluateWarningRule, isActiveWarning, levelIndexOf } from './warnings.js';

const rule = (id: string): WarningRule => testProfile.warningRules.find((r) => r.id === id)!;
const levels = rule('destocking-cycle-levels'); // blue > 18, yellow ≥ 24, orange > 30, red ≥ 36
const range = rule('destocking-cycle-outside-range'); // outside [12, 18]
const level = (r: WarningRule, v: string) => {
  const i = levelIndexOf(r, v);
  return i < 0 ? null : r.levels[i]!.level;
};

describe('warning thresholds — every boundary of every level', () => {
  test.each([
    ['18', null], // blue is exclusive: 18 does not fire
    ['18.0001', 'blue'],
    ['23.9999', 'blue'],
    ['24', 'yellow'], // yellow is inclusive
    ['30', 'yellow'], // orange is exclusive
    ['30.0001', 'orange'],
    ['35.9999', 'orange'],
    ['36', 'red'], // red is inclusive
    ['120', 'red'],
  ])('above: %s months → %s', (v, expected) => {
    expect(level(levels, v)).toBe(expected);
  });

  test.each([
    ['11.9999', 'yellow'],
    ['12', null],
    ['18', null],
    ['18.0001', 'yellow'],
  ])('outside-range [12, 18] inclusive: %s → %s', (v, expected) => {
    expect(level(range, v)).toBe(expected);
  });

  test('outside-range with an excluded bound: on the bound the distance is 0, fires only with an inclusive 0', () => {
    const open: WarningRule = { ...range, range: { min: 12, max: 18, minInclusive: true, maxInclusive: false } };
    expect(level(open, '18')).toBeNull();
    const strict: WarningRule = { ...open, levels: [{ level: 'yellow', threshold: 0, inclusive: true }] };
    expect(level(strict, '18')).toBe('yellow');
    expect(level(strict, '17.99')).toBeNull();
  });

  test('below, with inclusive and exclusive levels', () => {
    const below: WarningRule = {
      ...levels,
      id: 'low',
      comparison: 'below',
      levels: [
        { level: 'blue', threshold: 12, inclusive: false },
        { level: 'red', threshold: 6, inclusive: true },
      ],
    };
    expect(level(below, '12')).toBeNull();
    expect(level(below, '11.9')).toBe('blue');
    expect(level(below, '6.0001')).toBe('blue');
    expect(level(below, '6')).toBe('red');
  });

  test('price and land rules: 4 % exclusive, ±5 % range inclusive', () => {
    expect(level(rule('new-home-price-growth'), '0.04')).toBeNull();
    expect(level(rule('new-home-price-growth'), '0.0401')).toBe('orange');
    expect(level(rule('residential-land-price-change'), '-0.05')).toBeNull();
    expect(level(rule('residential-land-price-change'), '-0.0501')).toBe('orange');
  });
});

describe('evaluation over time — duration, since, raised and cleared', () => {
  const series = [
    { period: '2025-01', value: '20' },
    { period: '2025-02', value: '25' },
    { period: '2025-03', value: '31' },
    { period: '2025-04', value: '37' },
    { period: '2025-05', value: '17' },
    { period: '2025-06', value: '19' },
  ];

  test('minimum duration 1: every period at its own level, since the start of the run', () => {
    const out = evaluateWarningRule(levels, '620702', series, testProfile);
    expect(out.map((w) => [w.period, w.state, w.level, w.since])).toEqual([
      ['2025-01', 'raised', 'blue', '2025-01'],
      ['2025-02', 'active', 'yellow', '2025-01'],
      ['2025-03', 'active', 'orange', '2025-01'],
      ['2025-04', 'active', 'red', '2025-01'],
      ['2025-05', 'cleared', null, null],
      ['2025-06', 'raised', 'blue', '2025-06'],
    ]);
    expect(out[3]!.threshold).toBe('36');
    expect(out[3]!.explained.profile).toEqual({ id: 'test-market', version: '1.0.0' });
  });

  test('minimum duration 3: raised on the third period, at the least severe level of the last three', () => {
    const r = { ...levels, minDurationPeriods: 3 };
    const out = evaluateWarningRule(r, '620702', series, testProfile);
    expect(out.map((w) => [w.state, w.level, w.since])).toEqual([
      ['pending', 'blue', '2025-01'],
      ['pending', 'yellow', '2025-01'],
      ['raised', 'blue', '2025-01'],
      ['active', 'yellow', '2025-01'],
      ['cleared', null, null],
      ['pending', 'blue', '2025-06'],
    ]);
    expect(out.filter(isActiveWarning).map((w) => w.period)).toEqual(['2025-03', '2025-04']);
  });

  test('a gap or a value that cannot be computed (no sales) breaks the run', () => {
    const r = { ...levels, minDurationPeriods: 2 };
    const gap = evaluateWarningRule(
      r,
      'x',
      [
        { period: '2025-01', value: '40' },
        { period: '2025-03', value: '40' },
        { period: '2025-04', value: '40' },
      ],
      testProfile,
    );
    expect(gap.map((w) => w.state)).toEqual(['pending', 'pending', 'raised']);
    const none = evaluateWarningRule(
      r,
      'x',
      [
        { period: '2025-01', value: '40' },
        { period: '2025-02', value: null },
        { period: '2025-03', value: '40' },
      ],
      testProfile,
    );
    expect(none.map((w) => w.state)).toEqual(['pending', 'none', 'pending']);
  });

  test('appliesTo limits the units', () => {
    const only = { ...levels, appliesTo: ['620723'] };
    expect(evaluateWarningRule(only, '620702', series, testProfile)).toEqual([]);
    expect(evaluateWarningRule(only, '620723', series, testProfile)).toHaveLength(6);
  });
});
