/**
 * Seeded randomness for the whole course: one seed makes a run repeatable.
 * tfjs has no global seed and `model.fit` shuffles with Math.random, so the library draws
 * every shuffle, split, initialiser seed and dropout seed from an `Rng`.
 */
import { requireNumber } from "./errors.ts";

/** A small, fast, seedable generator (sfc32 seeded by splitmix32) with the usual draws. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spare: number | null = null;

  /** Create a generator from an integer seed. */
  constructor(readonly seed: number) {
    requireNumber("Rng", "seed", seed, { integer: true });
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1). */
  random(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform float in [lo, hi). */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.random();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    requireNumber("Rng.int", "n", n, { integer: true, positive: true });
    return Math.floor(this.random() * n);
  }

  /** Standard normal draw (Box-Muller, caching the spare value). */
  normal(mean = 0, std = 1): number {
    if (this.#spare !== null) {
      const v = this.#spare;
      this.#spare = null;
      return mean + std * v;
    }
    let u = 0;
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Gamma(shape, 1) draw (Marsaglia-Tsang). */
  gamma(shape: number): number {
    requireNumber("Rng.gamma", "shape", shape, { positive: true });
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.random() || 1e-300, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.random();
      if (u < 1 - 0.0331 * x ** 4) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Student-t draw with `df` degrees of freedom (unit scale, not unit variance). */
  studentT(df: number): number {
    requireNumber("Rng.studentT", "df", df, { positive: true });
    return this.normal() / Math.sqrt((2 * this.gamma(df / 2)) / df);
  }

  /** Array of `n` standard normal draws. */
  normals(n: number, mean = 0, std = 1): Float64Array {
    requireNumber("Rng.normals", "n", n, { integer: true, nonNegative: true });
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** Shuffle an array in place (Fisher-Yates) and return it. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): number[] {
    requireNumber("Rng.permutation", "n", n, { integer: true, nonNegative: true });
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** An integer seed for a tfjs initializer or dropout layer, drawn from this stream. */
  seedInt(): number {
    return this.nextUint32() % 2147483647;
  }

  /** An independent child generator, so sub-tasks do not disturb each other's streams. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}

/** The default seed of the course; notebooks pass it explicitly so readers can change it. */
export const DEFAULT_SEED = 42;

/** Create a seeded generator (shorthand for `new Rng(seed)`). */
export function rng(seed: number = DEFAULT_SEED): Rng {
  return new Rng(seed);
}
