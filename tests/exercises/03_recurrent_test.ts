/** Grader tests for exercise 03 (recurrent): run against solutions/ or the student's exercises/. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { rng } from "../../lib/random.ts";
import { exerciseModule } from "./target.ts";

await initBackend();
const m: typeof import("../../solutions/03_recurrent/recurrent.ts") = await exerciseModule(
  "03_recurrent",
  "recurrent.ts",
);

Deno.test("lstmCellStep: two steps match tf.layers.lstm with the same weights (< 1e-5)", () => {
  const before = tf.memory().numTensors;
  const r = rng(5);
  const F = 3, U = 4;
  const layer = tf.layers.lstm({
    units: U,
    returnSequences: true,
    recurrentActivation: "sigmoid",
    kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
    recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    biasInitializer: tf.initializers.randomNormal({ seed: 3 }),
  });
  const xs = [Array.from(r.normals(F)), Array.from(r.normals(F))];
  const x = tf.tensor3d([xs]);
  const out = layer.apply(x) as tf.Tensor;
  const expected = out.arraySync() as number[][][];
  const [k, rk, b] = layer.getWeights().map((t) => t.arraySync());
  const w = { kernel: k as number[][], recurrentKernel: rk as number[][], bias: b as number[] };
  let state = { h: new Array(U).fill(0), c: new Array(U).fill(0) };
  for (let t = 0; t < 2; t++) {
    state = m.lstmCellStep(xs[t], state.h, state.c, w);
    const diff = Math.max(...state.h.map((v, u) => Math.abs(v - expected[0][t][u])));
    assert.ok(diff < 1e-5, `step ${t}: max abs diff ${diff}`);
  }
  tf.dispose([x, out]);
  layer.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("lstmCellStep: hand-computed step with one unit", () => {
  // z = [i, f, g, o] pre-activations = x*W + h*U + b with x=1, h=0.5
  const w = { kernel: [[1, 0, 2, -1]], recurrentKernel: [[0, 2, 0, 0]], bias: [0, 0, 0, 1] };
  const { h, c } = m.lstmCellStep([1], [0.5], [0.3], w);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const cExp = sig(1) * 0.3 + sig(1) * Math.tanh(2);
  assert.ok(Math.abs(c[0] - cExp) < 1e-9);
  assert.ok(Math.abs(h[0] - sig(0) * Math.tanh(cExp)) < 1e-9);
});

Deno.test("padOrTruncate: pre/post padding and truncation", () => {
  const seqs = [[1, 2, 3, 4, 5], [7, 8]];
  assert.deepEqual(m.padOrTruncate(seqs, 3), [[3, 4, 5], [0, 7, 8]]);
  assert.deepEqual(m.padOrTruncate(seqs, 3, "post", "post"), [[1, 2, 3], [7, 8, 0]]);
  assert.deepEqual(m.padOrTruncate(seqs, 4, "post", "pre", 9), [[2, 3, 4, 5], [7, 8, 9, 9]]);
  assert.deepEqual(m.padOrTruncate([[]], 2), [[0, 0]]);
});

Deno.test("buildTrainVocab: reserved ids, counts from the training texts only", () => {
  const texts = ["Profit up up", "profit down", "bankruptcy looms", "loss up"];
  const v = m.buildTrainVocab(texts, [0, 1, 3]);
  assert.equal(v.get("<PAD>"), 0);
  assert.equal(v.get("<START>"), 1);
  assert.equal(v.get("<UNK>"), 2);
  assert.deepEqual([...v.keys()].slice(3), ["up", "profit", "down", "loss"]);
  assert.equal(v.has("bankruptcy"), false); // a test-only word
  assert.deepEqual([...m.buildTrainVocab(texts, [0, 1, 3], 2).keys()].slice(3), ["up", "profit"]);
});
