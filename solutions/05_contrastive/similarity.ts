/**
 * Exercise 05 (reference solution): do items of the same group (return quintile) sit closer
 * together than items of different groups? The average cosine similarity within groups minus
 * the average across groups measures it.
 */
import { require } from "../../lib/errors.ts";

/** Average cosine similarity over same-group pairs, over different-group pairs, and the gap. */
export interface GroupSimilarity {
  within: number;
  across: number;
  /** within − across. */
  gap: number;
}

/**
 * Over all unordered pairs i < j: the mean cosine similarity of the pairs with
 * groups[i] === groups[j] (within) and of the others (across), and their difference.
 */
export function avgSimilarityByGroup(
  vectors: readonly ArrayLike<number>[],
  groups: readonly number[],
): GroupSimilarity {
  const fn = "avgSimilarityByGroup";
  require(Array.isArray(vectors) && vectors.length >= 2, fn, "vectors", "2+ vectors", vectors);
  require(
    Array.isArray(groups) && groups.length === vectors.length,
    fn,
    "groups",
    `${vectors.length} group labels (one per vector)`,
    groups,
  );
  const d = vectors[0].length;
  const unit = vectors.map((v, i) => {
    require(v.length === d && d > 0, fn, "vectors", `rows of length ${d}`, `row ${i}: ${v.length}`);
    let s = 0;
    for (let k = 0; k < d; k++) {
      require(Number.isFinite(v[k]), fn, "vectors", "finite values", `${v[k]} in row ${i}`);
      s += v[k] * v[k];
    }
    require(s > 0, fn, "vectors", "non-zero rows (a cosine needs a direction)", `zero row ${i}`);
    return Array.from(v, (x: number) => x / Math.sqrt(s));
  });
  let within = 0, nWithin = 0, across = 0, nAcross = 0;
  for (let i = 0; i < unit.length; i++) {
    for (let j = i + 1; j < unit.length; j++) {
      let c = 0;
      for (let k = 0; k < d; k++) c += unit[i][k] * unit[j][k];
      if (groups[i] === groups[j]) {
        within += c;
        nWithin++;
      } else {
        across += c;
        nAcross++;
      }
    }
  }
  require(nWithin > 0, fn, "groups", "at least one group with 2+ items", "all singletons");
  require(nAcross > 0, fn, "groups", "at least 2 distinct groups", "1 group");
  return {
    within: within / nWithin,
    across: across / nAcross,
    gap: within / nWithin - across / nAcross,
  };
}
