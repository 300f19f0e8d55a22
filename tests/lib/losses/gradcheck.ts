/**
 * Test helpers for losses: a float64 oracle of the loss in plain JS, its gradient by central
 * finite differences, and a comparison with tfjs's value and autodiff gradient (float32).
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../../lib/random.ts";

/** Inputs as flat float64 arrays with their shapes. */
export interface Inputs {
  values: number[][];
  shapes: number[][];
}

/** Seeded normal inputs of the given shapes. */
export function randomInputs(shapes: number[][], seed: number): Inputs {
  const r = rng(seed);
  return {
    values: shapes.map((s) => Array.from(r.normals(s.reduce((a, b) => a * b, 1)))),
    shapes,
  };
}

/** Central-difference gradient of a float64 oracle with respect to every input. */
export function numericGrad(oracle: (xs: number[][]) => number, xs: number[][], h = 1e-6) {
  return xs.map((x, k) =>
    x.map((_, i) => {
      const plus = xs.map((v) => [...v]);
      const minus = xs.map((v) => [...v]);
      plus[k][i] += h;
      minus[k][i] -= h;
      return (oracle(plus) - oracle(minus)) / (2 * h);
    })
  );
}

/**
 * Check that `lossFn` (tf) equals the float64 `oracle` in value and that its autodiff gradient
 * equals the oracle's finite-difference gradient, within float32 tolerances; also no leaks.
 */
export function checkLoss(
  lossFn: (...ts: tf.Tensor[]) => tf.Scalar,
  oracle: (xs: number[][]) => number,
  inputs: Inputs,
  tol = { value: 1e-5, grad: 2e-4 },
): { value: number; grads: number[][] } {
  const before = tf.memory().numTensors;
  const ts = inputs.values.map((v, i) => tf.tensor(v, inputs.shapes[i], "float32"));
  const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) => lossFn(...args))(ts);
  const got = value.dataSync()[0];
  const gotGrads = grads.map((g) => Array.from(g.dataSync()));
  tf.dispose([value, ...grads, ...ts]);
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  const want = oracle(inputs.values);
  assert.ok(
    Math.abs(got - want) <= tol.value * Math.max(1, Math.abs(want)),
    `value ${got} vs oracle ${want}`,
  );
  const fd = numericGrad(oracle, inputs.values);
  const scale = Math.max(1, ...fd.flat().map(Math.abs));
  fd.forEach((g, k) =>
    g.forEach((v, i) =>
      assert.ok(
        Math.abs(gotGrads[k][i] - v) <= tol.grad * scale,
        `grad[${k}][${i}] ${gotGrads[k][i]} vs finite difference ${v}`,
      )
    )
  );
  return { value: got, grads: gotGrads };
}

/** Split a flat row-major array into rows of length d. */
export function toRows(x: number[], d: number): number[][] {
  return Array.from({ length: x.length / d }, (_, i) => x.slice(i * d, (i + 1) * d));
}

/** Cosine similarity of two float64 vectors. */
export function cos(a: number[], b: number[]): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

/** log Σ exp(v) in float64. */
export function logSumExp(v: number[]): number {
  const m = Math.max(...v);
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
}
