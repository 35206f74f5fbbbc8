// Issue 16 item 1: header rows written with 年 / 年度 / 季度 / 月, bracketed units and 合计 columns with units are
// read as headers (one reader with import: intake/header.ts readHeader), not as data rows.
import { describe, expect, it } from 'vitest';
import { readHeader } from '../intake/header.js';
import { auditTables } from './audit-tables.js';
import { printedTableFromTexts } from './printed-table.js';

const audit = (rows: string[][]) => auditTables([printedTableFromTexts('t', rows)]);
const checks = (r: ReturnType<typeof audit>) => r.tables[0]!.checks.map((c) => [c.address, c.status]);

describe('readHeader', () => {
  it('reads years, quarters, months, bracketed units and totals with units', () => {
    expect(readHeader('2017年（亩）')).toMatchObject({ label: '2017年', unitText: '亩', total: undefined });
    expect(readHeader('2017年（亩）').period?.code).toBe('2017');
    expect(readHeader('2019年度').period?.code).toBe('2019');
    expect(readHeader('2021年第一季度').period?.code).toBe('2021Q1');
    expect(readHeader('2024年3月').period?.code).toBe('2024-03');
    expect(readHeader('5年合计（亩）')).toMatchObject({ label: '5年合计', unitText: '亩', total: 'total' });
    expect(readHeader('保障性租赁住房（万套（间））')).toMatchObject({ label: '保障性租赁住房', unitText: '万套(间)' });
    expect(readHeader('小计').total).toBe('subtotal');
    expect(readHeader('住宅用地').period).toBeUndefined();
  });
});

describe('year headers as printed', () => {
  const body = [
    ['甲区', '1200', '1350', '1410', '1500', '1600', '7060'],
    ['乙区', '800', '820', '790', '860', '900', '4170'],
    ['丙区', '300', '310', '320', '330', '340', '1600'],
    ['合计', '2300', '2480', '2520', '2690', '2840', '12830'],
  ];

  it('"2017年 … 2021年, 5年合计": a correct table raises nothing, every total checked', () => {
    const r = audit([['区域', '2017年', '2018年', '2019年', '2020年', '2021年', '5年合计'], ...body]);
    expect(r.findings).toEqual([]);
    // 4 row totals (G2–G5) and 6 column totals (B5–G5)
    expect(r.tables[0]!.headerRows).toBe(1);
    expect(r.tables[0]!.totalColumns).toEqual(['G']);
    expect(checks(r).filter(([, s]) => s === 'ok')).toHaveLength(10);
  });

  it('"2017年（亩）" … "5年合计（亩）": the same with units in brackets', () => {
    const r = audit([
      ['区域', '2017年（亩）', '2018年（亩）', '2019年（亩）', '2020年（亩）', '2021年（亩）', '5年合计（亩）'],
      ...body,
    ]);
    expect(r.findings).toEqual([]);
    expect(checks(r).filter(([, s]) => s === 'ok')).toHaveLength(10);
  });

  it('年度 and quarter headers; a wrong row total is still found', () => {
    const r = audit([
      [
        '区域',
        '2024年第一季度（套）',
        '2024年第二季度（套）',
        '2024年第三季度（套）',
        '2024年第四季度（套）',
        '2024年度合计（套）',
      ],
      ['甲区', '10', '20', '30', '40', '100'],
      ['乙区', '5', '5', '5', '5', '21'],
      ['合计', '15', '25', '35', '45', '121'],
    ]);
    // 乙区 5 + 5 + 5 + 5 = 20, printed 21; the 合计 row's 121 against its own quarters 120 too
    expect(r.findings.map((f) => [f.address, f.printed, f.computed])).toEqual([
      ['F3', '21', '20'],
      ['F4', '121', '120'],
    ]);
  });

  it('a unit in nested brackets ("万套（间）") is read whole: 2.5 万套 is not a count with decimals', () => {
    const r = audit([
      ['区域', '保障性租赁住房（万套（间））'],
      ['西咸新区', '7'],
      ['国际港务区', '2.5'],
    ]);
    expect(r.findings).toEqual([]);
  });
});
