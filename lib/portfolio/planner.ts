/**
 * Sampling planners over the separated action space (action_space.ts): the cross-entropy method
 * (CEM: refit the sampling distribution to the lowest-cost "elite" plans) and MPPI (model
 * predictive path integral: move it to the exp(−cost/λ)-weighted average of all plans). Both
 * take an injected `rollout` (a batch of plans from a state → one predicted trajectory per plan)
 * and `cost` (trajectory, plan → number, lower is better), so they are tested on toy systems and
 * reused with a learned world model. `RecedingHorizonPlanner` replans at every step and, unlike
 * the published planners that restart from mean 0, warm-starts from the shifted previous plan.
 */
import { require, requireNumber } from "../errors.ts";
import { Rng } from "../random.ts";
import {
  type Action,
  type ActionSpace,
  decodeAction,
  initialDistribution,
  modePlan,
  type Plan,
  type PlanDistribution,
  type PlanSample,
  resolveSpace,
  samplePlan,
  shiftDistribution,
} from "./action_space.ts";

/** A planning problem: the action space, the horizon, and the injected model and cost. */
export interface PlanningProblem<S, R> {
  space: ActionSpace;
  horizon: number;
  /** Predicted trajectory of each plan from `state` (batched so a network runs once). */
  rollout: (state: S, plans: Plan[]) => R[] | Promise<R[]>;
  /** Cost of one predicted trajectory (lower is better), e.g. −Σ utility + turnover cost. */
  cost: (trajectory: R, plan: Plan, state: S) => number;
}

/** Options shared by CEM and MPPI. */
export interface PlannerOptions {
  /** Plans drawn per iteration (default 300). */
  samples?: number;
  /** Refinement iterations (default 30). */
  iterations?: number;
  /**
   * CEM elites; MPPI: how many best plans set the automatic temperature (default 30, or a
   * tenth of the samples when that is fewer).
   */
  elites?: number;
  /** Std of the Gaussian part at a cold start and after a shift (default 1). */
  initStd?: number;
  /** Floor of the Gaussian std (default 1e-3). */
  minStd?: number;
  /** Floor of every signal/hedge probability, so no choice dies out (default 0.01). */
  probFloor?: number;
  /** Starting distribution (a warm start); default the cold start of `initialDistribution`. */
  init?: PlanDistribution;
  /** Random stream (default a fresh `Rng(seed)`). */
  rng?: Rng;
  /** Seed when no `rng` is given (default 0). */
  seed?: number;
  /**
   * Return the lowest-cost central plan of any iteration (and its distribution) rather than
   * the last one (default true): a noisy last refit never replaces a better mean, such as the
   * warm start itself.
   */
  elitist?: boolean;
}

/** MPPI options: temperature λ of the exp(−(c − c_min)/λ) weights. */
export interface MppiOptions extends PlannerOptions {
  /** λ (default: the mean cost gap of the `elites` best plans to the best, per iteration). */
  temperature?: number;
  /** Refit the std to the weighted spread (default true); false keeps the noise fixed. */
  adaptStd?: boolean;
}

/** What a planner returns. */
export interface PlanResult {
  /**
   * The central plan (mean weights, likeliest signals, hedge if p ≥ ½) of the final
   * distribution, or with `elitist` of whichever iteration's distribution planned cheapest.
   */
  plan: Plan;
  /** Its cost. */
  cost: number;
  /** Lowest-cost plan drawn in any iteration, and its cost. */
  best: Plan;
  bestCost: number;
  /** The distribution `plan` came from (shift it for a warm start). */
  distribution: PlanDistribution;
  /** Cost of the central plan at each iteration (before its update). */
  history: number[];
}

type Update = (
  dist: PlanDistribution,
  samples: PlanSample[],
  costs: number[],
) => PlanDistribution;

function checkOptions(fn: string, o: PlannerOptions) {
  const samples = requireNumber(fn, "samples", o.samples ?? 300, { integer: true, min: 2 });
  const iterations = requireNumber(fn, "iterations", o.iterations ?? 30, {
    integer: true,
    positive: true,
  });
  const elites = requireNumber(fn, "elites", o.elites ?? Math.min(30, Math.ceil(samples / 10)), {
    integer: true,
    positive: true,
    max: samples,
  });
  const initStd = requireNumber(fn, "initStd", o.initStd ?? 1, { positive: true });
  const minStd = requireNumber(fn, "minStd", o.minStd ?? 1e-3, { nonNegative: true });
  const probFloor = requireNumber(fn, "probFloor", o.probFloor ?? 0.01, {
    nonNegative: true,
    max: 0.3,
  });
  const rng = o.rng ?? new Rng(o.seed ?? 0);
  const elitist = o.elitist ?? true;
  require(typeof elitist === "boolean", fn, "elitist", "a boolean", elitist);
  return { samples, iterations, elites, initStd, minStd, probFloor, rng, elitist };
}

