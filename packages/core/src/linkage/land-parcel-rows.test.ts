// Parcel rows into records with located errors, then into the idle-land status under a 20 % / 1 year / 2 years rule.
import { describe, expect, it } from 'vitest';
import type { RawRow } from '../intake/raw.js';
import type { IdleLandRule } from '../profile/profile-schema.js';
import { assessIdleLand } from './idle-land.js';
import { LandParcelInterpreter } from './land-parcel-rows.js';

const HEADER = [
  '宗地编号',
  '区县',
  '用途',
  '面积（公顷）',
  '出让价款（万元）',
  '约定开工日期',
  '实际开工日期',
  '开工承诺',
];
const rows = (...lines: (string | null)[][]): RawRow[] =>
  [HEADER, ...lines].map((cells, i) => ({ rowNumber: i + 1, cells }));

function interpret(input: RawRow[], resolveUnit?: (label: string) => string | undefined) {
  const it = new LandParcelInterpreter({ file: 'parcels.csv', ...(resolveUnit === undefined ? {} : { resolveUnit }) });
  for (const r of input) it.push(r);
  it.finish();
  return it;
}

const rule: IdleLandRule = {
  feeRate: 0.2,
  feeAfterYears: 1,
  reclaimAfterYears: 2,
  source: { seed: '000', section: '九（二）' },
};

describe('LandParcelInterpreter', () => {
  it('reads names, numbers with separators, Chinese dates and yes/no; the records feed the idle-land status', () => {
    const it = interpret(
      rows(
        ['ZD-1', '甘州区', '住宅', '2.5', '5,000', '2024年3月10日', '', '否'],
        ['ZD-2', '临泽县', '商住用地', '1.2', '1800', '2023/1/15', '2023-02-01', ''],
        ['ZD-3', '甘州区', '住宅', '0.8', '960', '2023-03-10', null, '是'],
      ),
      (label) => ({ 甘州区: '620702', 临泽县: '620723' })[label],
    );
    expect(it.issues).toEqual([]);
    expect(it.parcels).toEqual([
      {
        id: 'ZD-1',
        unitCode: '620702',
        use: 'residential',
        areaHa: '2.5',
        priceWanYuan: '5000',
        agreedStartDate: '2024-03-10',
        startCommitment: false,
      },
      {
        id: 'ZD-2',
        unitCode: '620723',
        use: 'mixed',
        areaHa: '1.2',
        priceWanYuan: '1800',
        agreedStartDate: '2023-01-15',
        actualStartDate: '2023-02-01',
      },
      {
        id: 'ZD-3',
        unitCode: '620702',
        use: 'residential',
        areaHa: '0.8',
        priceWanYuan: '960',
        agreedStartDate: '2023-03-10',
        startCommitment: true,
      },
    ]);
    // On 2025-03-10: ZD-1 has been idle one full year → 20 % × 5000 = 1000 万元; ZD-2 started 17 days late;
    // ZD-3 reached two full years on 2025-03-10 → reclaim.
    const status = it.parcels.map((p) => assessIdleLand(p, '2025-03-10', rule));
    expect(status.map((s) => [s.parcelId, s.status, s.idleFeeWanYuan])).toEqual([
      ['ZD-1', 'idle-fee', '1000'],
      ['ZD-2', 'started-late', '0'],
      ['ZD-3', 'reclaim', '0'],
    ]);
    expect(status[1]?.daysOverdue).toBe(17);
  });

  it('locates each bad cell by row, column and header, and keeps no record of a bad row', () => {
    const it = interpret(
      rows(
        ['ZD-1', '620702', '住宅', '-2', '5000', '2024-02-30', '', ''],
        ['ZD-2', '620702', '仓储', '1', '10O0', '2024-01-01', '', '也许'],
        ['ZD-1', '', '住宅', '1', '100', '2024-01-01', '', ''],
      ),
    );
    expect(it.parcels).toEqual([]);
    expect(it.issues.map((i) => [i.code, i.row, i.column, i.header])).toEqual([
      ['negative-value', 2, 'D', '面积（公顷）'],
      ['bad-date', 2, 'F', '约定开工日期'],
      ['unknown-use', 3, 'C', '用途'],
      ['not-a-number', 3, 'E', '价款（万元）'],
      ['bad-flag', 3, 'H', '开工承诺'],
      ['missing-value', 4, 'B', '单元'],
      ['duplicate-parcel', 4, 'A', '宗地编号'],
    ]);
    expect(it.issues[1]?.messageZh).toBe(
      '“约定开工日期”不是有效日期：“2024-02-30”（应为 2024-03-15、2024/3/15 或 2024年3月15日）',
    );
    expect(it.issues[6]?.messageZh).toBe('宗地编号 ZD-1 重复（首次出现在第 2 行）');
  });

  it('refuses a header without a required column, and a file without rows', () => {
    const noDate = interpret([{ rowNumber: 1, cells: HEADER.filter((h) => h !== '约定开工日期') }]);
    expect(noDate.issues.map((i) => [i.code, i.row])).toEqual([['header-missing-field', 1]]);
    expect(noDate.issues[0]?.messageZh).toContain('约定开工日期');
    expect(interpret(rows()).issues.map((i) => i.code)).toEqual(['no-rows']);
  });
});
