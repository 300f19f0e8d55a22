/**
 * Exercise 05 (reference solution): a pair dataset for contrastive learning. Two items form a
 * positive pair when they share a return quintile, a negative pair otherwise; the number of
 * positives is fixed by a ratio (stratified), and every draw comes from a seeded `Rng`.
 */
import { require, requireNumber } from "../../lib/errors.ts";
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
 * negatives (an anchor uniformly, the partner uniformly among items of other groups); the pairs
 * are returned in a shuffled order.
 */
export function makeQuintilePairs(labels: readonly number[], options: PairOptions): PairSet {
  const fn = "makeQuintilePairs";
  require(Array.isArray(labels) && labels.length >= 2, fn, "labels", "at least 2 labels", labels);
  labels.forEach((v, i) =>
    require(Number.isInteger(v), fn, "labels", "integer group labels", `${v} at index ${i}`)
  );
  const nPairs = requireNumber(fn, "options.nPairs", options.nPairs, {
    integer: true,
    positive: true,
  });
  const ratio = requireNumber(fn, "options.positiveRatio", options.positiveRatio ?? 0.5, {
    min: 0,
    max: 1,
  });
  const r = new Rng(requireNumber(fn, "options.seed", options.seed ?? 0, { integer: true }));
  const members = new Map<number, number[]>();
  labels.forEach((g, i) => members.set(g, [...(members.get(g) ?? []), i]));
  const nPos = Math.round(nPairs * ratio);
  const anchors = labels.map((_, i) => i).filter((i) => members.get(labels[i])!.length >= 2);
  require(nPos === 0 || anchors.length > 0, fn, "labels", "a group with 2+ items", "none");
  require(nPos === nPairs || members.size >= 2, fn, "labels", "at least 2 groups", "1 group");
  const pairs: [number, number, number][] = [];
  for (let k = 0; k < nPos; k++) {
    const i = anchors[r.int(anchors.length)];
    const mates = members.get(labels[i])!.filter((j) => j !== i);
    pairs.push([i, mates[r.int(mates.length)], 1]);
  }
  for (let k = nPos; k < nPairs; k++) {
    const i = r.int(labels.length);
    const others = labels.length - members.get(labels[i])!.length;
    // The t-th item (in index order) outside i's group.
    let t = r.int(others), j = -1;
    for (let m = 0; m < labels.length && j < 0; m++) {
      if (labels[m] !== labels[i] && t-- === 0) j = m;
    }
    pairs.push([i, j, 0]);
  }
  r.shuffle(pairs);
  return {
    left: pairs.map((p) => p[0]),
    right: pairs.map((p) => p[1]),
    label: pairs.map((p) => p[2]),
  };
}
