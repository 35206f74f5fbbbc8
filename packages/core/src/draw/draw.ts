/**
 * Auditable random draws (001 三(二) 3 appraisal firms from the shortlist; 001 三(三) 3 experts from the pool "按照关联
 * 回避原则"; 001 四(二) the lottery after the circuit breaker). A draw is a pure function of a published seed and a
 * published, ordered list of candidates, so anyone can replay it; the algorithm is written out in README.md in this
 * folder precisely enough to re-implement it in another language.
 *
 * Before the draw the organiser publishes the commitment SHA-256(seed) together with the ordered candidate list
 * (and the exclusions with their reasons); after the draw the seed is revealed and `verifyDraw` checks that it
 * matches the commitment and that the result follows from it.
 */
import { sha256, utf8Encode, sha256Hex } from './sha256.js';

/** Name and version of the generator; part of every hashed block, so a future v2 can never collide with v1. */
export const DRAW_ALGORITHM = 'anju-draw-v1';

/** What a draw is for. */
export type DrawPurpose = 'appraisal-firms' | 'experts' | 'lottery' | 'other';

/** One candidate in the published, ordered list. */
export interface DrawCandidate {
  readonly id: string;
  readonly name: string;
}

/** A candidate removed before the draw, with the reason (e.g. related-party avoidance). */
export interface DrawExclusion {
  readonly id: string;
  readonly reasonZh: string;
  readonly reasonEn: string;
}

/** The whole record of a draw: everything an auditor needs to replay it. */
export interface DrawRecord {
  readonly algorithm: typeof DRAW_ALGORITHM;
  readonly drawId: string;
  readonly purpose: DrawPurpose;
  /** SHA-256 (hex) of the seed's UTF-8 bytes, published before the draw. */
  readonly commitment: string;
  /** The seed, revealed after the draw. */
  readonly seed: string;
  /** Every candidate, in the published order (excluded ones included). */
  readonly candidates: readonly DrawCandidate[];
  readonly exclusions: readonly DrawExclusion[];
  /** SHA-256 (hex) of the eligible ids joined by "\n", published with the commitment. */
  readonly candidateListHash: string;
  /** How many are drawn. */
  readonly count: number;
  /** The ids drawn, in draw order. */
  readonly result: readonly string[];
}

/** A draw announced before its seed is revealed: what the organiser publishes beforehand. */
export type DrawAnnouncement = Omit<DrawRecord, 'seed' | 'result'> & { readonly eligible: readonly string[] };

/** Refused draw input, in Chinese and English. */
export class DrawInputError extends Error {
  override readonly name = 'DrawInputError';
  constructor(
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
  }
}

const TWO_POW_32 = 4294967296;

/** The commitment published before the draw: SHA-256 of the seed (`printf '%s' SEED | sha256sum`). */
export function drawCommitment(seed: string): string {
  return sha256Hex(seed);
}

/** The hash of an ordered id list, as published: SHA-256 of the ids joined by "\n" (no trailing newline). */
export function candidateListHash(ids: readonly string[]): string {
  return sha256Hex(ids.join('\n'));
}

/** A stream of 32-bit words and uniform integers from (drawId, seed), counter mode over SHA-256 (README.md). */
export interface DrawStream {
  nextUint32(): number;
  /** A uniform integer in [0, n) for 1 ≤ n ≤ 2^32, by rejection sampling (no modulo bias). */
  below(n: number): number;
  /** How many SHA-256 blocks have been computed so far. */
  blocksUsed(): number;
}

function checkText(label: string, labelZh: string, text: string): void {
  if (text.length === 0 || text.includes('\n')) {
    throw new DrawInputError(`${labelZh}不能为空，也不能含换行`, `${label} must be non-empty and contain no newline`);
  }
}

/**
 * Counter mode: block i is SHA-256(UTF-8("anju-draw-v1\n" + drawId + "\n" + seed + "\n" + i)) with i in decimal
 * from 0; each block gives eight big-endian 32-bit words, used in order.
 */
