/**
 * lib/fast/host_losses.ts: the course losses computed in JS (mse, bce, bceWithLogits) equal
 * their tensor forms (objectives.ts with the fast paths off) in value and gradient, clipped
 * probabilities included; a head folded into the loss (headLogitsLoss) has the same value and
 * logits gradient in its tensor and host forms, both equal to autodiff through the head; the
 * host form is used only when it applies (fast paths on, equal shapes).
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  type FoldableHead,
  headLogitsLoss,
  HOST_LOSSES,
  hostLossReady,
} from "../../../lib/fast/host_losses.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { lossDerivative, type LossName, resolveLoss } from "../../../lib/train/objectives.ts";

await initBackend();

const near = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

const Y = [0, 1, 1, 0, 1, 0, 0, 1];
/** Predictions per loss: probabilities (two beyond the clip) or logits and values. */
const P: Record<string, number[]> = {
  mse: [0.3, -1.2, 2.5, 0, 4, -3, 0.7, 1],
  bce: [0.2, 0.9, 1e-9, 1 - 1e-9, 0.5, 0.01, 0.99, 0.4],
  bceWithLogits: [-30, 2, 0.5, -0.2, 25, -4, 0, 3],
};

async function valueAndGrad(f: (p: tf.Tensor) => tf.Scalar, p: number[]) {
  const t = tf.tensor2d(p, [4, 2]);
  const r = tf.valueAndGrad(f)(t);
  const out = { value: (await r.value.data())[0], grad: Array.from(await r.grad.data()) };
  tf.dispose([t, r.value, r.grad]);
  return out;
}

for (const name of ["mse", "bce", "bceWithLogits"] as const) {
  Deno.test(`host ${name} equals its tensor form in value and gradient`, async () => {
    const before = tf.memory().numTensors;
    const y = tf.tensor2d(Y, [4, 2]);
    const run = async (fast: boolean) => {
      setFastPaths(fast);
      try {
        assert.equal(hostLossReady(y, y), fast);
        return await valueAndGrad((p) => resolveLoss(name)(y, p), P[name]);
      } finally {
        setFastPaths(true);
      }
    };
    const [host, ref] = [await run(true), await run(false)];
    near(host.value, ref.value, `${name} value`);
    ref.grad.forEach((g, i) => near(host.grad[i], g, `${name} grad[${i}]`));
    assert.ok(ref.grad.some((g) => Math.abs(g) > 1e-3), "a gradient to compare");
    tf.dispose(y);
    assert.equal(tf.memory().numTensors, before);
  });
}

Deno.test("hostLossReady: only equal shapes take the host form", () => {
  const [a, b] = [tf.zeros([4, 1]), tf.zeros([4])];
  assert.equal(hostLossReady(a, b), false);
  assert.equal(hostLossReady(a, a), true);
  tf.dispose([a, b]);
});

const FOLDS: [FoldableHead, LossName][] = [
  ["sigmoid", "bce"],
  ["linear", "mse"],
  ["linear", "bceWithLogits"],
  ["sigmoid", "mse"],
];

for (const [head, name] of FOLDS) {
  Deno.test(`headLogitsLoss(${head}, ${name}): tensor and host forms equal autodiff`, async () => {
    const before = tf.memory().numTensors;
    setFastPaths(false); // the reference: the loss's tensor form through tfjs's sigmoid
    const y = tf.tensor2d(Y, [4, 2]);
    const z = P.bceWithLogits;
    const lossFn = resolveLoss(name);
    const auto = await valueAndGrad(
      (u) => lossFn(y, head === "sigmoid" ? tf.sigmoid(u) : u),
      z,
    );
    const fold = headLogitsLoss(head, HOST_LOSSES[name as "mse"], lossFn, lossDerivative(name)!, y);
    const zt = tf.tensor2d(z, [4, 2]);
    const value = fold.value(zt);
    const two = tf.scalar(2);
    const grad = fold.grad(zt, two);
    near((await value.data())[0], auto.value, "tensor value");
    Array.from(await grad.data()).forEach((g, i) => near(g, 2 * auto.grad[i], `tensor grad[${i}]`));
    setFastPaths(true);
    near(fold.host!.value(Float32Array.from(z), [4, 2]), auto.value, "host value");
    fold.host!.grad(Float32Array.from(z), 2).forEach((g, i) =>
      near(g, 2 * auto.grad[i], `host grad[${i}]`)
    );
    tf.dispose([y, zt, value, grad, two]);
    assert.equal(tf.memory().numTensors, before);
  });
}
