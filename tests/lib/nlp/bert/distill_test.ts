/**
 * Distillation pre-training: mean pooling equals the hand computation (padding ignored); the
 * hook's distillation part equals 1 − cos computed by hand and its contrastive part the
 * cross-entropy of the in-batch similarity matrix; and on a synthetic toy task (the "teacher"
 * is a known function of the tokens) a few seconds of training raise the student's cosine to
 * the teacher far above an untrained model's, without leaking tensors; bad input is named.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import { CourseInputError } from "../../../../lib/errors.ts";
import { Rng } from "../../../../lib/random.ts";
import { dense, disposeParams } from "../../../../lib/nn/params.ts";
import { train } from "../../../../lib/train/loop.ts";
import { initBert } from "../../../../lib/nlp/bert/model.ts";
import { bertEncode } from "../../../../lib/nlp/bert/forward.ts";
import { padBatch } from "../../../../lib/nlp/bert/finetune.ts";
import {
  bertMeanPool,
  distillCosine,
  type DistillData,
  distillLossModel,
  initDistillHead,
} from "../../../../lib/nlp/bert/distill.ts";

await initBackend();

const SP = { pad: 0, unk: 1, cls: 2, sep: 3, mask: 4 };
const CONFIG = {
  vocabSize: 40,
  hidden: 16,
  layers: 1,
  heads: 2,
  ffn: 32,
  maxPos: 16,
  numLabels: 0,
};

/**
 * Synthetic toy sentences: [CLS] words [SEP] over tokens 5..39; the teacher's 2-d unit vector
 * points at the angle π·(share of "up" tokens 5..9 among the up+down tokens 5..14).
 */
function toyData(rng: Rng, n: number): DistillData {
  const rows: number[][] = [];
  const teacher = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const len = 4 + rng.int(9);
    const row = [SP.cls];
    let up = 0, down = 0;
    for (let t = 0; t < len; t++) {
      const id = 5 + rng.int(35);
      if (id < 10) up++;
      else if (id < 15) down++;
      row.push(id);
    }
    row.push(SP.sep);
    rows.push(row);
    const a = Math.PI * (up + 0.5) / (up + down + 1);
    teacher.set([Math.cos(a), Math.sin(a)], i * 2);
  }
  return { rows, teacher, dim: 2 };
}

Deno.test("bertMeanPool averages the hidden states of real tokens only", async () => {
  const h = tf.tensor3d([[[1, 2], [3, 4], [100, 100]], [[5, 6], [7, 8], [9, 10]]]);
  const mask = tf.tensor2d([[1, 1, 0], [1, 1, 1]]);
  const n0 = tf.memory().numTensors;
  const p = bertMeanPool(h, mask);
  assert.deepEqual(Array.from(await p.data()), [2, 3, 7, 8]);
  p.dispose();
  assert.equal(tf.memory().numTensors, n0);
  assert.throws(
    () => bertMeanPool(h, tf.tensor2d([[1, 1]])),
    (e: Error) => e instanceof CourseInputError && e.message.includes("mask"),
  );
  tf.dispose([h, mask]);
});

