import { describe, expect, it } from 'vitest';
import { explainText } from '../provenance/explained.js';
import { industrialLandPrice, selfHoldingCoefficient } from './industrial-land-price.js';
import { LandInputError } from './land-errors.js';
import { checkLandPriceChange, type LandSaleRecord } from './land-price-change.js';
import { landValuationRequestSchema } from './land-schema.js';
import { residualValuation, type ResidualValuationInput } from './residual-valuation.js';
import { valueLand } from './value-land.js';

const weighted: ResidualValuationInput = {
  plotId: 'ZZ-2025-01',
  comparables: [
    { id: 'A', priceYuanPerSqm: '19000', areaSqm: '10000' },
    { id: 'B', priceYuanPerSqm: '21000', areaSqm: '10000' },
    { id: 'C', priceYuanPerSqm: '20000', areaSqm: '20000' },
  ],
  chosenBarePriceYuanPerSqm: '21000',
  choiceReasonZh: '临近地铁站',
  decorationYuanPerSqm: '1500',
  taxes: { kind: 'rate', rateOfSalePrice: '0.08', source: { kind: 'seed', seed: '001', section: '三(二)' } },
  financeCost: { kind: 'per-sqm', yuanPerSqm: '600' },
  constructionCost: { yuanPerSqm: '4200' },
  profit: { kind: 'rate', rateOfSalePrice: '0.12' },
  floorAreaSqm: '150000',
};

describe('residualValuation (001 三(二))', () => {
  it('weighted surrounding price, chosen +5 %, rates of the sale price — by hand', () => {
    // Surrounding: (19000×1 + 21000×1 + 20000×2) ÷ 4 = 20000; band 18000–22000; bare 21000 + decoration 1500 = 22500.
    // Taxes 8 % = 1800, finance 600, construction 4200, profit 12 % = 2700 → 22500 − 9300 = 13200 元/㎡.
    // Total 13200 × 150000 ÷ 10000 = 198000 万元.
    const v = residualValuation(weighted);
    expect(v.surroundingPriceYuanPerSqm.value).toBe('20000');
    expect(v.surroundingPriceYuanPerSqm.branch).toBe('area-weighted');
    expect([v.bandLowYuanPerSqm, v.bandHighYuanPerSqm]).toEqual(['18000', '22000']);
    expect(v.referenceSalePriceYuanPerSqm.value).toBe('22500');
    expect(v.taxesYuanPerSqm.value).toBe('1800');
    expect(v.profitYuanPerSqm.value).toBe('2700');
    expect(v.floorPriceYuanPerSqm.value).toBe('13200');
    expect(v.totalPriceWanYuan.value).toBe('198000');
    expect(v.lines.map((l) => `${l.sign}${l.yuanPerSqm}`)).toEqual([
      '+22500',
      '-1800',
      '-600',
      '-4200',
      '-2700',
      '=13200',
    ]);
    const text = explainText(v.floorPriceYuanPerSqm, 'zh');
    expect(text).toContain('取值 21000 元/㎡，较周边价格 +5%，允许范围 18000–22000 元/㎡；理由：临近地铁站');
    expect(text).toContain('文件 001，章节 三(二)');
  });

  it('plain mean when an area is missing, default reference = the surrounding price, per-m² deductions', () => {
    // (15000 + 16000 + 16500) ÷ 3 = 15833.333… → 15833.33; floor 15833.33 − 1000 − 500 − 4000 − 2000 = 8333.33;
    // total 8333.33 × 80000 ÷ 10000 = 66666.64 万元.
    const v = residualValuation({
      plotId: 'ZZ-2025-02',
      comparables: [
        { id: 'A', priceYuanPerSqm: '15000', areaSqm: '100' },
        { id: 'B', priceYuanPerSqm: '16000' },
        { id: 'C', priceYuanPerSqm: '16500' },
      ],
      taxes: { kind: 'per-sqm', yuanPerSqm: '1000' },
      financeCost: { kind: 'per-sqm', yuanPerSqm: '500' },
      constructionCost: { yuanPerSqm: '4000' },
      profit: { kind: 'per-sqm', yuanPerSqm: '2000' },
      floorAreaSqm: '80000',
    });
    expect(v.surroundingPriceYuanPerSqm.value).toBe('15833.33');
    expect(v.surroundingPriceYuanPerSqm.branch).toBe('plain-mean');
    expect([v.bandLowYuanPerSqm, v.bandHighYuanPerSqm]).toEqual(['14249.997', '17416.663']);
    expect(v.floorPriceYuanPerSqm.value).toBe('8333.33');
    expect(v.totalPriceWanYuan.value).toBe('66666.64');
  });

  it('accepts the band edge and refuses a reference outside ±10 %', () => {
    expect(
      residualValuation({ ...weighted, chosenBarePriceYuanPerSqm: '22000' }).referenceSalePriceYuanPerSqm.value,
    ).toBe('23500');
    expect(residualValuation({ ...weighted, chosenBarePriceYuanPerSqm: '18000' }).floorPriceYuanPerSqm.value).toBe(
      // 19500 − 1560 − 600 − 4200 − 2340
      '10800',
    );
    expect(() => residualValuation({ ...weighted, chosenBarePriceYuanPerSqm: '22000.01' })).toThrow(LandInputError);
    expect(() => residualValuation({ ...weighted, chosenBarePriceYuanPerSqm: '17999.99' })).toThrow(/outside ±10/);
  });

  it('warns when the deductions leave nothing for land', () => {
    const v = residualValuation({ ...weighted, constructionCost: { yuanPerSqm: '20000' } });
    // 22500 − 1800 − 600 − 20000 − 2700 = −2600
    expect(v.floorPriceYuanPerSqm.value).toBe('-2600');
    expect(v.floorPriceYuanPerSqm.notes[0]?.level).toBe('warning');
  });
});

