/**
 * A seeded, replayable pseudo-random generator for synthetic data, lotteries and draws (STYLE.md: randomness is an
 * input). Anyone with the seed can re-implement it from this description and get the same numbers.
 *
 * Generator: xoshiro128** 1.1 (32-bit state of four words), exactly as in Blackman & Vigna's reference C code
 * (https://prng.di.unimi.it/xoshiro128starstar.c):
 *
 * ```c
 * result = rotl(s[1] * 5, 7) * 9;  t = s[1] << 9;
 * s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 11);
 * ```
 * (all arithmetic modulo 2^32).
 *
 * Seeding (`seedToState`):
 * 1. The seed text is the string itself, or `String(n)` for a number (so `createRng(42)` equals `createRng('42')`).
 * 2. The text's UTF-8 bytes are folded into one 32-bit word `h` with FNV-1a 32:
 *    `h = 0x811c9dc5; for each byte b: h = (h XOR b) * 0x01000193 mod 2^32`.
 * 3. SplitMix32 expands `h` into the four state words s[0..3], in order: for each word,
 *    `h = h + 0x9e3779b9 mod 2^32; z = h; z = (z XOR z>>>16) * 0x85ebca6b; z = (z XOR z>>>13) * 0xc2b2ae35;
 *    z = z XOR z>>>16` (products modulo 2^32). The four counters are distinct and the mix is a bijection, so at most
 *    one word can be zero and the state is never all-zero.
 *
 * Derived draws:
 * - `next()`: `a = u32 >>> 5`, `b = u32 >>> 6` from two consecutive draws, `(a * 2^26 + b) / 2^53`.
 * - `int(min, max)`: `range = max - min + 1 ≤ 2^32`; draw `x` until `x < 2^32 - (2^32 mod range)`; `min + x mod range`.
 * - `normal(mean, sd)`: Box–Muller cosine branch, `u1 = 1 - next()`, `u2 = next()`,
 *   `mean + sd * sqrt(-2 ln u1) * cos(2π u2)`; no value is cached between calls. (Math.log and Math.cos may differ
 *   in the last bit between JavaScript engines; the integer draws never do.)
 * - `shuffle(xs)`: Fisher–Yates from the last index down: `for i = n-1..1: j = int(0, i); swap(i, j)`.
 * - `pick(xs)`: `xs[int(0, n-1)]`.
 * - `fork(label)`: a new generator seeded with `seedText + "\u001f" + label`; it does not depend on, or consume,
 *   the parent's draws, so a named sub-stream can be replayed on its own.
 */

/** Four 32-bit words of xoshiro128** state. */
export type RngState = readonly [number, number, number, number];

/** A seeded generator; every method advances the same stream except `fork`. */
export interface Rng {
  /** The seed text this generator (or its fork chain) was created from; undefined for a raw-state generator. */
  readonly seedText: string | undefined;
  /** The next raw 32-bit output as an unsigned integer. */
  nextUint32(): number;
  /** A uniform double in [0, 1) built from 53 random bits (two draws). */
  next(): number;
  /** A uniform integer in [minInclusive, maxInclusive] without modulo bias. */
  int(minInclusive: number, maxInclusive: number): number;
  /** A normal deviate by Box–Muller. */
  normal(mean: number, sd: number): number;
  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** A uniformly shuffled copy (Fisher–Yates); the input is not changed. */
  shuffle<T>(items: readonly T[]): T[];
  /** An independent generator for a named sub-stream, derived from the seed text and the label. */
  fork(label: string): Rng;
  /** A copy of the current state (for audit logs and tests). */
  state(): RngState;
}

const TWO_POW_32 = 4294967296;

/** UTF-8 bytes of a string, written out so core needs no platform encoder. */
function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return bytes;
}

/** FNV-1a 32-bit hash of a string's UTF-8 bytes, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const b of utf8Bytes(text)) {
    h = Math.imul(h ^ b, 0x01000193);
  }
  return h >>> 0;
}

/** The xoshiro128** state for a seed, by FNV-1a 32 then SplitMix32 (see the module comment). */
export function seedToState(seed: string | number): RngState {
  let h = fnv1a32(seedText(seed));
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    h = (h + 0x9e3779b9) >>> 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    words.push((z ^ (z >>> 16)) >>> 0);
  }
  return [words[0] ?? 0, words[1] ?? 0, words[2] ?? 0, words[3] ?? 0];
}

function seedText(seed: string | number): string {
  if (typeof seed === 'number' && !Number.isFinite(seed)) {
    throw new RangeError(`RNG seed must be a finite number or a string, got ${seed}`);
  }
  return String(seed);
}

/** Creates a generator from a seed string or number (the seeding procedure is in the module comment). */
export function createRng(seed: string | number): Rng {
  const text = seedText(seed);
  return makeRng(seedToState(text), text);
}

/** Creates a generator from an explicit state (for re-implementers' test vectors); the state must not be all zero. */
export function rngFromState(state: RngState): Rng {
  if (state.every((w) => w >>> 0 === 0)) throw new RangeError('xoshiro128** state must not be all zero');
  return makeRng(state, undefined);
}

function makeRng(initial: RngState, text: string | undefined): Rng {
  let s0 = initial[0] >>> 0;
  let s1 = initial[1] >>> 0;
  let s2 = initial[2] >>> 0;
  let s3 = initial[3] >>> 0;

  const nextUint32 = (): number => {
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };

  const next = (): number => {
    const a = nextUint32() >>> 5;
    const b = nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };

  const int = (minInclusive: number, maxInclusive: number): number => {
    if (!Number.isSafeInteger(minInclusive) || !Number.isSafeInteger(maxInclusive)) {
      throw new RangeError(`int() bounds must be safe integers, got ${minInclusive} and ${maxInclusive}`);
    }
    const range = maxInclusive - minInclusive + 1;
    if (range < 1 || range > TWO_POW_32) {
      throw new RangeError(`int() range must hold 1 to 2^32 values, got [${minInclusive}, ${maxInclusive}]`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % range);
    let x = nextUint32();
    while (x >= limit) x = nextUint32();
    return minInclusive + (x % range);
  };

  const rng: Rng = {
    seedText: text,
    nextUint32,
    next,
    int,
    normal(mean: number, sd: number): number {
      const u1 = 1 - next();
      const u2 = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
      return items[int(0, items.length - 1)] as T;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
    fork(label: string): Rng {
      if (text === undefined) throw new Error('fork() needs a generator created from a seed');
      return createRng(`${text}\u001f${label}`);
    },
    state(): RngState {
      return [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0];
    },
  };
  return rng;
}
