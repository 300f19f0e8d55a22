/**
 * lib/fast/host_step.ts: a training step finished on the host (flat gradient, norm, clipping
 * and the optimiser's update in JS) equals the tensor path of step.ts with the same optimiser:
 * weights, loss and gradient norm after three clipped steps, for Adam, AdamW and momentum; a
 * veto leaves the weights alone; the host path is taken only when it applies. Nothing leaks.
 */
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../../lib/backend.ts";
import { hostStepReady } from "../../../lib/fast/host_step.ts";
import { setFastPaths } from "../../../lib/fast/switch.ts";
import { disposeMlpParams, mlpForward, mlpParams, mlpVariables } from "../../../lib/models/mlp.ts";
import { resolveLoss } from "../../../lib/train/objectives.ts";
import { type StepSetup, trainStep } from "../../../lib/train/step.ts";
import {
  makeOptimizer,
  type OptimizerSpec,
  type StepOptimizer,
} from "../../../lib/train/step_optimizer.ts";

await initBackend();

const CFG = { inputDim: 4, hidden: [8], dropout: 0, output: { units: 1 }, seed: 5 };

/** The same optimiser without its host form: the step takes the tensor path. */
const tensorOnly = (o: StepOptimizer): StepOptimizer => ({
  name: o.name,
  get learningRate() {
    return o.learningRate;
  },
  set learningRate(v) {
    o.learningRate = v;
  },
  step: (vars, g) => o.step(vars, g),
  dispose: () => o.dispose(),
});

async function threeSteps(spec: OptimizerSpec, host: boolean, veto = false) {
  const x = tf.randomNormal([16, 4], 0, 1, "float32", 1);
  const y = tf.randomNormal([16, 1], 0, 3, "float32", 2);
  const params = mlpParams(CFG);
  const vars = mlpVariables(params);
  const opt = makeOptimizer(spec, 0.05);
  const optimizer = host ? opt : tensorOnly(opt);
  assert.equal(hostStepReady(optimizer), host);
  const s: StepSetup = { vars, optimizer, clipNorm: 0.5, read: true };
  const loss = () => resolveLoss("mse")(y, mlpForward(params, x));
  const seen: { loss: number; norm: number; applied: boolean }[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await trainStep(s, () => null, loss, 16, null, () => !veto);
    seen.push({ loss: r.loss!, norm: r.norm!, applied: r.applied });
  }
  const w = await Promise.all(vars.map((v) => v.data()));
  opt.dispose();
  disposeMlpParams(params);
  tf.dispose([x, y]);
  return { w, seen };
}

const near = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

for (const spec of ["adam", { name: "adamw", weightDecay: 0.1 }, "momentum"] as OptimizerSpec[]) {
  Deno.test(`host step = tensor step over three clipped steps (${JSON.stringify(spec)})`, async () => {
    const before = tf.memory().numTensors;
    const [host, ref] = [await threeSteps(spec, true), await threeSteps(spec, false)];
    assert.equal(tf.memory().numTensors, before);
    ref.seen.forEach((r, i) => {
      near(host.seen[i].loss, r.loss, `loss ${i}`);
      near(host.seen[i].norm, r.norm, `norm ${i}`);
    });
    assert.ok(ref.seen[0].norm > 0.5, `clipping acts (norm ${ref.seen[0].norm})`);
    ref.w.forEach((w, i) => w.forEach((v, j) => near(host.w[i][j], v, `w${i}[${j}]`)));
  });
}

Deno.test("host step: a veto keeps the weights; fast paths off take the tensor path", async () => {
  const start = await threeSteps("adam", true, true);
  const params = mlpParams(CFG);
  const w0 = await Promise.all(mlpVariables(params).map((v) => v.data()));
  disposeMlpParams(params);
  assert.ok(start.seen.every((s) => !s.applied));
  w0.forEach((w, i) => assert.deepEqual(Array.from(start.w[i]), Array.from(w)));
  const opt = makeOptimizer("adam", 0.01);
  setFastPaths(false);
  try {
    assert.equal(hostStepReady(opt), false);
  } finally {
    setFastPaths(true);
    opt.dispose();
  }
});

Deno.test("host step: a norm beyond float32 is +Inf as on the tensor path (the guard sees it)", async () => {
  const norms: (number | null)[] = [];
  for (const host of [true, false]) {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const opt = makeOptimizer("sgd", 1e-3);
    const s: StepSetup = {
      vars: [v],
      optimizer: host ? opt : tensorOnly(opt),
      clipNorm: null,
      read: true,
    };
    // each gradient 3e19 fits float32; their sum of squares (1.8e39) does not
    const r = await trainStep(s, () => null, () => tf.sum(tf.mul(v, 3e19)), 1, null, () => false);
    norms.push(r.norm);
    opt.dispose();
    v.dispose();
  }
  assert.deepEqual(norms, [Infinity, Infinity]);
});
