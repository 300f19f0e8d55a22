/**
 * The course BERT's pieces against closed forms and invariances: exact-erf GELU (values from
 * Φ, slope 1/2 at 0), the additive attention mask (a key masked with −10000 is the same as a
 * key removed), padding leaves real tokens' hidden states and the logits unchanged (and does
 * change them without the mask), bad inputs are named, and nothing leaks.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import { CourseInputError } from "../../../../lib/errors.ts";
import { Rng } from "../../../../lib/random.ts";
import {
  disposeParams,
  gelu,
  geluErf,
  ParamInit,
  type ParamMap,
} from "../../../../lib/nn/params.ts";
import { initAttention, multiHeadSelfAttention } from "../../../../lib/nn/attention.ts";
import { initBert } from "../../../../lib/nlp/bert/model.ts";
import { bertClassify, bertEncode } from "../../../../lib/nlp/bert/forward.ts";

await initBackend();

Deno.test("geluErf is x·Φ(x) (Φ from tables), slope 1/2 at 0, and differs from the tanh approximation", async () => {
  // x·Φ(x) with Φ(1) = 0.8413447461, Φ(2) = 0.9772498681, Φ(-1) = 0.1586552539
  const x = tf.tensor1d([0, 1, 2, -1, 3]);
  const y = geluErf(x);
  const want = [0, 0.8413447461, 2 * 0.9772498681, -0.1586552539, 3 * 0.9986501020];
  (await y.data()).forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 2e-6, `gelu(${i})`));
  const slope = tf.grad((t: tf.Tensor) => tf.sum(geluErf(t)))(tf.tensor1d([0]));
  assert.ok(Math.abs((await slope.data())[0] - 0.5) < 1e-6);
  const approx = gelu(tf.tensor1d([-3]));
  assert.ok(
    Math.abs((await approx.data())[0] - (-3 * (1 - 0.9986501020))) > 1e-5,
    "tanh form differs",
  );
  tf.dispose([x, y, slope, approx]);
});

Deno.test("masked attention: a key masked with −10000 gives the same output as that key removed", async () => {
  const params: ParamMap = {};
  initAttention(new ParamInit(params, new Rng(1)), "a", 8);
  const n0 = tf.memory().numTensors;
  const x = tf.randomNormal([1, 4, 8], 0, 1, "float32", 2) as tf.Tensor3D;
  const mask = tf.tensor4d([0, 0, 0, -10000], [1, 1, 1, 4]);
  const full = tf.tidy(() =>
    tf.slice(multiHeadSelfAttention(params, "a", x, 2, { mask }).output, [0, 0, 0], [1, 3, 8])
  );
  const cut = tf.tidy(() =>
    multiHeadSelfAttention(params, "a", tf.slice(x, [0, 0, 0], [1, 3, 8]) as tf.Tensor3D, 2).output
  );
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(full, cut))));
  assert.ok((await d.data())[0] < 1e-5);
  tf.dispose([x, mask, full, cut, d]);
  assert.equal(tf.memory().numTensors, n0);
  disposeParams(params);
});

Deno.test("bertEncode: padding leaves real tokens unchanged; so are the logits; bad input named; no leaks", async () => {
  const model = initBert(
    { vocabSize: 50, hidden: 16, layers: 2, heads: 4, ffn: 32, maxPos: 12, numLabels: 3 },
    new Rng(3),
  );
  const n0 = tf.memory().numTensors;
  const short = tf.tensor2d([[2, 11, 12, 13, 3]], [1, 5], "int32");
  const padded = tf.tensor2d([[2, 11, 12, 13, 3, 0, 0, 0]], [1, 8], "int32");
  const m5 = tf.ones([1, 5]) as tf.Tensor2D;
  const m8 = tf.tensor2d([[1, 1, 1, 1, 1, 0, 0, 0]]);
  const a = bertEncode(model, short, m5);
  const b = bertEncode(model, padded, m8);
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, tf.slice(b, [0, 0, 0], [1, 5, 16])))));
  assert.ok((await d.data())[0] < 1e-5, "padding changes nothing on real tokens");
  const la = bertClassify(model, a), lb = bertClassify(model, b);
  const dl = tf.tidy(() => tf.max(tf.abs(tf.sub(la, lb))));
  assert.ok((await dl.data())[0] < 1e-5, "logits unchanged by padding");
  const ones8 = tf.ones([1, 8]) as tf.Tensor2D;
  const unmasked = bertEncode(model, padded, ones8);
  const du = tf.tidy(() => tf.max(tf.abs(tf.sub(a, tf.slice(unmasked, [0, 0, 0], [1, 5, 16])))));
  assert.ok((await du.data())[0] > 1e-3, "without the mask, padding does change them");
  tf.dispose([short, padded, m5, m8, ones8, a, b, d, la, lb, dl, unmasked, du]);
  assert.equal(tf.memory().numTensors, n0, "no tensors leaked");
  const floatIds = tf.tensor2d([[2, 3]]);
  assert.throws(
    () => bertEncode(model, floatIds as tf.Tensor2D, tf.ones([1, 2]) as tf.Tensor2D),
    (e: Error) => e instanceof CourseInputError && e.message.includes("'ids'"),
  );
  const long = tf.zeros([1, 13], "int32");
  assert.throws(
    () => bertEncode(model, long as tf.Tensor2D, tf.ones([1, 13]) as tf.Tensor2D),
    (e: Error) => e instanceof CourseInputError && e.message.includes("config.maxPos"),
  );
  assert.throws(
    () => initBert({ ...model.config, heads: 5 }, new Rng(1)),
    (e: Error) => e instanceof CourseInputError && e.message.includes("config.heads"),
  );
  tf.dispose([floatIds, long]);
  disposeParams(model.params);
});
