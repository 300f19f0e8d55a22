/**
 * The training loop reads values only with `await data()`: on WebGPU under Deno `dataSync()` and
 * `arraySync()` throw, so these tests make them throw here too and train through every path
 * (guard, per-step records, metrics, validation, early stopping, guard stop). The step, the
 * evaluation and the guard helpers are checked against hand computations.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { initBackend } from "../../../lib/backend.ts";
import { disposeMlpParams, mlpForward, mlpParams, mlpVariables } from "../../../lib/models/mlp.ts";
import { evaluateSet } from "../../../lib/train/evaluate.ts";
import { firstNonFinite, StepGuard } from "../../../lib/train/guards.ts";
import { train } from "../../../lib/train/loop.ts";
import { resolveLoss, resolveMetric } from "../../../lib/train/objectives.ts";
import { type StepSetup, trainStep } from "../../../lib/train/step.ts";
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

/** Rows `rows` of (x, y) as a batch. */
function rowsOf(x: tf.Tensor, y: tf.Tensor, rows: number[]) {
  return () => {
    const idx = tf.tensor1d(rows, "int32");
    return { x: tf.gather(x, idx), y: tf.gather(y, idx) };
  };
}

/** The loss hook of an MLP with binary cross-entropy. */
function mlpLoss(params: ReturnType<typeof mlpParams>) {
  return (b: { x: tf.Tensor; y: tf.Tensor }) =>
    resolveLoss("bce")(b.y, mlpForward(params, b.x, { training: true }));
}

Deno.test("trainStep = a hand-made clipped SGD step (read or not) and leaks nothing", async () => {
  const data = toy(12);
  const rows = [0, 3, 5, 7, 11];
  const lr = 0.1, clip = 0.5;
  // the reference: tfjs gradients, global norm, w − lr·g·min(1, clip/‖g‖), computed in float64
  const ref = mlpParams({ ...CFG, seed: 6 });
  const refVars = mlpVariables(ref);
  const b = rowsOf(data.x, data.y, rows)();
  const { value, grads } = tf.variableGrads(() => mlpLoss(ref)(b), refVars);
  tf.dispose([b.x, b.y]);
  const g = await Promise.all(refVars.map((v) => grads[v.name].data()));
  const norm = Math.sqrt(g.reduce((s, a) => s + Array.from(a).reduce((t, u) => t + u * u, 0), 0));
  const scale = Math.min(1, clip / norm);
  const w0 = await Promise.all(refVars.map((v) => v.data()));
  const expected = w0.map((w, i) => Array.from(w, (u, j) => u - lr * g[i][j] * scale));
  const loss0 = (await value.data())[0];
  tf.dispose([value, ...Object.values(grads)]);
  disposeMlpParams(ref);
  assert.ok(norm > clip, `the test needs clipping to act (norm ${norm})`);
  // the tensor path (fast paths off) and the host path (lib/fast/host_step.ts, on wasm/cpu)
  for (const [read, fast] of [[true, false], [false, false], [true, true], [false, true]]) {
    setFastPaths(fast);
    const params = mlpParams({ ...CFG, seed: 6 });
    const vars = mlpVariables(params);
    const before = tf.memory().numTensors;
    const s: StepSetup = { vars, optimizer: makeOptimizer("sgd", lr), clipNorm: clip, read };
    const r = await trainStep(s, rowsOf(data.x, data.y, rows), mlpLoss(params), rows.length, null);
    const sum = r.sums ? (await r.sums.data())[0] : null;
    r.sums?.dispose();
    s.optimizer.dispose();
    assert.equal(tf.memory().numTensors, before);
    const w = await Promise.all(vars.map((v) => v.data()));
    w.forEach((a, i) =>
      a.forEach((u, j) => assert.ok(Math.abs(u - expected[i][j]) < 1e-6, `w${i}[${j}]`))
    );
    if (read) {
      assert.ok(Math.abs(r.loss! - loss0) < 1e-6 && Math.abs(r.norm! - norm) < 1e-5);
    } else if (fast) {
      // the host path reads the loss anyway (one copy) and leaves the device sums alone
      assert.ok(Math.abs(r.loss! - loss0) < 1e-6 && r.sums === null);
    } else assert.ok(Math.abs(sum! - loss0 * rows.length) < 1e-5 && r.loss === null);
    disposeMlpParams(params);
    setFastPaths(true);
  }
  tf.dispose([data.x, data.y]);
});