describe('selfHoldingCoefficient (001 三(二))', () => {
  it.each([
    ['50', '0.7'],
    ['55', '0.7'],
    ['60', '0.66'],
    ['70', '0.62'],
    ['80', '0.58'],
    ['90', '0.54'],
    ['100', '0.5'],
  ])('%s %% self-held → %s', (share, coefficient) => {
    const c = selfHoldingCoefficient(share);
    expect(c.value).toBe(coefficient);
    expect(c.branch).toBe('steps');
  });

  it('is 1 below 50 % and binds at the 0.5 floor when a city sets a larger decay', () => {
    expect(selfHoldingCoefficient('40').value).toBe('1');
    expect(selfHoldingCoefficient('40').branch).toBe('below-base');
    const c = selfHoldingCoefficient('100', { stepDecay: '0.05' });
    expect(c.value).toBe('0.5');
    expect(c.branch).toBe('floor');
    expect(c.notes[0]?.messageZh).toBe('5 档衰减后为 0.45，低于最低系数，取 0.5');
    expect(selfHoldingCoefficient('90', { stepDecay: '0.05' }).value).toBe('0.5');
    expect(() => selfHoldingCoefficient('101')).toThrow(LandInputError);
  });
});

describe('industrialLandPrice: never below 基准地价, says which bound applied', () => {
  it('benchmark binds: 600 × 0.62 = 372 < 400', () => {
    const p = industrialLandPrice({
      plotId: 'G1',
      appraisedYuanPerSqm: '600',
      selfHeldPercent: '70',
      benchmarkYuanPerSqm: '400',
      landAreaSqm: '50000',
    });
    expect(p.correctedYuanPerSqm.value).toBe('372');
    expect(p.priceYuanPerSqm.value).toBe('400');
    expect(p.bound).toBe('benchmark');
    expect(p.totalWanYuan?.value).toBe('2000');
  });

  it('no bound: 1000 × 0.62 = 620 ≥ 400', () => {
    const p = industrialLandPrice({
      plotId: 'G2',
      appraisedYuanPerSqm: '1000',
      selfHeldPercent: '70',
      benchmarkYuanPerSqm: '400',
    });
    expect(p.priceYuanPerSqm.value).toBe('620');
    expect(p.bound).toBe('none');
    expect(p.totalWanYuan).toBeNull();
  });

  it('coefficient floor alone, and floor plus benchmark', () => {
    const params = { stepDecay: '0.05' };
    const a = industrialLandPrice({
      plotId: 'G3',
      appraisedYuanPerSqm: '1000',
      selfHeldPercent: '100',
      benchmarkYuanPerSqm: '400',
      parameters: params,
    });
    expect(a.priceYuanPerSqm.value).toBe('500');
    expect(a.bound).toBe('coefficient-floor');
    const b = industrialLandPrice({
      plotId: 'G4',
      appraisedYuanPerSqm: '700',
      selfHeldPercent: '100',
      benchmarkYuanPerSqm: '400',
      parameters: params,
    });
    expect(b.correctedYuanPerSqm.value).toBe('350');
    expect(b.priceYuanPerSqm.value).toBe('400');
    expect(b.bound).toBe('coefficient-floor-and-benchmark');
  });
});

