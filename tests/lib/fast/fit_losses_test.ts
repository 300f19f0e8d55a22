/**
 * lib/fast/fit_losses.ts: the one-node BCE (sigmoid head) and MSE (linear head) equal
 * tfjs-layers' compiled functions on the head's output, in value and in gradient with respect to
 * the logits (autodiff through sigmoid, the clip and the loss), saturated logits included; other
 * pairings get null; a target of another shape is named.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { logitsLossFor } from "../../../lib/fast/fit_losses.ts";

await initBackend();

type LossFn = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** tfjs-layers' compiled loss function for a name. */
function compiled(loss: string): { fn: LossFn; dispose(): void } {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
  const opt = tf.train.sgd(0.1);
  m.compile({ optimizer: opt, loss });
  const fn = (m as unknown as { model: { lossFunctions: LossFn[] } }).model.lossFunctions[0];
  return { fn, dispose: () => (opt.dispose(), m.dispose()) };
}

const Z = [-30, -17, -16, -5, -0.3, 0, 0.7, 4, 15, 16.5, 25, 2];
const Y = [0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0];

for (
  const [name, head] of [["binaryCrossentropy", "sigmoid"], ["meanSquaredError", "linear"]] as const
) {
  Deno.test(`logitsLossFor(${head}, ${name}) equals tfjs's loss and its autodiff`, async () => {
    const before = tf.memory().numTensors;
    const { fn, dispose } = compiled(name);
    const z = tf.tensor2d(Z, [6, 2]);
    const y = tf.tensor2d(Y, [6, 2]);
    const outs: tf.Tensor[] = [];
    const ours = logitsLossFor(head, fn, y, true, (o) => outs.push(o));
    assert.ok(ours !== null);
    const headOf = (t: tf.Tensor) => (head === "sigmoid" ? tf.sigmoid(t) : t);
    const ref = tf.valueAndGrad((t: tf.Tensor) => tf.mean(fn(y, headOf(t))) as tf.Scalar)(z);
    const value = tf.tidy(() => ours.value(z));
    const grad = tf.tidy(() => ours.grad(z, tf.scalar(1)));
    const [v0, v1] = [(await ref.value.data())[0], (await value.data())[0]];
    assert.ok(Math.abs(v0 - v1) <= 1e-5 * Math.max(1, Math.abs(v0)), `value ${v1} vs ${v0}`);
    const [g0, g1] = [await ref.grad.data(), await grad.data()];
    g0.forEach((g, i) => assert.ok(Math.abs(g - g1[i]) < 1e-6, `dL/dz[${i}] ${g1[i]} vs ${g}`));
    const expected = tf.tidy(() => headOf(z).clone());
    const [o0, o1] = [await expected.data(), await outs[0].data()];
    o0.forEach((o, i) => assert.ok(Math.abs(o - o1[i]) < 1e-7, `output[${i}]`));
    const bad = tf.zeros([6]);
    assert.throws(() => ours.value(bad as tf.Tensor2D), /logitsLossFor: argument 'y'/);
    // the host form (mlp_host.ts on wasm/cpu): the same value, gradient and head output
    const zh = Float32Array.from(Z);
    const hv = ours.host!.value(zh, [6, 2]);
    assert.ok(Math.abs(v0 - hv) <= 1e-5 * Math.max(1, Math.abs(v0)), `host value ${hv} vs ${v0}`);
    ours.host!.grad(zh, 1).forEach((g, i) =>
      assert.ok(Math.abs(g - g0[i]) < 1e-6, `host dL/dz[${i}] ${g} vs ${g0[i]}`)
    );
    const o2 = await outs[1].data();
    o0.forEach((o, i) => assert.ok(Math.abs(o - o2[i]) < 1e-7, `host output[${i}]`));
    assert.throws(() => ours.host!.value(zh, [12]), /logitsLossFor: argument 'y'/);
    tf.dispose([z, y, ref.value, ref.grad, value, grad, bad, expected, ...outs]);
    dispose();
    assert.equal(tf.memory().numTensors, before);
  });
}

Deno.test("logitsLossFor: other head and loss pairings keep autodiff (null)", () => {
  const bce = compiled("binaryCrossentropy");
  const mse = compiled("meanSquaredError");
  const y = tf.zeros([2, 1]);
  const none = () => {};
  assert.equal(logitsLossFor("linear", bce.fn, y, false, none), null);
  assert.equal(logitsLossFor("sigmoid", mse.fn, y, false, none), null);
  assert.equal(logitsLossFor("softmax", bce.fn, y, false, none), null);
  assert.equal(logitsLossFor("sigmoid", (a, b) => tf.sub(a, b), y, false, none), null);
  y.dispose();
  bce.dispose();
  mse.dispose();
});
