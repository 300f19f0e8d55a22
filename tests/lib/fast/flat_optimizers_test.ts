/**
 * Parity of lib/fast/flat_optimizers.ts with its reference, tfjs's own optimisers per variable
 * (what `makeOptimizer` returns with COURSE_FAST=0): the same steps within float tolerance.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { makeOptimizer, type OptimizerSpec, unflatten } from "../../../lib/train/step_optimizer.ts";

await initBackend();

const near = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) {
    assert.ok(Math.abs(a[i] - b[i]) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
  }
};

const GRADS = [[0.5, -1, 2, 0.1, -0.3], [1, 1, -2, 0.2, 0.4], [-0.7, 0.3, 0.1, 1.5, -1]];

function twoVars(): tf.Variable[] {
  return tf.tidy(() => [
    tf.variable(tf.tensor2d([[1, -2], [3, 0.5]])),
    tf.variable(tf.tensor1d([0.25])),
  ]);
}

Deno.test("flat Adam follows tf.train.adam step for step on several variables", () => {
  const before = tf.memory().numTensors;
  const ours = twoVars();
  const theirs = twoVars();
  const opt = makeOptimizer("adam", 0.01);
  const ref = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
  for (const g of GRADS) {
    tf.tidy(() => {
      const flat = tf.tensor1d(g);
      opt.step(ours, flat);
      const parts = unflatten(theirs, flat);
      ref.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: parts[i] })));
    });
  }
  ours.forEach((v, i) => near(v.dataSync(), theirs[i].dataSync(), 1e-6));
  opt.dispose();
  ref.dispose();
  tf.dispose([...ours, ...theirs]);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("each flat optimiser equals its reference (fast paths off) over three steps", async () => {
  const specs: OptimizerSpec[] = [
    "sgd",
    { name: "momentum", momentum: 0.8 },
    "adam",
    { name: "adamw", weightDecay: 0.1 },
    { name: "sgd", weightDecay: 0.05 },
  ];
  for (const spec of specs) {
    const before = tf.memory().numTensors;
    const run = async (fast: boolean) => {
      setFastPaths(fast);
      const vars = twoVars();
      const opt = makeOptimizer(spec, 0.05);
      try {
        for (const g of GRADS) tf.tidy(() => opt.step(vars, tf.tensor1d(g)));
        return { name: opt.name, w: await Promise.all(vars.map((v) => v.data())) };
      } finally {
        opt.dispose();
        tf.dispose(vars);
        setFastPaths(true);
      }
    };
    const fast = await run(true), ref = await run(false);
    assert.notEqual(fast.name, ref.name, "the switch picks another implementation");
    fast.w.forEach((w, i) => near(w, ref.w[i], 1e-5)); // f32 rounding of two formulas
    const moved = Math.abs(fast.w[0][0] - 1);
    assert.ok(moved > 1e-3, `${JSON.stringify(spec)} moved the weights (${moved})`);
    assert.equal(tf.memory().numTensors, before, JSON.stringify(spec));
  }
});

Deno.test("stepHost (the update in JS) equals step, also when a run switches between them", async () => {
  const specs: OptimizerSpec[] = [
    "sgd",
    { name: "momentum", momentum: 0.8 },
    "adam",
    { name: "adamw", weightDecay: 0.1 },
  ];
  for (const spec of specs) {
    const before = tf.memory().numTensors;
    const run = async (paths: ("host" | "tensor")[]) => {
      const vars = twoVars();
      const opt = makeOptimizer(spec, 0.05);
      try {
        paths.forEach((p, i) => {
          if (p === "host") opt.stepHost!(vars, Float32Array.from(GRADS[i]));
          else tf.tidy(() => opt.step(vars, tf.tensor1d(GRADS[i])));
        });
        return await Promise.all(vars.map((v) => v.data()));
      } finally {
        opt.dispose();
        tf.dispose(vars);
      }
    };
    const ref = await run(["tensor", "tensor", "tensor"]);
    for (const paths of [["host", "host", "host"], ["host", "tensor", "host"]] as const) {
      const w = await run([...paths]);
      w.forEach((a, i) => near(a, ref[i], 1e-6));
    }
    assert.equal(tf.memory().numTensors, before, JSON.stringify(spec));
  }
  const opt = makeOptimizer("adam", 0.1);
  const vars = twoVars();
  assert.throws(
    () => opt.stepHost!(vars, new Float32Array(3)),
    /adam: argument 'g' expected a vector of 5 values, received 3/,
  );
  opt.dispose();
  tf.dispose(vars);
});
