import assert from "node:assert/strict";
import { rocAucScore, rocCurve } from "../../../lib/eval/roc.ts";
import { allClose, close, sklearnFixture } from "./fixture.ts";

const fx = sklearnFixture("metrics.json");

Deno.test("rocCurve equals sklearn's roc_curve on heavily tied scores", () => {
  const b = fx.binary;
  const c = rocCurve(b.y_true, b.scores);
  allClose(c.fpr, b.fpr);
  allClose(c.tpr, b.tpr);
  assert.equal(c.thresholds[0], Infinity); // sklearn >= 1.3; 1.2 used max + 1
  allClose(c.thresholds.slice(1), b.thresholds_after_first);
  const all = rocCurve(b.y_true, b.scores, { dropIntermediate: false });
  allClose(all.fpr, b.fpr_all);
  allClose(all.tpr, b.tpr_all);
});

Deno.test("rocAucScore equals sklearn (ties, binary probabilities, one-vs-rest)", () => {
  close(rocAucScore(fx.binary.y_true, fx.binary.scores), fx.binary.auc);
  close(rocAucScore(fx.binary.y_true, fx.binary.proba), fx.binary.auc_proba);
  const m = fx.multiclass_proba;
  close(rocAucScore(m.y_true, m.proba), m.auc_ovr_macro);
  close(rocAucScore(m.y_true, m.proba, { average: "weighted" }), m.auc_ovr_weighted);
});

Deno.test("rocAucScore: hand-computed Mann-Whitney value with a tie counts half", () => {
  // positives 0.8, 0.4; negatives 0.4, 0.1 -> pairs: 1 + 1 + 0.5 + 1 = 3.5 of 4
  close(rocAucScore([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1]), 3.5 / 4);
  close(rocAucScore(["up", "down"], [0.9, 0.1], { posLabel: "up" }), 1);
  close(rocAucScore([-1, 1, 1], [0.3, 0.2, 0.1]), 0);
});

Deno.test("roc functions reject bad input with a clear message", () => {
  assert.throws(
    () => rocAucScore([1, 1], [0.2, 0.3]),
    /rocAucScore: argument 'yTrue' expected two classes, both present/,
  );
  assert.throws(
    () => rocCurve(["a", "b"], [0.2, 0.3]),
    /rocCurve: argument 'posLabel' expected a positive class/,
  );
  assert.throws(
    () => rocCurve([0, 1], [0.2, Infinity]),
    /argument 'scores' expected finite numbers, received Infinity at index 1/,
  );
  assert.throws(
    () => rocAucScore([0, 1, 1], [[0.5, 0.5], [0.2, 0.8], [0.1, 0.9]].slice(0, 2)),
    /expected length 3/,
  );
  assert.throws(
    () => rocAucScore([0, 2], [[0.5, 0.5], [0.2, 0.8]]),
    /expected class ids 0\.\.1, each present/,
  );
});
