/**
 * An honest backtest of a weight schedule with proportional costs.
 *
 * Alignment: `weights[t]` is decided at the close of row t (with information up to row t) and
 * earns `returns[t + 1 + lag]`; row 0 of `returns` is never earned. Period k of the output
 * (k = 0 … T − 2 − lag) holds `weights[k]` over row `k + 1 + lag`, so every output array has
 * T − 1 − lag entries and `rows[k] = k + 1 + lag`.
 *
 * Before period k the book trades from the drifted weights of the previous period w⁺ (the
 * starting book for k = 0, cash by default) to `weights[k]`: turnover_k = Σ|w_k − w⁺|, paying
 * `costBps`/10⁴ per unit traded (per side). Net return (1 + w_kᵀr)(1 − c·turnover_k) − 1; the
 * weights then drift to w⁺ = w∘(1 + r)/(1 + wᵀr) (cash 1 − Σw earns 0).
 */
import { require, requireNumber } from "../errors.ts";
import { requireMatrix, requireVector } from "./matrix.ts";

/** Options of `backtest`. */
export interface BacktestOptions {
  /** Cost per side in basis points of the value traded (default 0). */
  costBps?: number;
  /** Extra periods of execution delay (default 0: decided at close t, earns row t + 1). */
  lag?: number;
  /** Σw every row must have (default 1); `null` skips the check (long–short books). */
  budget?: number | null;
  /** Tolerance of the budget check (default 1e-6). */
  budgetTol?: number;
  /** Periods per year for annualisation (default 252). */
  periodsPerYear?: number;
  /** Risk aversion of the certainty equivalent (default 1). */
  gamma?: number;
  /** Book held before the first trade (default all cash: zeros, so the first trade is paid). */
  initialWeights?: number[];
}

/** Annualised summary of a backtest's net returns. */
export interface BacktestSummary {
  /** Mean turnover Σ|Δw| per period. */
  meanTurnover: number;
  /** Mean net return × periodsPerYear. */
  annReturn: number;
  /** Standard deviation of net returns (ddof 1) × √periodsPerYear. */
  annVol: number;
  /** annReturn / annVol (0 when the volatility is 0). */
  sharpe: number;
  /** Largest fall of the net wealth curve from its running peak, as a positive fraction. */
  maxDrawdown: number;
  /** Certainty equivalent (μ − γσ²/2) × periodsPerYear of the net returns (population σ²). */
  ceq: number;
}

/** Per-period paths of a backtest (length T − 1 − lag) and their summary. */
export interface BacktestResult {
  /** Row of `returns` earned in each period. */
  rows: number[];
  /** wᵀr before costs. */
  gross: number[];
  /** (1 + gross)(1 − c·turnover) − 1. */
  net: number[];
  /** Σ|w_k − w⁺_{k−1}| traded before the period. */
  turnover: number[];
  /** Weights at the end of each period after drifting with its returns. */
  drifted: number[][];
  /** Net wealth, starting from 1 before the first period. */
  wealth: number[];
  summary: BacktestSummary;
}

/** Weights after one period of returns: w∘(1 + r)/(1 + wᵀr) (cash 1 − Σw earns 0). */
export function driftWeights(weights: number[], returns: number[]): number[] {
  const w = requireVector("driftWeights", "weights", weights);
  const r = requireVector("driftWeights", "returns", returns, w.length);
  let growth = 1;
  for (let i = 0; i < w.length; i++) growth += w[i] * r[i];
  require(growth > 0, "driftWeights", "returns", "a portfolio growth 1 + wᵀr > 0", `${growth}`);
  return w.map((wi, i) => (wi * (1 + r[i])) / growth);
}

