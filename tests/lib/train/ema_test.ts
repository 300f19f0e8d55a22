import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  constantTau,
  cosineTau,
  emaCopy,
  emaUpdate,
  stopGradient,
} from "../../../lib/train/ema.ts";

await initBackend();

const variable = (t: () => tf.Tensor, trainable = true) =>
  tf.tidy(() => tf.variable(t(), trainable));
const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("emaUpdate: n steps towards fixed online weights follow t_n = w + τ^n (t_0 − w)", () => {
  const before = tf.memory().numTensors;
  const online = [variable(() => tf.tensor1d([1, -2, 3]))];
  const target = [variable(() => tf.tensor1d([0, 0, 10]), false)];
  const tau = 0.9;
  for (let i = 0; i < 7; i++) emaUpdate(target, online, tau);
  const got = target[0].dataSync();
  [1, -2, 3].forEach((w, i) => close(got[i], w + tau ** 7 * ([0, 0, 10][i] - w)));
  tf.dispose([...online, ...target]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("emaUpdate: τ = 1 freezes the target, τ = 0 copies the online weights", () => {
  const before = tf.memory().numTensors;
  const online = [variable(() => tf.tensor2d([[1, 2]]))];
  const src = variable(() => tf.tensor2d([[5, 6]]));
  const target = emaCopy([src]);
  emaUpdate(target, online, 1);
  assert.deepEqual(Array.from(target[0].dataSync()), [5, 6]);
  emaUpdate(target, online, 0);
  assert.deepEqual(Array.from(target[0].dataSync()), [1, 2]);
  assert.equal(target[0].trainable, false);
  assert.deepEqual(Array.from(src.dataSync()), [5, 6]);
  tf.dispose([src, ...online, ...target]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("emaUpdate: rejects τ outside [0, 1] and mismatched shapes", () => {
  const a = [variable(() => tf.zeros([2]))];
  const b = [variable(() => tf.zeros([3]))];
  assert.throws(() => emaUpdate(a, a, 1.5), /emaUpdate: argument 'tau' expected .*<= 1/);
  assert.throws(
    () => emaUpdate(a, b, 0.5),
    /argument 'online\[0\]' expected a tensor of shape \[2\]/,
  );
  tf.dispose([...a, ...b]);
});

Deno.test("cosineTau: base at 0, midpoint (base+1)/2, final at the end; constantTau", () => {
  const s = cosineTau(0.996, 100);
  close(s(0), 0.996, 1e-12);
  close(s(50), (0.996 + 1) / 2, 1e-12);
  close(s(25), 1 - 0.004 * (Math.cos(Math.PI / 4) + 1) / 2, 1e-12);
  close(s(100), 1, 1e-12);
  close(s(1000), 1, 1e-12);
  assert.equal(constantTau(0.5)(3), 0.5);
  assert.throws(() => cosineTau(0.9, 0), /cosineTau: argument 'totalSteps'/);
});

Deno.test("stopGradient: d/dx [x · sg(x)] = sg(x) = x, not 2x; the value is unchanged", () => {
  const before = tf.memory().numTensors;
  const x = tf.tensor1d([1.5, -2]);
  const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(a, stopGradient(a))))(x);
  assert.deepEqual(Array.from(g.dataSync()), [1.5, -2]);
  const full = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(a, a)))(x);
  assert.deepEqual(Array.from(full.dataSync()), [3, -4]);
  const v = stopGradient(x);
  assert.deepEqual(Array.from(v.dataSync()), [1.5, -2]);
  tf.dispose([x, g, full, v]);
  assert.equal(tf.memory().numTensors, before);
});
