/**
 * The synthetic Gârleanu–Pedersen market: its simulator, the closed-form optimum (checked
 * against an exact long-horizon solve and against perturbations of itself), and the planners
 * with the true model against it — all scored on the same simulated signals.
 */
import assert from "node:assert/strict";
import {
  gpAim,
  gpDefaultParams,
  gpMpcExactPositions,
  gpMpcPositions,
  gpMyopicPositions,
  gpOptimalPositions,
  gpPlanningProblem,
  gpPositionScale,
  gpTradeRate,
  gpUtility,
  simulateGpMarket,
  utilityGap,
} from "../../../lib/portfolio/mod.ts";

const p = gpDefaultParams();

Deno.test("simulateGpMarket: signals are AR(1) with speed φ; returns load on the previous signals with B", () => {
  const path = simulateGpMarket(p, 20000, 1);
  assert.equal(path.synthetic, true);
  for (let k = 0; k < 2; k++) {
    const f = path.signals.map((s) => s[k]);
    let num = 0, den = 0;
    for (let t = 1; t < f.length; t++) (num += f[t] * f[t - 1], den += f[t - 1] ** 2);
    assert.ok(Math.abs(num / den - (1 - p.phi[k])) < 0.01, `AR coefficient ${num / den}`);
  }
  // OLS of returns[t] on signals[t − 1] recovers B (noise sd 1, T = 20000: SE ≈ 0.007)
  const X = path.signals.slice(0, -1), Y = path.returns.slice(1);
  const xtx = [[0, 0], [0, 0]], xty = [[0, 0], [0, 0]];
  X.forEach((x, t) => {
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++) xtx[a][b] += x[a] * x[b];
      for (let i = 0; i < 2; i++) xty[a][i] += x[a] * Y[t][i];
    }
  });
  const det = xtx[0][0] * xtx[1][1] - xtx[0][1] ** 2;
  for (let i = 0; i < 2; i++) {
    const b0 = (xtx[1][1] * xty[0][i] - xtx[0][1] * xty[1][i]) / det;
    const b1 = (xtx[0][0] * xty[1][i] - xtx[0][1] * xty[0][i]) / det;
    assert.ok(Math.abs(b0 - p.B[i][0]) < 0.03 && Math.abs(b1 - p.B[i][1]) < 0.03, `${b0} ${b1}`);
  }
});

Deno.test("gpOptimalPositions: equals the exact 40-period receding-horizon solution", () => {
  const { signals } = simulateGpMarket(p, 150, 2);
  const closed = gpOptimalPositions(p, signals);
  const exact = gpMpcExactPositions(p, signals, 40);
  let diff = 0;
  closed.forEach((x, t) => x.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - exact[t][i])))));
  assert.ok(diff < 1e-6, `max position difference ${diff}`);
  const { a, rate } = gpTradeRate(p);
  assert.ok(rate > 0 && rate < 1 && Math.abs(a / p.lambda - rate) < 1e-15);
});

Deno.test("gpPositionScale: the RMS spread of the aim portfolio on a long simulated path", () => {
  const { signals } = simulateGpMarket(p, 40000, 6);
  const { a } = gpTradeRate(p);
  let s = 0;
  for (const f of signals) for (const x of gpAim(p, f, a)) s += x * x / (2 * signals.length);
  const scale = gpPositionScale(p);
  assert.ok(Math.abs(Math.sqrt(s) / scale - 1) < 0.05, `${Math.sqrt(s)} vs ${scale}`);
});

Deno.test("gpOptimalPositions: beats perturbations of its trade rate and of its aim", () => {
  const { signals } = simulateGpMarket(p, 3000, 3);
  const best = gpUtility(p, gpOptimalPositions(p, signals), signals).utility;
  for (
    const opts of [{ rateScale: 0.7 }, { rateScale: 1.3 }, { aimScale: 0.85 }, { aimScale: 1.15 }]
  ) {
    const u = gpUtility(p, gpOptimalPositions(p, signals, opts), signals).utility;
    assert.ok(u < best, `${JSON.stringify(opts)}: ${u} vs ${best}`);
  }
  const myopic = gpUtility(p, gpMyopicPositions(p, signals), signals).utility;
  assert.ok(utilityGap(best, myopic) > 0.5, `myopic gap ${utilityGap(best, myopic)}`);
});

