/**
 * lib/fast/fast_fit.ts: `model.fit` of a buildMlp model with the fast train function gives the
 * same History and weights as tfjs's own (within float tolerance), runs the one-node backward
 * pass only with the switch on, leaks nothing, and rejects a bad model.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { enableFastFit, hasFastFit } from "../../../lib/fast/fast_fit.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { buildMlp } from "../../../lib/models/mlp.ts";

await initBackend();

const CFG = {
  inputDim: 5,
  hidden: [12, 6],
  dropout: 0.3,
  output: { units: 1, activation: "sigmoid" as const },
  seed: 9,
};

/** A head, its compiled loss and optimiser: the fused BCE with the Adam twin, the fused MSE
 * through `minimize`, and softmax + categorical crossentropy by autodiff of the loss. */
const CASES = [
  { head: "sigmoid", units: 1, loss: "binaryCrossentropy", opt: () => tf.train.adam(1e-2) },
  { head: "linear", units: 1, loss: "meanSquaredError", opt: () => tf.train.sgd(0.05) },
  { head: "softmax", units: 2, loss: "categoricalCrossentropy", opt: () => tf.train.adam(1e-2) },
] as const;

for (const c of CASES) {
  Deno.test(`fast model.fit equals tfjs's fit (${c.head}, ${c.loss}): History, weights`, async () => {
    const x = tf.randomNormal([90, 5], 0, 1, "float32", 4);
    const pos = tf.cast(tf.greater(tf.sum(x, 1, true), 0), "float32");
    const y = c.units === 2 ? tf.concat([pos, tf.sub(1, pos)], 1) : pos;
    const before = tf.memory().numTensors;
    const run = async (fast: boolean) => {
      setFastPaths(fast);
      const model = buildMlp({ ...CFG, output: { units: c.units, activation: c.head } });
      assert.ok(hasFastFit(model), "buildMlp enables the fast fit");
      model.compile({ optimizer: c.opt(), loss: c.loss, metrics: ["acc"] });
      const h = await model.fit(x, y, {
        epochs: 3,
        batchSize: 16,
        shuffle: false,
        verbose: 0,
        validationData: [x, y],
      });
      // the one-node pass runs far fewer kernels than tfjs's Dense autodiff
      const prof = await tf.profile(async () => {
        await model.fit(x, y, { epochs: 1, batchSize: 16, shuffle: false, verbose: 0 });
      });
      const kernels = prof.kernels.length;
      const weights = await Promise.all(model.getWeights().map((t) => t.data()));
      model.optimizer.dispose();
      model.dispose();
      return { h: h.history as Record<string, number[]>, weights, kernels };
    };
    try {
      const plain = await run(false);
      const fast = await run(true);
      assert.ok(
        fast.kernels < 0.75 * plain.kernels,
        `the fast train function ran: ${fast.kernels} kernels vs ${plain.kernels}`,
      );
      assert.deepEqual(Object.keys(fast.h).sort(), Object.keys(plain.h).sort());
      for (const k of Object.keys(plain.h)) {
        plain.h[k].forEach((v, i) => assert.ok(Math.abs(fast.h[k][i] - v) < 1e-5, `${k}[${i}]`));
      }
      plain.weights.forEach((w, i) =>
        w.forEach((v, j) => assert.ok(Math.abs(fast.weights[i][j] - v) < 1e-4, `w${i}[${j}]`))
      );
    } finally {
      setFastPaths(true);
    }
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, y, pos]);
  });
}

Deno.test("enableFastFit: another model is returned as it is; a non-model is named", () => {
  const input = tf.input({ shape: [3] });
  const functional = tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor,
  });
  assert.equal(enableFastFit(functional), functional);
  assert.equal(hasFastFit(functional), false);
  assert.throws(() => enableFastFit({} as never), /enableFastFit: argument 'model'/);
  functional.dispose();
});

Deno.test("a second fit while one runs gets tfjs's own refusal; the first finishes", async () => {
  const x = tf.randomNormal([64, 5], 0, 1, "float32", 8);
  const y = tf.cast(tf.greater(tf.sum(x, 1, true), 0), "float32");
  const before = tf.memory().numTensors;
  const model = buildMlp(CFG);
  model.compile({ optimizer: tf.train.adam(1e-2), loss: "binaryCrossentropy" });
  const first = model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
  await assert.rejects(
    () => model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 }),
    /another fit\(\) call is ongoing/,
  );
  const h = await first;
  assert.equal(h.history.loss.length, 2);
  assert.ok((h.history.loss as number[]).every(Number.isFinite));
  model.optimizer.dispose();
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, y]);
});
