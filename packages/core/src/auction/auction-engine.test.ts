import { describe, expect, it } from 'vitest';
import { drawCommitment, verifyDraw } from '../draw/draw.js';
import { checkAuctionLog, replayAuction, startAuction, type AuctionLogEntry } from './auction-engine.js';
import {
  AUCTION_TRANSITIONS,
  auctionLogSchema,
  auctionRulesSchema,
  type AuctionEvent,
  type AuctionRules,
} from './auction-rules.js';
import { simulateAuction } from './auction-simulate.js';

const selfHeld: AuctionRules = auctionRulesSchema.parse({
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
  floorAreaKind: 'elderly-care',
});
const lottery: AuctionRules = auctionRulesSchema.parse({
  ...selfHeld,
  plotId: 'ZZ-R2',
  afterCap: 'lottery',
  lotteryCommitment: drawCommitment('2025-ZZ-R2'),
});
const commercial: AuctionRules = auctionRulesSchema.parse({
  kind: 'highest-price',
  landUse: 'commercial',
  plotId: 'ZZ-C1',
  startingPriceWanYuan: '5000',
  incrementWanYuan: '50',
  timeoutSec: 300,
  qualifiedBidders: ['A', 'B', 'C'],
});

const bid = (atSec: number, bidder: string, priceWanYuan: string): AuctionEvent => ({
  type: 'bid',
  atSec,
  bidder,
  priceWanYuan,
});
const share = (atSec: number, bidder: string, selfHeldPercent: string): AuctionEvent => ({
  type: 'share-bid',
  atSec,
  bidder,
  selfHeldPercent,
});
const area = (atSec: number, bidder: string, floorAreaSqm: string): AuctionEvent => ({
  type: 'area-bid',
  atSec,
  bidder,
  floorAreaSqm,
});
const open: AuctionEvent = { type: 'open', atSec: 0 };
const tick = (atSec: number): AuctionEvent => ({ type: 'tick', atSec });

/** The log as short lines: "+bid A 10000", "-below-level", "price-bidding>sold@330". */
function brief(log: readonly AuctionLogEntry[]): string[] {
  return log.map((e) => {
    if (e.kind === 'transition') return `${e.from}>${e.to}@${e.atSec}`;
    if (e.kind === 'refused') return `-${e.reason}`;
    const ev = e.event;
    const v =
      ev.type === 'bid'
        ? ev.priceWanYuan
        : ev.type === 'share-bid'
          ? ev.selfHeldPercent
          : ev.type === 'area-bid'
            ? ev.floorAreaSqm
            : '';
    return `+${ev.type}${'bidder' in ev ? ` ${ev.bidder}` : ''}${v === '' ? '' : ` ${v}`}`;
  });
}

