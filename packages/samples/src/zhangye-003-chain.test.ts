import { describe, expect, test } from 'vitest';

import { explainText, roundToPlaces } from '@anju/core';
import { ZHANGYE_003_PRINTED, reproduceZhangye003 } from './zhangye-003-chain.js';

describe('003 printed chain reproduced from its printed inputs', () => {
  const chain = reproduceZhangye003();

  test('199.2 commercial = 1.66 万套 × 120 ㎡; 25.52 affordable = 3646 套 × 70 ㎡; 224.72 new; 3736.08 stock', () => {
    expect(chain.commercialAreaWanSqm.value).toBe('199.2');
    expect(chain.affordableUnits.value).toBe('3646');
    expect(chain.affordableAreaWanSqm.value).toBe('25.522');
    expect(roundToPlaces(chain.affordableAreaWanSqm.value!, 2)).toBe('25.52');
    expect(chain.newAreaWanSqm.value).toBe('224.72');
    expect(chain.endStockWanSqm.value).toBe('3736.08');
    // 3736.08 ÷ 57.08 = 65.453398… 万人 (not printed by the seed)
    expect(chain.impliedUrbanPopulationWan.value).toBe('65.453399');
  });

  test('land: 199.2 ÷ 2.2 = 90.55; 2446 × 70 ÷ 2.2 × 50 % = 3.89 match; 1200 × 70 ÷ 2.2 = 3.82 ≠ 4.62', () => {
    expect(roundToPlaces(chain.land.byType.commercial!.value!, 2)).toBe('90.55');
    expect(roundToPlaces(chain.land.byType.affordableRental!.value!, 2)).toBe('3.89');
    expect(roundToPlaces(chain.land.byType.publicRental!.value!, 2)).toBe('3.82');
    expect(roundToPlaces(chain.land.affordableLandHa.value!, 2)).toBe('7.71');
    expect(roundToPlaces(chain.land.totalLandHa.value!, 2)).toBe('98.26');
    expect(chain.land.byType.publicRental!.notes.at(-1)?.messageZh).toBe(
      '与原文不一致：按原文输入计算为 3.82，原文为 4.62',
    );
    expect(chain.land.byType.commercial!.notes.at(-1)?.level).toBe('info');
  });

  test('every inconsistency is reported with both numbers', () => {
    const byId = Object.fromEntries(chain.findings.map((f) => [f.id, [f.printed, f.other]]));
    expect(byId).toEqual({
      'affordable-units-3464': ['3464', '3646'],
      'public-rental-land': ['4.62', '3.82'],
      'affordable-land-total': ['8.51', '7.71'],
      'total-land': ['99.06', '98.26'],
      'dilapidated-3829-3919': ['3919', '3829'],
      'depreciation-not-applied': ['3736.08', '3384.944'],
      'urban-population-2024': ['61.92', '61.91'],
      'area-per-dwelling': ['111.68', '111.72'],
      'affordable-land-share': ['0.0859', '0.2'],
    });
    expect(chain.depreciationNotAppliedWanSqm.value).toBe('351.136');
  });

  test('every printed input cites 003 with a section and a verbatim quote', () => {
    for (const p of Object.values(ZHANGYE_003_PRINTED)) {
      expect(p.source.kind).toBe('seed');
      if (p.source.kind === 'seed') {
        expect(p.source.seed).toBe('003');
        expect(p.source.section.length).toBeGreaterThan(2);
        expect(p.source.quote).toBeDefined();
      }
    }
  });

  test('the explanation tree names the contradiction in both languages', () => {
    const zh = explainText(chain.affordableUnits, 'zh');
    expect(zh).toContain('保障性住房套数 = 3646 套');
    expect(zh).toContain('3464套');
    const en = explainText(chain.land.totalLandHa, 'en');
    expect(en).toContain('98.26 from the printed inputs, 99.06 printed');
  });
});
