import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { linearProbe } from "../../../lib/eval/probe.ts";

await initBackend();
const fx = JSON.parse(
  Deno.readTextFileSync(new URL("../../fixtures/sklearn_jepa/fixtures.json", import.meta.url)),
).logistic;

Deno.test("linearProbe: coefficients and held-out AUC equal sklearn's LogisticRegression(C=1)", () => {
  const r = linearProbe(fx.X, fx.y, fx.Xtest, fx.ytest, {
    C: fx.C,
    standardize: false,
    ci: { nBoot: 200, seed: 1 },
  });
  r.model.coef[0].forEach((c: number, j: number) =>
    assert.ok(Math.abs(c - fx.coef[j]) < 1e-3, `coef ${j}: ${c} vs ${fx.coef[j]}`)
  );
  assert.ok(Math.abs(r.model.intercept[0] - fx.intercept) < 1e-3);
  assert.ok(Math.abs((r.auc as number) - fx.test_auc) < 1e-6, `${r.auc} vs ${fx.test_auc}`);
  assert.ok(r.aucCi !== null && r.aucCi.lower < fx.test_auc && fx.test_auc < r.aucCi.upper);
});

Deno.test("linearProbe: rows in, multiclass accuracy out; a tensor is refused, not read", () => {
  const tr = [[0, 0], [0, 1], [5, 5], [5, 6], [-5, 5], [-5, 6]];
  const te = [[0, 0.5], [5, 5.5], [-5, 5.5]];
  const r = linearProbe(tr, ["a", "a", "b", "b", "c", "c"], te, ["a", "b", "c"]);
  assert.equal(r.accuracy, 1);
  assert.equal(r.auc, null);
  const t = tf.tensor2d(tr);
  assert.throws(
    () => linearProbe(t as never, ["a", "a", "b", "b", "c", "c"], te, ["a", "b", "c"]),
    /linearProbe: argument 'trainX' expected rows of numbers \(read a tensor with `await x.array\(\)` first\)/,
  );
  t.dispose();
  assert.throws(
    () => linearProbe([[1]], [0, 1], [[1]], [0]),
    /linearProbe: argument 'yTrain' expected 1 labels/,
  );
});
