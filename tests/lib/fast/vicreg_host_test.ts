/**
 * Parity of lib/fast/vicreg_host.ts (VICReg's weighted regulariser as one host op with a
 * hand-written gradient) with its reference, `vicregTerms`' tfjs ops and autodiff: value and
 * gradient on batches whose dimensions lie on both sides of the variance hinge; `vicregLoss`
 * dispatches on the switch; tensors disposed; bad arguments named.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { vicregHost } from "../../../lib/fast/vicreg_host.ts";
import { vicregLoss, vicregTerms } from "../../../lib/jepa/losses.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();
const HOST = ["wasm", "cpu"].includes(tf.getBackend());

/** z [b, d] with column j scaled by 0.3 (under the hinge γ = 1) or 3 (over it), correlated. */
function batch(b: number, d: number, seed: number): tf.Tensor2D {
  const r = rng(seed);
  const v = new Float32Array(b * d);
  for (let i = 0; i < b; i++) {
    const common = r.normal();
    for (let j = 0; j < d; j++) v[i * d + j] = (j % 2 ? 3 : 0.3) * (r.normal() + 0.5 * common) + j;
  }
  return tf.tensor2d(v, [b, d]);
}

Deno.test({
  name: "vicregHost: value and gradient match vicregTerms' tfjs ops (both sides of the hinge)",
  ignore: !HOST,
  fn: async () => {
    const before = tf.memory().numTensors;
    for (const [b, d, wv, wc] of [[64, 6, 1, 0.04], [5, 3, 0.7, 2], [2, 1, 1, 1]]) {
      const z = batch(b, d, b + d);
      const w = { variance: wv, covariance: wc };
      const ref = (zz: tf.Tensor) => {
        const t = vicregTerms(zz as tf.Tensor2D);
        return tf.add(tf.mul(t.variance, wv), tf.mul(t.covariance, wc)) as tf.Scalar;
      };
      const host = (zz: tf.Tensor) => vicregHost(zz, w);
      const [r, h] = [tf.valueAndGrad(ref)(z), tf.valueAndGrad(host)(z)];
      const [rv, hv] = [(await r.value.data())[0], (await h.value.data())[0]];
      assert.ok(Math.abs(rv - hv) <= 1e-5 * Math.max(1, Math.abs(rv)), `value ${hv} vs ${rv}`);
      assert.ok(rv > 0.05, `a non-trivial regulariser (${rv})`);
      const [rg, hg] = [await r.grad.data(), await h.grad.data()];
      let scale = 0, diff = 0;
      rg.forEach((g, i) => {
        scale = Math.max(scale, Math.abs(g));
        diff = Math.max(diff, Math.abs(g - hg[i]));
      });
      assert.ok(
        diff <= 1e-5 * Math.max(1, scale),
        `[${b}, ${d}] gradient: ${diff} (scale ${scale})`,
      );
      tf.dispose([z, r.value, r.grad, h.value, h.grad]);
    }
    assert.equal(tf.memory().numTensors, before);
  },
});

Deno.test({
  name: "vicregLoss: the host op with the fast paths on, the tfjs ops when off (same value)",
  ignore: !HOST,
  fn: async () => {
    const z = batch(32, 4, 9);
    const run = async (fast: boolean) => {
      setFastPaths(fast);
      try {
        const info = await tf.profile(() => vicregLoss(z, { variance: 1, covariance: 0.5 }));
        const t = info.result as tf.Tensor;
        const v = (await t.data())[0];
        t.dispose();
        return { v, kernels: info.kernels.length };
      } finally {
        setFastPaths(true);
      }
    };
    const [fast, ref] = [await run(true), await run(false)];
    assert.ok(Math.abs(fast.v - ref.v) <= 1e-5 * Math.abs(ref.v), `${fast.v} vs ${ref.v}`);
    assert.ok(fast.kernels < ref.kernels / 3, `${fast.kernels} vs ${ref.kernels} kernels`);
    z.dispose();
  },
});

Deno.test({
  name: "vicregHost: bad arguments name the function and the argument",
  ignore: !HOST,
  fn: () => {
    const z = tf.zeros([4, 3]), z1 = tf.zeros([1, 3]);
    const w = { variance: 1, covariance: 1 };
    assert.throws(() => vicregHost(z1, w), /vicregHost: argument 'z' expected/);
    assert.throws(
      () => vicregHost(z, { variance: -1, covariance: 1 }),
      /vicregHost: argument 'weights.variance'/,
    );
    assert.throws(() => vicregHost(z, w, { eps: 0 }), /vicregHost: argument 'opts.eps'/);
    tf.dispose([z, z1]);
  },
});
