import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { fitLogisticRegression, LogisticRegression } from "../../../lib/models/logistic.ts";

const fx = JSON.parse(
  Deno.readTextFileSync(new URL("../../fixtures/sklearn/logistic.json", import.meta.url)),
);
await initBackend();

function maxAbsDiff(a: number[][], b: number[][]): number {
  return Math.max(...a.flatMap((r, i) => r.map((v, j) => Math.abs(v - b[i][j]))));
}

Deno.test("binary logistic regression matches sklearn (coef 5e-4, proba 1e-4, accuracy)", () => {
  const b = fx.binary;
  const Xtr = b.X.slice(0, b.n_train), Xte = b.X.slice(b.n_train);
  const before = tf.memory().numTensors;
  const m = fitLogisticRegression(Xtr, b.y.slice(0, b.n_train), { C: b.C, standardize: false });
  assert.equal(tf.memory().numTensors, before);
  assert.notEqual(m.fitInfo!.stopReason, "max_iter", `${m.fitInfo!.iterations} iterations`);
  assert.ok(maxAbsDiff(m.coef, b.coef) < 5e-4, `coef ${m.coef} vs ${b.coef}`);
  assert.ok(Math.abs(m.intercept[0] - b.intercept[0]) < 5e-4);
  const p = m.predictProba(Xte);
  assert.equal(tf.memory().numTensors, before);
  assert.ok(maxAbsDiff(p.map((r) => [r[1]]), b.proba_test.map((v: number) => [v])) < 1e-4);
  p.forEach((r) => assert.ok(Math.abs(r[0] + r[1] - 1) < 1e-6));
  assert.equal(m.score(Xte, b.y.slice(b.n_train)), b.test_accuracy);
});

Deno.test("multinomial logistic regression matches sklearn (softmax, C=0.5; coef 1e-3, proba 1e-3)", () => {
  const mu = fx.multinomial;
  const m = new LogisticRegression({ C: mu.C, standardize: false }).fit(
    mu.X.slice(0, mu.n_train),
    mu.y.slice(0, mu.n_train),
  );
  assert.deepEqual(m.classes, [0, 1, 2]);
  assert.ok(maxAbsDiff(m.coef, mu.coef) < 1e-3, `coef ${m.coef} vs ${mu.coef}`);
  // float32 losses stop L-BFGS near |grad| ~ 1e-4 here: probabilities agree to ~3e-4
  assert.ok(maxAbsDiff(m.predictProba(mu.X.slice(mu.n_train)), mu.proba_test) < 1e-3);
  assert.equal(m.score(mu.X.slice(mu.n_train), mu.y.slice(mu.n_train)), mu.test_accuracy);
});

Deno.test("gradient is zero at the fit: mean(p - y) = 0 for the unpenalised intercept", () => {
  // string labels, shifted and scaled rows, standardisation on: the intercept's stationarity
  const b = fx.binary;
  const X: number[][] = b.X.slice(0, 200).map((r: number[]) => r.map((v) => 10 * v + 3));
  const y = b.y.slice(0, 200).map((v: number) => (v ? "up" : "down"));
  const m = fitLogisticRegression(X, y, { C: 10 });
  assert.deepEqual(m.classes, ["down", "up"]);
  const p = m.predictProba(X);
  const meanResidual = p.reduce((s, r, i) => s + r[1] - (y[i] === "up" ? 1 : 0), 0) / p.length;
  assert.ok(Math.abs(meanResidual) < 1e-4, `mean residual ${meanResidual}`);
  // standardising is a change of basis: without a penalty it leaves the probabilities alone
  const loose = { C: 1e6, tol: 1e-6 };
  const pa = fitLogisticRegression(X, y, { ...loose, standardize: true }).predictProba(X);
  const pb = fitLogisticRegression(X, y, { ...loose, standardize: false }).predictProba(X);
  assert.ok(maxAbsDiff(pa, pb) < 2e-3, `max |diff| ${maxAbsDiff(pa, pb)}`);
});

Deno.test("logistic regression rejects bad input with clear messages", () => {
  assert.throws(
    () => new LogisticRegression({ C: 0 }),
    /LogisticRegression: argument 'C' expected a finite number > 0, received 0/,
  );
  assert.throws(
    () => fitLogisticRegression([[1], [2]], [1, 1]),
    /LogisticRegression\.fit: argument 'y' expected at least two classes/,
  );
  assert.throws(
    () => fitLogisticRegression([[1], [NaN]], [0, 1]),
    /argument 'X\[1\]\[0\]' expected a finite number, received NaN/,
  );
  assert.throws(
    () => fitLogisticRegression([[1], [2]], [0, 1, 1]),
    /argument 'y' expected 2 labels \(one per row of X\), received 3/,
  );
  const m = fitLogisticRegression([[0, 1], [1, 0], [2, 2]], [0, 1, 1]);
  assert.throws(
    () => m.predict([[1]]),
    /predictProba: argument 'X' expected 2 features \(as in fit\), received 1/,
  );
  assert.throws(() => new LogisticRegression().predict([[1]]), /expected a fitted model/);
  const before = tf.memory().numTensors;
  assert.throws(
    () => m.predict([[1, Infinity]]),
    /argument 'X\[0\]\[1\]' expected a finite number, received Infinity/,
  );
  const t = tf.tensor2d([[1, 2]]);
  assert.throws(() => m.predict(t as never), /expected rows of numbers \(the fit runs on the host/);
  t.dispose();
  assert.equal(tf.memory().numTensors, before);
});
