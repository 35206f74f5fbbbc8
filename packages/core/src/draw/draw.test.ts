import { describe, expect, it } from 'vitest';
import {
  announceDraw,
  candidateListHash,
  createDrawStream,
  drawCommitment,
  DrawInputError,
  runDraw,
  selectIds,
  verifyDraw,
  type DrawRecord,
} from './draw.js';
import { drawAppraisalFirms, drawExperts, drawLottery, relatedPartyExclusions } from './draw-uses.js';

const EXPERTS = ['E01', 'E02', 'E03', 'E04', 'E05', 'E06', 'E07', 'E08', 'E09', 'E10'];
const SEED = 'd3b07384d113edec49eaa6238ad5ff00';

// Vectors computed independently with Python's hashlib (the reference script in README.md).
describe('counter-mode stream', () => {
  it('block 0 is SHA-256("anju-draw-v1\\n" + drawId + "\\n" + seed + "\\n0") read as big-endian words', () => {
    const s = createDrawStream('2025-ZZ-001-experts', SEED);
    const words = Array.from({ length: 8 }, () => s.nextUint32());
    expect(words).toEqual([
      0xbb64e866, 0x123d7766, 0x620c5ac0, 0x77ef7957, 0xef2622e9, 0xfe44b6a9, 0x09611fe6, 0x7fe2ebd8,
    ]);
    expect(s.blocksUsed()).toBe(1);
    s.nextUint32();
    expect(s.blocksUsed()).toBe(2);
  });

  it('selects by forward partial Fisher–Yates, matching the reference implementation', () => {
    expect(selectIds('2025-ZZ-001-experts', SEED, EXPERTS, 3)).toEqual(['E07', 'E08', 'E03']);
    expect(selectIds('lottery-A', 'seed-1', ['B1', 'B2', 'B3', 'B4', 'B5'], 5)).toEqual(['B2', 'B5', 'B3', 'B4', 'B1']);
  });

  it('publishes SHA-256 of the seed and of the eligible ids joined by newlines', () => {
    expect(drawCommitment(SEED)).toBe('8d5c8d603646b215a2cfc1eadde0190ba4ceed02d9729d50d235e71de5dd4d81');
    expect(candidateListHash(EXPERTS)).toBe('5ad99ac5573c60cc395dda5a82ff06b35a77a3205f90352e546ffdc6cad1cc08');
  });

  it('refuses a seed with a newline and a count larger than the list', () => {
    expect(() => createDrawStream('d', 'a\nb')).toThrow(DrawInputError);
    expect(() => selectIds('d', 's', ['A', 'B'], 3)).toThrow(DrawInputError);
  });
});

const candidates = EXPERTS.map((id) => ({ id, name: `专家${id}` }));

describe('draw records and verification', () => {
  const record = runDraw({ drawId: '2025-ZZ-001-experts', purpose: 'experts', seed: SEED, candidates, count: 3 });

  it('records commitment, seed, ordered candidates and result, and verifies', () => {
    expect(record.commitment).toBe(drawCommitment(SEED));
    expect(record.result).toEqual(['E07', 'E08', 'E03']);
    const v = verifyDraw(record);
    expect(v.ok).toBe(true);
    expect(v.recomputed).toEqual(['E07', 'E08', 'E03']);
    expect(v.checks.map((c) => c.id)).toEqual([
      'algorithm',
      'commitment',
      'candidates',
      'candidate-list-hash',
      'result',
    ]);
  });

  it('replays to the same result through a JSON round trip', () => {
    const copy = JSON.parse(JSON.stringify(record)) as DrawRecord;
    expect(verifyDraw(copy).recomputed).toEqual(record.result);
  });

  it('fails when the seed is changed', () => {
    const v = verifyDraw({ ...record, seed: `${SEED}x` });
    expect(v.ok).toBe(false);
    expect(v.checks.find((c) => c.id === 'commitment')?.ok).toBe(false);
    expect(v.checks.find((c) => c.id === 'result')?.ok).toBe(false);
  });

  it('fails when the candidate list is reordered or changed', () => {
    const reordered = verifyDraw({ ...record, candidates: [...candidates].reverse() });
    expect(reordered.ok).toBe(false);
    expect(reordered.checks.find((c) => c.id === 'candidate-list-hash')?.ok).toBe(false);
    const dropped = verifyDraw({ ...record, candidates: candidates.slice(1) });
    expect(dropped.ok).toBe(false);
    expect(dropped.checks.find((c) => c.id === 'candidate-list-hash')?.ok).toBe(false);
  });

  it('fails when the result is edited, even with seed and list intact', () => {
    const v = verifyDraw({ ...record, result: ['E07', 'E03', 'E08'] });
    expect(v.ok).toBe(false);
    expect(v.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['result']);
  });

  it('refuses a revealed seed that does not match the commitment published beforehand', () => {
    const a = announceDraw({ drawId: 'x', purpose: 'lottery', candidates, count: 1, commitment: drawCommitment('s1') });
    expect(a.eligible).toHaveLength(10);
    expect(() =>
      runDraw({ drawId: 'x', purpose: 'lottery', candidates, count: 1, seed: 's2', commitment: a.commitment }),
    ).toThrow(DrawInputError);
    expect(
      runDraw({ drawId: 'x', purpose: 'lottery', candidates, count: 1, seed: 's1', commitment: a.commitment })
        .commitment,
    ).toBe(a.commitment);
  });
});

