// Issue 16: the auditor on tables as real plans print them — 其中 lines as subsets, share sets without a total,
// cells it cannot read, counts.
import { describe, expect, it } from 'vitest';
import { parseAuditRules } from './audit-rules.js';
import { auditTables } from './audit-tables.js';
import { printedTableFromTexts } from './printed-table.js';

const audit = (rows: string[][]) => auditTables([printedTableFromTexts('t', rows)]);
const brief = (r: ReturnType<typeof audit>) => r.findings.map((f) => [f.address, f.kind, f.printed, f.computed]);

describe('其中 lines are subsets of their parent', () => {
  it('each ≤ the parent and together ≤ it: a consistent list is checked and silent', () => {
    const r = audit([
      ['项目', '数值', '单位'],
      ['当年新开工住房面积', '约1800', '万平方米'],
      ['其中新建、配建经济适用房和廉租房', '400', '万平方米'],
      ['其中配套商品房', '400', '万平方米'],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.tables[0]!.checks.filter((c) => c.kind === 'subset').map((c) => [c.address, c.status])).toEqual([
      ['B3', 'ok'],
      ['B4', 'ok'],
      ['B2', 'ok'],
    ]);
  });

  it('a 其中 larger than its parent, and 其中 adding up to more than it, are found', () => {
    const r = audit([
      ['项目', '数值', '单位'],
      ['保障性住房', '3464', '套'],
      ['保障性住房建筑面积', '25.52', '万平方米'],
      ['其中：公共租赁住房', '1200', '套'],
      ['其中：保障性租赁住房', '2446', '套'],
      ['商品住房用地', '10.92', '万公顷'],
      ['其中：中小套型', '11.2', '万公顷'],
    ]);
    // the 套 lines belong to 保障性住房 (not to the area line just above them)
    expect(brief(r)).toEqual([
      ['B2', 'subset', '3464', '3646'],
      ['B7', 'subset', '11.2', '≤ 10.92'],
    ]);
    expect(r.findings[0]!.messageZh).toBe('2 项“其中”之和 3646 大于其所属的 保障性住房 3464（B2）');
  });
});

describe('a distribution without a total row', () => {
  it('shares of the one figure column must reach 100 % (约5 + 25 + 70)', () => {
    const ok = audit([
      ['区位', '新开工住宅比例（%）'],
      ['内环线内', '约5'],
      ['内外环线间', '25'],
      ['外环线外', '70'],
    ]);
    expect(ok.findings).toEqual([]);
    expect(ok.tables[0]!.checks).toMatchObject([{ kind: 'share-sum', status: 'ok', inputs: ['B2', 'B3', 'B4'] }]);
    const bad = audit([
      ['区位', '新开工住宅比例（%）'],
      ['内环线内', '5'],
      ['内外环线间', '25'],
      ['外环线外', '75'],
    ]);
    expect(bad.findings.map((f) => [f.kind, f.address])).toEqual([['share-sum', 'B4']]);
  });
});

describe('nothing skipped silently', () => {
  it('lists every unreadable figure cell with its reason and counts it in the summary', () => {
    const r = audit([
      ['区域', '新建（套）', '占比'],
      ['甲区', 'abc', '不低于70'],
      ['乙区', '47以上', '一半以上'],
      ['丙区', '2861—3461', '约1/5'],
      ['合计', '3500', '100%'],
    ]);
    expect(r.unchecked.map((u) => [u.address, u.printed, u.reasonZh])).toEqual([
      ['B2', 'abc', '“abc”不是数字，在数值栏中未核对'],
      ['C2', '不低于70', '下限“不低于70”，未作为单个数核对'],
      ['B3', '47以上', '下限“47以上”，未作为单个数核对'],
      ['C3', '一半以上', '下限“一半以上”，未作为单个数核对'],
      ['B4', '2861—3461', '范围“2861—3461”，不是一个数，未作为单个数核对'],
      ['C4', '约1/5', '分数“约1/5”，未能读作一个数'],
      ['B5', '3500', '合计未核对：分项 B2“abc”、B3“47以上”、B4“2861—3461” 不能读作一个数'],
    ]);
    expect(r.summary.unchecked).toBe(7);
    expect(r.tables[0]!.unchecked).toHaveLength(7);
    expect(r.unchecked[0]!.reasonEn).toBe('"abc" is not a number; left unchecked in a figure column');
  });

  it('a number with a leading dot is a suspected-garbled finding, and its total is not called clean', () => {
    const r = audit([
      ['区域', '面积（公顷）'],
      ['甲区', '.35'],
      ['乙区', '0.60'],
      ['合计', '.95'],
    ]);
    expect(r.findings.map((f) => [f.address, f.kind, f.cause])).toEqual([
      ['B2', 'garbled', 'garbled'],
      ['B4', 'garbled', 'garbled'],
    ]);
    expect(r.findings[0]!.messageZh).toBe('“.35”小数点前没有数字，疑为发布时数字残缺；未核对，请查原件');
    expect(r.summary.findings).toBe(2);
  });
});

describe('a total far from its parts’ magnitude is a suspected-garbled finding', () => {
  it('1.2 for 120 and 12 for 1203 (lost decimal point, lost digits) are garbled, with the factor said', () => {
    const r = audit([
      ['区县', '商品住房（万平方米）', '保障性住房（万平方米）'],
      ['甲区', '40', '1000'],
      ['乙区', '50', '200'],
      ['丙区', '30', '3'],
      ['合计', '1.2', '12'],
    ]);
    expect(r.findings.map((f) => [f.address, f.kind, f.cause, f.printed, f.computed])).toEqual([
      ['B5', 'garbled', 'garbled', '1.2', '120'],
      ['C5', 'garbled', 'garbled', '12', '1203'],
    ]);
    expect(r.findings[0]!.causeZh).toBe(
      '合计与分项之和的数量级不符：相差约 100 倍（不是“万”“亿”之差），疑为发布时数字残缺（丢失数位或小数点），请查原件',
    );
    expect(r.summary.findings).toBe(2);
  });

  it('near misses stay what they were: an ordinary mismatch, a ×10⁴ unit slip, a part left out', () => {
    const r = audit([
      ['区县', '甲（万平方米）', '乙（平方米）', '丙（万平方米）'],
      ['甲区', '40', '1.5', '1000'],
      ['乙区', '50', '2.5', '200'],
      ['丙区', '30', '0.6', '3'],
      ['合计', '13', '46000', '203'],
    ]);
    // 13 vs 120 is ×9.2 (below the factor of 10); 46000 vs 4.6 is 万; 203 = 1203 without 甲区's 1000
    expect(r.findings.map((f) => [f.address, f.kind, f.cause])).toEqual([
      ['B5', 'total', 'unexplained'],
      ['C5', 'total', 'unit-scale'],
      ['D5', 'total', 'part-omitted'],
    ]);
  });
});

describe('counts are exact (宗 套 户 个 处), people are not', () => {
  const table = (unit: string, header = `供地（${unit}）`) => [
    ['区域', header],
    ['甲区', '50'],
    ['乙区', '62'],
    ['合计', '113'],
  ];

  it.each(['宗', '套', '户', '个', '处'])('113 against 50 + 62 = 112 %s is a finding', (unit) => {
    const r = audit(table(unit));
    expect(brief(r)).toEqual([['B4', 'total', '113', '112']]);
    expect(r.findings[0]!.tolerance).toBe('0');
  });

  it('宗数 / 处数 headers imply the count', () => {
    expect(brief(audit(table('', '供地宗数')))).toEqual([['B4', 'total', '113', '112']]);
    expect(brief(audit(table('', '改造处数')))).toEqual([['B4', 'total', '113', '112']]);
  });

  it('a people count may be rounded: 113 万人 / 人 against 112 is within precision', () => {
    for (const unit of ['人', '万人']) {
      const r = audit(table(unit, `人口（${unit}）`));
      expect(r.findings).toEqual([]);
      expect(r.tables[0]!.checks.map((c) => c.status)).toEqual(['within-precision']);
    }
  });
});

describe('share basis per line', () => {
  const head = ['区域', '商品住房（套）', '保障性住房（套）', '合计（套）', '保障性住房占比（%）'];

  it("each row's own share (保障性住房 ÷ 本行合计): one wrong share and one wrong total, two cells flagged", () => {
    const r = audit([
      head,
      ['甲区', '800', '200', '1000', '20.0'],
      ['乙区', '600', '150', '750', '20.0'],
      ['丙区', '900', '100', '1000', '10.0'],
      ['丁区', '700', '300', '1000', '35.0'],
      ['合计', '3000', '750', '3760', '20.0'],
    ]);
    expect([...new Set(r.findings.map((f) => f.address))]).toEqual(['E5', 'D6']);
    const share = r.findings.find((f) => f.kind === 'share')!;
    expect(share).toMatchObject({ address: 'E5', printed: '35.0', computed: '30' });
    // the basis is stated, and no "占比之和 … 不是 100%"
    expect(share.messageZh).toBe('占比（占本行合计(套)）印为 35.0，按 C5 ÷ D5 × 100 算得 30%（差 5）');
    expect(r.findings.some((f) => f.kind === 'share-sum')).toBe(false);
    expect(r.tables[0]!.checks.filter((c) => c.kind === 'share' && c.status === 'ok')).toHaveLength(3);
  });

  it('shares of the column total are still read as such, with the basis named', () => {
    const r = audit([
      ['区域', '新建（套）', '占比（%）'],
      ['甲区', '600', '60'],
      ['乙区', '300', '35'],
      ['丙区', '100', '10'],
      ['合计', '1000', '100'],
    ]);
    expect(r.findings.filter((f) => f.kind === 'share').map((f) => [f.address, f.messageZh])).toEqual([
      ['C3', '占比（占新建(套)列合计）印为 35，按 B3 ÷ B5 × 100 算得 30%（差 5）'],
    ]);
  });

  it('when no reading fits, one finding names the readings tried', () => {
    const r = audit([
      head,
      ['甲区', '800', '200', '1000', '41'],
      ['乙区', '600', '150', '750', '52'],
      ['丙区', '900', '100', '1000', '63'],
      ['合计', '2300', '450', '2750', '16.4'],
    ]);
    const shares = r.findings.filter((f) => f.kind === 'share');
    expect(shares).toHaveLength(1);
    expect(shares[0]!.messageZh).toBe(
      '保障性住房占比(%)：按占合计(套)列合计、占本行合计(套)算，印出的 3 个占比都对不上（最多 0 个相符）',
    );
  });
});

describe('bounds and ranges are checked as constraints', () => {
  const withRules = (rows: string[][], yaml: string) => {
    const parsed = parseAuditRules(yaml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return auditTables([printedTableFromTexts('t', rows)], parsed.rules);
  };
  const list = [
    ['项目', '数值', '单位'],
    ['新增住房', '56.24', '万套'],
    ['新增住房面积', '5350', '万平方米'],
    ['保障型住房', '11.43', '万套'],
    ['保障型住房面积', '900', '万平方米'],
    ['保障型住房比重', '20%以上', ''],
    ['达标率', '不低于70', '%'],
    ['达标项目', '78', '个'],
    ['项目总数', '110', '个'],
  ];

  it('"不低于70" against 70.91 is met (no false finding), and the verdict is stated', () => {
    const r = withRules(
      list,
      `version: 1\ntables:\n  - match: t\n    derived:\n      - { line: 达标率, formula: '{达标项目} / {项目总数} * 100' }\n`,
    );
    expect(r.findings).toEqual([]);
    const check = r.tables[0]!.checks.find((c) => c.address === 'B7')!;
    expect(check).toMatchObject({ kind: 'derived', status: 'ok' });
    expect(check.noteZh).toBe('下限 ≥70：按 {达标项目} / {项目总数} * 100 算得 70.91，满足');
    expect(r.unchecked.map((u) => u.address)).toEqual(['B6']);
  });

  it('"20%以上" holds by units and fails by area: the formula names the basis', () => {
    const byUnits = withRules(
      list,
      `version: 1\ntables:\n  - match: t\n    derived:\n      - { line: 保障型住房比重, formula: '{保障型住房} / {新增住房} * 100' }\n`,
    );
    expect(byUnits.findings).toEqual([]);
    expect(byUnits.tables[0]!.checks.find((c) => c.address === 'B6')!.noteZh).toBe(
      '下限 ≥20%：按 {保障型住房} / {新增住房} * 100 算得 20.32，满足',
    );
    const byArea = withRules(
      list,
      `version: 1\ntables:\n  - match: t\n    derived:\n      - { line: 保障型住房比重, formula: '{保障型住房面积} / {新增住房面积} * 100' }\n`,
    );
    expect(byArea.findings.map((f) => [f.address, f.messageZh])).toEqual([
      [
        'B6',
        '保障型住房比重 印为“20%以上”（下限 ≥20%），按 {保障型住房面积} / {新增住房面积} * 100 算得 16.82，不满足',
      ],
    ]);
  });

  it('a bound used as a formula input is reported unchecked with the reason, not "not found"', () => {
    const rows = [
      ['项目', '数值', '单位'],
      ['改造小区', '47以上', '个'],
      ['每个小区户数', '120', '户'],
      ['受益户数', '5640', '户'],
    ];
    const r = withRules(
      rows,
      `version: 1\ntables:\n  - match: t\n    derived:\n      - { line: 受益户数, formula: '{改造小区} * {每个小区户数}' }\n`,
    );
    expect(r.problems).toEqual([]);
    expect(r.unchecked.map((u) => [u.address, u.reasonZh])).toEqual([
      ['B2', '下限“47以上”，未作为单个数核对'],
      ['B4', '受益户数未核对：公式 {改造小区} * {每个小区户数} 用到的 B2“47以上” 不是一个数'],
    ]);
  });

  it('a range is met when the computed figure lies in it', () => {
    const rows = [
      ['项目', '数值', '单位'],
      ['住房建设总量', '2861—3461', '万平方米'],
      ['商品住房', '2300', '万平方米'],
      ['保障性住房', '611', '万平方米'],
    ];
    const ok = withRules(
      rows,
      `version: 1\ntables:\n  - match: t\n    derived:\n      - { line: 住房建设总量, formula: '{商品住房} + {保障性住房}' }\n`,
    );
    expect(ok.findings).toEqual([]);
    expect(ok.tables[0]!.checks[0]!.noteZh).toBe('范围 2861—3461：按 {商品住房} + {保障性住房} 算得 2911，满足');
  });
});

describe('翻一番 / 翻两番 are checked against their base', () => {
  const withRules = (rows: string[][], yaml = 'version: 1\n') => {
    const parsed = parseAuditRules(yaml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return auditTables([printedTableFromTexts('t', rows)], parsed.rules);
  };
  const rows = (later: string) => [
    ['指标', '2020年（万套）', '2025年（万套）', '目标'],
    ['保障性租赁住房', '10.5', later, '翻一番'],
    ['人才公寓', '2', '8.1', '翻两番'],
  ];

  it('met: the later year reaches the multiple of the earliest year, the base named in the verdict', () => {
    const r = withRules(rows('21.3'));
    expect(r.findings).toEqual([]);
    expect(r.unchecked).toEqual([]);
    const notes = r.tables[0]!.checks.filter((c) => c.noteZh !== undefined).map((c) => [c.address, c.status, c.noteZh]);
    expect(notes).toEqual([
      [
        'D2',
        'ok',
        '翻一番（×2）：基数 2020年(万套) 10.5（B2） × 2 = 21，下限 ≥21：按 2025年(万套)（C2） 算得 21.3，满足',
      ],
      ['D3', 'ok', '翻两番（×4）：基数 2020年(万套) 2（B3） × 4 = 8，下限 ≥8：按 2025年(万套)（C3） 算得 8.1，满足'],
    ]);
  });

  it('not met: a finding naming the base and the figure', () => {
    const r = withRules(rows('19.8'));
    expect(r.findings.map((f) => [f.address, f.kind, f.computed, f.inputs])).toEqual([
      ['D2', 'derived', '19.8', ['B2', 'C2']],
    ]);
    expect(r.findings[0]!.messageZh).toContain('基数 2020年(万套) 10.5（B2） × 2 = 21');
    expect(r.findings[0]!.messageZh).toContain('不满足');
  });

  it('a 现状 column is the base and a rules formula gives the figure; the rules may name the base instead', () => {
    const list = [
      ['项目', '现状', '规划', '单位'],
      ['租赁住房', '3.2', '翻一番', '万套'],
      ['存量租赁住房', '', '3.1', '万套'],
      ['新增租赁住房', '', '3.5', '万套'],
    ];
    const rule = `    derived:\n      - { line: 租赁住房, formula: '{存量租赁住房} + {新增租赁住房}' }\n`;
    const r = withRules(list, `version: 1\ntables:\n  - match: t\n${rule}`);
    expect(r.findings).toEqual([]);
    expect(r.unchecked).toEqual([]);
    expect(r.tables[0]!.checks.find((c) => c.address === 'C2')!.noteZh).toBe(
      '翻一番（×2）：基数 现状 3.2（B2） × 2 = 6.4，下限 ≥6.4：按 {存量租赁住房} + {新增租赁住房} 算得 6.6，满足',
    );
    // called 起点 (no 基期 / 现状 / year) the base is not found and the cell stays unchecked; the rules may name it
    const renamed = list.map((row, i) => (i === 0 ? ['项目', '起点', '规划', '单位'] : row));
    expect(withRules(renamed, `version: 1\ntables:\n  - match: t\n${rule}`).unchecked.map((u) => u.address)).toEqual([
      'C2',
    ]);
    const named = withRules(renamed, `version: 1\ntables:\n  - match: t\n    base: 起点\n${rule}`);
    expect(named.unchecked).toEqual([]);
    expect(named.tables[0]!.checks.find((c) => c.address === 'C2')).toMatchObject({ status: 'ok' });
    // a formula giving less than double fails
    const short = withRules(
      list.map((row) => (row[0] === '新增租赁住房' ? [row[0], '', '2.9', '万套'] : row)),
      `version: 1\ntables:\n  - match: t\n${rule}`,
    );
    expect(short.findings.map((f) => [f.address, f.computed])).toEqual([['C2', '6']]);
  });

  it('no base in the table: listed unchecked with the reason, as before', () => {
    const r = withRules([
      ['指标', '目标', '单位'],
      ['保障性租赁住房', '翻一番', '万套'],
      ['人才公寓', '8', '万套'],
    ]);
    expect(r.findings).toEqual([]);
    expect(r.unchecked.map((u) => [u.address, u.reasonZh])).toEqual([
      ['B2', '翻番“翻一番”：表中找不到基数（基期 / 现状 / 年份）或可与之核对的数，未核对'],
    ]);
  });
});

describe('approximate figures (约) are checked with a wider tolerance, stated', () => {
  it('约1800 stands for ±5 %: 1000 + 880 meets it, 1000 + 1050 does not', () => {
    const table = (b: string) => [
      ['项目', '数值', '单位'],
      ['新开工住房面积', '约1800', '万平方米'],
      ['其中甲类', '1000', '万平方米'],
      ['其中乙类', b, '万平方米'],
    ];
    const withRules = (rows: string[][]) => {
      const parsed = parseAuditRules(
        "version: 1\ntables:\n  - match: t\n    derived:\n      - { line: 新开工住房面积, formula: '{其中甲类} + {其中乙类}' }\n",
      );
      if (!parsed.ok) throw new Error('rules');
      return auditTables([printedTableFromTexts('t', rows)], parsed.rules);
    };
    const ok = withRules(table('880'));
    expect(ok.findings).toEqual([]);
    expect(ok.tables[0]!.checks.find((c) => c.kind === 'derived')).toMatchObject({
      address: 'B2',
      status: 'within-precision',
      noteZh: '约数，按 ±5% 核对',
    });
    const bad = withRules(table('1050'));
    expect(bad.findings.map((f) => [f.address, f.kind])).toEqual([
      ['B2', 'subset'],
      ['B2', 'derived'],
    ]);
    expect(bad.findings[1]!.messageZh).toContain('（约数，按 ±5% 核对）');
  });
});

describe('proposed checks for 项目 / 数值 / 单位 lists', () => {
  const rows = [
    ['项目', '数值', '单位'],
    ['计划供应住宅用地', '2550', '公顷'],
    ['保障性住房用地', '1330', '公顷'],
    ['保障性住房用地占住宅用地比例', '52', '%'],
    ['建设用地计划供应总量', '3710', '公顷'],
    ['其中：城乡建设用地', '2060', '公顷'],
    ['其中：其它用地', '1650', '公顷'],
    ['公租房开工目标', '6', '万套'],
  ];

  it('proposes the share of named lines and the parts under a total, and accepting them checks the list', () => {
    const r = audit(rows);
    expect(r.proposals.map((p) => [p.line, p.formula, p.status])).toEqual([
      ['保障性住房用地占住宅用地比例', '{保障性住房用地} / {计划供应住宅用地} * 100', 'ok'],
      ['建设用地计划供应总量', '{其中：城乡建设用地} + {其中：其它用地}', 'ok'],
    ]);
    // accepted into a rules file, the proposals become checks and are no longer proposed
    const yaml = [
      'version: 1',
      'tables:',
      '  - match: t',
      '    derived:',
      ...r.proposals.map((p) => `      - { line: '${p.line}', formula: '${p.formula}' }`),
    ].join('\n');
    const parsed = parseAuditRules(yaml);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const accepted = auditTables([printedTableFromTexts('t', rows)], parsed.rules);
    expect(accepted.proposals).toEqual([]);
    expect(accepted.findings).toEqual([]);
    expect(accepted.tables[0]!.checks.filter((c) => c.kind === 'derived').map((c) => [c.address, c.status])).toEqual([
      ['B4', 'ok'],
      ['B5', 'ok'],
    ]);
  });

  it('a proposal the printed figures do not fit says so', () => {
    const r = audit(rows.map((row) => (row[0] === '保障性住房用地占住宅用地比例' ? [row[0]!, '25', '%'] : row)));
    expect(r.proposals[0]).toMatchObject({ line: '保障性住房用地占住宅用地比例', status: 'mismatch' });
  });
});
