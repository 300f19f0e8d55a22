/**
 * One micro-benchmark per lib/fast override, timed by `deno task bench` with the fast paths on
 * and off (COURSE_FAST=0's tfjs reference): the wasm matmul with a transposed operand, the LSTM
 * op forward + backward, the MLP's training forward + backward (functional and Layers), one
 * epoch of buildMlp's `model.fit`, and one optimiser step on a flat gradient. Sizes are those
 * of the course's chapters; best of five repeats.
 */
import * as tf from "@tensorflow/tfjs";
import { hostStepReady } from "../../lib/fast/host_step.ts";
import { lstmSequence } from "../../lib/models/lstm.ts";
import { denseStackApply, denseStackPlan } from "../../lib/fast/dense_stack.ts";
import { fastPaths } from "../../lib/fast/switch.ts";
import {
  buildMlp,
  disposeMlpParams,
  mlpForward,
  mlpParams,
  mlpVariables,
} from "../../lib/models/mlp.ts";
import { Rng } from "../../lib/random.ts";
import { makeOptimizer } from "../../lib/train/step_optimizer.ts";
import type { Benchmark, BenchResult } from "./types.ts";

/** Best seconds of `repeats` runs of `body` (after one warm-up), `reps` calls per run. */
async function best(body: () => Promise<void> | void, reps: number, repeats = 5): Promise<number> {
  await body();
  let bestS = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) await body();
    bestS = Math.min(bestS, (performance.now() - t0) / 1000);
  }
  return bestS;
}

const result = (seconds: number, note: string): BenchResult => ({
  seconds,
  reference: null,
  referenceSeconds: null,
  note,
});

export const benchmarks: Benchmark[] = [
  {
    name: "fast: matmul 256x256, transposeB (x20)",
    fast: true,
    async run() {
      const a = tf.randomNormal([256, 256], 0, 1, "float32", 1);
      const b = tf.randomNormal([256, 256], 0, 1, "float32", 2);
      const s = await best(async () => {
        const t = tf.matMul(a, b, false, true);
        await t.data();
        t.dispose();
      }, 20);
      tf.dispose([a, b]);
      return result(s, "wasm BatchMatMul patch");
    },
  },
  {
    name: "fast: LSTM 64x30x5, 32 units, fwd+bwd (x5)",
    fast: true,
    async run() {
      const r = new Rng(3);
      const t = (shape: number[]) =>
        tf.tensor(Array.from(r.normals(shape.reduce((p, q) => p * q))), shape);
      const [x, k, rk, bias] = [t([64, 30, 5]), t([5, 128]), t([32, 128]), t([128])];
      const f = (xx: tf.Tensor, kk: tf.Tensor, rr: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(lstmSequence(xx as tf.Tensor3D, {
          kernel: kk as tf.Tensor2D,
          recurrentKernel: rr as tf.Tensor2D,
          bias: bb as tf.Tensor1D,
        }));
      const s = await best(async () => {
        const { value, grads } = tf.valueAndGrads(f)([x, k, rk, bias]);
        await value.data();
        tf.dispose([value, ...grads]);
      }, 5);
      tf.dispose([x, k, rk, bias]);
      return result(s, "LSTM host kernels");
    },
  },
  {
    name: "fast: MLP 10-64-32-1 batch 32, fwd+bwd (x50)",
    fast: true,
    async run() {
      const params = mlpParams({
        inputDim: 10,
        hidden: [64, 32],
        dropout: 0.3,
        output: { units: 1 },
        seed: 7,
      });
      const vars = mlpVariables(params);
      const x = tf.randomNormal([32, 10], 0, 1, "float32", 4);
      const rng = new Rng(5);
      const s = await best(async () => {
        const { value, grads } = tf.variableGrads(
          () => tf.mean(mlpForward(params, x, { training: true, rng })) as tf.Scalar,
          vars,
        );
        await value.data();
        tf.dispose([value, ...Object.values(grads)]);
      }, 50);
      x.dispose();
      disposeMlpParams(params);
      return result(s, "hand-written MLP backward");
    },
  },
  {
    name: "fast: Layers MLP batch 32, fwd+bwd (x50)",
    fast: true,
    async run() {
      // buildMlp's Sequential: in the course loop, one tape node (dense_stack.ts) vs apply
      const cfg = { inputDim: 10, hidden: [64, 32], dropout: 0.3, output: { units: 1 }, seed: 7 };
      const model = buildMlp(cfg);
      const plan = fastPaths() ? denseStackPlan(model) : null;
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const x = tf.randomNormal([32, 10], 0, 1, "float32", 4);
      const s = await best(async () => {
        const out = () =>
          plan ? denseStackApply(plan, x) : model.apply(x, { training: true }) as tf.Tensor;
        const { value, grads } = tf.variableGrads(() => tf.mean(out()) as tf.Scalar, vars);
        await value.data();
        tf.dispose([value, ...Object.values(grads)]);
      }, 50);
      x.dispose();
      model.dispose();
      return result(s, "Dense stack as one tape node");
    },
  },
  {
    name: "fast: buildMlp model.fit, 640 rows (x1)",
    fast: true,
    async run() {
      // enableFastFit's train function (fused BCE, tf.train.adam flat) vs tfjs's own fit
      const cfg = {
        inputDim: 10,
        hidden: [64, 32],
        dropout: 0.3,
        output: { units: 1, activation: "sigmoid" as const },
        seed: 7,
      };
      const model = buildMlp(cfg);
      model.compile({ optimizer: tf.train.adam(1e-3), loss: "binaryCrossentropy" });
      const x = tf.randomNormal([640, 10], 0, 1, "float32", 4);
      const y = tf.cast(tf.greater(tf.sum(x, 1, true), 0), "float32");
      const s = await best(async () => {
        await model.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 });
      }, 1);
      tf.dispose([x, y]);
      model.optimizer.dispose();
      model.dispose();
      return result(s, "fast fit (enableFastFit)");
    },
  },
  {
    name: "fast: AdamW step, 6 vars / 3k weights (x100)",
    fast: true,
    async run() {
      const shapes = [[10, 64], [64], [64, 32], [32], [32, 1], [1]];
      const vars = shapes.map((s, i) => tf.variable(tf.randomNormal(s, 0, 0.1, "float32", i)));
      const n = vars.reduce((a, v) => a + v.size, 0);
      const g = tf.randomNormal([n], 0, 1, "float32", 9) as tf.Tensor1D;
      const gHost = Float32Array.from(await g.data());
      const opt = makeOptimizer({ name: "adamw" }, 1e-3);
      // as the course step takes it: the update in JS on wasm/cpu (host_step.ts), else tensors
      const host = hostStepReady(opt);
      const s = await best(async () => {
        if (host) opt.stepHost!(vars, gHost);
        else opt.step(vars, g);
        await vars[0].data();
      }, 100);
      opt.dispose();
      tf.dispose([g, ...vars]);
      return result(s, host ? "flat optimiser, update in JS" : "flat optimiser");
    },
  },
];
