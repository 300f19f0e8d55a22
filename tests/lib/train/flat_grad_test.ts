/** `unflatten`: a flat gradient cut back into tensors shaped like the variables, in order. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { unflatten } from "../../../lib/train/flat_grad.ts";

await initBackend();

Deno.test("unflatten: pieces take each variable's shape and its slice of the vector, in order", () => {
  const vars = [
    tf.variable(tf.zeros([2, 3])),
    tf.variable(tf.zeros([4])),
    tf.variable(tf.zeros([1, 1])),
  ];
  const flat = tf.range(0, 11) as tf.Tensor1D;
  const before = tf.memory().numTensors;
  const parts = tf.tidy(() => unflatten(vars, flat)); // the step calls it inside its tidy
  assert.deepEqual(parts.map((p) => p.shape), [[2, 3], [4], [1, 1]]);
  assert.deepEqual(parts.map((p) => Array.from(p.dataSync())), [
    [0, 1, 2, 3, 4, 5],
    [6, 7, 8, 9],
    [10],
  ]);
  tf.dispose(parts);
  assert.equal(tf.memory().numTensors, before);
  // one variable: the vector itself reshaped
  const [only] = unflatten([vars[0]], tf.range(0, 6) as tf.Tensor1D);
  assert.deepEqual(only.shape, [2, 3]);
  assert.throws(
    () => unflatten(vars, tf.zeros([10]) as tf.Tensor1D),
    /unflatten: argument 'flat' expected a vector of 11 values/,
  );
  tf.dispose([flat, only, ...vars]);
});
