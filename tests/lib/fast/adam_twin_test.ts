/**
 * lib/fast/adam_twin.ts: the flat twin of tf.train.adam gives the same weights as tfjs's own
 * per-variable update from the same gradients, leaves the optimiser's moments, β-powers and
 * iteration count as tfjs's steps would, leaks nothing, and names bad input.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { AdamTwin, isTfAdam } from "../../../lib/fast/adam_twin.ts";
import { fitOptimizer } from "../../../lib/fast/fit_optimizer.ts";

await initBackend();

const init = () =>
  tf.tidy(() => [
    tf.variable(tf.randomNormal([4, 3], 0, 1, "float32", 1)),
    tf.variable(tf.randomNormal([3], 0, 1, "float32", 2)),
  ]);
const gradsAt = (step: number) => [
  tf.randomNormal([4, 3], 0, 1, "float32", 10 + step),
  tf.randomNormal([3], 0, 1, "float32", 20 + step),
];

for (const host of [false, true]) {
  Deno.test(`AdamTwin (${host ? "host" : "tensor"} form) steps equal tf.train.adam's and write its state back`, async () => {
    const before = tf.memory().numTensors;
    const [a, b] = [init(), init()];
    const [optA, optB] = [tf.train.adam(0.05), tf.train.adam(0.05)];
    // one plain step first, so the twin starts from existing slots
    const first = gradsAt(0);
    for (const [opt, vs] of [[optA, a], [optB, b]] as const) {
      opt.applyGradients(vs.map((v, i) => ({ name: v.name, tensor: first[i] })));
    }
    const twin = new AdamTwin(optB, b, host);
    for (let s = 1; s <= 4; s++) {
      const g = gradsAt(s);
      optA.applyGradients(a.map((v, i) => ({ name: v.name, tensor: g[i] })));
      twin.step(g);
      tf.dispose(g);
    }
    twin.end();
    for (let i = 0; i < a.length; i++) {
      const [x, y] = [await a[i].data(), await b[i].data()];
      x.forEach((v, j) => assert.ok(Math.abs(v - y[j]) < 1e-6, `w${i}[${j}] ${v} vs ${y[j]}`));
    }
    assert.equal(optB.iterations, optA.iterations);
    const [wa, wb] = [await optA.getWeights(), await optB.getWeights()];
    assert.equal(wb.length, wa.length);
    for (let i = 0; i < wa.length; i++) {
      const [x, y] = [await wa[i].tensor.data(), await wb[i].tensor.data()];
      x.forEach((v, j) => assert.ok(Math.abs(v - y[j]) < 1e-6, `${wa[i].name}[${j}]`));
    }
    tf.dispose([...wa.slice(0, 1), ...wb.slice(0, 1)].map((w) => w.tensor)); // iteration scalars
    const [ba, bb] = [
      await (optA as unknown as { accBeta1: tf.Tensor }).accBeta1.data(),
      await (optB as unknown as { accBeta1: tf.Tensor }).accBeta1.data(),
    ];
    assert.ok(Math.abs(ba[0] - bb[0]) < 1e-7);
    tf.dispose([...first, ...a, ...b]);
    optA.dispose();
    optB.dispose();
    assert.equal(tf.memory().numTensors, before);
  });
}

Deno.test("isTfAdam tells tfjs's Adam from other optimisers; AdamTwin names bad input", () => {
  const adam = tf.train.adam(0.1);
  const flat = fitOptimizer("adam", 0.1);
  const sgd = tf.train.sgd(0.1);
  assert.equal(isTfAdam(adam), true);
  assert.equal(isTfAdam(flat), false); // tfjs's instanceof would say true (duck typing)
  assert.equal(isTfAdam(sgd), false);
  assert.throws(() => new AdamTwin(sgd as never, []), /AdamTwin: argument 'opt'/);
  assert.throws(() => new AdamTwin(adam, []), /AdamTwin: argument 'vars'/);
  for (const o of [adam, flat, sgd]) o.dispose();
});
