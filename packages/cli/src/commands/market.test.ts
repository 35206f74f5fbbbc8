// `anju market` end to end on the demo data (003's Zhangye tables): computed cycles beside the printed ones, and the
// warnings of the zhangye profile, in Chinese, English and JSON.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju, type AnjuRun } from '../testing/run-anju.js';

let dir: string;

const anju = (...args: string[]): Promise<AnjuRun> => runAnju(join(dir, 'data'), ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-market-'));
  const demo = await anju('demo');
  if (demo.code !== 0) throw new Error(demo.err);
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('anju market', () => {
  it('cycles: 003 computed 24.6 … 28.5 beside printed 14 … 20, classed 偏长', async () => {
    const r = await anju('market', 'cycles', '--city', '620700', '--unit', '620700');
    expect(r.code).toBe(0);
    expect(r.out).toContain('政策配置 zhangye@1.0.0，窗口 12 个月，粒度 year');
    const lines = r.out.split('\n').filter((l) => l.includes('620700 张掖市'));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/2021\s+住宅\s+24\.6\s+14\s+偏长/);
    expect(lines[4]).toMatch(/2025\s+住宅\s+28\.5\s+20\s+偏长/);
  });

  it('cycles --json for all commodity housing: 370.87 ÷ (78.71 ÷ 12) = 56.5 months in 2025', async () => {
    const r = await anju(
      'market',
      'cycles',
      '--city',
      '620700',
      '--unit',
      '620700',
      '--type',
      '',
      '--period',
      '2025',
      '--json',
    );
    const body = JSON.parse(r.out) as { cycles: { display: string; classId: string }[] };
    expect(body.cycles.map((c) => [c.display, c.classId])).toEqual([['56.5', 'excessive']]);
  });

  it('warnings in English: the range warning since 2021 and the 2024 price warning', async () => {
    const r = await anju('market', 'warnings', '--city', '620700', '--unit', '620700', '--lang', 'en');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /2025\s+Residential destocking cycle outside the reasonable range\s+yellow\s+active\s+28\.5\s+outside 12–18\s+2021/,
    );
    expect(r.out).toMatch(/2024\s+New-home price growth above 4 % a year\s+orange\s+raised\s+10\.65%\s+4\.00%\s+2024/);
  });

  it('recompute: a full recompute stores the city’s cycles and warnings; again, the same counts', async () => {
    const r = await anju('market', 'recompute', '--city', '620700', '--json');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out) as { full: boolean; units: number; cycles: number; warnings: number };
    expect(body.full).toBe(true);
    expect(body.cycles).toBeGreaterThan(0);
    expect(body.warnings).toBeGreaterThan(0);
    const again = JSON.parse((await anju('market', 'recompute', '--city', '620700', '--json')).out) as typeof body;
    expect([again.cycles, again.warnings]).toEqual([body.cycles, body.warnings]);
  });

  it('rejects an unknown action', async () => {
    const r = await anju('market', 'forecast', '--city', '620700');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('anju market cycles | warnings');
  });
});
