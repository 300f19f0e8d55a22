/**
 * BERT's masked-language-model pieces: the 80/10/10 masking rule in proportion (binomial
 * tolerances), specials never masked; the MLM loss and its gradients equal the cross-entropy
 * of the full-vocabulary logits; and MLM training on a synthetic toy language learns its rule (masked-token
 * accuracy far above the frequency baseline) in a few seconds, without leaking tensors.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import { CourseInputError } from "../../../../lib/errors.ts";
import { Rng } from "../../../../lib/random.ts";
import { disposeParams, param } from "../../../../lib/nn/params.ts";
import { train } from "../../../../lib/train/loop.ts";
import { BERT_UNCASED_SPECIALS as SP } from "../../../../lib/nlp/bert/config.ts";
import { initBert } from "../../../../lib/nlp/bert/model.ts";
import { maskTokens } from "../../../../lib/nlp/bert/masking.ts";
import { bertEncode, bertMlmLogits } from "../../../../lib/nlp/bert/forward.ts";
import {
  bertMlmLoss,
  disposeMlmBatch,
  mlmAccuracy,
  mlmBatch,
  mlmLossModel,
} from "../../../../lib/nlp/bert/mlm.ts";

await initBackend();

const SPECIAL = new Set(Object.values(SP));

/** Rows like BERT inputs: [CLS] words [SEP] [PAD]..., of varying length, over the full vocab. */
function bertLikeRows(rng: Rng, rows: number, len: number): number[][] {
  return Array.from({ length: rows }, () => {
    const words = 10 + rng.int(len - 12);
    const row = [SP.cls];
    for (let i = 0; i < words; i++) row.push(1000 + rng.int(29000));
    row.push(SP.sep);
    while (row.length < len) row.push(SP.pad);
    return row;
  });
}

Deno.test("maskTokens: 15% chosen, then 80% [MASK] / 10% random / 10% kept, within 4 binomial sd; specials never", () => {
  const ids = bertLikeRows(new Rng(1), 400, 64);
  const { inputIds, labels } = maskTokens(ids, { rate: 0.15, rng: new Rng(2) });
  let eligible = 0, chosen = 0, masked = 0, random = 0, kept = 0;
  ids.forEach((row, r) =>
    row.forEach((id, t) => {
      const inp = inputIds[r][t], lab = labels[r][t];
      if (SPECIAL.has(id)) {
        assert.equal(lab, -1, "a special token is never chosen");
        assert.equal(inp, id, "a special token is never changed");
        return;
      }
      eligible++;
      if (lab === -1) return assert.equal(inp, id, "an unchosen token is unchanged");
      assert.equal(lab, id, "the label is the original token");
      chosen++;
      if (inp === SP.mask) masked++;
      else if (inp === id) kept++;
      else {
        random++;
        assert.ok(!SPECIAL.has(inp), "a random replacement is never a special token");
      }
    })
  );
  const within = (k: number, n: number, p: number, what: string) => {
    const sd = Math.sqrt(p * (1 - p) / n);
    assert.ok(Math.abs(k / n - p) < 4 * sd, `${what}: ${k}/${n} vs ${p} (sd ${sd.toFixed(4)})`);
  };
  assert.ok(eligible > 10000);
  within(chosen, eligible, 0.15, "chosen");
  within(masked, chosen, 0.8, "[MASK]");
  within(random, chosen, 0.1, "random"); // a draw equal to the original (p ≈ 3e-5) counts as kept
  within(kept, chosen, 0.1, "kept");
  // seeded: the same rng seed gives the same masking
  assert.deepEqual(maskTokens(ids, { rng: new Rng(2) }).inputIds, inputIds);
  assert.throws(
    () => maskTokens([[SP.cls, 40000]], { rng: new Rng(1) }),
    (e: Error) => e instanceof CourseInputError && e.message.includes("ids[0][1]"),
  );
  assert.throws(
    () => maskTokens(ids, { rng: new Rng(1), rate: 1.5 }),
    (e: Error) => e instanceof CourseInputError && e.message.includes("opts.rate"),
  );
});

