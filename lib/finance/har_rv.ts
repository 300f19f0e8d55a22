/**
 * HAR-RV (Corsi 2009, "A simple approximate long-memory model of realized volatility"):
 * tomorrow's (or next week's) realised volatility regressed by OLS on realised volatility over
 * the last day, week (5 days) and month (22 days). Three overlapping horizons approximate the
 * long memory of volatility; the model is the standard baseline a volatility forecast must beat.
 */
import { require, requireNumber } from "../errors.ts";

/** The default HAR horizons in trading days: daily, weekly, monthly. */
export const HAR_HORIZONS: readonly number[] = [1, 5, 22];

/** Realised volatility √(mean r²) of the `n` returns ending at index `end` (inclusive). */
export function realisedVol(returns: readonly number[], end: number, n: number): number {
  const fn = "realisedVol";
  require(Array.isArray(returns), fn, "returns", "an array of numbers", returns);
  requireNumber(fn, "n", n, { integer: true, positive: true });
  requireNumber(fn, "end", end, { integer: true, min: n - 1, max: returns.length - 1 });
  let s = 0;
  for (let i = end - n + 1; i <= end; i++) {
    const r = returns[i];
    require(Number.isFinite(r), fn, `returns[${i}]`, "a finite number", r);
    s += r * r;
  }
  return Math.sqrt(s / n);
}

/**
 * HAR regressors at day `end`: realised vol over each horizon (default 1, 5, 22 days), as
 * log(rv + eps) when `log` is true (the course forecasts log volatility).
 */
export function harFeatures(
  returns: readonly number[],
  end: number,
  opts: { horizons?: readonly number[]; log?: boolean; eps?: number } = {},
): number[] {
  const horizons = opts.horizons ?? HAR_HORIZONS;
  require(
    Array.isArray(horizons) && horizons.length > 0,
    "harFeatures",
    "opts.horizons",
    "a non-empty array of day counts",
    horizons,
  );
  const eps = requireNumber("harFeatures", "opts.eps", opts.eps ?? 1e-4, { nonNegative: true });
  return horizons.map((h) => {
    const rv = realisedVol(returns, end, h);
    return opts.log ? Math.log(rv + eps) : rv;
  });
}

/** A fitted HAR-RV model: intercept and one coefficient per horizon. */
export interface HarRvModel {
  intercept: number;
  coef: number[];
  /** Forecasts for rows of regressors (same order as in the fit). */
  predict(x: readonly (readonly number[])[]): number[];
}

/** Solve the square system A·b = c by Gaussian elimination with partial pivoting (float64). */
function solve(a: number[][], c: number[], fn: string): number[] {
  const n = c.length;
  const m = a.map((row, i) => [...row, c[i]]);
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    const scale = Math.max(1, ...m.map((row) => Math.abs(row[col])));
    require(
      Math.abs(m[piv][col]) > 1e-12 * scale,
      fn,
      "x",
      "regressors that are not collinear (X'X invertible)",
      "a singular X'X",
    );
    [m[col], m[piv]] = [m[piv], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let k = col; k <= n; k++) m[r][k] -= f * m[col][k];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/** Ordinary least squares with an intercept: y ≈ b0 + X·b (normal equations, float64). */
export function olsFit(
  x: readonly (readonly number[])[],
  y: readonly number[],
): { intercept: number; coef: number[] } {
  const fn = "olsFit";
  require(Array.isArray(x) && x.length > 0, fn, "x", "a non-empty array of rows", x);
  require(Array.isArray(y) && y.length === x.length, fn, "y", `${x.length} targets`, y);
  const k = x[0].length;
  require(k > 0, fn, "x", "rows with at least one regressor", x[0]);
  require(x.length > k + 1, fn, "x", `more than ${k + 1} rows for ${k} regressors`, x.length);
  const p = k + 1;
  const xtx = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  x.forEach((row, i) => {
    require(row.length === k, fn, `x[${i}]`, `${k} regressors`, row);
    const z = [1, ...row];
    require(z.every(Number.isFinite), fn, `x[${i}]`, "finite numbers", row);
    require(Number.isFinite(y[i]), fn, `y[${i}]`, "a finite number", y[i]);
    for (let a = 0; a < p; a++) {
      xty[a] += z[a] * y[i];
      for (let b = 0; b < p; b++) xtx[a][b] += z[a] * z[b];
    }
  });
  const beta = solve(xtx, xty, fn);
  return { intercept: beta[0], coef: beta.slice(1) };
}

/** Fit HAR-RV by OLS on rows of [daily, weekly, monthly] regressors and their targets. */
export function fitHarRv(x: readonly (readonly number[])[], y: readonly number[]): HarRvModel {
  const { intercept, coef } = olsFit(x, y);
  return {
    intercept,
    coef,
    predict(rows) {
      return rows.map((r, i) => {
        require(
          r.length === coef.length,
          "HarRvModel.predict",
          `x[${i}]`,
          `${coef.length} values`,
          r,
        );
        return intercept + r.reduce((s, v, j) => s + v * coef[j], 0);
      });
    },
  };
}
