/**
 * Simulation: lets the land centre try a plot's rules against generated bidders before the sale. Bidders are drawn
 * from a seeded generator (core/random), so a simulation is reproducible from its seed; the result is an ordinary
 * event log, replayable by `replayAuction` to the same outcome.
 */
import { drawCommitment } from '../draw/draw.js';
import { compareDecimals, multiplyDecimals, sumDecimals } from '../quantity/decimal.js';
import { createRng, type Rng } from '../random/rng.js';
import { startAuction, type AuctionSnapshot } from './auction-engine.js';
import type { AuctionEvent, AuctionRules } from './auction-rules.js';

/** A generated bidder: the most it will pay, the largest self-held share and floor area it will offer. */
export interface SimulatedBidder {
  readonly id: string;
  readonly maxPriceWanYuan: string;
  readonly maxSelfHeldPercent: string;
  readonly maxFloorAreaSqm: string;
}

export interface SimulationOptions {
  readonly seed: string;
  /** How many bidders to generate; default 5. */
  readonly bidders?: number;
  /** Valuations are spread over [low, high] × the starting price; default 0.95–1.45. */
  readonly valuationLow?: string;
  readonly valuationHigh?: string;
  /** Add one unqualified bidder who tries once, to show a refusal; default false. */
  readonly withUnqualified?: boolean;
}

export interface AuctionSimulation {
  readonly seed: string;
  /** The rules used: the qualified list is the generated bidders; a lottery plot gets a commitment to a derived seed. */
  readonly rules: AuctionRules;
  readonly bidders: readonly SimulatedBidder[];
  readonly events: readonly AuctionEvent[];
  readonly outcome: AuctionSnapshot;
}

const MAX_EVENTS = 20000;

function scaled(rng: Rng, low: string, high: string, base: string): string {
  // A whole-permille multiplier in [low, high], times the base, to two places.
  const lo = Math.round(Number(low) * 1000);
  const hi = Math.round(Number(high) * 1000);
  const m = rng.int(lo, hi);
  return multiplyDecimals(base, String(m / 1000));
}

/**
 * Generates bidders and plays the auction: in each step one bidder still willing to go on (picked at random) bids
 * one to three steps above the current level, within its limits, a random number of seconds (within the timeout)
 * after the previous event; when no one is willing, the clock runs past the deadline.
 */
export function simulateAuction(baseRules: AuctionRules, options: SimulationOptions): AuctionSimulation {
  const rng = createRng(`auction-sim\u001f${options.seed}`);
  const n = options.bidders ?? 5;
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new RangeError('bidders must be 1–200');
  const bidders: SimulatedBidder[] = Array.from({ length: n }, (_, i) => ({
    id: `SIM-${String(i + 1).padStart(2, '0')}`,
    maxPriceWanYuan: scaled(
      rng,
      options.valuationLow ?? '0.95',
      options.valuationHigh ?? '1.45',
      baseRules.startingPriceWanYuan,
    ),
    maxSelfHeldPercent: String(rng.int(0, 4) === 0 ? 100 : rng.int(0, 100)),
    maxFloorAreaSqm: String(rng.int(0, 200) * 100),
  }));
  const lotterySeed = `${options.seed}-lottery`;
  const rules: AuctionRules =
    baseRules.kind === 'residential-capped' && baseRules.afterCap === 'lottery'
      ? { ...baseRules, qualifiedBidders: bidders.map((b) => b.id), lotteryCommitment: drawCommitment(lotterySeed) }
      : { ...baseRules, qualifiedBidders: bidders.map((b) => b.id) };
  const m = startAuction(rules);
  const events: AuctionEvent[] = [];
  let t = 0;
  const emit = (e: AuctionEvent): void => {
    events.push(e);
    m.apply(e);
  };
  const later = (): number => (t += rng.int(1, rules.timeoutSec));
  emit({ type: 'open', atSec: t });
  if (options.withUnqualified === true)
    emit({ type: 'bid', atSec: later(), bidder: 'SIM-X', priceWanYuan: rules.startingPriceWanYuan });

  const cap = rules.kind === 'residential-capped' ? multiplyDecimals(rules.startingPriceWanYuan, rules.capRatio) : null;
  const affordsCap = (b: SimulatedBidder): boolean => cap !== null && compareDecimals(b.maxPriceWanYuan, cap) >= 0;

  while (events.length < MAX_EVENTS) {
    const s = m.snapshot();
    if (s.phase === 'sold' || s.phase === 'failed') break;
    const timeout = (): void => {
      t = (s.deadlineSec ?? t) + 1;
      emit({ type: 'tick', atSec: t });
    };
    if (s.phase === 'price-bidding') {
      const level = m.nextPriceLevel()!;
      const willing = bidders.filter((b) => b.id !== s.priceLeader && compareDecimals(b.maxPriceWanYuan, level) >= 0);
      if (willing.length === 0) {
        timeout();
        continue;
      }
      const b = rng.pick(willing);
      let price = sumDecimals([level, multiplyDecimals(rules.incrementWanYuan, String(rng.int(0, 2)))]);
      if (compareDecimals(price, b.maxPriceWanYuan) > 0) price = level;
      if (cap !== null && compareDecimals(price, cap) > 0) price = cap;
      // Keep to the grid unless at the cap: the level is on the grid or the cap, steps add whole increments.
      emit({ type: 'bid', atSec: later(), bidder: b.id, priceWanYuan: price });
    } else if (s.phase === 'self-held-bidding' && rules.kind === 'residential-capped') {
      const next = sumDecimals([s.selfHeldPercent ?? '0', rules.shareIncrementPercent]);
      const level = compareDecimals(next, '100') > 0 ? '100' : next;
      const willing = bidders.filter(
        (b) => b.id !== s.shareLeader && affordsCap(b) && compareDecimals(b.maxSelfHeldPercent, level) >= 0,
      );
      if (willing.length === 0) {
        timeout();
        continue;
      }
      const b = rng.pick(willing);
      let share = sumDecimals([level, multiplyDecimals(rules.shareIncrementPercent, String(rng.int(0, 4)))]);
      if (compareDecimals(share, b.maxSelfHeldPercent) > 0) share = b.maxSelfHeldPercent;
      if (compareDecimals(share, '100') > 0) share = '100';
      emit({ type: 'share-bid', atSec: later(), bidder: b.id, selfHeldPercent: share });
    } else if (s.phase === 'floor-area-bidding' && rules.kind === 'residential-capped') {
      const level = sumDecimals([s.floorAreaSqm ?? '0', rules.floorAreaIncrementSqm]);
      const willing = bidders.filter(
        (b) =>
          b.id !== s.areaLeader &&
          affordsCap(b) &&
          compareDecimals(b.maxSelfHeldPercent, '100') === 0 &&
          compareDecimals(b.maxFloorAreaSqm, level) >= 0,
      );
      if (willing.length === 0) {
        timeout();
        continue;
      }
      const b = rng.pick(willing);
      emit({ type: 'area-bid', atSec: later(), bidder: b.id, floorAreaSqm: level });
    } else if (s.phase === 'cap-acceptance') {
      const pending = bidders.filter((b) => affordsCap(b) && !s.accepters.includes(b.id));
      if (pending.length === 0) {
        timeout();
        continue;
      }
      emit({ type: 'accept-cap', atSec: later(), bidder: rng.pick(pending).id });
    } else if (s.phase === 'lottery') {
      emit({ type: 'lottery-draw', atSec: later(), seed: lotterySeed });
    } else {
      break;
    }
  }
  return { seed: options.seed, rules, bidders, events, outcome: m.snapshot() };
}
