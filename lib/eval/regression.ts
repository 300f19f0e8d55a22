/**
 * Regression metrics with scikit-learn's definitions (mean squared error, mean absolute
 * error, R²), the information coefficient of a forecast (Spearman rank correlation) and its
 * hit rate (sign agreement).
 */
import { require } from "../errors.ts";
import { spearmanCorrelation } from "../data/stats.ts";
import { type NumbersInput, readNumbers, requireSameLength } from "./inputs.ts";

function pair(fn: string, yTrue: NumbersInput, yPred: NumbersInput): [Float64Array, Float64Array] {
  const t = readNumbers(fn, "yTrue", yTrue);
  const p = readNumbers(fn, "yPred", yPred);
  requireSameLength(fn, "yPred", t.length, p.length);
  return [t, p];
}

/** Mean of squared errors (sklearn's mean_squared_error). */
export function meanSquaredError(yTrue: NumbersInput, yPred: NumbersInput): number {
  const [t, p] = pair("meanSquaredError", yTrue, yPred);
  let s = 0;
  for (let i = 0; i < t.length; i++) s += (t[i] - p[i]) ** 2;
  return s / t.length;
}

/** Mean of absolute errors (sklearn's mean_absolute_error). */
export function meanAbsoluteError(yTrue: NumbersInput, yPred: NumbersInput): number {
  const [t, p] = pair("meanAbsoluteError", yTrue, yPred);
  let s = 0;
  for (let i = 0; i < t.length; i++) s += Math.abs(t[i] - p[i]);
  return s / t.length;
}

/**
 * Coefficient of determination 1 - SS_res / SS_tot (sklearn's r2_score); a constant truth
 * gives 1 for a perfect prediction and 0 otherwise, as sklearn does.
 */
export function r2Score(yTrue: NumbersInput, yPred: NumbersInput): number {
  const [t, p] = pair("r2Score", yTrue, yPred);
  const mean = t.reduce((a, b) => a + b, 0) / t.length;
  let res = 0, tot = 0;
  for (let i = 0; i < t.length; i++) {
    res += (t[i] - p[i]) ** 2;
    tot += (t[i] - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/**
 * Information coefficient: Spearman rank correlation between forecasts and realised values
 * (ties get average ranks, as scipy.stats.spearmanr).
 */
export function informationCoefficient(forecast: NumbersInput, realised: NumbersInput): number {
  const [f, r] = pair("informationCoefficient", forecast, realised);
  return spearmanCorrelation(f, r);
}

/**
 * Share of rows where the forecast has the sign of the realised value, over the rows whose
 * realised value is not 0 (a forecast of 0 counts as a miss).
 */
export function hitRate(forecast: NumbersInput, realised: NumbersInput): number {
  const [r, f] = pair("hitRate", realised, forecast);
  let hits = 0, n = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i] === 0) continue;
    n++;
    if (Math.sign(f[i]) === Math.sign(r[i])) hits++;
  }
  require(n > 0, "hitRate", "realised", "at least one non-zero value", "all zeros");
  return hits / n;
}
