/**
 * Exercise 05: do items of the same group (return quintile) sit closer together than items of
 * different groups? The average cosine similarity within groups minus the average across
 * groups measures it. Replace the `throw` with your code, then run `deno task grade 05`.
 */

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
 * Reject a groups array of the wrong length, zero or non-finite rows, and inputs where
 * `within` or `across` has no pair, with an Error naming the argument.
 */
export function avgSimilarityByGroup(
  vectors: readonly ArrayLike<number>[],
  groups: readonly number[],
): GroupSimilarity {
  void vectors, groups;
  throw new Error("TODO: avgSimilarityByGroup — mean cosine within groups, across groups, gap");
}
