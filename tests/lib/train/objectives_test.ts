/** Tests of lib/train/objectives.ts: loss values by hand, hand-written gradients vs autodiff. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { accuracyMetric, resolveLoss, resolveMetric } from "../../../lib/train/objectives.ts";

await initBackend();

const near = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
  }
};

const Z = [-3, -0.5, 0, 0.7, 4, 12];
const Y = [0, 1, 1, 0, 1, 0];

Deno.test("bceWithLogits equals the hand formula and is stable for large logits", () => {
  const value = tf.tidy(() =>
    resolveLoss("bceWithLogits")(tf.tensor2d(Y, [6, 1]), tf.tensor2d(Z, [6, 1])).dataSync()[0]
  );
  const hand = Z.map((z, i) => Math.log(1 + Math.exp(z)) - z * Y[i]).reduce((a, b) => a + b) / 6;
  near([value], [hand], 1e-5);
  const big = tf.tidy(() =>
    resolveLoss("bceWithLogits")(tf.tensor1d([0]), tf.tensor1d([100])).dataSync()[0]
  );
  near([big], [100], 1e-3);
});

Deno.test("hand-written loss gradients match autodiff of the plain formulas", () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const y = tf.tensor2d(Y, [6, 1]);
    const z = tf.tensor2d(Z, [6, 1]);
    const p = tf.tensor2d([0.1, 0.8, 0.5, 0.3, 0.95, 0.02], [6, 1]);
    const plain = {
      bceWithLogits: (t: tf.Tensor) =>
        tf.mean(tf.add(tf.sub(tf.relu(t), tf.mul(t, y)), tf.log1p(tf.exp(tf.neg(tf.abs(t)))))),
      mse: (t: tf.Tensor) => tf.mean(tf.square(tf.sub(t, y))),
      bce: (t: tf.Tensor) =>
        tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(t)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, t)))))),
    };
    for (const [name, input] of [["bceWithLogits", z], ["mse", z], ["bce", p]] as const) {
      const ours = tf.grad((t: tf.Tensor) => resolveLoss(name)(y, t))(input).dataSync();
      const auto = tf.grad(plain[name])(input).dataSync();
      near(ours, auto, 1e-5);
    }
  });
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("accuracy thresholds probabilities at 0.5, logits at 0, and uses argmax for classes", () => {
  const v = tf.tidy(() => [
    accuracyMetric()(tf.tensor1d([1, 0, 1, 0]), tf.tensor1d([0.9, 0.4, 0.2, 0.6])).dataSync()[0],
    accuracyMetric(true)(tf.tensor1d([1, 0, 1, 0]), tf.tensor1d([2, -1, 0.3, -0.2])).dataSync()[0],
    accuracyMetric()(
      tf.tensor2d([[1, 0, 0], [0, 0, 1], [0, 1, 0]]),
      tf.tensor2d([[0.7, 0.2, 0.1], [0.5, 0.1, 0.4], [0.1, 0.8, 0.1]]),
    ).dataSync()[0],
  ]);
  near(v, [0.5, 1, 2 / 3], 1e-6);
});

Deno.test("unknown loss and metric names are rejected with the list of known ones", () => {
  assert.throws(
    () => resolveLoss("hinge" as never),
    /resolveLoss: argument 'loss' expected .*bceWithLogits/,
  );
  assert.throws(() => resolveMetric("auc" as never), /resolveMetric: argument 'metric'/);
});