describe('the transition table', () => {
  it('has one row per (phase, trigger, guard) and ends only in sold or failed', () => {
    const keys = AUCTION_TRANSITIONS.map((t) => `${t.from}/${t.on}/${t.guard}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(AUCTION_TRANSITIONS).toHaveLength(11);
    expect(AUCTION_TRANSITIONS.filter((t) => t.from === 'sold' || t.from === 'failed')).toEqual([]);
  });

  it('refuses a cap ratio outside 120–130 % and a lottery plot without a commitment', () => {
    expect(auctionRulesSchema.safeParse({ ...selfHeld, capRatio: '1.31' }).success).toBe(false);
    expect(auctionRulesSchema.safeParse({ ...selfHeld, capRatio: '1.19' }).success).toBe(false);
    expect(auctionRulesSchema.safeParse({ ...selfHeld, capRatio: '1.3' }).success).toBe(true);
    expect(auctionRulesSchema.safeParse({ ...selfHeld, afterCap: 'lottery' }).success).toBe(false);
  });
});

describe('residential 限地价、竞自持 (001 四(二))', () => {
  it('no bid reaches the cap: the highest price wins when the time runs out', () => {
    const o = replayAuction(selfHeld, [
      open,
      bid(10, 'A', '10000'),
      bid(20, 'B', '10500'),
      bid(30, 'A', '11000'),
      tick(400),
    ]);
    expect(o.capWanYuan).toBe('12000');
    expect(o.phase).toBe('sold');
    expect(o.winner).toEqual({
      bidder: 'A',
      priceWanYuan: '11000',
      basis: 'highest-price-below-cap',
      selfHeldPercent: null,
      floorAreaSqm: null,
    });
    expect(brief(o.log)).toEqual([
      'announced>price-bidding@0',
      '+bid A 10000',
      '+bid B 10500',
      '+bid A 11000',
      'price-bidding>sold@330',
    ]);
  });

  it('cap reached, then self-held share bidding won by the highest share', () => {
    const o = replayAuction(selfHeld, [
      open,
      bid(10, 'A', '10000'),
      bid(20, 'B', '11500'),
      bid(30, 'A', '12000'),
      share(40, 'B', '5'),
      share(50, 'C', '15'),
      share(60, 'A', '20'),
      tick(400),
    ]);
    expect(o.winner).toEqual({
      bidder: 'A',
      priceWanYuan: '12000',
      basis: 'self-held-share',
      selfHeldPercent: '20',
      floorAreaSqm: null,
    });
    expect(brief(o.log)).toEqual([
      'announced>price-bidding@0',
      '+bid A 10000',
      '+bid B 11500',
      '+bid A 12000',
      'price-bidding>self-held-bidding@30',
      '+share-bid B 5',
      '+share-bid C 15',
      '+share-bid A 20',
      'self-held-bidding>sold@360',
    ]);
    expect(o.log.at(-1)?.messageZh).toBe(
      '竞自持比例 → 已成交：限时内无更高自持比例，竞报最高者竞得；竞得人 A，成交价 12000 万元',
    );
  });

  it('cap reached and nobody bids a share: the bidder who reached the cap wins at 0 %', () => {
    const o = replayAuction(selfHeld, [open, bid(10, 'B', '12000'), tick(311)]);
    expect(o.winner).toEqual({
      bidder: 'B',
      priceWanYuan: '12000',
      basis: 'self-held-share',
      selfHeldPercent: '0',
      floorAreaSqm: null,
    });
  });

  it('100 % reached, then floor-area bidding for elderly-care housing: most area wins', () => {
    const o = replayAuction(selfHeld, [
      open,
      bid(10, 'A', '12000'),
      share(40, 'B', '100'),
      area(50, 'A', '500'),
      area(60, 'C', '1500'),
      area(70, 'B', '2000'),
      tick(500),
    ]);
    expect(o.winner).toEqual({
      bidder: 'B',
      priceWanYuan: '12000',
      basis: 'floor-area',
      selfHeldPercent: '100',
      floorAreaSqm: '2000',
    });
    expect(brief(o.log)).toEqual([
      'announced>price-bidding@0',
      '+bid A 12000',
      'price-bidding>self-held-bidding@10',
      '+share-bid B 100',
      'self-held-bidding>floor-area-bidding@40',
      '+area-bid A 500',
      '+area-bid C 1500',
      '+area-bid B 2000',
      'floor-area-bidding>sold@370',
    ]);
    expect(o.log[5]?.messageZh).toBe('A 竞报配建养老用房 500 ㎡');
  });

  it('lottery among the bidders who accepted the capped price, with a verifiable draw', () => {
    const o = replayAuction(lottery, [
      open,
      bid(10, 'A', '12000'),
      { type: 'accept-cap', atSec: 20, bidder: 'B' },
      { type: 'accept-cap', atSec: 30, bidder: 'C' },
      { type: 'accept-cap', atSec: 40, bidder: 'A' },
      tick(400),
      { type: 'lottery-draw', atSec: 410, seed: 'not-the-seed' },
      { type: 'lottery-draw', atSec: 420, seed: '2025-ZZ-R2' },
    ]);
    // Reference implementation (README §6): select('ZZ-R2-lottery', '2025-ZZ-R2', ['A', 'B', 'C'], 1) = ['C'].
    expect(o.winner).toEqual({
      bidder: 'C',
      priceWanYuan: '12000',
      basis: 'lottery',
      selfHeldPercent: null,
      floorAreaSqm: null,
    });
    expect(o.accepters).toEqual(['A', 'B', 'C']);
    expect(o.lotteryDraw?.result).toEqual(['C']);
    expect(verifyDraw(o.lotteryDraw!).ok).toBe(true);
    expect(brief(o.log)).toEqual([
      'announced>price-bidding@0',
      '+bid A 12000',
      'price-bidding>cap-acceptance@10',
      '+accept-cap B',
      '+accept-cap C',
      '-already-registered',
      'cap-acceptance>lottery@330',
      '-seed-mismatch',
      '+lottery-draw',
      'lottery>sold@420',
    ]);
  });

  it('a lottery plot where only the cap bidder accepts needs no draw', () => {
    const o = replayAuction(lottery, [open, bid(10, 'B', '12000'), tick(400)]);
    expect(o.winner?.bidder).toBe('B');
    expect(o.winner?.basis).toBe('lottery');
    expect(o.lotteryDraw).toBeNull();
  });
});

describe('commercial and industrial: 价高者得', () => {
  it('the highest price wins; no bids fails the sale', () => {
    const o = replayAuction(commercial, [
      open,
      bid(5, 'A', '5000'),
      bid(6, 'B', '5100'),
      bid(7, 'C', '5150'),
      tick(1000),
    ]);
    expect(o.winner).toEqual({
      bidder: 'C',
      priceWanYuan: '5150',
      basis: 'highest-price',
      selfHeldPercent: null,
      floorAreaSqm: null,
    });
    expect(o.log.at(-1)).toMatchObject({ kind: 'transition', to: 'sold', atSec: 307 });
    const failed = replayAuction(commercial, [open, tick(301)]);
    expect(failed.phase).toBe('failed');
    expect(failed.winner).toBeNull();
  });

  it('has no cap: any step on the grid is valid', () => {
    const o = replayAuction(commercial, [open, bid(5, 'A', '9000'), tick(400)]);
    expect(o.winner?.priceWanYuan).toBe('9000');
  });
});

describe('invalid bids are refused with a reason and logged', () => {
  it('each kind, in the price phase', () => {
    const o = replayAuction(selfHeld, [
      bid(1, 'A', '10000'), // before-open
      { type: 'open', atSec: 2 },
      bid(3, 'X', '10000'), // unqualified
      bid(4, 'A', '9900'), // below the starting price
      bid(5, 'A', '10000'),
      bid(6, 'B', '10000'), // a tie: not above the current level
      bid(7, 'A', '10100'), // already leading
      bid(8, 'B', '10150'), // off the 100 grid
      bid(9, 'B', '12100'), // above the cap
      share(10, 'B', '5'), // wrong phase
      { type: 'accept-cap', atSec: 11, bidder: 'C' }, // wrong phase (before the breaker)
      bid(5, 'C', '10200'), // time goes back
      bid(12, 'B', '12000'), // reaches the cap
      bid(13, 'C', '12000'), // a price bid at the cap after the breaker
      share(14, 'C', '101'), // above 100 %
      share(15, 'C', '3'), // below the 5 % step
      share(16, 'B', '5'), // B holds 0 % and leads: already leading
      share(17, 'C', '5'),
      share(18, 'A', '5'), // a tie on the share: refused, C holds
    ]);
    const refused = o.log.filter((e) => e.kind === 'refused');
    expect(refused.map((e) => e.kind === 'refused' && e.reason)).toEqual([
      'before-open',
      'unqualified',
      'below-level',
      'below-level',
      'already-leading',
      'off-increment',
      'above-cap',
      'wrong-phase',
      'wrong-phase',
      'time-order',
      'cap-reached',
      'above-100',
      'below-level',
      'already-leading',
      'below-level',
    ]);
    expect(o.refusedCount).toBe(15);
    expect(refused[3]?.messageZh).toBe('报价 10000 万元低于当前应报最低价 10100 万元');
    expect(refused[6]?.messageEn).toBe('bid 12100 is above the cap 12000');
    expect(o.shareLeader).toBe('C');
    expect(o.priceLeader).toBe('B');
    expect(o.phase).toBe('self-held-bidding');
    expect(o.deadlineSec).toBe(17 + 300);
  });

  it('timeouts: a bid at the deadline is in time, one second later the phase has closed', () => {
    const inTime = replayAuction(commercial, [open, bid(10, 'A', '5000'), bid(310, 'B', '5050'), tick(611)]);
    expect(inTime.winner?.bidder).toBe('B');
    const late = replayAuction(commercial, [open, bid(10, 'A', '5000'), bid(311, 'B', '5050')]);
    expect(late.winner?.bidder).toBe('A');
    expect(brief(late.log).slice(-2)).toEqual(['price-bidding>sold@310', '-closed']);
  });
});

describe('replay', () => {
  const logs: { rules: AuctionRules; events: AuctionEvent[] }[] = [
    { rules: selfHeld, events: [open, bid(10, 'A', '10000'), bid(20, 'B', '10500'), tick(400)] },
    { rules: selfHeld, events: [open, bid(10, 'A', '12000'), share(40, 'B', '100'), area(50, 'A', '500'), tick(500)] },
    {
      rules: lottery,
      events: [
        open,
        bid(10, 'A', '12000'),
        { type: 'accept-cap', atSec: 20, bidder: 'B' },
        tick(400),
        { type: 'lottery-draw', atSec: 420, seed: '2025-ZZ-R2' },
      ],
    },
    { rules: commercial, events: [open, bid(5, 'A', '5000'), bid(6, 'B', '5100'), tick(1000)] },
  ];

  it('every logged auction replays to the same outcome, also after a JSON round trip through the log schema', () => {
    for (const l of logs) {
      const a = replayAuction(l.rules, l.events);
      const parsed = auctionLogSchema.parse(
        JSON.parse(
          JSON.stringify({
            ...l,
            recorded: { winner: a.winner?.bidder ?? null, priceWanYuan: a.winner?.priceWanYuan ?? null },
          }),
        ),
      );
      const b = replayAuction(parsed.rules, parsed.events);
      expect(b).toEqual(a);
      expect(checkAuctionLog(parsed).matchesRecorded).toBe(true);
    }
  });

  it('a log whose recorded winner differs is reported', () => {
    const c = checkAuctionLog({ ...logs[3]!, recorded: { winner: 'A', priceWanYuan: '5100' } });
    expect(c.matchesRecorded).toBe(false);
    expect(c.messageZh).toBe('复算竞得人为 B（5100 万元），与记录 A（5100）不符');
  });

  it('the step-by-step machine and the replay agree', () => {
    const m = startAuction(selfHeld);
    for (const e of logs[1]!.events) m.apply(e);
    expect(m.snapshot()).toEqual(replayAuction(selfHeld, logs[1]!.events));
  });
});

describe('simulation with seeded generated bidders', () => {
  it('is reproducible from its seed and its log replays to the same outcome', () => {
    for (const rules of [selfHeld, lottery, commercial]) {
      for (let i = 0; i < 15; i++) {
        const sim = simulateAuction(rules, { seed: `sim-${i}`, bidders: 6 });
        expect(['sold', 'failed']).toContain(sim.outcome.phase);
        expect(replayAuction(sim.rules, sim.events)).toEqual(sim.outcome);
        expect(simulateAuction(rules, { seed: `sim-${i}`, bidders: 6 }).events).toEqual(sim.events);
        expect(sim.outcome.refusedCount).toBe(0);
      }
    }
  });

  it('reaches every residential path across seeds', () => {
    const bases = new Set<string>();
    for (let i = 0; i < 60; i++) {
      bases.add(simulateAuction(selfHeld, { seed: `path-${i}` }).outcome.winner?.basis ?? 'failed');
      bases.add(simulateAuction(lottery, { seed: `path-${i}` }).outcome.winner?.basis ?? 'failed');
    }
    expect([...bases].sort()).toEqual(['floor-area', 'highest-price-below-cap', 'lottery', 'self-held-share']);
  });

  it('an unqualified generated bidder is refused', () => {
    const sim = simulateAuction(commercial, { seed: 'x', withUnqualified: true });
    expect(sim.outcome.log.find((e) => e.kind === 'refused')).toMatchObject({ reason: 'unqualified' });
  });
});
