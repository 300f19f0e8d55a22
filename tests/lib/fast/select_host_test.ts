/**
 * Parity of lib/fast/select_host.ts (a constant selection times tokens as one host op) with its
 * reference tf.matMul: values and the gradient in x of sel·x and selᵀ·x, for one-hot selections
 * (the JEPA's) and a dense matrix with zeros; `selectTokens` dispatches on the switch; tensors
 * disposed; bad shapes named.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { selectHost, selectTokens } from "../../../lib/fast/select_host.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();
const HOST = ["wasm", "cpu"].includes(tf.getBackend());

const normal = (shape: number[], seed: number) =>
  tf.tensor(Float32Array.from(rng(seed).normals(shape.reduce((a, b) => a * b, 1))), shape);

/** One-hot rows [b, k, n]: row i of batch b picks position (b + 2i) mod n. */
function oneHot(b: number, k: number, n: number): tf.Tensor3D {
  const v = new Float32Array(b * k * n);
  for (let s = 0; s < b; s++) for (let i = 0; i < k; i++) v[(s * k + i) * n + (s + 2 * i) % n] = 1;
  return tf.tensor3d(v, [b, k, n]);
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  assert.deepEqual(a.shape, b.shape);
  const [x, y] = [await a.data(), await b.data()];
  let m = 0;
  x.forEach((v, i) => (m = Math.max(m, Math.abs(v - y[i]))));
  return m;
}

Deno.test({
  name: "selectHost: sel·x and selᵀ·x and their x-gradients match tf.matMul",
  ignore: !HOST,
  fn: async () => {
    const before = tf.memory().numTensors;
    const [b, k, n, d] = [5, 3, 6, 4];
    // a dense selection with some zeros, and the JEPA's one-hot rows
    const dense = tf.tidy(() => tf.mul(normal([b, k, n], 1), tf.greater(normal([b, k, n], 2), 0)));
    for (const sel of [oneHot(b, k, n), dense]) {
      for (const transpose of [false, true]) {
        const x = normal([b, transpose ? k : n, d], 3);
        const wy = normal([b, transpose ? n : k, d], 4);
        const f = (host: boolean) => (xx: tf.Tensor) =>
          tf.sum(tf.mul(
            host ? selectHost(sel, xx, transpose) : tf.matMul(sel, xx as tf.Tensor3D, transpose),
            wy,
          ));
        const [ref, host] = [tf.valueAndGrad(f(false))(x), tf.valueAndGrad(f(true))(x)];
        assert.ok(await maxAbsDiff(ref.value, host.value) < 1e-5, `value, transpose ${transpose}`);
        assert.ok(await maxAbsDiff(ref.grad, host.grad) < 1e-5, `grad, transpose ${transpose}`);
        const y = selectHost(sel, x, transpose);
        const yRef = tf.matMul(sel, x as tf.Tensor3D, transpose);
        assert.ok(await maxAbsDiff(y, yRef) < 1e-5);
        tf.dispose([x, wy, ref.value, ref.grad, host.value, host.grad, y, yRef]);
      }
      sel.dispose();
    }
    // by hand: the one-hot row of batch 0, row 1 picks position 2
    const x = tf.tensor3d(Float32Array.from({ length: 6 }, (_, i) => 10 * i), [1, 6, 1]);
    const sel = oneHot(1, 3, 6);
    const picked = selectHost(sel, x);
    assert.deepEqual(Array.from(await picked.data()), [0, 20, 40]);
    tf.dispose([x, sel, picked]);
    assert.equal(tf.memory().numTensors, before);
  },
});

Deno.test({
  name: "selectTokens: the host op with the fast paths on (no batched matmul), tf.matMul when off",
  ignore: !HOST,
  fn: async () => {
    const sel = oneHot(4, 2, 5), x = normal([4, 5, 3], 6) as tf.Tensor3D;
    const run = async (fast: boolean) => {
      setFastPaths(fast);
      try {
        const info = await tf.profile(() => selectTokens(sel, x));
        const t = info.result as tf.Tensor;
        const v = await t.data();
        t.dispose();
        return { v, matmuls: info.kernels.filter((k) => k.name === "BatchMatMul").length };
      } finally {
        setFastPaths(true);
      }
    };
    const [fast, ref] = [await run(true), await run(false)];
    assert.deepEqual(Array.from(fast.v), Array.from(ref.v));
    assert.equal(fast.matmuls, 0);
    assert.equal(ref.matmuls, 1);
    tf.dispose([sel, x]);
  },
});

Deno.test({
  name: "selectHost: bad shapes name the function and the argument",
  ignore: !HOST,
  fn: () => {
    const sel = oneHot(2, 3, 4), x = tf.zeros([2, 5, 3]), sel2 = tf.zeros([2, 3]);
    assert.throws(() => selectHost(sel, x), /selectHost: argument 'x' expected .*\[2, 4, dim\]/);
    assert.throws(
      () => selectHost(sel, x, true),
      /selectHost: argument 'x' expected .*\[2, 3, dim\]/,
    );
    assert.throws(() => selectHost(sel2, x), /selectHost: argument 'sel' expected/);
    tf.dispose([sel, x, sel2]);
  },
});
