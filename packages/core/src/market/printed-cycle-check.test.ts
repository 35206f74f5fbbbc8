import { describe, expect, test } from 'vitest';
import { roundDecimal } from './market-profile.js';
import { comparePrintedCycles, type PrintedCycleYear } from './printed-cycle-check.js';

// 003 第一章第一节（一）1, 张掖市“十四五”期间房地产业发展成效.
const source = { kind: 'seed' as const, seed: '003', section: '第一章第一节（一）1' };
const table: PrintedCycleYear[] = [
  ['2021', '419.73', '178.05', '111.79', '86.72', '14'],
  ['2022', '449.35', '212.61', '94.35', '87.58', '28'],
  ['2023', '452.53', '212.93', '83.87', '74.69', '23'],
  ['2024', '422.35', '183.84', '84.48', '73.22', '24'],
  ['2025', '370.87', '148.41', '78.71', '62.40', '20'],
].map(([period, inventoryAll, inventoryResidential, salesAll, salesResidential, printedMonths]) => ({
  period: period!,
  inventoryAll: inventoryAll!,
  inventoryResidential: inventoryResidential!,
  salesAll: salesAll!,
  salesResidential: salesResidential!,
  printedMonths: printedMonths!,
  source,
}));

describe('003 printed vs computed destocking cycles', () => {
  const result = comparePrintedCycles(table);

  test('computed by the rule: 24.6, 29.1, 34.2, 30.1, 28.5 beside printed 14, 28, 23, 24, 20', () => {
    expect(result.computed.map((e) => roundDecimal(e.value!, 1))).toEqual(['24.6', '29.1', '34.2', '30.1', '28.5']);
    expect(result.printed).toEqual(['14', '28', '23', '24', '20']);
    expect(result.computed[4]!.notes[0]!.messageZh).toBe('公布值 20 个月不能由同表数据按此定义复算（计算值 28.5）。');
  });

  test('no definition tried reproduces every printed value', () => {
    const show = (id: string) =>
      result.candidates.find((c) => c.id === id)!.months.map((m) => (m === null ? null : roundDecimal(m, 1)));
    expect(show('all-12m')).toEqual(['45.1', '57.2', '64.7', '60.0', '56.5']);
    expect(show('residential-over-all-sales')).toEqual(['19.1', '27.0', '30.5', '26.1', '22.6']);
    expect(show('residential-24m')).toEqual([null, '29.3', '31.5', '29.8', '26.3']);
    expect(show('residential-36m')).toEqual([null, null, '30.8', '28.1', '25.4']);
    expect(show('residential-opening-inventory')).toEqual([null, '24.4', '34.2', '34.9', '35.4']);
    expect(result.candidates).toHaveLength(9);
    expect(result.candidates.filter((c) => c.reproducesAll)).toEqual([]);
    expect(result.candidates.find((c) => c.isAnjuRule)!.matches).toEqual([false, false, false, false, false]);
  });

  test('the printed cycles imply residential sales the table does not have (2025: 89.05 vs 62.40)', () => {
    const implied = result.impliedResidentialSales;
    expect(implied[4]).toEqual({ low: '86.87', mid: '89.05', high: '91.33' });
    expect(implied[0]).toEqual({ low: '147.35', mid: '152.61', high: '158.27' });
    expect(result.conclusionZh).toContain('所试 9 种定义均不能复现全部公布值');
    expect(result.conclusionEn).toContain('2025: 89.05');
  });
});
