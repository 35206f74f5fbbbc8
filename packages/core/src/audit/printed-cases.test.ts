// Issue 16: the auditor on tables as real plans print them — 其中 lines as subsets, share sets without a total,
// cells it cannot read, counts.
import { describe, expect, it } from 'vitest';
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
