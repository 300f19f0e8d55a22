/** Grader tests for exercise 08 (world model and portfolio): run against solutions/ or exercises/. */
import assert from "node:assert/strict";
import { exerciseModule } from "./target.ts";
import {
  backtest,
  driftWeights,
  sharpeStats,
  simulatePlaceboMarket,
  softmaxWeights,
  turnoverBetween,
} from "../../lib/portfolio/mod.ts";
import { Rng } from "../../lib/random.ts";

const m: typeof import("../../solutions/08_world_model/world_model.ts") = await exerciseModule(
  "08_world_model",
  "world_model.ts",
);

const close = (a: number, b: number, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("simplexWithTurnover: softmax weights, turnover and cost by hand", () => {
  const r = m.simplexWithTurnover([0, Math.log(3)], [0.5, 0.5], 10);
  close(r.weights[0], 0.25);
  close(r.weights[1], 0.75);
  close(r.turnover, 0.5);
  close(r.cost, 0.5 * 10 / 1e4);
  // large logits must not overflow; equal logits give 1/N
  const big = m.simplexWithTurnover([1000, 1000, 1000, 1000], [1, 0, 0, 0], 0);
  big.weights.forEach((w) => close(w, 0.25));
  close(big.turnover, 1.5);
  close(big.cost, 0);
});

Deno.test("simplexWithTurnover: agrees with the library's softmax and turnover", () => {
  const rng = new Rng(1);
  const logits = Array.from({ length: 6 }, () => 2 * rng.normal());
  const prev = softmaxWeights(Array.from({ length: 6 }, () => rng.normal()));
  const r = m.simplexWithTurnover(logits, prev, 25);
  softmaxWeights(logits).forEach((w, i) => close(r.weights[i], w, 1e-12));
  close(r.turnover, turnoverBetween(prev, r.weights), 1e-12);
  close(r.cost, 25e-4 * r.turnover, 1e-12);
});

Deno.test("simplexWithTurnover: works on good input, throws on empty logits, mismatched lengths, negative cost", () => {
  close(m.simplexWithTurnover([0], [1], 5).turnover, 0);
  assert.throws(() => m.simplexWithTurnover([], [], 1), Error);
  assert.throws(() => m.simplexWithTurnover([0, 1], [1], 1), Error);
  assert.throws(() => m.simplexWithTurnover([0, 1], [0.5, 0.5], -1), Error);
});

Deno.test("cemUpdate: mean and population std of the lowest-cost samples", () => {
  const samples = [[0, 10], [1, 20], [2, 30], [3, 40], [100, 100]];
  const costs = [5, 1, 2, 3, 0.5];
  // elites (3 lowest costs): [100, 100], [1, 20], [2, 30]
  const r = m.cemUpdate(samples, costs, 3);
  close(r.mean[0], 103 / 3);
  close(r.mean[1], 50);
  const sd = (xs: number[]) => {
    const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
    return Math.sqrt(xs.reduce((a, b) => a + (b - mu) ** 2, 0) / xs.length);
  };
  close(r.std[0], sd([100, 1, 2]));
  close(r.std[1], sd([100, 20, 30]));
  const one = m.cemUpdate(samples, costs, 1);
  assert.deepEqual(one.mean, [100, 100]);
  assert.deepEqual(one.std, [0, 0]);
});

Deno.test("cemUpdate: repeated updates on a quadratic move the mean to its minimum", () => {
  const rng = new Rng(2);
  let mean = [5, -5], std = [3, 3];
  for (let it = 0; it < 40; it++) {
    const samples = Array.from(
      { length: 100 },
      () => mean.map((mu, j) => mu + std[j] * rng.normal()),
    );
    const costs = samples.map(([a, b]) => (a - 1) ** 2 + (b + 2) ** 2);
    ({ mean, std } = m.cemUpdate(samples, costs, 20));
    std = std.map((s) => Math.max(s, 0.05)); // a floor keeps CEM from freezing early
  }
  close(mean[0], 1, 0.05);
  close(mean[1], -2, 0.05);
});

Deno.test("cemUpdate: works with all samples as elites, throws on mismatched lengths and a bad number of elites", () => {
  assert.deepEqual(m.cemUpdate([[0], [2]], [1, 2], 2), { mean: [1], std: [1] });
  assert.throws(() => m.cemUpdate([[0], [1]], [1], 1), Error);
  assert.throws(() => m.cemUpdate([[0], [1]], [1, 2], 0), Error);
  assert.throws(() => m.cemUpdate([[0], [1]], [1, 2], 3), Error);
  assert.throws(() => m.cemUpdate([[0], [1]], [1, 2], 1.5), Error);
});

Deno.test("loSharpeSE: hand value and agreement with the library's sharpeStats", () => {
  const r = m.loSharpeSE([0.01, -0.02, 0.03, 0, 0.015]);
  const mean = 0.007;
  const sd = Math.sqrt([0.003, -0.027, 0.023, -0.007, 0.008].reduce((a, d) => a + d * d, 0) / 4);
  close(r.sr, mean / sd, 1e-12);
  close(r.se, Math.sqrt((1 + (mean / sd) ** 2 / 2) / 5), 1e-12);
  const { returns } = simulatePlaceboMarket({ T: 500, nAssets: 1, mean: 0.001 }, 3);
  const x = returns.map((row) => row[0]);
  const lib = sharpeStats(x);
  const mine = m.loSharpeSE(x);
  close(mine.sr, lib.sr, 1e-12);
  close(mine.se, lib.seLo, 1e-12);
});

Deno.test("loSharpeSE: works on 3 returns, throws on fewer or on zero variance", () => {
  close(m.loSharpeSE([1, 2, 3]).sr, 2);
  assert.throws(() => m.loSharpeSE([0.1, 0.2]), Error);
  assert.throws(() => m.loSharpeSE([0.01, 0.01, 0.01]), Error);
});

Deno.test("driftedTurnover: a two-row book by hand", () => {
  const r = m.driftedTurnover([[0.5, 0.5], [0.5, 0.5]], [[0, 0], [0.1, -0.1]]);
  close(r.drifted[0][0], 0.55);
  close(r.drifted[0][1], 0.45);
  close(r.turnover[0], 0.1);
  assert.equal(r.drifted.length, 1);
});

Deno.test("driftedTurnover: agrees with the library's driftWeights and backtest turnover", () => {
  const { returns } = simulatePlaceboMarket({ T: 30, nAssets: 4, vol: 0.03 }, 4);
  const rng = new Rng(5);
  const weights = returns.map(() => softmaxWeights(Array.from({ length: 4 }, () => rng.normal())));
  const r = m.driftedTurnover(weights, returns);
  assert.equal(r.turnover.length, 29);
  const bt = backtest(weights, returns);
  for (let k = 0; k < 29; k++) {
    driftWeights(weights[k], returns[k + 1]).forEach((v, i) => close(r.drifted[k][i], v, 1e-12));
    close(r.drifted[k].reduce((a, b) => a + b, 0), 1, 1e-12);
    if (k + 1 < bt.turnover.length) close(r.turnover[k], bt.turnover[k + 1], 1e-12);
  }
});

Deno.test("driftedTurnover: zero returns leave the book, bad shapes throw", () => {
  assert.deepEqual(m.driftedTurnover([[1, 0], [1, 0]], [[0, 0], [0, 0]]).turnover, [0]);
  assert.throws(() => m.driftedTurnover([[1]], [[0]]), Error);
  assert.throws(() => m.driftedTurnover([[1], [1]], [[0]]), Error);
  assert.throws(() => m.driftedTurnover([[1, 0], [1]], [[0, 0], [0, 0]]), Error);
});
