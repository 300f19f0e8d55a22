import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  huberLoss,
  huberObjective,
  pseudoHuberLoss,
  quantileLoss,
  quantileObjective,
} from "../../../lib/losses/huber.ts";
import { checkLoss, randomInputs } from "./gradcheck.ts";

await initBackend();

function scalar(t: tf.Scalar): number {
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

const huber64 = (delta: number) => ([y, p]: number[][]) =>
  y.reduce((s, yi, i) => {
    const a = Math.abs(p[i] - yi);
    return s + (a <= delta ? 0.5 * a * a : delta * (a - 0.5 * delta));
  }, 0) / y.length;

Deno.test("huberLoss: hand-computed value on residuals inside and beyond delta", () => {
  const y = tf.tensor1d([0, 0, 0, 0]);
  const p = tf.tensor1d([0.5, -2, 3, 0]);
  // delta 1: 0.125, 1·(2 - 0.5) = 1.5, 1·(3 - 0.5) = 2.5, 0 → mean 4.125 / 4
  assert.ok(Math.abs(scalar(huberLoss(y, p)) - 4.125 / 4) < 1e-6);
  // delta 2: 0.125, 2 (quadratic at the threshold: 0.5·4), 2·(3 - 1) = 4, 0 → 6.125 / 4
  assert.ok(Math.abs(scalar(huberLoss(y, p, 2)) - 6.125 / 4) < 1e-6);
  tf.dispose([y, p]);
});

Deno.test("huberLoss: equals tf.losses.huberLoss for several deltas and a 2-D batch", () => {
  const { values } = randomInputs([[6, 3], [6, 3]], 3);
  const y = tf.tensor2d(values[0], [6, 3]);
  const p = tf.tensor2d(values[1].map((v) => 3 * v), [6, 3]);
  for (const delta of [0.1, 0.5, 1, 4]) {
    const ref = scalar(tf.losses.huberLoss(y, p, undefined, delta) as tf.Scalar);
    assert.ok(Math.abs(scalar(huberLoss(y, p, delta)) - ref) < 1e-6, `delta ${delta}`);
  }
  tf.dispose([y, p]);
});

Deno.test("huberLoss: gradient equals finite differences and is capped at delta/n", () => {
  const inputs = randomInputs([[8], [8]], 5);
  inputs.values[1] = inputs.values[1].map((v) => 2 * v); // residuals on both sides of delta
  const { grads } = checkLoss((y, p) => huberLoss(y, p, 0.7), huber64(0.7), inputs);
  for (const g of grads[1]) assert.ok(Math.abs(g) <= 0.7 / 8 + 1e-6);
});

Deno.test("pseudoHuberLoss: closed form, small-residual limit ½r², gradient", () => {
  const inputs = randomInputs([[7], [7]], 9);
  const oracle = ([y, p]: number[][]) =>
    y.reduce((s, yi, i) => s + 4 * (Math.sqrt(1 + ((p[i] - yi) / 2) ** 2) - 1), 0) / y.length;
  checkLoss((y, p) => pseudoHuberLoss(y, p, 2), oracle, inputs);
  const y = tf.tensor1d([0]);
  const p = tf.tensor1d([1e-2]);
  assert.ok(Math.abs(scalar(pseudoHuberLoss(y, p, 1)) - 0.5e-4) < 1e-8);
  tf.dispose([y, p]);
});

Deno.test("quantileLoss: pinball values, median is half the MAE, gradient", () => {
  const y = tf.tensor1d([1, 1]);
  const p = tf.tensor1d([0, 3]);
  // q = 0.9: e = 1 → 0.9; e = -2 → (0.9 - 1)(-2) = 0.2 → mean 0.55
  assert.ok(Math.abs(scalar(quantileLoss(y, p, 0.9)) - 0.55) < 1e-6);
  const mae = scalar(tf.losses.absoluteDifference(y, p) as tf.Scalar);
  assert.ok(Math.abs(scalar(quantileLoss(y, p, 0.5)) - mae / 2) < 1e-6);
  tf.dispose([y, p]);
  const inputs = randomInputs([[9], [9]], 4);
  const oracle = ([yy, pp]: number[][]) =>
    yy.reduce((s, yi, i) => s + Math.max(0.2 * (yi - pp[i]), -0.8 * (yi - pp[i])), 0) / 9;
  checkLoss((a, b) => quantileLoss(a, b, 0.2), oracle, inputs);
});

Deno.test("objectives: factories equal the direct losses", () => {
  const y = tf.tensor2d([[0.1], [2]]);
  const p = tf.tensor2d([[0.4], [-1]]);
  assert.equal(scalar(huberObjective(0.5)(y, p)), scalar(huberLoss(y, p, 0.5)));
  assert.equal(scalar(quantileObjective(0.3)(y, p)), scalar(quantileLoss(y, p, 0.3)));
  tf.dispose([y, p]);
});

Deno.test("huber family: bad input names function, argument and what was received", () => {
  const a = tf.tensor1d([1, 2]);
  const b = tf.tensor1d([1, 2, 3]);
  const i = tf.tensor1d([1, 2], "int32");
  assert.throws(() => huberLoss(a, b), /huberLoss: argument 'yPred' expected shape \[2\]/);
  assert.throws(() => huberLoss(a, a, 0), /huberLoss: argument 'delta' expected .*> 0, received 0/);
  assert.throws(() => huberLoss(i, a), /argument 'yTrue' expected a float32 tensor/);
  assert.throws(() => quantileLoss(a, a, 1), /quantileLoss: argument 'q' expected a quantile/);
  assert.throws(() => pseudoHuberLoss(a, [1, 2] as never), /'yPred' expected a float32 tensor/);
  assert.throws(() => huberObjective(-1), /huberObjective: argument 'delta'/);
  tf.dispose([a, b, i]);
});
