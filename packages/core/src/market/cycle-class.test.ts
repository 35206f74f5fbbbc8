import { describe, expect, test } from 'vitest';
import { bandOf, classifyCycle, positionInBounds } from './cycle-class.js';
import { destockingCycle } from './destocking-cycle.js';
import { testProfile } from './test-profile.js';

/** A cycle of exactly `months` months: inventory = months, sales 12 over the year (1 a month). */
const cycleOf = (months: string) =>
  destockingCycle({
    period: '2025',
    inventory: { period: '2025', value: months },
    sales: [{ period: '2025', value: '12' }],
    windowMonths: 12,
    basis: 'area',
    propertyType: 'residential',
  });

describe('classifyCycle — exact boundaries from the profile', () => {
  test.each([
    ['0', 'below-range', 'below'],
    ['11.999', 'below-range', 'below'],
    ['12', 'within-range', 'within'],
    ['18', 'within-range', 'within'],
    ['18.04', 'long', 'above'],
    ['36', 'long', 'above'],
    ['36.0001', 'excessive', 'above'],
  ])('%s months → band %s, %s the 12–18 range', (months, band, range) => {
    const c = classifyCycle(cycleOf(months), testProfile);
    expect(c.kind).toBe('band');
    if (c.kind !== 'band') return;
    expect(c.bandId).toBe(band);
    expect(c.range).toBe(range);
    expect(c.explained.profile).toEqual({ id: 'test-market', version: '1.0.0' });
  });

  test('18.04 displays as 18.0 but is classified by its exact value', () => {
    const c = classifyCycle(cycleOf('18.04'), testProfile);
    expect(c.kind === 'band' && c.labelZh).toBe('偏长');
  });

  test('exclusive bounds and open bands', () => {
    const b = { min: 12, max: 18, minInclusive: false, maxInclusive: false };
    expect(positionInBounds('12', b)).toBe('below');
    expect(positionInBounds('18', b)).toBe('above');
    expect(positionInBounds('12.5', b)).toBe('within');
    expect(bandOf('1000', testProfile.destocking.bands)?.id).toBe('excessive');
  });

  test('no sales and no data are classes of their own', () => {
    const none = destockingCycle({
      period: '2025',
      inventory: { period: '2025', value: '5' },
      sales: [{ period: '2025', value: '0' }],
      windowMonths: 12,
      basis: 'area',
      propertyType: '',
    });
    expect(classifyCycle(none, testProfile).kind).toBe('no-sales');
    const missing = destockingCycle({
      period: '2025',
      inventory: undefined,
      sales: [],
      windowMonths: 12,
      basis: 'area',
      propertyType: '',
    });
    expect(classifyCycle(missing, testProfile).kind).toBe('no-data');
  });
});
