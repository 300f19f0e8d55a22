/**
 * SYNTHETIC correlated multi-asset paths: log returns r_t = mu + diag(sigma) L z_t with
 * L the Cholesky factor of the correlation matrix, so the true correlation is known.
 */
import pl from "nodejs-polars";
import { require, requireNumber } from "../errors.ts";
import { Rng } from "../random.ts";
import { cholesky as choleskyFactor } from "../portfolio/matrix.ts";

/** Lower-triangular L with L L^T = A for a symmetric positive-definite A. */
export function cholesky(A: readonly (readonly number[])[]): number[][] {
  const n = A.length;
  require(n > 0, "cholesky", "A", "a non-empty square matrix", A);
  for (let i = 0; i < n; i++) {
    require(
      A[i].length === n,
      "cholesky",
      "A",
      `a square ${n}x${n} matrix`,
      `row ${i} of length ${A[i].length}`,
    );
    for (let j = 0; j < i; j++) {
      require(
        Math.abs(A[i][j] - A[j][i]) < 1e-12,
        "cholesky",
        "A",
        "a symmetric matrix",
        `A[${i}][${j}] != A[${j}][${i}]`,
      );
    }
  }
  return choleskyFactor("cholesky", "A", A);
}

/** Correlated SYNTHETIC assets: per-step log returns [n][d] and prices [n+1][d]. */
export interface SyntheticAssets {
  synthetic: true;
  model: "correlated-gaussian";
  params: { mu: number[]; sigma: number[]; corr: number[][] };
  returns: number[][];
  prices: number[][];
}

/** Simulate `n` steps of d correlated assets (per-step mu and sigma, correlation matrix corr). */
export function simulateCorrelatedAssets(
  options: {
    n: number;
    mu: number[];
    sigma: number[];
    corr: number[][];
    s0?: number;
    seed?: number;
  },
): SyntheticAssets {
  const fn = "simulateCorrelatedAssets";
  const n = requireNumber(fn, "options.n", options.n, { integer: true, positive: true });
  const d = options.mu.length;
  require(
    options.sigma.length === d && options.corr.length === d,
    fn,
    "options",
    `mu, sigma and corr of size ${d}`,
    `${options.sigma.length}, ${options.corr.length}`,
  );
  options.sigma.forEach((s, i) => requireNumber(fn, `options.sigma[${i}]`, s, { positive: true }));
  const L = cholesky(options.corr);
  const rng = new Rng(options.seed ?? 42);
  const s0 = options.s0 ?? 100;
  const returns: number[][] = [];
  const prices: number[][] = [new Array(d).fill(s0)];
  for (let t = 0; t < n; t++) {
    const z = Array.from({ length: d }, () => rng.normal());
    const r = options.mu.map((m, i) => {
      let e = 0;
      for (let k = 0; k <= i; k++) e += L[i][k] * z[k];
      return m + options.sigma[i] * e;
    });
    returns.push(r);
    prices.push(prices[t].map((p, i) => p * Math.exp(r[i])));
  }
  return {
    synthetic: true,
    model: "correlated-gaussian",
    params: {
      mu: [...options.mu],
      sigma: [...options.sigma],
      corr: options.corr.map((r) => [...r]),
    },
    returns,
    prices,
  };
}

/**
 * A long frame ticker, date, close, synthetic=true of simulated prices (rows [steps][assets]),
 * on consecutive weekdays from `start`, tickers SYN0.. unless given: loads like real prices.
 */
export function syntheticPriceFrame(
  prices: readonly (readonly number[])[],
  options: { start?: string; tickers?: string[] } = {},
): pl.DataFrame {
  require(prices.length > 0, "syntheticPriceFrame", "prices", "at least one row", prices);
  const d = prices[0].length;
  const tickers = options.tickers ?? Array.from({ length: d }, (_, i) => `SYN${i}`);
  require(tickers.length === d, "syntheticPriceFrame", "options.tickers", `${d} names`, tickers);
  const days: Date[] = [];
  const day = new Date(`${options.start ?? "2020-01-01"}T00:00:00Z`);
  while (days.length < prices.length) {
    if (day.getUTCDay() !== 0 && day.getUTCDay() !== 6) days.push(new Date(day));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  const t: string[] = [], dt: Date[] = [], c: number[] = [];
  for (let j = 0; j < d; j++) {
    prices.forEach((row, i) => {
      t.push(tickers[j]);
      dt.push(days[i]);
      c.push(row[j]);
    });
  }
  return pl.DataFrame({ ticker: t, date: pl.Series("date", dt).cast(pl.Date), close: c })
    .withColumns(pl.lit(true).alias("synthetic"));
}
