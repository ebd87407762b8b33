/** @file Action and observation spaces (Gymnasium's Discrete and Box). */
import { ValueError } from '../errors.js';
import type { Generator } from '../tensor/random.js';

/**
 * The integers 0 … n−1. PyTorch ecosystem: `gymnasium.spaces.Discrete(n)`.
 * @example new rl.Discrete(2).n // CartPole's action space
 */
export class Discrete {
  readonly kind = 'discrete';

  constructor(readonly n: number) {
    if (!Number.isInteger(n) || n <= 0) throw new ValueError(`Discrete: n must be a positive integer, got ${n}`);
  }

  /** A uniformly random element. */
  sample(generator: Generator): number {
    return generator.integer(0, this.n);
  }

  /** Whether `x` is one of the n actions. */
  contains(x: number): boolean {
    return Number.isInteger(x) && x >= 0 && x < this.n;
  }
}

/**
 * Real vectors with per-component bounds (±Infinity allowed). `gymnasium.spaces.Box(low, high)`.
 * Gymnasium: `gymnasium.spaces.Box(low, high)`.
 * @example new rl.Box([-1, -1], [1, 1]).contains([0.5, -0.2]) // true
 */
export class Box {
  readonly kind = 'box';
  readonly shape: number[];

  constructor(readonly low: readonly number[], readonly high: readonly number[]) {
    if (low.length !== high.length || low.some((l, i) => !(l <= high[i]!))) throw new ValueError(`Box: low must not exceed high, got [${low}] and [${high}]`);
    this.shape = [low.length];
  }

  /** Uniform within finite bounds, standard normal along unbounded ones. */
  sample(generator: Generator): number[] {
    return this.low.map((l, i) => {
      const h = this.high[i]!;
      return Number.isFinite(l) && Number.isFinite(h) ? l + (h - l) * generator.random() : generator.normal();
    });
  }

  /** Whether `x` has the box's shape and lies within its bounds. */
  contains(x: readonly number[]): boolean {
    return x.length === this.low.length && x.every((v, i) => v >= this.low[i]! && v <= this.high[i]!);
  }
}

/** An observation or action space. Gymnasium: `gymnasium.spaces.Space`. */
export type Space = Discrete | Box;
