/**
 * Walk-forward evaluation of models on time-ordered rows: each fold trains on everything before
 * its test block (minus an embargo), carves a validation slice off the end of its training part
 * (after a second embargo), and the caller's `fitPredict` returns named predictions for the
 * test rows; predictions are pooled over folds so every model is scored on the same rows.
 */
import { require, requireNumber } from "../errors.ts";
import { type Fold, walkForwardFolds } from "../data/splits.ts";

/** The row indices (into the caller's arrays) of one walk-forward fold. */
export interface WalkForwardFold {
  index: number;
  /** Every training row (fitting + validation). */
  train: number[];
  /** Training rows before the validation slice and its embargo: fit models and scalers here. */
  fit: number[];
  /** The last `validationFraction` of the training dates: early stopping, model choice. */
  validation: number[];
  test: number[];
  /** The outer fold as `walkForwardFolds` returned it (dates, embargo counts). */
  fold: Fold;
}

/** Truth and prediction of one model on one fold's test rows. */
export interface FoldPrediction {
  y: number[];
  p: number[];
}

/** Settings of `walkForwardEvaluate`. */
export interface WalkForwardOptions {
  folds: number;
  /** Distinct test dates per fold. */
  testSize: number;
  /** Distinct dates dropped between training and test (targets that look ahead). */
  embargo: number;
  /** Share of the training part's distinct dates kept for validation (default 0.15). */
  validationFraction?: number;
  /** Embargo between fitting and validation rows (default: `embargo`). */
  validationEmbargo?: number;
}

/** Per-fold and pooled predictions of every model that `fitPredict` named. */
export interface WalkForwardResult {
  folds: { index: number; predictions: Record<string, FoldPrediction> }[];
  pooled: Record<string, FoldPrediction>;
  /** `metric(y, p)` on one model's pooled predictions. */
  score: (name: string, metric: (y: number[], p: number[]) => number) => number;
}

const distinctCount = (times: readonly Date[]) => new Set(times.map((t) => t.getTime())).size;

/** The walk-forward folds of `times` with their fitting/validation split (indices into `times`). */
export function walkForwardSplits(
  times: readonly Date[],
  options: WalkForwardOptions,
): WalkForwardFold[] {
  const fn = "walkForwardSplits";
  const frac = options.validationFraction ?? 0.15;
  require(frac > 0 && frac < 1, fn, "options.validationFraction", "a number in (0, 1)", frac);
  const vEmb = requireNumber(
    fn,
    "options.validationEmbargo",
    options.validationEmbargo ?? options.embargo,
    {
      integer: true,
      min: 0,
    },
  );
  return walkForwardFolds(times, options).map((fold) => {
    const train = fold.train.indices;
    const trTimes = train.map((i) => times[i]);
    const [inner] = walkForwardFolds(trTimes, {
      folds: 1,
      testSize: Math.max(1, Math.round(frac * distinctCount(trTimes))),
      embargo: vEmb,
    });
    return {
      index: fold.index,
      train,
      fit: inner.train.indices.map((i) => train[i]),
      validation: inner.test.indices.map((i) => train[i]),
      test: fold.test.indices,
      fold,
    };
  });
}

/**
 * Run `fitPredict` on every walk-forward fold of `times` (in order) and pool its named test
 * predictions; each fold's `y` and `p` must have one entry per test row.
 */
export async function walkForwardEvaluate(
  times: readonly Date[],
  options: WalkForwardOptions,
  fitPredict: (fold: WalkForwardFold) => Promise<Record<string, FoldPrediction>>,
): Promise<WalkForwardResult> {
  const fn = "walkForwardEvaluate";
  require(typeof fitPredict === "function", fn, "fitPredict", "a function", typeof fitPredict);
  const folds: WalkForwardResult["folds"] = [];
  const pooled: Record<string, FoldPrediction> = {};
  for (const fold of walkForwardSplits(times, options)) {
    const predictions = await fitPredict(fold);
    for (const [name, { y, p }] of Object.entries(predictions)) {
      require(
        y.length === fold.test.length && p.length === fold.test.length,
        fn,
        `fitPredict(fold ${fold.index}).${name}`,
        `y and p of ${fold.test.length} test rows`,
        `${y.length} and ${p.length}`,
      );
      pooled[name] ??= { y: [], p: [] };
      pooled[name].y.push(...y);
      pooled[name].p.push(...p);
    }
    folds.push({ index: fold.index, predictions });
  }
  const score = (name: string, metric: (y: number[], p: number[]) => number) => {
    require(name in pooled, fn, "name", `one of ${Object.keys(pooled).join(", ")}`, name);
    return metric(pooled[name].y, pooled[name].p);
  };
  return { folds, pooled, score };
}
