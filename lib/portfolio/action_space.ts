/**
 * The separated action space a portfolio planner searches: continuous weights (on the simplex
 * as a softmax of Gaussian logits, or unconstrained real positions), a per-asset trading signal
 * (categorical over short/flat/long = −1/0/+1) and a binary hedge (Bernoulli). A plan is a
 * sequence of `horizon` actions; a `PlanDistribution` holds, per step, the Gaussian mean/std of
 * the logits (or positions), the signal probabilities and the hedge probability.
 */
import { require, requireNumber } from "../errors.ts";
import type { Rng } from "../random.ts";

/** What the planner chooses at each step. */
export interface ActionSpace {
  /** Number of assets N. */
  nAssets: number;
  /** "simplex" (softmax of logits × budget, default), "real" (positions as drawn) or "none". */
  weights?: "simplex" | "real" | "none";
  /** Σw of simplex weights (default 1). */
  budget?: number;
  /** Include per-asset long/short/flat signals (default false). */
  signals?: boolean;
  /** Include a binary hedge (default false). */
  hedge?: boolean;
}

/** One decoded action; absent components are empty arrays / 0. */
export interface Action {
  /** Simplex weights or real positions [N] ([] when weights is "none"). */
  weights: number[];
  /** Signals in {−1, 0, +1} [N] ([] without signals). */
  signals: number[];
  /** Hedge on (1) or off (0); 0 without a hedge. */
  hedge: number;
}

/** A sequence of actions, one per step of the horizon. */
export type Plan = Action[];

/** Sampling distribution over plans. */
export interface PlanDistribution {
  /** Gaussian mean of logits/positions [H][N]. */
  mean: number[][];
  /** Gaussian std [H][N]. */
  std: number[][];
  /** Probabilities of signals −1/0/+1 [H][N][3]. */
  signalProbs: number[][][];
  /** Probability the hedge is on [H]. */
  hedgeProb: number[];
}

/** The signal values in category order. */
export const SIGNAL_VALUES = [-1, 0, 1] as const;

/** Check an action space and fill its defaults. */
export function resolveSpace(fn: string, space: ActionSpace): Required<ActionSpace> {
  require(typeof space === "object" && space !== null, fn, "space", "an ActionSpace", space);
  requireNumber(fn, "space.nAssets", space.nAssets, { integer: true, positive: true });
  const weights = space.weights ?? "simplex";
  require(
    ["simplex", "real", "none"].includes(weights),
    fn,
    "space.weights",
    '"simplex", "real" or "none"',
    String(weights),
  );
  const budget = requireNumber(fn, "space.budget", space.budget ?? 1, { positive: true });
  const s = {
    nAssets: space.nAssets,
    weights,
    budget,
    signals: space.signals ?? false,
    hedge: space.hedge ?? false,
  };
  require(
    s.weights !== "none" || s.signals || s.hedge,
    fn,
    "space",
    "at least one action component",
    "none",
  );
  return s;
}

/** Softmax of logits scaled to sum to `budget` (stable: max subtracted). */
export function softmaxWeights(logits: number[], budget = 1): number[] {
  require(
    Array.isArray(logits) && logits.length > 0,
    "softmaxWeights",
    "logits",
    "a non-empty number[]",
    logits,
  );
  require(
    logits.every(Number.isFinite),
    "softmaxWeights",
    "logits",
    "finite numbers",
    "a non-finite value",
  );
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => (budget * v) / s);
}

/** The cold-start distribution: mean 0, std `initStd`, uniform signals, hedge probability ½. */
export function initialDistribution(
  space: ActionSpace,
  horizon: number,
  initStd = 1,
): PlanDistribution {
  const fn = "initialDistribution";
  const s = resolveSpace(fn, space);
  requireNumber(fn, "horizon", horizon, { integer: true, positive: true });
  requireNumber(fn, "initStd", initStd, { positive: true });
  const n = s.weights === "none" ? 0 : s.nAssets;
  const m = s.signals ? s.nAssets : 0;
  return {
    mean: Array.from({ length: horizon }, () => new Array<number>(n).fill(0)),
    std: Array.from({ length: horizon }, () => new Array<number>(n).fill(initStd)),
    signalProbs: Array.from(
      { length: horizon },
      () => Array.from({ length: m }, () => [1 / 3, 1 / 3, 1 / 3]),
    ),
    hedgeProb: new Array<number>(horizon).fill(s.hedge ? 0.5 : 0),
  };
}

/**
 * Warm start: the previous distribution shifted one step forward (step h takes step h + 1; the
 * last step repeats), std reset to `std` (so the search can move again).
 */
export function shiftDistribution(dist: PlanDistribution, std = 1): PlanDistribution {
  const fn = "shiftDistribution";
  require(
    dist !== null && Array.isArray(dist?.mean) && dist.mean.length > 0,
    fn,
    "dist",
    "a PlanDistribution",
    dist,
  );
  requireNumber(fn, "std", std, { positive: true });
  const H = dist.mean.length;
  const at = (h: number) => Math.min(h + 1, H - 1);
  return {
    mean: dist.mean.map((_, h) => dist.mean[at(h)].slice()),
    std: dist.mean.map((_, h) => dist.mean[at(h)].map(() => std)),
    signalProbs: dist.signalProbs.map((_, h) => dist.signalProbs[at(h)].map((p) => p.slice())),
    hedgeProb: dist.hedgeProb.map((_, h) => dist.hedgeProb[at(h)]),
  };
}

/** Decode one step's raw draws to an Action (real positions share `raw`: do not mutate plans). */
export function decodeAction(
  space: Required<ActionSpace>,
  raw: number[],
  signalCats: number[],
  hedge: number,
): Action {
  return {
    weights: space.weights === "simplex"
      ? softmaxWeights(raw, space.budget)
      : space.weights === "real"
      ? raw
      : [],
    signals: signalCats.map((c) => SIGNAL_VALUES[c]),
    hedge: space.hedge ? hedge : 0,
  };
}

/** Raw draws of one sampled plan. */
export interface PlanSample {
  raw: number[][];
  cats: number[][];
  hedge: number[];
}

/** Draw one plan's raw values from a distribution. */
export function samplePlan(dist: PlanDistribution, rng: Rng): PlanSample {
  const raw = dist.mean.map((mu, h) => mu.map((m, i) => m + dist.std[h][i] * rng.normal()));
  const cats = dist.signalProbs.map((step) =>
    step.map((p) => {
      const u = rng.random();
      return u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
    })
  );
  const hedge = dist.hedgeProb.map((p) => (rng.random() < p ? 1 : 0));
  return { raw, cats, hedge };
}

/** The distribution's central plan: mean logits/positions, most likely signals, hedge if p ≥ ½. */
export function modePlan(space: Required<ActionSpace>, dist: PlanDistribution): Plan {
  return dist.mean.map((mu, h) =>
    decodeAction(
      space,
      mu,
      dist.signalProbs[h].map((p) => p.indexOf(Math.max(...p))),
      dist.hedgeProb[h] >= 0.5 ? 1 : 0,
    )
  );
}
