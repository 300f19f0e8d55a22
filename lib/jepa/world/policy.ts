/**
 * A world-model portfolio policy for lib/portfolio's `walkForwardPolicy`. `fit` sees only the
 * training window: it standardises each asset's returns by the window's std, trains the world
 * model on windows of the last `window` days (with random exploratory actions: a price taker's
 * actions do not move the market), fits the utility heads in closed form and the Ledoit–Wolf
 * covariance. The rule then forecasts the next `horizon` days from the history up to t and
 * plans long-only weights (CEM or MPPI, warm-started) on `simplexCostProblem`, against the
 * weights drifted into t. Fits and forecasts can be cached across cost levels (`cache`).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import { Rng } from "../../random.ts";
import { ledoitWolf } from "../../portfolio/covariance.ts";
import { type RecedingHorizonOptions, RecedingHorizonPlanner } from "../../portfolio/planner.ts";
import type { Policy, PolicyWindow } from "../../portfolio/policy.ts";
import { actionFeatureDim } from "./actions.ts";
import { forecastReturns } from "./forecast.ts";
import { fitLinearHeads } from "./heads_fit.ts";
import {
  createWorldModel,
  disposeWorldModel,
  type WorldModel,
  type WorldModelConfig,
} from "./model.ts";
import { simplexCostProblem } from "./plan.ts";
import { trainWorldModel, type WorldEpochLog, type WorldTrainOptions } from "./train.ts";

/** Settings of `worldModelPolicy`. */
export interface WorldPolicyOptions {
  name: string;
  /** Model settings for N assets observed over `window` days (inputDim N, seqLen window). */
  config: (nAssets: number, window: number) => WorldModelConfig;
  window: number;
  train: WorldTrainOptions;
  horizon: number;
  costBps: number;
  gamma: number;
  planner: RecedingHorizonOptions;
  /** Shared between policies that differ only in costBps / planner, to fit once. */
  cache?: Map<string, FittedWorld>;
}

/** A fitted world model with what its rules need. */
export interface FittedWorld {
  model: WorldModel;
  sd: number[];
  cov: number[][];
  logs: WorldEpochLog[];
  forecasts: Map<number, number[][]>;
}

/** Standardised observation windows [days.length, window, N] ending at each of `days`. */
export function returnWindows(
  returns: readonly number[][],
  sd: readonly number[],
  window: number,
  days: readonly number[],
): tf.Tensor3D {
  const n = sd.length;
  const out = new Float32Array(days.length * window * n);
  days.forEach((t, b) => {
    require(
      t - window + 1 >= 0 && t < returns.length,
      "returnWindows",
      "days",
      `rows in [${window - 1}, ${returns.length - 1}]`,
      t,
    );
    for (let j = 0; j < window; j++) {
      const r = returns[t - window + 1 + j];
      for (let i = 0; i < n; i++) out[(b * window + j) * n + i] = r[i] / sd[i];
    }
  });
  return tf.tensor3d(out, [days.length, window, n]);
}

async function fitWorld(o: WorldPolicyOptions, train: PolicyWindow): Promise<FittedWorld> {
  const fn = "worldModelPolicy";
  const rows = train.returns;
  const t = rows.length;
  const n = rows[0].length;
  const config = o.config(n, o.window);
  const l = config.context;
  const k = o.train.k ?? 3;
  require(
    t > o.window + l + k + 10,
    fn,
    "train.returns",
    `more than ${o.window + l + k + 10} rows`,
    t,
  );
  const sd = Array.from({ length: n }, (_, i) => {
    const m = rows.reduce((s, r) => s + r[i], 0) / t;
    return Math.sqrt(rows.reduce((s, r) => s + (r[i] - m) ** 2, 0) / (t - 1)) || 1;
  });
  const days = Array.from({ length: t - o.window }, (_, i) => i + o.window - 1); // next row inside
  const rng = new Rng(config.seed);
  const a = actionFeatureDim(config.actions);
  const acts = days.map(() => {
    const z = Array.from(rng.normals(n));
    const e = z.map((v) => Math.exp(v));
    const s = e.reduce((x, y) => x + y, 0);
    return [...e.map((v) => v / s), ...new Array(a - n).fill(0)];
  });
  const next = days.map((d) => rows[d + 1].slice());
  const data = {
    obs: returnWindows(rows, sd, o.window, days),
    actions: tf.tensor2d(acts, [days.length, a]),
    nextReturns: tf.tensor2d(next),
  };
  const model = createWorldModel(config);
  try {
    const logs = await trainWorldModel(model, data, o.train);
    await fitLinearHeads(model, data.obs, next);
    return { model, sd, cov: ledoitWolf(rows).covariance, logs, forecasts: new Map() };
  } catch (e) {
    disposeWorldModel(model);
    throw e;
  } finally {
    tf.dispose([data.obs, data.actions, data.nextReturns]);
  }
}

/** A Policy that plans with a world model fitted on each training window. */
export function worldModelPolicy(o: WorldPolicyOptions): Policy {
  const fn = "worldModelPolicy";
  requireNumber(fn, "window", o.window, { integer: true, positive: true });
  const horizon = requireNumber(fn, "horizon", o.horizon, { integer: true, positive: true });
  return {
    name: o.name,
    fit: async (train: PolicyWindow) => {
      const key = `${o.name}|${train.returns.length}|${train.returns[0].join(",")}|${
        train.returns.at(-1)!.join(",")
      }`;
      let fitted = o.cache?.get(key);
      if (!fitted) {
        fitted = await fitWorld(o, train);
        o.cache?.set(key, fitted);
      }
      const f = fitted;
      const n = f.sd.length;
      const l = f.model.config.context;
      const a = actionFeatureDim(f.model.config.actions);
      const problem = simplexCostProblem({
        cov: f.cov,
        gamma: o.gamma,
        costBps: o.costBps,
        horizon,
      });
      const planner = new RecedingHorizonPlanner(problem, o.planner);
      return async (ctx) => {
        const t = ctx.t;
        const prev = ctx.driftedWeights ?? new Array(n).fill(1 / n);
        const first = t - l + 1 - (o.window - 1);
        if (first < 0) return prev;
        let mu = f.forecasts.get(t);
        if (!mu) {
          const days = Array.from({ length: l }, (_, j) => t - l + 1 + j);
          const obs = tf.tidy(() =>
            tf.expandDims(returnWindows(ctx.history.returns, f.sd, o.window, days), 0)
          ) as tf.Tensor4D;
          const acts = tf.zeros([1, Math.max(l + horizon - 2, 1), a]) as tf.Tensor3D;
          try {
            mu = (await forecastReturns(f.model, obs, acts, horizon)).mu[0];
          } finally {
            tf.dispose([obs, acts]);
          }
          f.forecasts.set(t, mu);
        }
        return (await planner.act({ prev, mu })).weights;
      };
    },
  };
}

/** Dispose the models held by a policy cache. */
export function disposeWorldCache(cache: Map<string, FittedWorld>): void {
  for (const f of cache.values()) disposeWorldModel(f.model);
  cache.clear();
}