Deno.test("bertMlmLoss and its gradients equal the full-vocabulary softmax cross-entropy at the chosen positions", async () => {
  const model = initBert(
    { vocabSize: 300, hidden: 16, layers: 1, heads: 2, ffn: 32, maxPos: 16, numLabels: 0 },
    new Rng(3),
  );
  const specials = { pad: 0, unk: 1, cls: 2, sep: 3, mask: 4 };
  const rows = Array.from(
    { length: 6 },
    (_, r) => [2, ...Array(10).fill(0).map((_, i) => 5 + (r * 37 + i * 11) % 295), 3, 0, 0],
  );
  const n0 = tf.memory().numTensors;
  const masked = maskTokens(rows, { rng: new Rng(4), rate: 0.4, vocabSize: 300, specials });
  const maskedLabels = masked.labels;
  const b = mlmBatch(masked, 0);
  assert.ok(b.positions.size > 3);
  const loss = bertMlmLoss(model, b);
  const want = tf.tidy(() => {
    const h = tf.reshape(bertEncode(model, b.ids, b.mask), [-1, 16]);
    const logits = bertMlmLogits(model, tf.gather(h, b.positions) as tf.Tensor2D);
    return tf.losses.softmaxCrossEntropy(tf.oneHot(b.labels, 300), logits);
  });
  const [got, exp] = [(await loss.data())[0], (await want.data())[0]];
  assert.ok(Math.abs(got - exp) < 1e-5, `${got} vs ${exp}`);
  // the encoder's output passed in (one pass shared with another loss) gives the same loss
  const shared = tf.tidy(() => bertMlmLoss(model, b, bertEncode(model, b.ids, b.mask)));
  assert.ok(Math.abs((await shared.data())[0] - got) < 1e-6);
  shared.dispose();
  const wrong = tf.zeros([1, 2, 16]) as tf.Tensor3D;
  assert.throws(
    () => bertMlmLoss(model, b, wrong),
    (e: Error) => e instanceof CourseInputError && e.message.includes("hidden"),
  );
  wrong.dispose();
  assert.ok(exp > 5 && exp < 6.5, "an untrained model is near log(300) = 5.70");
  // gradients too: the same loss written over every position (weights 0/1, one-hot targets,
  // no gathers) has the same gradient for every variable (tied embedding and bias included)
  const flatLabels = maskedLabels.flat();
  const weights = tf.tensor1d(flatLabels.map((l) => (l >= 0 ? 1 : 0)));
  const targets = tf.tidy(() =>
    tf.oneHot(tf.tensor1d(flatLabels.map((l) => Math.max(l, 0)), "int32"), 300)
  );
  const vars = Object.values(model.params);
  const ours = tf.variableGrads(() => bertMlmLoss(model, b), vars);
  const ref = tf.variableGrads(() => {
    const h = tf.reshape(bertEncode(model, b.ids, b.mask), [-1, 16]) as tf.Tensor2D;
    const ce = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(bertMlmLogits(model, h))), -1));
    return tf.div(tf.sum(tf.mul(ce, weights)), tf.sum(weights)) as tf.Scalar;
  }, vars);
  let worst = 0;
  for (const v of vars) {
    const d = tf.tidy(() => tf.max(tf.abs(tf.sub(ours.grads[v.name], ref.grads[v.name]))));
    worst = Math.max(worst, (await d.data())[0]);
    d.dispose();
  }
  assert.ok(worst < 1e-5, `largest gradient difference ${worst}`);
  const wordGrad = tf.tidy(() => tf.max(tf.abs(ours.grads[param(model.params, "emb/word").name])));
  assert.ok((await wordGrad.data())[0] > 1e-4, "the tied word embedding gets a gradient");
  tf.dispose([weights, targets, ours.value, ref.value, wordGrad]);
  tf.dispose(Object.values(ours.grads));
  tf.dispose(Object.values(ref.grads));
  // a batch with nothing chosen: loss 0 and a zero gradient, not an error
  const none = mlmBatch(
    maskTokens(rows, { rng: new Rng(4), rate: 0, vocabSize: 300, specials }),
    0,
  );
  const zero = tf.variableGrads(() => bertMlmLoss(model, none), vars);
  assert.equal((await zero.value.data())[0], 0);
  const gsum = tf.tidy(() => tf.addN(Object.values(zero.grads).map((g) => tf.sum(tf.abs(g)))));
  assert.equal((await gsum.data())[0], 0);
  tf.dispose([zero.value, gsum, ...Object.values(zero.grads)]);
  disposeMlmBatch(none);
  tf.dispose([loss, want]);
  disposeMlmBatch(b);
  assert.equal(tf.memory().numTensors, n0, "no tensors leaked");
  disposeParams(model.params);
});

