/**
 * SYNTHETIC: the Gârleanu–Pedersen (2013) market, where the optimal dynamic portfolio is known in
 * closed form. N assets, K signals: returns r_{t+1} = B f_t + u_{t+1}, u ~ N(0, Σ); signals
 * mean-revert, f_{t+1} = (I − Φ) f_t + ε_{t+1}, Φ diagonal; trading Δx costs ½Δxᵀ(λΣ)Δx. The
 * investor maximises Σ_t (1−ρ)^{t+1}(x_tᵀBf_t − (γ/2)x_tᵀΣx_t) − (1−ρ)^t·½Δx_tᵀ(λΣ)Δx_t, whose
 * optimum trades a fixed fraction a/λ toward an aim portfolio:
 *   x_t = (1 − a/λ)x_{t−1} + (a/λ)·aim_t,  aim_t = (γΣ)⁻¹B(I + aΦ/γ)⁻¹f_t,
 *   a = [−(γ(1−ρ)+λρ) + √((γ(1−ρ)+λρ)² + 4γλ(1−ρ)²)] / (2(1−ρ)).
 * Alignment with `backtest`: `returns[t]` = B f_{t−1} + u_t, so positions decided with f_t earn
 * `returns[t + 1]`. Positions are unconstrained holdings (shares of risk), not simplex weights.
 * Utilities use the conditional expectation x_tᵀBf_t of each period's return (same mean as the
 * realised return, far less noise), and every policy is scored on the same simulated signals.
 */
import { require, requireNumber } from "../errors.ts";
import { Rng } from "../random.ts";
import { cholesky } from "../portfolio/matrix.ts";

/** Parameters of a Gârleanu–Pedersen market. */
export interface GpParams {
  /** Loadings of next returns on signals [N][K]. */
  B: number[][];
  /** Mean-reversion speed of each signal (diagonal of Φ) [K], each in (0, 1]. */
  phi: number[];
  /** Std of each signal's shock [K]. */
  signalVol: number[];
  /** Covariance of return noise u [N][N]. */
  Sigma: number[][];
  /** Trading-cost multiplier: Λ = λΣ. */
  lambda: number;
  /** Risk aversion. */
  gamma: number;
  /** Discount rate per period. */
  rho: number;
}

/** A simulated Gârleanu–Pedersen path (synthetic). */
export interface GpPath {
  synthetic: true;
  model: "garleanu-pedersen";
  params: GpParams;
  /** Signals f_t [T][K]. */
  signals: number[][];
  /** Returns [T][N]: returns[t] = B f_{t−1} + u_t. */
  returns: number[][];
}

/** Default market: 2 assets, a fast (φ = 0.2) and a slow (φ = 0.02) signal, unit-variance signals. */
export function gpDefaultParams(): GpParams {
  return {
    B: [[0.1, 0.05], [0.04, 0.12]],
    phi: [0.2, 0.02],
    signalVol: [Math.sqrt(1 - 0.8 ** 2), Math.sqrt(1 - 0.98 ** 2)],
    Sigma: [[1, 0.3], [0.3, 1]],
    lambda: 10,
    gamma: 1,
    rho: 0.002,
  };
}

/** Check GP parameters; returns [N, K]. */
export function checkGpParams(fn: string, p: GpParams): [number, number] {
  require(typeof p === "object" && p !== null, fn, "params", "GpParams", p);
  const N = p.Sigma?.length ?? 0;
  require(
    N > 0 && p.Sigma.every((r) => r.length === N && r.every(Number.isFinite)),
    fn,
    "params.Sigma",
    "a finite square matrix",
    `${N} rows`,
  );
  require(Array.isArray(p.B) && p.B.length === N, fn, "params.B", `${N} rows`, p.B);
  const K = p.B[0]?.length ?? 0;
  require(
    K > 0 && p.B.every((r) => r.length === K && r.every(Number.isFinite)),
    fn,
    "params.B",
    "finite rows of equal length",
    "ragged or non-finite",
  );
  require(
    Array.isArray(p.phi) && p.phi.length === K && p.phi.every((v) => v > 0 && v <= 1),
    fn,
    "params.phi",
    `${K} speeds in (0, 1]`,
    p.phi,
  );
  require(
    Array.isArray(p.signalVol) && p.signalVol.length === K && p.signalVol.every((v) => v >= 0),
    fn,
    "params.signalVol",
    `${K} values >= 0`,
    p.signalVol,
  );
  requireNumber(fn, "params.lambda", p.lambda, { positive: true });
  requireNumber(fn, "params.gamma", p.gamma, { positive: true });
  requireNumber(fn, "params.rho", p.rho, { nonNegative: true, max: 0.5 });
  return [N, K];
}

