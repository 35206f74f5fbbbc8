// `anju land value`, `anju draw run|verify`, `anju auction replay|simulate` in process.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnju, type AnjuRun } from '../testing/run-anju.js';

let dir: string;
const anju = (...args: string[]): Promise<AnjuRun> => runAnju(join(dir, 'data'), ...args);

async function file(name: string, data: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(data));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'anju-land-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rules = {
  kind: 'residential-capped',
  landUse: 'residential',
  plotId: 'ZZ-R1',
  startingPriceWanYuan: '10000',
  incrementWanYuan: '100',
  timeoutSec: 300,
  qualifiedBidders: ['A', 'B', 'C'],
  capRatio: '1.2',
  afterCap: 'self-held-share',
  shareIncrementPercent: '5',
};

describe('anju land value', () => {
  it('prints the residual breakdown: 22500 − 1800 − 600 − 4200 − 2700 = 13200 元/㎡', async () => {
    const f = await file('residual.json', {
      kind: 'residual',
      plotId: 'ZZ-2025-01',
      comparables: [
        { id: 'A', priceYuanPerSqm: '19000', areaSqm: '10000' },
        { id: 'B', priceYuanPerSqm: '21000', areaSqm: '10000' },
        { id: 'C', priceYuanPerSqm: '20000', areaSqm: '20000' },
      ],
      chosenBarePriceYuanPerSqm: '21000',
      decorationYuanPerSqm: '1500',
      taxes: { kind: 'rate', rateOfSalePrice: '0.08' },
      financeCost: { kind: 'per-sqm', yuanPerSqm: '600' },
      constructionCost: { yuanPerSqm: '4200' },
      profit: { kind: 'rate', rateOfSalePrice: '0.12' },
      floorAreaSqm: '150000',
    });
    const r = await anju('land', 'value', f);
    expect(r.code).toBe(0);
    expect(r.out).toContain('楼面价 = 13200 元/平方米');
    expect(r.out).toContain('地块总价 = 198000 万元');
    const j = await anju('land', 'value', f, '--json');
    expect(
      (JSON.parse(j.out) as { valuation: { floorPriceYuanPerSqm: { value: string } } }).valuation.floorPriceYuanPerSqm
        .value,
    ).toBe('13200');
  });

  it('refuses a reference price outside ±10 % with exit 2', async () => {
    const f = await file('bad.json', {
      kind: 'residual',
      plotId: 'X',
      comparables: [{ id: 'A', priceYuanPerSqm: '20000' }],
      chosenBarePriceYuanPerSqm: '22001',
      taxes: { kind: 'per-sqm', yuanPerSqm: '0' },
      financeCost: { kind: 'per-sqm', yuanPerSqm: '0' },
      constructionCost: { yuanPerSqm: '0' },
      profit: { kind: 'per-sqm', yuanPerSqm: '0' },
      floorAreaSqm: '1',
    });
    const r = await anju('land', 'value', f);
    expect(r.code).toBe(1); // bad input data (usage errors are 2)
    expect(r.err).toContain('超出周边实际销售价格 20000 元/㎡ 的 ±10% 范围');
  });
});

describe('anju draw', () => {
  it('runs an expert draw with avoidance, writes the record, and verify replays it; a changed seed fails', async () => {
    const req = await file('experts.json', {
      purpose: 'experts',
      drawId: '2025-ZZ-001-experts',
      experts: ['E01', 'E02', 'E03', 'E04', 'E05', 'E06', 'E07', 'E08', 'E09', 'E10'].map((id) => ({ id, name: id })),
      parties: [],
    });
    const out = join(dir, 'experts-record.json');
    const r = await anju('draw', 'run', req, '--seed', 'd3b07384d113edec49eaa6238ad5ff00', '--out', out);
    expect(r.code).toBe(0);
    const record = JSON.parse(await readFile(out, 'utf8')) as { result: string[]; seed: string };
    expect(record.result).toEqual(['E07', 'E08', 'E03']);
    const v = await anju('draw', 'verify', out);
    expect(v.code).toBe(0);
    expect(v.out).toContain('验证通过');
    const tampered = await file('tampered.json', { ...record, seed: 'other' });
    const bad = await anju('draw', 'verify', tampered);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✗ 种子的 SHA-256 为');
  });

  it('commit prints a 64-hex seed and its SHA-256', async () => {
    const r = await anju('draw', 'commit', '--json');
    const { seed, commitment } = JSON.parse(r.out) as { seed: string; commitment: string };
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(commitment).not.toBe(seed);
  });
});

describe('anju auction', () => {
  it('replays a log to its winner and flags a wrong recorded winner', async () => {
    const events = [
      { type: 'open', atSec: 0 },
      { type: 'bid', atSec: 10, bidder: 'A', priceWanYuan: '12000' },
      { type: 'share-bid', atSec: 20, bidder: 'B', selfHeldPercent: '10' },
      { type: 'bid', atSec: 25, bidder: 'C', priceWanYuan: '12000' },
      { type: 'tick', atSec: 400 },
    ];
    const good = await file('log.json', { rules, events, recorded: { winner: 'B', priceWanYuan: '12000' } });
    const r = await anju('auction', 'replay', good);
    expect(r.code).toBe(0);
    expect(r.out).toContain('竞得人：B，成交价 12000 万元（self-held-share），自持 10%');
    expect(r.out).toContain('拒绝:cap-reached');
    expect(r.out).toContain('复算结果与记录一致');
    const wrong = await file('log-wrong.json', { rules, events, recorded: { winner: 'A' } });
    expect((await anju('auction', 'replay', wrong)).code).toBe(1);
  });

  it('simulate writes a log that replay reproduces', async () => {
    const rf = await file('rules.json', rules);
    const out = join(dir, 'sim-log.json');
    const s = await anju('auction', 'simulate', rf, '--seed', 's1', '--bidders', '4', '--out', out);
    expect(s.code).toBe(0);
    expect(s.out).toContain('SIM-04');
    const r = await anju('auction', 'replay', out, '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { matchesRecorded: boolean }).matchesRecorded).toBe(true);
  });
});
