import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  accuracyScore,
  confusionMatrix,
  logLoss,
  precisionRecallF1,
} from "../../../lib/eval/metrics.ts";
import { allClose, close, sklearnFixture } from "./fixture.ts";

const fx = sklearnFixture("metrics.json");

type Scores = { precision: number[]; recall: number[]; f1: number[] };
type PrfFixture = Record<"macro" | "weighted" | "micro", Scores> & {
  per_class: Scores & { support: number[] };
};

function checkPrf(got: ReturnType<typeof precisionRecallF1>, want: PrfFixture) {
  allClose(got.precision, want.per_class.precision, 1e-12, "precision");
  allClose(got.recall, want.per_class.recall, 1e-12, "recall");
  allClose(got.f1, want.per_class.f1, 1e-12, "f1");
  assert.deepEqual(got.support, want.per_class.support);
  for (const avg of ["macro", "weighted", "micro"] as const) {
    close(got[avg].precision, want[avg].precision[0], 1e-12, `${avg} precision`);
    close(got[avg].recall, want[avg].recall[0], 1e-12, `${avg} recall`);
    close(got[avg].f1, want[avg].f1[0], 1e-12, `${avg} f1`);
  }
}

Deno.test("accuracy, confusion matrix and P/R/F1 equal sklearn on 4-class integer labels", () => {
  const { y_true, y_pred } = fx.multiclass;
  close(accuracyScore(y_true, y_pred), fx.multiclass.accuracy);
  const cm = confusionMatrix(y_true, y_pred);
  assert.deepEqual(cm.labels, [0, 1, 2, 3]);
  assert.deepEqual(cm.matrix, fx.multiclass.confusion);
  const s = precisionRecallF1(y_true, y_pred);
  checkPrf(s, fx.multiclass.prf);
  assert.equal(s.microIsAccuracy, true);
  close(s.micro.f1, fx.multiclass.accuracy);
});

Deno.test("string labels in a given order equal sklearn (confusion and P/R/F1)", () => {
  const { y_true, y_pred, labels } = fx.strings;
  const cm = confusionMatrix(y_true, y_pred, labels);
  assert.deepEqual(cm.labels, labels);
  assert.deepEqual(cm.matrix, fx.strings.confusion);
  checkPrf(precisionRecallF1(y_true, y_pred, labels), fx.strings.prf);
  assert.equal(precisionRecallF1(y_true, y_pred, ["positive"]).microIsAccuracy, false);
});

Deno.test("hand-computed case: a class never predicted scores 0 (zero_division=0)", () => {
  // truth 0 0 1 1 2, predicted 0 0 0 1 1: class 2 never predicted
  const s = precisionRecallF1([0, 0, 1, 1, 2], [0, 0, 0, 1, 1]);
  allClose(s.precision, [2 / 3, 1 / 2, 0]);
  allClose(s.recall, [1, 1 / 2, 0]);
  allClose(s.f1, [0.8, 0.5, 0]);
  close(s.weighted.f1, (2 * 0.8 + 2 * 0.5) / 5);
  close(s.accuracy, 3 / 5);
});

Deno.test("metrics refuse tensors (no synchronous reads) and say how to read them", async () => {
  await initBackend();
  const t = tf.tensor1d([1, 0, 1, 1], "int32");
  const p = tf.tensor1d([1, 1, 1, 0], "int32");
  assert.throws(
    () => accuracyScore(t as unknown as number[], [1, 1, 1, 0]),
    /accuracyScore: argument 'yTrue' expected plain numbers \(read the tensor first: Array.from\(await t.data\(\)\)\), received tensor of shape \[4\]/,
  );
  close(accuracyScore(await t.data(), await p.data()), 0.5);
  tf.dispose([t, p]);
});

Deno.test("logLoss equals sklearn on binary P(1) and on a 3-class matrix", async () => {
  close(logLoss(fx.binary.y_true, fx.binary.proba), fx.binary.log_loss, 1e-12);
  close(
    logLoss(fx.multiclass_proba.y_true, fx.multiclass_proba.proba),
    fx.multiclass_proba.log_loss,
  );
  const m = tf.tensor2d(fx.multiclass_proba.proba);
  close(logLoss(fx.multiclass_proba.y_true, await m.array()), fx.multiclass_proba.log_loss, 1e-6);
  m.dispose();
  // hand-computed: -(ln 0.8 + ln 0.6) / 2
  close(logLoss([1, 0], [0.8, 0.4]), -(Math.log(0.8) + Math.log(0.6)) / 2);
  // a confident wrong answer is clipped, not infinite
  assert.ok(Number.isFinite(logLoss([1], [0])) && logLoss([1], [0]) > 30);
});

Deno.test("metrics reject bad input with a clear message", () => {
  assert.throws(
    () => accuracyScore([1, 0], [1]),
    /accuracyScore: argument 'yPred' expected length 2/,
  );
  assert.throws(
    () => accuracyScore([], []),
    /accuracyScore: argument 'yTrue' expected a non-empty/,
  );
  assert.throws(
    () => confusionMatrix([NaN], [1]),
    /argument 'yTrue' expected finite numbers or strings, received NaN at index 0/,
  );
  assert.throws(
    () => precisionRecallF1([0], [0], [0, 0]),
    /argument 'labels' expected distinct labels/,
  );
  assert.throws(
    () => logLoss([2], [0.5]),
    /logLoss: argument 'yTrue\[0\]' expected a class id in 0\.\.1/,
  );
  assert.throws(
    () => logLoss([1], [1.5]),
    /argument 'proba\[0\]' expected a probability in \[0, 1\]/,
  );
  assert.throws(
    () => logLoss([0], [[0.5, 1.5]]),
    /argument 'proba\[0\]\[1\]' expected a probability/,
  );
  assert.throws(
    () => logLoss([1, 0], [[0.5, 0.5], [1]]),
    /argument 'proba\[1\]' expected a row of 2 values/,
  );
});
