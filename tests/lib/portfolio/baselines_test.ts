/** Optimisers, baseline policies and the walk-forward loop: closed forms, KKT and causality. */
import assert from "node:assert/strict";
import {
  backtest,
  equalWeightPolicy,
  fitRidge,
  ledoitWolf,
  meanVariancePolicy,
  meanVarianceWeights,
  minVariancePolicy,
  minVarianceWeights,
  type Policy,
  projectToSimplex,
  ridgeMeanVariancePolicy,
  simulatePlaceboMarket,
  solveSimplexQP,
  walkForwardPolicy,
} from "../../../lib/portfolio/mod.ts";
import { Rng } from "../../../lib/random.ts";

const close = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("projectToSimplex: hand values and the nearest-point property", () => {
  assert.deepEqual(projectToSimplex([0.2, 0.3, 0.5]), [0.2, 0.3, 0.5]);
  // [2, 0] → [1, 0]; [1, 1, 0] → [0.5, 0.5, 0]; budget 2
  assert.deepEqual(projectToSimplex([2, 0]), [1, 0]);
  assert.deepEqual(projectToSimplex([1, 1, 0]), [0.5, 0.5, 0]);
  assert.deepEqual(projectToSimplex([3, 1], 2), [2, 0]);
  const rng = new Rng(1);
  for (let k = 0; k < 50; k++) {
    const v = Array.from({ length: 4 }, () => rng.normal());
    const p = projectToSimplex(v);
    close(p.reduce((a, b) => a + b, 0), 1, 1e-12);
    const d = (w: number[]) => w.reduce((a, wi, i) => a + (wi - v[i]) ** 2, 0);
    for (let j = 0; j < 20; j++) {
      const q = projectToSimplex(Array.from({ length: 4 }, () => rng.random()));
      assert.ok(d(p) <= d(q) + 1e-12);
    }
  }
});

Deno.test("minVarianceWeights: the two-asset closed form, interior and at a corner", () => {
  const s1 = 0.04, s2 = 0.09, s12 = 0.01;
  const w1 = (s2 - s12) / (s1 + s2 - 2 * s12);
  const w = minVarianceWeights([[s1, s12], [s12, s2]]);
  close(w[0], w1, 1e-10);
  close(w[1], 1 - w1, 1e-10);
  // high correlation: the unconstrained optimum shorts asset 2, long-only puts all in asset 1
  const corner = minVarianceWeights([[0.04, 0.055], [0.055, 0.09]]);
  close(corner[0], 1, 1e-10);
  close(corner[1], 0, 1e-10);
});

Deno.test("solveSimplexQP: KKT conditions hold and no feasible point does better", () => {
  const rng = new Rng(2);
  const x = Array.from({ length: 80 }, () => Array.from({ length: 6 }, () => rng.normal()));
  const cov = ledoitWolf(x).covariance;
  const mu = Array.from({ length: 6 }, () => 0.3 * rng.normal());
  const res = solveSimplexQP(cov, mu);
  assert.ok(res.kktViolation < 1e-9, `KKT ${res.kktViolation}`);
  close(res.weights.reduce((a, b) => a + b, 0), 1, 1e-12);
  assert.ok(res.weights.every((w) => w >= 0));
  assert.ok(res.weights.some((w) => w === 0), "some asset at the bound");
  const obj = (w: number[]) =>
    0.5 * w.reduce((a, wi, i) => a + wi * cov[i].reduce((s, c, j) => s + c * w[j], 0), 0) -
    w.reduce((a, wi, i) => a + wi * mu[i], 0);
  close(obj(res.weights), res.objective, 1e-12);
  for (let k = 0; k < 200; k++) {
    const q = projectToSimplex(res.weights.map((w) => w + 0.05 * rng.normal()));
    assert.ok(obj(q) >= res.objective - 1e-12);
  }
});

Deno.test("meanVarianceWeights: unconstrained closed form satisfies μ − γΣw = η1 and the budget", () => {
  const cov = [[0.04, 0.01, 0], [0.01, 0.09, 0.02], [0, 0.02, 0.16]];
  const mu = [0.05, 0.08, -0.2];
  const w = meanVarianceWeights(mu, cov, { gamma: 3, longOnly: false });
  close(w.reduce((a, b) => a + b, 0), 1, 1e-12);
  const g = mu.map((m, i) => m - 3 * cov[i].reduce((s, c, j) => s + c * w[j], 0));
  close(g[0], g[1], 1e-12);
  close(g[1], g[2], 1e-12);
  assert.ok(w[2] < 0, "unconstrained shorts the weak asset");
  const lo = meanVarianceWeights(mu, cov, { gamma: 3 });
  assert.ok(lo.every((v) => v >= 0));
});

Deno.test("fitRidge: recovers a noiseless linear map when alpha is tiny", () => {
  const rng = new Rng(4);
  const x = Array.from({ length: 50 }, () => [rng.normal(), rng.normal()]);
  const y = x.map(([a, b]) => [1 + 2 * a - b, -0.5 * b]);
  const predict = fitRidge(x, y, 1e-9);
  const p = predict([0.3, -1]);
  close(p[0], 1 + 0.6 + 1, 1e-6);
  close(p[1], 0.5, 1e-6);
  // heavy shrinkage pulls forecasts to the mean of y
  const flat = fitRidge(x, y, 1e9)([0.3, -1]);
  close(flat[0], y.reduce((a, r) => a + r[0], 0) / 50, 1e-6);
});

