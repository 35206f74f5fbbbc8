import { describe, expect, it } from 'vitest';
import { createRng, fnv1a32, rngFromState, seedToState } from './rng.js';

/** An independent BigInt transcription of the reference C code, to cross-check the 32-bit Math.imul version. */
function referenceXoshiro128ss(state: readonly [number, number, number, number], count: number): number[] {
  const M = 0xffffffffn;
  const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & M;
  const s = state.map((w) => BigInt(w));
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const [a, b, c, d] = s as [bigint, bigint, bigint, bigint];
    out.push(Number((rotl((b * 5n) & M, 7n) * 9n) & M));
    const t = (b << 9n) & M;
    const c1 = c ^ a;
    const d1 = d ^ b;
    const b1 = b ^ c1;
    const a1 = a ^ d1;
    s[0] = a1;
    s[1] = b1;
    s[2] = c1 ^ t;
    s[3] = rotl(d1, 11n);
  }
  return out;
}

describe('xoshiro128** core', () => {
  it('matches the hand-derived vector for state [1, 2, 3, 4]', () => {
    // By hand: result = rotl(2*5, 7) * 9 = 1280 * 9 = 11520; the state becomes [7, 0, 1026, 12288];
    // then rotl(0, 7) * 9 = 0; the state becomes [12295, 1029, 1029, 25165824]; then rotl(5145, 7) * 9 = 5927040.
    const rng = rngFromState([1, 2, 3, 4]);
    expect(rng.nextUint32()).toBe(11520);
    expect(rng.state()).toEqual([7, 0, 1026, 12288]);
    expect(rng.nextUint32()).toBe(0);
    expect(rng.state()).toEqual([12295, 1029, 1029, 25165824]);
    expect(rng.nextUint32()).toBe(5927040);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([70819200, 2031721883, 1637235492]);
  });

  it('agrees with an independent BigInt transcription over 1000 outputs from a seeded state', () => {
    const state = seedToState('anju');
    const rng = rngFromState(state);
    const ours = Array.from({ length: 1000 }, () => rng.nextUint32());
    expect(ours).toEqual(referenceXoshiro128ss(state, 1000));
  });

  it('rejects an all-zero state', () => {
    expect(() => rngFromState([0, 0, 0, 0])).toThrow(RangeError);
  });
});

