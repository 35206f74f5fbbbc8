import { describe, expect, test } from 'vitest';
import type { RawRow } from '../intake/raw.js';
import { parseDateCell, PresaleInterpreter, presaleProjectSchema } from './presale-project.js';

const UNITS: Readonly<Record<string, string>> = { 甘州区: '620702', 620702: '620702', 临泽县: '620723' };

function read(rows: readonly (readonly (string | null)[])[]) {
  const it = new PresaleInterpreter({ file: '预售项目.csv', resolveUnit: (l) => UNITS[l] });
  rows.forEach((cells, i) => it.push({ rowNumber: i + 1, cells } satisfies RawRow));
  it.finish();
  return it;
}

const HEADER = [
  '项目编号',
  '区县',
  '物业类型',
  '预售许可日期',
  '批准预售面积（㎡）',
  '批准预售套数',
  '已售面积',
  '已售套数',
  '状态',
];

describe('presale-project intake rules', () => {
  test('reads dates in the usual Chinese spellings and refuses impossible ones', () => {
    expect(parseDateCell('2024-03-15')).toBe('2024-03-15');
    expect(parseDateCell('2024/3/5')).toBe('2024-03-05');
    expect(parseDateCell('2024年3月5日')).toBe('2024-03-05');
    expect(parseDateCell('20240229')).toBe('2024-02-29');
    expect(parseDateCell('2025-02-29')).toBeUndefined();
    expect(parseDateCell('2024-13-01')).toBeUndefined();
    expect(parseDateCell('去年')).toBeUndefined();
  });

  test('a good sheet gives typed projects with areas as exact decimals', () => {
    const it = read([
      HEADER,
      ['ZY-2024-001', '甘州区', '住宅', '2024/3/15', '52,000.50', '420', '12000.25', '96', '在建'],
      ['ZY-2019-007', '临泽县', '商业', '2019年5月20日', '8000', '60', '6500', '41', '已竣工'],
      ['ZY-2025-010', '620702', '住宅', '', '30000', '240', '0', '0', '停工'],
      [null, null, null, null, null, null, null, null, null],
    ]);
    expect(it.issues).toEqual([]);
    expect(it.projects).toEqual([
      {
        projectId: 'ZY-2024-001',
        unitCode: '620702',
        propertyType: 'residential',
        approvalDate: '2024-03-15',
        approvedAreaSqm: '52000.5',
        approvedUnits: 420,
        soldAreaSqm: '12000.25',
        soldUnits: 96,
        status: 'under-construction',
      },
      {
        projectId: 'ZY-2019-007',
        unitCode: '620723',
        propertyType: 'commercial',
        approvalDate: '2019-05-20',
        approvedAreaSqm: '8000',
        approvedUnits: 60,
        soldAreaSqm: '6500',
        soldUnits: 41,
        status: 'completed',
      },
      {
        projectId: 'ZY-2025-010',
        unitCode: '620702',
        propertyType: 'residential',
        approvalDate: null,
        approvedAreaSqm: '30000',
        approvedUnits: 240,
        soldAreaSqm: '0',
        soldUnits: 0,
        status: 'stalled',
      },
    ]);
  });

  test('malformed rows: every problem located by row and column', () => {
    const it = read([
      HEADER,
      ['P1', '火星区', '住宅', '2024-02-30', '1000', '10', '200', '2', '在建'],
      ['P2', '甘州区', '别墅', '2024-01-01', '1O00', '10.5', '-3', '2', '拆除'],
      ['P3', '甘州区', '住宅', '2024-01-01', '1000', '10', '1200', '11', '在建'],
      ['P3', '甘州区', '住宅', '', '1000', '10', '0', '0', '已竣工'],
    ]);
    expect(it.projects).toEqual([]);
    expect(it.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, 'B', 'unknown-unit'],
      [2, 'D', 'bad-date'],
      [3, 'C', 'unknown-property-type'],
      [3, 'E', 'not-a-number'],
      [3, 'F', 'not-whole'],
      [3, 'G', 'negative-value'],
      [3, 'I', 'unknown-status'],
      [4, 'G', 'sold-exceeds-approved'],
      [4, 'H', 'sold-exceeds-approved'],
      [5, 'A', 'duplicate-project'],
    ]);
    expect(it.issues[7]!.messageZh).toBe('已售面积（1200）大于批准预售数（1000）');
    expect(it.issues[0]!.file).toBe('预售项目.csv');
  });

  test('a completed project needs its approval date; a header lacking columns stops the sheet', () => {
    const a = read([HEADER, ['P9', '甘州区', '住宅', '—', '1000', '10', '0', '0', '已竣工']]);
    expect(a.issues.map((i) => [i.row, i.column, i.code])).toEqual([[2, 'D', 'approval-required']]);
    const b = read([
      ['项目编号', '区县', '状态'],
      ['P1', '甘州区', '在建'],
    ]);
    expect(b.issues.map((i) => [i.row, i.code])).toEqual(Array.from({ length: 6 }, () => [1, 'header-missing-field']));
    expect(b.issues[0]!.messageZh).toContain('物业类型');
  });

  test('the schema refuses a record sold beyond its approval', () => {
    const base = {
      projectId: 'X',
      unitCode: '620702',
      propertyType: 'residential',
      approvalDate: '2024-01-01',
      approvedAreaSqm: '100',
      approvedUnits: 1,
      soldAreaSqm: '100.01',
      soldUnits: 1,
      status: 'completed',
    };
    expect(presaleProjectSchema.safeParse(base).success).toBe(false);
    expect(presaleProjectSchema.safeParse({ ...base, soldAreaSqm: '100' }).success).toBe(true);
  });
});