function floorProbs(p: number[], floor: number): number[] {
  const q = p.map((v) => Math.max(v, floor));
  const s = q.reduce((a, b) => a + b, 0);
  return q.map((v) => v / s);
}

/** Refit a distribution to samples with non-negative weights summing to 1. */
function weightedFit(
  dist: PlanDistribution,
  samples: PlanSample[],
  wts: number[],
  minStd: number,
  probFloor: number,
  adaptStd: boolean,
): PlanDistribution {
  const H = dist.mean.length;
  const used = wts.map((w, k) => (w > 0 ? k : -1)).filter((k) => k >= 0);
  const mean = dist.mean.map((mu) => new Array<number>(mu.length).fill(0));
  for (const k of used) {
    const raw = samples[k].raw, w = wts[k];
    for (let h = 0; h < H; h++) for (let i = 0; i < raw[h].length; i++) mean[h][i] += w * raw[h][i];
  }
  let std: number[][];
  if (adaptStd) {
    const v = dist.mean.map((mu) => new Array<number>(mu.length).fill(0));
    for (const k of used) {
      const raw = samples[k].raw, w = wts[k];
      for (let h = 0; h < H; h++) {
        for (let i = 0; i < raw[h].length; i++) v[h][i] += w * (raw[h][i] - mean[h][i]) ** 2;
      }
    }
    std = v.map((row) => row.map((x) => Math.max(minStd, Math.sqrt(x))));
  } else {
    std = dist.std.map((r) => r.slice());
  }
  const signalProbs = dist.signalProbs.map((step, h) =>
    step.map((_, i) => {
      const p = [0, 0, 0];
      for (const k of used) p[samples[k].cats[h][i]] += wts[k];
      return floorProbs(p, probFloor);
    })
  );
  const hedgeProb = Array.from({ length: H }, (_, h) => {
    if (dist.hedgeProb[h] === 0 && samples.every((s) => s.hedge[h] === 0)) return 0;
    let p = 0;
    for (const k of used) p += wts[k] * samples[k].hedge[h];
    return Math.min(1 - probFloor, Math.max(probFloor, p));
  });
  return { mean, std, signalProbs, hedgeProb };
}

async function runPlanner<S, R>(
  fn: string,
  problem: PlanningProblem<S, R>,
  state: S,
  o: ReturnType<typeof checkOptions>,
  init: PlanDistribution | undefined,
  update: Update,
): Promise<PlanResult> {
  require(
    typeof problem === "object" && problem !== null,
    fn,
    "problem",
    "a PlanningProblem",
    problem,
  );
  require(
    typeof problem.rollout === "function",
    fn,
    "problem.rollout",
    "a function",
    problem.rollout,
  );
  require(typeof problem.cost === "function", fn, "problem.cost", "a function", problem.cost);
  const space = resolveSpace(fn, problem.space);
  const H = requireNumber(fn, "problem.horizon", problem.horizon, {
    integer: true,
    positive: true,
  });
  let dist = init ?? initialDistribution(space, H, o.initStd);
  require(
    dist.mean.length === H,
    fn,
    "init",
    `a distribution over ${H} steps`,
    `${dist.mean.length} steps`,
  );
  const decode = (s: PlanSample): Plan =>
    s.raw.map((raw, h) => decodeAction(space, raw, s.cats[h], s.hedge[h]));
  const evaluate = async (plans: Plan[]): Promise<number[]> => {
    const traj = await problem.rollout(state, plans);
    require(
      Array.isArray(traj) && traj.length === plans.length,
      fn,
      "problem.rollout",
      `${plans.length} trajectories`,
      traj,
    );
    return traj.map((r, k) => {
      const c = problem.cost(r, plans[k], state);
      require(Number.isFinite(c), fn, "problem.cost", "a finite cost", c);
      return c;
    });
  };
  let best: Plan = modePlan(space, dist);
  let bestCost = Infinity;
  // the best central plan so far and its distribution (elitist: never return a worse mean)
  let keep = { plan: best, cost: Infinity, dist };
  const history: number[] = [];
  for (let it = 0; it < o.iterations; it++) {
    const samples = Array.from({ length: o.samples }, () => samplePlan(dist, o.rng));
    const central = modePlan(space, dist);
    const plans = [central, ...samples.map(decode)];
    const costs = await evaluate(plans);
    history.push(costs[0]);
    if (costs[0] < keep.cost) keep = { plan: central, cost: costs[0], dist };
    for (let k = 0; k < plans.length; k++) {
      if (costs[k] < bestCost) {
        bestCost = costs[k];
        best = plans[k];
      }
    }
    dist = update(dist, samples, costs.slice(1));
  }
  const final = modePlan(space, dist);
  const [finalCost] = await evaluate([final]);
  if (finalCost < bestCost) {
    bestCost = finalCost;
    best = final;
  }
  if (!o.elitist || finalCost <= keep.cost) keep = { plan: final, cost: finalCost, dist };
  return { plan: keep.plan, cost: keep.cost, best, bestCost, distribution: keep.dist, history };
}

