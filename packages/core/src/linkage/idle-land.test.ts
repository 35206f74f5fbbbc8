import { describe, expect, test } from 'vitest';

import type { IdleLandRule } from '../profile/profile-schema.js';
import { addYears, assessIdleLand, landParcelSchema, type LandParcel } from './idle-land.js';

const rule: IdleLandRule = {
  feeRate: 0.2,
  feeAfterYears: 1,
  reclaimAfterYears: 2,
  renegotiableOverdueYearsMax: 1,
  source: {
    seed: '000',
    section: '九（二）',
    quote: '未开工开发满一年的，按照土地出让或者划拨价款的20%征缴土地闲置费',
  },
};
const parcel: LandParcel = {
  id: 'P-001',
  unitCode: '410102',
  use: 'residential',
  areaHa: '3.2',
  priceWanYuan: '5000',
  agreedStartDate: '2024-03-10',
};

describe('idle land status at its date boundaries (000 §九（二）)', () => {
  test.each([
    ['2024-03-10', 'not-due', '0', 0],
    ['2024-03-11', 'overdue', '0', 0],
    ['2025-03-09', 'overdue', '0', 0], // one day short of a full year
    ['2025-03-10', 'idle-fee', '1000', 1], // a full year: 20 % of 5000 万元
    ['2026-03-09', 'idle-fee', '1000', 1],
    ['2026-03-10', 'reclaim', '0', 2], // two full years: reclaimed, no fee
  ])('on %s → %s, fee %s, %i full years', (asOf, status, fee, years) => {
    const a = assessIdleLand(parcel, asOf, rule);
    expect([a.status, a.idleFeeWanYuan, a.fullYearsOverdue]).toEqual([status, fee, years]);
  });
  test('overdue under a year with a start commitment may agree new dates', () => {
    expect(assessIdleLand({ ...parcel, startCommitment: true }, '2024-12-31', rule).status).toBe(
      'overdue-renegotiable',
    );
    expect(assessIdleLand({ ...parcel, startCommitment: true }, '2025-03-10', rule).status).toBe('idle-fee');
  });
  test('started parcels: on time, or late with the days counted; a start after asOf does not count yet', () => {
    expect(assessIdleLand({ ...parcel, actualStartDate: '2024-03-01' }, '2026-01-01', rule).status).toBe(
      'started-on-time',
    );
    const late = assessIdleLand({ ...parcel, actualStartDate: '2024-04-09' }, '2026-01-01', rule);
    expect([late.status, late.daysOverdue]).toEqual(['started-late', 30]);
    expect(assessIdleLand({ ...parcel, actualStartDate: '2026-04-01' }, '2026-03-10', rule).status).toBe('reclaim');
  });
  test('29 February: the year ends on 28 February (民法典 第二百零二条)', () => {
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    const leap = { ...parcel, agreedStartDate: '2024-02-29' };
    expect(assessIdleLand(leap, '2025-02-27', rule).status).toBe('overdue');
    expect(assessIdleLand(leap, '2025-02-28', rule).status).toBe('idle-fee');
    expect(assessIdleLand(leap, '2025-02-28', rule).daysOverdue).toBe(365);
  });
  test('the parcel intake schema rejects bad dates and negative areas', () => {
    expect(landParcelSchema.safeParse({ ...parcel, agreedStartDate: '2025-02-30' }).success).toBe(false);
    expect(landParcelSchema.safeParse({ ...parcel, areaHa: '-1' }).success).toBe(false);
    expect(landParcelSchema.safeParse(parcel).success).toBe(true);
  });
});
