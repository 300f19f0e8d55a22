/**
 * Model-predictive control on the (synthetic) Gârleanu–Pedersen market with the TRUE model: at
 * each period the planner chooses positions for the next `horizon` periods, predicting the
 * signals by their conditional mean E[f_{t+h}] = (I − Φ)^h f_t, and scoring the plan by the
 * same objective `gpUtility` uses (discounted expected gain − risk − quadratic trading cost);
 * the first position is executed. The gap of this policy to the closed form measures the planner.
 */
import { require, requireNumber } from "../errors.ts";
import { checkGpParams, type GpParams } from "../data/synthetic_gp.ts";
import type { Plan } from "./action_space.ts";
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
 * starting from 0. Defaults: horizon 5, 300 samples, 30 iterations, 30 elites, initStd 0.5, warmStd 0.1.
 */
export async function gpMpcPositions(
  params: GpParams,
  signals: number[][],
  opts: RecedingHorizonOptions & { horizon?: number } = {},
): Promise<GpMpcResult> {
  const fn = "gpMpcPositions";
  const [N, K] = checkGpParams(fn, params);
  require(
    Array.isArray(signals) && signals.length > 0,
    fn,
    "signals",
    "a non-empty number[][]",
    signals,
  );
  const problem = gpPlanningProblem(params, opts.horizon ?? 5);
  const planner = new RecedingHorizonPlanner(problem, { initStd: 0.5, warmStd: 0.1, ...opts });
  let prev = new Array<number>(N).fill(0);
  const positions: number[][] = [];
  const planCosts: number[] = [];
  for (let t = 0; t < signals.length; t++) {
    const f = signals[t];
    require(
      Array.isArray(f) && f.length === K && f.every(Number.isFinite),
      fn,
      "signals",
      `rows of ${K} finite signals`,
      `row ${t}`,
    );
    const action = await planner.act({ prev, signals: f });
    prev = action.weights.slice();
    positions.push(prev);
    planCosts.push(planner.last!.cost);
  }
  return { positions, planCosts };
}
