import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend, useBackend } from "../../../lib/backend.ts";
import {
  checkEmbeddingIds,
  CourseEmbedding,
  courseEmbedding,
  embeddingLookup,
} from "../../../lib/models/embedding.ts";
import { rng } from "../../../lib/random.ts";

const info = await initBackend();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

Deno.test("embedding gradient equals the built-in Embedding layer's gradient on cpu", async () => {
  await useBackend("cpu");
  try {
    const before = tf.memory().numTensors;
    const r = rng(3);
    const vocab = 11;
    const dim = 4;
    const idsArr = Array.from({ length: 2 * 7 }, () => r.int(vocab));
    idsArr[0] = idsArr[5] = idsArr[9] = 4; // repeated ids must add up
    const ids = tf.tensor2d(idsArr, [2, 7], "int32");
    const w = tf.tensor3d(Array.from(r.normals(2 * 7 * dim)), [2, 7, dim]);
    const builtin = tf.layers.embedding({ inputDim: vocab, outputDim: dim, inputLength: 7 });
    const ours = new CourseEmbedding({ inputDim: vocab, outputDim: dim, seed: 1 });
    const z = tf.zeros([1, 7]);
    tf.dispose([builtin.apply(z) as tf.Tensor, ours.apply(z) as tf.Tensor, z]); // build both
    ours.setWeights(builtin.getWeights());
    const loss = (layer: tf.layers.Layer) => () =>
      tf.sum(tf.mul(layer.apply(ids) as tf.Tensor, w)) as tf.Scalar;
    const gBuiltin = tf.variableGrads(
      loss(builtin),
      builtin.trainableWeights.map((v) =>
        // deno-lint-ignore no-explicit-any
        (v as any).val as tf.Variable
      ),
    );
    // deno-lint-ignore no-explicit-any
    const gOurs = tf.variableGrads(loss(ours), ours.trainableWeights.map((v) => (v as any).val));
    const a = Object.values(gBuiltin.grads)[0];
    const b = Object.values(gOurs.grads)[0];
    assert.deepEqual(b.shape, [vocab, dim]);
    assert.ok(maxAbsDiff(a.dataSync(), b.dataSync()) < 1e-6);
    assert.ok(Math.abs(gBuiltin.value.dataSync()[0] - gOurs.value.dataSync()[0]) < 1e-5);
    // hand oracle: row r's gradient is the sum of w over the positions holding id r
    const wv = w.dataSync();
    const expect = new Float32Array(vocab * dim);
    idsArr.forEach((id, p) => {
      for (let k = 0; k < dim; k++) expect[id * dim + k] += wv[p * dim + k];
    });
    assert.ok(maxAbsDiff(b.dataSync(), expect) < 1e-5);
    tf.dispose([ids, w, a, b, gBuiltin.value, gOurs.value]);
    builtin.dispose();
    ours.dispose();
    assert.equal(tf.memory().numTensors, before);
  } finally {
    await useBackend(info.backend);
  }
});

Deno.test("embeddingLookup returns the table rows and trains on the default backend", () => {
  const before = tf.memory().numTensors;
  const table = tf.tidy(() => tf.variable(tf.tensor2d([[1, 2], [3, 4], [5, 6]])));
  const ids = tf.tensor2d([[2, 0], [2, 2]], [2, 2], "int32");
  const out = embeddingLookup(table, ids);
  assert.deepEqual(out.shape, [2, 2, 2]);
  assert.deepEqual([...out.dataSync()], [5, 6, 1, 2, 5, 6, 5, 6]);
  const g = tf.grad((t: tf.Tensor) => tf.sum(embeddingLookup(t as tf.Tensor2D, ids)))(table);
  assert.deepEqual([...g.dataSync()], [1, 1, 0, 0, 3, 3]); // id 1 untouched, id 2 three times
  tf.dispose([table, ids, out, g]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("CourseEmbedding trains inside tf.sequential on the default backend and round-trips save/load", async () => {
  const before = tf.memory().numTensors;
  const r = rng(7);
  const model = tf.sequential({
    layers: [
      courseEmbedding({ inputDim: 20, outputDim: 3, inputLength: 5, seed: r.seedInt() }),
      tf.layers.globalAveragePooling1d(),
      tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.ones() }),
    ],
  });
  const optimizer = tf.train.sgd(0.5);
  model.compile({ optimizer, loss: "meanSquaredError" });
  const x = tf.tensor2d([[1, 2, 3, 4, 5], [6, 7, 8, 9, 1]], [2, 5], "int32");
  const y = tf.tensor2d([[1], [-1]]);
  const table0 = model.layers[0].getWeights()[0].arraySync() as number[][];
  const h = await model.fit(x, y, { epochs: 20, batchSize: 2, shuffle: false, verbose: 0 });
  const losses = h.history.loss as number[];
  assert.ok(losses[losses.length - 1] < 0.1 * losses[0], `loss ${losses[0]} -> ${losses.at(-1)}`);
  const table1 = model.layers[0].getWeights()[0].arraySync() as number[][];
  assert.deepEqual(table1[0], table0[0]); // row 0 never used: untouched
  assert.notDeepEqual(table1[9], table0[9]);

  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler((a) => {
    saved = a;
    return Promise.resolve({
      modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" },
    });
  }));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  assert.ok(loaded.layers[0] instanceof CourseEmbedding);
  const p0 = model.predict(x) as tf.Tensor;
  const p1 = loaded.predict(x) as tf.Tensor;
  assert.ok(maxAbsDiff(p0.dataSync(), p1.dataSync()) < 1e-6);
  tf.dispose([x, y, p0, p1]);
  model.dispose();
  loaded.dispose();
  optimizer.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("embedding rejects bad arguments with clear messages", async () => {
  assert.throws(
    () => new CourseEmbedding({ inputDim: 0, outputDim: 2 }),
    /CourseEmbedding: argument 'args.inputDim' expected an integer > 0, received 0/,
  );
  assert.throws(() => courseEmbedding({ inputDim: 5, outputDim: 2.5 }), /args.outputDim/);
  const t = tf.zeros([3]);
  assert.throws(() => embeddingLookup(t as unknown as tf.Tensor2D, t), /argument 'table' expected/);
  const ids = tf.tensor1d([0, 7], "int32");
  await assert.rejects(
    checkEmbeddingIds("f", ids, 5),
    /f: argument 'ids' expected integer ids in \[0, 5\), received 7 at flat index 1/,
  );
  tf.dispose([t, ids]);
});
