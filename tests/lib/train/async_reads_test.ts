/**
 * The training loop reads values only with `await data()`: on WebGPU under Deno `dataSync()` and
 * `arraySync()` throw, so these tests make them throw here too and train through every path
 * (guard, per-step records, metrics, validation, early stopping, guard stop). The async step,
 * evaluation and guard helpers must agree exactly with their synchronous twins.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { disposeMlpParams, mlpForward, mlpParams, mlpVariables } from "../../../lib/models/mlp.ts";
import { evaluateSet, evaluateSetAsync } from "../../../lib/train/evaluate.ts";
import { firstNonFinite, firstNonFiniteAsync, StepGuard } from "../../../lib/train/guards.ts";
import { train } from "../../../lib/train/loop.ts";
import { resolveLoss, resolveMetric } from "../../../lib/train/objectives.ts";
import { type StepSetup, trainStep, trainStepAsync } from "../../../lib/train/step.ts";
import { makeOptimizer } from "../../../lib/train/step_optimizer.ts";

await initBackend();

/** Run `f` with Tensor.dataSync/arraySync throwing, as they do on WebGPU under Deno. */
async function withoutSyncReads<T>(f: () => Promise<T>): Promise<T> {
  const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
  const saved = { dataSync: proto.dataSync, arraySync: proto.arraySync };
  const fail = () => {
    throw new Error("synchronous read");
  };
  proto.dataSync = fail;
  proto.arraySync = fail;
  try {
    return await f();
  } finally {
    proto.dataSync = saved.dataSync;
    proto.arraySync = saved.arraySync;
  }
}

const CFG = { inputDim: 3, hidden: [5], output: { units: 1, activation: "sigmoid" as const } };

function toy(n: number, bad = -1): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.linspace(-1, 1, n * 3).reshape([n, 3]) as tf.Tensor2D;
    const labels = Array.from(
      { length: n },
      (_, i) => (i === bad ? Infinity : (i * 7) % 3 ? 1 : 0),
    );
    return { x, y: tf.tensor2d(labels, [n, 1]) };
  });
}

Deno.test("the sync-read trap works (it would catch a dataSync in train)", async () => {
  const t = tf.scalar(1);
  await assert.rejects(withoutSyncReads(() => Promise.resolve(t.dataSync())), /synchronous read/);
  assert.equal(t.dataSync()[0], 1);
  t.dispose();
});

Deno.test("train makes no synchronous read (guard, metrics, validation, early stopping)", async () => {
  const data = toy(48);
  const val = toy(16);
  const params = mlpParams({ ...CFG, seed: 2 });
  const before = tf.memory().numTensors;
  const h = await withoutSyncReads(() =>
    train({ params, forward: mlpForward }, data, {
      epochs: 3,
      batchSize: 16,
      lr: 0.05,
      loss: "bce",
      metrics: ["accuracy"],
      validationData: val,
      earlyStopping: { patience: 5, restoreBest: true },
      clipNorm: 1,
      progress: false,
    })
  );
  assert.equal(tf.memory().numTensors, before);
  assert.equal(h.stopReason, "completed");
  assert.equal(h.stepLoss.length, 9);
  assert.ok(h.history.val_accuracy.every((a) => a >= 0 && a <= 1));
  assert.ok(h.loss.every(Number.isFinite) && h.val_loss.every(Number.isFinite));
  disposeMlpParams(params);
  tf.dispose([data.x, data.y, val.x, val.y]);
});

Deno.test("train without the guard (device-side loss sum) makes no synchronous read", async () => {
  const data = toy(32);
  const params = mlpParams({ ...CFG, seed: 3 });
  const before = tf.memory().numTensors;
  const h = await withoutSyncReads(() =>
    train({ params, forward: mlpForward }, data, {
      epochs: 2,
      batchSize: 8,
      loss: "bce",
      guard: false,
      progress: false,
    })
  );
  assert.equal(tf.memory().numTensors, before);
  assert.equal(h.stepLoss.length, 0);
  assert.ok(h.loss.every((l) => Number.isFinite(l) && l > 0));
  disposeMlpParams(params);
  tf.dispose([data.x, data.y]);
});

Deno.test("a guard stop makes no synchronous read and names the culprit", async () => {
  const data = toy(20, 11);
  const params = mlpParams({ ...CFG, output: { units: 1 }, seed: 4 });
  const before = tf.memory().numTensors;
  const orig = console.warn;
  console.warn = () => {};
  try {
    const h = await withoutSyncReads(() =>
      train({ params, forward: mlpForward }, data, {
        epochs: 2,
        batchSize: 4,
        shuffle: false,
        progress: false,
      })
    );
    assert.equal(h.stopReason, "guard");
    assert.equal(h.guard?.culprit, "loss");
    assert.equal(h.guard?.batch, 2);
  } finally {
    console.warn = orig;
  }
  assert.equal(tf.memory().numTensors, before);
  disposeMlpParams(params);
  tf.dispose([data.x, data.y]);
});