function solveSym(a: number[][], b: number[]): number[] {
  // Gaussian elimination with partial pivoting (small systems)
  const n = a.length;
  const m = a.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = c + 1; r < n; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = m[i][n];
    for (let k = i + 1; k < n; k++) s -= m[i][k] * x[k];
    x[i] = s / m[i][i];
  }
  return x;
}

/** Simulate T periods of the market (signals start from their stationary distribution). */
export function simulateGpMarket(params: GpParams, T: number, seed: number | Rng = 0): GpPath {
  const fn = "simulateGpMarket";
  const [N, K] = checkGpParams(fn, params);
  requireNumber(fn, "T", T, { integer: true, min: 2 });
  const rng = seed instanceof Rng
    ? seed
    : new Rng(requireNumber(fn, "seed", seed, { integer: true }));
  const L = cholesky("simulateGpMarket", "params.Sigma", params.Sigma);
  const stat = params.phi.map((ph, k) => params.signalVol[k] / Math.sqrt(1 - (1 - ph) ** 2 || 1));
  let f = stat.map((s) => s * rng.normal());
  const signals: number[][] = [];
  const returns: number[][] = [];
  for (let t = 0; t < T; t++) {
    const z = Array.from({ length: N }, () => rng.normal());
    const fPrev = t === 0 ? stat.map((s) => s * rng.normal()) : signals[t - 1];
    returns.push(Array.from({ length: N }, (_, i) => {
      let r = 0;
      for (let k = 0; k < K; k++) r += params.B[i][k] * fPrev[k];
      for (let j = 0; j <= i; j++) r += L[i][j] * z[j];
      return r;
    }));
    if (t > 0) f = f.map((v, k) => (1 - params.phi[k]) * v + params.signalVol[k] * rng.normal());
    signals.push(f.slice());
  }
  return { synthetic: true, model: "garleanu-pedersen", params, signals, returns };
}

/** The optimal trading speed: `a` of the closed form and the fraction a/λ traded each period. */
export function gpTradeRate(params: GpParams): { a: number; rate: number } {
  checkGpParams("gpTradeRate", params);
  const { gamma: g, lambda: l, rho: r } = params;
  const b = g * (1 - r) + l * r;
  const a = (-b + Math.sqrt(b * b + 4 * g * l * (1 - r) ** 2)) / (2 * (1 - r));
  return { a, rate: a / l };
}

/** The aim portfolio (γΣ)⁻¹B(I + aΦ/γ)⁻¹f (with a = 0: the myopic Markowitz portfolio). */
export function gpAim(params: GpParams, f: number[], a = gpTradeRate(params).a): number[] {
  const [N, K] = checkGpParams("gpAim", params);
  require(
    Array.isArray(f) && f.length === K && f.every(Number.isFinite),
    "gpAim",
    "f",
    `${K} finite signals`,
    f,
  );
  const g = f.map((v, k) => v / (1 + (a * params.phi[k]) / params.gamma));
  const bg = Array.from({ length: N }, (_, i) => params.B[i].reduce((s, b, k) => s + b * g[k], 0));
  return solveSym(params.Sigma, bg).map((v) => v / params.gamma);
}

/**
 * The closed-form optimal positions for a signal path; `rateScale` and `aimScale` perturb the
 * trade rate and the aim (1 = optimal) to show that the optimum is a maximum.
 */
export function gpOptimalPositions(
  params: GpParams,
  signals: number[][],
  opts: { rateScale?: number; aimScale?: number } = {},
): number[][] {
  const fn = "gpOptimalPositions";
  const [N, K] = checkGpParams(fn, params);
  checkSignals(fn, signals, K);
  const { a, rate } = gpTradeRate(params);
  const r = rate * requireNumber(fn, "rateScale", opts.rateScale ?? 1, { positive: true });
  require(r <= 1, fn, "rateScale", `a trade rate ≤ 1 (base ${rate})`, `${r}`);
  const s = requireNumber(fn, "aimScale", opts.aimScale ?? 1);
  let x = new Array<number>(N).fill(0);
  return signals.map((f) => {
    const aim = gpAim(params, f, a);
    x = x.map((xi, i) => (1 - r) * xi + r * s * aim[i]);
    return x.slice();
  });
}

