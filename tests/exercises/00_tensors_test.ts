/** Grader tests for exercise 00 (tensors): run against solutions/ or the student's exercises/. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { exerciseModule } from "./target.ts";

await initBackend();
const m: typeof import("../../solutions/00_tensors/tensors.ts") = await exerciseModule(
  "00_tensors",
  "tensors.ts",
);

const train = [[1, 10, 5], [2, 20, 5], [3, 30, 5], [6, 40, 5]];
const test = [[4, 0, 7], [0, 100, 5]];

function close(a: number[], b: number[], tol = 1e-4) {
  assert.equal(a.length, b.length);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < tol, `index ${i}: ${v} vs ${b[i]}`));
}

Deno.test("fitStandardizer: per-column mean and population std of the training rows", () => {
  const s = m.fitStandardizer(tf.tensor2d(train));
  close(Array.from(s.mean.dataSync()), [3, 25, 5]);
  // population std of [1,2,3,6] = sqrt(3.5); of [10,20,30,40] = sqrt(125); constant column -> 1
  close(Array.from(s.std.dataSync()), [Math.sqrt(3.5), Math.sqrt(125), 1]);
  tf.dispose([s.mean, s.std]);
});

Deno.test("standardize: test rows use the training statistics (no leak)", () => {
  const s = m.fitStandardizer(tf.tensor2d(train));
  const z = m.standardize(tf.tensor2d(test), s);
  const got = Array.from(z.dataSync());
  close(got, [
    (4 - 3) / Math.sqrt(3.5),
    (0 - 25) / Math.sqrt(125),
    2,
    (0 - 3) / Math.sqrt(3.5),
    (100 - 25) / Math.sqrt(125),
    0,
  ]);
  tf.dispose([s.mean, s.std, z]);
});

Deno.test("standardize: training rows come out with mean 0 and std 1", () => {
  const x = tf.tensor2d(train);
  const s = m.fitStandardizer(x);
  const z = m.standardize(x, s);
  const { mean, variance } = tf.moments(z, 0);
  close(Array.from(mean.dataSync()), [0, 0, 0]);
  close(Array.from(variance.dataSync()), [1, 1, 0]);
  tf.dispose([x, s.mean, s.std, z, mean, variance]);
});

Deno.test("covariance: equals the hand-computed sample covariance", () => {
  const c = m.covariance(tf.tensor2d([[1, 2], [2, 4], [3, 7]]));
  assert.deepEqual(c.shape, [2, 2]);
  // x = [1,2,3]: var 1; y = [2,4,7]: var 6.333...; cov(x, y) = 2.5
  close(Array.from(c.dataSync()), [1, 2.5, 2.5, 19 / 3]);
  c.dispose();
});

Deno.test("no tensor leaks: numTensors unchanged after fit, transform and covariance", () => {
  const x = tf.tensor2d(train);
  const before = tf.memory().numTensors;
  const s = m.fitStandardizer(x);
  const z = m.standardize(x, s);
  const c = m.covariance(x);
  tf.dispose([s.mean, s.std, z, c]);
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
});
