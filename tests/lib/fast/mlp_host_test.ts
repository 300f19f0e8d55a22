/**
 * lib/fast/mlp_host.ts: the host form of the one-node ReLU MLP equals its tensor form
 * (mlp_backward.ts's reluMlpTensorNode) in value and in every parameter's gradient: logits with
 * dropout masks, a loss with a host form (folded in JS) and one without (its tensor functions),
 * on sizes where some products run in JS and others as kernels. Nothing leaks.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { type LogitsLoss, reluMlpTensorNode } from "../../../lib/fast/mlp_backward.ts";
import { reluMlpHostNode } from "../../../lib/fast/mlp_host.ts";
import { headLogitsLoss, HOST_LOSSES } from "../../../lib/fast/host_losses.ts";
import { lossDerivative, resolveLoss } from "../../../lib/train/objectives.ts";

await initBackend();

/** Layers [in → widths...] with seeded weights. */
function layers(widths: number[]): { w: tf.Variable; b: tf.Variable }[] {
  return tf.tidy(() =>
    widths.slice(1).map((out, i) => ({
      w: tf.variable(tf.randomNormal([widths[i], out], 0, 0.5, "float32", 10 + i)),
      b: tf.variable(tf.randomNormal([out], 0, 0.5, "float32", 20 + i)),
    }))
  );
}

/** A 0/keep mask of `size` entries (keep = 1/0.7) drawn from a fixed pattern. */
const mask = (size: number) => ({
  mask: Float32Array.from({ length: size }, (_, i) => ((i * 7) % 10 < 3 ? 0 : 1 / 0.7)),
  keep: 1 / 0.7,
});

const CASES: { name: string; widths: number[]; rows: number; loss: "none" | "host" | "tensor" }[] =
  [
    { name: "logits, small products in JS", widths: [5, 4, 3, 2], rows: 6, loss: "none" },
    { name: "logits, products as kernels", widths: [10, 64, 32, 1], rows: 32, loss: "none" },
    { name: "loss with a host form", widths: [10, 64, 32, 1], rows: 32, loss: "host" },
    { name: "loss without a host form", widths: [6, 16, 1], rows: 9, loss: "tensor" },
  ];

for (const c of CASES) {
  Deno.test(`reluMlpHostNode equals the tensor node: ${c.name}`, async () => {
    const before = tf.memory().numTensors;
    const ls = layers(c.widths);
    const vars = ls.flatMap((l) => [l.w, l.b]);
    const x = tf.randomNormal([c.rows, c.widths[0]], 0, 1, "float32", 3) as tf.Tensor2D;
    const y = tf.tidy(() =>
      tf.cast(tf.greater(tf.randomNormal([c.rows, 1], 0, 1, "float32", 4), 0), "float32")
    );
    const masks = c.widths.slice(1, -1).map((w, i) => (i === 0 ? mask(c.rows * w) : null));
    const full = headLogitsLoss(
      "sigmoid",
      HOST_LOSSES.bce,
      resolveLoss("bce"),
      lossDerivative("bce")!,
      y,
    );
    const loss: LogitsLoss | null = c.loss === "none"
      ? null
      : c.loss === "host"
      ? full
      : { value: full.value, grad: full.grad }; // no host form: the node calls the tensors
    const weights = tf.tidy(() => tf.randomNormal([c.rows, c.widths.at(-1)!], 0, 1, "float32", 5));
    const objective = (node: typeof reluMlpHostNode) => () => {
      const out = node(ls, x, masks, loss);
      return (loss ? out : tf.sum(tf.mul(out, weights))) as tf.Scalar;
    };
    const host = tf.variableGrads(objective(reluMlpHostNode), vars);
    const ref = tf.variableGrads(objective(reluMlpTensorNode), vars);
    const [vh, vr] = [(await host.value.data())[0], (await ref.value.data())[0]];
    assert.ok(Math.abs(vh - vr) <= 1e-5 * Math.max(1, Math.abs(vr)), `value ${vh} vs ${vr}`);
    for (const v of vars) {
      const [a, b] = [await host.grads[v.name].data(), await ref.grads[v.name].data()];
      a.forEach((g, i) =>
        assert.ok(Math.abs(g - b[i]) <= 1e-5 * Math.max(1, Math.abs(b[i])), `${v.name}[${i}]`)
      );
      assert.ok(b.some((g) => g !== 0), `${v.name} has a gradient`);
    }
    tf.dispose([host.value, ref.value, ...Object.values(host.grads), ...Object.values(ref.grads)]);
    tf.dispose([x, y, weights, ...vars]);
    assert.equal(tf.memory().numTensors, before);
  });
}