/** Myopic Markowitz positions (γΣ)⁻¹Bf_t, ignoring trading costs. */
export function gpMyopicPositions(params: GpParams, signals: number[][]): number[][] {
  const [, K] = checkGpParams("gpMyopicPositions", params);
  checkSignals("gpMyopicPositions", signals, K);
  return signals.map((f) => gpAim(params, f, 0));
}

/** Check a signal path: a non-empty number[][] whose rows hold K finite signals. */
export function checkSignals(fn: string, signals: number[][], K: number): void {
  require(
    Array.isArray(signals) && signals.length > 0,
    fn,
    "signals",
    "a non-empty number[][]",
    signals,
  );
  signals.forEach((f, t) =>
    require(
      Array.isArray(f) && f.length === K && f.every(Number.isFinite),
      fn,
      "signals",
      `rows of ${K} finite signals`,
      `row ${t}`,
    )
  );
}

/** Per-period terms of the objective: discounted expected gain, risk and trading cost. */
export interface GpUtility {
  /** Σ(1−ρ)^{t+1}(x_tᵀBf_t − (γ/2)x_tᵀΣx_t) − (1−ρ)^t·½Δxᵀ(λΣ)Δx. */
  utility: number;
  gain: number;
  risk: number;
  cost: number;
}

/** The Gârleanu–Pedersen objective of a position path on a signal path (x_{−1} = 0). */
export function gpUtility(params: GpParams, positions: number[][], signals: number[][]): GpUtility {
  const fn = "gpUtility";
  const [N, K] = checkGpParams(fn, params);
  checkSignals(fn, signals, K);
  require(
    Array.isArray(positions) && positions.length === signals.length,
    fn,
    "positions",
    `${signals.length} rows`,
    positions,
  );
  positions.forEach((x, t) =>
    require(
      Array.isArray(x) && x.length === N && x.every(Number.isFinite),
      fn,
      "positions",
      `rows of ${N} finite positions`,
      `row ${t}`,
    )
  );
  const { Sigma, B, gamma, lambda, rho } = params;
  const quad = (v: number[]) =>
    v.reduce((s, vi, i) => s + vi * Sigma[i].reduce((q, sij, j) => q + sij * v[j], 0), 0);
  let gain = 0, risk = 0, cost = 0;
  let prev = new Array<number>(N).fill(0);
  positions.forEach((x, t) => {
    const d = (1 - rho) ** t;
    const f = signals[t];
    let g = 0;
    for (let i = 0; i < N; i++) for (let k = 0; k < K; k++) g += x[i] * B[i][k] * f[k];
    gain += d * (1 - rho) * g;
    risk += d * (1 - rho) * (gamma / 2) * quad(x);
    cost += d * 0.5 * lambda * quad(x.map((xi, i) => xi - prev[i]));
    prev = x;
  });
  return { utility: gain - risk - cost, gain, risk, cost };
}

/** Fraction of the optimal utility a policy loses: (U* − U)/|U*|. */
export function utilityGap(optimal: number, achieved: number): number {
  requireNumber("utilityGap", "optimal", optimal);
  requireNumber("utilityGap", "achieved", achieved);
  require(optimal !== 0, "utilityGap", "optimal", "a non-zero utility", "0");
  return (optimal - achieved) / Math.abs(optimal);
}

/**
 * Typical size of a position: the root-mean-square stationary standard deviation of the aim
 * portfolio over assets, from the parameters alone (signal k has variance
 * signalVol_k² / (1 − (1 − φ_k)²)). Planners use it to scale their search.
 */
export function gpPositionScale(params: GpParams): number {
  const [N, K] = checkGpParams("gpPositionScale", params);
  const { a } = gpTradeRate(params);
  let s = 0;
  for (let k = 0; k < K; k++) {
    const varF = params.signalVol[k] ** 2 / (1 - (1 - params.phi[k]) ** 2);
    const col = gpAim(params, params.phi.map((_, j) => (j === k ? 1 : 0)), a);
    for (let i = 0; i < N; i++) s += (col[i] ** 2 * varF) / N;
  }
  return Math.sqrt(s);
}
