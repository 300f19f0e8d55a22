/** Tests of lib/train/loop.ts: learning, determinism, early stopping, schedules, leaks, errors. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  buildMlp,
  disposeMlpParams,
  mlpForward,
  mlpParams,
  mlpVariables,
} from "../../../lib/models/mlp.ts";
import { Rng } from "../../../lib/random.ts";
import { train } from "../../../lib/train/loop.ts";
import { linearWarmup, stepDecay } from "../../../lib/train/schedules.ts";

await initBackend();

/** Linearly separable toy data: x uniform in [-1, 1]², y = 1[x0 + 2·x1 > 0] (balanced). */
function toy(n: number, seed: number): { x: tf.Tensor2D; y: tf.Tensor2D; labels: number[] } {
  const r = new Rng(seed);
  const xs = Array.from({ length: n }, () => [r.uniform(-1, 1), r.uniform(-1, 1)]);
  const labels = xs.map(([a, b]) => (a + 2 * b > 0 ? 1 : 0));
  return { x: tf.tensor2d(xs), y: tf.tensor2d(labels, [n, 1]), labels };
}

const CFG = { inputDim: 2, hidden: [16], output: { units: 1, activation: "sigmoid" as const } };
const accuracy = (p: ArrayLike<number>, labels: number[]) =>
  labels.filter((l, i) => (p[i] > 0.5 ? 1 : 0) === l).length / labels.length;

Deno.test("an MLP learns a separable toy problem far above chance; loss falls; no leaks", async () => {
  const trainSet = toy(400, 1);
  const testSet = toy(400, 2);
  const params = mlpParams({ ...CFG, seed: 3 });
  const before = tf.memory().numTensors;
  const h = await train({ params, forward: mlpForward }, trainSet, {
    epochs: 15,
    batchSize: 16,
    lr: 0.02,
    loss: "bce",
    metrics: ["accuracy"],
    validationData: testSet,
    progress: false,
  });
  assert.equal(tf.memory().numTensors, before);
  const p = tf.tidy(() => mlpForward(params, testSet.x).dataSync());
  const acc = accuracy(p, testSet.labels);
  assert.ok(acc >= 0.95, `test accuracy ${acc} (chance 0.5)`);
  assert.ok(h.loss[14] < 0.5 * h.loss[0], `loss ${h.loss[0]} -> ${h.loss[14]}`);
  assert.equal(h.history.val_accuracy.length, 15);
  assert.ok(Math.abs(h.history.val_accuracy[14] - acc) < 1e-6);
  assert.deepEqual(h.epoch, [...Array(15).keys()]);
  assert.equal(h.steps, 15 * 25);
  assert.equal(h.gradNorm.length, h.steps);
  assert.equal(h.stopReason, "completed");
  disposeMlpParams(params);
  tf.dispose([trainSet.x, trainSet.y, testSet.x, testSet.y]);
});

Deno.test("a Layers model trains through the same loop (dropout on), leak-free", async () => {
  const trainSet = toy(300, 4);
  const model = buildMlp({ ...CFG, dropout: 0.1, seed: 5 });
  const before = tf.memory().numTensors;
  const h = await train(model, trainSet, {
    epochs: 12,
    lr: 0.02,
    loss: "bce",
    metrics: ["accuracy"],
    progress: false,
  });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(h.history.accuracy[11] >= 0.93, `train accuracy ${h.history.accuracy[11]}`);
  model.dispose();
  tf.dispose([trainSet.x, trainSet.y]);
});

Deno.test("same seed, same history; another seed, another history", async () => {
  const data = toy(120, 6);
  const run = async (seed: number) => {
    const params = mlpParams({ ...CFG, dropout: 0.2, seed: 7 });
    const h = await train({ params, forward: mlpForward }, data, {
      epochs: 3,
      loss: "bce",
      seed,
      validationData: data,
      progress: false,
    });
    disposeMlpParams(params);
    return [...h.loss, ...h.val_loss];
  };
  const a = await run(1);
  assert.deepEqual(await run(1), a);
  assert.notDeepEqual(await run(2), a);
  tf.dispose([data.x, data.y]);
});

