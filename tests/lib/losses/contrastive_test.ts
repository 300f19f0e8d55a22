import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  cosineContrastiveLoss,
  infoNceLoss,
  ntXentLoss,
  pairwiseCosine,
  supConLoss,
  tripletLoss,
} from "../../../lib/losses/contrastive.ts";
import { l2NormalizeRows } from "../../../lib/nn/normalize.ts";
import { checkLoss, cos, logSumExp, randomInputs, toRows } from "./gradcheck.ts";

await initBackend();

const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

function value(f: () => tf.Scalar): number {
  const t = f();
  const v = t.dataSync()[0];
  t.dispose();
  return v;
}

const N = 5, D = 3;

// ---- float64 oracles ------------------------------------------------------------------------

const contrastive64 = (labels: number[], margin: number) => ([a, b]: number[][]) => {
  const A = toRows(a, D), B = toRows(b, D);
  return labels.reduce((s, y, i) => {
    const c = cos(A[i], B[i]);
    return s + (y ? (1 - c) ** 2 : Math.max(0, c - margin) ** 2);
  }, 0) / labels.length;
};

const triplet64 = (margin: number, kind: "cosine" | "euclidean") => ([a, p, n]: number[][]) => {
  const [A, P, Q] = [a, p, n].map((x) => toRows(x, D));
  const d = (u: number[], v: number[]) =>
    kind === "cosine" ? 1 - cos(u, v) : Math.sqrt(u.reduce((s, ui, i) => s + (ui - v[i]) ** 2, 0));
  return A.reduce((s, ai, i) => s + Math.max(0, d(ai, P[i]) - d(ai, Q[i]) + margin), 0) / A.length;
};

/** −mean log softmax over candidates, positives given per anchor (self excluded by caller). */
function ce64(sims: number[][], positives: number[][], candidates: number[][]): number {
  let total = 0, anchors = 0;
  sims.forEach((row, i) => {
    if (positives[i].length === 0) return;
    const lse = logSumExp(candidates[i].map((j) => row[j]));
    total += -positives[i].reduce((s, p) => s + row[p] - lse, 0) / positives[i].length;
    anchors++;
  });
  return total / anchors;
}

const simMatrix = (X: number[][], Y: number[][], t: number) =>
  X.map((x) => Y.map((y) => cos(x, y) / t));

const infoNce64 = (t: number, symmetric: boolean) => ([q, k]: number[][]) => {
  const Q = toRows(q, D), K = toRows(k, D);
  const all = Q.map(() => Q.map((_, j) => j));
  const fwd = ce64(simMatrix(Q, K, t), Q.map((_, i) => [i]), all);
  if (!symmetric) return fwd;
  return 0.5 * (fwd + ce64(simMatrix(K, Q, t), Q.map((_, i) => [i]), all));
};

const supCon64 = (labels: number[], t: number) => ([z]: number[][]) => {
  const Z = toRows(z, D);
  const others = Z.map((_, i) => Z.map((_, j) => j).filter((j) => j !== i));
  const pos = others.map((o, i) => o.filter((j) => labels[j] === labels[i]));
  return ce64(simMatrix(Z, Z, t), pos, others);
};

const ntXent64 = (t: number) => ([a, b]: number[][]) => {
  const n = a.length / D;
  const labels = [...Array(n).keys(), ...Array(n).keys()];
  return supCon64(labels, t)([[...a, ...b]]);
};

// ---- hand-computed values -------------------------------------------------------------------

Deno.test("cosineContrastiveLoss: hand values (positive at cos 0, negative above margin)", () => {
  const a = tf.tensor2d([[1, 0], [1, 0], [1, 0]]);
  const b = tf.tensor2d([[0, 2], [1, 1], [0, 1]]);
  // pos cos 0 → 1; neg cos √½ → (√½ - 0.5)²; neg cos 0 below margin → 0
  const want = (1 + (Math.SQRT1_2 - 0.5) ** 2 + 0) / 3;
  close(value(() => cosineContrastiveLoss(a, b, [1, 0, 0], 0.5)), want);
  const yTensor = tf.tensor1d([1, 0, 0]);
  close(value(() => cosineContrastiveLoss(a, b, yTensor, 0.5)), want);
  tf.dispose([a, b, yTensor]);
});

