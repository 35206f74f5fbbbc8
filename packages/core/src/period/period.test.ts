import { describe, expect, it } from 'vitest';
import {
  comparePeriods,
  containsPeriod,
  endDate,
  formatPeriod,
  lastMonth,
  monthsIn,
  parsePeriod,
  periodOf,
  periodRange,
  previousPeriod,
  rollUpPeriod,
  startDate,
  type Period,
} from './period.js';

describe('parsePeriod', () => {
  const table: [string, string | undefined][] = [
    // months
    ['2025年12月', '2025-12'],
    ['2025年1月', '2025-01'],
    ['2025年03月份', '2025-03'],
    ['2025-12', '2025-12'],
    ['2025/12', '2025-12'],
    ['2025.12', '2025-12'],
    ['2025-1', '2025-01'],
    ['202512', '2025-12'],
    ['２０２５年１２月', '2025-12'],
    [' 2025 年 12 月 ', '2025-12'],
    ['2025－12', '2025-12'],
    // quarters
    ['2025年第四季度', '2025Q4'],
    ['2025年四季度', '2025Q4'],
    ['2025年第4季度', '2025Q4'],
    ['2025年第一季度', '2025Q1'],
    ['2025年二季度', '2025Q2'],
    ['2025Q4', '2025Q4'],
    ['2025q3', '2025Q3'],
    ['2025-Q4', '2025Q4'],
    ['2025 Q4', '2025Q4'],
    ['２０２５Ｑ４', '2025Q4'],
    // years
    ['2025年', '2025'],
    ['2025', '2025'],
    ['2025年度', '2025'],
    ['2025年底', '2025'],
    ['2025年末', '2025'],
    ['“2025年”', '2025'],
    // five-year plans (十一五 = 2006–2010 anchors the grid)
    ['十四五', '2021-2025'],
    ['“十四五”', '2021-2025'],
    ['"十四五"', '2021-2025'],
    ['十四五期间', '2021-2025'],
    ['“十四五”期间', '2021-2025'],
    ['“十四五”时期', '2021-2025'],
    ['十四五规划', '2021-2025'],
    ['十五五', '2026-2030'],
    ['十三五', '2016-2020'],
    ['十一五', '2006-2010'],
    ['十九五', '2046-2050'],
    ['二十五', '2051-2055'],
    ['“十四五”（2021—2025年）', '2021-2025'],
    ['十四五(2021-2025)', '2021-2025'],
    ['十四五（2016—2020年）', undefined],
    // spans
    ['2021-2025', '2021-2025'],
    ['2021—2025年', '2021-2025'],
    ['2021～2025', '2021-2025'],
    ['2021年-2025年', '2021-2025'],
    ['2021–2025', '2021-2025'],
    ['2021至2025年', '2021-2025'],
    ['2016-2018', '2016-2018'],
    // invalid
    ['2025年13月', undefined],
    ['2025-00', undefined],
    ['202513', undefined],
    ['2025年第五季度', undefined],
    ['2025Q5', undefined],
    ['2025Q0', undefined],
    ['1899', undefined],
    ['2101年', undefined],
    ['25年', undefined],
    ['2025-12-31', undefined],
    ['2025年1-12月', undefined],
    ['2025H1', undefined],
    ['十五', undefined],
    ['十五期间', undefined],
    ['十五五五', undefined],
    ['九五', undefined],
    ['二十六五', undefined],
    ['二十一五', undefined],
    ['十', undefined],
    ['2025-2021', undefined],
    ['2025-2025', undefined],
    ['', undefined],
    ['合计', undefined],
    ['12月', undefined],
    ['20251', undefined],
  ];
  it.each(table)('%j → %s', (label, code) => {
    expect(parsePeriod(label)?.code).toBe(code);
  });

  it('fills every field', () => {
    expect(parsePeriod('2025年第四季度')).toEqual({
      grain: 'quarter',
      code: '2025Q4',
      startYear: 2025,
      startMonth: 10,
      endYear: 2025,
      endMonth: 12,
    });
    expect(parsePeriod('十四五')).toEqual({
      grain: 'span',
      code: '2021-2025',
      startYear: 2021,
      startMonth: 1,
      endYear: 2025,
      endMonth: 12,
    });
    expect(parsePeriod('2025.3')).toEqual({
      grain: 'month',
      code: '2025-03',
      startYear: 2025,
      startMonth: 3,
      endYear: 2025,
      endMonth: 3,
    });
  });
});

