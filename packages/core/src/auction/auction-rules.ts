/**
 * A plot's auction rules and the auction's lifecycle as data (001 四(二)): the phases, the transitions between them
 * and which events each phase takes. The engine (auction-engine.ts) only looks these tables up; there is no switch on
 * phases hidden in a handler.
 *
 * Residential "限地价、竞自持": price bids rise in increments until the price first reaches the circuit-breaker level
 * (a per-plot ratio within 120 %–130 % of the starting price, "报（竞）价首次达到出让起始价的120%—130%时熔断"); then,
 * by the plot's rule, either online bidding on the self-held share ("竞报最高者为竞得人"; on reaching 100 %, bidding on
 * the floor area of elderly-care or public-rental housing, "配建面积多者为竞得人") or a lottery among the bidders who
 * accept the capped price ("熔断后由网上交易系统随机摇号确定竞得人"). Commercial and industrial: "价高者得".
 */
import { z } from 'zod';

export type AuctionPhase =
  | 'announced'
  | 'price-bidding'
  | 'self-held-bidding'
  | 'floor-area-bidding'
  | 'cap-acceptance'
  | 'lottery'
  | 'sold'
  | 'failed';

export type AuctionTrigger = 'open' | 'cap-reached' | 'share-full' | 'timeout' | 'lottery-drawn';

/** The condition a transition row needs besides its phase and trigger. */
export type TransitionGuard =
  | 'always'
  | 'after-cap-self-held'
  | 'after-cap-lottery'
  | 'has-leader'
  | 'no-leader'
  | 'one-accepter'
  | 'several-accepters';

export interface AuctionTransition {
  readonly from: AuctionPhase;
  readonly on: AuctionTrigger;
  readonly guard: TransitionGuard;
  readonly to: AuctionPhase;
  readonly noteZh: string;
  readonly noteEn: string;
}

/** Every allowed transition; anything else is a defect and the engine throws. */
export const AUCTION_TRANSITIONS: readonly AuctionTransition[] = [
  { from: 'announced', on: 'open', guard: 'always', to: 'price-bidding', noteZh: '开始报价', noteEn: 'bidding opens' },
  {
    from: 'price-bidding',
    on: 'cap-reached',
    guard: 'after-cap-self-held',
    to: 'self-held-bidding',
    noteZh: '报价达到熔断价，转入竞报自持比例',
    noteEn: 'the price reached the cap: bidding on the self-held share',
  },
  {
    from: 'price-bidding',
    on: 'cap-reached',
    guard: 'after-cap-lottery',
    to: 'cap-acceptance',
    noteZh: '报价达到熔断价，接受限价的竞买人登记参加摇号',
    noteEn: 'the price reached the cap: bidders accepting the capped price register for the lottery',
  },
  {
    from: 'price-bidding',
    on: 'timeout',
    guard: 'has-leader',
    to: 'sold',
    noteZh: '限时内无更高报价，最高报价者竞得',
    noteEn: 'no higher bid in time: the highest bidder wins',
  },
  {
    from: 'price-bidding',
    on: 'timeout',
    guard: 'no-leader',
    to: 'failed',
    noteZh: '无人报价，流拍',
    noteEn: 'no bids: the sale failed',
  },
  {
    from: 'self-held-bidding',
    on: 'share-full',
    guard: 'always',
    to: 'floor-area-bidding',
    noteZh: '自持比例达到 100%，转入竞配建养老用房或公租房面积',
    noteEn: 'the self-held share reached 100 %: bidding on the floor area of elderly-care or public-rental housing',
  },
  {
    from: 'self-held-bidding',
    on: 'timeout',
    guard: 'always',
    to: 'sold',
    noteZh: '限时内无更高自持比例，竞报最高者竞得',
    noteEn: 'no higher self-held share in time: the highest share wins',
  },
  {
    from: 'floor-area-bidding',
    on: 'timeout',
    guard: 'always',
    to: 'sold',
    noteZh: '限时内无更多配建面积，配建面积多者竞得',
    noteEn: 'no larger floor area in time: the largest wins',
  },
  {
    from: 'cap-acceptance',
    on: 'timeout',
    guard: 'one-accepter',
    to: 'sold',
    noteZh: '仅一家接受限价，无需摇号',
    noteEn: 'only one bidder accepted the capped price: no lottery needed',
  },
  {
    from: 'cap-acceptance',
    on: 'timeout',
    guard: 'several-accepters',
    to: 'lottery',
    noteZh: '登记截止，等待公布摇号种子',
    noteEn: 'registration closed: waiting for the lottery seed',
  },
  {
    from: 'lottery',
    on: 'lottery-drawn',
    guard: 'always',
    to: 'sold',
    noteZh: '随机摇号确定竞得人',
    noteEn: 'the lottery decided the winner',
  },
];

export type AuctionEventType = 'open' | 'bid' | 'share-bid' | 'area-bid' | 'accept-cap' | 'lottery-draw' | 'tick';

