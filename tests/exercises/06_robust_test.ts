/** Grader tests for exercise 06 (robust training): run against solutions/ or the student's exercises/. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { exerciseModule } from "./target.ts";

await initBackend();

const m: typeof import("../../solutions/06_robust/robust.ts") = await exerciseModule(
  "06_robust",
  "robust.ts",
);

const close = (a: number, b: number, tol = 1e-6) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

function scalar(t: tf.Scalar): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

Deno.test("huberLoss: hand values inside and beyond delta; equals tf.losses.huberLoss", () => {
  const y = tf.tensor1d([0, 0, 0, 0]);
  const p = tf.tensor1d([0.5, -2, 3, 0]);
  close(scalar(m.huberLoss(y, p)), (0.125 + 1.5 + 2.5) / 4);
  close(scalar(m.huberLoss(y, p, 2)), (0.125 + 2 + 4) / 4);
  for (const delta of [0.3, 1.7]) {
    const ref = scalar(tf.losses.huberLoss(y, p, undefined, delta) as tf.Scalar);
    close(scalar(m.huberLoss(y, p, delta)), ref);
  }
  tf.dispose([y, p]);
});

Deno.test("huberLoss: gradient is the residual inside delta and ±delta beyond (over n)", () => {
  const y = tf.tensor1d([0, 0, 0]);
  const p = tf.tensor1d([0.4, 5, -5]);
  const g = tf.grad((q: tf.Tensor) => m.huberLoss(y, q, 1))(p);
  const v = Array.from(g.dataSync());
  [0.4 / 3, 1 / 3, -1 / 3].forEach((w, i) => close(v[i], w));
  tf.dispose([y, p, g]);
});

Deno.test("huberLoss: no tensor leaks; bad delta or shapes throw", () => {
  const y = tf.tensor1d([1, 2]);
  const before = tf.memory().numTensors;
  scalar(m.huberLoss(y, y));
  assert.equal(tf.memory().numTensors, before);
  const z = tf.tensor1d([1, 2, 3]);
  assert.throws(() => m.huberLoss(y, y, 0));
  assert.throws(() => m.huberLoss(y, z));
  tf.dispose([y, z]);
});

Deno.test("rankTransform: [0, 1] ranks with ties averaged", () => {
  assert.deepEqual(m.rankTransform([30, 10, 20]), [1, 0, 0.5]);
  // sorted: 1, 2, 2, 2, 9 → 0-based ranks 0, (1+2+3)/3 = 2, 4 → scaled by 4
  assert.deepEqual(m.rankTransform([2, 9, 2, 1, 2]), [0.5, 1, 0.5, 0, 0.5]);
  assert.deepEqual(m.rankTransform([7]), [0.5]);
  assert.deepEqual(m.rankTransform([-1e9, 1e9]), [0, 1]);
  assert.throws(() => m.rankTransform([]));
  assert.throws(() => m.rankTransform([1, NaN]));
});

Deno.test("rankTransform: a monotone map of the data does not change the ranks", () => {
  const xs = [0.3, -2, 15, 0.3, 4, -0.1];
  const ys = xs.map((x) => Math.exp(x / 5) * 100);
  assert.deepEqual(m.rankTransform(ys), m.rankTransform(xs));
});

Deno.test("linearWarmup: 0 at step 0, linear to peak, then flat", () => {
  const s = m.linearWarmup(1e-3, 100);
  close(s(0), 0, 1e-15);
  close(s(25), 2.5e-4, 1e-15);
  close(s(99), 9.9e-4, 1e-15);
  close(s(100), 1e-3, 1e-15);
  close(s(5000), 1e-3, 1e-15);
  close(m.linearWarmup(0.1, 0)(0), 0.1, 1e-15);
  assert.throws(() => m.linearWarmup(0, 10));
  assert.throws(() => m.linearWarmup(0.1, 2.5));
});

Deno.test("clipByGlobalNorm: scales to maxNorm keeping the direction; leaves small gradients", () => {
  const g = [tf.tensor1d([3, 0]), tf.tensor2d([[0, 4]])]; // global norm 5
  const before = tf.memory().numTensors;
  const { clipped, norm } = m.clipByGlobalNorm(g, 1);
  close(norm, 5, 1e-5);
  assert.deepEqual(clipped[1].shape, [1, 2]);
  close(clipped[0].dataSync()[0], 0.6, 1e-6);
  close(clipped[1].dataSync()[1], 0.8, 1e-6);
  const same = m.clipByGlobalNorm(g, 10);
  close(same.norm, 5, 1e-5);
  assert.deepEqual(Array.from(same.clipped[0].dataSync()), [3, 0]);
  tf.dispose([...clipped, ...same.clipped]);
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => m.clipByGlobalNorm(g, 0));
  tf.dispose(g);
});
