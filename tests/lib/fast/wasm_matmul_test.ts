/** Parity of lib/fast/wasm_matmul.ts with tfjs's own wasm BatchMatMul (and hand products). */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend, useBackend } from "../../../lib/backend.ts";
import { wasmMatMulPatched } from "../../../lib/fast/wasm_matmul.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";

await initBackend();

function naive(a: number[][][], b: number[][][]): number[][][] {
  return a.map((am, i) =>
    am.map((row) => b[i][0].map((_, j) => row.reduce((s, v, k) => s + v * b[i][k][j], 0)))
  );
}
const T = (m: number[][]) => m[0].map((_, j) => m.map((r) => r[j]));

Deno.test("wasm BatchMatMul with transpose flags equals the hand-computed product", async () => {
  const info = await useBackend("wasm");
  assert.equal(info.backend, "wasm");
  assert.ok(wasmMatMulPatched());
  const a = [[[1, 2, 3], [4, 5, 6]], [[0, -1, 2], [3, 1, -2]]]; // [2, 2, 3]
  const b = [[[1, 0], [2, 1], [0, 3]], [[2, 2], [-1, 0], [1, 1]]]; // [2, 3, 2]
  const want = naive(a, b);
  const at = a.map(T), bt = b.map(T);
  const before = tf.memory().numTensors;
  for (
    const [x, y, ta, tb] of [[a, b, false, false], [at, b, true, false], [a, bt, false, true], [
      at,
      bt,
      true,
      true,
    ]] as const
  ) {
    const got = tf.tidy(() =>
      tf.matMul(tf.tensor3d(x as number[][][]), tf.tensor3d(y as number[][][]), ta, tb)
    );
    assert.deepEqual(await got.array(), want, `transposeA=${ta} transposeB=${tb}`);
    got.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("gradients through the wrapped kernel match the closed form dL/dA = G Bᵀ", async () => {
  await useBackend("wasm");
  const A = tf.tensor2d([[1, 2], [3, 4]]);
  const B = tf.tensor2d([[5, 6], [7, 8]]);
  const g = tf.grad((a: tf.Tensor) => tf.matMul(a, B).sum())(A);
  // G = ones(2,2): dL/dA = ones · Bᵀ → rows [11, 15]
  assert.deepEqual(await g.array(), [[11, 15], [11, 15]]);
  tf.dispose([A, B, g]);
});

Deno.test("mismatched shapes keep tfjs's own error, naming the shapes as given", async () => {
  await useBackend("wasm");
  const a = tf.zeros([3, 4]);
  assert.throws(() => tf.matMul(a, a, true, true), /shapes 3,4 and 3,4 and transposeA=true/);
  a.dispose();
});

Deno.test("the switch removes and restores the patch; patched and tfjs's kernel agree", async () => {
  await useBackend("wasm");
  const a = tf.randomNormal([3, 40, 30], 0, 1, "float32", 1);
  const b = tf.randomNormal([3, 50, 40], 0, 1, "float32", 2);
  const product = async () => {
    const t = tf.matMul(a, b, true, true);
    const v = await t.data();
    t.dispose();
    return v;
  };
  const fast = await product();
  setFastPaths(false);
  try {
    assert.equal(wasmMatMulPatched(), false);
    const ref = await product();
    let worst = 0;
    fast.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - ref[i]))));
    assert.ok(worst < 1e-4, `max difference ${worst}`);
  } finally {
    setFastPaths(true);
  }
  assert.equal(wasmMatMulPatched(), true);
  tf.dispose([a, b]);
});
