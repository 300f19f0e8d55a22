/**
 * lib/fast/sigreg_host.ts: SIGReg computed in JS (cos and sin by recurrence over the knots)
 * equals `sigregLoss`'s tensor path (fast paths off) in value and in the gradient with respect
 * to z, for a Gaussian batch, a bimodal one and other quadratures; the directions may be freed
 * before the backward pass; nothing leaks.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { randomDirections, sigregLoss } from "../../../lib/jepa/losses.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

const CASES = [
  { name: "Gaussian batch, default knots", shift: 0, opts: {} },
  { name: "bimodal batch, 9 knots on [0, 4]", shift: 2, opts: { knots: 9, tMax: 4 } },
];

for (const c of CASES) {
  Deno.test(`sigregHost equals the tensor path: ${c.name}`, async () => {
    const before = tf.memory().numTensors;
    const z = tf.tidy(() => {
      const g = tf.randomNormal([96, 6], 0, 1, "float32", 2);
      const sign = tf.sub(
        tf.mul(
          tf.cast(tf.greater(tf.randomUniform([96, 1], 0, 1, "float32", 3), 0.5), "float32"),
          2,
        ),
        1,
      );
      return tf.add(g, tf.mul(sign, c.shift)) as tf.Tensor2D;
    });
    const run = async (fast: boolean) => {
      setFastPaths(fast);
      try {
        const r = tf.valueAndGrad((u: tf.Tensor) => {
          const dirs = randomDirections(6, 16, new Rng(7));
          const loss = sigregLoss(u as tf.Tensor2D, dirs, c.opts);
          dirs.dispose(); // freed before the backward pass, as a tidy in a caller would
          return loss;
        })(z);
        const out = { value: (await r.value.data())[0], grad: await r.grad.data() };
        tf.dispose([r.value, r.grad]);
        return out;
      } finally {
        setFastPaths(true);
      }
    };
    const [host, ref] = [await run(true), await run(false)];
    assert.ok(
      Math.abs(host.value - ref.value) <= 1e-4 * Math.max(1, ref.value),
      `${host.value} vs ${ref.value}`,
    );
    const scale = Math.max(...Array.from(ref.grad, Math.abs));
    assert.ok(scale > 1e-3, "a gradient to compare");
    ref.grad.forEach((g, i) =>
      assert.ok(Math.abs(host.grad[i] - g) <= 1e-4 * scale, `dz[${i}] ${host.grad[i]} vs ${g}`)
    );
    z.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
}
