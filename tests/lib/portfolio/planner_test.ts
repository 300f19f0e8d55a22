/** CEM and MPPI on toy systems with known optima: linear-quadratic, simplex, signals and hedge. */
import assert from "node:assert/strict";
import {
  type Action,
  cemPlan,
  initialDistribution,
  mppiPlan,
  type Plan,
  type PlanningProblem,
  RecedingHorizonPlanner,
  shiftDistribution,
  softmaxWeights,
} from "../../../lib/portfolio/mod.ts";
import { inverse, matMul, matVec, transpose } from "../../../lib/portfolio/matrix.ts";

const close = (a: number, b: number, tol: number) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b} (tol ${tol})`);

// A linear-quadratic system: s' = A s + B a, cost Σ s'ᵀs' + r·aᵀa over the horizon.
const A = [[0.9, 0.2], [0, 0.8]];
const Bm = [[0.5, 0], [0.1, 0.5]];
const r = 0.1;
const H = 5;

function lqCost(s0: number[], actions: number[][]): number {
  let s = s0, c = 0;
  for (const a of actions) {
    s = matVec(A, s).map((v, i) => v + matVec(Bm, a)[i]);
    c += s[0] ** 2 + s[1] ** 2 + r * (a[0] ** 2 + a[1] ** 2);
  }
  return c;
}

/** Exact optimum: s_h = F_h s0 + Σ G_hk a_k, a minimiser of a least-squares problem. */
function lqOptimum(s0: number[]): number[][] {
  const D = 2 * H;
  const G: number[][] = Array.from({ length: 2 * H }, () => new Array<number>(D).fill(0));
  const f: number[] = [];
  let Ah = [[1, 0], [0, 1]];
  for (let h = 0; h < H; h++) {
    Ah = matMul(A, Ah);
    f.push(...matVec(Ah, s0));
    for (let k = 0; k <= h; k++) {
      let M = Bm;
      for (let j = k; j < h; j++) M = matMul(A, M);
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) G[2 * h + i][2 * k + j] = M[i][j];
    }
  }
  const Gt = transpose(G);
  const lhs = matMul(Gt, G).map((row, i) => row.map((v, j) => v + (i === j ? r : 0)));
  const a = matVec(inverse("lq", "lhs", lhs), matVec(Gt, f)).map((v) => -v);
  return Array.from({ length: H }, (_, h) => a.slice(2 * h, 2 * h + 2));
}

const lqProblem: PlanningProblem<number[], number> = {
  space: { nAssets: 2, weights: "real" },
  horizon: H,
  rollout: (s0, plans) => plans.map((p) => lqCost(s0, p.map((a) => a.weights))),
  cost: (c) => c,
};

Deno.test("cemPlan / mppiPlan: reach the linear-quadratic optimum", async () => {
  const s0 = [1, -1];
  const opt = lqOptimum(s0);
  const best = lqCost(s0, opt);
  for (const plan of [cemPlan, mppiPlan]) {
    const res = await plan(lqProblem, s0, { seed: 1 });
    assert.ok((res.cost - best) / best < 1e-3, `${plan.name}: ${res.cost} vs optimum ${best}`);
    res.plan[0].weights.forEach((v, i) => close(v, opt[0][i], 0.02));
    assert.ok(res.history[res.history.length - 1] < res.history[0], "cost falls over iterations");
    assert.ok(res.bestCost <= res.cost);
  }
});

// A tracking system whose optimal actions are persistent levels (like positions): the state is
// the previous action s, cost Σ_h ‖a_h − c‖² + κ‖a_h − a_{h−1}‖² with a_{−1} = s.
const c = [3, -2];
const kappa = 2;
const trackCost = (s: number[], plan: number[][]) => {
  let prev = s, cost = 0;
  for (const a of plan) {
    cost += a.reduce((q, v, i) => q + (v - c[i]) ** 2 + kappa * (v - prev[i]) ** 2, 0);
    prev = a;
  }
  return cost;
};
/** Exact first action: per coordinate a tridiagonal system (1 + κ + κ·[h < H−1])a_h − κa_{h±1} = … */
function trackOptimum(s: number[]): number[] {
  return s.map((si, i) => {
    const M = Array.from(
      { length: H },
      (_, h) =>
        Array.from(
          { length: H },
          (_, k) =>
            k === h ? 1 + kappa + (h < H - 1 ? kappa : 0) : Math.abs(k - h) === 1 ? -kappa : 0,
        ),
    );
    const rhs = Array.from({ length: H }, (_, h) => c[i] + (h === 0 ? kappa * si : 0));
    return matVec(inverse("track", "M", M), rhs)[0];
  });
}
const trackProblem: PlanningProblem<number[], number> = {
  space: { nAssets: 2, weights: "real" },
  horizon: H,
  rollout: (s, plans) => plans.map((p) => trackCost(s, p.map((a) => a.weights))),
  cost: (v) => v,
};

Deno.test("RecedingHorizonPlanner: warm start beats cold start at the same small budget", async () => {
  const steps = 15;
  const stepCost = (s: number[], a: number[]) =>
    a.reduce((q, v, i) => q + (v - c[i]) ** 2 + kappa * (v - s[i]) ** 2, 0);
  const closedLoop = async (policy: (s: number[]) => Promise<number[]> | number[]) => {
    let s = [0, 0], total = 0;
    for (let t = 0; t < steps; t++) {
      const a = await policy(s);
      total += stepCost(s, a);
      s = a;
    }
    return total;
  };
  const exact = await closedLoop(trackOptimum);
  const budget = { samples: 100, iterations: 5, elites: 10, initStd: 1, seed: 5 };
  const excess: Record<string, number> = {};
  for (const method of ["cem", "mppi"] as const) {
    for (const warmStart of [true, false]) {
      const planner = new RecedingHorizonPlanner(trackProblem, { ...budget, method, warmStart });
      excess[`${method} ${warmStart ? "warm" : "cold"}`] = (await closedLoop(async (s) =>
            (await planner.act(s)).weights
          )) / exact - 1;
    }
    const warm = excess[`${method} warm`], cold = excess[`${method} cold`];
    assert.ok(warm < 0.3 && cold > 10 * warm, `${method}: excess warm ${warm}, cold ${cold}`);
  }
});

Deno.test("cemPlan / mppiPlan: simplex weights reach an interior target; signals and hedge their best choice", async () => {
  const target = [0.5, 0.3, 0.2];
  const wantSignals = [1, -1, 0];
  const problem: PlanningProblem<null, Plan> = {
    space: { nAssets: 3, weights: "simplex", signals: true, hedge: true },
    horizon: 3,
    rollout: (_s, plans) => plans,
    cost: (plan) =>
      plan.reduce(
        (c, a: Action, h) =>
          c + a.weights.reduce((s, w, i) => s + (w - target[i]) ** 2, 0) +
          0.1 * a.signals.reduce((s, v, i) => s + Math.abs(v - wantSignals[i]), 0) +
          0.1 * Math.abs(a.hedge - (h === 0 ? 1 : 0)),
        0,
      ),
  };
  for (const plan of [cemPlan, mppiPlan]) {
    const res = await plan(problem, null, { seed: 2, samples: 200, iterations: 20, elites: 20 });
    for (const [h, a] of res.plan.entries()) {
      a.weights.forEach((w, i) => close(w, target[i], 0.02));
      close(a.weights.reduce((x, y) => x + y, 0), 1, 1e-12);
      assert.deepEqual(a.signals, wantSignals, `${plan.name} signals at step ${h}`);
      assert.equal(a.hedge, h === 0 ? 1 : 0, `${plan.name} hedge at step ${h}`);
    }
  }
});

Deno.test("elitist planners never return a plan costlier than any central plan they tried", async () => {
  const warm = initialDistribution(lqProblem.space, H, 0.5);
  warm.mean = lqOptimum([1, -1]); // start at the optimum: a noisy refit can only lose
  for (const plan of [cemPlan, mppiPlan]) {
    const res = await plan(lqProblem, [1, -1], { seed: 1, samples: 20, iterations: 3, init: warm });
    assert.ok(res.cost <= Math.min(...res.history) + 1e-12, `${plan.name}`);
    close(res.cost, res.history[0], 1e-12);
    const loose = await plan(lqProblem, [1, -1], {
      seed: 1,
      samples: 20,
      iterations: 3,
      init: warm,
      elitist: false,
    });
    assert.ok(loose.cost > res.cost, `${plan.name}: ${loose.cost} vs ${res.cost}`);
  }
});

Deno.test("cemPlan: the same seed gives the same plan; another seed a different one", async () => {
  const a = await cemPlan(lqProblem, [1, 0], { seed: 3, iterations: 3 });
  const b = await cemPlan(lqProblem, [1, 0], { seed: 3, iterations: 3 });
  const c = await cemPlan(lqProblem, [1, 0], { seed: 4, iterations: 3 });
  assert.deepEqual(a.plan, b.plan);
  assert.notDeepEqual(a.plan, c.plan);
});

Deno.test("softmaxWeights, initialDistribution and shiftDistribution by hand", () => {
  const w = softmaxWeights([0, Math.log(3)], 2);
  close(w[0], 0.5, 1e-12);
  close(w[1], 1.5, 1e-12);
  assert.deepEqual(softmaxWeights([1000, 1000]), [0.5, 0.5]);
  const d = initialDistribution({ nAssets: 2, signals: true, hedge: true }, 3, 0.7);
  assert.deepEqual(d.mean, [[0, 0], [0, 0], [0, 0]]);
  assert.deepEqual(d.std[2], [0.7, 0.7]);
  assert.deepEqual(d.signalProbs[0][1], [1 / 3, 1 / 3, 1 / 3]);
  assert.deepEqual(d.hedgeProb, [0.5, 0.5, 0.5]);
  d.mean = [[1, 1], [2, 2], [3, 3]];
  d.hedgeProb = [0.1, 0.2, 0.9];
  const s = shiftDistribution(d, 0.3);
  assert.deepEqual(s.mean, [[2, 2], [3, 3], [3, 3]]);
  assert.deepEqual(s.std, [[0.3, 0.3], [0.3, 0.3], [0.3, 0.3]]);
  assert.deepEqual(s.hedgeProb, [0.2, 0.9, 0.9]);
});

Deno.test("planners: reject bad input with named messages", async () => {
  await assert.rejects(
    () => cemPlan(lqProblem, [1, 0], { samples: 1 }),
    /cemPlan: argument 'samples' expected an integer >= 2/,
  );
  await assert.rejects(
    () => cemPlan(lqProblem, [1, 0], { samples: 10, elites: 20 }),
    /cemPlan: argument 'elites' expected an integer > 0 <= 10/,
  );
  await assert.rejects(
    () => mppiPlan({ ...lqProblem, cost: () => NaN }, [1, 0], { iterations: 1 }),
    /mppiPlan: argument 'problem.cost' expected a finite cost, received NaN/,
  );
  await assert.rejects(
    () => cemPlan({ ...lqProblem, rollout: () => [] }, [1, 0], { iterations: 1 }),
    /cemPlan: argument 'problem.rollout' expected \d+ trajectories/,
  );
  await assert.rejects(
    () => mppiPlan(lqProblem, [1, 0], { temperature: 0 }),
    /mppiPlan: argument 'temperature'/,
  );
  await assert.rejects(
    () => cemPlan({ ...lqProblem, space: { nAssets: 0 } }, [1, 0]),
    /cemPlan: argument 'space.nAssets' expected an integer > 0/,
  );
  assert.throws(
    () => new RecedingHorizonPlanner(lqProblem, { method: "sgd" as "cem" }),
    /RecedingHorizonPlanner: argument 'method'/,
  );
  assert.throws(() => softmaxWeights([]), /softmaxWeights: argument 'logits' expected a non-empty/);
  assert.throws(
    () => shiftDistribution(initialDistribution(lqProblem.space, 2), 0),
    /shiftDistribution: argument 'std' expected a finite number > 0/,
  );
  await assert.rejects(
    () => cemPlan(lqProblem, [1, 0], { init: initialDistribution(lqProblem.space, 2) }),
    /cemPlan: argument 'init' expected a distribution over 5 steps, received 2 steps/,
  );
  assert.throws(
    () => initialDistribution({ nAssets: 2, weights: "none" }, 3),
    /initialDistribution: argument 'space' expected at least one action component/,
  );
});