Deno.test("trainStepAsync updates exactly like trainStep and leaks nothing", async () => {
  const data = toy(12);
  const rows = Int32Array.from([0, 3, 5, 7, 11]);
  const run = async (useAsync: boolean, read: boolean) => {
    const params = mlpParams({ ...CFG, seed: 6 });
    const vars = mlpVariables(params);
    const s: StepSetup = {
      vars,
      forward: (x, training) => mlpForward(params, x, { training }),
      lossFn: resolveLoss("bce"),
      optimizer: makeOptimizer("adam", 0.1),
      clipNorm: 0.5,
      read,
    };
    const before = tf.memory().numTensors;
    const r = useAsync
      ? await trainStepAsync(s, data.x, data.y, rows, null)
      : trainStep(s, data.x, data.y, rows, null);
    const sum = r.lossSum ? (await r.lossSum.data())[0] : null;
    r.lossSum?.dispose();
    s.optimizer.dispose();
    assert.equal(tf.memory().numTensors, before);
    const w = vars.map((v) => Array.from(v.dataSync()));
    disposeMlpParams(params);
    return { loss: r.loss, norm: r.norm, sum, w };
  };
  for (const read of [true, false]) {
    const a = await run(false, read);
    const b = await run(true, read);
    assert.deepEqual(b, a);
    if (read) assert.ok(a.loss !== null && a.norm !== null && a.norm > 0.5, `norm ${a.norm}`);
    else assert.ok(a.sum !== null && a.sum > 0 && a.loss === null);
  }
  tf.dispose([data.x, data.y]);
});

Deno.test("trainStepAsync skips the update when the check vetoes it", async () => {
  const data = toy(8);
  const params = mlpParams({ ...CFG, seed: 8 });
  const vars = mlpVariables(params);
  const w0 = vars.map((v) => Array.from(v.dataSync()));
  const optimizer = makeOptimizer("sgd", 0.1);
  const before = tf.memory().numTensors;
  let seen = "";
  const r = await trainStepAsync(
    {
      vars,
      forward: (x, training) => mlpForward(params, x, { training }),
      lossFn: resolveLoss("bce"),
      optimizer,
      clipNorm: null,
      read: true,
    },
    data.x,
    data.y,
    Int32Array.from([0, 1, 2]),
    null,
    (_loss, _norm, grads) => {
      seen = grads().map((g) => g.name).join(",");
      return Promise.resolve(false);
    },
  );
  assert.equal(tf.memory().numTensors, before);
  assert.equal(r.applied, false);
  assert.equal(seen, vars.map((v) => v.name).join(","));
  assert.deepEqual(vars.map((v) => Array.from(v.dataSync())), w0);
  optimizer.dispose();
  disposeMlpParams(params);
  tf.dispose([data.x, data.y]);
});

Deno.test("evaluateSetAsync equals evaluateSet: mse = mean of squares, accuracy by hand", async () => {
  const x = tf.tensor2d([[0.9], [0.2], [0.6], [0.4]]);
  const y = tf.tensor2d([[1], [0], [0], [0]]);
  const metrics = [resolveMetric("accuracy", false)];
  const fwd = (t: tf.Tensor) => t.clone();
  const before = tf.memory().numTensors;
  const a = evaluateSet(fwd, x, y, resolveLoss("mse"), metrics);
  const b = await evaluateSetAsync(fwd, x, y, resolveLoss("mse"), metrics);
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(b, a);
  const mse = (0.01 + 0.04 + 0.36 + 0.16) / 4;
  assert.ok(Math.abs((b.loss as number) - mse) < 1e-6, `mse ${b.loss}`);
  assert.ok(Math.abs(b.metrics.accuracy - 0.75) < 1e-6);
  assert.deepEqual(await evaluateSetAsync(fwd, x, y, null, []), { loss: null, metrics: {} });
  tf.dispose([x, y]);
});

Deno.test("firstNonFiniteAsync and StepGuard.checkAsync agree with the sync versions", async () => {
  const named = [
    { name: "a", tensor: tf.tensor1d([1, 2]) },
    { name: "b", tensor: tf.tensor1d([1, NaN]) },
    { name: "c", tensor: tf.tensor1d([Infinity]) },
  ];
  const before = tf.memory().numTensors;
  assert.equal(await firstNonFiniteAsync(named), "b");
  assert.equal(firstNonFinite(named), "b");
  assert.equal(await firstNonFiniteAsync(named.slice(0, 1)), null);
  const g = new StepGuard();
  const where = { step: 4, epoch: 1, batch: 0 };
  assert.equal(await g.checkAsync(where, 0.5, 1, () => named), null);
  assert.equal(g.lastGoodLoss, 0.5);
  const r = await g.checkAsync({ ...where, step: 5 }, 0.4, NaN, () => named);
  assert.equal(r?.culprit, "grad:b");
  assert.equal(r?.lastGoodStep, 4);
  assert.deepEqual(r, g.check({ ...where, step: 5 }, 0.4, NaN, () => named));
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(
    firstNonFiniteAsync([{ name: "x", tensor: [1] as unknown as tf.Tensor }]),
    /firstNonFiniteAsync: argument 'named\[0\]' expected \{name: string, tensor: tf.Tensor\}, received object/,
  );
  assert.throws(
    () => firstNonFinite(null as never),
    /firstNonFinite: argument 'named' expected an array of \{name, tensor\}, received null/,
  );
  tf.dispose(named.map((n) => n.tensor));
});
