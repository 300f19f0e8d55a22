/**
 * Covariance estimates of asset returns: the sample covariance and the Ledoit–Wolf (2004)
 * shrinkage toward a scaled identity μI, μ = trace(S)/N, with the shrinkage intensity estimated
 * from the data — the same estimator as scikit-learn's `LedoitWolf` (empirical covariance
 * divided by T, data centred unless `assumeCentered`).
 */
import { require } from "../errors.ts";
import { requireMatrix } from "./matrix.ts";

/** Result of `ledoitWolf`. */
export interface LedoitWolfResult {
  /** Shrunk covariance (1 − δ)S + δμI. */
  covariance: number[][];
  /** Shrinkage intensity δ in [0, 1]. */
  shrinkage: number;
  /** Target scale μ = trace(S)/N. */
  mu: number;
  /** Per-asset mean that was removed (zeros when assumeCentered). */
  location: number[];
}

function centred(fn: string, x: number[][], assumeCentered: boolean) {
  const [T, N] = requireMatrix(fn, "x", x);
  const location = new Array<number>(N).fill(0);
  if (!assumeCentered) {
    for (const row of x) for (let j = 0; j < N; j++) location[j] += row[j] / T;
  }
  const xc = x.map((row) => row.map((v, j) => v - location[j]));
  return { T, N, xc, location };
}

/**
 * Covariance of the rows of `x` [T][N]: Σ(x − x̄)(x − x̄)ᵀ/(T − ddof). `ddof` 0 (default, as
 * scikit-learn's EmpiricalCovariance) or 1.
 */
export function sampleCovariance(
  x: number[][],
  opts: { ddof?: 0 | 1; assumeCentered?: boolean } = {},
): number[][] {
  const fn = "sampleCovariance";
  const ddof = opts.ddof ?? 0;
  require(ddof === 0 || ddof === 1, fn, "ddof", "0 or 1", String(ddof));
  const { T, N, xc } = centred(fn, x, opts.assumeCentered ?? false);
  require(T - ddof >= 1, fn, "x", `at least ${ddof + 1} rows`, `${T} rows`);
  const s = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  for (const row of xc) {
    for (let i = 0; i < N; i++) {
      const v = row[i];
      for (let j = i; j < N; j++) s[i][j] += v * row[j];
    }
  }
  for (let i = 0; i < N; i++) {
    for (let j = i; j < N; j++) {
      s[i][j] /= T - ddof;
      s[j][i] = s[i][j];
    }
  }
  return s;
}

/** Ledoit–Wolf shrinkage of the covariance of the rows of `x` [T][N] (scikit-learn's estimator). */
export function ledoitWolf(
  x: number[][],
  opts: { assumeCentered?: boolean } = {},
): LedoitWolfResult {
  const fn = "ledoitWolf";
  const { T, N, xc, location } = centred(fn, x, opts.assumeCentered ?? false);
  require(T >= 2, fn, "x", "at least 2 rows", `${T} rows`);
  const s = sampleCovariance(xc, { assumeCentered: true });
  let trace = 0;
  for (let i = 0; i < N; i++) trace += s[i][i];
  const mu = trace / N;
  if (N === 1) {
    return { covariance: s, shrinkage: 0, mu, location };
  }
  // δ̂² = ‖S − μI‖²_F / N; β̂² = (1/(N T)) · (Σ_t ‖x_t x_tᵀ‖²_F / T − ‖S‖²_F) / 1, clipped at δ̂².
  let sumS2 = 0;
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) sumS2 += s[i][j] * s[i][j];
  let sumX4 = 0; // Σ_{i,j} Σ_t x_ti² x_tj² / T  = Σ_t (Σ_i x_ti²)² / T
  for (const row of xc) {
    let q = 0;
    for (const v of row) q += v * v;
    sumX4 += q * q;
  }
  sumX4 /= T;
  const beta = (sumX4 - sumS2) / (N * T);
  const delta = (sumS2 - 2 * mu * trace + N * mu * mu) / N;
  const b = Math.min(beta, delta);
  const shrinkage = delta === 0 ? 0 : Math.max(0, b / delta);
  const covariance = s.map((row, i) =>
    row.map((v, j) => (1 - shrinkage) * v + (i === j ? shrinkage * mu : 0))
  );
  return { covariance, shrinkage, mu, location };
}
