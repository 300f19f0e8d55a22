/**
 * The committed course sentiment model for real: it reproduces its recorded PhraseBank test
 * accuracy (>= 0.78, the floor this course states) and beats the majority class by 0.15;
 * it is labelled as the course model, never FinBERT.
 */
import assert from "node:assert/strict";
import { initBackend } from "../../../lib/backend.ts";
import { loadCourseSentiment, PB_SPLIT } from "../../../lib/nlp/course_sentiment.ts";
import { phraseBankTexts, stratifiedSplitIndices } from "../../../lib/nlp/phrasebank.ts";
import { argmaxLabels, labelScores } from "../../../lib/nlp/eval.ts";
import { majorityClassAccuracy } from "../../../lib/eval/baselines.ts";

await initBackend();

Deno.test("course model: PhraseBank test accuracy >= 0.78 and > majority + 0.15", async () => {
  const model = await loadCourseSentiment();
  assert.equal(model.id, "course-use-lite-head");
  assert.doesNotMatch(model.id, /finbert/i);
  const pb = phraseBankTexts(PB_SPLIT.minAgreement);
  const split = stratifiedSplitIndices(pb.labels, PB_SPLIT.testFraction, PB_SPLIT.seed);
  assert.equal(split.test.length, (model.meta.split as { nTest: number }).nTest);
  const texts = split.test.map((i) => pb.texts[i]);
  const truth = split.test.map((i) => pb.labels[i]);
  const probs = await model.classify(texts, 64);
  const s = labelScores(truth, argmaxLabels(probs, model.labels), [...model.labels]);
  const majority = majorityClassAccuracy(split.train.map((i) => pb.labels[i]), truth);
  const recorded = (model.meta.accuracy as { test: number }).test;
  assert.ok(s.accuracy >= 0.78, `accuracy ${s.accuracy}`);
  assert.ok(s.accuracy > majority + 0.15, `accuracy ${s.accuracy} vs majority ${majority}`);
  assert.ok(Math.abs(s.accuracy - recorded) < 0.005, `recorded ${recorded}, now ${s.accuracy}`);
});
