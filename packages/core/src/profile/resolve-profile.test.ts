import { describe, expect, test } from 'vitest';

import { parseProfile } from './parse-profile.js';
import type { PolicyProfile } from './profile-schema.js';
import { createProfileLookup, formatProfileChain, resolveProfile } from './resolve-profile.js';

const s = (seed: string, section: string) => `{ seed: '${seed}', section: ${section}, quote: 测试 }`;
const p = (value: number | string, seed = '003', section = 's') => `{ value: ${value}, source: ${s(seed, section)} }`;

const rootDoc = `id: base
version: 1.0.0
nameZh: 基础
nameEn: Base
cityCode: null
description: 测试用根配置
destocking:
  windowMonths: ${p(12, 'anju', 'default')}
  reasonableRangeMonths: { min: 12, max: 18, minInclusive: true, maxInclusive: true, source: ${s('003', 'r')} }
  bands:
    - { id: all, minMonths: 0, minInclusive: true, maxInclusive: false, labelZh: 全部, labelEn: All, source: ${s('003', 'b')} }
  inventoryAgeBucketsYears: ${p('[1, 3, 5]', '000', 'a')}
landSupplyRule:
  kind: cycle-bands
  bands:
    - { id: stable, minMonths: 0, maxMonths: 18, minInclusive: true, maxInclusive: true, action: stable-or-increase, labelZh: 稳, labelEn: stable, source: ${s('003', 'l')} }
    - { id: strict, minMonths: 18, maxMonths: 36, minInclusive: false, maxInclusive: true, action: strict-control, capRule: revitalised-stock-land, labelZh: 严, labelEn: strict, source: ${s('003', 'l')} }
    - { id: pause, minMonths: 36, minInclusive: false, maxInclusive: false, action: pause, labelZh: 停, labelEn: pause, source: ${s('003', 'l')} }
priceCaps:
  newHomePriceGrowthMaxRatePerYear: ${p(0.04)}
  landPriceChangeMaxRatePerYear: ${p(0.05, '001')}
warningRules:
  - { id: cycle, indicator: market.destocking-cycle, comparison: above, levels: [{ level: red, threshold: 36, inclusive: false }], minDurationPeriods: 1, appliesTo: all, labelZh: 周期, labelEn: cycle, source: ${s('003', 'w')} }
  - { id: price, indicator: market.new-home-price-yoy, comparison: above, levels: [{ level: orange, threshold: 0.04, inclusive: false }], minDurationPeriods: 1, appliesTo: all, labelZh: 房价, labelEn: price, source: ${s('003', 'w')} }
forecast:
  householdSizePersons: ${p(2.62)}
  plotRatio: ${p(2.2)}
  depreciationRatePerYear: ${p(0.02)}
  perCapitaAreaTargetSqm: ${p(57.08)}
  averageUnitAreaSqm: { affordable: ${p(70)}, commercial: ${p(120)} }
  newLandShare: { publicRental: ${p(1)}, affordableRental: ${p(0.5)} }
  stockCrossCheck: { newBuildShareOfStockPerYear: ${p(0.02, 'anju', 'default')}, priceToIncomeUplift: ${p(0, 'anju', 'default')} }
land:
  affordableLandShareMin: ${p(0.2)}
  idleLand: { feeRate: 0.2, feeAfterYears: 1, reclaimAfterYears: 2, source: ${s('000', 'i')} }
  industrialSelfHolding: { baseShare: 0.5, baseCoefficient: 0.7, stepShare: 0.1, stepCoefficient: -0.04, floorCoefficient: 0.5, notBelowBenchmarkPrice: true, source: ${s('001', 'h')} }
  circuitBreaker: { minPct: 120, maxPct: 130, source: ${s('001', 'c')} }
  referencePriceFloat: ${p(0.1, '001')}
security:
  waitingTimeMaxMonths: ${p(36)}
  occupancyRateMin: ${p(0.9, '000')}
progress:
  onTrackRatio: ${p(0.95, 'anju', 'default')}
  limitedProgressRatio: ${p(0.6, 'anju', 'default')}
`;

const childDoc = `id: child
version: 2026-06-01
nameZh: 子
nameEn: Child
cityCode: '410100'
extends: base
description: 测试用子配置
forecast:
  plotRatio: ${p(1.8, '002', 'x')}
  averageUnitAreaSqm:
    commercial: ${p(100, '002', 'y')}
landSupplyRule:
  kind: inflow-cycle-matrix
  cells:
    - { population: outflow, cycle: above, action: stop, labelZh: 停, labelEn: stop, source: ${s('000', '九（二）')} }
warningRules:
  - { id: price, indicator: market.new-home-price-yoy, comparison: above, levels: [{ level: red, threshold: 0.06, inclusive: true }], minDurationPeriods: 2, appliesTo: ['410102'], labelZh: 房价, labelEn: price, source: ${s('002', 'z')} }
  - { id: rent, indicator: rental.rent-yoy, comparison: above, levels: [{ level: yellow, threshold: 0.05, inclusive: false }], minDurationPeriods: 1, appliesTo: all, labelZh: 租金, labelEn: rent, source: ${s('002', 'z')} }
`;