describe('seeding', () => {
  it('FNV-1a 32 gives the published test vectors', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    // UTF-8 of 安居 is e5 ae 89 e5 b1 85.
    expect(fnv1a32('安居')).toBe(3524728142);
  });

  it('expands seeds into fixed states (recorded vectors)', () => {
    expect(seedToState('anju')).toEqual([1905691538, 552881656, 1240929104, 2473818193]);
    expect(seedToState(42)).toEqual([1180753347, 3620743429, 3298335937, 3832268278]);
    expect(seedToState(42)).toEqual(seedToState('42'));
  });

  it('rejects non-finite numeric seeds', () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
    expect(() => createRng(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('createRng', () => {
  it('gives fixed first outputs for a fixed seed (recorded vectors)', () => {
    const rng = createRng('anju');
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([
      2027572962, 725457701, 324314218, 4209782216, 877364045,
    ]);
  });

  it('builds next() from two draws: (a >>> 5) * 2^26 + (b >>> 6), over 2^53', () => {
    const rng = createRng('anju');
    // (2027572962 >>> 5) = 63361655, (725457701 >>> 6) = 11335276.
    expect(rng.next()).toBe((63361655 * 67108864 + 11335276) / 2 ** 53);
    expect(rng.next()).toBeCloseTo(0.0755, 4);
  });

  it('replays identically from the same seed', () => {
    const draw = (seed: string): unknown[] => {
      const rng = createRng(seed);
      return [rng.next(), rng.int(1, 6), rng.normal(100, 15), rng.pick(['a', 'b', 'c']), rng.shuffle([1, 2, 3, 4, 5])];
    };
    expect(draw('2026 lottery')).toEqual(draw('2026 lottery'));
    expect(draw('2026 lottery')).not.toEqual(draw('2026 lottery '));
  });

  it('records fixed int, normal and shuffle outputs', () => {
    const rng = createRng('anju');
    expect(rng.next()).toBe(0.4720811185904501);
    expect(rng.int(1, 6)).toBe(5);
    expect(rng.int(1, 6)).toBe(3);
    expect(rng.normal(0, 1)).toBeCloseTo(-0.32677278936332643, 12);
    expect(createRng(2025).shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([10, 3, 2, 6, 1, 9, 8, 5, 7, 4]);
  });

  it('keeps next() in [0, 1) and int() within its bounds', () => {
    const rng = createRng('bounds');
    for (let i = 0; i < 10000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = rng.int(-3, 3);
      expect(k >= -3 && k <= 3 && Number.isInteger(k)).toBe(true);
    }
    expect(rng.int(7, 7)).toBe(7);
    expect(() => rng.int(5, 4)).toThrow(RangeError);
    expect(() => rng.int(0, 2 ** 32)).toThrow(RangeError);
    expect(() => rng.int(0.5, 3)).toThrow(RangeError);
  });

  it('draws int(1, 10) uniformly: chi-square over 100 000 draws below the 0.1 % critical value for 9 df', () => {
    const rng = createRng('chi-square');
    const counts = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[rng.int(1, 10) - 1]! += 1;
    const expected = n / 10;
    const chi2 = counts.reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    // χ²(0.999; 9) = 27.877. A correct generator fails this one time in a thousand seeds; this seed is fixed.
    expect(chi2).toBeLessThan(27.877);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('has no modulo bias for a range that does not divide 2^32 (3 · 2^30)', () => {
    // With plain modulo, x mod 3·2^30 maps [0, 2^30) twice, so the lowest third would get half the draws.
    const rng = createRng('modulo-bias');
    const range = 3 * 2 ** 30;
    const counts = [0, 0, 0];
    const n = 30_000;
    for (let i = 0; i < n; i++) counts[Math.floor(rng.int(0, range - 1) / 2 ** 30)]! += 1;
    const chi2 = counts.reduce((acc, c) => acc + (c - n / 3) ** 2 / (n / 3), 0);
    // χ²(0.999; 2) = 13.816; modulo bias would give about 2500.
    expect(chi2).toBeLessThan(13.816);
  });

  it('draws normal deviates with the requested mean and sd', () => {
    const rng = createRng('normal');
    const n = 20_000;
    const xs = Array.from({ length: n }, () => rng.normal(50, 10));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    // Standard error of the mean is 10 / sqrt(20000) = 0.0707; 4 SE = 0.283. SE of the sd is about 0.05.
    expect(Math.abs(mean - 50)).toBeLessThan(0.283);
    expect(Math.abs(Math.sqrt(variance) - 10)).toBeLessThan(0.2);
  });

  it('shuffles into a permutation and leaves the input alone', () => {
    const input = Array.from({ length: 50 }, (_, i) => i);
    const rng = createRng('shuffle');
    for (let round = 0; round < 20; round++) {
      const out = rng.shuffle(input);
      expect(out).toHaveLength(50);
      expect([...out].sort((a, b) => a - b)).toEqual(input);
    }
    expect(input).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(rng.shuffle([])).toEqual([]);
  });

  it('picks every element of a small array and refuses an empty one', () => {
    const rng = createRng('pick');
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(rng.pick(['甘州区', '临泽县', '高台县']));
    expect([...seen].sort()).toEqual(['临泽县', '甘州区', '高台县'].sort());
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('forks independent, replayable sub-streams that do not consume the parent', () => {
    const parent = createRng('anju');
    const a = parent.fork('lottery');
    expect(parent.nextUint32()).toBe(2027572962);
    expect(a.state()).toEqual([1060194349, 4184748393, 2061629761, 3503788621]);
    expect(a.state()).toEqual(createRng('anju\u001flottery').state());
    const b = createRng('anju').fork('experts');
    expect(a.nextUint32()).not.toBe(b.nextUint32());
    expect(parent.fork('lottery').fork('round-2').seedText).toBe('anju\u001flottery\u001fround-2');
    expect(() => rngFromState([1, 2, 3, 4]).fork('x')).toThrow();
  });
});
