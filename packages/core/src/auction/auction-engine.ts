/**
 * The auction engine: the outcome is a pure function of the plot's rules and the event log. Each event is checked
 * against the phase's table (auction-rules.ts); invalid ones are refused with a reason and kept in the log, valid
 * ones move the state, and phase changes are looked up in AUCTION_TRANSITIONS.
 *
 * Declared rules (what the seed leaves open):
 * - Time: events carry `atSec`, seconds since the sale was announced, and must not go back in time ("time-order").
 * - Timeout: a bidding phase ends when `timeoutSec` pass after its last valid action (or its start) with no valid
 *   action; an event at exactly the deadline is in time, the first event after it (a bid or a clock `tick`) closes
 *   the phase at the deadline before it is itself handled.
 * - Increments: the first price bid is at least the starting price; each later one at least the current price plus
 *   the increment, and on the starting price's grid (start + k × increment) — except a bid exactly at the cap, which
 *   is always allowed once the next step would pass it. Bids above the cap are refused.
 * - Ties: bids are handled in log order; a bid equal to the current level is below the next required level and is
 *   refused, so the earlier bid holds. The current leader may not raise its own bid ("already-leading").
 * - After the cap, the bidder who reached it holds the self-held share at 0 %; the first to reach 100 % holds the
 *   floor area at 0 m²; in a lottery plot it is the first registered.
 */
import { drawCommitment } from '../draw/draw.js';
import { drawLottery } from '../draw/draw-uses.js';
import type { DrawRecord } from '../draw/draw.js';
import {
  compareDecimals,
  divideDecimals,
  multiplyDecimals,
  subtractDecimals,
  sumDecimals,
} from '../quantity/decimal.js';
import {
  AUCTION_TRANSITIONS,
  PHASE_EVENTS,
  PHASE_LABELS,
  TIMED_PHASES,
  type AuctionEvent,
  type AuctionPhase,
  type AuctionRules,
  type AuctionTrigger,
  type TransitionGuard,
} from './auction-rules.js';

/** Why an event was refused. */
export type RefusalReason =
  | 'time-order'
  | 'before-open'
  | 'closed'
  | 'unqualified'
  | 'wrong-phase'
  | 'cap-reached'
  | 'below-level'
  | 'off-increment'
  | 'above-cap'
  | 'above-100'
  | 'already-leading'
  | 'already-registered'
  | 'seed-mismatch';

export type AuctionLogEntry =
  | {
      readonly seq: number;
      readonly atSec: number;
      readonly kind: 'accepted';
      readonly event: AuctionEvent;
      readonly phase: AuctionPhase;
      readonly messageZh: string;
      readonly messageEn: string;
    }
  | {
      readonly seq: number;
      readonly atSec: number;
      readonly kind: 'refused';
      readonly event: AuctionEvent;
      readonly phase: AuctionPhase;
      readonly reason: RefusalReason;
      readonly messageZh: string;
      readonly messageEn: string;
    }
  | {
      readonly seq: number;
      readonly atSec: number;
      readonly kind: 'transition';
      readonly from: AuctionPhase;
      readonly to: AuctionPhase;
      readonly trigger: AuctionTrigger;
      readonly messageZh: string;
      readonly messageEn: string;
    };

/** How the winner won. */
export type WinBasis = 'highest-price' | 'highest-price-below-cap' | 'self-held-share' | 'floor-area' | 'lottery';

export interface AuctionWinner {
  readonly bidder: string;
  readonly priceWanYuan: string;
  readonly basis: WinBasis;
  readonly selfHeldPercent: string | null;
  readonly floorAreaSqm: string | null;
}

/** The state of an auction after some events (plain data). */
export interface AuctionSnapshot {
  readonly plotId: string;
  readonly phase: AuctionPhase;
  readonly capWanYuan: string | null;
  readonly priceWanYuan: string | null;
  readonly priceLeader: string | null;
  readonly selfHeldPercent: string | null;
  readonly shareLeader: string | null;
  readonly floorAreaSqm: string | null;
  readonly areaLeader: string | null;
  readonly accepters: readonly string[];
  /** When the current phase times out, if it is timed. */
  readonly deadlineSec: number | null;
  readonly lastAtSec: number;
  readonly winner: AuctionWinner | null;
  readonly lotteryDraw: DrawRecord | null;
  readonly log: readonly AuctionLogEntry[];
  readonly refusedCount: number;
}

/** A running auction: feed it events one at a time. */
export interface AuctionMachine {
  /** Handles one event; returns the log entries it produced (timeouts, the event's verdict, transitions). */
  apply(event: AuctionEvent): readonly AuctionLogEntry[];
  snapshot(): AuctionSnapshot;
  /** The lowest price bid the engine would accept now, or null outside price bidding. */
  nextPriceLevel(): string | null;
}

