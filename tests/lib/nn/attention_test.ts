import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  initTransformerBlock,
  multiHeadSelfAttention,
  transformerBlock,
} from "../../../lib/nn/attention.ts";
import {
  disposeParams,
  gelu,
  ParamInit,
  type ParamMap,
  sinusoidalPositions,
} from "../../../lib/nn/params.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();

const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

function identityParams(d: number): ParamMap {
  const p: ParamMap = {};
  for (const k of ["q", "k", "v", "o"]) {
    p[`a/${k}/w`] = tf.tidy(() => tf.variable(tf.eye(d)));
    p[`a/${k}/b`] = tf.tidy(() => tf.variable(tf.zeros([d])));
  }
  return p;
}

Deno.test("attention: one head, identity projections, hand-computed softmax", () => {
  const before = tf.memory().numTensors;
  const p = identityParams(2);
  const x = tf.tensor3d([[[1, 0], [0, 2]]]);
  const { output, weights } = tf.tidy(() => {
    const r = multiHeadSelfAttention(p, "a", x, 1, { returnWeights: true });
    return { output: r.output, weights: r.weights as tf.Tensor4D };
  });
  // scores = x·xᵀ/√2 = [[1, 0], [0, 4]]/√2
  const s = Math.SQRT1_2;
  const w0 = [Math.exp(s) / (Math.exp(s) + 1), 1 / (Math.exp(s) + 1)];
  const w1 = [1 / (1 + Math.exp(4 * s)), Math.exp(4 * s) / (1 + Math.exp(4 * s))];
  const gotW = weights.dataSync();
  [...w0, ...w1].forEach((v, i) => close(gotW[i], v));
  const out = output.dataSync();
  // row i = Σ_j w_ij · x_j
  close(out[0], w0[0] * 1);
  close(out[1], w0[1] * 2);
  close(out[2], w1[0] * 1);
  close(out[3], w1[1] * 2);
  tf.dispose([x, output, weights]);
  disposeParams(p);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("attention: two heads with random weights equal a loop-by-loop reference", () => {
  const [b, n, d, h] = [2, 3, 4, 2];
  const p: ParamMap = {};
  new ParamInit(p, new Rng(5)).dense("a/q", d, d);
  const init = new ParamInit(p, new Rng(6));
  init.dense("a/k", d, d);
  init.dense("a/v", d, d);
  init.dense("a/o", d, d);
  for (const k of ["q", "k", "v", "o"]) {
    p[`a/${k}/b`].assign(tf.randomNormal([d], 0, 0.1, "float32", 9));
  }
  const x = tf.randomNormal([b, n, d], 0, 1, "float32", 7) as tf.Tensor3D;
  const got = multiHeadSelfAttention(p, "a", x, h).output.arraySync() as number[][][];
  const W = (k: string) => p[`a/${k}/w`].arraySync() as number[][];
  const B = (k: string) => Array.from(p[`a/${k}/b`].dataSync());
  const lin = (v: number[], k: string) =>
    B(k).map((bb, j) => bb + v.reduce((s, vi, i) => s + vi * W(k)[i][j], 0));
  const X = x.arraySync() as number[][][];
  const dh = d / h;
  for (let bi = 0; bi < b; bi++) {
    const Q = X[bi].map((r) => lin(r, "q"));
    const K = X[bi].map((r) => lin(r, "k"));
    const V = X[bi].map((r) => lin(r, "v"));
    for (let i = 0; i < n; i++) {
      const mixed: number[] = [];
      for (let hh = 0; hh < h; hh++) {
        const sl = (r: number[]) => r.slice(hh * dh, (hh + 1) * dh);
        const sc = K.map((k) => sl(Q[i]).reduce((s, q, t) => s + q * sl(k)[t], 0) / Math.sqrt(dh));
        const m = Math.max(...sc);
        const e = sc.map((v) => Math.exp(v - m));
        const z = e.reduce((s, v) => s + v, 0);
        for (let t = 0; t < dh; t++) {
          mixed.push(V.reduce((s, v, j) => s + (e[j] / z) * sl(v)[t], 0));
        }
      }
      lin(mixed, "o").forEach((v, j) => close(got[bi][i][j], v, 1e-4));
    }
  }
  x.dispose();
  disposeParams(p);
});

Deno.test("transformerBlock: with zero output projections it is the identity (residual path)", () => {
  const p: ParamMap = {};
  initTransformerBlock(new ParamInit(p, new Rng(1)), "blk", 4, 2);
  for (const k of ["blk/attn/o/w", "blk/attn/o/b", "blk/fc2/w", "blk/fc2/b"]) {
    p[k].assign(tf.zerosLike(p[k]));
  }
  const x = tf.randomNormal([2, 3, 4], 0, 1, "float32", 3) as tf.Tensor3D;
  const y = tf.tidy(() => transformerBlock(p, "blk", x, 2));
  assert.deepEqual(Array.from(y.dataSync()), Array.from(x.dataSync()));
  tf.dispose([x, y]);
  disposeParams(p);
});

Deno.test("gelu and sinusoidal positions match their formulas", () => {
  const g = tf.tidy(() => gelu(tf.tensor1d([-1, 0, 2])).dataSync());
  const ref = (x: number) =>
    0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
  [-1, 0, 2].forEach((x, i) => close(g[i], ref(x)));
  const pe = sinusoidalPositions(3, 4);
  const v = pe.arraySync();
  close(v[2][0], Math.sin(2));
  close(v[2][1], Math.cos(2));
  close(v[2][2], Math.sin(2 / 100));
  close(v[2][3], Math.cos(2 / 100));
  pe.dispose();
  assert.throws(() => sinusoidalPositions(0, 4), /sinusoidalPositions: argument 'n'/);
});