describe('checkLandPriceChange (001 四(一), 5 % inclusive)', () => {
  const base: LandSaleRecord[] = [
    { plotId: 'P1', date: '2024-06-01', use: 'residential', floorAreaSqm: '100000', totalPriceWanYuan: '100000' },
    { plotId: 'P2', date: '2025-03-01', use: 'residential', floorAreaSqm: '50000', totalPriceWanYuan: '52000' },
    { plotId: 'C1', date: '2025-04-01', use: 'commercial', floorAreaSqm: '10000', totalPriceWanYuan: '90000' },
  ];
  const withP3 = (total: string): LandSaleRecord[] => [
    ...base,
    { plotId: 'P3', date: '2025-09-01', use: 'residential', floorAreaSqm: '50000', totalPriceWanYuan: total },
  ];

  it('exactly +5 % passes: 10000 → (52000 + 53000) × 10000 ÷ 100000 = 10500', () => {
    const c = checkLandPriceChange(withP3('53000'), 2025);
    expect(c.averageYuanPerSqm.value).toBe('10500');
    expect(c.previousAverageYuanPerSqm.value).toBe('10000');
    expect(c.changePercent.value).toBe('5');
    expect(c.ok).toBe(true);
    expect(c.branch).toBe('within-cap');
    expect(c.salesCounted).toBe(2);
  });

  it('just above fails: 10500.01 → +5.0001 %', () => {
    const c = checkLandPriceChange(withP3('53000.1'), 2025);
    expect(c.changePercent.value).toBe('5.0001');
    expect(c.ok).toBe(false);
    expect(c.branch).toBe('above-cap');
  });

  it('exactly −5 % passes and just below fails; no previous year is no-data', () => {
    expect(checkLandPriceChange(withP3('43000'), 2025).changePercent.value).toBe('-5');
    expect(checkLandPriceChange(withP3('43000'), 2025).ok).toBe(true);
    expect(checkLandPriceChange(withP3('42999.9'), 2025).ok).toBe(false);
    const none = checkLandPriceChange(base, 2024);
    expect(none.branch).toBe('no-data');
    expect(none.ok).toBe(true);
  });
});

describe('valueLand request', () => {
  it('parses and runs each kind through the shared schema', () => {
    const req = landValuationRequestSchema.parse({
      kind: 'industrial',
      plotId: 'G1',
      appraisedYuanPerSqm: '600',
      selfHeldPercent: '80',
      benchmarkYuanPerSqm: '300',
    });
    const r = valueLand(req);
    expect(r.kind === 'industrial' && r.valuation.priceYuanPerSqm.value).toBe('348');
    const pc = valueLand(landValuationRequestSchema.parse({ kind: 'price-change', year: 2025, sales: [] }));
    expect(pc.kind === 'price-change' && pc.check.branch).toBe('no-data');
  });
});