/** Σ|a − b|: the turnover of trading from book `from` to book `to`. */
export function turnoverBetween(from: number[], to: number[]): number {
  const a = requireVector("turnoverBetween", "from", from);
  const b = requireVector("turnoverBetween", "to", to, a.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(b[i] - a[i]);
  return s;
}

/** Summary statistics (annualised) of a net return path and its turnover. */
export function summarizeReturns(
  net: number[],
  turnover: number[],
  opts: { periodsPerYear?: number; gamma?: number } = {},
): BacktestSummary {
  const fn = "summarizeReturns";
  const r = requireVector(fn, "net", net);
  const tv = requireVector(fn, "turnover", turnover, r.length);
  const ppy = requireNumber(fn, "periodsPerYear", opts.periodsPerYear ?? 252, { positive: true });
  const gamma = requireNumber(fn, "gamma", opts.gamma ?? 1, { nonNegative: true });
  const n = r.length;
  const mean = r.reduce((a, b) => a + b, 0) / n;
  const ss = r.reduce((a, b) => a + (b - mean) ** 2, 0);
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  let wealth = 1, peak = 1, mdd = 0;
  for (const x of r) {
    wealth *= 1 + x;
    peak = Math.max(peak, wealth);
    mdd = Math.max(mdd, 1 - wealth / peak);
  }
  const annVol = sd * Math.sqrt(ppy);
  return {
    meanTurnover: tv.reduce((a, b) => a + b, 0) / n,
    annReturn: mean * ppy,
    annVol,
    sharpe: annVol > 0 ? (mean * ppy) / annVol : 0,
    maxDrawdown: mdd,
    ceq: (mean - (gamma / 2) * (ss / n)) * ppy,
  };
}

/** Backtest `weights` [T][N] against `returns` [T][N] (see the module doc for the alignment). */
export function backtest(
  weights: number[][],
  returns: number[][],
  opts: BacktestOptions = {},
): BacktestResult {
  const fn = "backtest";
  const [T, N] = requireMatrix(fn, "weights", weights);
  requireMatrix(fn, "returns", returns, { rows: T, cols: N });
  const costBps = requireNumber(fn, "costBps", opts.costBps ?? 0, { nonNegative: true });
  const lag = requireNumber(fn, "lag", opts.lag ?? 0, { integer: true, nonNegative: true });
  require(T - 1 - lag >= 1, fn, "weights", `at least ${lag + 2} rows for lag ${lag}`, `${T} rows`);
  const budget = opts.budget === undefined ? 1 : opts.budget;
  if (budget !== null) {
    requireNumber(fn, "budget", budget);
    const tol = requireNumber(fn, "budgetTol", opts.budgetTol ?? 1e-6, { nonNegative: true });
    for (let t = 0; t < T; t++) {
      const s = weights[t].reduce((a, b) => a + b, 0);
      require(
        Math.abs(s - budget) <= tol,
        fn,
        "weights",
        `rows summing to the budget ${budget} (±${tol})`,
        `a row summing to ${s} at row ${t}`,
      );
    }
  }
  const init = opts.initialWeights === undefined
    ? new Array<number>(N).fill(0)
    : requireVector(fn, "initialWeights", opts.initialWeights, N);
  for (let t = 0; t < T; t++) {
    for (const r of returns[t]) {
      require(r > -1, fn, "returns", "simple returns > -1", `${r} at row ${t}`);
    }
  }
  const c = costBps / 1e4;
  const rows: number[] = [], gross: number[] = [], net: number[] = [], turnover: number[] = [];
  const drifted: number[][] = [], wealth: number[] = [];
  let prev = init.slice();
  let W = 1;
  for (let k = 0; k < T - 1 - lag; k++) {
    const w = weights[k];
    const r = returns[k + 1 + lag];
    let tv = 0, g = 0;
    for (let i = 0; i < N; i++) {
      tv += Math.abs(w[i] - prev[i]);
      g += w[i] * r[i];
    }
    require(
      1 + g > 0,
      fn,
      "weights",
      "a book whose growth 1 + wᵀr stays > 0",
      `${1 + g} at period ${k}`,
    );
    const nr = (1 + g) * (1 - c * tv) - 1;
    const d = w.map((wi, i) => (wi * (1 + r[i])) / (1 + g));
    W *= 1 + nr;
    rows.push(k + 1 + lag);
    gross.push(g);
    net.push(nr);
    turnover.push(tv);
    drifted.push(d);
    wealth.push(W);
    prev = d;
  }
  const summary = summarizeReturns(net, turnover, {
    periodsPerYear: opts.periodsPerYear,
    gamma: opts.gamma,
  });
  return { rows, gross, net, turnover, drifted, wealth, summary };
}

/**
 * Break-even cost in basis points per side: the cost at which the mean net return of the
 * backtest falls to 0 (bisection on [0, maxBps]). 0 when the gross mean is already ≤ 0;
 * Infinity when nothing is traded or the mean stays > 0 up to `maxBps` (default 10,000).
 */
export function breakEvenCostBps(
  weights: number[][],
  returns: number[][],
  opts: Omit<BacktestOptions, "costBps"> & { maxBps?: number } = {},
): number {
  const maxBps = requireNumber("breakEvenCostBps", "maxBps", opts.maxBps ?? 10_000, {
    positive: true,
  });
  const meanAt = (bps: number) => {
    const { net } = backtest(weights, returns, { ...opts, costBps: bps });
    return net.reduce((a, b) => a + b, 0) / net.length;
  };
  if (meanAt(0) <= 0) return 0;
  if (meanAt(maxBps) > 0) return Infinity;
  let lo = 0, hi = maxBps;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (meanAt(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
