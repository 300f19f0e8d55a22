/**
 * The training loop with a loss hook ({variables, loss}): batches it samples itself (data null),
 * full batches only, named parts logged per epoch, and the EMA of a target network as a step
 * callback — each against a closed form.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { constantTau, EmaCallback } from "../../../lib/train/ema.ts";
import { train, type TrainBatch } from "../../../lib/train/loop.ts";

await initBackend();

Deno.test("a loss hook without data: SGD on (w − 3)² gives w_t = 3 + (w0 − 3)(1 − 2·lr)^t", async () => {
  const w = tf.variable(tf.scalar(1));
  const target = tf.variable(tf.scalar(0), false);
  const ema = new EmaCallback([target], [w], constantTau(0.5));
  const seen: number[] = [];
  const before = tf.memory().numTensors;
  const h = await train(
    {
      variables: [w],
      loss: (batch: TrainBatch | null) => {
        assert.equal(batch, null);
        const d = tf.sub(w, 3);
        return { loss: tf.square(d) as tf.Scalar, parts: { absDiff: tf.abs(d) as tf.Scalar } };
      },
    },
    null,
    {
      epochs: 2,
      stepsPerEpoch: 3,
      optimizer: "sgd",
      lr: 0.1,
      guard: false,
      progress: false,
      callbacks: [ema, { onBatchBegin: (step: number) => void seen.push(step) }],
    },
  );
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5]);
  assert.equal(h.steps, 6);
  const wAt = (t: number) => 3 - 2 * 0.8 ** t;
  assert.ok(Math.abs((await w.data())[0] - wAt(6)) < 1e-5);
  // epoch 0 averages the losses before steps 0, 1, 2; its part |w − 3| likewise
  const loss0 = [0, 1, 2].reduce((s, t) => s + (wAt(t) - 3) ** 2, 0) / 3;
  const abs0 = [0, 1, 2].reduce((s, t) => s + Math.abs(wAt(t) - 3), 0) / 3;
  assert.ok(Math.abs(h.loss[0] - loss0) < 1e-5, `${h.loss[0]} vs ${loss0}`);
  assert.ok(Math.abs(h.history.absDiff[0] - abs0) < 1e-5, `${h.history.absDiff[0]} vs ${abs0}`);
  // EMA with τ = 0.5 after each step: e ← (e + w_{t+1}) / 2
  let e = 0;
  for (let t = 1; t <= 6; t++) e = (e + wAt(t)) / 2;
  assert.ok(Math.abs((await target.data())[0] - e) < 1e-5);
  assert.equal(ema.lastTau, 0.5);
  tf.dispose([w, target]);
});

Deno.test("a loss hook on {x}: full batches only (dropRemainder) and a clear error without data", async () => {
  const w = tf.variable(tf.scalar(0));
  const x = tf.tensor2d([[1], [2], [3], [4], [5], [6], [7], [8], [9], [10]]);
  const sizes: number[] = [];
  const model = {
    variables: [w],
    loss: (batch: TrainBatch | null) => {
      sizes.push(batch!.x.shape[0]);
      assert.equal(batch!.y, null);
      return tf.mean(tf.square(tf.sub(batch!.x, w))) as tf.Scalar;
    },
  };
  const h = await train(model, { x }, {
    epochs: 2,
    batchSize: 4,
    dropRemainder: true,
    progress: false,
  });
  assert.deepEqual(sizes, [4, 4, 4, 4]);
  assert.equal(h.steps, 4);
  await assert.rejects(
    train(model, null, { epochs: 1, progress: false }),
    /train: argument 'stepsPerEpoch' expected an integer > 0, received undefined/,
  );
  await assert.rejects(
    train({ params: {}, forward: (_p, t) => t }, { x } as never, { epochs: 1 }),
    /train: argument 'data' expected \{x: tf.Tensor, y: tf.Tensor\}/,
  );
  tf.dispose([w, x]);
});
