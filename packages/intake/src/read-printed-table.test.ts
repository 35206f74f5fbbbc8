// The plan-table auditor on the seeds' tables as printed (packages/samples/audit): the known findings, and no
// finding on the tables that are consistent (checked by hand, see packages/samples/audit/README.md).
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { auditTables, parseAuditRules, type AuditReport } from '@anju/core';
import { describe, expect, it } from 'vitest';
import { readPrintedTable, UnsupportedTableFileError } from './read-printed-table.js';

const dir = fileURLToPath(new URL('../../samples/audit/', import.meta.url));
const dataDir = fileURLToPath(new URL('../../samples/data/', import.meta.url));

async function auditPlan(prefix: string, rulesFile: string): Promise<AuditReport> {
  const files = (await readdir(dir)).filter((f) => f.startsWith(prefix) && f.endsWith('.csv')).sort();
  const tables = await Promise.all(files.map((f) => readPrintedTable(dir + f)));
  const rules = parseAuditRules(await readFile(dir + rulesFile, 'utf8'));
  if (!rules.ok) throw new Error(JSON.stringify(rules.errors));
  return auditTables(tables, rules.rules);
}

const brief = (r: AuditReport) =>
  r.findings.map((f) => [f.tableId, f.address, f.kind, f.printed, f.computed ?? '', f.cause]);

describe('readPrintedTable', () => {
  it('reads a CSV with its # metadata lines as a titled table with file addresses', async () => {
    const t = await readPrintedTable(dir + '003-county-plan.csv');
    expect(t.id).toBe('003-county-plan');
    expect(t.title).toBe('2026—2030年分区域指标');
    expect(t.source).toMatchObject({
      file: '003-county-plan.csv',
      seed: '003_a61affa924302ec1.txt',
      section: '第三章第四节',
      plan: 'zhangye-15th',
    });
    // the metadata took rows 1–4; 合计 is on file row 12; 老旧小区改造 "164/42938" became two cells of F12
    const total = t.grid[t.grid.length - 1]!;
    expect(total.map((c) => c.text)).toEqual([
      '合计',
      '16600',
      '0',
      '2446',
      '1200',
      '164',
      '42938',
      '0',
      '3919',
      '19',
      '45',
    ]);
    expect(total.slice(5, 7).map((c) => [c.address, c.part])).toEqual([
      ['F12', 1],
      ['F12', 2],
    ]);
  });

  it('reads a GB18030 CSV and an XLSX with merged headers (the bundled sample files)', async () => {
    const inventory = await readPrintedTable(dataDir + 'zhangye/003-inventory-by-county.csv');
    // the bundled file keeps the printed title above the header
    expect(inventory.grid[0]?.[0]?.text).toBe('附表：张掖市商品房库存统计表');
    const xlsx = await readPrintedTable(dataDir + 'wenzhou/002-old-community-plan.xlsx');
    expect(xlsx.source.sheet).toBeDefined();
    const r = auditTables([inventory, xlsx]);
    expect(r.findings).toEqual([]);
    const xlsxChecks = r.tables[1]!.checks;
    expect(xlsxChecks.length).toBeGreaterThanOrEqual(40);
    expect(xlsxChecks.every((c) => c.status === 'ok')).toBe(true);
  });

  it('refuses a file that is neither CSV nor XLSX', async () => {
    await expect(readPrintedTable(dir + 'zhangye-003.rules.yaml')).rejects.toBeInstanceOf(UnsupportedTableFileError);
  });
});

