/**
 * Fine-tuning helpers: padBatch pads to the longest row with a 0/1 mask; a row's logits do not
 * depend on the padding of its batch; the classifier loss hook learns a toy task (label = does
 * token 5 occur) far above chance without leaking tensors and without touching the MLM head;
 * bad labels are named.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../../lib/backend.ts";
import { CourseInputError } from "../../../../lib/errors.ts";
import { Rng } from "../../../../lib/random.ts";
import { disposeParams, param } from "../../../../lib/nn/params.ts";
import { train } from "../../../../lib/train/loop.ts";
import { initBert } from "../../../../lib/nlp/bert/model.ts";
import { bertLogits, classifierLossModel, padBatch } from "../../../../lib/nlp/bert/finetune.ts";

await initBackend();
const cfg = { vocabSize: 12, hidden: 16, layers: 1, heads: 2, ffn: 32, maxPos: 12, numLabels: 2 };

Deno.test("padBatch pads to the longest row and masks the padding", async () => {
  const { ids, mask } = padBatch([[2, 7, 3], [2, 3]], 0);
  assert.deepEqual(ids.shape, [2, 3]);
  assert.deepEqual(Array.from(await ids.data()), [2, 7, 3, 2, 3, 0]);
  assert.deepEqual(Array.from(await mask.data()), [1, 1, 1, 1, 1, 0]);
  tf.dispose([ids, mask]);
});

Deno.test("bertLogits: a row scores the same alone and padded in a batch", async () => {
  const model = initBert(cfg, new Rng(3));
  const rows = [[2, 6, 3], [2, 6, 7, 8, 9, 10, 11, 3]];
  const alone = await bertLogits(model, [rows[0]], { padId: 0 });
  const batch = await bertLogits(model, rows, { padId: 0 });
  for (let j = 0; j < 2; j++) assert.ok(Math.abs(alone[0][j] - batch[0][j]) < 1e-5);
  assert.ok(Math.abs(batch[0][0] - batch[1][0]) > 1e-6, "different rows, different logits");
  disposeParams(model.params);
});

Deno.test("classifierLossModel learns a toy task (token 5 present or not) above chance", async () => {
  const rng = new Rng(11);
  const make = (n: number) => {
    const rows: number[][] = [], labels: number[] = [];
    for (let i = 0; i < n; i++) {
      const len = 3 + rng.int(6);
      const body = Array.from({ length: len }, () => 6 + rng.int(6));
      const y = rng.int(2);
      if (y === 1) body[rng.int(len)] = 5;
      rows.push([2, ...body, 3]);
      labels.push(y);
    }
    return { rows, labels };
  };
  const tr = make(400), te = make(200);
  const model = initBert(cfg, new Rng(12));
  const mlmBias = Array.from(await param(model.params, "mlm/bias").data());
  const n0 = tf.memory().numTensors;
  await train(classifierLossModel(model, tr.rows, tr.labels, { batchSize: 32, padId: 0 }), null, {
    epochs: 1,
    stepsPerEpoch: 150,
    lr: 3e-3,
    seed: 13,
    progress: false,
  });
  const logits = await bertLogits(model, te.rows, { padId: 0 });
  const acc = logits.filter((r, i) => (r[1] > r[0] ? 1 : 0) === te.labels[i]).length / 200;
  assert.ok(acc > 0.9, `toy accuracy ${acc}`);
  assert.equal(tf.memory().numTensors, n0, "training and scoring leak no tensors");
  assert.deepEqual(Array.from(await param(model.params, "mlm/bias").data()), mlmBias);
  assert.throws(
    () => classifierLossModel(model, tr.rows, tr.labels.map(() => 2), { padId: 0 }),
    (e: Error) => e instanceof CourseInputError && e.message.includes("labels"),
  );
  disposeParams(model.params);
});
