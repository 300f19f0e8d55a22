/**
 * Planning problems for a price-taking world model (the shape lib/portfolio's CEM/MPPI planners
 * take: `{space, horizon, rollout, cost}`). A price taker's plan does not move the market, so the
 * "rollout" of every candidate plan is the same forecast path (expected returns per step, read
 * from the world model once per decision) and the portfolio accounting stays analytic: the cost
 * of a plan is minus its discounted mean-variance utility net of trading costs.
 * - `quadraticCostProblem`: the Gârleanu–Pedersen objective (real positions, ½Δxᵀ(λΣ)Δx costs),
 *   with the forecast path in place of the true B(I − Φ)^h f_t.
 * - `simplexCostProblem`: long-only weights, risk from a covariance, cost c·|Δw|₁ against the
 *   drifted weights, and an optional hedge overlay with its own expected return and variance.
 */
import { require, requireNumber } from "../../errors.ts";
import type { PlanningProblem } from "../../portfolio/planner.ts";
import { requireSquare } from "../../portfolio/matrix.ts";

/** What a forecast-driven planner knows at a decision. */
export interface ForecastState {
  /** Positions held into the decision (GP: previous positions; simplex: drifted weights). */
  prev: number[];
  /** Expected returns of each asset for each step of the horizon [H][N]. */
  mu: number[][];
  /** Hedge overlay per step (simplex problem only): expected return, variance, covariances [N]. */
  hedge?: { mu: number[]; variance: number[]; cov: number[][] };
}

/** A planning problem over forecasts (for cemPlan, mppiPlan, RecedingHorizonPlanner). */
export type ForecastProblem = PlanningProblem<ForecastState, ForecastState>;

function quad(s: readonly number[][], x: readonly number[]): number {
  let q = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < x.length; j++) q += x[i] * s[i][j] * x[j];
  }
  return q;
}

function checkState(fn: string, state: ForecastState, h: number, n: number): void {
  require(
    Array.isArray(state?.prev) && state.prev.length === n && Array.isArray(state.mu) &&
      state.mu.length >= h && state.mu.every((m) => m.length === n),
    fn,
    "state",
    `{prev [${n}], mu [${h}][${n}]}`,
    state,
  );
}

/**
 * A price taker's problem: every plan's "rollout" is the forecast state itself, and the cost is
 * minus the plan's utility (checked state first).
 */
function priceTakerProblem(
  fn: string,
  space: ForecastProblem["space"],
  horizon: number,
  utility: (state: ForecastState, plan: Parameters<ForecastProblem["cost"]>[1]) => number,
): ForecastProblem {
  return {
    space,
    horizon,
    rollout: (state, plans) => plans.map(() => state),
    cost: (traj, plan) => {
      checkState(fn, traj, horizon, space.nAssets);
      return -utility(traj, plan);
    },
  };
}

/**
 * The Gârleanu–Pedersen objective over forecasts: cost = −Σ_h (1−ρ)^h [(1−ρ)(x_hᵀμ_h −
 * (γ/2)x_hᵀΣx_h) − ½λ Δx_hᵀΣΔx_h].
 */
export function quadraticCostProblem(
  opts: { Sigma: number[][]; gamma: number; lambda: number; rho: number; horizon: number },
): ForecastProblem {
  const fn = "quadraticCostProblem";
  const n = requireSquare(fn, "Sigma", opts.Sigma);
  const { gamma, lambda, rho } = opts;
  requireNumber(fn, "gamma", gamma, { positive: true });
  requireNumber(fn, "lambda", lambda, { nonNegative: true });
  requireNumber(fn, "rho", rho, { min: 0, max: 0.999 });
  const horizon = requireNumber(fn, "horizon", opts.horizon, { integer: true, positive: true });
  const space = { nAssets: n, weights: "real", signals: false, hedge: false } as const;
  return priceTakerProblem(fn, space, horizon, (traj, plan) => {
    let u = 0;
    let prev = traj.prev;
    for (let h = 0; h < horizon; h++) {
      const x = plan[h].weights;
      const g = x.reduce((s, xi, i) => s + xi * traj.mu[h][i], 0);
      const dx = x.map((xi, i) => xi - prev[i]);
      u += (1 - rho) ** h *
        ((1 - rho) * (g - (gamma / 2) * quad(opts.Sigma, x)) -
          0.5 * lambda * quad(opts.Sigma, dx));
      prev = x;
    }
    return u;
  });
}

/**
 * Long-only weights: cost = −Σ_h [wᵀμ_h − (γ/2)wᵀΣw − c·|w_h − w_{h−1}|₁ + hedge terms], with
 * w_{−1} the drifted weights; a hedge on step h adds its expected return, its variance and twice
 * its covariance with the book to the risk, and pays c on each switch.
 */
export function simplexCostProblem(
  opts: { cov: number[][]; gamma: number; costBps: number; horizon: number; hedge?: boolean },
): ForecastProblem {
  const fn = "simplexCostProblem";
  const n = requireSquare(fn, "cov", opts.cov);
  const gamma = requireNumber(fn, "gamma", opts.gamma, { nonNegative: true });
  const c = requireNumber(fn, "costBps", opts.costBps, { nonNegative: true }) / 1e4;
  const horizon = requireNumber(fn, "horizon", opts.horizon, { integer: true, positive: true });
  const withHedge = opts.hedge === true;
  const space = { nAssets: n, weights: "simplex", signals: false, hedge: withHedge } as const;
  return priceTakerProblem(fn, space, horizon, (traj, plan) => {
    let u = 0;
    let prev = traj.prev;
    let prevHedge = 0;
    for (let h = 0; h < horizon; h++) {
      const w = plan[h].weights;
      u += w.reduce((s, wi, i) => s + wi * traj.mu[h][i], 0) - (gamma / 2) * quad(opts.cov, w);
      u -= c * w.reduce((s, wi, i) => s + Math.abs(wi - prev[i]), 0);
      if (withHedge) {
        require(traj.hedge !== undefined, fn, "state.hedge", "a hedge forecast", undefined);
        const on = plan[h].hedge;
        const hc = traj.hedge.cov[h].reduce((s, ci, i) => s + ci * w[i], 0);
        u += on * (traj.hedge.mu[h] - (gamma / 2) * (traj.hedge.variance[h] + 2 * hc));
        u -= c * Math.abs(on - prevHedge);
        prevHedge = on;
      }
      prev = w;
    }
    return u;
  });
}
