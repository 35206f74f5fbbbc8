// `anju land value FILE`, `anju draw commit|run|verify`, `anju auction replay|simulate`: 土地出让 (SPEC §3.6, seed 001
// 三、四). Inputs are YAML/JSON files validated by the shared zod schemas in @anju/core; draws and auction logs are
// plain JSON files that anyone can replay with these commands (or re-implement from core/src/draw/README.md).
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import {
  DrawInputError,
  LandInputError,
  PHASE_LABELS,
  auctionLogSchema,
  auctionRulesSchema,
  checkAuctionLog,
  drawCommitment,
  drawRecordSchema,
  drawRunRequestSchema,
  explainText,
  landValuationRequestSchema,
  runDrawRequest,
  simulateAuction,
  valueLand,
  verifyDraw,
  type AuctionSnapshot,
  type DrawRecord,
  type LandValuationResult,
} from '@anju/core';
import { t, type Context } from '../context.js';
import { renderTable } from '../table.js';
import { readInput } from '../read-input.js';
import { DataError, UserError } from '../errors.js';

function inputError(ctx: Context, e: unknown): never {
  if (e instanceof LandInputError || e instanceof DrawInputError) throw new DataError(t(ctx, e.messageZh, e.messageEn));
  throw e;
}

/** A fresh seed: 32 bytes from the operating system's CSPRNG, as 64 hex digits. */
export function freshSeed(): string {
  return randomBytes(32).toString('hex');
}

// ── land value ──

function printValuation(ctx: Context, r: LandValuationResult): void {
  if (r.kind === 'residual') {
    const v = r.valuation;
    ctx.out(
      renderTable(
        [t(ctx, '项目', 'component'), t(ctx, '元/㎡', 'yuan/m²')],
        v.lines.map((l) => [`${l.sign} ${t(ctx, l.labelZh, l.labelEn)}`, l.yuanPerSqm]),
      ),
    );
    ctx.out(explainText(v.floorPriceYuanPerSqm, ctx.lang));
    ctx.out(explainText(v.totalPriceWanYuan, ctx.lang).split('\n')[0]!);
  } else if (r.kind === 'industrial') {
    ctx.out(explainText(r.valuation.priceYuanPerSqm, ctx.lang));
    if (r.valuation.totalWanYuan !== null) ctx.out(explainText(r.valuation.totalWanYuan, ctx.lang).split('\n')[0]!);
  } else {
    ctx.out(explainText(r.check.changePercent, ctx.lang));
    ctx.out(
      r.check.ok
        ? t(ctx, '结论：达标', 'verdict: within the cap')
        : t(ctx, '结论：超出上限', 'verdict: beyond the cap'),
    );
  }
}

/** `anju land value FILE`: residual valuation, industrial price or the 5 % change check, with the breakdown. */
export async function landValueCommand(ctx: Context, file: string | undefined): Promise<number> {
  const req = await readInput(ctx, file, landValuationRequestSchema);
  let result: LandValuationResult;
  try {
    result = valueLand(req);
  } catch (e) {
    return inputError(ctx, e);
  }
  if (ctx.json) ctx.out(JSON.stringify(result, null, 2));
  else printValuation(ctx, result);
  return result.kind === 'price-change' && !result.check.ok ? 1 : 0;
}

// ── draws ──

function printDraw(ctx: Context, r: DrawRecord): void {
  const name = new Map(r.candidates.map((c) => [c.id, c.name]));
  ctx.out(
    t(ctx, `抽取 ${r.drawId}（${r.purpose}），算法 ${r.algorithm}`, `draw ${r.drawId} (${r.purpose}), ${r.algorithm}`),
  );
  ctx.out(t(ctx, `承诺值 SHA-256(种子)：${r.commitment}`, `commitment SHA-256(seed): ${r.commitment}`));
  ctx.out(t(ctx, `种子：${r.seed}`, `seed: ${r.seed}`));
  ctx.out(t(ctx, `候选名单哈希：${r.candidateListHash}`, `candidate list hash: ${r.candidateListHash}`));
  for (const e of r.exclusions) ctx.out(`  ${t(ctx, '回避', 'excluded')} ${e.id}: ${t(ctx, e.reasonZh, e.reasonEn)}`);
  ctx.out(
    renderTable(
      [t(ctx, '顺序', 'order'), t(ctx, '编号', 'id'), t(ctx, '名称', 'name')],
      r.result.map((id, i) => [String(i + 1), id, name.get(id) ?? '']),
    ),
  );
}

export interface DrawOptions {
  seed?: string;
  out?: string;
}

/** `anju draw commit`: a fresh seed to keep secret and its commitment to publish before the draw. */
export function drawCommitCommand(ctx: Context): number {
  const seed = freshSeed();
  const commitment = drawCommitment(seed);
  if (ctx.json) ctx.out(JSON.stringify({ seed, commitment }, null, 2));
  else {
    ctx.out(t(ctx, `种子（抽取前保密）：${seed}`, `seed (keep secret until the draw): ${seed}`));
    ctx.out(t(ctx, `承诺值（抽取前公布）：${commitment}`, `commitment (publish before the draw): ${commitment}`));
  }
  return 0;
}

