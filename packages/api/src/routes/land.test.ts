// The 土地出让 routes in process: valuation, draws and auction replay/simulation (stateless; the store is not used).
import { describe, expect, it } from 'vitest';
import type { Store } from '@anju/store';
import { createApp } from '../app.js';

const app = createApp({ store: {} as Store, now: () => new Date('2026-06-01T00:00:00Z'), logError: () => undefined });

async function post<T>(url: string, body: unknown, lang = 'zh'): Promise<{ status: number; body: T }> {
  const res = await app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': lang },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

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
  floorAreaIncrementSqm: '500',
};

describe('POST /api/land/value', () => {
  it('industrial: 600 × 0.62 = 372 is below the benchmark 400, so 400 applies', async () => {
    const r = await post<{ kind: string; valuation: { bound: string; priceYuanPerSqm: { value: string } } }>(
      '/api/land/value',
      {
        kind: 'industrial',
        plotId: 'G1',
        appraisedYuanPerSqm: '600',
        selfHeldPercent: '70',
        benchmarkYuanPerSqm: '400',
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.valuation.priceYuanPerSqm.value).toBe('400');
    expect(r.body.valuation.bound).toBe('benchmark');
  });

  it('refuses a reference outside ±10 % as a 400 problem, in English on request', async () => {
    const r = await post<{ detail: string }>(
      '/api/land/value',
      {
        kind: 'residual',
        plotId: 'X',
        comparables: [{ id: 'A', priceYuanPerSqm: '20000' }],
        chosenBarePriceYuanPerSqm: '17000',
        taxes: { kind: 'per-sqm', yuanPerSqm: '0' },
        financeCost: { kind: 'per-sqm', yuanPerSqm: '0' },
        constructionCost: { yuanPerSqm: '0' },
        profit: { kind: 'per-sqm', yuanPerSqm: '0' },
        floorAreaSqm: '1',
      },
      'en',
    );
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain('outside ±10 % of the surrounding price 20000 (18000–22000)');
  });
});

describe('draws', () => {
  it('commit gives a fresh seed whose SHA-256 is the commitment; run with it, then verify; tampering fails', async () => {
    const c = await post<{ seed: string; commitment: string }>('/api/draws/commit', {});
    expect(c.status).toBe(200);
    expect(c.body.seed).toMatch(/^[0-9a-f]{64}$/);
    const run = await post<{ record: { result: string[]; commitment: string }; verification: { ok: boolean } }>(
      '/api/draws/run',
      {
        purpose: 'appraisal-firms',
        drawId: 'ZZ-R1-firms',
        seed: c.body.seed,
        commitment: c.body.commitment,
        firms: ['F1', 'F2', 'F3', 'F4', 'F5'].map((id) => ({ id, name: `评估所${id}` })),
      },
    );
    expect(run.status).toBe(200);
    expect(run.body.record.result).toHaveLength(3);
    expect(run.body.verification.ok).toBe(true);
    const v = await post<{ ok: boolean }>('/api/draws/verify', run.body.record);
    expect(v.body.ok).toBe(true);
    const bad = await post<{ ok: boolean; checks: { id: string; ok: boolean }[] }>('/api/draws/verify', {
      ...run.body.record,
      result: [...run.body.record.result].reverse(),
    });
    expect(bad.body.ok).toBe(false);
    expect(bad.body.checks.filter((x) => !x.ok).map((x) => x.id)).toEqual(['result']);
  });

  it('the fixed expert vector: E07, E08, E03', async () => {
    const r = await post<{ record: { result: string[] } }>('/api/draws/run', {
      purpose: 'experts',
      drawId: '2025-ZZ-001-experts',
      seed: 'd3b07384d113edec49eaa6238ad5ff00',
      experts: ['E01', 'E02', 'E03', 'E04', 'E05', 'E06', 'E07', 'E08', 'E09', 'E10'].map((id) => ({ id, name: id })),
    });
    expect(r.body.record.result).toEqual(['E07', 'E08', 'E03']);
  });

  it('refuses a seed that does not match the commitment', async () => {
    const r = await post<{ detail: string }>('/api/draws/run', {
      purpose: 'lottery',
      drawId: 'L',
      seed: 'a',
      commitment: '0'.repeat(64),
      entrants: [{ id: 'A', name: 'A' }],
    });
    expect(r.status).toBe(400);
    expect(r.body.detail).toContain('承诺值不符');
  });
});

describe('auctions', () => {
  it('replay recomputes the winner of a floor-area auction', async () => {
    const r = await post<{ matchesRecorded: boolean; outcome: { winner: { bidder: string; floorAreaSqm: string } } }>(
      '/api/auctions/replay',
      {
        rules,
        events: [
          { type: 'open', atSec: 0 },
          { type: 'bid', atSec: 10, bidder: 'A', priceWanYuan: '12000' },
          { type: 'share-bid', atSec: 20, bidder: 'B', selfHeldPercent: '100' },
          { type: 'area-bid', atSec: 30, bidder: 'C', floorAreaSqm: '500' },
          { type: 'tick', atSec: 400 },
        ],
        recorded: { winner: 'C' },
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.outcome.winner).toMatchObject({ bidder: 'C', floorAreaSqm: '500' });
    expect(r.body.matchesRecorded).toBe(true);
  });

  it('simulate returns a log that replay reproduces; a cap ratio of 1.4 is refused field by field', async () => {
    const s = await post<{ log: unknown; outcome: { winner: { bidder: string } | null } }>('/api/auctions/simulate', {
      rules,
      seed: 'api',
      bidders: 5,
    });
    expect(s.status).toBe(200);
    const r = await post<{ matchesRecorded: boolean; outcome: { winner: { bidder: string } | null } }>(
      '/api/auctions/replay',
      s.body.log,
    );
    expect(r.body.matchesRecorded).toBe(true);
    expect(r.body.outcome.winner?.bidder).toBe(s.body.outcome.winner?.bidder);
    const bad = await post<{ errors: { field: string }[] }>('/api/auctions/simulate', {
      rules: { ...rules, capRatio: '1.4' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('rules.capRatio');
  });
});