describe('the policy draws', () => {
  it('excludes related experts before the draw and logs why (001 三(三))', () => {
    const experts = EXPERTS.map((id) => ({
      id,
      name: `专家${id}`,
      affiliations: id === 'E07' ? ['某某地产'] : id === 'E03' ? ['评估所A'] : [],
    }));
    const parties = [
      { id: 'B1', name: '某某地产', roleZh: '竞买人', roleEn: 'bidder' },
      { id: 'F1', name: '评估所A', roleZh: '评估机构', roleEn: 'appraisal firm' },
    ];
    const relations = [
      { expertId: 'E08', partyId: 'B1', relationZh: '近亲属任职', relationEn: 'close relative employed' },
    ];
    const ex = relatedPartyExclusions(experts, parties, relations);
    expect(ex.map((e) => e.id)).toEqual(['E03', 'E07', 'E08']);
    expect(ex[0]!.reasonZh).toBe('关联回避：与评估机构“评估所A”存在关联（任职或服务于 评估所A）');
    expect(ex[2]!.reasonEn).toBe('avoidance: related to bidder "某某地产" (close relative employed)');

    const r = drawExperts({ drawId: '2025-ZZ-001-experts', seed: SEED, experts, parties, relations });
    expect(r.exclusions).toHaveLength(3);
    // Eligible: E01 E02 E04 E05 E06 E09 E10, drawn by the same stream as above.
    const eligible = ['E01', 'E02', 'E04', 'E05', 'E06', 'E09', 'E10'];
    expect(r.candidateListHash).toBe(candidateListHash(eligible));
    expect(r.result).toEqual(selectIds('2025-ZZ-001-experts', SEED, eligible, 3));
    expect(r.result.some((id) => ['E03', 'E07', 'E08'].includes(id))).toBe(false);
    expect(verifyDraw(r).ok).toBe(true);
    // Dropping an exclusion after the fact changes the eligible list and fails verification.
    expect(verifyDraw({ ...r, exclusions: r.exclusions.slice(1) }).ok).toBe(false);
  });

  it('draws 3 appraisal firms and a lottery winner', () => {
    const firms = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'].map((id) => ({ id, name: id }));
    const f = drawAppraisalFirms({ drawId: 'plot-7-firms', seed: 'abc', firms });
    expect(f.result).toEqual(selectIds('plot-7-firms', 'abc', ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'], 3));
    expect(new Set(f.result).size).toBe(3);
    const l = drawLottery({ drawId: 'plot-7-lottery', seed: 'abc', entrants: firms });
    expect(l.result).toHaveLength(1);
    expect(l.result).toEqual(selectIds('plot-7-lottery', 'abc', ['F1', 'F2', 'F3', 'F4', 'F5', 'F6'], 1));
    expect(verifyDraw(l).ok).toBe(true);
  });
});

/** Pearson's chi-square statistic of observed counts against equal expected counts. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  return counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
}

describe('no bias toward a position (chi-square, fixed seeds)', () => {
  it('a single lottery pick among 8 is uniform over positions (df 7, p = 0.001 critical 24.32)', () => {
    const ids = ['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'];
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) {
      const [w] = selectIds('chi-lottery', `seed-${i}`, ids, 1);
      counts[ids.indexOf(w!)]!++;
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(8000);
    expect(chiSquare(counts)).toBeLessThan(24.32);
    expect(Math.min(...counts)).toBeGreaterThan(850);
  });

  it('3 of 10: every position is chosen 30 % of the time, first pick uniform (df 9, critical 27.88)', () => {
    const counts = new Array<number>(10).fill(0);
    const first = new Array<number>(10).fill(0);
    for (let i = 0; i < 5000; i++) {
      const r = selectIds('chi-experts', `seed-${i}`, EXPERTS, 3);
      for (const id of r) counts[EXPERTS.indexOf(id)]!++;
      first[EXPERTS.indexOf(r[0]!)]!++;
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(15000);
    expect(chiSquare(counts)).toBeLessThan(27.88);
    expect(chiSquare(first)).toBeLessThan(27.88);
  });

  it('a 7-way pick (not a power of two, so rejection sampling is used) is uniform (df 6, critical 22.46)', () => {
    const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[ids.indexOf(selectIds('chi-7', String(i), ids, 1)[0]!)]!++;
    expect(chiSquare(counts)).toBeLessThan(22.46);
  });
});
