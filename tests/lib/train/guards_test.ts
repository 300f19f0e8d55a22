/** Tests of lib/train/guards.ts and the guard inside the training loop. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { disposeMlpParams, mlpForward, mlpParams, mlpVariables } from "../../../lib/models/mlp.ts";
import { clipByGlobalNorm, globalNorm } from "../../../lib/train/guards.ts";
import { train } from "../../../lib/train/loop.ts";

await initBackend();

const near = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
  }
};

Deno.test("globalNorm is sqrt of the sum of all squares; clipping hits the exact norm", () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const g = [tf.tensor1d([3, 4]), tf.tensor2d([[12]])];
    near([globalNorm(g).dataSync()[0]], [13], 1e-6);
    const clipped = clipByGlobalNorm(g, 6.5);
    near(clipped[0].dataSync(), [1.5, 2], 1e-6);
    near(clipped[1].dataSync(), [6], 1e-6);
    near([globalNorm(clipped).dataSync()[0]], [6.5], 1e-6);
    const untouched = clipByGlobalNorm(g, 20);
    near(untouched[0].dataSync(), [3, 4], 0);
  });
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => clipByGlobalNorm([], 1), /globalNorm: argument 'grads'/);
  const one = tf.scalar(1);
  assert.throws(() => clipByGlobalNorm([one], 0), /clipByGlobalNorm: argument 'maxNorm'/);
  one.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("an Inf target stops training with a report and leaves the last good weights", async () => {
  const n = 40;
  const x = tf.tidy(() => tf.linspace(-1, 1, n * 3).reshape([n, 3]));
  const yv = Array.from({ length: n }, (_, i) => (i === 20 ? Infinity : i % 2));
  const y = tf.tensor2d(yv, [n, 1]);
  const params = mlpParams({ inputDim: 3, hidden: [4], output: { units: 1 }, seed: 5 });
  const vars = mlpVariables(params);
  const initial = vars.map((v) => Array.from(v.dataSync()));
  const before = tf.memory().numTensors;
  let snapshot: number[][] = [];
  const losses: number[] = [];
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (m: string) => warnings.push(m);
  const h = await train({ params, forward: mlpForward }, { x, y }, {
    epochs: 3,
    batchSize: 8,
    shuffle: false,
    optimizer: "sgd",
    lr: 0.1,
    progress: false,
    callbacks: {
      onBatchEnd: (_step, info) => {
        snapshot = vars.map((v) => Array.from(v.dataSync()));
        losses.push(info.loss as number);
      },
    },
  }).finally(() => console.warn = warn);
  assert.equal(tf.memory().numTensors, before);
  assert.equal(h.stopReason, "guard");
  assert.ok(h.guard);
  // row 20 is in the third batch of 8 (rows 16..23): step 2 of epoch 0
  assert.deepEqual([h.guard.step, h.guard.epoch, h.guard.batch, h.guard.culprit], [
    2,
    0,
    2,
    "loss",
  ]);
  assert.equal(h.guard.lastGoodStep, 1);
  assert.equal(h.guard.lastGoodLoss, losses[1]);
  assert.equal(h.guard.restoredFromSnapshot, false);
  assert.match(
    h.guard.message,
    /stopped by the guard at step 2 \(epoch 0, batch 2\).*last good loss/,
  );
  assert.match(warnings.join("\n"), /stopped by the guard/);
  assert.equal(h.steps, 2);
  assert.equal(h.epoch.length, 0);
  vars.forEach((v, i) => assert.deepEqual(Array.from(v.dataSync()), snapshot[i]));
  assert.notDeepEqual(snapshot, initial); // two good steps did move the weights
  disposeMlpParams(params);
  tf.dispose([x, y]);
});

Deno.test("a non-finite gradient with a finite loss names the variable", async () => {
  const w = tf.variable(tf.zeros([1, 1]), true, "guard_test_w");
  const x = tf.ones([4, 1]);
  const y = tf.ones([4, 1]);
  const warn = console.warn;
  console.warn = () => {};
  const h = await train(
    { params: [w], forward: ([v], xb) => tf.mul(tf.sqrt(v), xb) },
    { x, y },
    { epochs: 1, batchSize: 4, progress: false },
  ).finally(() => console.warn = warn);
  assert.equal(h.guard?.culprit, "grad:guard_test_w");
  assert.equal(h.guard?.lossValue, 1);
  assert.equal(w.dataSync()[0], 0);
  tf.dispose([w, x, y]);
});

Deno.test("clipNorm in the loop: SGD on (w·1 - 0)² takes unit steps; norms are recorded", async () => {
  const w = tf.tidy(() => tf.variable(tf.tensor2d([[10]])));
  const x = tf.ones([1, 1]);
  const y = tf.zeros([1, 1]);
  const h = await train(
    { params: [w], forward: ([v], xb) => tf.matMul(xb, v) },
    { x, y },
    { epochs: 2, optimizer: "sgd", lr: 0.5, clipNorm: 1, loss: "mse", progress: false },
  );
  // grad 2w = 20 then 19, clipped to 1: w = 10 - 0.5 - 0.5
  near(w.dataSync(), [9], 1e-6);
  near(h.gradNorm, [20, 19], 1e-5);
  near(h.stepLoss, [100, 90.25], 1e-4);
  tf.dispose([w, x, y]);
});
