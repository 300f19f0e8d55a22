/**
 * Exercise 05: a pair dataset for contrastive learning. Two items form a positive pair when
 * they share a return quintile, a negative pair otherwise; the number of positives is fixed by
 * a ratio (stratified), and every draw comes from a seeded `Rng`. Replace the `throw` with your
 * code, then run `deno task grade 05`.
 */
import { Rng } from "../../lib/random.ts";

/** Pairs of item indices and their labels (1 = same quintile, 0 = different). */
export interface PairSet {
  left: number[];
  right: number[];
  label: number[];
}

/** Options of `makeQuintilePairs`. */
export interface PairOptions {
  /** Number of pairs to draw. */
  nPairs: number;
  /** Share of positive pairs: exactly round(nPairs × positiveRatio) positives (default 0.5). */
  positiveRatio?: number;
  /** Seed of the generator (default 0). */
  seed?: number;
}

/**
 * Draw `nPairs` pairs (i, j), i ≠ j: round(nPairs × positiveRatio) positives (an anchor drawn
 * uniformly among items whose group has a partner, the partner uniformly in its group), the rest
 * negatives (an anchor uniformly, the partner uniformly among items of other groups); return the
 * pairs in a shuffled order.
 * Use `new Rng(seed)` for every draw (`r.int(n)`, `r.shuffle(xs)`), never Math.random.
 * Reject bad input with an Error whose message names the argument: a ratio outside [0, 1],
 * nPairs not a positive integer, positives requested but no group with 2 items, negatives
 * requested but a single group.
 */
export function makeQuintilePairs(labels: readonly number[], options: PairOptions): PairSet {
  void labels, options, Rng;
  throw new Error("TODO: makeQuintilePairs — draw stratified positive and negative pairs");
}
