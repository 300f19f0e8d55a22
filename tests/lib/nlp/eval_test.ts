/** Classification scores (hand-computed confusion, F1) and the stratified PhraseBank split. */
import assert from "node:assert/strict";
import { argmaxLabels, labelScores } from "../../../lib/nlp/eval.ts";
import { majorityClassAccuracy } from "../../../lib/eval/baselines.ts";
import { phraseBankTexts, stratifiedSplitIndices } from "../../../lib/nlp/phrasebank.ts";

Deno.test("labelScores: accuracy, per-label F1 and macro F1 by hand", () => {
  const truth = ["pos", "pos", "neg", "neu", "neu", "neu"];
  const pred = ["pos", "neu", "neg", "neu", "pos", "neu"];
  const s = labelScores(truth, pred, ["pos", "neg", "neu"]);
  assert.equal(s.accuracy, 4 / 6);
  // pos: tp1 fp1 fn1 -> 0.5; neg: 1; neu: tp2 fp1 fn1 -> 4/6
  assert.equal(s.f1.pos, 0.5);
  assert.equal(s.f1.neg, 1);
  assert.ok(Math.abs(s.f1.neu - 2 / 3) < 1e-12);
  assert.ok(Math.abs(s.macroF1 - (0.5 + 1 + 2 / 3) / 3) < 1e-12);
  assert.deepEqual(s.confusion, [[1, 0, 1], [0, 1, 0], [1, 0, 2]]);
  assert.throws(
    () => labelScores(truth, pred.slice(1), ["pos"]),
    /labelScores: argument 'predicted'/,
  );
  assert.equal(majorityClassAccuracy(["a", "a", "b"], ["a", "b", "b", "a"]), 0.5);
  assert.deepEqual(argmaxLabels([[0.1, 0.7, 0.2]], ["x", "y", "z"]), ["y"]);
});

Deno.test("stratified split: disjoint, complete, label shares kept, same seed same split", () => {
  const labels = [...Array(50).fill("a"), ...Array(30).fill("b"), ...Array(20).fill("c")];
  const s = stratifiedSplitIndices(labels, 0.2, 7);
  assert.equal(s.test.length, 20);
  assert.equal(new Set([...s.train, ...s.test]).size, 100);
  const count = (idx: number[], l: string) => idx.filter((i) => labels[i] === l).length;
  assert.deepEqual(["a", "b", "c"].map((l) => count(s.test, l)), [10, 6, 4]);
  assert.deepEqual(stratifiedSplitIndices(labels, 0.2, 7), s);
  assert.notDeepEqual(stratifiedSplitIndices(labels, 0.2, 8).test, s.test);
});

Deno.test("PhraseBank >= 75% agreement: 3453 sentences with the documented label counts", () => {
  const pb = phraseBankTexts(75);
  assert.equal(pb.texts.length, 3453);
  const n = (l: string) => pb.labels.filter((x) => x === l).length;
  assert.equal(n("neutral") + n("positive") + n("negative"), 3453);
  assert.equal(phraseBankTexts(50).texts.length, 4846);
  assert.throws(() => phraseBankTexts(80), /phraseBankTexts: argument 'minAgreement'/);
});
