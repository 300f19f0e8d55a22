/**
 * The baselines every planned portfolio must beat, as `Policy` objects for `walkForwardPolicy`:
 * 1/N (DeMiguel, Garlappi & Uppal 2009), long-only minimum variance on the Ledoit–Wolf
 * covariance, sample mean–variance, and a ridge forecast of next-period returns from features
 * fed to mean–variance (features row s forecasts returns row s + 1).
 */
import { require, requireNumber } from "../errors.ts";
import { ledoitWolf, sampleCovariance } from "./covariance.ts";
import { requireMatrix, solveSpd } from "./matrix.ts";
import { meanVarianceWeights, minVarianceWeights } from "./optimize.ts";
import type { Policy, PolicyWindow } from "./policy.ts";

/** 1/N in every asset, rebalanced every row. */
export function equalWeightPolicy(): Policy {
  return {
    name: "equal weight",
    fit: (train: PolicyWindow) => {
      const n = requireMatrix("equalWeightPolicy", "train.returns", train.returns)[1];
      const w = new Array<number>(n).fill(1 / n);
      return () => w.slice();
    },
  };
}

/** Long-only minimum variance on the Ledoit–Wolf covariance of the training window. */
export function minVariancePolicy(): Policy {
  return {
    name: "minimum variance (Ledoit–Wolf)",
    fit: (train: PolicyWindow) => {
      const w = minVarianceWeights(ledoitWolf(train.returns).covariance);
      return () => w.slice();
    },
  };
}

/** Sample mean–variance (sample mean, sample covariance, risk aversion γ; long-only by default). */
export function meanVariancePolicy(opts: { gamma?: number; longOnly?: boolean } = {}): Policy {
  const gamma = requireNumber("meanVariancePolicy", "gamma", opts.gamma ?? 1, { positive: true });
  return {
    name: "sample mean–variance",
    fit: (train: PolicyWindow) => {
      const [T, N] = requireMatrix("meanVariancePolicy", "train.returns", train.returns, {
        minRows: 2,
      });
      const mu = new Array<number>(N).fill(0);
      for (const row of train.returns) for (let j = 0; j < N; j++) mu[j] += row[j] / T;
      const w = meanVarianceWeights(mu, sampleCovariance(train.returns, { ddof: 1 }), {
        gamma,
        longOnly: opts.longOnly ?? true,
      });
      return () => w.slice();
    },
  };
}

/** Ridge regression Y ≈ a + XB with standardised X (intercept not penalised); returns a predictor. */
export function fitRidge(x: number[][], y: number[][], alpha: number): (f: number[]) => number[] {
  const fn = "fitRidge";
  const [n, p] = requireMatrix(fn, "x", x, { minRows: 2 });
  const [, k] = requireMatrix(fn, "y", y, { rows: n });
  requireNumber(fn, "alpha", alpha, { positive: true });
  const mx = new Array<number>(p).fill(0), sx = new Array<number>(p).fill(0);
  const my = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) mx[j] += x[i][j] / n;
    for (let j = 0; j < k; j++) my[j] += y[i][j] / n;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) sx[j] += (x[i][j] - mx[j]) ** 2 / n;
  const sd = sx.map((v) => (v > 0 ? Math.sqrt(v) : 1));
  const z = x.map((row) => row.map((v, j) => (v - mx[j]) / sd[j]));
  const a = Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let s = i === j ? alpha : 0;
      for (let r = 0; r < n; r++) s += z[r][i] * z[r][j];
      return s;
    }));
  const coef: number[][] = []; // [k][p]
  for (let c = 0; c < k; c++) {
    const rhs = new Array<number>(p).fill(0);
    for (let r = 0; r < n; r++) for (let j = 0; j < p; j++) rhs[j] += z[r][j] * (y[r][c] - my[c]);
    coef.push(solveSpd(fn, "x", a, rhs));
  }
  return (f: number[]) => {
    require(Array.isArray(f) && f.length === p, "fitRidge.predict", "f", `${p} features`, f);
    return coef.map((b, c) => my[c] + b.reduce((s, bj, j) => s + (bj * (f[j] - mx[j])) / sd[j], 0));
  };
}

/**
 * Ridge forecast → mean–variance: a ridge fit of returns row s + 1 on features row s inside the
 * training window, then at row t the forecast from features row t, fed with the Ledoit–Wolf
 * covariance to long-only mean–variance (risk aversion γ).
 */
export function ridgeMeanVariancePolicy(opts: { alpha?: number; gamma?: number } = {}): Policy {
  const fn = "ridgeMeanVariancePolicy";
  const alpha = requireNumber(fn, "alpha", opts.alpha ?? 10, { positive: true });
  const gamma = requireNumber(fn, "gamma", opts.gamma ?? 1, { positive: true });
  return {
    name: "ridge → mean–variance",
    fit: (train: PolicyWindow) => {
      require(train.features !== null, fn, "train.features", "a features matrix", "null");
      const f = train.features!;
      const [T] = requireMatrix(fn, "train.returns", train.returns, { minRows: 3 });
      requireMatrix(fn, "train.features", f, { rows: T });
      const predict = fitRidge(f.slice(0, T - 1), train.returns.slice(1), alpha);
      const cov = ledoitWolf(train.returns).covariance;
      return (ctx) => {
        const feats = ctx.history.features!;
        return meanVarianceWeights(predict(feats[feats.length - 1]), cov, { gamma });
      };
    },
  };
}
