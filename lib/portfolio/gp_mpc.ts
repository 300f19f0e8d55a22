/**
 * Model-predictive control on the (synthetic) Gârleanu–Pedersen market with the TRUE model: at
 * each period the planner chooses positions for the next `horizon` periods, predicting the
 * signals by their conditional mean E[f_{t+h}] = (I − Φ)^h f_t, and scoring the plan by the
 * same objective `gpUtility` uses (discounted expected gain − risk − quadratic trading cost);
 * the first position is executed. The gap of this policy to the closed form measures the planner.
 */
import { requireNumber } from "../errors.ts";
import {
  checkGpParams,
  checkSignals,
  type GpParams,
  gpPositionScale,
} from "../data/synthetic_gp.ts";
import type { Plan } from "./action_space.ts";
import { inverse } from "./matrix.ts";
import type { PlanningProblem } from "./planner.ts";
import { type RecedingHorizonOptions, RecedingHorizonPlanner } from "./planner.ts";

/** What the GP planner knows at period t: the previous positions and today's signals. */
export interface GpState {
  prev: number[];
  signals: number[];
}

/** The planning problem of the GP market: real positions, cost = −(planned objective). */
export function gpPlanningProblem(params: GpParams, horizon = 5): PlanningProblem<GpState, number> {
  const [N, K] = checkGpParams("gpPlanningProblem", params);
  requireNumber("gpPlanningProblem", "horizon", horizon, { integer: true, positive: true });
  const { Sigma, B, gamma, lambda, rho, phi } = params;
  // loadings of expected returns per step: B(I − Φ)^h, precomputed
  const Bh = Array.from(
    { length: horizon },
    (_, h) => B.map((row) => row.map((b, k) => b * (1 - phi[k]) ** h)),
  );
  const quad = (v: number[]) => {
    let s = 0;
    for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) s += v[i] * Sigma[i][j] * v[j];
    return s;
  };
  const value = (state: GpState, plan: Plan): number => {
    let u = 0;
    let prev = state.prev;
    for (let h = 0; h < horizon; h++) {
      const x = plan[h].weights;
      const d = (1 - rho) ** h;
      let g = 0;
      for (let i = 0; i < N; i++) {
        let mu = 0;
        for (let k = 0; k < K; k++) mu += Bh[h][i][k] * state.signals[k];
        g += x[i] * mu;
      }
      const dx = x.map((xi, i) => xi - prev[i]);
      u += d * ((1 - rho) * (g - (gamma / 2) * quad(x)) - 0.5 * lambda * quad(dx));
      prev = x;
    }
    return u;
  };
  return {
    space: { nAssets: N, weights: "real" },
    horizon,
    rollout: (state, plans) => plans.map((p) => value(state, p)),
    cost: (utility) => -utility,
  };
}

/** Positions chosen by receding-horizon planning with the true model, and planner diagnostics. */
export interface GpMpcResult {
  positions: number[][];
  /** Planner cost of the executed plan at each period. */
  planCosts: number[];
}

/**
 * Run MPC over a signal path: CEM or MPPI (`opts.method`), warm-started by default, positions
 * starting from 0. Defaults: horizon 5, 300 samples, 30 iterations, 30 elites; the search std
 * is the market's position scale (`gpPositionScale`) at a cold start and a quarter of it after
 * a warm-start shift.
 */
export async function gpMpcPositions(
  params: GpParams,
  signals: number[][],
  opts: RecedingHorizonOptions & { horizon?: number } = {},
): Promise<GpMpcResult> {
  const fn = "gpMpcPositions";
  const [N, K] = checkGpParams(fn, params);
  checkSignals(fn, signals, K);
  const problem = gpPlanningProblem(params, opts.horizon ?? 5);
  const scale = gpPositionScale(params);
  const planner = new RecedingHorizonPlanner(problem, {
    initStd: scale,
    warmStd: scale / 4,
    ...opts,
  });
  let prev = new Array<number>(N).fill(0);
  const positions: number[][] = [];
  const planCosts: number[] = [];
  for (let t = 0; t < signals.length; t++) {
    const f = signals[t];
    const action = await planner.act({ prev, signals: f });
    prev = action.weights.slice();
    positions.push(prev);
    planCosts.push(planner.last!.cost);
  }
  return { positions, planCosts };
}

/**
 * The exact receding-horizon solution the planners approximate: at each period the planned
 * objective is a concave quadratic in the H·N positions, so its maximiser solves a linear
 * system. With a long horizon it converges to the closed form (an independent check of it);
 * with the planner's horizon it separates the horizon's error from the sampler's.
 */
export function gpMpcExactPositions(
  params: GpParams,
  signals: number[][],
  horizon = 5,
): number[][] {
  const fn = "gpMpcExactPositions";
  const [N, K] = checkGpParams(fn, params);
  const H = requireNumber(fn, "horizon", horizon, { integer: true, positive: true });
  checkSignals(fn, signals, K);
  const { Sigma, B, gamma, lambda, rho, phi } = params;
  const D = H * N;
  const d = (h: number) => (1 - rho) ** h;
  // the system matrix does not depend on the state
  const A = Array.from({ length: D }, () => new Array<number>(D).fill(0));
  for (let h = 0; h < H; h++) {
    const diag = d(h) * (1 - rho) * gamma + d(h) * lambda + (h < H - 1 ? d(h + 1) * lambda : 0);
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        A[h * N + i][h * N + j] = -diag * Sigma[i][j];
        if (h > 0) A[h * N + i][(h - 1) * N + j] = d(h) * lambda * Sigma[i][j];
        if (h < H - 1) A[h * N + i][(h + 1) * N + j] = d(h + 1) * lambda * Sigma[i][j];
      }
    }
  }
  const Ainv = inverse(fn, "params", A);
  let prev = new Array<number>(N).fill(0);
  return signals.map((f) => {
    const rhs = new Array<number>(D).fill(0);
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < N; i++) {
        let mu = 0;
        for (let k = 0; k < K; k++) mu += B[i][k] * (1 - phi[k]) ** h * f[k];
        rhs[h * N + i] = -d(h) * (1 - rho) * mu;
        if (h === 0) rhs[i] -= d(0) * lambda * Sigma[i].reduce((s, v, j) => s + v * prev[j], 0);
      }
    }
    const x = Ainv.slice(0, N).map((row) => row.reduce((s, v, j) => s + v * rhs[j], 0));
    prev = x;
    return x.slice();
  });
}
