/** Grader tests for exercise 09 (frameworks): run against solutions/ or the student's exercises/. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { exerciseModule } from "./target.ts";

await initBackend();

const m: typeof import("../../solutions/09_frameworks/frameworks.ts") = await exerciseModule(
  "09_frameworks",
  "frameworks.ts",
);

const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const XS = [-6, -2, -0.5, 0, 0.3, 1, 4];

async function values(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

Deno.test("silu: x·sigmoid(x) at hand-checked points, no tensor leaks", async () => {
  const x = tf.tensor1d(XS);
  const before = tf.memory().numTensors;
  const y = await values(m.silu(x));
  assert.equal(tf.memory().numTensors, before);
  XS.forEach((v, i) => close(y[i], v * sig(v)));
  close(y[3], 0, 1e-7);
  x.dispose();
});

Deno.test("siluDerivative: closed form matches hand values and tf.grad of silu", async () => {
  const x = tf.tensor1d(XS);
  const before = tf.memory().numTensors;
  const d = await values(m.siluDerivative(x));
  assert.equal(tf.memory().numTensors, before);
  XS.forEach((v, i) => close(d[i], sig(v) * (1 + v * (1 - sig(v)))));
  close(d[3], 0.5);
  const g = await values(tf.grad((t: tf.Tensor) => tf.sum(m.silu(t)))(x));
  XS.forEach((_, i) => close(d[i], g[i]));
  // SiLU dips below zero: its derivative is negative for x < about −1.28.
  assert.ok(d[1] < 0);
  x.dispose();
});

Deno.test("shuffledBatches: every row exactly once, batch sizes, seeded order", () => {
  const b = m.shuffledBatches(10, 4, 7);
  assert.deepEqual(b.map((x) => x.length), [4, 4, 2]);
  assert.deepEqual(b.flat().sort((p, q) => p - q), [...Array(10).keys()]);
  assert.deepEqual(m.shuffledBatches(10, 4, 7), b, "the same seed gives the same batches");
  assert.notDeepEqual(m.shuffledBatches(10, 4, 8), b, "another seed gives another order");
  assert.notDeepEqual(b.flat(), [...Array(10).keys()], "rows are shuffled");
  assert.deepEqual(m.shuffledBatches(3, 5, 1).map((x) => x.length), [3]);
  assert.equal(m.shuffledBatches(100, 10, 1).length, 10);
});

Deno.test("shuffledBatches: rejects n or batchSize that is not a positive integer", () => {
  assert.equal(m.shuffledBatches(2, 1, 0).length, 2);
  assert.throws(() => m.shuffledBatches(0, 4, 1));
  assert.throws(() => m.shuffledBatches(10, 0, 1));
  assert.throws(() => m.shuffledBatches(10, 2.5, 1));
});

function smallModel(seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.dense({
    inputShape: [4],
    units: 6,
    activation: "tanh",
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: tf.initializers.constant({ value: 0.1 }),
  }));
  model.add(tf.layers.dense({
    units: 2,
    activation: "softmax",
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
  }));
  return model;
}

Deno.test("saveModel/loadModel: model.json + weights.bin, identical predictions", async () => {
  const dir = await Deno.makeTempDir();
  const model = smallModel(3);
  await m.saveModel(model, `${dir}/net`);
  // 4·6 + 6 + 6·2 + 2 = 44 float32 weights.
  assert.equal((await Deno.stat(`${dir}/net/weights.bin`)).size, 44 * 4);
  const json = JSON.parse(await Deno.readTextFile(`${dir}/net/model.json`));
  assert.ok(json.modelTopology, "model.json has the topology");
  assert.equal(json.weightsManifest[0].paths.length, 1);
  const loaded = await m.loadModel(`${dir}/net`);
  const x = tf.tensor2d([[1, -2, 0.5, 3], [0, 0.1, -1, 2]]);
  const a = await values(model.predict(x) as tf.Tensor);
  const b = await values(loaded.predict(x) as tf.Tensor);
  assert.deepEqual(b, a);
  const fresh = smallModel(4);
  assert.notDeepEqual(await values(fresh.predict(x) as tf.Tensor), a);
  tf.dispose(x);
  for (const mm of [model, loaded, fresh]) mm.dispose();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("saveModel/loadModel: a trained model keeps its training; a missing folder fails", async () => {
  const dir = await Deno.makeTempDir();
  const model = smallModel(9);
  model.compile({ optimizer: tf.train.sgd(0.5), loss: "categoricalCrossentropy" });
  const x = tf.tensor2d([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
  const y = tf.tensor2d([[1, 0], [0, 1], [1, 0], [0, 1]]);
  await model.fit(x, y, { epochs: 20, verbose: 0, shuffle: false });
  await m.saveModel(model, dir);
  const loaded = await m.loadModel(dir);
  const a = await values(model.predict(x) as tf.Tensor);
  const b = await values(loaded.predict(x) as tf.Tensor);
  a.forEach((v, i) => close(b[i], v, 0));
  await assert.rejects(() => m.loadModel(`${dir}/no_such_folder`));
  tf.dispose([x, y]);
  model.dispose();
  loaded.dispose();
  await Deno.remove(dir, { recursive: true });
});
