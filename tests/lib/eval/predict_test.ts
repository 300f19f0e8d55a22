import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { predictArray, predictClasses, predictRows } from "../../../lib/eval/predict.ts";

await initBackend();

const X = [[1, 2], [3, -1], [0, 0.5]];
// W: 2 → 3 outputs, b
const W = [[1, 0, -1], [0.5, 2, 1]];
const b = [0.1, -0.2, 0.3];
const oracle = X.map((r) => b.map((bj, j) => bj + r[0] * W[0][j] + r[1] * W[1][j]));

function dense(): tf.Sequential {
  const m = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2] })] });
  m.layers[0].setWeights([tf.tensor2d(W), tf.tensor1d(b)]);
  return m;
}

Deno.test("predictArray / predictRows: a Layers model, a functional model and a function agree with X·W + b", async () => {
  const model = dense();
  const params = { w: tf.tensor2d(W), b: tf.tensor1d(b) };
  const functional = {
    params,
    forward: (p: typeof params, x: tf.Tensor) => tf.add(tf.matMul(x as tf.Tensor2D, p.w), p.b),
  };
  const before = tf.memory().numTensors;
  const xt = tf.tensor2d(X);
  for (const m of [model, functional, (x: tf.Tensor) => functional.forward(params, x)]) {
    const rows = await predictRows(m, X);
    rows.forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - oracle[i][j]) < 1e-5)));
    const flat = await predictArray(m, xt);
    assert.deepEqual(flat.map((v) => +v.toFixed(4)), oracle.flat().map((v) => +v.toFixed(4)));
  }
  xt.dispose();
  assert.equal(tf.memory().numTensors, before, "no tensor left behind");
  model.dispose();
  tf.dispose(params);
});

Deno.test("predictClasses: argmax for several outputs, threshold for one", async () => {
  const model = dense();
  const want = oracle.map((r) => r.indexOf(Math.max(...r)));
  assert.deepEqual(await predictClasses(model, X), want);
  const one = (x: tf.Tensor) => tf.sigmoid(tf.sum(x, 1, true));
  assert.deepEqual(await predictClasses(one, X), [1, 1, 1]);
  assert.deepEqual(await predictClasses(one, X, { threshold: 0.9 }), [1, 0, 0]);
  model.dispose();
  await assert.rejects(
    () => predictArray(model, []),
    /predictArray: argument 'x' expected a tensor or a non-empty array of rows/,
  );
});
