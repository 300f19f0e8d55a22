/** Tests of lib/train/step_optimizer.ts: flat optimisers vs tfjs's and vs closed forms. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { makeOptimizer } from "../../../lib/train/step_optimizer.ts";

await initBackend();

const near = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
  }
};

const GRADS = [[0.5, -1, 2, 0.1, -0.3], [1, 1, -2, 0.2, 0.4], [-0.7, 0.3, 0.1, 1.5, -1]];

Deno.test("AdamW's first step: p(1 - lr·wd) - lr·g/(|g| + eps), the decay decoupled", () => {
  const [lr, wd] = [0.1, 0.5];
  const p0 = [1, -2, 3, 0.5, 0.25];
  const v = tf.variable(tf.tensor1d(p0));
  const opt = makeOptimizer({ name: "adamw", weightDecay: wd }, lr);
  tf.tidy(() => opt.step([v], tf.tensor1d(GRADS[0])));
  const hand = p0.map((p, i) =>
    p * (1 - lr * wd) - lr * GRADS[0][i] / (Math.abs(GRADS[0][i]) + 1e-7)
  );
  near(v.dataSync(), hand, 1e-6);
  opt.dispose();
  v.dispose();
});

Deno.test("momentum: a ← μa + g, p ← p - lr·a, two steps by hand", () => {
  const v = tf.variable(tf.tensor1d([1, 1]));
  const opt = makeOptimizer({ name: "momentum", momentum: 0.5 }, 0.1);
  tf.tidy(() => opt.step([v], tf.tensor1d([1, -2])));
  tf.tidy(() => opt.step([v], tf.tensor1d([1, -2])));
  // a1 = g, a2 = 1.5g: p = 1 - 0.1·2.5·g
  near(v.dataSync(), [1 - 0.25, 1 + 0.5], 1e-6);
  opt.dispose();
  v.dispose();
});

Deno.test("a wrapped tf.Optimizer gets the loop's learning rate, or keeps its own", () => {
  const v = tf.variable(tf.tensor1d([1]));
  const own = makeOptimizer(tf.train.sgd(0.5));
  assert.equal(own.learningRate, null);
  tf.tidy(() => own.step([v], tf.tensor1d([1])));
  near(v.dataSync(), [0.5], 1e-7);
  own.learningRate = 0.25;
  tf.tidy(() => own.step([v], tf.tensor1d([1])));
  near(v.dataSync(), [0.25], 1e-7);
  own.dispose();
  v.dispose();
});

Deno.test("makeOptimizer rejects unknown names and bad settings", () => {
  assert.throws(() => makeOptimizer("lion" as never), /makeOptimizer: argument 'optimizer.name'/);
  assert.throws(
    () => makeOptimizer("adam", -1),
    /makeOptimizer: argument 'lr' expected a finite number >= 0, received -1/,
  );
  assert.throws(() => makeOptimizer({ name: "adam", beta1: 2 }), /argument 'beta1'.*<= 1/);
});