function parsed(doc: string): PolicyProfile {
  const result = parseProfile(doc, 'test.yaml');
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.profile;
}

const base = parsed(rootDoc);
const child = parsed(childDoc);
const lookup = createProfileLookup([base, child]);

describe('resolveProfile', () => {
  test('a root profile resolves to itself', () => {
    const result = resolveProfile(base, lookup);
    expect(result.ok && formatProfileChain(result.chain)).toBe('base@1.0.0');
    expect(result.ok && result.profile.forecast.plotRatio.value).toBe(2.2);
  });

  test('the child overrides per parameter and keeps each citation', () => {
    const result = resolveProfile(child, lookup);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { profile, chain, origins } = result;
    expect(chain).toEqual([
      { id: 'child', version: '2026-06-01' },
      { id: 'base', version: '1.0.0' },
    ]);
    expect(formatProfileChain(chain)).toBe('child@2026-06-01 ← base@1.0.0');
    expect([profile.id, profile.version, profile.cityCode, profile.extends]).toEqual([
      'child',
      '2026-06-01',
      '410100',
      'base',
    ]);

    expect(profile.forecast.plotRatio.value).toBe(1.8);
    expect(profile.forecast.plotRatio.source).toEqual({ seed: '002', section: 'x', quote: '测试' });
    expect(profile.forecast.householdSizePersons.value).toBe(2.62);
    expect(profile.forecast.householdSizePersons.source.seed).toBe('003');
    // A group merges key by key: commercial from the child, affordable still from the parent.
    expect(profile.forecast.averageUnitAreaSqm.commercial.value).toBe(100);
    expect(profile.forecast.averageUnitAreaSqm.affordable.value).toBe(70);
    // With the child's numbers, 199.2 万㎡ ÷ 100 ㎡ = 1.992 万套 and ÷ 1.8 = 110.67 公顷.
    expect((199.2 / profile.forecast.averageUnitAreaSqm.commercial.value).toFixed(3)).toBe('1.992');
    expect((199.2 / profile.forecast.plotRatio.value).toFixed(2)).toBe('110.67');

    expect(origins['forecast.plotRatio']).toEqual({ id: 'child', version: '2026-06-01' });
    expect(origins['forecast.averageUnitAreaSqm.commercial']).toEqual({ id: 'child', version: '2026-06-01' });
    expect(origins['forecast.averageUnitAreaSqm.affordable']).toEqual({ id: 'base', version: '1.0.0' });
    expect(origins['destocking.windowMonths']).toEqual({ id: 'base', version: '1.0.0' });
  });

  test('the land rule is replaced whole, never mixed with the parent’s bands', () => {
    const result = resolveProfile(child, lookup);
    if (!result.ok) throw new Error('expected ok');
    expect(result.profile.landSupplyRule).toEqual({
      kind: 'inflow-cycle-matrix',
      cells: [
        {
          population: 'outflow',
          cycle: 'above',
          action: 'stop',
          labelZh: '停',
          labelEn: 'stop',
          source: { seed: '000', section: '九（二）', quote: '测试' },
        },
      ],
    });
    expect(result.origins['landSupplyRule']).toEqual({ id: 'child', version: '2026-06-01' });
  });

  test('warning rules merge by id: same id replaced in place, new ids appended', () => {
    const result = resolveProfile(child, lookup);
    if (!result.ok) throw new Error('expected ok');
    const rules = result.profile.warningRules;
    expect(rules.map((r) => [r.id, r.levels[0]!.threshold, r.source.seed])).toEqual([
      ['cycle', 36, '003'],
      ['price', 0.06, '002'],
      ['rent', 0.05, '002'],
    ]);
    expect(rules[1]!.appliesTo).toEqual(['410102']);
    expect(result.origins['warningRules.cycle']).toEqual({ id: 'base', version: '1.0.0' });
    expect(result.origins['warningRules.price']).toEqual({ id: 'child', version: '2026-06-01' });
  });

  test('an unknown parent is an error', () => {
    expect(resolveProfile(child, createProfileLookup([child]))).toEqual({
      ok: false,
      errors: [
        {
          file: 'child',
          path: 'extends',
          messageZh: '继承的配置“base”不存在',
          messageEn: 'unknown parent profile "base"',
        },
      ],
    });
  });

  test('a loop of extends is an error', () => {
    const a: PolicyProfile = { ...child, id: 'a', extends: 'b' };
    const b: PolicyProfile = { ...child, id: 'b', extends: 'a' };
    const result = resolveProfile(a, createProfileLookup([a, b]));
    expect(result.ok === false && result.errors[0]!.messageZh).toBe('配置循环继承：a → b → a');
  });

  test('a chain whose root leaves a parameter undefined is reported after merging', () => {
    const incomplete: PolicyProfile = { ...base };
    delete incomplete.security;
    const result = resolveProfile(child, createProfileLookup([incomplete, child]));
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          file: 'child',
          path: 'security',
          messageZh: '合并继承链后：缺少必填字段',
          messageEn: 'after merging the extends chain: required field is missing',
        },
      ],
    });
  });
});