/** Cross-entropy method: each iteration refits mean/std and probabilities to the elites. */
export async function cemPlan<S, R>(
  problem: PlanningProblem<S, R>,
  state: S,
  opts: PlannerOptions = {},
): Promise<PlanResult> {
  const o = checkOptions("cemPlan", opts);
  const update: Update = (dist, samples, costs) => {
    const order = costs.map((c, k) => [c, k]).sort((a, b) => a[0] - b[0]).slice(0, o.elites);
    const wts = new Array<number>(samples.length).fill(0);
    for (const [, k] of order) wts[k] = 1 / o.elites;
    return weightedFit(dist, samples, wts, o.minStd, o.probFloor, true);
  };
  return await runPlanner("cemPlan", problem, state, o, opts.init, update);
}

/** MPPI: each iteration moves to the exp(−(c − c_min)/λ)-weighted average of all plans. */
export async function mppiPlan<S, R>(
  problem: PlanningProblem<S, R>,
  state: S,
  opts: MppiOptions = {},
): Promise<PlanResult> {
  const o = checkOptions("mppiPlan", opts);
  const lambda = opts.temperature === undefined
    ? null
    : requireNumber("mppiPlan", "temperature", opts.temperature, { positive: true });
  const adaptStd = opts.adaptStd ?? true;
  const update: Update = (dist, samples, costs) => {
    const cmin = Math.min(...costs);
    let lam = lambda;
    if (lam === null) {
      const sorted = costs.slice().sort((a, b) => a - b).slice(0, o.elites);
      lam = Math.max(1e-12, sorted.reduce((a, c) => a + (c - cmin), 0) / sorted.length);
    }
    const e = costs.map((c) => Math.exp(-(c - cmin) / lam!));
    const s = e.reduce((a, b) => a + b, 0);
    return weightedFit(dist, samples, e.map((v) => v / s), o.minStd, o.probFloor, adaptStd);
  };
  return await runPlanner("mppiPlan", problem, state, o, opts.init, update);
}

/** Options of `RecedingHorizonPlanner`. */
export interface RecedingHorizonOptions extends MppiOptions {
  /** "cem" (default) or "mppi". */
  method?: "cem" | "mppi";
  /** Start each call from the shifted previous distribution (default true). */
  warmStart?: boolean;
  /** Execute the central plan's first action (default "mean") or the best sampled plan's. */
  execute?: "mean" | "best";
  /** Gaussian std after a warm-start shift (default initStd). */
  warmStd?: number;
}

/** Model-predictive control: plan over the horizon, execute the first action, replan next step. */
export class RecedingHorizonPlanner<S, R> {
  #problem: PlanningProblem<S, R>;
  #opts: RecedingHorizonOptions;
  #rng: Rng;
  #prev: PlanDistribution | null = null;
  /** The last plan result (null before the first call). */
  last: PlanResult | null = null;

  /** Create a planner for `problem`; randomness from `opts.rng` or `opts.seed`. */
  constructor(problem: PlanningProblem<S, R>, opts: RecedingHorizonOptions = {}) {
    const fn = "RecedingHorizonPlanner";
    resolveSpace(fn, problem?.space);
    const method = opts.method ?? "cem";
    require(method === "cem" || method === "mppi", fn, "method", '"cem" or "mppi"', String(method));
    require(
      ["mean", "best"].includes(opts.execute ?? "mean"),
      fn,
      "execute",
      '"mean" or "best"',
      String(opts.execute),
    );
    if (opts.warmStd !== undefined) requireNumber(fn, "warmStd", opts.warmStd, { positive: true });
    this.#problem = problem;
    this.#opts = { ...opts, method };
    this.#rng = opts.rng ?? new Rng(opts.seed ?? 0);
  }

  /** Forget the previous plan (the next call starts cold). */
  reset(): void {
    this.#prev = null;
    this.last = null;
  }

  /** Plan from `state` and return the action to execute now. */
  async act(state: S): Promise<Action> {
    const o = this.#opts;
    const init = o.warmStart !== false && this.#prev !== null
      ? shiftDistribution(this.#prev, o.warmStd ?? o.initStd ?? 1)
      : undefined;
    const args = { ...o, rng: this.#rng, init };
    const res = o.method === "mppi"
      ? await mppiPlan(this.#problem, state, args)
      : await cemPlan(this.#problem, state, args);
    this.#prev = res.distribution;
    this.last = res;
    return (o.execute === "best" ? res.best : res.plan)[0];
  }
}
