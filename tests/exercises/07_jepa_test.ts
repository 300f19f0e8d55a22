/** Grader tests for exercise 07 (JEPA): run against solutions/ or the student's exercises/. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { exerciseModule } from "./target.ts";

await initBackend();
const m: typeof import("../../solutions/07_jepa/jepa.ts") = await exerciseModule(
  "07_jepa",
  "jepa.ts",
);
const fx = JSON.parse(
  Deno.readTextFileSync(new URL("../fixtures/sklearn_jepa/fixtures.json", import.meta.url)),
);
const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("emaUpdate: n steps follow t_n = w + τ^n (t_0 − w); τ out of range throws", () => {
  const before = tf.memory().numTensors;
  const target = [tf.tidy(() => tf.variable(tf.tensor1d([0, 10]), false))];
  const online = [tf.tensor1d([1, -2])];
  for (let i = 0; i < 5; i++) m.emaUpdate(target, online, 0.8);
  const got = target[0].dataSync();
  close(got[0], 1 + 0.8 ** 5 * (0 - 1));
  close(got[1], -2 + 0.8 ** 5 * (10 + 2));
  assert.throws(() => m.emaUpdate(target, online, 1.5));
  tf.dispose([...target, ...online]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("latentPredictionLoss: MSE value; gradient 2(p − t)/n for pred and 0 for target", () => {
  const p = tf.tensor1d([1, 2, 3, 4]);
  const t = tf.tensor1d([0, 2, 5, 4]);
  const loss = m.latentPredictionLoss(p, t);
  close(loss.dataSync()[0], (1 + 0 + 4 + 0) / 4);
  const [gp, gt] = tf.grads((a: tf.Tensor, b: tf.Tensor) => m.latentPredictionLoss(a, b))([p, t]);
  assert.deepEqual(Array.from(gp.dataSync()), [0.5, 0, -1, 0]);
  assert.deepEqual(Array.from(gt.dataSync()), [0, 0, 0, 0]);
  const wrong = tf.zeros([3]);
  assert.throws(() => m.latentPredictionLoss(p, wrong));
  tf.dispose([p, t, loss, gp, gt, wrong]);
});

Deno.test("rocAuc: equals scikit-learn on scores with ties; perfect and reversed scores", () => {
  close(m.rocAuc(fx.auc_ties.y, fx.auc_ties.scores), fx.auc_ties.auc, 1e-12);
  assert.equal(m.rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]), 1);
  assert.equal(m.rocAuc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]), 0);
  assert.equal(m.rocAuc([0, 1], [0.5, 0.5]), 0.5);
  assert.throws(() => m.rocAuc([1, 1], [0.1, 0.2]));
});

Deno.test("silhouette: equals scikit-learn on two fixtures and a hand-computed case", () => {
  close(m.silhouette(fx.blobs.X, fx.blobs.labels), fx.blobs.silhouette, 1e-6);
  close(
    m.silhouette(fx.silhouette_random.X, fx.silhouette_random.labels),
    fx.silhouette_random.score,
    1e-6,
  );
  close(m.silhouette([[0], [1], [5]], [0, 0, 1]), (0.8 + 0.75) / 3, 1e-9);
  assert.throws(() => m.silhouette([[0], [1]], [0, 0]));
});