Deno.test("early stopping stops after `patience` bad epochs and restores the best weights", async () => {
  const data = toy(200, 8);
  const flipped = tf.sub(1, data.y) as tf.Tensor2D; // validation labels the model unlearns
  const params = mlpParams({ ...CFG, seed: 9 });
  const vars = mlpVariables(params);
  const perEpoch: number[][][] = [];
  const h = await train({ params, forward: mlpForward }, data, {
    epochs: 30,
    lr: 0.01,
    loss: "bce",
    validationData: { x: data.x, y: flipped },
    earlyStopping: { patience: 2 },
    callbacks: { onEpochEnd: () => void perEpoch.push(vars.map((v) => Array.from(v.dataSync()))) },
    progress: false,
  });
  const best = h.val_loss.indexOf(Math.min(...h.val_loss));
  assert.equal(h.stopReason, "early_stopping");
  assert.equal(h.bestEpoch, best);
  assert.equal(h.epoch.length, best + 3);
  vars.forEach((v, i) => assert.deepEqual(Array.from(v.dataSync()), perEpoch[best][i]));
  assert.notDeepEqual(perEpoch.at(-1), perEpoch[best]);
  disposeMlpParams(params);
  tf.dispose([data.x, data.y, flipped]);
});

Deno.test("a schedule sets SGD's rate per step: w = Π(1 - 2·lr_t) on (w·1 - 0)²", async () => {
  const x = tf.ones([1, 1]);
  const y = tf.zeros([1, 1]);
  const run = async (optimizer: "sgd" | tf.Optimizer, lr?: ReturnType<typeof stepDecay>) => {
    const w = tf.tidy(() => tf.variable(tf.tensor2d([[1]])));
    const h = await train(
      { params: [w], forward: ([v], xb) => tf.matMul(xb, v) },
      { x, y },
      { epochs: 4, optimizer, lr, loss: "mse", progress: false },
    );
    const out = w.dataSync()[0];
    w.dispose();
    return { w: out, lr: h.lr };
  };
  const scheduled = await run("sgd", stepDecay(0.1, 0.5, 2));
  assert.ok(Math.abs(scheduled.w - 0.8 * 0.8 * 0.9 * 0.9) < 1e-6, `w ${scheduled.w}`);
  assert.deepEqual(scheduled.lr, [0.1, 0.1, 0.05, 0.05]);
  const sgd = tf.train.sgd(0.1);
  const own = await run(sgd);
  assert.ok(Math.abs(own.w - 0.8 ** 4) < 1e-6, `w ${own.w}`);
  sgd.dispose();
  tf.dispose([x, y]);
});

Deno.test("a callback can stop training", async () => {
  const data = toy(50, 10);
  const params = mlpParams({ ...CFG, seed: 1 });
  const h = await train({ params, forward: mlpForward }, data, {
    epochs: 10,
    progress: false,
    callbacks: { onEpochEnd: (epoch, _logs, control) => epoch === 1 && control.stop() },
  });
  assert.deepEqual([h.epoch.length, h.stopReason], [2, "callback"]);
  disposeMlpParams(params);
  tf.dispose([data.x, data.y]);
});

Deno.test("train rejects bad data and options with clear messages", async () => {
  const data = toy(20, 11);
  const params = mlpParams({ ...CFG, seed: 1 });
  const model = { params, forward: mlpForward };
  const short = tf.zeros([19, 1]);
  const wide = tf.zeros([20, 2]);
  await assert.rejects(
    train(model, { x: data.x, y: short }, { epochs: 1 }),
    /train: argument 'data.y' expected 20 rows like data.x, received tensor of shape \[19, 1\]/,
  );
  await assert.rejects(
    train(model, { x: data.x, y: wide }, { epochs: 1, progress: false }),
    /train: argument 'data.y' expected the model's output shape \[20, 1\]/,
  );
  await assert.rejects(
    train(model, data, { epochs: 0 }),
    /argument 'epochs' expected an integer > 0/,
  );
  await assert.rejects(
    train({} as never, data, { epochs: 1 }),
    /argument 'model' expected a tf.LayersModel/,
  );
  await assert.rejects(train(model, data, { epochs: 1, loss: "l3" as never }), /resolveLoss/);
  disposeMlpParams(params);
  tf.dispose([data.x, data.y, short, wide]);
});

Deno.test("a warmup starting at lr 0 trains: step 0 leaves w unchanged, then w = Π(1 - 2·lr_t)", async () => {
  const x = tf.ones([1, 1]);
  const y = tf.zeros([1, 1]);
  const w = tf.tidy(() => tf.variable(tf.tensor2d([[1]])));
  const h = await train(
    { params: [w], forward: ([v], xb) => tf.matMul(xb, v) },
    { x, y },
    { epochs: 3, optimizer: "sgd", lr: linearWarmup(0.1, 2), loss: "mse", progress: false },
  );
  // rates 0, 0.05, 0.1 → w = 1 · (1 - 0) · (1 - 0.1) · (1 - 0.2)
  assert.deepEqual(h.lr.map((v) => +v.toFixed(6)), [0, 0.05, 0.1]);
  assert.ok(Math.abs(w.dataSync()[0] - 0.9 * 0.8) < 1e-6, `w ${w.dataSync()[0]}`);
  tf.dispose([w, x, y]);
});
