/**
 * lib/fast/fit_adam.ts: with the fast paths on, `model.fit` of any Layers model compiled with
 * tf.train.adam (here a CourseLSTM + Dense, which fast_fit.ts has no plan for) updates through
 * the flat twin: the same weights and optimiser state as tfjs's own fit (COURSE_FAST=0, the
 * reference) within float tolerance, over two fit calls; fewer kernels per batch; no leaks.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  adamFitInstalled,
  installAdamFit,
  TWIN_MAX_MEAN_SIZE,
  uninstallAdamFit,
} from "../../../lib/fast/fit_adam.ts";
import { hostBackend } from "../../../lib/fast/switch.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { CourseLSTM } from "../../../lib/models/lstm.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();

/** Synthetic windows (labelled synthetic): x [24, 5, 3] standard normal, y [24, 1]. */
function data(): { x: tf.Tensor3D; y: tf.Tensor2D } {
  const r = rng(5);
  return {
    x: tf.tensor3d(Array.from(r.normals(24 * 5 * 3)), [24, 5, 3]),
    y: tf.tensor2d(Array.from(r.normals(24)), [24, 1]),
  };
}

/** Fit a seeded CourseLSTM(4) + Dense(1) twice (2 + 1 epochs, batch 8) with the switch `fast`. */
async function trained(fast: boolean): Promise<{ weights: Float32Array[]; state: number[][] }> {
  setFastPaths(fast);
  try {
    const { x, y } = data();
    const model = tf.sequential({
      layers: [
        new CourseLSTM({ units: 4, inputShape: [5, 3], seed: 3 }),
        tf.layers.dense({
          units: 1,
          kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
        }),
      ],
    });
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: "meanSquaredError" });
    await model.fit(x, y, { epochs: 2, batchSize: 8, shuffle: false, verbose: 0 });
    await model.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
    const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
    const slots = await optimizer.getWeights(); // iterations, then m and v per variable
    const state = slots.map((s) => Array.from(s.tensor.dataSync()));
    tf.dispose([x, y, ...slots.map((s) => s.tensor)]);
    model.dispose();
    optimizer.dispose();
    return { weights, state };
  } finally {
    setFastPaths(true);
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

Deno.test("fit with tf.train.adam: the flat twin gives tfjs's weights and optimiser state", async () => {
  assert.ok(adamFitInstalled());
  await trained(true); // warm-up: the first fit of a process creates tfjs's own state
  const before = tf.memory().numTensors;
  const fast = await trained(true);
  assert.equal(tf.memory().numTensors, before);
  const plain = await trained(false);
  assert.equal(fast.weights.length, plain.weights.length);
  fast.weights.forEach((w, i) => assert.ok(maxAbsDiff(w, plain.weights[i]) < 1e-4, `weight ${i}`));
  assert.equal(fast.state.length, 1 + 2 * 5); // iterations + (m, v) for 5 variables
  assert.deepEqual(fast.state[0], [9]); // 3 batches x 3 epochs
  assert.deepEqual(plain.state[0], [9]);
  fast.state.forEach((s, i) => {
    const scale = Math.max(1e-3, ...plain.state[i].map(Math.abs));
    assert.ok(maxAbsDiff(s, plain.state[i]) < 1e-4 * scale, `optimiser slot ${i}`);
  });
  // the weights moved: the comparison is not between two untrained models (the LSTM's bias
  // starts at 0 with the forget gate's quarter at 1)
  assert.ok(maxAbsDiff(fast.weights[2], new Float32Array(16).fill(1, 4, 8)) > 1e-3);
});

Deno.test("fit with tf.train.adam: the flat twin runs fewer kernels per batch", async () => {
  const kernels = async (fast: boolean) => {
    setFastPaths(fast);
    try {
      const { x, y } = data();
      const model = tf.sequential({
        layers: [
          new CourseLSTM({ units: 4, inputShape: [5, 3], seed: 3 }),
          tf.layers.dense({ units: 1 }),
        ],
      });
      const optimizer = tf.train.adam(0.01);
      model.compile({ optimizer, loss: "meanSquaredError" });
      await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
      const info = await tf.profile(async () => {
        await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
        return [] as unknown as tf.TensorContainer;
      });
      tf.dispose([x, y]);
      model.dispose();
      optimizer.dispose();
      return info.kernels.filter((k) => !k.name.includes("LSTM")).length / 3;
    } finally {
      setFastPaths(true);
    }
  };
  const [fast, plain] = [await kernels(true), await kernels(false)];
  // tfjs's Adam: ~14 kernels per variable (5 here); the twin: ~20 in all
  assert.ok(plain - fast > 30, `kernels per batch: ${fast} fast vs ${plain} plain`);
});

Deno.test("fit with tf.train.adam: large variables keep tfjs's own update on wasm/cpu", async () => {
  if (!hostBackend()) return; // elsewhere the twin runs as tensor ops at any size
  const features = 2 * TWIN_MAX_MEAN_SIZE; // one Dense: kernel [features, 1] and bias [1]
  const kernels = async () => {
    const r = rng(8);
    const x = tf.tensor2d(Float32Array.from(r.normals(16 * features)), [16, features]);
    const y = tf.tensor2d(Float32Array.from(r.normals(16)), [16, 1]);
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 1, inputShape: [features] })],
    });
    const optimizer = tf.train.adam(0.01);
    model.compile({ optimizer, loss: "meanSquaredError" });
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    const info = await tf.profile(async () => {
      await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
      return [] as unknown as tf.TensorContainer;
    });
    tf.dispose([x, y]);
    model.dispose();
    optimizer.dispose();
    return info.kernels.length;
  };
  const hooked = await kernels();
  uninstallAdamFit();
  const plain = await kernels().finally(installAdamFit);
  // mean size 16384.5 per variable: tfjs's own Adam, kernel for kernel
  assert.equal(hooked, plain);
});
