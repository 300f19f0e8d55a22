/**
 * Parity of lib/fast/layer_norm_host.ts (LayerNorm as one host op, hand-written backward) with
 * its reference `layerNormForward` (tfjs ops and autodiff): values and the gradients of x, the
 * scale and the shift, for ranks 2 and 3 and a one-wide axis; no kernel runs inside it; tensors disposed;
 * bad arguments named.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { layerNormHost, normLayer } from "../../../lib/fast/layer_norm_host.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { layerNormForward, type NormVars } from "../../../lib/nn/params.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();
const HOST = ["wasm", "cpu"].includes(tf.getBackend());

const normal = (shape: number[], seed: number, mean = 0) =>
  tf.tensor(Float32Array.from(rng(seed).normals(shape.reduce((a, b) => a * b, 1), mean)), shape);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

Deno.test({
  name: "layerNormHost: values and gradients (x, gamma, beta) match layerNormForward's tfjs ops",
  ignore: !HOST,
  fn: async () => {
    const before = tf.memory().numTensors;
    for (const shape of [[7, 5], [3, 4, 8], [4, 1]]) {
      const d = shape[shape.length - 1];
      // an offset and a spread per row, so that the mean and the variance both matter
      const x = tf.tidy(() => tf.add(tf.mul(normal(shape, 1), 3), 2));
      const g = normal([d], 2, 1), b = normal([d], 3);
      const wy = normal(shape, 4);
      const run = (host: boolean) =>
        tf.tidy(() => {
          const f = (xx: tf.Tensor, gg: tf.Tensor, bb: tf.Tensor) =>
            tf.sum(tf.mul(
              host
                ? layerNormHost(xx, gg, bb)
                : layerNormForward(xx, { gamma: gg, beta: bb } as NormVars),
              wy,
            ));
          const y = host
            ? layerNormHost(x, g, b)
            : layerNormForward(x, { gamma: g, beta: b } as NormVars);
          return [y, ...tf.grads(f)([x, g, b])];
        });
      const [ref, host] = [run(false), run(true)];
      for (let i = 0; i < ref.length; i++) {
        const [r, h] = [await ref[i].data(), await host[i].data()];
        assert.deepEqual(host[i].shape, ref[i].shape);
        assert.ok(maxAbsDiff(r, h) < 1e-5, `part ${i} of [${shape}]: ${maxAbsDiff(r, h)}`);
      }
      // and against a hand computation: d beta is the column sum of dy, whatever x
      const colSumT = tf.tidy(() => tf.sum(tf.reshape(wy, [-1, d]), 0));
      const colSum = await colSumT.data();
      colSumT.dispose();
      assert.ok(maxAbsDiff(await host[3].data(), colSum) < 1e-5, "d beta = column sums of dy");
      tf.dispose([...ref, ...host, x, g, b, wy]);
    }
    assert.equal(tf.memory().numTensors, before);
  },
});

Deno.test({
  name: "normLayer: the host op with the fast paths on (no tfjs kernel), the tfjs ops when off",
  ignore: !HOST,
  fn: async () => {
    const params = {
      "ln/g": tf.variable(normal([6], 5, 1)),
      "ln/b": tf.variable(normal([6], 6)),
    };
    const x = normal([4, 3, 6], 7);
    const kernels = async (fast: boolean) => {
      setFastPaths(fast);
      try {
        const info = await tf.profile(() => normLayer(params, "ln", x));
        const out = await (info.result as tf.Tensor).data();
        (info.result as tf.Tensor).dispose();
        return { names: info.kernels.map((k) => k.name), out };
      } finally {
        setFastPaths(true);
      }
    };
    const [fast, ref] = [await kernels(true), await kernels(false)];
    assert.equal(fast.names.length, 1); // the custom op itself, nothing inside it
    assert.ok(ref.names.length >= 8, `reference ran ${ref.names.length} kernels`);
    assert.ok(maxAbsDiff(fast.out, ref.out) < 1e-5);
    tf.dispose([x, params["ln/g"], params["ln/b"]]);
  },
});

Deno.test({
  name: "layerNormHost: bad arguments name the function and the argument",
  ignore: !HOST,
  fn: () => {
    const x = tf.zeros([2, 4]), g = tf.ones([4]), b = tf.zeros([4]), g3 = tf.ones([3]);
    assert.throws(() => layerNormHost(x, g3, b), /layerNormHost: argument 'gamma' expected/);
    assert.throws(() => layerNormHost(x, g, g3), /layerNormHost: argument 'beta' expected/);
    assert.throws(() => layerNormHost(tf.zeros([0, 4]), g, b), /layerNormHost: argument 'x'/);
    assert.throws(() => layerNormHost(x, g, b, -1), /layerNormHost: argument 'eps'/);
    tf.dispose([x, g, b, g3]);
  },
});
