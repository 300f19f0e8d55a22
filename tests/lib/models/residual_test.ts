import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  buildResidualMlp,
  disposeResidualMlpParams,
  residualMlpForward,
  type ResidualMlpParams,
  residualMlpParams,
  residualMlpVariables,
} from "../../../lib/models/residual.ts";
import { rng } from "../../../lib/random.ts";
import { train } from "../../../lib/train/loop.ts";

await initBackend();

const read = (v: tf.Tensor) => Array.from(v.dataSync());

/** float64 oracle of the pre-LN residual MLP from the variables' values. */
function oracle(p: ResidualMlpParams, x: number[][]): number[][] {
  const dense = (h: number[], d: { w: tf.Variable; b: tf.Variable }) => {
    const [fanIn, fanOut] = d.w.shape;
    const w = read(d.w), b = read(d.b);
    return Array.from({ length: fanOut }, (_, j) => {
      let s = b[j];
      for (let i = 0; i < fanIn; i++) s += h[i] * w[i * fanOut + j];
      return s;
    });
  };
  const ln = (h: number[], n: { gamma: tf.Variable; beta: tf.Variable }) => {
    const m = h.reduce((a, b) => a + b, 0) / h.length;
    const v = h.reduce((a, b) => a + (b - m) ** 2, 0) / h.length;
    const g = read(n.gamma), be = read(n.beta);
    return h.map((x, i) => ((x - m) / Math.sqrt(v + p.config.epsilon)) * g[i] + be[i]);
  };
  return x.map((row) => {
    let h = dense(row, p.stem);
    for (const blk of p.blocks) {
      const u = dense(ln(h, blk.norm), blk.up).map((z) => Math.max(0, z));
      const d = dense(u, blk.down);
      h = h.map((z, i) => z + d[i]);
    }
    return dense(ln(h, p.norm), p.head);
  });
}

function randomX(n: number, d: number, seed: number, scale = 1): tf.Tensor2D {
  return tf.tensor2d(Array.from(rng(seed).normals(n * d, 0, scale)), [n, d]);
}

Deno.test("residualMlpForward equals a float64 oracle of x + W2·relu(W1·LN(x)) (with fat-tailed x)", () => {
  const before = tf.memory().numTensors;
  const p = residualMlpParams({ inputDim: 5, width: 8, blocks: 3, outputDim: 2, seed: 3 });
  // give the LayerNorm scales/shifts non-trivial values so they are exercised
  p.blocks.forEach((b, i) => {
    tf.tidy(() => b.norm.gamma.assign(tf.fill([8], 1 + 0.1 * i)));
    tf.tidy(() => b.norm.beta.assign(tf.fill([8], -0.05 * i)));
  });
  const x = randomX(4, 5, 1, 30);
  const y = residualMlpForward(p, x);
  assert.deepEqual(y.shape, [4, 2]);
  const want = oracle(p, x.arraySync());
  const got = y.arraySync() as number[][];
  got.forEach((r, i) => r.forEach((v, j) => assert.ok(Math.abs(v - want[i][j]) < 1e-4)));
  tf.dispose([x, y]);
  disposeResidualMlpParams(p);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("buildResidualMlp starts with the same weights and outputs as residualMlpParams", () => {
  const before = tf.memory().numTensors;
  const cfg = { inputDim: 4, width: 6, blocks: 2, expansion: 3, seed: 9 };
  const model = buildResidualMlp(cfg);
  const p = residualMlpParams(cfg);
  const vars = residualMlpVariables(p);
  const layerWeights = model.getWeights();
  assert.equal(layerWeights.length, vars.length);
  layerWeights.forEach((w, i) => assert.deepEqual(read(w), read(vars[i])));
  const x = randomX(5, 4, 2);
  const a = model.predict(x) as tf.Tensor;
  const b = residualMlpForward(p, x);
  read(a).forEach((v, i) => assert.ok(Math.abs(v - read(b)[i]) < 1e-5));
  tf.dispose([x, a, b]);
  model.dispose();
  disposeResidualMlpParams(p);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("residual blocks: zeroed down-projections make every block the identity", () => {
  const before = tf.memory().numTensors;
  const p = residualMlpParams({ inputDim: 3, width: 4, blocks: 2, seed: 5 });
  const q = residualMlpParams({ inputDim: 3, width: 4, blocks: 0, seed: 5 });
  for (const b of p.blocks) tf.tidy(() => b.down.w.assign(tf.zerosLike(b.down.w)));
  // same stem and head in both: copy them over
  q.stem.w.assign(p.stem.w);
  q.head.w.assign(p.head.w);
  const x = randomX(3, 3, 4);
  const a = residualMlpForward(p, x), b = residualMlpForward(q, x);
  assert.deepEqual(read(a), read(b));
  tf.dispose([x, a, b]);
  disposeResidualMlpParams(p);
  disposeResidualMlpParams(q);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("residual MLP trains with the course loop: loss falls, no leaks, seed-repeatable", async () => {
  const before = tf.memory().numTensors;
  const run = async () => {
    const x = randomX(64, 4, 7);
    const y = tf.tidy(() => tf.sum(x, 1, true));
    const p = residualMlpParams({ inputDim: 4, width: 8, blocks: 2, seed: 1 });
    const h = await train(
      { params: p, forward: (pp, xx) => residualMlpForward(pp, xx) },
      { x, y },
      { epochs: 15, batchSize: 16, lr: 1e-2, seed: 2, progress: false },
    );
    tf.dispose([x, y]);
    disposeResidualMlpParams(p);
    return h.loss;
  };
  const l1 = await run(), l2 = await run();
  assert.ok(l1[l1.length - 1] < 0.2 * l1[0], `loss ${l1[0]} → ${l1[l1.length - 1]}`);
  l1.forEach((v, i) => assert.ok(Math.abs(v - l2[i]) < 1e-6));
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("residual MLP: bad config and input are rejected clearly", () => {
  assert.throws(
    () => residualMlpParams({ inputDim: 0 }),
    /residualMlpParams: argument 'inputDim' expected an integer > 0, received 0/,
  );
  assert.throws(
    () => buildResidualMlp({ inputDim: 2, activation: "gelu" as never }),
    /buildResidualMlp: argument 'activation' expected relu \| elu/,
  );
  const p = residualMlpParams({ inputDim: 3, width: 4, blocks: 1 });
  const x = tf.zeros([2, 5]);
  assert.throws(
    () => residualMlpForward(p, x),
    /residualMlpForward: argument 'x' expected a tensor of shape \[\*, 3\], received tensor of shape \[2, 5\]/,
  );
  x.dispose();
  disposeResidualMlpParams(p);
});
