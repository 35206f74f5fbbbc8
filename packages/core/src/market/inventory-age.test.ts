import { describe, expect, test } from 'vitest';
import { ageBucketIndex, anniversary, inventoryAgeStructure, type PresaleProject } from './inventory-age.js';
import { testProfile } from './test-profile.js';

const B = [1, 3, 5];

describe('inventory age buckets — boundaries (民法典 第二百零一、二百零二条)', () => {
  test.each([
    ['2025-03-15', 0], // approval day
    ['2026-03-15', 0], // first anniversary: still 1 年以内
    ['2026-03-16', 1],
    ['2028-03-15', 1], // third anniversary: still 1—3 年
    ['2028-03-16', 2],
    ['2030-03-15', 2], // fifth anniversary: still 3—5 年
    ['2030-03-16', 3], // 5 年以上
  ])('approved 2025-03-15, seen %s → bucket %i', (asOf, bucket) => {
    expect(ageBucketIndex('2025-03-15', asOf, B)).toBe(bucket);
  });

  test('29 February: the anniversary in a common year is 28 February', () => {
    expect(anniversary('2024-02-29', 1)).toBe('2025-02-28');
    expect(anniversary('2024-02-29', 4)).toBe('2028-02-29');
    expect(ageBucketIndex('2024-02-29', '2025-02-28', B)).toBe(0);
    expect(ageBucketIndex('2024-02-29', '2025-03-01', B)).toBe(1);
  });

  test('saleable area and units per bucket, the pipeline, and inconsistent records', () => {
    const p = (
      id: string,
      approvalDate: string | null,
      area: string,
      units: number,
      soldArea: string,
      soldUnits: number,
      status: PresaleProject['status'] = 'completed',
      propertyType = 'residential',
    ): PresaleProject => ({
      projectId: id,
      unitCode: '620702',
      propertyType,
      approvalDate,
      approvedAreaSqm: area,
      approvedUnits: units,
      soldAreaSqm: soldArea,
      soldUnits,
      status,
    });
    const projects = [
      p('A', '2025-06-30', '50000', 400, '12000.5', 100),
      p('B', '2024-12-31', '30000', 250, '30000', 250), // exactly one year on 2025-12-31: bucket 0, sold out
      p('C', '2022-01-01', '80000', 700, '20000', 180, 'stalled'),
      p('D', '2019-05-20', '40000', 320, '35000', 280),
      p('E', null, '60000', 500, '0', 0, 'under-construction'),
      p('F', '2026-02-01', '10000', 90, '0', 0, 'under-construction'), // approved after the day seen: pipeline
      p('G', '2023-01-01', '1000', 10, '1200', 10), // sold more than approved: excluded, reported
      p('H', '2021-01-01', '9000', 60, '1000', 8, 'completed', 'non-residential'),
    ];
    const s = inventoryAgeStructure(
      { projects, asOf: '2025-12-31', propertyType: 'residential', landSuppliedNotStartedHa: '12.5' },
      testProfile,
    );
    expect(s.buckets.map((b) => b.labelZh)).toEqual(['1年以内', '1—3年', '3—5年', '5年以上']);
    expect(s.buckets.map((b) => b.saleableArea.value)).toEqual(['37999.5', '0', '60000', '5000']); // C (2022-01-01) passed its 3rd anniversary on 2025-01-01;
    expect(s.buckets.map((b) => b.saleableUnits.value)).toEqual(['300', '0', '520', '40']);
    expect(s.buckets[0]!.projectIds).toEqual(['A', 'B']);
    expect(s.pipelineNotApproved.area.value).toBe('70000');
    expect(s.pipelineNotApproved.units.value).toBe('590');
    expect(s.landNotStarted.value).toBe('12.5');
    expect(s.inconsistentProjectIds).toEqual(['G']);
    // Every type: H (2021-01-01, 5 years on 2026-01-01) is in 3—5 年 on 2025-12-31.
    const all = inventoryAgeStructure({ projects, asOf: '2025-12-31' }, testProfile);
    expect(all.buckets[2]!.saleableArea.value).toBe('68000'); // C 60000 + H 8000
  });
});