describe('periodOf', () => {
  it('accepts only canonical codes', () => {
    expect(periodOf('2025-12').grain).toBe('month');
    expect(periodOf('2025Q4').grain).toBe('quarter');
    expect(periodOf('2025').grain).toBe('year');
    expect(periodOf('2021-2025').grain).toBe('span');
    for (const bad of ['2025年', '2025-1', '202512', '2025q4', '十四五', '2025/12', ' 2025', 'x']) {
      expect(() => periodOf(bad)).toThrow(RangeError);
    }
  });
});

describe('formatPeriod', () => {
  const table: [string, string, string][] = [
    ['2025-12', '2025年12月', 'Dec 2025'],
    ['2025-01', '2025年1月', 'Jan 2025'],
    ['2025Q4', '2025年第四季度', '2025 Q4'],
    ['2025Q1', '2025年第一季度', '2025 Q1'],
    ['2025', '2025年', '2025'],
    ['2021-2025', '“十四五”（2021—2025年）', '2021–2025'],
    ['2026-2030', '“十五五”（2026—2030年）', '2026–2030'],
    ['2006-2010', '“十一五”（2006—2010年）', '2006–2010'],
    ['2051-2055', '“二十五”（2051—2055年）', '2051–2055'],
    ['2056-2060', '2056—2060年', '2056–2060'],
    ['2021-2023', '2021—2023年', '2021–2023'],
    ['2001-2005', '2001—2005年', '2001–2005'],
    ['2022-2026', '2022—2026年', '2022–2026'],
  ];
  it.each(table)('%s → %s / %s', (code, zh, en) => {
    expect(formatPeriod(periodOf(code), 'zh')).toBe(zh);
    expect(formatPeriod(periodOf(code), 'en')).toBe(en);
  });

  it('round-trips its Chinese output through parsePeriod', () => {
    for (const code of ['2025-12', '2025Q4', '2025', '2021-2025', '2021-2023']) {
      expect(parsePeriod(formatPeriod(periodOf(code), 'zh'))?.code).toBe(code);
    }
  });
});

