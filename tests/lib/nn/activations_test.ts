import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import {
  ACTIVATION_NAMES,
  activationCurve,
  activationPair,
  LEAKY_RELU_ALPHA,
  linspace,
} from "../../../lib/nn/activations.ts";
import { CourseInputError } from "../../../lib/errors.ts";

await initBackend();

const close = (a: number, b: number, tol = 1e-5) =>
  assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

const sig = (x: number) => 1 / (1 + Math.exp(-x));
/** Hand-written closed forms in plain JS numbers: the oracle for both the values and slopes. */
const ORACLE: Record<string, [(x: number) => number, (x: number) => number]> = {
  relu: [(x) => Math.max(0, x), (x) => (x > 0 ? 1 : 0)],
  leakyRelu: [(x) => (x > 0 ? x : LEAKY_RELU_ALPHA * x), (x) => (x > 0 ? 1 : LEAKY_RELU_ALPHA)],
  sigmoid: [sig, (x) => sig(x) * (1 - sig(x))],
  tanh: [Math.tanh, (x) => 1 - Math.tanh(x) ** 2],
  elu: [(x) => (x > 0 ? x : Math.exp(x) - 1), (x) => (x > 0 ? 1 : Math.exp(x))],
  softplus: [(x) => Math.log1p(Math.exp(x)), sig],
  silu: [(x) => x * sig(x), (x) => sig(x) * (1 + x * (1 - sig(x)))],
};

// Points away from the kinks at 0, where ReLU-like derivatives are a convention, not a fact.
const XS = [-4, -1.5, -0.3, 0.2, 0.9, 2.5, 5];

Deno.test("activationCurve: values and both derivatives match hand-written closed forms", async () => {
  for (const name of ACTIVATION_NAMES) {
    const c = await activationCurve(name, XS);
    const [f, df] = ORACLE[name];
    XS.forEach((x, i) => {
      close(c.y[i], f(x));
      close(c.dyClosed[i], df(x));
      close(c.dyAutodiff[i], df(x));
    });
    assert.ok(c.maxAbsDiff < 1e-5, `${name}: ${c.maxAbsDiff}`);
  }
});

Deno.test("activationCurve: the derivative agrees with central finite differences", async () => {
  const h = 1e-2;
  for (const name of ACTIVATION_NAMES) {
    const c = await activationCurve(name, XS);
    const up = await activationCurve(name, XS.map((x) => x + h));
    const dn = await activationCurve(name, XS.map((x) => x - h));
    XS.forEach((_, i) => close(c.dyAutodiff[i], (up.y[i] - dn.y[i]) / (2 * h), 2e-3));
  }
});

Deno.test("activationCurve/activationPair: no tensor leaks; bad input is named", async () => {
  await activationCurve("silu", XS);
  const before = tf.memory().numTensors;
  for (const name of ACTIVATION_NAMES) await activationCurve(name, XS);
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => activationPair("swish" as never), /activationPair: argument 'name'/);
  await assert.rejects(() => activationCurve("relu", [1, NaN]), CourseInputError);
  await assert.rejects(() => activationCurve("relu", []), /non-empty/);
});

Deno.test("linspace: endpoints, spacing, and rejected arguments", () => {
  assert.deepEqual(linspace(-1, 1, 5), [-1, -0.5, 0, 0.5, 1]);
  assert.equal(linspace(0, 3, 2).length, 2);
  assert.throws(() => linspace(1, 1, 3), /argument 'hi'/);
  assert.throws(() => linspace(0, 1, 1), /argument 'n'/);
});
