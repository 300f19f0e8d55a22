/** Tests of lib/models/mlp.ts: both styles agree, seeded dropout behaves, inputs are checked. */
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
import {
  fillDropoutMask,
  SeededDropout,
  seededDropout,
} from "../../../lib/models/seeded_dropout.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

const CFG = {
  inputDim: 10,
  hidden: [64, 32],
  dropout: 0.3,
  output: { units: 1, activation: "sigmoid" as const },
  seed: 11,
};

Deno.test("buildMlp and mlpParams start from the same weights and compute the same function", () => {
  const before = tf.memory().numTensors;
  const model = buildMlp(CFG);
  const params = mlpParams(CFG);
  // 10·64 + 64 + 64·32 + 32 + 32·1 + 1 parameters
  assert.equal(model.countParams(), 2817);
  const ours = mlpVariables(params);
  assert.equal(ours.reduce((a, v) => a + v.size, 0), 2817);
  const theirs = model.getWeights();
  ours.forEach((v, i) =>
    assert.deepEqual(Array.from(v.dataSync()), Array.from(theirs[i].dataSync()))
  );
  const gap = tf.tidy(() => {
    const x = tf.randomNormal([16, 10], 0, 1, "float32", 3);
    const a = model.predict(x) as tf.Tensor;
    const b = mlpForward(params, x);
    return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  });
  assert.ok(gap < 1e-5, `gap ${gap}`);
  model.dispose();
  disposeMlpParams(params);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("different seeds give different initial weights", () => {
  const before = tf.memory().numTensors;
  const a = mlpParams({ ...CFG, seed: 1 });
  const b = mlpParams({ ...CFG, seed: 2 });
  assert.notDeepEqual(Array.from(a.layers[0].w.dataSync()), Array.from(b.layers[0].w.dataSync()));
  disposeMlpParams(a);
  disposeMlpParams(b);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("dropout masks: rate of zeros, survivor scale, fresh per call, repeatable by seed", () => {
  const m1: Float32Array = fillDropoutMask(new Float32Array(200000), 0.3, new Rng(1));
  const zeros = m1.filter((v) => v === 0).length / m1.length;
  // binomial standard error sqrt(0.3·0.7/2e5) ≈ 0.001
  assert.ok(Math.abs(zeros - 0.3) < 0.005, `zero fraction ${zeros}`);
  const keep = m1.find((v) => v !== 0) as number;
  assert.ok(Math.abs(keep - 1 / 0.7) < 1e-4);
  const mean = m1.reduce((a, b) => a + b, 0) / m1.length;
  assert.ok(Math.abs(mean - 1) < 0.01, `mean ${mean}`);
  const r = new Rng(1);
  const again = fillDropoutMask(new Float32Array(200000), 0.3, r);
  assert.deepEqual(again, m1);
  const next = fillDropoutMask(new Float32Array(200000), 0.3, r);
  assert.notDeepEqual(next, m1);
});

Deno.test("mlpForward: dropout only in training, seeded; layers model likewise", () => {
  const before = tf.memory().numTensors;
  const params = mlpParams(CFG);
  const model = buildMlp(CFG);
  tf.tidy(() => {
    const x = tf.ones([4, 10]);
    const evalA = mlpForward(params, x).dataSync();
    const evalB = mlpForward(params, x, { training: false }).dataSync();
    assert.deepEqual(evalA, evalB);
    const t1 = mlpForward(params, x, { training: true, rng: new Rng(9) }).dataSync();
    const t2 = mlpForward(params, x, { training: true, rng: new Rng(9) }).dataSync();
    assert.deepEqual(t1, t2);
    assert.notDeepEqual(t1, evalA);
    const l1 = (model.apply(x, { training: true }) as tf.Tensor).dataSync();
    const l2 = (model.apply(x, { training: true }) as tf.Tensor).dataSync();
    assert.notDeepEqual(l1, l2); // a fresh mask per call (tfjs's Dropout repeats one per seed)
    const inf = (model.apply(x) as tf.Tensor).dataSync();
    assert.ok(Math.abs(inf[0] - evalA[0]) < 1e-5);
    const logits = mlpForward(params, x, { logits: true }).dataSync();
    assert.ok(Math.abs(1 / (1 + Math.exp(-logits[0])) - evalA[0]) < 1e-6);
  });
  const d = tf.tidy(() =>
    seededDropout(tf.ones([1000]), 0.5, new Rng(2)).dataSync()
  ) as Float32Array;
  assert.ok(d.every((v) => v === 0 || v === 2));
  model.dispose();
  disposeMlpParams(params);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("MLP builders reject bad configurations and inputs with clear messages", () => {
  assert.throws(() => buildMlp({ ...CFG, hidden: [64, 0] }), /buildMlp: argument 'hidden\[1\]'/);
  assert.throws(
    () => mlpParams({ ...CFG, dropout: 1 }),
    /mlpParams: argument 'dropout' expected a rate in \[0, 1\)/,
  );
  assert.throws(
    () => buildMlp({ ...CFG, activation: "swish" as never }),
    /argument 'activation' expected relu \| elu/,
  );
  assert.throws(
    () => buildMlp({ ...CFG, output: { units: 1, activation: "relu" as never } }),
    /argument 'output.activation'/,
  );
  const params = mlpParams(CFG);
  const x = tf.ones([2, 3]);
  assert.throws(
    () => mlpForward(params, x),
    /mlpForward: argument 'x' expected a tensor of shape \[\*, 10\], received tensor of shape \[2, 3\]/,
  );
  const x10 = tf.ones([2, 10]);
  assert.throws(
    () => mlpForward(params, x10, { training: true }),
    /argument 'opts.rng' expected an Rng/,
  );
  tf.dispose([x, x10]);
  disposeMlpParams(params);
});

Deno.test("seededDropout and SeededDropout reject bad input with clear messages", () => {
  const before = tf.memory().numTensors;
  const x = tf.ones([4, 5]);
  assert.throws(
    () => seededDropout([1, 2] as unknown as tf.Tensor, 0.5, new Rng(1)),
    /seededDropout: argument 'x' expected a tensor, received array of length 2/,
  );
  assert.throws(
    () => seededDropout(x, 0.5, undefined as unknown as Rng),
    /seededDropout: argument 'rng' expected an Rng, received undefined/,
  );
  assert.throws(
    () => new SeededDropout({ rate: 1.5, seed: 1 }),
    /dropoutKeepScale: argument 'rate' expected a rate in \[0, 1\), received 1.5/,
  );
  assert.throws(
    () => new SeededDropout({ rate: 0.1, seed: 0.5 }),
    /SeededDropout: argument 'seed' expected an integer, received 0.5/,
  );
  x.dispose();
  assert.equal(tf.memory().numTensors, before);
});