Deno.test("gpMpcPositions: CEM and MPPI with the true model within 2% of the optimum; myopic far behind", async () => {
  const { signals } = simulateGpMarket(p, 100, 1);
  const best = gpUtility(p, gpOptimalPositions(p, signals), signals).utility;
  const budget = { samples: 200, iterations: 20, elites: 20, seed: 7 };
  for (const method of ["cem", "mppi"] as const) {
    const { positions } = await gpMpcPositions(p, signals, { ...budget, method });
    const gap = utilityGap(best, gpUtility(p, positions, signals).utility);
    assert.ok(Math.abs(gap) <= 0.02, `${method} gap ${gap}`);
  }
  const myopic = gpUtility(p, gpMyopicPositions(p, signals), signals).utility;
  assert.ok(utilityGap(best, myopic) > 0.5);
});

Deno.test("gpMpcPositions: a cold start each period loses far more than the warm start", async () => {
  const { signals } = simulateGpMarket(p, 40, 4);
  const best = gpUtility(p, gpOptimalPositions(p, signals), signals).utility;
  const budget = { samples: 100, iterations: 10, elites: 10, seed: 7 };
  const gap = async (warmStart: boolean) =>
    utilityGap(
      best,
      gpUtility(p, (await gpMpcPositions(p, signals, { ...budget, warmStart })).positions, signals)
        .utility,
    );
  const warm = await gap(true), cold = await gap(false);
  assert.ok(cold > 0.1 && cold > 3 * Math.abs(warm), `warm ${warm}, cold ${cold}`);
});

Deno.test("GP market functions reject bad input with named messages", async () => {
  assert.throws(
    () => simulateGpMarket(p, 1),
    /simulateGpMarket: argument 'T' expected an integer >= 2/,
  );
  assert.throws(
    () => simulateGpMarket({ ...p, phi: [0.2, 1.5] }, 10),
    /simulateGpMarket: argument 'params.phi'/,
  );
  assert.throws(
    () => simulateGpMarket({ ...p, lambda: 0 }, 10),
    /argument 'params.lambda' expected a finite number > 0/,
  );
  assert.throws(
    () => gpUtility(p, [[0, 0]], [[1, 1], [1, 1]]),
    /gpUtility: argument 'positions' expected 2 rows/,
  );
  assert.throws(
    () => gpOptimalPositions(p, [[1]]),
    /gpOptimalPositions: argument 'signals' expected rows of 2 finite signals/,
  );
  assert.throws(
    () => gpOptimalPositions(p, [[1, 1]], { rateScale: 10 }),
    /argument 'rateScale' expected a trade rate ≤ 1/,
  );
  assert.throws(
    () => utilityGap(0, 1),
    /utilityGap: argument 'optimal' expected a non-zero utility/,
  );
  await assert.rejects(
    () => gpMpcPositions(p, []),
    /gpMpcPositions: argument 'signals' expected a non-empty/,
  );
  assert.throws(
    () => gpMpcExactPositions(p, [[1, 1]], 0),
    /gpMpcExactPositions: argument 'horizon' expected an integer > 0/,
  );
  assert.throws(() => gpAim(p, [1]), /gpAim: argument 'f' expected 2 finite signals/);
  assert.throws(() => gpTradeRate({ ...p, gamma: -1 }), /gpTradeRate: argument 'params.gamma'/);
  assert.throws(
    () => gpPlanningProblem(p, 1.5),
    /gpPlanningProblem: argument 'horizon' expected an integer/,
  );
});