/** `anju draw run FILE [--seed S] [--out LOG]`: runs a draw request and writes its record. */
export async function drawRunCommand(ctx: Context, file: string | undefined, o: DrawOptions): Promise<number> {
  const req = await readInput(ctx, file, drawRunRequestSchema);
  const seed = o.seed ?? req.seed ?? freshSeed();
  let record: DrawRecord;
  try {
    record = runDrawRequest(req, seed);
  } catch (e) {
    return inputError(ctx, e);
  }
  const json = JSON.stringify(record, null, 2);
  if (o.out !== undefined) await writeFile(o.out, `${json}\n`);
  if (ctx.json) ctx.out(json);
  else {
    printDraw(ctx, record);
    if (o.out !== undefined) ctx.out(t(ctx, `记录已写入 ${o.out}`, `record written to ${o.out}`));
  }
  return 0;
}

/** `anju draw verify LOG`: replays a draw record; exit 0 when the result follows from the seed, 1 otherwise. */
export async function drawVerifyCommand(ctx: Context, file: string | undefined): Promise<number> {
  const record = (await readInput(ctx, file, drawRecordSchema)) as DrawRecord;
  const v = verifyDraw(record);
  if (ctx.json) ctx.out(JSON.stringify(v, null, 2));
  else {
    for (const c of v.checks) ctx.out(`${c.ok ? '✓' : '✗'} ${t(ctx, c.messageZh, c.messageEn)}`);
    ctx.out(
      v.ok
        ? t(ctx, '验证通过：结果可由种子复现', 'verified: the result follows from the seed')
        : t(ctx, '验证未通过', 'verification FAILED'),
    );
  }
  return v.ok ? 0 : 1;
}

// ── auctions ──

function printAuction(ctx: Context, o: AuctionSnapshot): void {
  ctx.out(
    renderTable(
      ['#', t(ctx, '时间(秒)', 'time (s)'), t(ctx, '结果', 'verdict'), t(ctx, '说明', 'detail')],
      o.log.map((e) => [
        String(e.seq),
        String(e.atSec),
        e.kind === 'accepted'
          ? t(ctx, '有效', 'valid')
          : e.kind === 'refused'
            ? t(ctx, `拒绝:${e.reason}`, `refused:${e.reason}`)
            : t(ctx, '阶段', 'phase'),
        t(ctx, e.messageZh, e.messageEn),
      ]),
    ),
  );
  const p = PHASE_LABELS[o.phase];
  ctx.out(t(ctx, `状态：${p.zh}`, `state: ${p.en}`));
  const w = o.winner;
  if (w !== null) {
    ctx.out(
      t(
        ctx,
        `竞得人：${w.bidder}，成交价 ${w.priceWanYuan} 万元（${w.basis}）` +
          (w.selfHeldPercent === null ? '' : `，自持 ${w.selfHeldPercent}%`) +
          (w.floorAreaSqm === null ? '' : `，配建 ${w.floorAreaSqm} ㎡`),
        `winner: ${w.bidder} at ${w.priceWanYuan} (10k yuan) by ${w.basis}` +
          (w.selfHeldPercent === null ? '' : `, self-held ${w.selfHeldPercent} %`) +
          (w.floorAreaSqm === null ? '' : `, floor area ${w.floorAreaSqm} m²`),
      ),
    );
  }
}

/** `anju auction replay LOG`: recomputes the winner from the rules and the event log; exit 1 on a mismatch. */
export async function auctionReplayCommand(ctx: Context, file: string | undefined): Promise<number> {
  const log = await readInput(ctx, file, auctionLogSchema);
  const check = checkAuctionLog(log);
  if (ctx.json) ctx.out(JSON.stringify(check, null, 2));
  else {
    printAuction(ctx, check.outcome);
    ctx.out(t(ctx, check.messageZh, check.messageEn));
  }
  return check.matchesRecorded === false ? 1 : 0;
}

export interface SimulateOptions {
  seed?: string;
  bidders?: string;
  out?: string;
}

/** `anju auction simulate RULES [--seed S] [--bidders N] [--out LOG]`: plays the rules against generated bidders. */
export async function auctionSimulateCommand(
  ctx: Context,
  file: string | undefined,
  o: SimulateOptions,
): Promise<number> {
  const rules = await readInput(ctx, file, auctionRulesSchema);
  const bidders = Number(o.bidders ?? '5');
  if (!Number.isInteger(bidders) || bidders < 1 || bidders > 200) {
    throw new UserError(t(ctx, '--bidders 应为 1 到 200 的整数', '--bidders must be a whole number from 1 to 200'));
  }
  const sim = simulateAuction(rules, { seed: o.seed ?? 'anju', bidders });
  const w = sim.outcome.winner;
  const log = {
    rules: sim.rules,
    events: sim.events,
    recorded: { winner: w?.bidder ?? null, priceWanYuan: w?.priceWanYuan ?? null, phase: sim.outcome.phase },
  };
  if (o.out !== undefined) await writeFile(o.out, `${JSON.stringify(log, null, 2)}\n`);
  if (ctx.json) {
    ctx.out(JSON.stringify({ ...sim, log }, null, 2));
    return 0;
  }
  ctx.out(
    renderTable(
      [
        t(ctx, '模拟竞买人', 'bidder'),
        t(ctx, '最高心理价(万元)', 'max price (10k yuan)'),
        t(ctx, '最高自持%', 'max self-held %'),
        t(ctx, '最多配建㎡', 'max area m²'),
      ],
      sim.bidders.map((b) => [b.id, b.maxPriceWanYuan, b.maxSelfHeldPercent, b.maxFloorAreaSqm]),
    ),
  );
  printAuction(ctx, sim.outcome);
  if (o.out !== undefined)
    ctx.out(
      t(
        ctx,
        `日志已写入 ${o.out}，可用 anju auction replay 复算`,
        `log written to ${o.out}; replay it with anju auction replay`,
      ),
    );
  return 0;
}
