/**
 * Permutation test of a statistic of labelled items: shuffle the labels (only within each
 * stratum when strata are given) many times with a seeded generator; the spread of the
 * shuffled statistics is what "no relation" looks like on this many items.
 */
import { require, requireNumber } from "../errors.ts";
import { rng } from "../random.ts";

/** Settings of `permutationTest`. */
export interface PermutationOptions {
  permutations: number;
  /** Seed of the shuffles (default 42). */
  seed?: number;
  /** A stratum per item: labels are shuffled only among items of the same stratum. */
  strata?: readonly string[];
}

/** Observed statistic, the shuffled ones, a two-sided p-value and the central 95% band. */
export interface PermutationResult {
  observed: number;
  nulls: number[];
  /** Mean of the shuffled statistics (the centre of the two-sided test). */
  centre: number;
  /** (shuffles at least as far from the centre as the observed value + 1) / (permutations + 1). */
  p: number;
  band: [number, number];
}

/** Permutation test of `statistic(labels)` against shuffled labels (see `PermutationOptions`). */
export function permutationTest<L>(
  labels: readonly L[],
  statistic: (labels: L[]) => number,
  options: PermutationOptions,
): PermutationResult {
  const fn = "permutationTest";
  const n = labels.length;
  require(n >= 2, fn, "labels", "at least 2 labels", labels);
  const k = requireNumber(fn, "options.permutations", options.permutations, {
    integer: true,
    min: 1,
  });
  const strata = options.strata ?? labels.map(() => "");
  require(strata.length === n, fn, "options.strata", `${n} strata`, `${strata.length}`);
  const observed = statistic([...labels]);
  require(Number.isFinite(observed), fn, "statistic", "a finite statistic", observed);
  const groups = new Map<string, number[]>();
  strata.forEach((g, i) => {
    const idx = groups.get(g);
    if (idx) idx.push(i);
    else groups.set(g, [i]);
  });
  const r = rng(options.seed ?? 42);
  const shuffled = () => {
    const out = [...labels];
    for (const idx of groups.values()) {
      const vals = r.shuffle(idx.map((i) => labels[i]));
      idx.forEach((i, j) => (out[i] = vals[j]));
    }
    return out;
  };
  const nulls = Array.from({ length: k }, () => statistic(shuffled()));
  const centre = nulls.reduce((t, g) => t + g, 0) / k;
  const beyond = nulls.filter((g) => Math.abs(g - centre) >= Math.abs(observed - centre)).length;
  const sorted = [...nulls].sort((a, b) => a - b);
  return {
    observed,
    nulls,
    centre,
    p: (beyond + 1) / (k + 1),
    band: [sorted[Math.floor(0.025 * k)], sorted[Math.ceil(0.975 * k) - 1]],
  };
}
