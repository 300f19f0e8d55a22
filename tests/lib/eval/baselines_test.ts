import assert from "node:assert/strict";
import { majorityClassAccuracy, MajorityClassifier } from "../../../lib/eval/baselines.ts";

Deno.test("MajorityClassifier: predicts the most frequent training label, with its prior", () => {
  const m = new MajorityClassifier().fit([1, 0, 1, 1, 2]);
  assert.equal(m.majority, 1);
  assert.deepEqual(m.classes, [0, 1, 2]);
  assert.deepEqual(m.prior, [0.2, 0.6, 0.2]);
  assert.deepEqual(m.predict(3), [1, 1, 1]);
  assert.deepEqual(m.predictProba(1), [[0.2, 0.6, 0.2]]);
  assert.equal(m.score([1, 0, 0, 1]), 0.5);
});

Deno.test("majorityClassAccuracy: uses the training majority, not the test one; ties -> smallest", () => {
  // train says "up" (3 of 5); test is mostly "down": accuracy 1/4
  assert.equal(
    majorityClassAccuracy(["up", "up", "down", "up", "down"], ["down", "down", "up", "down"]),
    0.25,
  );
  // a tie between 0 and 1 picks 0 (sklearn's DummyClassifier)
  assert.equal(new MajorityClassifier().fit([1, 0, 0, 1]).majority, 0);
});

Deno.test("MajorityClassifier rejects bad input", () => {
  assert.throws(
    () => new MajorityClassifier().predict(2),
    /MajorityClassifier\.predict: argument 'this' expected a fitted model/,
  );
  assert.throws(
    () => new MajorityClassifier().fit([]),
    /MajorityClassifier\.fit: argument 'y' expected a non-empty array of labels/,
  );
  assert.throws(
    () => new MajorityClassifier().fit([0]).predict(-1),
    /argument 'n' expected an integer >= 0, received -1/,
  );
});