type WithoutSeq<T> = T extends unknown ? Omit<T, 'seq'> : never;

interface Mutable {
  phase: AuctionPhase;
  lastActionSec: number;
  lastAtSec: number;
  price: string | null;
  priceLeader: string | null;
  share: string | null;
  shareLeader: string | null;
  area: string | null;
  areaLeader: string | null;
  accepters: string[];
  winner: AuctionWinner | null;
  lottery: DrawRecord | null;
  log: AuctionLogEntry[];
  refused: number;
}

const AREA_KIND = {
  'elderly-care': { zh: '养老用房', en: 'elderly-care housing' },
  'public-rental': { zh: '公租房', en: 'public-rental housing' },
} as const;

/** Starts an auction for a plot's rules (validated by auctionRulesSchema). */
export function startAuction(rules: AuctionRules): AuctionMachine {
  const cap = rules.kind === 'residential-capped' ? multiplyDecimals(rules.startingPriceWanYuan, rules.capRatio) : null;
  const qualified = new Set(rules.qualifiedBidders);
  const s: Mutable = {
    phase: 'announced',
    lastActionSec: 0,
    lastAtSec: 0,
    price: null,
    priceLeader: null,
    share: null,
    shareLeader: null,
    area: null,
    areaLeader: null,
    accepters: [],
    winner: null,
    lottery: null,
    log: [],
    refused: 0,
  };

  const guardHolds = (g: TransitionGuard): boolean => {
    switch (g) {
      case 'always':
        return true;
      case 'after-cap-self-held':
        return rules.kind === 'residential-capped' && rules.afterCap === 'self-held-share';
      case 'after-cap-lottery':
        return rules.kind === 'residential-capped' && rules.afterCap === 'lottery';
      case 'has-leader':
        return s.priceLeader !== null;
      case 'no-leader':
        return s.priceLeader === null;
      case 'one-accepter':
        return s.accepters.length === 1;
      case 'several-accepters':
        return s.accepters.length > 1;
    }
  };

  const push = (e: WithoutSeq<AuctionLogEntry>): AuctionLogEntry => {
    const entry = { ...e, seq: s.log.length + 1 } as AuctionLogEntry;
    s.log.push(entry);
    return entry;
  };

  const settle = (to: AuctionPhase): void => {
    if (to !== 'sold') return;
    const price = s.price ?? rules.startingPriceWanYuan;
    if (s.phase === 'price-bidding') {
      s.winner = {
        bidder: s.priceLeader!,
        priceWanYuan: price,
        basis: rules.kind === 'highest-price' ? 'highest-price' : 'highest-price-below-cap',
        selfHeldPercent: null,
        floorAreaSqm: null,
      };
    } else if (s.phase === 'self-held-bidding') {
      s.winner = {
        bidder: s.shareLeader!,
        priceWanYuan: price,
        basis: 'self-held-share',
        selfHeldPercent: s.share,
        floorAreaSqm: null,
      };
    } else if (s.phase === 'floor-area-bidding') {
      s.winner = {
        bidder: s.areaLeader!,
        priceWanYuan: price,
        basis: 'floor-area',
        selfHeldPercent: '100',
        floorAreaSqm: s.area,
      };
    } else {
      // cap-acceptance with one accepter, or the lottery
      const bidder = s.lottery === null ? s.accepters[0]! : s.lottery.result[0]!;
      s.winner = { bidder, priceWanYuan: price, basis: 'lottery', selfHeldPercent: null, floorAreaSqm: null };
    }
  };

  const transition = (trigger: AuctionTrigger, atSec: number, out: AuctionLogEntry[]): void => {
    const row = AUCTION_TRANSITIONS.find((t) => t.from === s.phase && t.on === trigger && guardHolds(t.guard));
    if (row === undefined) throw new Error(`no transition from ${s.phase} on ${trigger}`);
    settle(row.to);
    const from = s.phase;
    s.phase = row.to;
    s.lastActionSec = atSec;
    const w = s.winner;
    const winZh = row.to === 'sold' && w !== null ? `；竞得人 ${w.bidder}，成交价 ${w.priceWanYuan} 万元` : '';
    const winEn = row.to === 'sold' && w !== null ? `; winner ${w.bidder} at ${w.priceWanYuan} (10k yuan)` : '';
    out.push(
      push({
        atSec,
        kind: 'transition',
        from,
        to: row.to,
        trigger,
        messageZh: `${PHASE_LABELS[from].zh} → ${PHASE_LABELS[row.to].zh}：${row.noteZh}${winZh}`,
        messageEn: `${PHASE_LABELS[from].en} → ${PHASE_LABELS[row.to].en}: ${row.noteEn}${winEn}`,
      }),
    );
  };

  const deadline = (): number | null => (TIMED_PHASES.includes(s.phase) ? s.lastActionSec + rules.timeoutSec : null);

  const nextPriceLevel = (): string | null => {
    if (s.phase !== 'price-bidding') return null;
    const next = s.price === null ? rules.startingPriceWanYuan : sumDecimals([s.price, rules.incrementWanYuan]);
    return cap !== null && compareDecimals(next, cap) > 0 ? cap : next;
  };

  const refuse = (event: AuctionEvent, reason: RefusalReason, zh: string, en: string, out: AuctionLogEntry[]): void => {
    s.refused++;
    out.push(
      push({ atSec: event.atSec, kind: 'refused', event, phase: s.phase, reason, messageZh: zh, messageEn: en }),
    );
  };
  const accept = (event: AuctionEvent, zh: string, en: string, out: AuctionLogEntry[]): void => {
    out.push(push({ atSec: event.atSec, kind: 'accepted', event, phase: s.phase, messageZh: zh, messageEn: en }));
  };

  const handlePrice = (e: Extract<AuctionEvent, { type: 'bid' }>, out: AuctionLogEntry[]): void => {
    const level = nextPriceLevel()!;
    if (s.priceLeader === e.bidder) {
      return refuse(
        e,
        'already-leading',
        `${e.bidder} 已是最高报价者，不能对自己的报价加价`,
        `${e.bidder} already leads and may not raise its own bid`,
        out,
      );
    }
    if (cap !== null && compareDecimals(e.priceWanYuan, cap) > 0) {
      return refuse(
        e,
        'above-cap',
        `报价 ${e.priceWanYuan} 万元高于熔断价 ${cap} 万元`,
        `bid ${e.priceWanYuan} is above the cap ${cap}`,
        out,
      );
    }
    if (compareDecimals(e.priceWanYuan, level) < 0) {
      return refuse(
        e,
        'below-level',
        `报价 ${e.priceWanYuan} 万元低于当前应报最低价 ${level} 万元`,
        `bid ${e.priceWanYuan} is below the current level ${level}`,
        out,
      );
    }
    const atCap = cap !== null && compareDecimals(e.priceWanYuan, cap) === 0;
    if (!atCap) {
      const steps = divideDecimals(
        subtractDecimals(e.priceWanYuan, rules.startingPriceWanYuan),
        rules.incrementWanYuan,
      );
      if (steps.includes('.')) {
        return refuse(
          e,
          'off-increment',
          `报价 ${e.priceWanYuan} 万元不是起始价加整数个加价幅度 ${rules.incrementWanYuan} 万元`,
          `bid ${e.priceWanYuan} is not the starting price plus whole increments of ${rules.incrementWanYuan}`,
          out,
        );
      }
    }
    s.price = e.priceWanYuan;
    s.priceLeader = e.bidder;
    s.lastActionSec = e.atSec;
    accept(e, `${e.bidder} 报价 ${e.priceWanYuan} 万元`, `${e.bidder} bids ${e.priceWanYuan}`, out);
    if (atCap) {
      s.shareLeader = e.bidder;
      s.share = '0';
      s.accepters = [e.bidder];
      transition('cap-reached', e.atSec, out);
    }
  };

  const handleShare = (e: Extract<AuctionEvent, { type: 'share-bid' }>, out: AuctionLogEntry[]): void => {
    if (rules.kind !== 'residential-capped') throw new Error('share bids only in residential-capped auctions');
    if (s.shareLeader === e.bidder) {
      return refuse(
        e,
        'already-leading',
        `${e.bidder} 自持比例已最高，不能自行加价`,
        `${e.bidder} already leads and may not raise its own share`,
        out,
      );
    }
    if (compareDecimals(e.selfHeldPercent, '100') > 0) {
      return refuse(
        e,
        'above-100',
        `自持比例 ${e.selfHeldPercent}% 超过 100%`,
        `self-held share ${e.selfHeldPercent} % is above 100 %`,
        out,
      );
    }
    const level = sumDecimals([s.share ?? '0', rules.shareIncrementPercent]);
    const min = compareDecimals(level, '100') > 0 ? '100' : level;
    if (compareDecimals(e.selfHeldPercent, min) < 0) {
      return refuse(
        e,
        'below-level',
        `自持比例 ${e.selfHeldPercent}% 低于应报最低 ${min}%`,
        `share ${e.selfHeldPercent} % is below the level ${min} %`,
        out,
      );
    }
    s.share = e.selfHeldPercent;
    s.shareLeader = e.bidder;
    s.lastActionSec = e.atSec;
    accept(
      e,
      `${e.bidder} 竞报自持比例 ${e.selfHeldPercent}%`,
      `${e.bidder} bids a ${e.selfHeldPercent} % self-held share`,
      out,
    );
    if (compareDecimals(e.selfHeldPercent, '100') === 0) {
      s.areaLeader = e.bidder;
      s.area = '0';
      transition('share-full', e.atSec, out);
    }
  };

  const handleArea = (e: Extract<AuctionEvent, { type: 'area-bid' }>, out: AuctionLogEntry[]): void => {
    if (rules.kind !== 'residential-capped') throw new Error('area bids only in residential-capped auctions');
    const kind = AREA_KIND[rules.floorAreaKind];
    if (s.areaLeader === e.bidder) {
      return refuse(
        e,
        'already-leading',
        `${e.bidder} 配建面积已最多，不能自行加价`,
        `${e.bidder} already leads and may not raise its own area`,
        out,
      );
    }
    const min = sumDecimals([s.area ?? '0', rules.floorAreaIncrementSqm]);
    if (compareDecimals(e.floorAreaSqm, min) < 0) {
      return refuse(
        e,
        'below-level',
        `配建面积 ${e.floorAreaSqm} ㎡ 低于应报最低 ${min} ㎡`,
        `floor area ${e.floorAreaSqm} m² is below the level ${min} m²`,
        out,
      );
    }
    s.area = e.floorAreaSqm;
    s.areaLeader = e.bidder;
    s.lastActionSec = e.atSec;
    accept(
      e,
      `${e.bidder} 竞报配建${kind.zh} ${e.floorAreaSqm} ㎡`,
      `${e.bidder} bids ${e.floorAreaSqm} m² of ${kind.en}`,
      out,
    );
  };

  const handleAccept = (e: Extract<AuctionEvent, { type: 'accept-cap' }>, out: AuctionLogEntry[]): void => {
    if (s.accepters.includes(e.bidder)) {
      return refuse(
        e,
        'already-registered',
        `${e.bidder} 已登记接受限价`,
        `${e.bidder} has already accepted the capped price`,
        out,
      );
    }
    s.accepters.push(e.bidder);
    s.lastActionSec = e.atSec;
    accept(
      e,
      `${e.bidder} 接受熔断价 ${cap} 万元，参加摇号`,
      `${e.bidder} accepts the capped price ${cap} and enters the lottery`,
      out,
    );
  };

  const handleDraw = (e: Extract<AuctionEvent, { type: 'lottery-draw' }>, out: AuctionLogEntry[]): void => {
    if (rules.kind !== 'residential-capped' || rules.lotteryCommitment === undefined) throw new Error('no lottery');
    if (drawCommitment(e.seed) !== rules.lotteryCommitment) {
      return refuse(
        e,
        'seed-mismatch',
        '公布的摇号种子与事先公布的承诺值不符',
        'the revealed lottery seed does not match the commitment published before the sale',
        out,
      );
    }
    s.lottery = drawLottery({
      drawId: `${rules.plotId}-lottery`,
      seed: e.seed,
      commitment: rules.lotteryCommitment,
      entrants: s.accepters.map((id) => ({ id, name: id })),
    });
    accept(
      e,
      `公布摇号种子，${s.accepters.length} 家参加`,
      `lottery seed revealed, ${s.accepters.length} entrants`,
      out,
    );
    transition('lottery-drawn', e.atSec, out);
  };

  const apply = (event: AuctionEvent): readonly AuctionLogEntry[] => {
    const out: AuctionLogEntry[] = [];
    if (event.atSec < s.lastAtSec) {
      refuse(
        event,
        'time-order',
        `时间 ${event.atSec} 早于上一事件 ${s.lastAtSec}`,
        `time ${event.atSec} is before the previous event ${s.lastAtSec}`,
        out,
      );
      return out;
    }
    s.lastAtSec = event.atSec;
    // Close a timed phase whose deadline has passed before handling the event.
    for (let d = deadline(); d !== null && event.atSec > d; d = deadline()) transition('timeout', d, out);
    if (event.type === 'tick') return out;
    if (!PHASE_EVENTS[s.phase].includes(event.type)) {
      const p = PHASE_LABELS[s.phase];
      if (s.phase === 'announced') refuse(event, 'before-open', '尚未开始报价', 'bidding has not opened', out);
      else if (s.phase === 'sold' || s.phase === 'failed')
        refuse(event, 'closed', `出让已结束（${p.zh}）`, `the sale is over (${p.en})`, out);
      else if (event.type === 'bid' && cap !== null && s.price !== null && compareDecimals(s.price, cap) === 0) {
        refuse(
          event,
          'cap-reached',
          `已熔断，${p.zh}阶段不再接受价格报价`,
          `the cap was reached: the ${p.en} phase takes no price bids`,
          out,
        );
      } else
        refuse(event, 'wrong-phase', `${p.zh}阶段不接受此类报价`, `the ${p.en} phase does not take ${event.type}`, out);
      return out;
    }
    if ('bidder' in event && !qualified.has(event.bidder)) {
      refuse(
        event,
        'unqualified',
        `${event.bidder} 不是本宗地的合格竞买人`,
        `${event.bidder} is not a qualified bidder for this plot`,
        out,
      );
      return out;
    }
    switch (event.type) {
      case 'open':
        s.lastActionSec = event.atSec;
        transition('open', event.atSec, out);
        break;
      case 'bid':
        handlePrice(event, out);
        break;
      case 'share-bid':
        handleShare(event, out);
        break;
      case 'area-bid':
        handleArea(event, out);
        break;
      case 'accept-cap':
        handleAccept(event, out);
        break;
      case 'lottery-draw':
        handleDraw(event, out);
        break;
    }
    return out;
  };

  return {
    apply,
    nextPriceLevel,
    snapshot: () => ({
      plotId: rules.plotId,
      phase: s.phase,
      capWanYuan: cap,
      priceWanYuan: s.price,
      priceLeader: s.priceLeader,
      selfHeldPercent: s.share,
      shareLeader: s.shareLeader,
      floorAreaSqm: s.area,
      areaLeader: s.areaLeader,
      accepters: [...s.accepters],
      deadlineSec: deadline(),
      lastAtSec: s.lastAtSec,
      winner: s.winner,
      lotteryDraw: s.lottery,
      log: [...s.log],
      refusedCount: s.refused,
    }),
  };
}

