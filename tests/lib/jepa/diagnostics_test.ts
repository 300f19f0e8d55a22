import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  collapseDiagnostics,
  detectCollapse,
  effectiveRank,
} from "../../../lib/jepa/diagnostics.ts";
import { latentLoss, randomDirections, sigregLoss, vicregTerms } from "../../../lib/jepa/losses.ts";
import { Rng } from "../../../lib/random.ts";

await initBackend();
const close = (a: number, b: number, tol = 1e-6) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

Deno.test("effectiveRank: singular values 3:1 give exp(H(0.75, 0.25)); rank 1 gives 1; equal gives d", () => {
  const Z = [[3, 1], [-3, 1], [3, -1], [-3, -1]];
  close(effectiveRank(Z), Math.exp(-(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25))));
  close(effectiveRank([[1, 2, 3], [2, 4, 6], [-1, -2, -3], [0, 0, 0]]), 1, 1e-6);
  const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [-1, 0, 0], [0, -1, 0], [0, 0, -1]];
  close(effectiveRank(eye), 3, 1e-9);
});

Deno.test("collapseDiagnostics + detectCollapse: one point is flagged, spread Gaussian rows are not", () => {
  const rng = new Rng(1);
  const healthy = Array.from({ length: 200 }, () => Array.from(rng.normals(8)));
  const d = collapseDiagnostics(healthy);
  assert.ok(Math.abs(d.stdMean * Math.sqrt(8) - 1) < 0.1, `std·√d ${d.stdMean * Math.sqrt(8)}`);
  assert.ok(Math.abs(d.meanCosine) < 0.1);
  assert.ok(d.effectiveRank > 7);
  assert.equal(detectCollapse(d).collapsed, false);
  const point = healthy.map((r) => r.map((v, j) => 1 + j + 1e-4 * v));
  const c = collapseDiagnostics(point);
  const verdict = detectCollapse(c);
  assert.equal(verdict.collapsed, true);
  assert.ok(verdict.reasons.some((r) => r.includes("spread")));
  assert.ok(verdict.reasons.some((r) => r.includes("cosine")));
  // shrinking the spread to 5% of a reference is flagged even when directions still vary
  const small = collapseDiagnostics(healthy.map((r) => r.map((v) => 0.05 * v)));
  assert.equal(detectCollapse(small).collapsed, false);
  assert.equal(detectCollapse(small, {}, d).collapsed, true);
  assert.throws(() => collapseDiagnostics([[1, 2]]), /collapseDiagnostics: argument 'Z'/);
});

Deno.test("latentLoss: MSE and smooth L1 by hand", () => {
  const before = tf.memory().numTensors;
  const p = tf.tensor2d([[0, 2], [1, 0.5]]);
  const t = tf.tensor2d([[0, 0], [0, 0]]);
  const mse = latentLoss(p, t, "mse");
  const sl1 = latentLoss(p, t, "smooth_l1");
  close(mse.dataSync()[0], (4 + 1 + 0.25) / 4);
  close(sl1.dataSync()[0], (0 + 1.5 + 0.5 + 0.125) / 4);
  const wrong = tf.zeros([2]);
  assert.throws(() => latentLoss(p, wrong, "mse"), /latentLoss: argument 'target'/);
  tf.dispose([p, t, mse, sl1, wrong]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("vicregTerms: hand-computed variance hinge and covariance", () => {
  // columns a = [1, -1, 1, -1]/2, b = [1, 1, -1, -1]·2: unbiased var 1/3 and 16/3, cov 0
  const z = tf.tensor2d([[0.5, 2], [-0.5, 2], [0.5, -2], [-0.5, -2]]);
  const { variance, covariance } = vicregTerms(z, { eps: 0 });
  close(variance.dataSync()[0], (1 - Math.sqrt(1 / 3) + 0) / 2, 1e-6);
  close(covariance.dataSync()[0], 0, 1e-6);
  // perfectly correlated columns: cov = var = 4/3, off-diagonal sum 2·(4/3)² over d = 2
  const z2 = tf.tensor2d([[1, 1], [-1, -1], [1, 1], [-1, -1]]);
  const v2 = vicregTerms(z2);
  close(v2.covariance.dataSync()[0], (2 * (4 / 3) ** 2) / 2, 1e-5);
  tf.dispose([z, z2, variance, covariance, v2.variance, v2.covariance]);
});

Deno.test("sigregLoss: near 0 for N(0, I) samples, large for a collapsed batch", () => {
  const rng = new Rng(2);
  const gauss = tf.tensor2d(Array.from({ length: 2000 }, () => Array.from(rng.normals(4))));
  const dirs = randomDirections(4, 16, rng);
  const g = sigregLoss(gauss, dirs).dataSync()[0];
  const collapsed = tf.fill([2000, 4], 0.5) as tf.Tensor2D;
  const c = sigregLoss(collapsed, dirs).dataSync()[0];
  // exact for a point mass at 0: N·2∫₀³ (1 − e^{−t²/2})² e^{−t²/2} dt ≈ 10·0.35 (trapezoid)
  const zero = sigregLoss(tf.zeros([10, 4]) as tf.Tensor2D, dirs).dataSync()[0];
  let ref = 0;
  for (let k = 0; k < 17; k++) {
    const t = (3 * k) / 16;
    ref += 2 * (1 - Math.exp(-t * t / 2)) ** 2 * Math.exp(-t * t / 2) * (3 / 16) *
      (k === 0 || k === 16 ? 0.5 : 1);
  }
  close(zero, 10 * ref, 1e-4);
  // under N(0, I) the N-scaled statistic stays O(1) (expectation ≈ 1.06), i.e. ≈ 0 per sample
  assert.ok(g < 3 && g / 2000 < 0.002, `gaussian ${g}`);
  assert.ok(c > 10 * g, `collapsed ${c} vs gaussian ${g}`);
  tf.dispose([gauss, dirs, collapsed]);
});
