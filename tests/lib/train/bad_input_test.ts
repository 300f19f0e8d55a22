/**
 * Bad input at the training and inference boundary (issue #19): NaN/Inf in features never
 * becomes a plausible number (wasm's fused matmul + relu maps NaN to 0), and an error thrown
 * inside a step (shape check, loss) leaves no tensor behind.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  CourseInputError,
  propagateNonFinite,
  requireFiniteTensor,
  requireFiniteTensors,
} from "../../../lib/errors.ts";
import { buildMlp, disposeMlpParams, mlpForward, mlpParams } from "../../../lib/models/mlp.ts";
import { train } from "../../../lib/train/loop.ts";
import { createJepa, disposeJepa } from "../../../lib/jepa/model.ts";
import { trainJepa } from "../../../lib/jepa/train.ts";
import { predictInChunks } from "../../../lib/train/evaluate.ts";

await initBackend();

const CFG = { inputDim: 3, hidden: [4], output: { units: 1, activation: "linear" as const } };

Deno.test("requireFiniteTensor names the argument and the first bad row and column", async () => {
  const x = tf.tensor2d([[1, 2, 3], [4, 5, Infinity], [NaN, 0, 0]]);
  const v = tf.tensor1d([0, 1, NaN]);
  const fine = [tf.ones([2, 2]), tf.tensor1d([1], "int32"), tf.zeros([0, 3])];
  const before = tf.memory().numTensors;
  await assert.rejects(
    () => requireFiniteTensor("f", "x", x),
    (e: unknown) =>
      e instanceof CourseInputError &&
      e.message === "f: argument 'x' expected finite values, received Infinity at row 1, column 2",
  );
  await assert.rejects(() => requireFiniteTensors("g", { ok: fine[0], v }), /'v' .*NaN at index 2/);
  await requireFiniteTensors("g", { a: fine[0], none: undefined, ints: fine[1], empty: fine[2] });
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, v, ...fine]);
});

Deno.test("mlpForward and predictInChunks answer NaN for a NaN row, not a number", async () => {
  const params = mlpParams({ ...CFG, seed: 1 });
  const x = tf.tensor2d([[1, NaN, 2], [1, 2, 3]]);
  const model = buildMlp({ ...CFG, seed: 1 });
  const before = tf.memory().numTensors;
  const out = mlpForward(params, x);
  const p = await out.data();
  assert.ok(Number.isNaN(p[0]), `row 0 holds NaN: got ${p[0]} on ${tf.getBackend()}`);
  assert.ok(Number.isFinite(p[1]));
  const chunked = predictInChunks((xb) => model.predict(xb) as tf.Tensor, x, 1);
  const q = await chunked.data();
  assert.ok(Number.isNaN(q[0]) && Number.isFinite(q[1]), `predictInChunks gave ${q}`);
  tf.dispose([out, chunked]);
  assert.equal(tf.memory().numTensors, before);
  const ok = propagateNonFinite(x, tf.zeros([2, 1]));
  assert.deepEqual(Array.from(await ok.data()).map(Number.isNaN), [true, false]);
  tf.dispose([ok, x]);
  disposeMlpParams(params);
  model.dispose();
});

Deno.test("train rejects NaN in data.x or validationData naming the argument and row", async () => {
  const params = mlpParams({ ...CFG, seed: 2 });
  const x = tf.randomNormal([8, 3], 0, 1, "float32", 1);
  const y = tf.zeros([8, 1]);
  const vx = tf.tensor2d([[0, 0, 0], [1, NaN, 1]]);
  const vy = tf.zeros([2, 1]);
  const before = tf.memory().numTensors;
  const model = { params, forward: mlpForward };
  await assert.rejects(
    () => train(model, { x, y }, { epochs: 1, progress: false, validationData: { x: vx, y: vy } }),
    /train: argument 'validationData.x' expected finite values, received NaN at row 1, column 1/,
  );
  // A NaN feature is caught before training (on wasm it would train as 0); a bad target is
  // left to the step guard, which stops with a report (tests/lib/train/guards_test.ts).
  const xBad = tf.tensor2d([...Array(23).fill(0), Infinity], [8, 3]);
  await assert.rejects(
    () => train(model, { x: xBad, y }, { epochs: 1, progress: false }),
    /'data.x' expected finite values, received Infinity at row 7, column 2/,
  );
  assert.equal(tf.memory().numTensors, before + 1);
  tf.dispose([x, y, vx, vy, xBad]);
  disposeMlpParams(params);
});

Deno.test("errors inside a training step leak no tensor (functional and Layers)", async () => {
  const x = tf.randomNormal([16, 3], 0, 1, "float32", 3);
  const yWrong = tf.zeros([16, 2]);
  const y = tf.zeros([16, 1]);
  const params = mlpParams({ ...CFG, seed: 4 });
  const layers = buildMlp({ ...CFG, hidden: [8, 8], seed: 4 });
  const before = tf.memory().numTensors;
  for (const model of [{ params, forward: mlpForward }, layers]) {
    await assert.rejects(
      () => train(model, { x, y: yWrong }, { epochs: 1, progress: false }),
      /argument 'data.y' expected the model's output shape \[16, 1\]/,
    );
    await assert.rejects(
      () =>
        train(model, { x, y }, {
          epochs: 1,
          progress: false,
          loss: () => {
            throw new Error("loss failed");
          },
        }),
      /loss failed/,
    );
    assert.equal(tf.memory().numTensors, before, "tensors left after failed calls");
  }
  tf.dispose([x, y, yWrong]);
  disposeMlpParams(params);
  layers.dispose();
});

Deno.test("propagateNonFinite leaves int outputs, other shapes and empty batches as they are", async () => {
  const x = tf.tensor2d([[1, NaN], [0, 1]]);
  const ints = tf.tensor1d([2, 3], "int32");
  const other = tf.zeros([3]);
  const empty = tf.zeros([0, 2]);
  const emptyOut = tf.zeros([0, 1]);
  const out1 = tf.tensor1d([5, 6]);
  const before = tf.memory().numTensors;
  assert.equal(propagateNonFinite(x, ints), ints);
  assert.equal(propagateNonFinite(x, other), other);
  assert.equal(propagateNonFinite(empty, emptyOut), emptyOut);
  const rank1 = propagateNonFinite(x, out1);
  assert.deepEqual(Array.from(await rank1.data()).map(Number.isNaN), [true, false]);
  tf.dispose(rank1);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, ints, other, empty, emptyOut, out1]);
});

Deno.test("trainJepa names the window, step and feature of a NaN; nothing is left behind", async () => {
  const jepa = createJepa({
    encoder: { kind: "gru", inputDim: 2, hidden: 4, layers: 1, bidirectional: false, dModel: 4 },
    predictor: { kind: "mlp", hidden: 8, dropout: 0, maxHorizon: 1 },
    objective: { kind: "shift", maxHorizon: 1 },
    target: "ema",
    loss: "mse",
    seed: 1,
  });
  const data = Array.from({ length: 4 * 5 * 2 }, (_, i) => Math.sin(i));
  data[(2 * 5 + 3) * 2 + 1] = NaN; // window 2, step 3, feature 1
  const x = tf.tensor3d(data, [4, 5, 2]);
  const before = tf.memory().numTensors;
  await assert.rejects(
    () => trainJepa(jepa, x, { epochs: 1, batchSize: 2 }),
    /trainJepa: argument 'x' expected finite values, received NaN at row 2, step 3, feature 1/,
  );
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
  disposeJepa(jepa);
});