Deno.test("walkForwardPolicy: alignment, refits and 1/N; the output feeds backtest directly", async () => {
  const { returns } = simulatePlaceboMarket({ T: 100, nAssets: 3 }, 1);
  const res = await walkForwardPolicy(equalWeightPolicy(), { returns }, {
    fitWindow: 30,
    embargo: 2,
    tradeBlock: 10,
  });
  assert.equal(res.rows[0], 31);
  assert.equal(res.weights.length, 100 - 31);
  assert.equal(res.returns.length, res.weights.length);
  assert.equal(res.fits, 7);
  assert.deepEqual(res.returns[0], returns[31]);
  res.weights.forEach((w) => w.forEach((v) => close(v, 1 / 3)));
  const bt = backtest(res.weights, res.returns, { costBps: 10 });
  assert.equal(bt.rows.length, res.weights.length - 1);
});

Deno.test("walkForwardPolicy: training windows end `embargo` rows before the decision; rules see rows ≤ t", async () => {
  const { returns } = simulatePlaceboMarket({ T: 60, nAssets: 2 }, 2);
  const tagged = returns.map((r, t) => [t / 1000, r[1]]);
  const seen: string[] = [];
  const spy: Policy = {
    name: "spy",
    fit: (train) => {
      const first = Math.round(train.returns[0][0] * 1000);
      const last = Math.round(train.returns[train.returns.length - 1][0] * 1000);
      seen.push(`${first}-${last}`);
      return (ctx) => {
        assert.equal(ctx.history.returns.length, ctx.t + 1);
        assert.ok(last <= ctx.t - 3, "fit window ends embargo rows before the decision");
        return [0.5, 0.5];
      };
    },
  };
  await walkForwardPolicy(spy, { returns: tagged }, { fitWindow: 20, embargo: 3, tradeBlock: 15 });
  assert.deepEqual(seen, ["0-19", "15-34", "30-49"]);
});

Deno.test("walkForwardPolicy: changing data after t never changes the weights at t (every baseline)", async () => {
  const { returns } = simulatePlaceboMarket({ T: 160, nAssets: 4 }, 3);
  const features = returns.map((r) => r.slice());
  const cut = 110;
  const rng = new Rng(8);
  const altered = returns.map((r, t) => (t > cut ? r.map(() => 0.02 * rng.normal()) : r));
  const alteredF = altered.map((r) => r.slice());
  for (
    const policy of [
      minVariancePolicy(),
      meanVariancePolicy({ gamma: 5 }),
      ridgeMeanVariancePolicy(),
    ]
  ) {
    const opts = { fitWindow: 60, embargo: 1, tradeBlock: 7 };
    const a = await walkForwardPolicy(policy, { returns, features }, opts);
    const b = await walkForwardPolicy(policy, { returns: altered, features: alteredF }, opts);
    const k = a.rows.indexOf(cut);
    assert.deepEqual(a.weights.slice(0, k + 1), b.weights.slice(0, k + 1), policy.name);
    assert.notDeepEqual(a.weights.slice(k + 1), b.weights.slice(k + 1), policy.name);
  }
});

Deno.test("baselines / walkForwardPolicy / optimisers: reject bad input with named messages", async () => {
  const { returns } = simulatePlaceboMarket({ T: 50, nAssets: 2 }, 4);
  await assert.rejects(
    () => walkForwardPolicy(equalWeightPolicy(), { returns }, { fitWindow: 0 }),
    /walkForwardPolicy: argument 'fitWindow' expected an integer > 0/,
  );
  await assert.rejects(
    () => walkForwardPolicy(equalWeightPolicy(), { returns }, { fitWindow: 20, start: 5 }),
    /walkForwardPolicy: argument 'start' expected an integer >= 19/,
  );
  await assert.rejects(
    () => walkForwardPolicy(ridgeMeanVariancePolicy(), { returns }, { fitWindow: 20 }),
    /ridgeMeanVariancePolicy: argument 'train.features' expected a features matrix, received null/,
  );
  const bad: Policy = { name: "bad", fit: () => () => [1] };
  await assert.rejects(
    () => walkForwardPolicy(bad, { returns }, { fitWindow: 20 }),
    /walkForwardPolicy: argument 'policy' expected a rule returning 2 finite weights/,
  );
  assert.throws(() => projectToSimplex([1, NaN]), /projectToSimplex: argument 'v' expected finite/);
  assert.throws(
    () => solveSimplexQP([[1, 2], [0, 1]], [0, 0]),
    /solveSimplexQP: argument 'q' expected a symmetric matrix/,
  );
  assert.throws(
    () => meanVarianceWeights([0.1], [[1, 0], [0, 1]]),
    /meanVarianceWeights: argument 'mu' expected length 2/,
  );
  assert.throws(
    () => fitRidge([[1], [2]], [[1], [2]], 0),
    /fitRidge: argument 'alpha' expected a finite number > 0/,
  );
});
