/**
 * SYNTHETIC markets with known ground truth (never mistaken for data: every result carries
 * `synthetic: true` and its parameters). Seeded through lib/random.ts. Single-asset models:
 * GBM, GARCH(1,1) with Student-t innovations, Merton jump diffusion, two-state regime
 * switching. Returns are log returns per step; prices start at `s0`.
 */
import { require, requireNumber } from "../errors.ts";
import { Rng } from "../random.ts";

/** A simulated path with its parameters and hidden truth. */
export interface SyntheticPath {
  synthetic: true;
  model: string;
  params: Record<string, number | number[]>;
  /** n + 1 prices starting at s0. */
  prices: Float64Array;
  /** n log returns. */
  returns: Float64Array;
  /** Per-step true volatility (conditional std of the return). */
  trueVol: Float64Array;
  /** Regime per step (regime switching), jump flags (jumps), else zeros. */
  state: Int32Array;
}

function pricesFrom(s0: number, r: Float64Array): Float64Array {
  const p = new Float64Array(r.length + 1);
  p[0] = s0;
  for (let i = 0; i < r.length; i++) p[i + 1] = p[i] * Math.exp(r[i]);
  return p;
}

function steps(fn: string, n: number): number {
  return requireNumber(fn, "options.n", n, { integer: true, positive: true });
}

/**
 * Geometric Brownian motion: log return ~ N((mu - sigma^2/2) dt, sigma^2 dt); mu and sigma are
 * annual, dt = 1/252 by default (daily steps).
 */
export function simulateGbm(
  options: { n: number; mu?: number; sigma?: number; dt?: number; s0?: number; seed?: number },
): SyntheticPath {
  const n = steps("simulateGbm", options.n);
  const mu = options.mu ?? 0.05, dt = options.dt ?? 1 / 252, s0 = options.s0 ?? 100;
  const sigma = requireNumber("simulateGbm", "options.sigma", options.sigma ?? 0.2, {
    positive: true,
  });
  const rng = new Rng(options.seed ?? 42);
  const r = new Float64Array(n), vol = new Float64Array(n).fill(sigma * Math.sqrt(dt));
  for (let i = 0; i < n; i++) r[i] = (mu - sigma * sigma / 2) * dt + vol[i] * rng.normal();
  return {
    synthetic: true,
    model: "gbm",
    params: { mu, sigma, dt, s0 },
    prices: pricesFrom(s0, r),
    returns: r,
    trueVol: vol,
    state: new Int32Array(n),
  };
}

/**
 * GARCH(1,1): r_t = mu + sigma_t z_t, sigma_t^2 = omega + alpha (r_{t-1} - mu)^2 + beta sigma_{t-1}^2,
 * z_t Student-t with `df` degrees of freedom scaled to unit variance (df > 2); starts at the
 * unconditional variance omega / (1 - alpha - beta).
 */
export function simulateGarch(
  options: {
    n: number;
    omega?: number;
    alpha?: number;
    beta?: number;
    df?: number;
    mu?: number;
    s0?: number;
    seed?: number;
  },
): SyntheticPath {
  const fn = "simulateGarch";
  const n = steps(fn, options.n);
  const omega = requireNumber(fn, "options.omega", options.omega ?? 2e-6, { positive: true });
  const alpha = requireNumber(fn, "options.alpha", options.alpha ?? 0.08, { nonNegative: true });
  const beta = requireNumber(fn, "options.beta", options.beta ?? 0.9, { nonNegative: true });
  require(
    alpha + beta < 1,
    fn,
    "options.alpha + options.beta",
    "< 1 (a stationary process)",
    alpha + beta,
  );
  const df = requireNumber(fn, "options.df", options.df ?? 5, { min: 2.0001 });
  const mu = options.mu ?? 0, s0 = options.s0 ?? 100;
  const rng = new Rng(options.seed ?? 42);
  const scale = Math.sqrt((df - 2) / df);
  const r = new Float64Array(n), vol = new Float64Array(n);
  let v = omega / (1 - alpha - beta), prev = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) v = omega + alpha * prev * prev + beta * v;
    vol[i] = Math.sqrt(v);
    prev = vol[i] * rng.studentT(df) * scale;
    r[i] = mu + prev;
  }
  return {
    synthetic: true,
    model: "garch11-t",
    params: { omega, alpha, beta, df, mu, s0 },
    prices: pricesFrom(s0, r),
    returns: r,
    trueVol: vol,
    state: new Int32Array(n),
  };
}

