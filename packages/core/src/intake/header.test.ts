import { describe, expect, it } from 'vitest';
import { cellText, findHeaderColumn, headerColumns, normText } from './header.js';
import { columnLetter, columnNumber, formatIssue, formatLocation } from './issue.js';
import type { RawCell } from './raw.js';

function rows(...cells: RawCell[][]): { rowNumber: number; cells: RawCell[] }[] {
  return cells.map((c, i) => ({ rowNumber: i + 1, cells: c }));
}

describe('normText and cellText', () => {
  it('normalises full-width text and removes white space and line breaks', () => {
    expect(normText('销售面积\n（万㎡）')).toBe('销售面积(万m2)');
    expect(normText(' ２０２５年 ')).toBe('2025年');
  });

  it('reads blanks and formula errors as empty text', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText({ error: '#REF!' })).toBe('');
    expect(cellText('甘州区')).toBe('甘州区');
  });
});

describe('headerColumns', () => {
  it('forward-fills a horizontally merged cell over the cells below it', () => {
    // 区县 and 合计 are merged down two rows; 销售面积（万㎡） is merged across B1:C1
    const cols = headerColumns(rows(['区县', '销售面积（万㎡）', null, '合计'], [null, '2024年', '2025年', null]));
    expect(cols.map((c) => [c.letter, c.path])).toEqual([
      ['A', '区县'],
      ['B', '销售面积(万m2)/2024年'],
      ['C', '销售面积(万m2)/2025年'],
      ['D', '合计'],
    ]);
    expect(cols[1]!.parts).toEqual(['销售面积(万m2)', '2024年']);
  });

  it('builds three-level paths and fills each level independently', () => {
    const cols = headerColumns(
      rows(
        ['县区', '住房', null, null, null],
        [null, '新建', null, '二手', null],
        [null, '面积', '套数', '面积', '套数'],
      ),
    );
    expect(cols.map((c) => c.path)).toEqual([
      '县区',
      '住房/新建/面积',
      '住房/新建/套数',
      '住房/二手/面积',
      '住房/二手/套数',
    ]);
  });

  it('does not fill a blank whose column is blank below as well, and keeps a repeated text once', () => {
    const cols = headerColumns(rows(['单元', null, '数值'], [null, null, '数值']));
    expect(cols.map((c) => c.path)).toEqual(['单元', '', '数值']);
    expect(cols[2]!.parts).toEqual(['数值']);
  });

  it('gives columns past Z two letters', () => {
    const cols = headerColumns(rows(Array.from({ length: 28 }, (_, i) => `c${i + 1}`)));
    expect(cols.slice(25).map((c) => `${c.letter}:${c.path}`)).toEqual(['Z:c26', 'AA:c27', 'AB:c28']);
  });
});

describe('findHeaderColumn', () => {
  const cols = headerColumns(
    rows(['区县', '销售面积（万㎡）', null, '新开工面积（万㎡）', '合计'], [null, '2024年', '2025年', '2025年', null]),
  );

  it('finds a column by its full path, written with full-width or half-width brackets', () => {
    expect(findHeaderColumn(cols, '销售面积（万㎡）/2025年')).toMatchObject({ letter: 'C' });
    expect(findHeaderColumn(cols, '销售面积(万m2)/2024年')).toMatchObject({ letter: 'B' });
    expect(findHeaderColumn(cols, '合计')).toMatchObject({ letter: 'E' });
  });

  it('finds a column by the end of its path when that is unique, and says when it is not', () => {
    expect(findHeaderColumn(cols, '2024年')).toMatchObject({ letter: 'B' });
    expect(findHeaderColumn(cols, '2025年')).toBe('ambiguous');
    expect(findHeaderColumn(cols, '竣工面积')).toBeUndefined();
  });
});

describe('locations', () => {
  it('converts column numbers and letters both ways', () => {
    expect([1, 26, 27, 52, 702, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
    expect(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA', 'ab'].map(columnNumber)).toEqual([1, 26, 27, 52, 702, 703, 28]);
  });

  it('formats a location the way a user looks for it', () => {
    const loc = { file: 'a.xlsx', sheet: '县区', row: 5, column: 'C', header: '面积' };
    expect(formatLocation(loc, 'zh')).toBe('文件 a.xlsx，工作表 县区，第 5 行，C 列（面积）');
    expect(formatLocation(loc, 'en')).toBe('file a.xlsx, sheet 县区, row 5, column C (面积)');
    expect(formatLocation({ file: 'b.csv', row: 2 }, 'zh')).toBe('文件 b.csv，第 2 行');
    const issue = {
      ...loc,
      severity: 'error' as const,
      code: 'not-a-number' as const,
      messageZh: '“abc”不是数值',
      messageEn: '"abc" is not a number',
    };
    expect(formatIssue(issue, 'zh')).toBe('错误：文件 a.xlsx，工作表 县区，第 5 行，C 列（面积）：“abc”不是数值');
    expect(formatIssue(issue, 'en')).toBe(
      'error: file a.xlsx, sheet 县区, row 5, column C (面积): "abc" is not a number',
    );
  });
});
