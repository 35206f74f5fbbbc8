// `anju audit`: exit 0 when clean, 1 with findings, 2 on bad input; Chinese first, English and JSON on request.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditReport } from '@anju/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju } from '../testing/run-anju.js';

const samples = fileURLToPath(new URL('../../../samples/audit/', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-audit-'));
  await writeFile(join(dir, 'clean.csv'), '区域,套数\n甲,10\n乙,20\n合计,30\n');
  await writeFile(join(dir, 'swapped.csv'), '区域,户数\n甲,1234\n乙,5678\n合计,6921\n');
  await writeFile(join(dir, 'bad.yaml'), 'tables: [ {match: x, derived: 5} ]\n');
  await writeFile(join(dir, 'notes.txt.md'), '# not a table\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju audit', () => {
  it('exits 0 on a clean table and says what it checked', async () => {
    const r = await runAnju(dir, 'audit', join(dir, 'clean.csv'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('审核 1 张表：核对 1 处，未核对 0 处，发现 0 处问题');
  });

  it('names the cells that pass only within precision', async () => {
    await writeFile(join(dir, 'rounded.csv'), '项目,面积\n甲,1.24\n乙,1.24\n合计,2.49\n');
    const r = await runAnju(dir, 'audit', join(dir, 'rounded.csv'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('其中 1 处只差印出精度内的舍入（不算问题）：rounded B4');
  });

  it('proposes the obvious checks of a 项目 / 数值 / 单位 list as rules', async () => {
    await writeFile(join(dir, 'list.csv'), '项目,数值,单位\n总量,3710,公顷\n其中：甲,2060,公顷\n其中：乙,1650,公顷\n');
    const r = await runAnju(dir, 'audit', join(dir, 'list.csv'));
    expect(r.code).toBe(0);
    expect(r.out).toContain("  - { line: '总量', formula: '{其中：甲} + {其中：乙}' }");
  });

  it('lists what it could not check', async () => {
    await writeFile(
      join(dir, 'unread.csv'),
      '区域,面积（万平方米）,套数\n甲,1.24,2861—3461\n乙,1.24,120\n丙,不低于70,130\n合计,2.5,abc\n',
    );
    const r = await runAnju(dir, 'audit', join(dir, 'unread.csv'));
    expect(r.code).toBe(0);
    expect(r.out).toContain('审核 1 张表：核对 0 处，未核对 4 处，发现 0 处问题');
    // 合计 2.5 cannot be checked while 丙 reads 不低于70; 套数 120 + 130 … cannot be added to abc
    expect(r.out).toContain('unread B5：合计未核对：分项 B4“不低于70” 不能读作一个数');
    expect(r.out).toContain('unread C2：范围“2861—3461”，不是一个数，未作为单个数核对');
    expect(r.out).toContain('unread B4：下限“不低于70”，未作为单个数核对');
    expect(r.out).toContain('unread C5：“abc”不是数字，在数值栏中未核对');
  });

  it('exits 1 with the finding, its cause and the numbers', async () => {
    const r = await runAnju(dir, 'audit', join(dir, 'swapped.csv'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/swapped\s+B4\s+6921\s+6912\s+9\s+数字颠倒/);
    expect(r.out).toContain('1. 《swapped》B4：合计 印为 6921，2 个分项之和为 6912');
    const en = await runAnju(dir, 'audit', join(dir, 'swapped.csv'), '--lang', 'en');
    expect(en.out).toContain('transposed digits: swapping two digits of 6921 gives 6912');
  });

  it('audits the seed tables of one plan with their rules (003: 16600 against 17610, 3829 against 3919)', async () => {
    const files = ['003-county-plan.csv', '003-indicator-system.csv', '003-text-demand.csv', '003-annual-plan.csv'].map(
      (f) => samples + f,
    );
    const r = await runAnju(dir, 'audit', ...files, '--rules', samples + 'zhangye-003.rules.yaml', '--json');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as AuditReport;
    expect(report.findings.map((f) => [f.tableId, f.address, f.printed, f.computed])).toEqual([
      ['003-county-plan', 'B12', '16600', '17610'],
      ['003-text-demand', 'B9', '3464', '3646'],
      ['003-text-demand', 'B9', '3464', '3646'],
      ['003-text-demand', 'B11', '25.52', '24.248'],
      ['003-text-demand', 'B14', '3829', '3919'],
      ['003-text-demand', 'B9', '3464', '3646'],
    ]);
    expect(report.summary.tables).toBe(4);
  });

  it('exits 2 on a missing file, a file that is not a table, and rules that do not parse', async () => {
    const missing = await runAnju(dir, 'audit', join(dir, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('读不到文件');
    const notTable = await runAnju(dir, 'audit', join(dir, 'notes.txt.md'));
    expect(notTable.code).toBe(2);
    expect(notTable.err).toContain('不是 CSV 或 XLSX 文件');
    const badRules = await runAnju(dir, 'audit', join(dir, 'clean.csv'), '--rules', join(dir, 'bad.yaml'));
    expect(badRules.code).toBe(2);
    expect(badRules.err).toContain('规则文件 tables.0.derived 不符合要求');
    const noLine = join(dir, 'noline.yaml');
    await writeFile(
      noLine,
      'tables:\n  - match: clean\n    derived:\n      - { line: 面积, formula: "{套数} * 90" }\n',
    );
    const unmatched = await runAnju(dir, 'audit', join(dir, 'clean.csv'), '--rules', noLine);
    expect(unmatched.code).toBe(2);
    expect(unmatched.err).toContain('规则中的派生行/列“面积”在表中找不到');
  });
});
