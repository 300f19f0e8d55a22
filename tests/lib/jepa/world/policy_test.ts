import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import {
  disposeWorldCache,
  type FittedWorld,
  returnWindows,
  worldModelPolicy,
} from "../../../../lib/jepa/world/policy.ts";
import type { WorldModelConfig } from "../../../../lib/jepa/world/model.ts";
import { walkForwardPolicy } from "../../../../lib/portfolio/policy.ts";
import { Rng } from "../../../../lib/random.ts";

await initBackend();

Deno.test("returnWindows: rows t − W + 1 … t, each asset divided by its std", async () => {
  const r = [[1, 10], [2, 20], [3, 30], [4, 40]];
  const w = returnWindows(r, [1, 10], 2, [1, 3]);
  assert.deepEqual(await w.array(), [[[1, 1], [2, 2]], [[3, 3], [4, 4]]]);
  w.dispose();
  assert.throws(() => returnWindows(r, [1, 10], 2, [0]), /returnWindows: argument 'days'/);
});

const config = (n: number, window: number): WorldModelConfig => ({
  encoder: {
    kind: "patch",
    inputDim: n,
    seqLen: window,
    patchLen: 4,
    dModel: 8,
    depth: 1,
    heads: 2,
    positions: "learned",
  },
  actions: { nAssets: n, weights: "simplex" },
  actionDim: 4,
  predictor: { depth: 1, heads: 2 },
  context: 2,
  headHidden: 0,
  seed: 1,
});

Deno.test("worldModelPolicy: on a market where asset 0 drifts up and asset 1 down it holds asset 0", async () => {
  const rng = new Rng(5);
  // synthetic: i.i.d. returns, means +0.4% and −0.4% a day, vol 1%
  const returns = Array.from(
    { length: 130 },
    () => [0.004 + 0.01 * rng.normal(), -0.004 + 0.01 * rng.normal()],
  );
  const before = tf.memory().numTensors;
  const cache = new Map<string, FittedWorld>();
  const policy = worldModelPolicy({
    name: "wm",
    config,
    window: 8,
    train: { epochs: 1, batchSize: 16, k: 2, seed: 1 },
    horizon: 2,
    costBps: 5,
    gamma: 1,
    planner: { samples: 40, iterations: 4, elites: 8, seed: 1 },
    cache,
  });
  const run = await walkForwardPolicy(policy, { returns }, {
    fitWindow: 100,
    embargo: 2,
    tradeBlock: 40,
  });
  assert.equal(cache.size, 1);
  for (const w of run.weights) {
    assert.ok(Math.abs(w[0] + w[1] - 1) < 1e-9 && w.every((v) => v >= 0));
  }
  const mean0 = run.weights.reduce((s, w) => s + w[0], 0) / run.weights.length;
  assert.ok(mean0 > 0.8, `mean weight of the rising asset ${mean0}`);
  disposeWorldCache(cache);
  assert.equal(tf.memory().numTensors, before);
});