Deno.test("distillLossModel: the distillation part is 1 − cos by hand, the contrastive part the in-batch cross-entropy", async () => {
  const model = initBert(CONFIG, new Rng(1));
  const head = initDistillHead(model, 2, new Rng(2));
  const data = toyData(new Rng(3), 12);
  const hook = distillLossModel(model, head, data, {
    batchSize: 4,
    mlmWeight: 0,
    contrastiveWeight: 0.5,
    temperature: 0.1,
    specials: SP,
  });
  const n0 = tf.memory().numTensors;
  // the hook draws its rows with the rng it is given: draw the same ones here
  const rng = new Rng(9);
  const pick = Array.from({ length: 4 }, () => rng.int(12));
  const r = hook.loss(null, { training: true, rng: new Rng(9) }) as {
    loss: tf.Scalar;
    parts: Record<string, tf.Scalar>;
  };
  const { ids, mask } = padBatch(pick.map((i) => data.rows[i]), SP.pad);
  const z = tf.tidy(() => dense(head, "distill", bertMeanPool(bertEncode(model, ids, mask), mask)));
  const zs = Array.from(await z.data());
  const unit = (i: number) => {
    const [a, b] = [zs[2 * i], zs[2 * i + 1]];
    const n = Math.hypot(a, b);
    return [a / n, b / n];
  };
  const t = (i: number) => [data.teacher[2 * pick[i]], data.teacher[2 * pick[i] + 1]];
  const dot = (u: number[], v: number[]) => u[0] * v[0] + u[1] * v[1];
  const distill = [0, 1, 2, 3].reduce((s, i) => s + 1 - dot(unit(i), t(i)), 0) / 4;
  const contrastive = [0, 1, 2, 3].reduce((s, i) => {
    const logits = [0, 1, 2, 3].map((j) => dot(unit(i), t(j)) / 0.1);
    const m = Math.max(...logits);
    const lse = m + Math.log(logits.reduce((a, l) => a + Math.exp(l - m), 0));
    return s + lse - logits[i];
  }, 0) / 4;
  const got = {
    distill: (await r.parts.distill.data())[0],
    contrastive: (await r.parts.contrastive.data())[0],
    loss: (await r.loss.data())[0],
  };
  assert.ok(Math.abs(got.distill - distill) < 1e-5, `${got.distill} vs ${distill}`);
  assert.ok(Math.abs(got.contrastive - contrastive) < 1e-4, `${got.contrastive} vs ${contrastive}`);
  assert.ok(Math.abs(got.loss - (distill + 0.5 * contrastive)) < 1e-4);
  assert.equal(r.parts.mlm, undefined, "no MLM part when mlmWeight is 0");
  tf.dispose([r.loss, ...Object.values(r.parts), ids, mask, z]);
  assert.equal(tf.memory().numTensors, n0, "no tensors leaked");
  disposeParams(model.params);
  disposeParams(head);
});

Deno.test("distillation with MLM on a synthetic toy task: the student's cosine to the teacher rises far above an untrained model's", async () => {
  const model = initBert(CONFIG, new Rng(4));
  const head = initDistillHead(model, 2, new Rng(5));
  const data = toyData(new Rng(6), 400);
  const heldOut = toyData(new Rng(7), 200);
  const before = await distillCosine(model, head, heldOut, { padId: SP.pad });
  const n0 = tf.memory().numTensors;
  const hist = await train(
    distillLossModel(model, head, data, { batchSize: 32, specials: SP, mlmWeight: 0.2 }),
    null,
    { epochs: 6, stepsPerEpoch: 25, optimizer: "adam", lr: 3e-3, seed: 8, progress: false },
  );
  assert.equal(tf.memory().numTensors, n0, "no tensors leaked by training");
  const after = await distillCosine(model, head, heldOut, { padId: SP.pad });
  assert.ok(after > 0.9 && after > before + 0.3, `held-out cosine ${before} -> ${after}`);
  assert.ok(hist.steps === 150);
  assert.throws(
    () => distillLossModel(model, head, { ...data, teacher: new Float32Array(3) }),
    (e: Error) => e instanceof CourseInputError && e.message.includes("data.teacher"),
  );
  assert.throws(
    () => distillLossModel(model, initDistillHead(model, 3, new Rng(1)), data),
    (e: Error) => e instanceof CourseInputError && e.message.includes("head"),
  );
  assert.throws(
    () => distillLossModel(model, head, data, { mlmWeight: 0, distillWeight: 0 }),
    (e: Error) => e instanceof CourseInputError && e.message.includes("opts"),
  );
  const nan = new Float32Array(data.teacher);
  nan[5] = NaN;
  await assert.rejects(
    () => distillCosine(model, head, { ...data, teacher: nan }),
    (e: Error) => e instanceof CourseInputError && e.message.includes("data.teacher"),
  );
  disposeParams(model.params);
  disposeParams(head);
});
