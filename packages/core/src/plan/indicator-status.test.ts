// Status of plan indicators on hand-computed cases: every band in every direction, targets already met, base = 0,
// no target, cumulative (linear and declared shape) against end-of-period, binding pass / fail, district ranking.
import { describe, expect, it } from 'vitest';
import { explainText } from '../provenance/explained.js';
import { parsePlanDocument, type PlanDocument, type PlanDocumentInput, type PlanIndicator } from './indicator-plan.js';
import { buildPlanEvaluation, evaluationKindOf } from './plan-evaluation.js';
import {
  DEFAULT_PLAN_STATUS_THRESHOLDS,
  expectedShare,
  indicatorStatus,
  limitCoefficient,
  rankUnits,
  type IndicatorObservation,
  type PlanStatusThresholds,
} from './indicator-status.js';

const cite = { seed: 'user', section: 'test' } as const;
type IndicatorInput = PlanDocumentInput['indicators'][number];

function plan(indicators: IndicatorInput[]): PlanDocument {
  const r = parsePlanDocument({
    id: 'test-plan',
    cityCode: '620700',
    nameZh: '测试规划',
    nameEn: 'Test plan',
    startYear: 2026,
    endYear: 2030,
    baseYear: 2025,
    source: { seed: 'user', titleZh: '测试' },
    indicators,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

function ind(over: Partial<IndicatorInput> & { direction: IndicatorInput['direction'] }): IndicatorInput {
  return {
    id: 'x',
    categoryZh: '测试',
    nameZh: '指标',
    nameEn: 'indicator',
    uom: 'count',
    attribute: 'expected',
    ...over,
  };
}

/** The defaults with Anju's absolute-change reading at 0 switched on. */
const ABSOLUTE_AT_ZERO: PlanStatusThresholds = {
  ...DEFAULT_PLAN_STATUS_THRESHOLDS,
  extensions: { ...DEFAULT_PLAN_STATUS_THRESHOLDS.extensions, absoluteChangeAtZero: true },
};

const obs = (pairs: [number, string][]): IndicatorObservation[] => pairs.map(([year, value]) => ({ year, value }));

function statusOf(i: IndicatorInput, o: [number, string][], year = 2027, t?: PlanStatusThresholds) {
  const p = plan([i]);
  return indicatorStatus(p, p.indicators[0]!, obs(o), year, t);
}

describe('end-of-period, at least (compound annual growth)', () => {
  // base 100 in 2025, target 161.051 in 2030: the needed growth is exactly 10 % a year (1.1^5 = 1.61051)
  const growth = ind({
    direction: 'at-least',
    base: { value: '100', year: 2025, source: cite },
    target: { kind: 'end-of-period', value: '161.051', source: cite },
  });

  it('121 in 2027 grows 10 %/yr as needed: R = 1, on track', () => {
    const s = statusOf(growth, [[2027, '121']]);
    expect(s.kind).toBe('on-track');
    expect(s.status.value).toBe('1');
  });
  it('115.5 in 2027: observed 7.47 %/yr → R = 0.7471, acceleration needed', () => {
    const s = statusOf(growth, [[2027, '115.5']]);
    expect(s.kind).toBe('acceleration-needed');
    expect(s.status.value).toBe('0.7471');
    expect(s.status.inputs.map((i) => [i.name, 'inputs' in i.value ? i.value.value : null])).toEqual([
      ['实际年均增长率', '0.0747'],
      ['所需年均增长率', '0.1'],
      ['进展正常阈值', '0.95'],
      ['进展有限阈值', '0.6'],
    ]);
  });
  it('104.04 in 2027: 2 %/yr → R = 0.2, limited progress', () => {
    const s = statusOf(growth, [[2027, '104.04']]);
    expect(s.kind).toBe('limited-progress');
    expect(s.status.value).toBe('0.2');
  });
  it('98.01 in 2027: −1 %/yr → R = −0.1, deterioration', () => {
    const s = statusOf(growth, [[2027, '98.01']]);
    expect(s.kind).toBe('deterioration');
    expect(s.status.value).toBe('-0.1');
  });
  it('162 in 2027 is past the target: achieved, completion 1.0059', () => {
    const s = statusOf(growth, [[2027, '162']]);
    expect(s.kind).toBe('achieved');
    expect(s.completion?.value).toBe('1.0059');
  });
  it('thresholds come from the profile: with on-track at 0.7, R = 0.7471 is on track', () => {
    const s = statusOf(growth, [[2027, '115.5']], 2027, {
      ...DEFAULT_PLAN_STATUS_THRESHOLDS,
      onTrackRatio: 0.7,
      limitedProgressRatio: 0.5,
      profile: { id: 'p', version: '1.0.0' },
    });
    expect(s.kind).toBe('on-track');
    expect(explainText(s.status, 'zh')).toContain('参数 p@1.0.0:progress.onTrackRatio');
  });
  it('no data up to the year: not available', () => {
    const s = statusOf(growth, [[2028, '130']]);
    expect(s.kind).toBe('not-available');
    expect(s.status.notes[0]?.messageZh).toBe('尚无 2027 年及以前的实际值');
  });
});

describe('end-of-period, at most (轮候时间 ≤ 36 个月, 去化周期 ≤ 18)', () => {
  const waiting = ind({
    direction: 'at-most',
    uom: 'month',
    base: { value: '48', year: 2025, source: cite },
    target: { kind: 'end-of-period', value: '36', source: cite },
  });
  it('48 → 42 months by 2027: falling 6.46 %/yr where 5.59 %/yr is needed → R = 1.1551, on track', () => {
    const s = statusOf(waiting, [[2027, '42']]);
    expect(s.kind).toBe('on-track');
    expect(s.status.value).toBe('1.1551');
  });
  it('48 → 50 months: rising is deterioration for an at-most target', () => {
    const s = statusOf(waiting, [[2027, '50']]);
    expect(s.kind).toBe('deterioration');
    expect(Number(s.status.value)).toBeLessThan(0);
  });
  it('30 months is within the cap: achieved', () => {
    expect(statusOf(waiting, [[2027, '30']]).kind).toBe('achieved');
  });
  it('destocking 20 → 19 months (2025 → 2027) against ≤ 18 by 2030: R = 1.2143, on track', () => {
    const cycle = ind({
      direction: 'at-most',
      uom: 'month',
      base: { value: '20', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '18', source: cite },
    });
    const s = statusOf(cycle, [[2027, '19']]);
    expect(s.status.value).toBe('1.2143');
    expect(s.kind).toBe('on-track');
  });
  it('a cap already kept at the base and lost since is deterioration; kept still is achieved', () => {
    const kept = ind({
      direction: 'at-most',
      uom: 'month',
      base: { value: '30', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '36', source: cite },
    });
    const lost = statusOf(kept, [[2027, '40']]);
    expect(lost.kind).toBe('deterioration');
    expect(lost.status.branch).toBe('deterioration: target met at the base and lost');
    expect(statusOf(kept, [[2027, '33']]).kind).toBe('achieved');
  });
});

describe('base = 0, range, exact and no target', () => {
  // A count from nothing: the method puts 0.001 in place of the 0 base; Anju's extension compares yearly changes.
  const fromZero = ind({
    direction: 'at-least',
    base: { value: '0', year: 2025, source: cite },
    target: { kind: 'end-of-period', value: '100', source: cite },
  });
  it('0 → 30 by 2027, the method: (30 ÷ 0.001)^½ − 1 against (100 ÷ 0.001)^⅕ − 1 → R = 19.1339, on track', () => {
    const s = statusOf(fromZero, [[2027, '30']]);
    expect(s.status.value).toBe('19.1339');
    expect(s.kind).toBe('on-track');
    expect(s.extensions).toEqual([]);
    expect(s.methodReading).toBeNull();
    expect(explainText(s.status, 'zh')).toContain('基期值为 0，按方法以 0.001 代替');
  });
  it('0 → 30 with the absolute-change extension: 15 a year against 20 → R = 0.75, the method beside it', () => {
    const s = statusOf(fromZero, [[2027, '30']], 2027, ABSOLUTE_AT_ZERO);
    expect(s.status.value).toBe('0.75');
    expect(s.kind).toBe('acceleration-needed');
    expect(s.status.branch).toContain('按绝对变化计算');
    expect(s.extensions).toEqual(['absoluteChangeAtZero']);
    expect(s.methodReading).toMatchObject({ kind: 'on-track', value: '19.1339' });
    expect(explainText(s.status, 'zh')).toContain('Open SDG 方法本身的读数：进展正常（19.1339）');
  });
  it('0 → 40 with the extension: R = 1, on track', () => {
    expect(statusOf(fromZero, [[2027, '40']], 2027, ABSOLUTE_AT_ZERO).status.value).toBe('1');
  });
  it('a range 12–18 from above (20 → 19) moves towards 18 like an at-most target', () => {
    const range = ind({
      direction: 'range',
      uom: 'month',
      base: { value: '20', year: 2025, source: cite },
      target: { kind: 'end-of-period', min: '12', max: '18', source: cite },
    });
    expect(statusOf(range, [[2027, '19']]).status.value).toBe('1.2143');
    expect(statusOf(range, [[2027, '15']]).kind).toBe('achieved');
    expect(statusOf(range, [[2027, '10']]).kind).not.toBe('achieved');
  });
  it('an exact target of 100 from 90: 95 by 2027 → R = 1.2868', () => {
    const exact = ind({
      direction: 'exact',
      base: { value: '90', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '100', source: cite },
    });
    expect(statusOf(exact, [[2027, '95']]).status.value).toBe('1.2868');
    expect(statusOf(exact, [[2027, '100']]).kind).toBe('achieved');
  });
  it('without a target the observed rate is banded: 2 % substantial, 0.75 % moderate, 0.5 % just below moderate', () => {
    const free = ind({ direction: 'at-least', base: { value: '100', year: 2025, source: cite } });
    expect(statusOf(free, [[2027, '104.04']]).kind).toBe('on-track');
    expect(statusOf(free, [[2027, '104.04']]).status.value).toBe('0.02');
    expect(statusOf(free, [[2027, '101.5']]).kind).toBe('acceleration-needed');
    expect(statusOf(free, [[2027, '101']]).kind).toBe('limited-progress');
    expect(statusOf(free, [[2027, '99']]).kind).toBe('deterioration');
  });
  it('the base year value is taken from the observations when the plan prints none', () => {
    const noBase = ind({ direction: 'at-least', target: { kind: 'end-of-period', value: '161.051', source: cite } });
    const s = statusOf(noBase, [
      [2025, '100'],
      [2027, '121'],
    ]);
    expect(s.status.value).toBe('1');
  });
});

describe('the Open SDG method where it speaks (issue 17): negative values, sign change, natural limit, zero', () => {
  const negative = (direction: 'at-least' | 'at-most', base: string, target?: string) =>
    ind({
      direction,
      base: { value: base, year: 2025, source: cite },
      ...(target === undefined ? {} : { target: { kind: 'end-of-period', value: target, source: cite } }),
    });
  it('−10 → −8 (2025 → 2027), increase wanted to −5 by 2030: sign flipped, R = 0.8156, moderate progress', () => {
    const s = statusOf(negative('at-least', '-10', '-5'), [[2027, '-8']]);
    expect(s.status.value).toBe('0.8156');
    expect(s.kind).toBe('acceleration-needed');
    expect(explainText(s.status, 'zh')).toContain('数值全部为负，按方法翻转进展方向');
  });
  it('−10 → −12 with the same target: R = −0.7373, deterioration', () => {
    const s = statusOf(negative('at-least', '-10', '-5'), [[2027, '-12']]);
    expect(s.status.value).toBe('-0.7373');
    expect(s.kind).toBe('deterioration');
  });
  it('−5 → −8, decrease wanted to −10: R = 1.7815, substantial progress; −5 → −4 is deterioration', () => {
    const down = negative('at-most', '-5', '-10');
    expect(statusOf(down, [[2027, '-8']]).status.value).toBe('1.7815');
    expect(statusOf(down, [[2027, '-8']]).kind).toBe('on-track');
    expect(statusOf(down, [[2027, '-4']]).status.value).toBe('-0.71');
    expect(statusOf(down, [[2027, '-4']]).kind).toBe('deterioration');
  });
  it('without a target, −10 → −9 is progress when an increase is wanted and deterioration when a fall is', () => {
    const up = statusOf(negative('at-least', '-10'), [[2027, '-9']]);
    const down = statusOf(negative('at-most', '-10'), [[2027, '-9']]);
    expect([up.status.value, up.kind]).toEqual(['0.0513', 'on-track']);
    expect([down.status.value, down.kind]).toEqual(['-0.0513', 'deterioration']);
  });
  it('a sign change (−5 → 3, 5 → −3) cannot be assessed; the same move within one sign can', () => {
    const up = negative('at-least', '-5', '10');
    const s = statusOf(up, [[2027, '3']]);
    expect(s.kind).toBe('not-available');
    expect(explainText(s.status, 'zh')).toContain('正负号不同');
    expect(statusOf(negative('at-least', '-5'), [[2027, '3']]).kind).toBe('not-available');
    expect(statusOf(negative('at-most', '5'), [[2027, '-3']]).kind).toBe('not-available');
    expect(statusOf(negative('at-least', '5', '10'), [[2027, '6']]).kind).not.toBe('not-available');
    // a target reached across the sign is still achieved (the method checks the target first)
    expect(statusOf(up, [[2027, '12']]).kind).toBe('achieved');
  });
  it('natural limit 100 with base 90: coefficient 1 − 0.9^4.44 = 0.3736 shrinks the bands; 90 → 90.5 is moderate', () => {
    expect(limitCoefficient(90, 100)).toBeCloseTo(0.373622, 6);
    const share = ind({ direction: 'at-least', uom: 'percent', base: { value: '90', year: 2025, source: cite } });
    const without = statusOf(share, [[2027, '90.5']]);
    const limited = statusOf({ ...share, naturalLimit: '100' }, [[2027, '90.5']]);
    expect(without.status.value).toBe('0.0028');
    expect(without.kind).toBe('limited-progress');
    expect(limited.kind).toBe('acceleration-needed');
    expect(limited.status.branch).toContain('0.001868 ≤ g < 0.005604');
    expect(explainText(limited.status, 'zh')).toContain('极限系数');
  });
  it('natural limit 1 with base 1.5, decrease wanted: coefficient 0.9539; a fall of 1.46 %/yr is substantial only near the limit', () => {
    const rate = ind({ direction: 'at-most', uom: 'ratio', base: { value: '1.5', year: 2025, source: cite } });
    expect(limitCoefficient(1.5, 1)).toBeCloseTo(0.953929, 6);
    // 1.5 → 1.4565: 1 − (1.4565 ÷ 1.5)^½ = 1.46 %/yr, under the plain 1.5 % but over the scaled 1.43 %
    const plain = statusOf(rate, [[2027, '1.4565']]);
    const limited = statusOf({ ...rate, naturalLimit: '1' }, [[2027, '1.4565']]);
    expect(plain.status.value).toBe('0.0146');
    expect(plain.kind).toBe('acceleration-needed');
    expect(limited.kind).toBe('on-track');
    // a rise is deterioration with or without the limit
    expect(statusOf({ ...rate, naturalLimit: '1' }, [[2027, '1.52']]).kind).toBe('deterioration');
  });
  it('a base at its limit keeps it: every rate ≥ 0 is substantial; a fall is still deterioration', () => {
    const full = ind({
      direction: 'at-least',
      uom: 'percent',
      naturalLimit: '100',
      base: { value: '100', year: 2025, source: cite },
    });
    expect(statusOf(full, [[2027, '100']]).kind).toBe('on-track');
    expect(statusOf(full, [[2027, '99.9']]).kind).toBe('deterioration');
  });
  it('with a target the natural limit is not used', () => {
    const t = ind({
      direction: 'at-least',
      uom: 'percent',
      naturalLimit: '100',
      base: { value: '90', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '95', source: cite },
    });
    const s = statusOf(t, [[2027, '91']]);
    const plain = statusOf({ ...t, naturalLimit: undefined }, [[2027, '91']]);
    expect(s.status.value).toBe(plain.status.value);
    expect(explainText(s.status, 'zh')).toContain('有目标值时不使用自然极限');
  });
  it('no target from 0: the method reads 0 → 2 and 0 → 0.01 alike (0.001 in place of 0); the extension does not', () => {
    const count = ind({ direction: 'at-least', base: { value: '0', year: 2025, source: cite } });
    expect(statusOf(count, [[2027, '2']]).status.value).toBe('43.7214');
    expect(statusOf(count, [[2027, '0.01']]).status.value).toBe('2.1623');
    expect(statusOf(count, [[2027, '0.01']]).kind).toBe('on-track');
    const ext = statusOf(count, [[2027, '0.01']], 2027, ABSOLUTE_AT_ZERO);
    expect([ext.status.value, ext.kind]).toEqual(['0.005', 'acceleration-needed']);
    expect(ext.methodReading).toMatchObject({ kind: 'on-track', value: '2.1623' });
  });
  it('a target of 0 is 0.001 for the method (R = 0.3481, limited) and a yearly change for the extension (R = 1.25)', () => {
    const toZero = ind({
      direction: 'at-most',
      base: { value: '10', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '0', source: cite },
    });
    const m = statusOf(toZero, [[2027, '5']]);
    expect([m.status.value, m.kind]).toEqual(['0.3481', 'limited-progress']);
    expect(explainText(m.status, 'zh')).toContain('目标值为 0，按方法以 0.001 代替');
    const e = statusOf(toZero, [[2027, '5']], 2027, ABSOLUTE_AT_ZERO);
    expect([e.status.value, e.kind]).toEqual(['1.25', 'on-track']);
    expect(e.methodReading).toMatchObject({ kind: 'limited-progress', value: '0.3481' });
    expect(statusOf(toZero, [[2027, '0']]).kind).toBe('achieved');
  });
  it('a base year without data moves to the next year that has one (the method), noted in the explanation', () => {
    const noBase = ind({ direction: 'at-least', target: { kind: 'end-of-period', value: '161.051', source: cite } });
    const s = statusOf(
      noBase,
      [
        [2026, '100'],
        [2028, '121'],
      ],
      2028,
    );
    // from 2026: 10 %/yr observed against (1.61051)^(1/4) − 1 = 12.65 %/yr needed
    expect(s.status.value).toBe('0.7904');
    expect(explainText(s.status, 'zh')).toContain('基期年（2025年）无数据');
  });
});

describe('extensions are profile options, each with the method beside it', () => {
  const off = (name: keyof PlanStatusThresholds['extensions']): PlanStatusThresholds => ({
    ...DEFAULT_PLAN_STATUS_THRESHOLDS,
    extensions: { ...DEFAULT_PLAN_STATUS_THRESHOLDS.extensions, [name]: false },
  });
  const range = ind({
    direction: 'range',
    uom: 'month',
    base: { value: '20', year: 2025, source: cite },
    target: { kind: 'end-of-period', min: '12', max: '18', source: cite },
  });
  it('a range is read towards its nearer bound when on, and has no reading when off', () => {
    const on = statusOf(range, [[2027, '19']]);
    expect(on.extensions).toEqual(['rangeTargets']);
    expect(on.methodReading?.kind).toBe('not-available');
    const s = statusOf(range, [[2027, '19']], 2027, off('rangeTargets'));
    expect(s.kind).toBe('not-available');
    expect(explainText(s.status, 'zh')).toContain('planStatus.extensions.rangeTargets');
  });
  it('an exact target and a cumulative target likewise', () => {
    const exact = ind({
      direction: 'exact',
      base: { value: '90', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '100', source: cite },
    });
    expect(statusOf(exact, [[2027, '95']]).extensions).toEqual(['exactTargets']);
    expect(statusOf(exact, [[2027, '95']], 2027, off('exactTargets')).kind).toBe('not-available');
    const cumulative = ind({ direction: 'at-least', target: { kind: 'cumulative', value: '500', source: cite } });
    expect(statusOf(cumulative, [[2026, '100']]).extensions).toEqual(['cumulativeTargets']);
    expect(statusOf(cumulative, [[2026, '100']], 2027, off('cumulativeTargets')).kind).toBe('not-available');
  });
  it('binding pass / fail is given only when switched on', () => {
    const binding = ind({
      direction: 'at-least',
      attribute: 'binding',
      base: { value: '100', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '161.051', source: cite },
    });
    const on = statusOf(binding, [[2027, '121']]);
    expect([on.pass, on.extensions]).toEqual([true, ['bindingPassFail']]);
    const s = statusOf(binding, [[2027, '121']], 2027, off('bindingPassFail'));
    expect([s.kind, s.pass, s.extensions]).toEqual(['on-track', null, []]);
  });
});

describe('cumulative targets against elapsed time', () => {
  // 3646 dwellings over 2026–2030 (003 保障性住房建设筹集量); by the end of 2027 two fifths are due: 1458.4
  const raised = ind({
    direction: 'at-least',
    uom: 'dwelling',
    attribute: 'binding',
    target: { kind: 'cumulative', value: '3646', source: cite },
  });
  it('700 + 800 = 1500 against 1458.4 due → R = 1.0285, on track, binding pass', () => {
    const s = statusOf(raised, [
      [2026, '700'],
      [2027, '800'],
    ]);
    expect(s.latest?.value).toBe('1500');
    expect(s.kind).toBe('on-track');
    expect(s.status.value).toBe('1.0285');
    expect(s.pass).toBe(true);
  });
  it('400 + 500 = 900 → R = 0.6171, acceleration needed, binding fail', () => {
    const s = statusOf(raised, [
      [2026, '400'],
      [2027, '500'],
    ]);
    expect(s.status.value).toBe('0.6171');
    expect(s.kind).toBe('acceleration-needed');
    expect(s.pass).toBe(false);
  });
  it('300 + 200 = 500 → R = 0.3428, limited progress', () => {
    expect(
      statusOf(raised, [
        [2026, '300'],
        [2027, '200'],
      ]).status.value,
    ).toBe('0.3428');
  });
  it('a declared yearly shape 1:1:2:3:3 expects 20 % by 2027: 900 against 729.2 → R = 1.2342, on track', () => {
    const shaped = ind({
      direction: 'at-least',
      uom: 'dwelling',
      target: {
        kind: 'cumulative',
        value: '3646',
        shape: { kind: 'yearly', weights: ['1', '1', '2', '3', '3'] },
        source: cite,
      },
    });
    const s = statusOf(shaped, [
      [2026, '400'],
      [2027, '500'],
    ]);
    expect(s.status.value).toBe('1.2342');
    expect(s.kind).toBe('on-track');
  });
  it('the same numbers as an end-of-period target read the latest value, not the sum', () => {
    const level = ind({
      direction: 'at-least',
      uom: 'dwelling',
      base: { value: '0', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '3646', source: cite },
    });
    const s = statusOf(
      level,
      [
        [2026, '700'],
        [2027, '800'],
      ],
      2027,
      ABSOLUTE_AT_ZERO,
    );
    expect(s.latest?.value).toBe('800');
    // 400 a year against 729.2 a year needed
    expect(s.status.value).toBe('0.5485');
    expect(s.kind).toBe('limited-progress');
  });
  it('3646 reached in 2029 is achieved; at the end an unmet binding target fails even when on pace', () => {
    expect(
      statusOf(
        raised,
        [
          [2026, '1000'],
          [2027, '1000'],
          [2028, '1000'],
          [2029, '646'],
        ],
        2029,
      ).kind,
    ).toBe('achieved');
    const end = statusOf(
      raised,
      [
        [2026, '700'],
        [2027, '700'],
        [2028, '700'],
        [2029, '700'],
        [2030, '700'],
      ],
      2030,
    );
    // 3500 of 3646: R = 0.96 on track, yet not achieved at the end
    expect(end.status.value).toBe('0.96');
    expect(end.kind).toBe('on-track');
    expect(end.pass).toBe(false);
  });
  it('missing years are flagged and the sum runs over the years present', () => {
    const s = statusOf(raised, [[2027, '1500']]);
    expect(s.latest?.notes[0]?.messageZh).toBe('缺少 2026 年的实际值，按已有年份累计');
  });
  it('expected shares: linear 2/5 by 2027, 1 after the end', () => {
    const p = plan([raised]);
    expect(expectedShare(p, undefined, 2027)).toBe('0.4');
    expect(expectedShare(p, undefined, 2031)).toBe('1');
  });
});

describe('district ranking and the evaluation model', () => {
  const rental: IndicatorInput = ind({
    id: 'affordable-rental',
    nameZh: '保障性租赁住房',
    direction: 'at-least',
    uom: 'dwelling',
    target: { kind: 'cumulative', value: '2446', source: cite },
    units: [
      { unitCode: '620702', nameZh: '甘州区', value: '200', source: cite },
      { unitCode: '620723', nameZh: '临泽县', value: '150', source: cite },
      { unitCode: '620725', nameZh: '山丹县', value: '1200', source: cite },
      { unitCode: '620722', nameZh: '民乐县', value: '361', source: cite },
    ],
  });
  it('ranks counties by R: 甘州 200 done (achieved), 山丹 600 of 480 due (1.25), 临泽 30 of 60 due (0.5), 民乐 no data', () => {
    const p = plan([rental]);
    const byUnit = new Map([
      [
        '620702',
        obs([
          [2026, '120'],
          [2027, '80'],
        ]),
      ],
      [
        '620723',
        obs([
          [2026, '10'],
          [2027, '20'],
        ]),
      ],
      [
        '620725',
        obs([
          [2026, '300'],
          [2027, '300'],
        ]),
      ],
    ]);
    const ranking = rankUnits(p, p.indicators[0] as PlanIndicator, byUnit, 2027);
    expect(ranking.map((r) => [r.rank, r.nameZh, r.status.kind, r.status.status.value])).toEqual([
      [1, '甘州区', 'achieved', null],
      [2, '山丹县', 'on-track', '1.25'],
      [3, '临泽县', 'limited-progress', '0.5'],
      [null, '民乐县', 'not-available', null],
    ]);
  });
  it('evaluation kinds by year and a narrative made of the row’s numbers', () => {
    const p = plan([rental]);
    expect([2026, 2028, 2030].map((y) => evaluationKindOf(p, y))).toEqual(['annual', 'mid-term', 'end-term']);
    const e = buildPlanEvaluation(
      p,
      new Map([
        [
          'affordable-rental',
          obs([
            [2026, '400'],
            [2027, '500'],
          ]),
        ],
      ]),
      2027,
    );
    expect(e.titleZh).toBe('测试规划年度评估报告（2027年）');
    const row = e.rows[0]!;
    expect(row.achievedText).toBe('[900]');
    expect(row.narrativeZh).toBe(
      '保障性租赁住房2026—2027年累计完成900套，目标为五年累计不低于2446套，完成率36.79%，按时间进度应完成978.4套，进度比 R=0.92，有进展但需加快。',
    );
    expect(row.trend.actual.slice(0, 3)).toEqual([null, '400', '900']);
    expect(row.trend.path.slice(0, 3)).toEqual(['0', '489.2', '978.4']);
  });
  it('the method paragraph states the method and each extension the report used, and only those', () => {
    const waiting = ind({
      id: 'waiting',
      direction: 'at-most',
      uom: 'month',
      base: { value: '48', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '36', source: cite },
    });
    const plain = buildPlanEvaluation(plan([waiting]), new Map([['waiting', obs([[2027, '42']])]]), 2027);
    expect(plain.extensionsUsed).toEqual([]);
    expect(plain.methodZh).toContain('加拿大统计局年均复合增长率法');
    expect(plain.methodZh).toContain('数值全部为负时进展方向翻转');
    expect(plain.methodZh).toContain('极限系数');
    expect(plain.methodZh).toContain('以 0.001 代替');
    expect(plain.methodZh).toContain('本报告未使用 Anju 对该方法的扩展');
    expect(plain.methodEn).toContain('none of Anju’s extensions');

    const binding = { ...rental, attribute: 'binding' as const, units: undefined };
    const fromZero = ind({
      id: 'from-zero',
      direction: 'at-least',
      base: { value: '0', year: 2025, source: cite },
      target: { kind: 'end-of-period', value: '100', source: cite },
    });
    const e = buildPlanEvaluation(
      plan([waiting, binding, fromZero]),
      new Map([
        ['waiting', obs([[2027, '42']])],
        ['affordable-rental', obs([[2026, '400']])],
        ['from-zero', obs([[2027, '30']])],
      ]),
      2027,
      ABSOLUTE_AT_ZERO,
    );
    expect(e.extensionsUsed).toEqual(['cumulativeTargets', 'bindingPassFail', 'absoluteChangeAtZero']);
    expect(e.methodZh).toContain('本报告使用的 Anju 扩展（非 Open SDG 方法');
    expect(e.methodZh).toContain('1. 五年累计指标');
    expect(e.methodZh).toContain('3. 基期值或目标值为 0 时改用年均绝对变化之比');
    expect(e.methodZh).not.toContain('区间目标');
    expect(e.methodZh).toContain('按下列扩展改用年均绝对变化之比');
  });
});
