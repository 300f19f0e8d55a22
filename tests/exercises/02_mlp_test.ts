/** Grader tests for exercise 02 (MLP pieces): run against solutions/ or the student's exercises/. */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { exerciseModule } from "./target.ts";

await initBackend();
const m: typeof import("../../solutions/02_mlp/mlp.ts") = await exerciseModule("02_mlp", "mlp.ts");

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) {
  assert.equal(a.length, b.length, "length");
  for (let i = 0; i < a.length; i++) {
    assert.ok(
      Math.abs(a[i] - b[i]) <= tol * Math.max(1, Math.abs(b[i])),
      `[${i}] ${a[i]} vs ${b[i]}`,
    );
  }
}
const normCdf = (x: number) => {
  // high-accuracy reference by Simpson's rule on the density from 0 to |x|
  const n = 2000, h = Math.abs(x) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const w = i === 0 || i === n ? 1 : i % 2 ? 4 : 2;
    s += w * Math.exp(-0.5 * (i * h) ** 2);
  }
  const half = (s * h) / 3 / Math.sqrt(2 * Math.PI);
  return x >= 0 ? 0.5 + half : 0.5 - half;
};

Deno.test("denseForward: x·w + b with linear, relu and sigmoid (hand-computed)", () => {
  const x = tf.tensor2d([[1, 2], [-1, 0.5]]);
  const w = tf.tensor2d([[1, -1, 0], [2, 0.5, -3]]);
  const b = tf.tensor1d([0.5, -1, 1]);
  const before = tf.memory().numTensors;
  // row 1: [1+4+0.5, -1+1-1, 0-6+1] = [5.5, -1, -5]; row 2: [-1+1+0.5, 1+0.25-1, 0-1.5+1] = [0.5, 0.25, -0.5]
  const lin = m.denseForward(x, w, b, "linear");
  close(lin.dataSync(), [5.5, -1, -5, 0.5, 0.25, -0.5]);
  assert.deepEqual(lin.shape, [2, 3]);
  const relu = m.denseForward(x, w, b, "relu");
  close(relu.dataSync(), [5.5, 0, 0, 0.5, 0.25, 0]);
  const sig = m.denseForward(x, w, b, "sigmoid");
  close(sig.dataSync(), [5.5, -1, -5, 0.5, 0.25, -0.5].map((z) => 1 / (1 + Math.exp(-z))));
  assert.equal(tf.memory().numTensors, before + 3, "only the three results stay allocated");
  tf.dispose([x, w, b, lin, relu, sig]);
});

Deno.test("sgdStep: p − lr·g for each parameter, inputs unchanged", () => {
  const p = [tf.tensor1d([1, 2]), tf.tensor2d([[3]])];
  const g = [tf.tensor1d([0.5, -1]), tf.tensor2d([[10]])];
  const next = m.sgdStep(p, g, 0.1);
  close(next[0].dataSync(), [0.95, 2.1]);
  close(next[1].dataSync(), [2]);
  assert.deepEqual(next[1].shape, [1, 1]);
  close(p[0].dataSync(), [1, 2]);
  tf.dispose([...p, ...g, ...next]);
});

Deno.test("adamStep: two steps equal the hand-computed Adam updates", () => {
  const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  let p: tf.Tensor = tf.tensor1d([1, -2]);
  let state = { m: tf.zeros([2]), v: tf.zeros([2]), t: 0 };
  const gs = [[0.5, -4], [1, 2]];
  // reference in float64
  let pr = [1, -2], mr = [0, 0], vr = [0, 0];
  for (let t = 1; t <= 2; t++) {
    const g = tf.tensor1d(gs[t - 1]);
    const out = m.adamStep(p, g, state, { lr, beta1: b1, beta2: b2, eps });
    tf.dispose([p, g, state.m, state.v]);
    p = out.param;
    state = out.state;
    mr = mr.map((v, i) => b1 * v + (1 - b1) * gs[t - 1][i]);
    vr = vr.map((v, i) => b2 * v + (1 - b2) * gs[t - 1][i] ** 2);
    pr = pr.map((v, i) =>
      v - (lr * (mr[i] / (1 - b1 ** t))) / (Math.sqrt(vr[i] / (1 - b2 ** t)) + eps)
    );
    assert.equal(state.t, t);
    close(state.m.dataSync(), mr);
    close(state.v.dataSync(), vr);
    close(p.dataSync(), pr);
    // the first step is lr·sign(g): Adam's step size does not depend on the gradient's scale
    if (t === 1) close(p.dataSync(), [1 - lr, -2 + lr]);
  }
  tf.dispose([p, state.m, state.v]);
});

Deno.test("bsDeltaByGrad: equals N(d1) and the lecture's Deltas [0.3094, 0.6368, 0.7933]", () => {
  const S = [90, 100, 110], T = [0.5, 1, 1.5];
  const before = tf.memory().numTensors;
  const d = m.bsDeltaByGrad(S, 100, T, 0.05, 0.2);
  assert.equal(tf.memory().numTensors, before, "no tensor leaked");
  close(d, [0.3094, 0.6368, 0.7933], 1e-3);
  const exact = S.map((s, i) => {
    const d1 = (Math.log(s / 100) + (0.05 + 0.02) * T[i]) / (0.2 * Math.sqrt(T[i]));
    return normCdf(d1);
  });
  close(d, exact, 1e-5);
  close(m.bsDeltaByGrad([100], 105, [1], 0.05, 0.2), [0.5422], 1e-3);
});

Deno.test("binaryCrossEntropy: hand-computed mean, clipping, and the same value as tf.losses.logLoss", () => {
  const y = tf.tensor1d([1, 0, 1, 0]);
  const p = tf.tensor1d([0.9, 0.2, 0.6, 0.5]);
  const loss = m.binaryCrossEntropy(y, p);
  const want = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6) + Math.log(0.5)) / 4;
  close([loss.dataSync()[0]], [want]);
  assert.equal(loss.rank, 0);
  const sure = m.binaryCrossEntropy(tf.tensor1d([1]), tf.tensor1d([0]));
  const v = sure.dataSync()[0];
  assert.ok(Number.isFinite(v) && Math.abs(v + Math.log(1e-7)) < 0.05, `clipped loss ${v}`);
  const ref = tf.losses.logLoss(y, p, undefined, 1e-7);
  close([loss.dataSync()[0]], [ref.dataSync()[0]], 1e-4);
  tf.dispose([y, p, loss, sure, ref]);
});