/**
 * Replays an event log under a plot's rules; the same rules and log always give the same outcome.
 *
 * @example replayAuction(rules, [{ type: 'open', atSec: 0 }, { type: 'bid', atSec: 5, bidder: 'A', priceWanYuan: '10000' },
 *   { type: 'tick', atSec: 400 }]).winner // { bidder: 'A', priceWanYuan: '10000', basis: 'highest-price', … }
 */
export function replayAuction(rules: AuctionRules, events: readonly AuctionEvent[]): AuctionSnapshot {
  const m = startAuction(rules);
  for (const e of events) m.apply(e);
  return m.snapshot();
}

export interface AuctionReplayCheck {
  readonly outcome: AuctionSnapshot;
  /** Null when the log carries no recorded result; otherwise whether the replay agrees with it. */
  readonly matchesRecorded: boolean | null;
  readonly messageZh: string;
  readonly messageEn: string;
}

/** Replays a log file and compares the winner (and price, if recorded) with the result recorded at the time. */
export function checkAuctionLog(log: {
  readonly rules: AuctionRules;
  readonly events: readonly AuctionEvent[];
  readonly recorded?: { readonly winner: string | null; readonly priceWanYuan?: string | null | undefined } | undefined;
}): AuctionReplayCheck {
  const outcome = replayAuction(log.rules, log.events);
  const w = outcome.winner;
  const got = w === null ? '无' : `${w.bidder}（${w.priceWanYuan} 万元）`;
  const gotEn = w === null ? 'none' : `${w.bidder} (${w.priceWanYuan})`;
  if (log.recorded === undefined) {
    return { outcome, matchesRecorded: null, messageZh: `复算竞得人：${got}`, messageEn: `replayed winner: ${gotEn}` };
  }
  const r = log.recorded;
  const sameWinner = (w?.bidder ?? null) === r.winner;
  const samePrice =
    r.priceWanYuan === undefined ||
    (r.priceWanYuan === null ? w === null : w !== null && compareDecimals(w.priceWanYuan, r.priceWanYuan) === 0);
  const ok = sameWinner && samePrice;
  return {
    outcome,
    matchesRecorded: ok,
    messageZh: ok
      ? `复算结果与记录一致：${got}`
      : `复算竞得人为 ${got}，与记录 ${r.winner ?? '无'}（${r.priceWanYuan ?? '—'}）不符`,
    messageEn: ok
      ? `the replay agrees with the record: ${gotEn}`
      : `replayed winner ${gotEn} differs from the recorded ${r.winner ?? 'none'} (${r.priceWanYuan ?? '—'})`,
  };
}