export function createDrawStream(drawId: string, seed: string): DrawStream {
  checkText('drawId', '抽取编号', drawId);
  checkText('seed', '种子', seed);
  const prefix = `${DRAW_ALGORITHM}\n${drawId}\n${seed}\n`;
  let counter = 0;
  let words: number[] = [];
  let at = 8;
  const nextUint32 = (): number => {
    if (at === 8) {
      const block = sha256(utf8Encode(`${prefix}${counter}`));
      counter++;
      const view = new DataView(block.buffer);
      words = Array.from({ length: 8 }, (_, i) => view.getUint32(i * 4));
      at = 0;
    }
    return words[at++]!;
  };
  return {
    nextUint32,
    below(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32)
        throw new RangeError(`below(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      let x = nextUint32();
      while (x >= limit) x = nextUint32();
      return x % n;
    },
    blocksUsed: () => counter,
  };
}

/**
 * Draws `count` ids from `ids` without replacement, in draw order, by a forward partial Fisher–Yates shuffle:
 * for i = 0 … count−1, j = i + below(m − i), swap positions i and j; the result is the first `count` positions.
 *
 * @example selectIds('2025-001-experts', 'seed', ['E1', 'E2', 'E3', 'E4'], 3) // three distinct ids
 */
export function selectIds(drawId: string, seed: string, ids: readonly string[], count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > ids.length) {
    throw new DrawInputError(
      `抽取数量 ${count} 应在 1 到候选数 ${ids.length} 之间`,
      `count ${count} must be between 1 and the ${ids.length} eligible candidates`,
    );
  }
  const stream = createDrawStream(drawId, seed);
  const a = ids.slice();
  for (let i = 0; i < count; i++) {
    const j = i + stream.below(a.length - i);
    const tmp = a[i]!;
    a[i] = a[j]!;
    a[j] = tmp;
  }
  return a.slice(0, count);
}

/** What a draw takes. */
export interface DrawInput {
  readonly drawId: string;
  readonly purpose: DrawPurpose;
  readonly candidates: readonly DrawCandidate[];
  readonly exclusions?: readonly DrawExclusion[];
  readonly count: number;
}

function eligibleOf(candidates: readonly DrawCandidate[], exclusions: readonly DrawExclusion[]): string[] {
  const excluded = new Set(exclusions.map((e) => e.id));
  return candidates.filter((c) => !excluded.has(c.id)).map((c) => c.id);
}

function checkCandidates(candidates: readonly DrawCandidate[], exclusions: readonly DrawExclusion[]): void {
  const seen = new Set<string>();
  for (const c of candidates) {
    checkText('candidate id', '候选编号', c.id);
    if (seen.has(c.id)) throw new DrawInputError(`候选编号 ${c.id} 重复`, `candidate id ${c.id} is repeated`);
    seen.add(c.id);
  }
  for (const e of exclusions) {
    if (!seen.has(e.id)) {
      throw new DrawInputError(`回避对象 ${e.id} 不在候选名单中`, `excluded id ${e.id} is not a candidate`);
    }
  }
}

/** The announcement published before the draw: commitment, ordered candidates, exclusions and the list hash. */
export function announceDraw(input: DrawInput & { readonly commitment: string }): DrawAnnouncement {
  const exclusions = input.exclusions ?? [];
  checkText('drawId', '抽取编号', input.drawId);
  checkCandidates(input.candidates, exclusions);
  const eligible = eligibleOf(input.candidates, exclusions);
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > eligible.length) {
    throw new DrawInputError(
      `抽取数量 ${input.count} 应在 1 到可抽候选数 ${eligible.length} 之间`,
      `count ${input.count} must be between 1 and the ${eligible.length} eligible candidates`,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(input.commitment)) {
    throw new DrawInputError(
      '承诺值应为 64 位小写十六进制 SHA-256',
      'commitment must be a 64-digit lower-case hex SHA-256',
    );
  }
  return {
    algorithm: DRAW_ALGORITHM,
    drawId: input.drawId,
    purpose: input.purpose,
    commitment: input.commitment,
    candidates: input.candidates,
    exclusions,
    eligible,
    candidateListHash: candidateListHash(eligible),
    count: input.count,
  };
}

/**
 * Runs a draw with a revealed seed. With `commitment` given (published earlier), a seed that does not hash to it is
 * refused; without it the commitment is computed from the seed (for a draw announced and run in one step).
 */
export function runDraw(input: DrawInput & { readonly seed: string; readonly commitment?: string }): DrawRecord {
  const commitment = drawCommitment(input.seed);
  if (input.commitment !== undefined && input.commitment !== commitment) {
    throw new DrawInputError(
      '公布的种子与事先公布的承诺值不符',
      'the revealed seed does not hash to the commitment published beforehand',
    );
  }
  const a = announceDraw({ ...input, commitment });
  const result = selectIds(a.drawId, input.seed, a.eligible, a.count);
  return {
    algorithm: a.algorithm,
    drawId: a.drawId,
    purpose: a.purpose,
    commitment,
    seed: input.seed,
    candidates: a.candidates,
    exclusions: a.exclusions,
    candidateListHash: a.candidateListHash,
    count: a.count,
    result,
  };
}

/** One check of a verification. */
export interface DrawCheck {
  readonly id: 'algorithm' | 'commitment' | 'candidates' | 'candidate-list-hash' | 'result';
  readonly ok: boolean;
  readonly messageZh: string;
  readonly messageEn: string;
}

export interface DrawVerification {
  readonly ok: boolean;
  readonly checks: readonly DrawCheck[];
  /** The result recomputed from the seed and the eligible list; null when it could not be recomputed. */
  readonly recomputed: readonly string[] | null;
}

/**
 * Replays a draw record: the seed must hash to the commitment, the exclusions must be candidates, the eligible list
 * must hash to the published list hash, and the result must equal the one recomputed from the seed.
 */
export function verifyDraw(record: DrawRecord): DrawVerification {
  const checks: DrawCheck[] = [];
  const add = (id: DrawCheck['id'], ok: boolean, zh: string, en: string): void => {
    checks.push({ id, ok, messageZh: zh, messageEn: en });
  };
  add(
    'algorithm',
    record.algorithm === DRAW_ALGORITHM,
    record.algorithm === DRAW_ALGORITHM ? `算法 ${DRAW_ALGORITHM}` : `未知算法 ${String(record.algorithm)}`,
    record.algorithm === DRAW_ALGORITHM
      ? `algorithm ${DRAW_ALGORITHM}`
      : `unknown algorithm ${String(record.algorithm)}`,
  );
  const seedHash = drawCommitment(record.seed);
  const commitOk = seedHash === record.commitment;
  add(
    'commitment',
    commitOk,
    commitOk ? '种子与承诺值相符' : `种子的 SHA-256 为 ${seedHash}，与承诺值 ${record.commitment} 不符`,
    commitOk
      ? 'the seed matches the commitment'
      : `SHA-256 of the seed is ${seedHash}, not the commitment ${record.commitment}`,
  );
  let eligible: string[] | null = null;
  try {
    checkCandidates(record.candidates, record.exclusions);
    eligible = eligibleOf(record.candidates, record.exclusions);
    add('candidates', true, '候选名单与回避记录一致', 'candidates and exclusions are consistent');
  } catch (e) {
    const err = e as DrawInputError;
    add('candidates', false, err.messageZh, err.messageEn);
  }
  if (eligible !== null) {
    const h = candidateListHash(eligible);
    const hOk = h === record.candidateListHash;
    add(
      'candidate-list-hash',
      hOk,
      hOk
        ? '可抽候选名单与事先公布的名单哈希相符'
        : `可抽候选名单的哈希为 ${h}，与公布的 ${record.candidateListHash} 不符`,
      hOk
        ? 'the eligible list matches the published list hash'
        : `the eligible list hashes to ${h}, not the published ${record.candidateListHash}`,
    );
  }
  let recomputed: string[] | null = null;
  if (eligible !== null) {
    try {
      recomputed = selectIds(record.drawId, record.seed, eligible, record.count);
    } catch (e) {
      const err = e as DrawInputError;
      add('result', false, err.messageZh, err.messageEn);
    }
  }
  if (recomputed !== null) {
    const same = recomputed.length === record.result.length && recomputed.every((id, i) => record.result[i] === id);
    add(
      'result',
      same,
      same
        ? `结果可复现：${recomputed.join('、')}`
        : `按种子复算结果为 ${recomputed.join('、')}，记录为 ${record.result.join('、')}`,
      same
        ? `the result replays: ${recomputed.join(', ')}`
        : `the seed gives ${recomputed.join(', ')}, the record says ${record.result.join(', ')}`,
    );
  }
  return { ok: checks.every((c) => c.ok), checks, recomputed };
}
