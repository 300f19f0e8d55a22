import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { supConLoss } from "../../../lib/losses/contrastive.ts";
import {
  disposeProjectionParams,
  projectionForward,
  projectionParams,
  projectionVariables,
} from "../../../lib/models/projection.ts";
import { rng } from "../../../lib/random.ts";

await initBackend();

const read = (v: tf.Tensor) => Array.from(v.dataSync());

function randomX(n: number, d: number, seed: number): tf.Tensor2D {
  return tf.tensor2d(Array.from(rng(seed).normals(n * d)), [n, d]);
}

Deno.test("projection head: default shape 16 → 128 → 64, unit-norm rows, no leaks", () => {
  const before = tf.memory().numTensors;
  const p = projectionParams({ inputDim: 16 });
  assert.deepEqual(p.layers.map((l) => l.w.shape), [[16, 128], [128, 64]]);
  const x = randomX(5, 16, 1);
  const z = projectionForward(p, x);
  assert.deepEqual(z.shape, [5, 64]);
  const norms = tf.tidy(() => read(tf.norm(z, 2, 1)));
  norms.forEach((v) => assert.ok(Math.abs(v - 1) < 1e-5, `row norm ${v}`));
  tf.dispose([x, z]);
  disposeProjectionParams(p);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("projection head: equals a float64 oracle (LayerNorm + tanh, then L2 normalisation)", () => {
  const p = projectionParams({
    inputDim: 3,
    hidden: [4],
    outputDim: 2,
    activation: "tanh",
    layerNorm: true,
    seed: 3,
  });
  const [l1, l2] = p.layers;
  const w1 = read(l1.w), w2 = read(l2.w);
  const x = randomX(3, 3, 2);
  const got = projectionForward(p, x).arraySync() as number[][];
  (x.arraySync() as number[][]).forEach((row, r) => {
    const h = [0, 1, 2, 3].map((j) => row.reduce((s, xi, i) => s + xi * w1[i * 4 + j], 0));
    const m = h.reduce((a, b) => a + b) / 4;
    const v = h.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
    const a = h.map((hj) => Math.tanh((hj - m) / Math.sqrt(v + 1e-5)));
    const o = [0, 1].map((j) => a.reduce((s, ai, i) => s + ai * w2[i * 2 + j], 0));
    const n = Math.hypot(...o);
    o.forEach((oj, j) => assert.ok(Math.abs(got[r][j] - oj / n) < 1e-5));
  });
  x.dispose();
  disposeProjectionParams(p);
});

Deno.test("projection head: hidden [] is a linear map; normalize false keeps the scale", () => {
  const p = projectionParams({ inputDim: 2, hidden: [], outputDim: 2, normalize: false, seed: 1 });
  const x = tf.tensor2d([[1, 0], [0, 2]]);
  const z = projectionForward(p, x);
  const w = read(p.layers[0].w);
  assert.deepEqual(
    read(z).map((v) => Math.round(v * 1e5)),
    [
      w[0],
      w[1],
      2 * w[2],
      2 * w[3],
    ].map((v) => Math.round(v * 1e5)),
  );
  tf.dispose([x, z]);
  disposeProjectionParams(p);
});

Deno.test("projection head + SupCon: a few Adam steps lower the loss; same seed, same weights", () => {
  const before = tf.memory().numTensors;
  const labels = [0, 0, 1, 1, 2, 2, 0, 1];
  const x = tf.tidy(() => tf.add(randomX(8, 6, 5), tf.oneHot(labels, 6).mul(2)));
  const fit = () => {
    const p = projectionParams({
      inputDim: 6,
      hidden: [16],
      outputDim: 4,
      layerNorm: true,
      seed: 7,
    });
    const opt = tf.train.adam(0.05);
    const losses: number[] = [];
    for (let s = 0; s < 20; s++) {
      const l = opt.minimize(
        () => supConLoss(projectionForward(p, x), labels, 0.2),
        true,
        projectionVariables(p),
      )!;
      losses.push(l.dataSync()[0]);
      l.dispose();
    }
    const w = read(p.layers[0].w);
    opt.dispose();
    disposeProjectionParams(p);
    return { losses, w };
  };
  const a = fit(), b = fit();
  assert.ok(a.losses[19] < 0.7 * a.losses[0], `${a.losses[0]} → ${a.losses[19]}`);
  assert.deepEqual(a.w, b.w);
  x.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("projection head: bad config and input are rejected clearly", () => {
  assert.throws(
    () => projectionParams({ inputDim: 4, hidden: [0] }),
    /projectionParams: argument 'hidden\[0\]' expected an integer > 0, received 0/,
  );
  const p = projectionParams({ inputDim: 4, hidden: [3], outputDim: 2 });
  const x = tf.zeros([2, 3]);
  assert.throws(
    () => projectionForward(p, x),
    /projectionForward: argument 'x' expected a tensor of shape \[\*, 4\]/,
  );
  x.dispose();
  disposeProjectionParams(p);
});
