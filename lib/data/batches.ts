/**
 * A data-loader-like batch iterator, the PyTorch `DataLoader(dataset, batch_size, shuffle=True)`
 * of the course: each epoch is a fresh seeded permutation of the rows cut into batches, so a
 * seed fixes the whole sequence of batches (tfjs's `model.fit` shuffles with Math.random).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";

/** Options of `batchIndices` and `DataLoader`. */
export interface BatchOptions {
  /** Shuffle the rows every epoch (default true); false keeps 0, 1, ..., n−1. */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Seed of the shuffling generator (default DEFAULT_SEED); ignored when `rng` is given. */
  seed?: number;
  /** The shuffling generator (draws one permutation per epoch). */
  rng?: Rng;
}

/** Cut 0..n−1, shuffled by `rng` when asked, into batches of `batchSize` row indices. */
export function batchIndices(
  n: number,
  batchSize: number,
  opts: BatchOptions = {},
): number[][] {
  requireNumber("batchIndices", "n", n, { integer: true, positive: true });
  requireNumber("batchIndices", "batchSize", batchSize, { integer: true, positive: true });
  const order = opts.shuffle === false
    ? Array.from({ length: n }, (_, i) => i)
    : (opts.rng ?? new Rng(opts.seed ?? DEFAULT_SEED)).permutation(n);
  const out: number[][] = [];
  for (let s = 0; s < n; s += batchSize) {
    const b = order.slice(s, s + batchSize);
    if (b.length < batchSize && opts.dropLast) break;
    out.push(b);
  }
  return out;
}

/** One batch: features and targets of the same rows, plus which rows they are. */
export interface Batch {
  x: tf.Tensor;
  y: tf.Tensor;
  rows: number[];
}

/**
 * Batches of (x, y) rows, reshuffled each epoch from one seeded stream. Iterate it with
 * `for (const {x, y} of loader)`; the loader disposes each batch when the loop moves on (or
 * ends), so keep nothing from a batch beyond its iteration without `tf.clone`.
 */
export class DataLoader implements Iterable<Batch> {
  readonly #rng: Rng;
  readonly n: number;
  #epoch = 0;

  constructor(
    readonly x: tf.Tensor,
    readonly y: tf.Tensor,
    readonly batchSize: number,
    readonly opts: BatchOptions = {},
  ) {
    const fn = "DataLoader";
    require(x instanceof tf.Tensor && x.rank >= 1, fn, "x", "a tensor of rank ≥ 1", x);
    require(y instanceof tf.Tensor && y.rank >= 1, fn, "y", "a tensor of rank ≥ 1", y);
    require(
      y.shape[0] === x.shape[0],
      fn,
      "y",
      `${x.shape[0]} rows (as many as x)`,
      `${y.shape[0]} rows`,
    );
    requireNumber(fn, "batchSize", batchSize, { integer: true, positive: true });
    this.n = x.shape[0];
    require(this.n > 0, fn, "x", "at least one row", x);
    this.#rng = opts.rng ?? new Rng(opts.seed ?? DEFAULT_SEED);
  }

  /** Number of batches per epoch. */
  get length(): number {
    return this.opts.dropLast
      ? Math.floor(this.n / this.batchSize)
      : Math.ceil(this.n / this.batchSize);
  }

  /** Epochs started so far. */
  get epoch(): number {
    return this.#epoch;
  }

  /** The batches of one epoch (a new permutation each time it is iterated). */
  *[Symbol.iterator](): Iterator<Batch> {
    this.#epoch++;
    const batches = batchIndices(this.n, this.batchSize, { ...this.opts, rng: this.#rng });
    for (const rows of batches) {
      const idx = tf.tensor1d(rows, "int32");
      const batch = { x: tf.gather(this.x, idx), y: tf.gather(this.y, idx), rows };
      idx.dispose();
      try {
        yield batch;
      } finally {
        tf.dispose([batch.x, batch.y]);
      }
    }
  }
}
