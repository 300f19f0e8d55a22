/**
 * lib/fast/step_matmul.ts: each step's product equals tf.matMul's (and sigmoid(a·w + b) with a
 * bias) for a changing a, frees everything on close, and names bad input.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { stepMatMul } from "../../../lib/fast/step_matmul.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();

Deno.test("stepMatMul: every step equals tf.matMul (plain, and fused with bias and sigmoid)", () => {
  const before = tf.memory().numTensors;
  const r = rng(9);
  const [rows, k, n] = [3, 4, 5];
  const w = tf.tensor3d(Array.from(r.normals(k * n)), [1, k, n]);
  const b = tf.tensor1d(Array.from(r.normals(n)));
  for (const bias of [undefined, b]) {
    const step = stepMatMul(w, rows, bias);
    for (let s = 0; s < 3; s++) {
      const a = Float32Array.from(r.normals(rows * k));
      const got = Array.from(step.run(a));
      const want = tf.tidy(() => {
        const p = tf.matMul(tf.tensor2d(a, [rows, k]), tf.reshape(w, [k, n]));
        return Array.from((bias ? tf.sigmoid(tf.add(p, bias)) : p).dataSync());
      });
      assert.equal(got.length, rows * n);
      got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5, `step ${s}, entry ${i}`));
    }
    step.close();
    step.close(); // idempotent
  }
  tf.dispose([w, b]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("stepMatMul: rejects bad input, naming the argument", () => {
  const before = tf.memory().numTensors;
  const [w, w2, b4] = [tf.zeros([1, 4, 5]), tf.zeros([4, 5]), tf.zeros([4])];
  assert.throws(() => stepMatMul(w2, 3), /stepMatMul: argument 'w' expected \[1, K, N\]/);
  assert.throws(() => stepMatMul(w, 0), /stepMatMul: argument 'rows' expected a positive integer/);
  assert.throws(() => stepMatMul(w, 3, b4), /argument 'bias' expected undefined or a tensor \[5\]/);
  const step = stepMatMul(w, 3);
  assert.throws(
    () => step.run(new Float32Array(11)),
    /stepMatMul.run: argument 'a' expected a Float32Array of 12 floats/,
  );
  step.close();
  tf.dispose([w, w2, b4]);
  assert.equal(tf.memory().numTensors, before);
});
