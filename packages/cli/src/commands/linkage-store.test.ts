// `anju linkage classify` and `anju plan track` on the demo data: the classes come from the cycles stored after the
// demo's publishes (no recompute asked for), and the tracking shows 003 第六章 with no actuals yet.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju, type AnjuRun } from '../testing/run-anju.js';

let dir: string;
const anju = (...args: string[]): Promise<AnjuRun> => runAnju(join(dir, 'data'), ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-linkage-store-'));
  const demo = await anju('demo');
  if (demo.code !== 0) throw new Error(demo.err);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju linkage classify (from the store)', () => {
  it('classes Zhangye’s units for 2025 from the cycles the demo stored', async () => {
    const r = await anju('linkage', 'classify', '--city', '620700');
    expect(r.code).toBe(0);
    expect(r.out).toContain('政策配置 zhangye@');
    expect(r.out).toContain('期间 2025');
    expect(r.out).toMatch(/620700 张掖市\s+28\.5\s+计算\s+—\s+严控新增供地，盘活多少、供应多少\s+缺盘活数/);
    expect(r.out).toMatch(/620723 临泽县\s+13\.0\s+公布/);
  });

  it('--json for an earlier period', async () => {
    const r = await anju('linkage', 'classify', '--city', '620700', '--period', '2021', '--json');
    const body = JSON.parse(r.out) as { period: string; classes: { unitCode: string; cycleMonths: string }[] };
    expect(body.period).toBe('2021');
    // 003's 2021 row: residential inventory ÷ (sales ÷ 12) = 24.6 months.
    expect(body.classes.find((c) => c.unitCode === '620700')?.cycleMonths.slice(0, 4)).toBe('24.6');
  });
});

describe('anju plan track', () => {
  it('shows every 003 第六章 line with its plan and no actual yet', async () => {
    const r = await anju('plan', 'track', '--city', '620700', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Residential land supplied (commercial + affordable) (ha)');
    expect(r.out).toMatch(/2026\s+20\.75\s+—\s+—\s+—\s+—/);
    expect(r.out).toMatch(/2030\s+400\s+—/);
  });

  it('refuses a city without a bundled annual plan', async () => {
    const r = await anju('plan', 'track', '--city', '330300');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('没有内置的年度计划');
  });
});