/**
 * Merton jump diffusion: a GBM step plus, with probability lambda*dt per step, a jump whose
 * log size is N(jumpMean, jumpStd^2); `state` flags the steps with a jump.
 */
export function simulateJumpDiffusion(
  options: {
    n: number;
    mu?: number;
    sigma?: number;
    lambda?: number;
    jumpMean?: number;
    jumpStd?: number;
    dt?: number;
    s0?: number;
    seed?: number;
  },
): SyntheticPath {
  const fn = "simulateJumpDiffusion";
  const n = steps(fn, options.n);
  const mu = options.mu ?? 0.05, sigma = options.sigma ?? 0.15, dt = options.dt ?? 1 / 252;
  const lambda = requireNumber(fn, "options.lambda", options.lambda ?? 5, { nonNegative: true });
  const jm = options.jumpMean ?? -0.03, js = options.jumpStd ?? 0.04, s0 = options.s0 ?? 100;
  require(lambda * dt <= 1, fn, "options.lambda", "lambda * dt <= 1", lambda * dt);
  const rng = new Rng(options.seed ?? 42);
  const r = new Float64Array(n), vol = new Float64Array(n).fill(sigma * Math.sqrt(dt));
  const state = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    r[i] = (mu - sigma * sigma / 2) * dt + vol[i] * rng.normal();
    if (rng.random() < lambda * dt) {
      state[i] = 1;
      r[i] += rng.normal(jm, js);
    }
  }
  return {
    synthetic: true,
    model: "jump-diffusion",
    params: { mu, sigma, lambda, jumpMean: jm, jumpStd: js, dt, s0 },
    prices: pricesFrom(s0, r),
    returns: r,
    trueVol: vol,
    state,
  };
}

/**
 * Two-state Markov regime switching: in regime k the return is N(mu[k], sigma[k]^2) per step;
 * the regime stays with probability pStay[k]. Stationary share of regime 1 is
 * (1 - pStay[0]) / (2 - pStay[0] - pStay[1]).
 */
export function simulateRegimeSwitching(
  options: {
    n: number;
    mu?: [number, number];
    sigma?: [number, number];
    pStay?: [number, number];
    s0?: number;
    seed?: number;
  },
): SyntheticPath {
  const fn = "simulateRegimeSwitching";
  const n = steps(fn, options.n);
  const mu = options.mu ?? [0.0005, -0.001], sigma = options.sigma ?? [0.008, 0.025];
  const p = options.pStay ?? [0.98, 0.95], s0 = options.s0 ?? 100;
  for (const k of [0, 1]) {
    requireNumber(fn, `options.sigma[${k}]`, sigma[k], { positive: true });
    requireNumber(fn, `options.pStay[${k}]`, p[k], { min: 0, max: 1 });
  }
  const rng = new Rng(options.seed ?? 42);
  const r = new Float64Array(n), vol = new Float64Array(n), state = new Int32Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && rng.random() >= p[s]) s = 1 - s;
    state[i] = s;
    vol[i] = sigma[s];
    r[i] = rng.normal(mu[s], sigma[s]);
  }
  return {
    synthetic: true,
    model: "regime-switching",
    params: { mu, sigma, pStay: p, s0 },
    prices: pricesFrom(s0, r),
    returns: r,
    trueVol: vol,
    state,
  };
}