describe('calendar helpers', () => {
  const p = (code: string): Period => periodOf(code);

  it('lists months', () => {
    expect(monthsIn(p('2025Q4'))).toEqual(['2025-10', '2025-11', '2025-12']);
    expect(monthsIn(p('2025-02'))).toEqual(['2025-02']);
    expect(monthsIn(p('2025'))).toHaveLength(12);
    expect(monthsIn(p('2021-2025'))).toHaveLength(60);
    expect(monthsIn(p('2021-2025'))[59]).toBe('2025-12');
  });

  it('tests containment', () => {
    expect(containsPeriod(p('2025'), p('2025Q4'))).toBe(true);
    expect(containsPeriod(p('2025Q4'), p('2025-10'))).toBe(true);
    expect(containsPeriod(p('2025Q4'), p('2025-09'))).toBe(false);
    expect(containsPeriod(p('2021-2025'), p('2023-07'))).toBe(true);
    expect(containsPeriod(p('2021-2025'), p('2026-01'))).toBe(false);
    expect(containsPeriod(p('2025-10'), p('2025Q4'))).toBe(false);
    expect(containsPeriod(p('2025'), p('2025'))).toBe(true);
  });

  it('rolls periods up', () => {
    expect(rollUpPeriod(p('2025-11'), 'quarter').code).toBe('2025Q4');
    expect(rollUpPeriod(p('2025-03'), 'quarter').code).toBe('2025Q1');
    expect(rollUpPeriod(p('2025-04'), 'quarter').code).toBe('2025Q2');
    expect(rollUpPeriod(p('2025-11'), 'year').code).toBe('2025');
    expect(rollUpPeriod(p('2025Q2'), 'year').code).toBe('2025');
    expect(rollUpPeriod(p('2025Q2'), 'quarter').code).toBe('2025Q2');
    expect(() => rollUpPeriod(p('2025'), 'quarter')).toThrow(RangeError);
    expect(() => rollUpPeriod(p('2025'), 'span')).toThrow(RangeError);
    expect(() => rollUpPeriod(p('2021-2025'), 'year')).toThrow(RangeError);
  });

  it('finds the last month', () => {
    expect(lastMonth(p('2025Q1')).code).toBe('2025-03');
    expect(lastMonth(p('2021-2025')).code).toBe('2025-12');
    expect(lastMonth(p('2025-06')).code).toBe('2025-06');
  });

  it('orders periods', () => {
    const codes = ['2025', '2025-02', '2024Q4', '2025Q1', '2025-01', '2021-2025', '2024-12'];
    expect(
      codes
        .map(p)
        .sort(comparePeriods)
        .map((x) => x.code),
    ).toEqual(['2021-2025', '2024Q4', '2024-12', '2025-01', '2025Q1', '2025', '2025-02']);
    expect(comparePeriods(p('2025Q1'), p('2025Q1'))).toBe(0);
  });

  it('steps back at the same grain', () => {
    expect(previousPeriod(p('2025-01')).code).toBe('2024-12');
    expect(previousPeriod(p('2025-12'), 12).code).toBe('2024-12');
    expect(previousPeriod(p('2025Q1')).code).toBe('2024Q4');
    expect(previousPeriod(p('2025Q3'), 2).code).toBe('2025Q1');
    expect(previousPeriod(p('2025'), 5).code).toBe('2020');
    expect(previousPeriod(p('2021-2025')).code).toBe('2016-2020');
    expect(previousPeriod(p('2021-2025'), -1).code).toBe('2026-2030');
    expect(previousPeriod(p('2025-12'), -1).code).toBe('2026-01');
    expect(previousPeriod(p('2021-2023')).code).toBe('2018-2020');
    expect(() => previousPeriod(p('1900-01'))).toThrow(RangeError);
    expect(() => previousPeriod(p('2025'), 0.5)).toThrow(RangeError);
  });

  it('builds inclusive ranges', () => {
    expect(periodRange(p('2024-11'), p('2025-02')).map((x) => x.code)).toEqual([
      '2024-11',
      '2024-12',
      '2025-01',
      '2025-02',
    ]);
    expect(periodRange(p('2024Q4'), p('2025Q2')).map((x) => x.code)).toEqual(['2024Q4', '2025Q1', '2025Q2']);
    expect(periodRange(p('2021'), p('2025')).map((x) => x.code)).toEqual(['2021', '2022', '2023', '2024', '2025']);
    expect(periodRange(p('2016-2020'), p('2026-2030')).map((x) => x.code)).toEqual([
      '2016-2020',
      '2021-2025',
      '2026-2030',
    ]);
    expect(periodRange(p('2025-03'), p('2025-03')).map((x) => x.code)).toEqual(['2025-03']);
    expect(periodRange(p('2025-03'), p('2025-01'))).toEqual([]);
    expect(() => periodRange(p('2025-03'), p('2025Q4'))).toThrow(RangeError);
    expect(() => periodRange(p('2016-2020'), p('2022-2026'))).toThrow(RangeError);
  });

  it('gives ISO start and end dates, leap years included', () => {
    expect(startDate(p('2025Q4'))).toBe('2025-10-01');
    expect(endDate(p('2025Q4'))).toBe('2025-12-31');
    expect(endDate(p('2024-02'))).toBe('2024-02-29');
    expect(endDate(p('2025-02'))).toBe('2025-02-28');
    expect(endDate(p('2000-02'))).toBe('2000-02-29');
    expect(endDate(p('2100-02'))).toBe('2100-02-28');
    expect(endDate(p('2025-04'))).toBe('2025-04-30');
    expect(endDate(p('2025Q2'))).toBe('2025-06-30');
    expect(startDate(p('2021-2025'))).toBe('2021-01-01');
    expect(endDate(p('2021-2025'))).toBe('2025-12-31');
  });
});
