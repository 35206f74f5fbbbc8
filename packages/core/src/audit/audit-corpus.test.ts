// A corpus of small constructed tables with planted errors of each kind — and tables that are right, including
// ones that differ only by rounding within the printed precision, which must never be flagged.
import { describe, expect, it } from 'vitest';
import { parseAuditRules, type AuditRules } from './audit-rules.js';
import { auditTables } from './audit-tables.js';
import { printedTableFromTexts } from './printed-table.js';

function rules(yaml: string): AuditRules {
  const r = parseAuditRules(yaml);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.rules;
}

function audit(rows: string[][], yaml?: string, id = 't') {
  return auditTables([printedTableFromTexts(id, rows)], yaml === undefined ? undefined : rules(yaml));
}

const brief = (r: ReturnType<typeof audit>) =>
  r.findings.map((f) => ({
    kind: f.kind,
    address: f.address,
    printed: f.printed,
    computed: f.computed,
    cause: f.cause,
  }));

describe('totals', () => {
  it('1. a consistent county table: no finding, every total checked', () => {
    const r = audit([
      ['区域', '新建（套）', '改造（套）'],
      ['甲区', '1200', '300'],
      ['乙区', '800', '0'],
      ['丙区', '450', '25'],
      ['合计', '2450', '325'],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.tables[0]!.checks.map((c) => [c.address, c.status])).toEqual([
      ['B5', 'ok'],
      ['C5', 'ok'],
    ]);
  });

  it('2. rounding within precision is not flagged: five 2-decimal parts may miss their total by 0.03', () => {
    // 111.79 + 94.35 + 83.87 + 84.48 + 78.71 = 453.20, printed 453.19 (003's own sales row)
    const r = audit([
      ['', '2021', '2022', '2023', '2024', '2025', '合计'],
      ['销售面积（万平方米）', '111.79', '94.35', '83.87', '84.48', '78.71', '453.19'],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.tables[0]!.checks).toEqual([{ kind: 'total', tableId: 't', address: 'G2', status: 'within-precision' }]);
    expect(r.summary.withinPrecision).toBe(1);
  });

  it('3. a total printed with fewer decimals than its parts tolerates its own rounding', () => {
    // 1.24 + 1.24 = 2.48, printed 2.5 (±0.05 + 2 × 0.005)
    const r = audit([
      ['项目', '面积'],
      ['甲', '1.24'],
      ['乙', '1.24'],
      ['合计', '2.5'],
    ]);
    expect(r.findings).toEqual([]);
  });

  it('4. one wrong total is flagged with printed, computed, difference and tolerance', () => {
    const r = audit([
      ['区域', '套数'],
      ['甲', '10840'],
      ['乙', '840'],
      ['丙', '1670'],
      ['合计', '14000'],
    ]);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0]!;
    expect(f).toMatchObject({ kind: 'total', address: 'B5', printed: '14000', computed: '13350', difference: '650' });
    // 套 counts printed without decimals are exact: no tolerance at all
    expect(f.tolerance).toBe('0');
    expect(f.cause).toBe('unexplained');
    expect(f.inputs).toEqual(['B2', 'B3', 'B4']);
    expect(f.messageZh).toContain('3 个分项之和为 13350');
    expect(f.messageEn).toContain('add up to 13350');
  });

  it('5. a total ×10000 (万) is a wrong unit', () => {
    const r = audit([
      ['区域', '面积（万平方米）'],
      ['甲', '12.5'],
      ['乙', '13.5'],
      ['合计', '260000'],
    ]);
    expect(brief(r)).toEqual([
      { kind: 'total', address: 'B4', printed: '260000', computed: '26', cause: 'unit-scale' },
    ]);
    expect(r.findings[0]!.factor).toBe('10000');
    expect(r.findings[0]!.causeZh).toContain('“万”');
  });

  it('6. a total ÷10000 is a wrong unit too', () => {
    const r = audit([
      ['区域', '套数'],
      ['甲', '1200'],
      ['乙', '3400'],
      ['合计', '0.46'],
    ]);
    expect(r.findings[0]).toMatchObject({ cause: 'unit-scale', factor: '0.0001', computed: '4600' });
  });

  it('7. transposed digits: 6921 for 6912', () => {
    const r = audit([
      ['区域', '户数'],
      ['甲', '1234'],
      ['乙', '5678'],
      ['合计', '6921'],
    ]);
    expect(brief(r)).toEqual([
      { kind: 'total', address: 'B4', printed: '6921', computed: '6912', cause: 'transposed-digits' },
    ]);
    expect(r.findings[0]!.causeZh).toContain('6912');
  });

  it('8. transposed digits after the decimal point: 69.21 for 69.12', () => {
    const r = audit([
      ['区域', '面积'],
      ['甲', '12.34'],
      ['乙', '56.78'],
      ['合计', '69.21'],
    ]);
    expect(r.findings[0]).toMatchObject({ cause: 'transposed-digits', computed: '69.12', difference: '0.09' });
  });

  it('9. a part left out of the total', () => {
    const r = audit([
      ['区域', '套数'],
      ['甲', '100'],
      ['乙', '250'],
      ['丙', '330'],
      ['合计', '350'],
    ]);
    expect(r.findings[0]).toMatchObject({ cause: 'part-omitted', computed: '680' });
    expect(r.findings[0]!.causeZh).toContain('B4');
  });

  it('10. a part counted twice', () => {
    const r = audit([
      ['区域', '套数'],
      ['甲', '100'],
      ['乙', '250'],
      ['丙', '330'],
      ['合计', '930'],
    ]);
    expect(r.findings[0]).toMatchObject({ cause: 'part-twice', computed: '680' });
  });

  it('11. a 合计 column across years: one row right within precision, one wrong', () => {
    const r = audit([
      ['项目', '2021', '2022', '2023', '合计'],
      ['投资（亿元）', '43.17', '51.89', '26.89', '121.95'],
      ['其中：住宅', '26.71', '39.59', '19.90', '86.30'],
    ]);
    expect(brief(r)).toEqual([
      { kind: 'total', address: 'E3', printed: '86.30', computed: '86.2', cause: 'unexplained' },
    ]);
  });

  it('12. grouped totals (合计 × type, 总计) with blank cells read as zero, as 002 附件1 prints them', () => {
    const r = audit([
      ['所在县', '改造方式', '2021', '2022', '小计'],
      ['', '', '小区个数', '小区个数', '小区个数'],
      ['甲区', '综合整治', '52', '36', '88'],
      ['', '拆改结合', '', '2', '2'],
      ['乙区', '综合整治', '13', '', '13'],
      ['', '拆改结合', '1', '', '1'],
      ['合计', '综合整治', '65', '36', '101'],
      ['', '拆改结合', '1', '2', '3'],
      ['总计', '', '66', '38', '104'],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.tables[0]!.totalRows).toEqual([7, 8, 9]);
    expect(r.tables[0]!.totalColumns).toEqual(['E']);
    // 7 row sums in the 小计 column, 3 × 3 column sums in the two 合计 rows and the 总计 row
    expect(r.summary.checks).toBe(7 + 3 * 3);
  });

  it('13. 小计 blocks: a wrong 小计 is flagged, the 合计 over the details still checks out', () => {
    const r = audit([
      ['区域', '项目', '套数'],
      ['甲区', '新建', '10'],
      ['甲区', '改造', '5'],
      ['甲区', '小计', '16'],
      ['乙区', '新建', '7'],
      ['乙区', '小计', '7'],
      ['合计', '', '22'],
    ]);
    expect(brief(r)).toEqual([{ kind: 'total', address: 'C4', printed: '16', computed: '15', cause: 'unexplained' }]);
  });

  it('14. rates, cycles and prices under a 全市 row are not summed', () => {
    const r = audit([
      ['县区', '库存（万m2）', '住宅去化周期（个月）', '均价（元/平方米）', '城镇化率（%）'],
      ['甲', '81.30', '19', '3448.00', '56.29'],
      ['乙', '6.02', '13', '3222.51', '60.1'],
      ['全市', '87.32', '20', '3300.00', '57.0'],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.tables[0]!.checks).toHaveLength(1);
    expect(r.tables[0]!.nonAdditiveLines).toEqual(['住宅去化周期(个月)', '均价(元/平方米)', '城镇化率(%)']);
  });

  it('15. a cell printing two figures ("90/17105") is split and both totals are checked', () => {
    const r = audit([
      ['区域', '老旧小区改造（个 / 套）'],
      ['甲', '90/17105'],
      ['乙', '39/13500'],
      ['合计', '129/30506'],
    ]);
    expect(brief(r)).toEqual([
      { kind: 'total', address: 'B4', printed: '30506', computed: '30605', cause: 'transposed-digits' },
    ]);
    expect(r.findings[0]!.part).toBe(2);
    expect(r.findings[0]!.columnLabel).toBe('老旧小区改造(套)');
  });

  it('16. a round figure against its parts: coarse rounding', () => {
    const r = audit([
      ['片区', '改造面积（万平方米）'],
      ['中心', '3900'],
      ['新区', '6700'],
      ['合计', '10000'],
    ]);
    expect(r.findings[0]).toMatchObject({ cause: 'coarse-rounding', computed: '10600' });
  });
});

describe('shares', () => {
  it('17. shares that do not add up to 100 % are flagged on the total row', () => {
    const r = audit([
      ['类型', '占比（%）'],
      ['住宅', '40'],
      ['商业', '35'],
      ['办公', '20'],
      ['合计', '100'],
    ]);
    expect(brief(r)).toEqual([
      { kind: 'share-sum', address: 'B5', printed: '100', computed: '95', cause: 'share-sum' },
    ]);
    expect(r.findings[0]!.messageZh).toContain('3 项占比之和为 95%');
  });

  it('18. shares of 33.3 % three times add up to 100 % within precision', () => {
    const r = audit([
      ['类型', '占比（%）'],
      ['甲', '33.3'],
      ['乙', '33.3'],
      ['丙', '33.3'],
      ['合计', '100.0'],
    ]);
    expect(r.findings).toEqual([]);
  });

  it('19. each share is checked against its part ÷ total; two swapped shares are both flagged', () => {
    const r = audit([
      ['区域', '面积（万平方米）', '占比（%）'],
      ['甲', '50.0', '50.0'],
      ['乙', '30.0', '20.0'],
      ['丙', '20.0', '30.0'],
      ['合计', '100.0', '100.0'],
    ]);
    expect(brief(r)).toEqual([
      { kind: 'share', address: 'C3', printed: '20.0', computed: '30', cause: 'unexplained' },
      { kind: 'share', address: 'C4', printed: '30.0', computed: '20', cause: 'unexplained' },
    ]);
  });

  it('20. percent cells with the % sign, rounded to one decimal, are consistent', () => {
    // 17.93 / 109.99 = 16.30 %, 68.17 / 109.99 = 61.98 %, 23.88 / 109.99 = 21.71 % (003 第四章第一节)
    const r = audit([
      ['年龄组', '人口（万人）', '比重'],
      ['0-15岁', '17.93', '16.30%'],
      ['16-59岁', '68.17', '61.98%'],
      ['60岁及以上', '23.88', '21.71%'],
      ['合计', '109.99', '100%'],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.tables[0]!.checks.filter((c) => c.kind === 'share')).toHaveLength(3);
  });
});

describe('derived figures', () => {
  const annual = [
    ['年份', '新建商品住房（套）', '新建商品住房（万平方米）', '商品住房供应土地（公顷）'],
    ['2026年', '3400', '40.8', '18.55'],
    ['2027年', '3350', '40.2', '18.27'],
    ['2028年', '3320', '39.84', '18.11'],
    ['2029年', '3280', '39.36', '17.89'],
  ];
  const annualRules = `
tables:
  - match: t
    derived:
      - line: 新建商品住房（万平方米）
        formula: "{新建商品住房（套）} × 120 ÷ 10000"
      - line: 商品住房供应土地
        formula: "{新建商品住房（万平方米）} ÷ 2.2"
`;

  it('21. area = units × average area and land = area ÷ plot ratio hold within precision (003 第六章)', () => {
    const r = audit(annual, annualRules);
    expect(r.findings).toEqual([]);
    expect(r.problems).toEqual([]);
    // 40.8 ÷ 2.2 = 18.5454…, printed 18.55: within ±0.005 + ±0.05 ÷ 2.2
    expect(r.tables[0]!.checks.filter((c) => c.kind === 'derived')).toHaveLength(8);
  });

  it('22. a derived area with two digits swapped (42.0 for 40.2) is flagged with the formula', () => {
    const rows = annual.map((r) => [...r]);
    rows[2]![2] = '42.0';
    const r = audit(rows, annualRules);
    expect(brief(r)).toEqual([
      { kind: 'derived', address: 'C3', printed: '42.0', computed: '40.2', cause: 'transposed-digits' },
      { kind: 'derived', address: 'D3', printed: '18.27', computed: '19.0909', cause: 'definition' },
    ]);
    expect(r.findings[0]!.formula).toBe('{新建商品住房（套）} × 120 ÷ 10000');
  });

  it('23. a destocking cycle = inventory ÷ (sales ÷ 12) that the table does not support', () => {
    const r = audit(
      [
        ['', '2021', '2022'],
        ['销售面积（万平方米）', '111.79', '94.35'],
        ['其中：住宅', '86.72', '87.58'],
        ['库存面积（万平方米）', '419.73', '449.35'],
        ['其中：住宅', '178.05', '212.61'],
        ['去化周期（个月）', '24.6', '28'],
      ],
      `
tables:
  - match: t
    derived:
      - line: 去化周期
        formula: "{库存面积/住宅} / ({销售面积/住宅} / 12)"
`,
    );
    // 178.05 ÷ (86.72 ÷ 12) = 24.638 → 24.6 fine; 212.61 ÷ (87.58 ÷ 12) = 29.131 → 28 is not
    expect(brief(r)).toEqual([
      { kind: 'derived', address: 'C6', printed: '28', computed: '29.13', cause: 'definition' },
    ]);
  });

  it('24. rules that name nothing are reported as problems, not findings', () => {
    const r = audit(
      annual,
      'tables:\n  - match: t\n    derived:\n      - line: 不存在\n        formula: "{新建商品住房（套）} * 2"\n      - line: 商品住房供应土地\n        formula: "{新建商品住房（套）} * (2"\n',
    );
    expect(r.findings).toEqual([]);
    expect(r.problems.map((p) => p.messageZh)).toEqual([
      '规则中的派生行/列“不存在”在表中找不到',
      '公式“{新建商品住房（套）} * (2”无法解析：missing )',
    ]);
  });
});

describe('units', () => {
  it('25. a figure in 套 with decimals: the unit label contradicts the magnitude', () => {
    const r = audit([
      ['项目', '数值', '单位'],
      ['成套住房', '314358', '套'],
      ['非成套住房', '117.279', '套'],
      ['户均套数', '1.33', '套'],
    ]);
    expect(brief(r)).toEqual([
      { kind: 'unit', address: 'B3', printed: '117.279', computed: undefined, cause: 'unit-label' },
    ]);
  });

  it('26. 万 missing from an achieved figure against its target (002 十三五)', () => {
    const r = audit([
      ['指标名称', '规划目标 (2020年)', '完成情况 (2020年)', '指标属性'],
      ['城镇人均住房建筑面积', '44 m ²', '50.7 m ²', '预期性'],
      ['城市新建商品住房总量', '690 万 m ²', '4092.44 m ²', '预期性'],
      ['新增商品住房住宅用地', '345 公顷', '1774 公顷', '预期性'],
    ]);
    expect(brief(r)).toEqual([
      {
        kind: 'unit',
        address: 'C3',
        printed: '4092.44 m ²',
        computed: '4092.44 m ² → 4092.44 万平方米',
        cause: 'unit-missing-wan',
      },
    ]);
  });
});

describe('cross-table', () => {
  const county = printedTableFromTexts(
    'county',
    [
      ['区域', '危旧房改造（套）'],
      ['甲', '3000'],
      ['乙', '919'],
      ['合计', '3919'],
    ],
    { title: '分区域表' },
  );
  const indicators = printedTableFromTexts(
    'indicators',
    [
      ['指标名称', '单位', '数值'],
      ['危旧房改造套间数', '套/间', '3919'],
      ['非成套住房', '套', '117.279'],
    ],
    { title: '指标表' },
  );
  const text = printedTableFromTexts(
    'text',
    [
      ['项目', '数值', '单位'],
      ['改造城市危旧房', '3829', '套'],
      ['非成套住房面积', '117.279', '万平方米'],
    ],
    { title: '正文' },
  );
  const aliases = rules(`
aliases:
  危旧房改造: [危旧房改造（套）, 危旧房改造套间数, 改造城市危旧房]
  非成套住房: [非成套住房面积]
`);

  it('27. the same quantity printed differently in two tables is flagged against the majority', () => {
    const r = auditTables([county, indicators, text], aliases);
    expect(r.findings.map((f) => [f.kind, f.tableId, f.address, f.printed, f.cause])).toEqual([
      ['unit', 'indicators', 'C3', '117.279', 'unit-label'],
      ['cross-table', 'text', 'B2', '3829', 'unexplained'],
    ]);
    // the 117.279 套 cell carries the other table's 117.279 万平方米 as evidence, not a second finding
    expect(r.findings[0]!.related?.map((x) => [x.tableId, x.address])).toEqual([['text', 'B3']]);
    expect(r.findings[0]!.messageZh).toContain('万平方米');
    const wrong = r.findings[1]!;
    expect(wrong.computed).toBe('3919');
    expect(wrong.related?.map((x) => [x.tableId, x.address, x.agrees])).toEqual([
      ['county', 'B4', false],
      ['indicators', 'C2', false],
    ]);
    expect(wrong.messageZh).toContain('《分区域表》B4 3919');
  });

  it('28. without aliases labels that differ are never matched (no fuzzy false alarms)', () => {
    const r = auditTables([county, indicators, text]);
    expect(r.findings.filter((f) => f.kind === 'cross-table')).toEqual([]);
  });

  it('29. a figure in 万套 agrees with the same count in 套 within its precision', () => {
    const a = printedTableFromTexts('a', [
      ['项目', '数值', '单位'],
      ['老旧小区改造套数', '4.29', '万套'],
    ]);
    const b = printedTableFromTexts('b', [
      ['区域', '老旧小区改造套数（套）'],
      ['甲', '40000'],
      ['乙', '2938'],
      ['合计', '42938'],
    ]);
    expect(auditTables([a, b]).findings).toEqual([]);
    expect(auditTables([a, b]).tables[0]!.checks).toEqual([
      { kind: 'cross-table', tableId: 'a', address: 'B2', status: 'ok' },
    ]);
  });
});