/** Which events each phase takes (a `tick` — the clock advancing — is taken everywhere). */
export const PHASE_EVENTS: Readonly<Record<AuctionPhase, readonly AuctionEventType[]>> = {
  announced: ['open', 'tick'],
  'price-bidding': ['bid', 'tick'],
  'self-held-bidding': ['share-bid', 'tick'],
  'floor-area-bidding': ['area-bid', 'tick'],
  'cap-acceptance': ['accept-cap', 'tick'],
  lottery: ['lottery-draw', 'tick'],
  sold: ['tick'],
  failed: ['tick'],
};

/** Phases that end when `timeoutSec` pass without a valid action. */
export const TIMED_PHASES: readonly AuctionPhase[] = [
  'price-bidding',
  'self-held-bidding',
  'floor-area-bidding',
  'cap-acceptance',
];

export const PHASE_LABELS: Readonly<Record<AuctionPhase, { zh: string; en: string }>> = {
  announced: { zh: '公告期', en: 'announced' },
  'price-bidding': { zh: '竞价', en: 'price bidding' },
  'self-held-bidding': { zh: '竞自持比例', en: 'self-held share bidding' },
  'floor-area-bidding': { zh: '竞配建面积', en: 'floor-area bidding' },
  'cap-acceptance': { zh: '接受限价登记', en: 'capped-price registration' },
  lottery: { zh: '摇号', en: 'lottery' },
  sold: { zh: '已成交', en: 'sold' },
  failed: { zh: '流拍', en: 'failed' },
};

const decimal = z.string().regex(/^\d+(?:\.\d+)?$/, 'non-negative decimal number');
const id = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[^\n]*$/);

const commonRules = {
  plotId: id,
  startingPriceWanYuan: decimal,
  incrementWanYuan: decimal,
  /** Seconds without a valid action after which the phase ends (the deadline second itself is still in time). */
  timeoutSec: z.number().int().min(1).max(86400),
  qualifiedBidders: z.array(id).min(1).max(1000),
};

export const auctionRulesSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('highest-price'),
    landUse: z.enum(['commercial', 'industrial']),
    ...commonRules,
  }),
  z
    .strictObject({
      kind: z.literal('residential-capped'),
      landUse: z.literal('residential'),
      ...commonRules,
      /** Circuit-breaker level as a ratio of the starting price, 1.2–1.3 (001 四(二)). */
      capRatio: decimal,
      afterCap: z.enum(['self-held-share', 'lottery']),
      shareIncrementPercent: decimal.default('1'),
      floorAreaIncrementSqm: decimal.default('100'),
      floorAreaKind: z.enum(['elderly-care', 'public-rental']).default('public-rental'),
      /** SHA-256 of the lottery seed, published before the sale (lottery plots). */
      lotteryCommitment: z
        .string()
        .regex(/^[0-9a-f]{64}$/)
        .optional(),
    })
    .refine((r) => Number(r.capRatio) >= 1.2 && Number(r.capRatio) <= 1.3, {
      message: '熔断比例应在 1.2 到 1.3 之间 / capRatio must be within 1.2–1.3',
      path: ['capRatio'],
    })
    .refine((r) => r.afterCap !== 'lottery' || r.lotteryCommitment !== undefined, {
      message: '摇号地块须事先公布种子承诺值 / a lottery plot needs lotteryCommitment',
      path: ['lotteryCommitment'],
    }),
]);

export type AuctionRules = z.infer<typeof auctionRulesSchema>;
export type AuctionRulesInput = z.input<typeof auctionRulesSchema>;

const at = z.number().min(0).max(1e9);
export const auctionEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('open'), atSec: at }),
  z.strictObject({ type: z.literal('bid'), atSec: at, bidder: id, priceWanYuan: decimal }),
  z.strictObject({ type: z.literal('share-bid'), atSec: at, bidder: id, selfHeldPercent: decimal }),
  z.strictObject({ type: z.literal('area-bid'), atSec: at, bidder: id, floorAreaSqm: decimal }),
  z.strictObject({ type: z.literal('accept-cap'), atSec: at, bidder: id }),
  z.strictObject({
    type: z.literal('lottery-draw'),
    atSec: at,
    seed: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^\n]*$/),
  }),
  z.strictObject({ type: z.literal('tick'), atSec: at }),
]);

export type AuctionEvent = z.infer<typeof auctionEventSchema>;

/** An auction log file: the plot's rules, the events in order, and optionally the result recorded at the time. */
export const auctionLogSchema = z.strictObject({
  rules: auctionRulesSchema,
  events: z.array(auctionEventSchema).max(100000),
  recorded: z
    .strictObject({
      winner: id.nullable(),
      priceWanYuan: decimal.nullable().optional(),
      phase: z.string().optional(),
    })
    .optional(),
});

export type AuctionLog = z.infer<typeof auctionLogSchema>;
