import { describe, expect, test } from 'vitest';

import type { LandSupplyRule, MonthsRange } from '../profile/profile-schema.js';
import { explainText } from '../provenance/explained.js';
import { classifyLandSupply, cyclePosition, type LandRuleProfile } from './classify-land-supply.js';

const src = (section: string, quote: string) => ({ seed: '003' as const, section, quote });
const range: MonthsRange = {
  min: 12,
  max: 18,
  minInclusive: true,
  maxInclusive: true,
  source: src('第一章第二节3', '12-18个月的合理区间'),
};
const destocking = { reasonableRangeMonths: range } as unknown as LandRuleProfile['destocking'];

/** The bands of samples/profiles/zhangye.yaml (the CLI test checks the bundled file itself). */
const zhangyeRule: LandSupplyRule = {
  kind: 'cycle-bands',
  bands: [
    {
      id: 'stable-or-increase',
      minMonths: 0,
      maxMonths: 18,
      minInclusive: true,
      maxInclusive: true,
      action: 'stable-or-increase',
      labelZh: '适度增加',
      labelEn: 'Increase',
      source: src('第五章第一节二', '低于18个月的适度增加优质地块供应'),
    },
    {
      id: 'strict-control',
      minMonths: 18,
      maxMonths: 36,
      minInclusive: false,
      maxInclusive: true,
      action: 'strict-control',
      capRule: 'revitalised-stock-land',
      labelZh: '严控新增供地',
      labelEn: 'Strict control',
      source: src('第五章第一节二', '18-36个月的严控新增供地'),
    },
    {
      id: 'pause',
      minMonths: 36,
      minInclusive: false,
      maxInclusive: false,
      action: 'pause',
      labelZh: '暂停',
      labelEn: 'Pause',
      source: src('第五章第一节二', '超36个月的县区暂停新增商品住宅用地出让'),
    },
  ],
};
const zhangye: LandRuleProfile = { id: 'zhangye', version: '1.0.0', landSupplyRule: zhangyeRule, destocking };

const z000 = (quote: string) => ({ seed: '000' as const, section: '九（二）', quote });
const zhengzhou: LandRuleProfile = {
  id: 'zhengzhou',
  version: '1.0.0',
  destocking,
  landSupplyRule: {
    kind: 'inflow-cycle-matrix',
    cells: [
      {
        population: 'inflow',
        cycle: 'within',
        action: 'keep-stable',
        labelZh: '保持稳定供应',
        labelEn: 'Keep stable',
        source: z000('保持稳定供应'),
      },
      {
        population: 'inflow',
        cycle: 'above',
        action: 'supply-by-need-cautiously',
        labelZh: '以需定供、审慎供应',
        labelEn: 'Cautious',
        source: z000('以需定供、审慎供应'),
      },
      {
        population: 'outflow',
        cycle: 'above',
        action: 'stop',
        labelZh: '停止住宅用地供应',
        labelEn: 'Stop',
        source: z000('停止住宅用地供应'),
      },
    ],
  },
};

const classify = (cycleMonths: string, extra: object = {}) =>
  classifyLandSupply(zhangye, { unitCode: '620702', period: '2026', cycleMonths, ...extra });

describe('cycle bands (003): every boundary', () => {
  test.each([
    ['0', 'stable-or-increase'],
    ['17.99', 'stable-or-increase'],
    ['18', 'stable-or-increase'], // the profile follows 第七章 "超过18个月时从严控制"
    ['18.01', 'strict-control'],
    ['36', 'strict-control'], // "超36个月" pauses: 36.0 itself is strict control
    ['36.01', 'pause'],
    ['120', 'pause'],
  ])('%s months → %s', (months, action) => {
    const r = classify(months, { revitalisedStockLandHa: '3.5' });
    expect(r.kind).toBe('classified');
    if (r.kind === 'classified') expect(r.action).toBe(action);
  });
  test('strict control caps new land at the stock land revitalised this year (盘活多少、供应多少)', () => {
    const r = classify('24', { revitalisedStockLandHa: '3.5' });
    expect(r.kind === 'classified' && [r.capHa, r.capKind]).toEqual(['3.5', 'revitalised-stock-land']);
    const missing = classify('24');
    expect(missing.kind === 'classified' && missing.capHa).toBeNull();
    expect(missing.explanation.notes[0]?.messageEn).toBe(
      'the cap is the stock land revitalised this year, which was not given',
    );
  });
  test('pause caps at 0; stable has no cap; the explanation names the branch and the seed', () => {
    const pause = classify('40');
    expect(pause.kind === 'classified' && [pause.capHa, pause.capKind]).toEqual(['0', 'zero']);
    expect(pause.explanation.branch).toBe('landSupplyRule.bands[2] pause');
    const text = explainText(pause.explanation, 'zh');
    expect(text).toContain('政策配置：zhangye@1.0.0');
    expect(text).toContain('去化周期 40 个月 > 36 → pause');
    expect(text).toContain('超36个月的县区暂停新增商品住宅用地出让');
    const stable = classify('10');
    expect(stable.kind === 'classified' && [stable.capHa, stable.capKind]).toEqual([null, 'none']);
  });
  test('no cycle → no-data', () => {
    expect(classifyLandSupply(zhangye, { unitCode: 'x', period: '2026', cycleMonths: null }).kind).toBe('no-data');
  });
});

describe('Zhengzhou matrix (000 §九（二）)', () => {
  const zz = (cycleMonths: string, netMigrationWan: string | null, opts = {}) =>
    classifyLandSupply(zhengzhou, { unitCode: '410102', period: '2026', cycleMonths, netMigrationWan }, opts);
  test('inflow × within → keep stable; inflow × above → cautious; outflow × above → stop (cap 0)', () => {
    const a = zz('15', '0.8');
    expect(a.kind === 'classified' && a.action).toBe('keep-stable');
    const b = zz('18.5', '0.8');
    expect(b.kind === 'classified' && b.action).toBe('supply-by-need-cautiously');
    const c = zz('30', '-0.3');
    expect(c.kind === 'classified' && [c.action, c.capHa]).toEqual(['stop', '0']);
  });
  test('range bounds: 12 and 18 are within, 11.9 below, 18.1 above', () => {
    expect(cyclePosition('12', range)).toBe('within');
    expect(cyclePosition('18', range)).toBe('within');
    expect(cyclePosition('11.9', range)).toBe('below');
    expect(cyclePosition('18.1', range)).toBe('above');
  });
  test('combinations the profile leaves out are reported as undefined, not guessed', () => {
    const outWithin = zz('15', '-0.2');
    expect(outWithin.kind).toBe('undefined');
    expect(outWithin.kind === 'undefined' && outWithin.reasonEn).toBe(
      'outflow with the cycle within the reasonable range: undefined by the profile, not guessed',
    );
    expect(zz('8', '1').kind).toBe('undefined'); // inflow × below
    expect(zz('8', '1').explanation.branch).toBe('undefined:inflow×below');
  });
  test('net migration exactly 0 is undefined by default; a city may declare it inflow or outflow', () => {
    const zero = zz('20', '0');
    expect(zero.kind).toBe('undefined');
    expect(zero.explanation.branch).toBe('zero-migration');
    const asOutflow = zz('20', '0', { zeroMigrationAs: 'outflow' });
    expect(asOutflow.kind === 'classified' && asOutflow.action).toBe('stop');
    const asInflow = zz('20', '0', { zeroMigrationAs: 'inflow' });
    expect(asInflow.kind === 'classified' && asInflow.action).toBe('supply-by-need-cautiously');
    expect(zz('20', null).kind).toBe('undefined');
  });
});
