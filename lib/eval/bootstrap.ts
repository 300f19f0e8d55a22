/**
 * Bootstrap confidence intervals: resample the rows with replacement (seeded), recompute the
 * statistic, and read the percentile interval. `rocAucCi` does it for ROC AUC, redrawing the
 * resamples that hold a single class (AUC is undefined there).
 */
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import { rocAucScore } from "./roc.ts";

/** A point estimate with its bootstrap percentile interval. */
export interface BootstrapInterval {
  estimate: number;
  lower: number;
  upper: number;
  /** Standard deviation of the bootstrap replicates (the bootstrap standard error). */
  stdError: number;
  level: number;
  nBoot: number;
}

/** Options of the bootstrap (defaults: 1000 resamples, 95% level, DEFAULT_SEED). */
export interface BootstrapOptions {
  nBoot?: number;
  level?: number;
  seed?: number;
}

/** Linear-interpolated quantile of sorted values (NumPy's default). */
function quantile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile bootstrap of `statistic(rows)` over n rows; `statistic` returns NaN for a resample
 * it cannot score, which is drawn again (at most 20 tries per replicate).
 */
export function bootstrapCi(
  n: number,
  statistic: (rows: number[]) => number,
  options: BootstrapOptions = {},
): BootstrapInterval {
  const fn = "bootstrapCi";
  requireNumber(fn, "n", n, { integer: true, min: 2 });
  require(typeof statistic === "function", fn, "statistic", "a function rows → number", statistic);
  const nBoot = requireNumber(fn, "options.nBoot", options.nBoot ?? 1000, {
    integer: true,
    min: 10,
  });
  const level = requireNumber(fn, "options.level", options.level ?? 0.95, {
    positive: true,
    max: 0.999,
  });
  const rng = new Rng(
    requireNumber(fn, "options.seed", options.seed ?? DEFAULT_SEED, { integer: true }),
  );
  const estimate = statistic(Array.from({ length: n }, (_, i) => i));
  require(Number.isFinite(estimate), fn, "statistic", "a finite value on all rows", estimate);
  const reps: number[] = [];
  for (let b = 0; b < nBoot; b++) {
    let v = NaN;
    for (let tries = 0; tries < 20 && !Number.isFinite(v); tries++) {
      v = statistic(Array.from({ length: n }, () => rng.int(n)));
    }
    require(Number.isFinite(v), fn, "statistic", "finite values on resamples", v);
    reps.push(v);
  }
  reps.sort((a, b) => a - b);
  const mean = reps.reduce((s, v) => s + v, 0) / nBoot;
  const stdError = Math.sqrt(reps.reduce((s, v) => s + (v - mean) ** 2, 0) / (nBoot - 1));
  const alpha = (1 - level) / 2;
  return {
    estimate,
    lower: quantile(reps, alpha),
    upper: quantile(reps, 1 - alpha),
    stdError,
    level,
    nBoot,
  };
}

/** ROC AUC of binary labels {0, 1} and scores with a seeded bootstrap percentile interval. */
export function rocAucCi(
  yTrue: readonly number[],
  scores: readonly number[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  const fn = "rocAucCi";
  require(
    Array.isArray(yTrue) && yTrue.every((v) => v === 0 || v === 1),
    fn,
    "yTrue",
    "an array of 0/1 labels",
    yTrue,
  );
  require(
    Array.isArray(scores) && scores.length === yTrue.length && scores.every(Number.isFinite),
    fn,
    "scores",
    `${yTrue.length} finite scores`,
    scores,
  );
  const pos = yTrue.reduce((s, v) => s + v, 0);
  require(pos > 0 && pos < yTrue.length, fn, "yTrue", "both classes present", `${pos} positives`);
  return bootstrapCi(yTrue.length, (rows) => {
    const y = rows.map((i) => yTrue[i]);
    const p = y.reduce((s, v) => s + v, 0);
    if (p === 0 || p === y.length) return NaN;
    return rocAucScore(y, rows.map((i) => scores[i]));
  }, options);
}