Deno.test("tripletLoss: hand values for cosine and Euclidean distances", () => {
  const a = tf.tensor2d([[1, 0]]), p = tf.tensor2d([[1, 1]]), n = tf.tensor2d([[0, 3]]);
  // cosine: d(a,p) = 1 - √½, d(a,n) = 1 → max(0, -√½ + 0.2) = 0; margin 1 → 1 - √½
  close(value(() => tripletLoss(a, p, n)), 0);
  close(value(() => tripletLoss(a, p, n, { margin: 1 })), 1 - Math.SQRT1_2);
  // euclidean: d(a,p) = 1, d(a,n) = √10 → 1 - √10 + 3
  close(value(() => tripletLoss(a, p, n, { margin: 3, distance: "euclidean" })), 4 - Math.sqrt(10));
  tf.dispose([a, p, n]);
});

Deno.test("infoNceLoss / ntXentLoss / supConLoss: hand values on orthogonal unit vectors", () => {
  const e = tf.tensor2d([[1, 0], [0, 1]]);
  close(value(() => infoNceLoss(e, e, 0.1)), Math.log1p(Math.exp(-10)));
  // each of 4 views: twin at cos 1, two others at cos 0 → log(1 + 2e^(-1/τ)), τ = 0.5
  close(value(() => ntXentLoss(e, e, 0.5)), Math.log1p(2 * Math.exp(-2)));
  const z = tf.tensor2d([[1, 0], [2, 0], [0, 1]]);
  // anchors 0 and 1: positive at cos 1 vs one negative at cos 0; anchor 2 has no positive
  close(value(() => supConLoss(z, [0, 0, 1], 1)), Math.log1p(Math.exp(-1)));
  tf.dispose([e, z]);
});

// ---- values and gradients against the float64 oracles ----------------------------------------

Deno.test("cosineContrastiveLoss: value and gradient match the float64 oracle", () => {
  const labels = [1, 0, 1, 0, 0];
  for (const margin of [0.5, -0.2]) {
    checkLoss(
      (a, b) => cosineContrastiveLoss(a as tf.Tensor2D, b as tf.Tensor2D, labels, margin),
      contrastive64(labels, margin),
      randomInputs([[N, D], [N, D]], 11),
    );
  }
});

Deno.test("tripletLoss: value and gradient match the oracle (cosine, Euclidean)", () => {
  for (const kind of ["cosine", "euclidean"] as const) {
    checkLoss(
      (a, p, n) =>
        tripletLoss(a as tf.Tensor2D, p as tf.Tensor2D, n as tf.Tensor2D, {
          margin: 0.5,
          distance: kind,
        }),
      triplet64(0.5, kind),
      randomInputs([[N, D], [N, D], [N, D]], 12),
    );
  }
});

Deno.test("infoNceLoss: value and gradient match the oracle, one-way and symmetric", () => {
  for (const symmetric of [false, true]) {
    checkLoss(
      (q, k) => infoNceLoss(q as tf.Tensor2D, k as tf.Tensor2D, 0.2, { symmetric }),
      infoNce64(0.2, symmetric),
      randomInputs([[N, D], [N, D]], 13),
    );
  }
});

Deno.test("ntXentLoss: value and gradient match the oracle", () => {
  checkLoss(
    (a, b) => ntXentLoss(a as tf.Tensor2D, b as tf.Tensor2D, 0.3),
    ntXent64(0.3),
    randomInputs([[4, D], [4, D]], 14),
  );
});

Deno.test("supConLoss: value and gradient match the oracle (a singleton class is skipped)", () => {
  const labels = [0, 1, 0, 2, 1, 1];
  checkLoss(
    (z) => supConLoss(z as tf.Tensor2D, labels, 0.1),
    supCon64(labels, 0.1),
    randomInputs([[6, D]], 15),
    { value: 2e-5, grad: 5e-4 },
  );
});

