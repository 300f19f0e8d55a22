import assert from "node:assert/strict";
import { gpDefaultParams } from "../../../../lib/data/synthetic_gp.ts";
import { quadraticCostProblem, simplexCostProblem } from "../../../../lib/jepa/world/plan.ts";
import { gpPlanningProblem } from "../../../../lib/portfolio/gp_mpc.ts";
import { Rng } from "../../../../lib/random.ts";

const close = (a: number, b: number, tol = 1e-12) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const act = (weights: number[], hedge = 0) => ({ weights, signals: [], hedge });

Deno.test("quadraticCostProblem: hand-computed Gârleanu–Pedersen objective of a 2-step plan", async () => {
  const p = quadraticCostProblem({ Sigma: [[2]], gamma: 1, lambda: 10, rho: 0.1, horizon: 2 });
  const state = { prev: [0.5], mu: [[0.3], [0.1]] };
  const plan = [act([1]), act([2])];
  const [traj] = await p.rollout(state, [plan]);
  assert.equal(traj, state, "a price taker's plan does not change the forecast");
  // h = 0: 0.9·(0.3·1 − ½·2·1) − ½·10·2·0.25 = −0.63 − 2.5
  // h = 1: 0.9·[0.9·(0.1·2 − ½·2·4) − ½·10·2·1] = 0.9·(−3.42 − 10)
  close(p.cost(traj, plan, state), -(-0.63 - 2.5 + 0.9 * (-3.42 - 10)));
});

Deno.test("simplexCostProblem: utility, L1 trading cost from the drifted weights, hedge overlay", () => {
  const p = simplexCostProblem({
    cov: [[0.04, 0], [0, 0.01]],
    gamma: 2,
    costBps: 10,
    horizon: 2,
    hedge: true,
  });
  const state = {
    prev: [0.5, 0.5],
    mu: [[0.01, 0.02], [0.01, 0.02]],
    hedge: { mu: [-0.001, -0.001], variance: [0.02, 0.02], cov: [[-0.01, 0], [-0.01, 0]] },
  };
  const plan = [act([1, 0], 1), act([0, 1], 0)];
  // h0: 0.01 − 0.04 − 0.001·1 + [−0.001 − (0.02 + 2·(−0.01))] − 0.001·1
  // h1: 0.02 − 0.01 − 0.001·2 − 0.001·1
  const u = 0.01 - 0.04 - 0.001 + (-0.001 - 0) - 0.001 + (0.02 - 0.01 - 0.002 - 0.001);
  close(p.cost(state, plan, state), -u, 1e-12);
  assert.throws(
    () => p.cost({ prev: [1], mu: [] }, plan, state),
    /simplexCostProblem: argument 'state' expected \{prev \[2\], mu \[2\]\[2\]\}/,
  );
  assert.throws(
    () => simplexCostProblem({ cov: [[1, 0]], gamma: 1, costBps: 5, horizon: 2 }),
    /argument 'cov' expected a square matrix/,
  );
});

Deno.test("quadraticCostProblem with the true forecast path equals the true-model GP problem", async () => {
  const p = gpDefaultParams();
  const H = 4;
  const truth = gpPlanningProblem(p, H);
  const mine = quadraticCostProblem({ ...p, horizon: H });
  const rng = new Rng(3);
  for (let trial = 0; trial < 5; trial++) {
    const f = Array.from(rng.normals(2));
    const prev = Array.from(rng.normals(2));
    const mu = Array.from(
      { length: H },
      (_, h) => p.B.map((row) => row.reduce((s, b, k) => s + b * (1 - p.phi[k]) ** h * f[k], 0)),
    );
    const plan = Array.from({ length: H }, () => act(Array.from(rng.normals(2))));
    const [tr] = await truth.rollout({ prev, signals: f }, [plan]);
    const a = truth.cost(tr, plan, { prev, signals: f });
    const b = mine.cost({ prev, mu }, plan, { prev, mu });
    close(a, b, 1e-10);
  }
});
