/**
 * Portfolio policies and the walk-forward loop that runs them causally.
 *
 * A `Policy` is fitted on a training window (rows strictly known at the decision time, less an
 * embargo) and returns a `DecisionRule`, called at each row t of the next trade block with the
 * history up to and including row t only. `walkForwardPolicy` slices the data before every call, so
 * no policy can see a row after t: changing data after t never changes the weights at t.
 */
import { require, requireNumber } from "../errors.ts";
import { requireMatrix } from "./matrix.ts";

/** Rows of returns [T][N] and optional features [T][F], in time order. */
export interface PolicyWindow {
  returns: number[][];
  features: number[][] | null;
}

/** What a decision rule sees at the close of row t. */
export interface DecisionContext {
  /** Absolute row index t in the full data. */
  t: number;
  /** Rows 0 … t (copies of the outer arrays; inner rows are shared, do not mutate). */
  history: PolicyWindow;
  /** Weights decided at t − 1 (null at the first decision). */
  prevWeights: number[] | null;
  /** Those weights drifted by the returns of row t (null at the first decision). */
  driftedWeights: number[] | null;
}

/** Maps what is known at the close of row t to the weights held over row t + 1. */
export type DecisionRule = (ctx: DecisionContext) => number[] | Promise<number[]>;

/** A portfolio policy: fit on a training window, then decide row by row. */
export interface Policy {
  readonly name: string;
  fit(train: PolicyWindow): DecisionRule | Promise<DecisionRule>;
}

/** Options of `walkForwardPolicy`. */
export interface PolicyWalkForwardOptions {
  /** Rows in each training window. */
  fitWindow: number;
  /** Rows left out between the training window and the decision row (default 0). */
  embargo?: number;
  /** Rows decided with one fit before refitting (default 21). */
  tradeBlock?: number;
  /** First decision row (default fitWindow + embargo − 1, the first with a full window). */
  start?: number;
}

/** Weights aligned for `backtest(result.weights, result.returns)`. */
export interface PolicyWalkForwardResult {
  /** Weights decided at rows `rows[k]`. */
  weights: number[][];
  /** `returns` rows `rows[0]` … T − 1 (so weights[k] earns returns[k + 1] in backtest). */
  returns: number[][];
  /** Matching features rows (null when none were given). */
  features: number[][] | null;
  /** Absolute row index of each decision. */
  rows: number[];
  /** Number of fits made. */
  fits: number;
}

/**
 * Run `policy` over `data` walk-forward: at each block start b it fits on rows
 * [b + 1 − embargo − fitWindow, b + 1 − embargo) and decides rows b … b + tradeBlock − 1, each
 * from the history up to that row.
 */
export async function walkForwardPolicy(
  policy: Policy,
  data: { returns: number[][]; features?: number[][] | null },
  opts: PolicyWalkForwardOptions,
): Promise<PolicyWalkForwardResult> {
  const fn = "walkForwardPolicy";
  require(
    typeof policy === "object" && policy !== null && typeof policy.fit === "function",
    fn,
    "policy",
    "a Policy with a fit method",
    policy,
  );
  const [T, N] = requireMatrix(fn, "data.returns", data.returns);
  const features = data.features ?? null;
  if (features !== null) requireMatrix(fn, "data.features", features, { rows: T });
  const fitWindow = requireNumber(fn, "fitWindow", opts.fitWindow, {
    integer: true,
    positive: true,
  });
  const embargo = requireNumber(fn, "embargo", opts.embargo ?? 0, {
    integer: true,
    nonNegative: true,
  });
  const block = requireNumber(fn, "tradeBlock", opts.tradeBlock ?? 21, {
    integer: true,
    positive: true,
  });
  const start = requireNumber(fn, "start", opts.start ?? fitWindow + embargo - 1, {
    integer: true,
    min: fitWindow + embargo - 1,
  });
  require(start < T - 1, fn, "start", `a row < ${T - 1} (T − 1)`, String(start));
  const weights: number[][] = [];
  const rows: number[] = [];
  let prev: number[] | null = null;
  let fits = 0;
  for (let b = start; b < T; b += block) {
    const hi = b + 1 - embargo;
    const lo = hi - fitWindow;
    const rule = await policy.fit({
      returns: data.returns.slice(lo, hi),
      features: features === null ? null : features.slice(lo, hi),
    });
    fits++;
    for (let t = b; t < Math.min(b + block, T); t++) {
      let drifted: number[] | null = null;
      if (prev !== null) {
        const r = data.returns[t];
        const g = 1 + prev.reduce((a, w, i) => a + w * r[i], 0);
        drifted = prev.map((w, i) => (w * (1 + r[i])) / g);
      }
      const w = await rule({
        t,
        history: {
          returns: data.returns.slice(0, t + 1),
          features: features === null ? null : features.slice(0, t + 1),
        },
        prevWeights: prev,
        driftedWeights: drifted,
      });
      require(
        Array.isArray(w) && w.length === N && w.every(Number.isFinite),
        fn,
        "policy",
        `a rule returning ${N} finite weights`,
        `${JSON.stringify(w).slice(0, 60)} at row ${t}`,
      );
      weights.push(w.slice());
      rows.push(t);
      prev = w.slice();
    }
  }
  return {
    weights,
    returns: data.returns.slice(start),
    features: features === null ? null : features.slice(start),
    rows,
    fits,
  };
}
