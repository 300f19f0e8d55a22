/** The softmax head: hand-computed probabilities, fits separable data, JSON round trip,
 * no leaked tensors. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { rng } from "../../../lib/random.ts";
import {
  headProbabilities,
  sentimentHeadFromJson,
  sentimentHeadToJson,
  trainSentimentHead,
} from "../../../lib/nlp/sentiment_head.ts";

await initBackend();

Deno.test("headProbabilities = softmax(xW + b) by hand", () => {
  const head = {
    labels: ["a", "b"],
    dim: 2,
    w: new Float32Array([1, 0, 0, 2]),
    b: new Float32Array([0, 1]),
  };
  const [p] = headProbabilities(head, [new Float32Array([1, 1])]); // z = [1, 3]
  assert.ok(Math.abs(p[1] - 1 / (1 + Math.exp(-2))) < 1e-6);
  assert.throws(() => headProbabilities(head, [new Float32Array(3)]), /argument 'vectors\[0\]'/);
});

Deno.test("trainSentimentHead separates three Gaussian clusters; JSON round trip is exact", async () => {
  const r = rng(3);
  const centres = [[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0]];
  const x: Float32Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < 90; i++) {
    const c = i % 3;
    x.push(Float32Array.from(centres[c].map((m) => m + r.normal(0, 0.5))));
    y.push(c);
  }
  const before = tf.memory().numTensors;
  const head = await trainSentimentHead(x, y, ["p", "n", "u"], {
    epochs: 200,
    learningRate: 0.1,
    seed: 1,
  });
  assert.equal(tf.memory().numTensors, before);
  const acc =
    headProbabilities(head, x).filter((p, i) => p.indexOf(Math.max(...p)) === y[i]).length / 90;
  assert.ok(acc >= 0.98, `accuracy ${acc}`);
  const { head: back, meta } = sentimentHeadFromJson(sentimentHeadToJson(head, { seed: 1 }));
  assert.deepEqual(back.w, head.w);
  assert.deepEqual(back.b, head.b);
  assert.equal(meta.seed, 1);
  await assert.rejects(() => trainSentimentHead(x, y.slice(1), ["p", "n", "u"]), /argument 'y'/);
  const withNaN = x.map((v, i) => (i === 4 ? Float32Array.from([v[0], NaN, ...v.slice(2)]) : v));
  const beforeBad = tf.memory().numTensors;
  await assert.rejects(
    () => trainSentimentHead(withNaN, y, ["p", "n", "u"]),
    /trainSentimentHead: argument 'x\[4\]' expected finite numbers, received NaN at index 1/,
  );
  assert.equal(tf.memory().numTensors, beforeBad);
});
