import assert from "node:assert/strict";
import {
  simulateGarch,
  simulateGbm,
  simulateJumpDiffusion,
  simulateRegimeSwitching,
} from "../../../lib/data/synthetic.ts";
import {
  cholesky,
  simulateCorrelatedAssets,
  syntheticPriceFrame,
} from "../../../lib/data/synthetic_multi.ts";
import {
  excessKurtosis,
  pearsonCorrelation,
  seriesMean,
  seriesStd,
} from "../../../lib/data/stats.ts";

Deno.test("GBM: log returns have mean (mu - sigma^2/2) dt and std sigma sqrt(dt); seeded", () => {
  const p = simulateGbm({ n: 20000, mu: 0.1, sigma: 0.3, seed: 1 });
  assert.equal(p.synthetic, true);
  const dt = 1 / 252;
  assert.ok(Math.abs(seriesStd(p.returns) - 0.3 * Math.sqrt(dt)) < 0.0005);
  // Mean error is std/sqrt(n) ~ 1.3e-4: allow 4 standard errors.
  assert.ok(Math.abs(seriesMean(p.returns) - (0.1 - 0.045) * dt) < 4 * 0.019 / Math.sqrt(20000));
  assert.ok(Math.abs(p.prices[20000] - 100 * Math.exp(p.returns.reduce((a, b) => a + b))) < 1e-6);
  assert.deepEqual(simulateGbm({ n: 5, seed: 3 }).returns, simulateGbm({ n: 5, seed: 3 }).returns);
});

Deno.test("GARCH(1,1)-t: unconditional variance omega/(1-alpha-beta), fat tails, vol recursion", () => {
  const g = simulateGarch({ n: 40000, omega: 1e-5, alpha: 0.1, beta: 0.8, df: 6, seed: 2 });
  const v = 1e-5 / (1 - 0.9);
  assert.ok(Math.abs(seriesStd(g.returns) ** 2 / v - 1) < 0.1);
  assert.ok(excessKurtosis(g.returns) > 1);
  const t = 100;
  const want = 1e-5 + 0.1 * g.returns[t - 1] ** 2 + 0.8 * g.trueVol[t - 1] ** 2;
  assert.ok(Math.abs(g.trueVol[t] ** 2 - want) < 1e-15);
  assert.throws(() => simulateGarch({ n: 10, alpha: 0.5, beta: 0.6 }), /stationary/);
});

Deno.test("jumps: about lambda*dt*n jump steps; regimes: stationary share of regime 1", () => {
  const j = simulateJumpDiffusion({ n: 25200, lambda: 10, seed: 3 });
  const jumps = j.state.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(jumps - 1000) < 4 * Math.sqrt(1000));
  const r = simulateRegimeSwitching({ n: 50000, pStay: [0.98, 0.95], seed: 4 });
  const share = r.state.reduce((a, b) => a + b, 0) / 50000;
  assert.ok(Math.abs(share - 0.02 / 0.07) < 0.03);
});

Deno.test("Cholesky reproduces the matrix; correlated assets recover the correlation", () => {
  const c = [[1, 0.6, 0.2], [0.6, 1, -0.3], [0.2, -0.3, 1]];
  const L = cholesky(c);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      const v = L[i].reduce((s, _, k) => s + L[i][k] * L[j][k], 0);
      assert.ok(Math.abs(v - c[i][j]) < 1e-12);
    }
  }
  const a = simulateCorrelatedAssets({
    n: 20000,
    mu: [0, 0, 0],
    sigma: [0.01, 0.02, 0.01],
    corr: c,
    seed: 5,
  });
  const col = (k: number) => a.returns.map((r) => r[k]);
  assert.ok(Math.abs(pearsonCorrelation(col(0), col(1)) - 0.6) < 0.03);
  assert.ok(Math.abs(pearsonCorrelation(col(1), col(2)) + 0.3) < 0.03);
  assert.throws(() => cholesky([[1, 2], [2, 1]]), /positive-definite/);
  const f = syntheticPriceFrame(a.prices.slice(0, 3));
  assert.equal(f.height, 9);
  assert.deepEqual(f.getColumn("synthetic").toArray(), Array(9).fill(true));
});
