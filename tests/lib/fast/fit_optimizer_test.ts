/**
 * lib/fast/fit_optimizer.ts: `model.fit` with `fitOptimizer("adam")` trains the lecture MLP to
 * the same weights as with `tf.train.adam` (within float tolerance), runs fewer kernels per
 * batch, leaks nothing, and rejects a bad learning rate.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { installAdamFit, uninstallAdamFit } from "../../../lib/fast/fit_adam.ts";
import { fitOptimizer } from "../../../lib/fast/fit_optimizer.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { buildMlp } from "../../../lib/models/mlp.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

const CONFIG = {
  inputDim: 5,
  hidden: [8, 4],
  dropout: 0,
  output: { units: 1, activation: "sigmoid" as const },
  seed: 3,
};

function data(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const r = new Rng(1);
  const x = Float32Array.from(r.normals(64 * 5));
  const y = Float32Array.from({ length: 64 }, (_, i) => (x[i * 5] + x[i * 5 + 1] > 0 ? 1 : 0));
  return { x: tf.tensor2d(x, [64, 5]), y: tf.tensor2d(y, [64, 1]) };
}

/** Weights after 3 epochs of fit (batch 16, no shuffle) with `opt`, and kernels per epoch. */
async function fitWith(opt: tf.Optimizer): Promise<{ weights: Float32Array[]; kernels: number }> {
  const { x, y } = data();
  const model = buildMlp(CONFIG);
  // tfjs's own fit (not enableFastFit's nor fit_adam.ts's, whose tf.train.adam is flat too):
  // the optimisers alone
  delete (model as { fit?: unknown }).fit;
  model.compile({ optimizer: opt, loss: "binaryCrossentropy" });
  const fit = () => model.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
  await fit();
  const info = await tf.profile(async () => {
    await fit();
  });
  await fit();
  const weights = await Promise.all(
    model.getWeights().map((w) => w.data() as Promise<Float32Array>),
  );
  model.dispose();
  opt.dispose();
  tf.dispose([x, y]);
  return { weights, kernels: info.kernels.length };
}

for (const fast of [true, false]) {
  Deno.test(`fit with fitOptimizer("adam") matches tf.train.adam (fast paths ${fast ? "on" : "off"})`, async () => {
    setFastPaths(fast);
    try {
      const before = tf.memory().numTensors;
      uninstallAdamFit();
      const ref = await fitWith(tf.train.adam(0.01, 0.9, 0.999, 1e-7)).finally(installAdamFit);
      const ours = await fitWith(fitOptimizer("adam", 0.01));
      assert.equal(tf.memory().numTensors, before, "no tensor left behind");
      assert.equal(ours.weights.length, ref.weights.length);
      ours.weights.forEach((w, i) => {
        w.forEach((v, j) => {
          assert.ok(
            Math.abs(v - ref.weights[i][j]) < 1e-5,
            `weight ${i}[${j}]: ${v} vs ${ref.weights[i][j]}`,
          );
        });
      });
      if (fast) {
        // 4 batches per epoch: the flat update saves tens of kernels per batch
        assert.ok(
          ours.kernels < ref.kernels - 4 * 40,
          `kernels per epoch: flat ${ours.kernels} vs tf.train.adam ${ref.kernels}`,
        );
      }
    } finally {
      setFastPaths(true);
    }
  });
}

Deno.test("fitOptimizer rejects a bad learning rate, naming it", () => {
  assert.throws(() => fitOptimizer("adam", -1), /fitOptimizer.*learningRate/);
  assert.throws(() => fitOptimizer("nadam" as "adam"), /optimizer\.name/);
});
