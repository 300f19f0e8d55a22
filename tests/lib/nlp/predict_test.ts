import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { courseEmbedding } from "../../../lib/models/embedding.ts";
import { predictSentiment } from "../../../lib/nlp/predict.ts";
import { buildVocabulary } from "../../../lib/nlp/vocab.ts";

await initBackend();

const LABELS = ["positive", "negative", "neutral"];
const MAXLEN = 4;

/** Mean of the ids' embedding rows -> identity dense -> softmax: probabilities in closed form. */
function toyModel(vocabSize: number, rows: Record<number, number[]>): tf.Sequential {
  const model = tf.sequential({
    layers: [
      courseEmbedding({ inputDim: vocabSize, outputDim: 3, inputLength: MAXLEN }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: 3, activation: "softmax" }),
    ],
  });
  const table = new Float32Array(vocabSize * 3);
  for (const [id, v] of Object.entries(rows)) table.set(v, Number(id) * 3);
  const weights = [tf.tensor2d(table, [vocabSize, 3]), tf.eye(3), tf.zeros([3])];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

function softmax(z: number[]): number[] {
  const e = z.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

Deno.test("predictSentiment: closed-form probabilities, unknown, empty and long inputs", async () => {
  const vocab = buildVocabulary(["profit rose", "loss widened"]);
  const model = toyModel(vocab.size, {
    [vocab.idOf("profit")]: [4, 0, 0],
    [vocab.idOf("loss")]: [0, 4, 0],
    [vocab.idOf("widened")]: [0, 0, 2],
  });
  const before = tf.memory().numTensors;
  const out = await predictSentiment(
    model,
    vocab,
    ["Profit rose", "Loss widened sharply", "", "profit profit profit loss loss"],
    { labels: LABELS, maxLen: MAXLEN },
  );
  assert.equal(tf.memory().numTensors, before);
  // "profit rose": ids [PAD, START, profit, rose] -> mean [1, 0, 0]
  const p0 = softmax([1, 0, 0]);
  assert.equal(out[0].label, "positive");
  LABELS.forEach((l, k) => assert.ok(Math.abs(out[0].probabilities[l] - p0[k]) < 1e-5));
  assert.deepEqual(out[0].seen, ["profit", "rose"]);
  assert.equal(out[0].empty, false);
  // "loss widened sharply": [START, loss, widened, UNK] -> mean [0, 1, 0.5]
  const p1 = softmax([0, 1, 0.5]);
  assert.equal(out[1].label, "negative");
  assert.ok(Math.abs(out[1].probabilities.neutral - p1[2]) < 1e-5);
  assert.deepEqual(out[1].seen, ["loss", "widened", "<UNK:sharply>"]);
  assert.deepEqual(out[1].unknown, ["sharply"]);
  // empty: only <START> -> uniform probabilities, flagged
  assert.equal(out[2].empty, true);
  assert.ok(Math.abs(out[2].probabilities.positive - 1 / 3) < 1e-6);
  // long: truncated "pre" keeps the last 4 ids (profit profit loss loss) -> mean [2, 2, 0]
  assert.equal(out[3].truncated, true);
  assert.deepEqual(out[3].seen, ["profit", "profit", "loss", "loss"]);
  assert.ok(Math.abs(out[3].probabilities.positive - softmax([2, 2, 0])[0]) < 1e-5);
  // truncating "post" keeps the beginning: START profit profit profit -> mean [3, 0, 0]
  const post = await predictSentiment(model, vocab, ["profit profit profit loss loss"], {
    labels: LABELS,
    maxLen: MAXLEN,
    truncating: "post",
  });
  assert.deepEqual(post[0].seen, ["profit", "profit", "profit"]);
  assert.ok(Math.abs(post[0].probabilities.positive - softmax([3, 0, 0])[0]) < 1e-5);
  model.dispose();
});

Deno.test("predictSentiment: batching does not change results; bad input is rejected", async () => {
  const vocab = buildVocabulary(["up down flat"]);
  const model = toyModel(vocab.size, {
    [vocab.idOf("up")]: [2, 0, 0],
    [vocab.idOf("down")]: [0, 2, 0],
  });
  const texts = Array.from({ length: 7 }, (_, i) => ["up", "down", "flat up", "x"][i % 4]);
  const a = await predictSentiment(model, vocab, texts, {
    labels: LABELS,
    maxLen: 4,
    batchSize: 2,
  });
  const b = await predictSentiment(model, vocab, texts, { labels: LABELS, maxLen: 4 });
  assert.equal(a.length, 7);
  assert.deepEqual(a, b);
  assert.deepEqual(await predictSentiment(model, vocab, [], { labels: LABELS, maxLen: 4 }), []);
  await assert.rejects(
    () => predictSentiment(model, vocab, texts, { labels: ["a", "b"], maxLen: 4 }),
    /predictSentiment: argument 'options.labels' expected 3 names \(the model's output width\), received 2 names/,
  );
  await assert.rejects(
    () => predictSentiment(model, vocab, [42 as unknown as string], { labels: LABELS, maxLen: 4 }),
    /argument 'sentences\[0\]' expected a string/,
  );
  await assert.rejects(
    () => predictSentiment(model, vocab, texts, { labels: LABELS, maxLen: 3 }),
    /argument 'options.maxLen' expected 4 \(the model's input length\), received 3/,
  );
  model.dispose();
});
