/**
 * @file Seeded random numbers.
 *
 * The generator is xoshiro128** (Blackman & Vigna): 128 bits of state, period 2^128 − 1,
 * seeded from one integer through SplitMix32 so that nearby seeds give unrelated streams.
 * Uniform doubles take 53 bits from two 32-bit outputs; normals use the Box–Muller transform
 * (both values of each pair are used). The stream is not PyTorch's: tests never compare
 * random numbers with PyTorch, only statistics and determinism.
 */
import { getBackend } from '../backend/backend.js';
import { ValueError } from '../errors.js';

/**
 * A seeded pseudo-random generator; `manualSeed` reseeds the global one.
 * Like `torch.Generator`.
 * @example const g = new Generator(42); randn([2, 2], { generator: g })
 */
export class Generator {
  private s = new Uint32Array(4);
  private spareNormal: number | null = null;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Resets the stream to the one `seed` defines. Like `torch.Generator.manual_seed`. */
  manualSeed(seed: number): this {
    if (!Number.isFinite(seed)) throw new ValueError(`manualSeed: seed must be a finite number, got ${seed}`);
    let x = Math.trunc(seed) >>> 0;
    let hi = Math.floor(Math.trunc(seed) / 2 ** 32) >>> 0;
    for (let i = 0; i < 4; i++) {
      // SplitMix32 step, with the seed's high word mixed in.
      x = (x + 0x9e3779b9 + hi) >>> 0;
      hi = 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.s.every((v) => v === 0)) this.s[0] = 1;
    this.spareNormal = null;
    return this;
  }

  /** The next 32 uniformly random bits as an unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    const u1 = 1 - this.random(); // in (0, 1], so log is finite
    const u2 = this.random();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** A uniform integer in [low, high) without modulo bias. */
  integer(low: number, high: number): number {
    const range = high - low;
    if (range <= 0) throw new ValueError(`randint: empty range [${low}, ${high})`);
    if (range <= 2 ** 32) {
      const limit = 2 ** 32 - (2 ** 32 % range);
      let x: number;
      do x = this.nextUint32(); while (x >= limit);
      return low + (x % range);
    }
    return low + Math.floor(this.random() * range);
  }

  /**
   * Fills `out` with `value` where a 32-bit draw falls below `probability`·2³², else 0: one draw
   * per element, in a backend kernel (dropout masks need millions of draws per step). Every
   * backend draws the same stream.
   */
  fillBernoulli(out: Float32Array | Float64Array, probability: number, value: number): void {
    getBackend().bernoulli(this.s, out, probability, value);
  }

  /** The generator state, for checkpoints. */
  getState(): number[] {
    return [...this.s, this.spareNormal === null ? NaN : this.spareNormal];
  }

  /** Restores a state returned by `getState`. */
  setState(state: readonly number[]): void {
    if (state.length !== 5) throw new ValueError(`Generator.setState: expected 5 numbers, got ${state.length}`);
    for (let i = 0; i < 4; i++) this.s[i] = state[i]! >>> 0;
    this.spareNormal = Number.isNaN(state[4]) ? null : state[4]!;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The global generator used when no `generator` option is given. */
export const defaultGenerator = new Generator(0);

/**
 * Seeds the global generator, making every later random op reproducible.
 * Like `torch.manual_seed`.
 * @example manualSeed(0); const a = rand([3]); manualSeed(0); rand([3]) // equals a
 */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}

/**
 * Runs `fn` with the global generator seeded by `seed`, then puts the generator back as it was:
 * what `fn` draws is reproducible and the caller's random stream is untouched.
 * PyTorch: `with torch.random.fork_rng(): torch.manual_seed(seed); …`.
 * @example const judge = withSeed(0, () => trainJudge()) // the same judge whatever ran before
 */
export function withSeed<T>(seed: number, fn: () => T): T {
  const saved = defaultGenerator.getState();
  try {
    manualSeed(seed);
    return fn();
  } finally {
    defaultGenerator.setState(saved);
  }
}