describe('the seeds audited', () => {
  it('003 Zhangye: the known findings, and nothing else', async () => {
    const r = await auditPlan('003-', 'zhangye-003.rules.yaml');
    expect(r.problems).toEqual([]);
    expect(brief(r)).toEqual([
      // 第三章第四节: 合计 16600 against 10840 + 840 + 1670 + 2100 + 1080 + 1080 = 17610
      ['003-county-plan', 'B12', 'total', '16600', '17610', 'unexplained'],
      // 第六章第二节 1: 1200 套 × 70 ㎡ ÷ 2.2 = 3.82 公顷, printed 4.62
      ['003-land-need', 'B14', 'derived', '4.62', '3.8182', 'definition'],
      // the printed cycles against 住宅库存 ÷ (住宅销售 ÷ 12) of the same table
      ['003-market-2021-2025', 'B12', 'derived', '14', '24.64', 'definition'],
      ['003-market-2021-2025', 'C12', 'derived', '28', '29.13', 'definition'],
      ['003-market-2021-2025', 'D12', 'derived', '23', '34.21', 'definition'],
      ['003-market-2021-2025', 'E12', 'derived', '24', '30.13', 'definition'],
      ['003-market-2021-2025', 'F12', 'derived', '20', '28.54', 'definition'],
      // 第四章第二节（二）: 3464 against its own parts 1200 + 2446 (其中 under their parent, and the declared sum),
      // and the area 25.52 that follows from 3646
      ['003-text-demand', 'B9', 'subset', '3464', '3646', 'subset-exceeds'],
      ['003-text-demand', 'B9', 'derived', '3464', '3646', 'definition'],
      ['003-text-demand', 'B11', 'derived', '25.52', '24.248', 'definition'],
      // "非成套住房117.279套": a 万㎡ figure labelled 套
      ['003-text-review', 'B9', 'unit', '117.279', '', 'unit-label'],
      // 套均面积 111.68 against 3511.36 ÷ 31.43 = 111.72
      ['003-text-stock-2024', 'B16', 'derived', '111.68', '111.72', 'rounding'],
      // cross-table
      ['003-text-demand', 'B9', 'cross-table', '3464', '3646', 'unexplained'],
      ['003-text-demand', 'B14', 'cross-table', '3829', '3919', 'unexplained'],
      ['003-text-review', 'B10', 'cross-table', '2.7', '2655', 'unit-scale'],
      ['003-text-stock-2024', 'B10', 'cross-table', '31.43', '31.4358', 'rounding'],
    ]);
    const f = r.findings;
    expect(f[0]!.messageZh).toBe('合计 印为 16600，6 个分项之和为 17610（差 -1010，印出精度只容许 ±0）');
    expect(f[10]!.related?.map((x) => [x.tableId, x.address, x.printed])).toEqual([
      ['003-housing-stock', 'D13', '117.279'],
    ]);
    const danger = f[13]!;
    expect(danger.related?.map((x) => [x.tableId, x.address, x.printed, x.agrees])).toEqual([
      ['003-annual-plan', '', '3829（Σ 危旧房改造(套)）', true],
      ['003-county-plan', 'H12', '3919', false],
      ['003-indicator-system', 'D27', '3919', false],
    ]);
    expect(f[14]!.factor).toBe('0.001');
  });

  it('003: the consistent tables raise nothing and are really checked', async () => {
    const r = await auditPlan('003-', 'zhangye-003.rules.yaml');
    const byId = new Map(r.tables.map((t) => [t.id, t]));
    const clean: [string, number][] = [
      ['003-housing-stock', 3],
      ['003-housing-security', 9],
      ['003-inventory-by-county', 3],
      ['003-annual-plan', 15],
      ['003-population-age-2024', 4],
      ['003-population-by-county-2024', 2],
      ['003-indicator-system', 0],
    ];
    for (const [id, minChecks] of clean) {
      expect(r.findings.filter((f) => f.tableId === id)).toEqual([]);
      expect(byId.get(id)!.checks.length).toBeGreaterThanOrEqual(minChecks);
    }
    // 453.20 printed as 453.19 and 56.296 % printed as 56.29 % are rounding within the printed precision
    expect(byId.get('003-market-2021-2025')!.checks.find((c) => c.address === 'G8')).toMatchObject({
      status: 'within-precision',
    });
    expect(
      byId.get('003-population-2024')!.checks.find((c) => c.address === 'B8' && c.kind === 'derived'),
    ).toMatchObject({
      status: 'within-precision',
    });
  });

  it('002 Wenzhou: 4092.44 m² for a figure in 万m², everything else consistent', async () => {
    const r = await auditPlan('002-', 'wenzhou-002.rules.yaml');
    expect(brief(r)).toEqual([
      ['002-13th-evaluation', 'D7', 'unit', '4092.44 m ²', '4092.44 m ² → 4092.44 万平方米', 'unit-missing-wan'],
    ]);
    const plan = r.tables.find((t) => t.id === '002-old-community-plan')!;
    expect(plan.totalRows).toEqual([31, 32, 33]);
    expect(plan.checks.filter((c) => c.status === 'ok')).toHaveLength(42);
    // [520] and [7.5] 万套 agree with 附件1's 总计 520 and 附件2's 合计 75448
    const cross = r.tables.flatMap((t) => t.checks.filter((c) => c.kind === 'cross-table'));
    expect(cross.map((c) => [c.tableId, c.address, c.status])).toEqual(
      expect.arrayContaining([
        ['002-14th-indicators', 'D8', 'ok'],
        ['002-14th-indicators', 'D12', 'ok'],
        ['002-old-community-plan', 'H33', 'ok'],
        ['002-resettlement-housing', 'C21', 'ok'],
      ]),
    );
  });

  it('004 Chongqing: 表1 prints 10000 万㎡ where the text and 专栏3 give 1.06 亿㎡ = 3900 + 3000 + 3200 + 500', async () => {
    const r = await auditPlan('004-', 'chongqing-004.rules.yaml');
    expect(brief(r)).toEqual([['004-table1', 'C10', 'cross-table', '10000', '10600', 'coarse-rounding']]);
  });

  it('000 Zhengzhou: 75.6 % = 5661 ÷ 7484 and 58 % = (467 + 3910) ÷ 7484 hold', async () => {
    const r = await auditPlan('000-', 'zhengzhou-000.rules.yaml');
    expect(r.findings).toEqual([]);
    // 5661 ÷ 7484 × 100 = 75.64 → 75.6; (467 + 3910) ÷ 7484 × 100 = 58.48 → 58
    expect(r.tables[0]!.checks.map((c) => [c.address, c.status])).toEqual([
      ['B8', 'ok'],
      ['B11', 'ok'],
    ]);
  });
});