Deno.test("trainStep reads a loss hook's named parts and skips the update on a veto", async () => {
  const data = toy(8);
  const params = mlpParams({ ...CFG, seed: 8 });
  const vars = mlpVariables(params);
  const w0 = await Promise.all(vars.map((v) => v.data()));
  const optimizer = makeOptimizer("sgd", 0.1);
  const before = tf.memory().numTensors;
  let seen = "";
  const base = mlpLoss(params);
  const r = await trainStep(
    { vars, optimizer, clipNorm: null, read: true },
    rowsOf(data.x, data.y, [0, 1, 2]),
    (b) => {
      const l = base(b) as tf.Scalar;
      return { loss: tf.mul(l, 2) as tf.Scalar, parts: { half: l } };
    },
    3,
    null,
    (_loss, _norm, grads) => {
      seen = grads().map((g) => g.name).join(",");
      return Promise.resolve(false);
    },
  );
  assert.equal(tf.memory().numTensors, before);
  assert.equal(r.applied, false);
  assert.deepEqual(r.partNames, ["half"]);
  assert.ok(Math.abs(r.loss! - 2 * r.parts.half) < 1e-6, `${r.loss} vs 2·${r.parts.half}`);
  assert.equal(seen, vars.map((v) => v.name).join(","));
  assert.deepEqual(await Promise.all(vars.map((v) => v.data())), w0);
  optimizer.dispose();
  disposeMlpParams(params);
  tf.dispose([data.x, data.y]);
});

Deno.test("evaluateSet: mse = mean of squares, accuracy by hand", async () => {
  const x = tf.tensor2d([[0.9], [0.2], [0.6], [0.4]]);
  const y = tf.tensor2d([[1], [0], [0], [0]]);
  const metrics = [resolveMetric("accuracy", false)];
  const fwd = (t: tf.Tensor) => t.clone();
  const before = tf.memory().numTensors;
  const b = await evaluateSet(fwd, x, y, resolveLoss("mse"), metrics);
  assert.equal(tf.memory().numTensors, before);
  const mse = (0.01 + 0.04 + 0.36 + 0.16) / 4;
  assert.ok(Math.abs((b.loss as number) - mse) < 1e-6, `mse ${b.loss}`);
  assert.ok(Math.abs(b.metrics.accuracy - 0.75) < 1e-6);
  assert.deepEqual(await evaluateSet(fwd, x, y, null, []), { loss: null, metrics: {} });
  tf.dispose([x, y]);
});

Deno.test("firstNonFinite and StepGuard.check name the culprit and keep the last good loss", async () => {
  const named = [
    { name: "a", tensor: tf.tensor1d([1, 2]) },
    { name: "b", tensor: tf.tensor1d([1, NaN]) },
    { name: "c", tensor: tf.tensor1d([Infinity]) },
  ];
  const before = tf.memory().numTensors;
  assert.equal(await firstNonFinite(named), "b");
  assert.equal(await firstNonFinite(named.slice(0, 1)), null);
  const g = new StepGuard();
  const where = { step: 4, epoch: 1, batch: 0 };
  assert.equal(await g.check(where, 0.5, 1, () => named), null);
  assert.equal(g.lastGoodLoss, 0.5);
  const r = await g.check({ ...where, step: 5 }, 0.4, NaN, () => named);
  assert.equal(r?.culprit, "grad:b");
  assert.equal(r?.lastGoodStep, 4);
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(
    firstNonFinite([{ name: "x", tensor: [1] as unknown as tf.Tensor }]),
    /firstNonFinite: argument 'named\[0\]' expected \{name: string, tensor: tf.Tensor\}, received object/,
  );
  await assert.rejects(
    firstNonFinite(null as never),
    /firstNonFinite: argument 'named' expected an array of \{name, tensor\}, received null/,
  );
  tf.dispose(named.map((n) => n.tensor));
});