Deno.test("supConLoss with one label per pair of views equals ntXentLoss", () => {
  const { values } = randomInputs([[4, D], [4, D]], 16);
  const a = tf.tensor2d(values[0], [4, D]), b = tf.tensor2d(values[1], [4, D]);
  const z = tf.concat([a, b]) as tf.Tensor2D;
  const labels = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3]);
  close(value(() => supConLoss(z, labels, 0.4)), value(() => ntXentLoss(a, b, 0.4)));
  tf.dispose([a, b, z, labels]);
});

Deno.test("pairwiseCosine: entries are the pairwise cosines; zero rows give finite gradients", () => {
  const { values } = randomInputs([[3, D], [2, D]], 17);
  const a = tf.tensor2d(values[0], [3, D]), b = tf.tensor2d(values[1], [2, D]);
  const m = pairwiseCosine(a, b);
  const got = m.arraySync();
  toRows(values[0], D).forEach((x, i) =>
    toRows(values[1], D).forEach((y, j) => close(got[i][j], cos(x, y)))
  );
  const zero = tf.zeros([2, D]) as tf.Tensor2D;
  const g = tf.grad((x: tf.Tensor) => ntXentLoss(x as tf.Tensor2D, b))(zero);
  assert.ok(Array.from(g.dataSync()).every(Number.isFinite));
  tf.dispose([a, b, m, zero, g]);
});

Deno.test("contrastive losses: bad input is rejected with a clear message, leaving no tensors", () => {
  const a = tf.tensor2d([[1, 0], [0, 1]]), b = tf.tensor2d([[1, 0, 0]]);
  const before = tf.memory().numTensors;
  assert.throws(
    () => cosineContrastiveLoss(a, a, [1, 2]),
    /cosineContrastiveLoss: argument 'labels' expected labels 0 or 1, received 2 at index 1/,
  );
  assert.throws(() => cosineContrastiveLoss(a, a, [1]), /expected 2 labels \(one per row\)/);
  assert.throws(() => cosineContrastiveLoss(a, a, [1, 0], 1), /'margin' expected a cosine margin/);
  assert.throws(() => tripletLoss(a, a, b), /tripletLoss: argument 'negative' expected shape/);
  assert.throws(
    () => tripletLoss(a, a, a, { distance: "l1" as never }),
    /'opts.distance' expected cosine \| euclidean/,
  );
  assert.throws(() => infoNceLoss(a, a, 0), /infoNceLoss: argument 'temperature' expected/);
  assert.throws(() => ntXentLoss(b, b), /ntXentLoss: argument 'z1' expected at least 2 rows/);
  assert.throws(() => supConLoss(a, [0, 1]), /supConLoss: argument 'labels' expected at least two/);
  assert.throws(() => supConLoss(a, [0.5, 0.5]), /expected integer labels, received 0.5/);
  assert.throws(() => pairwiseCosine(a, b), /pairwiseCosine: argument 'b' expected 2 columns/);
  const three = tf.tensor1d([1, 0, 1]);
  assert.throws(
    () => cosineContrastiveLoss(a, a, three),
    /cosineContrastiveLoss: argument 'labels' expected a tensor of shape \[2\], received tensor of shape \[3\]/,
  );
  const ints = tf.tensor1d([1, 2], "int32");
  assert.throws(
    () => l2NormalizeRows(ints),
    /l2NormalizeRows: argument 'x' expected a float32 tensor, received tensor of shape \[2\] and dtype int32/,
  );
  tf.dispose([ints, three]);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([a, b]);
});

Deno.test("supConLoss with array labels leaves no tensor behind (it once leaked one per call)", () => {
  const z = tf.tensor2d([[1, 0], [0, 1], [1, 1]]);
  const before = tf.memory().numTensors;
  const loss = supConLoss(z, [0, 0, 1]);
  assert.ok(Number.isFinite(loss.dataSync()[0]) && loss.dataSync()[0] > 0);
  loss.dispose();
  assert.equal(tf.memory().numTensors, before);
  z.dispose();
});
