import { describe, expect, it } from 'vitest';
import { neutraliseFormula, safeSpreadsheetRow } from './formula-guard.js';

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","点击")', `'=HYPERLINK("http://evil.example","点击")`],
    ['@SUM(1)', "'@SUM(1)"],
    ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['  =1+2', "'  =1+2"],
    ['=1+2.csv', "'=1+2.csv"],
  ])('prefixes %j', (text, expected) => {
    expect(neutraliseFormula(text)).toBe(expected);
  });

  it.each(['甘州区', '-0.35', '-12%', '+5', 'a=b', '2025年', '1+1', '', "'already quoted", '张掖市（合计）'])(
    'leaves %j as it is',
    (text) => {
      expect(neutraliseFormula(text)).toBe(text);
    },
  );
});

describe('safeSpreadsheetRow', () => {
  it('neutralises text cells only: numbers, negative ones included, stay numbers', () => {
    const date = new Date('2025-12-31T00:00:00Z');
    expect(safeSpreadsheetRow<unknown>(['=1+2', -12.5, 0, null, date, '-3', '-1+1'])).toEqual([
      "'=1+2",
      -12.5,
      0,
      null,
      date,
      '-3',
      "'-1+1",
    ]);
  });
});
