import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { CourseLSTM, lstmSequence } from "../../../lib/models/lstm.ts";
import { lstmTrace, lstmTraceFromWeights } from "../../../lib/models/lstm_trace.ts";
import { buildSequenceRnn, buildTextRnn, recurrentStack } from "../../../lib/models/recurrent.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from(rng(seed).normals(n)), shape);
}

Deno.test("CourseLSTM: outputs and gradients equal tf.layers.lstm (sigmoid gates) with the same weights", () => {
  const before = tf.memory().numTensors;
  const x = randomTensor([3, 6, 5], 1) as tf.Tensor3D;
  const w = randomTensor([3, 6, 4], 2);
  const ours = new CourseLSTM({ units: 4, returnSequences: true, seed: 11 });
  const ref = tf.layers.lstm({ units: 4, returnSequences: true, recurrentActivation: "sigmoid" });
  tf.dispose([ours.apply(x) as tf.Tensor, ref.apply(x) as tf.Tensor]);
  ref.setWeights(ours.getWeights());
  const run = (l: tf.layers.Layer) => {
    // deno-lint-ignore no-explicit-any
    const vars = l.trainableWeights.map((v) => (v as any).val as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.mul(l.apply(x) as tf.Tensor, w)) as tf.Scalar,
      vars,
    );
    const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(l.apply(xx) as tf.Tensor, w)))(x);
    const out = [value, ...vars.map((v) => grads[v.name]), dx].map((t) => t.dataSync());
    tf.dispose([value, dx, ...Object.values(grads)]);
    return out;
  };
  const a = run(ours);
  const b = run(ref);
  assert.equal(a.length, 5); // loss, dKernel, dRecurrent, dBias, dx
  a.forEach((arr, i) => assert.ok(maxAbsDiff(arr, b[i]) < 1e-5, `part ${i}`));
  tf.dispose([x, w]);
  ours.dispose();
  ref.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("lstmSequence last state equals the last step of the returned sequence", () => {
  const before = tf.memory().numTensors;
  const x = randomTensor([2, 4, 3], 3) as tf.Tensor3D;
  const weights = {
    kernel: randomTensor([3, 8], 4) as tf.Tensor2D,
    recurrentKernel: randomTensor([2, 8], 5) as tf.Tensor2D,
    bias: randomTensor([8], 6) as tf.Tensor1D,
  };
  const seq = lstmSequence(x, weights, { returnSequences: true });
  const last = lstmSequence(x, weights);
  assert.deepEqual(seq.shape, [2, 4, 2]);
  const lastStep = tf.tidy(() => tf.squeeze(tf.slice(seq, [0, 3, 0], [2, 1, 2]), [1]));
  assert.ok(maxAbsDiff(lastStep.dataSync(), last.dataSync()) < 1e-6);
  assert.throws(
    () => lstmSequence(x, { ...weights, kernel: weights.recurrentKernel }),
    /lstmSequence: argument 'kernel' expected a tensor of shape \[3, 8\]/,
  );
  tf.dispose([x, seq, last, lastStep, ...Object.values(weights)]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("lstmTrace reproduces tf.layers.lstm outputs to 1e-5 (hardSigmoid default and sigmoid)", async () => {
  const before = tf.memory().numTensors;
  const xs = Array.from({ length: 7 }, (_, t) => [Math.sin(t), Math.cos(2 * t), t / 7 - 0.5]);
  const x = tf.tensor3d([xs]);
  for (const recurrentActivation of ["hardSigmoid", "sigmoid"] as const) {
    const layer = tf.layers.lstm({
      units: 5,
      returnSequences: true,
      recurrentActivation,
      kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      biasInitializer: tf.initializers.randomNormal({ seed: 3 }),
    });
    const out = layer.apply(x) as tf.Tensor;
    const tr = await lstmTrace(layer, xs);
    assert.equal(tr.hidden.length, 7);
    assert.ok(maxAbsDiff(out.dataSync(), tr.hidden.flat()) < 1e-5, recurrentActivation);
    // identities of the equations: c_t = f c_{t-1} + i g and h_t = o tanh(c_t)
    const t = 3, u = 2;
    const c = tr.forgetGate[t][u] * tr.cell[t - 1][u] + tr.inputGate[t][u] * tr.candidate[t][u];
    assert.ok(Math.abs(c - tr.cell[t][u]) < 1e-12);
    assert.ok(Math.abs(tr.outputGate[t][u] * Math.tanh(tr.cell[t][u]) - tr.hidden[t][u]) < 1e-12);
    out.dispose();
    layer.dispose();
  }
  x.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("lstmTrace on a CourseLSTM matches the layer and rejects other layers", async () => {
  const before = tf.memory().numTensors;
  const xs = [[0.5, -1], [1, 0.2], [-0.3, 0.7]];
  const x = tf.tensor3d([xs]);
  const layer = new CourseLSTM({ units: 3, returnSequences: true, seed: 5 });
  const out = layer.apply(x) as tf.Tensor;
  assert.ok(maxAbsDiff(out.dataSync(), (await lstmTrace(layer, xs)).hidden.flat()) < 1e-5);
  const dense = tf.layers.dense({ units: 2 });
  await assert.rejects(
    () => lstmTrace(dense, xs),
    /lstmTrace: argument 'layer' expected a CourseLSTM/,
  );
  assert.throws(
    () =>
      lstmTraceFromWeights({
        kernel: [[1, 1, 1, 1]],
        recurrentKernel: [[1, 1, 1, 1]],
        bias: [1, 2, 3, 4],
      }, [[NaN]]),
    /x\[0\]' expected finite numbers/,
  );
  tf.dispose([x, out]);
  layer.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("recurrent stacks: shapes, bidirectional width, seeds, errors", () => {
  const before = tf.memory().numTensors;
  const x = tf.ones([2, 6, 3]);
  for (const cell of ["lstm", "gru"] as const) {
    const m = buildSequenceRnn({
      timeSteps: 6,
      features: 3,
      units: [4, 3],
      cell,
      returnSequences: true,
      outputs: 2,
    });
    const y = m.predict(x) as tf.Tensor;
    assert.deepEqual(y.shape, [2, 6, 2]);
    const bi = buildSequenceRnn({
      timeSteps: 6,
      features: 3,
      units: [4],
      cell,
      bidirectional: true,
    });
    assert.deepEqual(bi.layers[0].outputShape, [null, 8]);
    const a = buildSequenceRnn({ timeSteps: 6, features: 3, units: [4], cell, seed: 9 });
    const b = buildSequenceRnn({ timeSteps: 6, features: 3, units: [4], cell, seed: 9 });
    const c = buildSequenceRnn({ timeSteps: 6, features: 3, units: [4], cell, seed: 10 });
    const [pa, pb, pc] = [a, b, c].map((mm) => mm.predict(x) as tf.Tensor);
    assert.deepEqual([...pa.dataSync()], [...pb.dataSync()]);
    assert.ok(maxAbsDiff(pa.dataSync(), pc.dataSync()) > 1e-4);
    tf.dispose([y, pa, pb, pc]);
    [m, bi, a, b, c].forEach((mm) => mm.dispose());
  }
  const layers = recurrentStack({ units: [4, 2], dropout: 0.3 });
  assert.deepEqual(layers.map((l) => l.getClassName()), [
    "CourseLSTM",
    "Dropout",
    "CourseLSTM",
    "Dropout",
  ]);
  assert.equal((layers[0] as CourseLSTM).returnSequences, true);
  assert.equal((layers[2] as CourseLSTM).returnSequences, false);
  assert.throws(() => recurrentStack({ units: [] }), /recurrentStack: argument 'options.units'/);
  assert.throws(() => recurrentStack({ units: [4], cell: "rnn" as "lstm" }), /options.cell/);
  assert.throws(() => recurrentStack({ units: [4], dropout: 1 }), /a rate in \[0, 1\)/);
  assert.throws(
    () => buildTextRnn({ units: [4], vocabSize: 10, maxLen: 5, classes: 1 }),
    /options.classes/,
  );
  x.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("text LSTM learns a keyword rule on the default backend and round-trips save/load", async () => {
  const before = tf.memory().numTensors;
  const r = rng(1);
  // class = 1 if token 3 appears anywhere in the (pre-padded) sequence, else 0
  const n = 64;
  const ids: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Array.from({ length: 8 }, () => 4 + r.int(10));
    if (i % 2 === 0) row[r.int(8)] = 3;
    ids.push(...row);
    labels.push(i % 2 === 0 ? 1 : 0);
  }
  const x = tf.tensor2d(ids, [n, 8], "int32");
  const y = tf.tensor1d(labels);
  const model = buildTextRnn({
    vocabSize: 14,
    maxLen: 8,
    classes: 2,
    units: [8],
    embeddingDim: 8,
    seed: 3,
  });
  const optimizer = tf.train.adam(0.03);
  model.compile({ optimizer, loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  const h = await model.fit(x, y, { epochs: 25, batchSize: 16, shuffle: false, verbose: 0 });
  const acc = h.history.acc as number[];
  assert.ok(acc[acc.length - 1] > 0.9, `accuracy ${acc.at(-1)}`);
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(tf.io.withSaveHandler((a) => {
    saved = a;
    return Promise.resolve({
      modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" },
    });
  }));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  const [p0, p1] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
  assert.ok(maxAbsDiff(p0.dataSync(), p1.dataSync()) < 1e-6);
  tf.dispose([x, y, p0, p1]);
  model.dispose();
  loaded.dispose();
  optimizer.dispose();
  assert.equal(tf.memory().numTensors, before);
});