/**
 * SYNTHETIC toy language: 8 "subject" tokens and 8 "object" tokens; a sentence is four pairs
 * (s, π(s)) with a fixed permutation π, so a masked token is predictable from its partner.
 * Training masks 30% (more supervised positions per step than BERT's 15%, to learn in 200
 * steps); evaluation masks BERT's 15%.
 */
function toyLanguage(rng: Rng, rows: number): number[][] {
  const pi = [3, 6, 0, 7, 1, 4, 2, 5];
  return Array.from({ length: rows }, () => {
    const row = [2];
    for (let k = 0; k < 4; k++) {
      const s = rng.int(8);
      row.push(5 + s, 13 + pi[s]);
    }
    row.push(3);
    return row;
  });
}

Deno.test("MLM training on a synthetic toy language beats the frequency baseline by far (a few seconds)", async () => {
  const specials = { pad: 0, unk: 1, cls: 2, sep: 3, mask: 4 };
  const vocabSize = 21;
  const trainRows = toyLanguage(new Rng(10), 2000);
  const testRows = toyLanguage(new Rng(11), 500);
  const model = initBert(
    { vocabSize, hidden: 32, layers: 2, heads: 4, ffn: 64, maxPos: 16, numLabels: 0 },
    new Rng(12),
  );
  const n0 = tf.memory().numTensors;
  const evalOpts = { rng: new Rng(13), vocabSize, specials, rate: 0.15 };
  const before = await mlmAccuracy(model, testRows, evalOpts);
  const t0 = performance.now();
  const hist = await train(
    mlmLossModel(model, trainRows, { batchSize: 32, vocabSize, specials, rate: 0.3 }),
    null,
    {
      epochs: 1,
      stepsPerEpoch: 200,
      lr: 3e-3,
      optimizer: "adam",
      seed: 14,
      progress: false,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const after = await mlmAccuracy(model, testRows, { ...evalOpts, rng: new Rng(13) });
  // frequency baseline: always predict the most frequent token of the training text
  const counts = new Map<number, number>();
  for (const row of trainRows) {
    for (const t of row.slice(1, -1)) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const baseline = Math.max(...counts.values()) / total;
  console.log(
    `toy MLM: accuracy ${before.accuracy.toFixed(3)} -> ${after.accuracy.toFixed(3)} ` +
      `(n=${after.count}), frequency baseline ${baseline.toFixed(3)}, loss ${
        hist.loss[0].toFixed(3)
      }, ${seconds.toFixed(1)} s`,
  );
  assert.ok(after.accuracy > baseline + 0.4, `accuracy ${after.accuracy} vs baseline ${baseline}`);
  assert.ok(before.accuracy < baseline + 0.1, "the untrained model is no better than the baseline");
  assert.equal(tf.memory().numTensors, n0, "training and evaluation leak no tensors");
  disposeParams(model.params);
});
