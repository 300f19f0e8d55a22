/**
 * Issue 4's benchmark: the lecture MLP (10→64→32→1, dropout 0.3, Adam, batch 32, BCE) on
 * 20000×10 synthetic data for 5 epochs, trained by the course loop (functional and Layers
 * models), by raw `model.fit` (`tf.train.adam`), and by `model.fit` with lib/fast's flat Adam
 * (`fitOptimizer`), against PyTorch on the CPU with 2 threads. With the fast paths on, the
 * Layers rows train `buildMlp`'s Dense stack through one tape node (lib/fast/dense_stack.ts;
 * `fit` via enableFastFit, with tf.train.adam's update flat), so their gain is over tfjs's own
 * `model.apply` autodiff and `fit`. `seconds` is the
 * best (least) seconds per epoch of each side: on a shared machine the other epochs carry
 * other processes' load; every epoch's time is in the note.
 */
import * as tf from "@tensorflow/tfjs";
import { fitOptimizer } from "../../lib/fast/fit_optimizer.ts";
import { Rng } from "../../lib/random.ts";
import { buildMlp, disposeMlpParams, mlpForward, mlpParams } from "../../lib/models/mlp.ts";
import { train } from "../../lib/train/loop.ts";
import { type Benchmark, type BenchResult, runPythonReference } from "./types.ts";

const N = 20000;
const D = 10;
const EPOCHS = 5;
const CONFIG = {
  inputDim: D,
  hidden: [64, 32],
  dropout: 0.3,
  output: { units: 1, activation: "sigmoid" as const },
  seed: 7,
};

const best = (xs: number[]): number => Math.min(...xs);

/** Synthetic (labelled synthetic) linearly separable-ish data: y = 1[x·w + noise > 0]. */
function makeData(): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const r = new Rng(3);
  const x = new Float32Array(N * D).map(() => r.normal());
  const w = Array.from({ length: D }, () => r.normal());
  const y = new Float32Array(N).map((_, i) => {
    let s = 0.5 * r.normal();
    for (let j = 0; j < D; j++) s += x[i * D + j] * w[j];
    return s > 0 ? 1 : 0;
  });
  return { x: tf.tensor2d(x, [N, D]), y: tf.tensor2d(y, [N, 1]) };
}

let torchCache: Promise<{ name: string; perEpoch: number[] } | null> | null = null;

function torchReference(): Promise<{ name: string; perEpoch: number[] } | null> {
  torchCache ??= (async () => {
    const script = new URL("./torch_mlp.py", import.meta.url).pathname;
    const out = await runPythonReference(
      script,
      [String(N), String(D), String(EPOCHS), "2"],
      "torch",
    );
    if (!out) return null;
    const r = JSON.parse(out.stdout) as { seconds_per_epoch: number[] };
    return { name: "pytorch-cpu-2threads", perEpoch: r.seconds_per_epoch };
  })();
  return torchCache;
}

async function withReference(perEpoch: number[], what: string): Promise<BenchResult> {
  const ref = await torchReference();
  const fmt = (xs: number[]) => xs.map((s) => s.toFixed(2)).join("/");
  return {
    seconds: best(perEpoch),
    reference: ref?.name ?? null,
    referenceSeconds: ref ? best(ref.perEpoch) : null,
    note: `best s/epoch; ${what} ${fmt(perEpoch)}` +
      (ref ? `; torch ${fmt(ref.perEpoch)}` : "; torch not installed"),
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: "mlp 20000x10 5ep: course loop (mlpParams)",
    fast: true,
    async run() {
      const { x, y } = makeData();
      const params = mlpParams(CONFIG);
      const h = await train(
        { params, forward: (p, xb, ctx) => mlpForward(p, xb, { ...ctx, logits: true }) },
        { x, y },
        {
          epochs: EPOCHS,
          batchSize: 32,
          optimizer: "adam",
          loss: "bceWithLogits",
          progress: false,
        },
      );
      disposeMlpParams(params);
      tf.dispose([x, y]);
      return await withReference(h.seconds, "loop");
    },
  },
  {
    name: "mlp 20000x10 5ep: course loop (buildMlp)",
    fast: true,
    async run() {
      const { x, y } = makeData();
      const model = buildMlp(CONFIG);
      const h = await train(model, { x, y }, {
        epochs: EPOCHS,
        batchSize: 32,
        optimizer: "adam",
        loss: "bce",
        progress: false,
      });
      model.dispose();
      tf.dispose([x, y]);
      return await withReference(h.seconds, "loop");
    },
  },
  {
    name: "mlp 20000x10 5ep: raw model.fit",
    fast: true,
    async run() {
      const { x, y } = makeData();
      const model = buildMlp(CONFIG);
      model.compile({ optimizer: tf.train.adam(1e-3), loss: "binaryCrossentropy" });
      const perEpoch: number[] = [];
      let t0 = performance.now();
      await model.fit(x, y, {
        epochs: EPOCHS,
        batchSize: 32,
        verbose: 0,
        callbacks: {
          onEpochEnd: () => {
            perEpoch.push((performance.now() - t0) / 1000);
            t0 = performance.now();
          },
        },
      });
      model.dispose();
      tf.dispose([x, y]);
      return await withReference(perEpoch, "fit");
    },
  },
  {
    name: "mlp 20000x10 5ep: model.fit + fitOptimizer",
    fast: true,
    async run() {
      const { x, y } = makeData();
      const model = buildMlp(CONFIG);
      const optimizer = fitOptimizer("adam", 1e-3);
      model.compile({ optimizer, loss: "binaryCrossentropy" });
      const perEpoch: number[] = [];
      let t0 = performance.now();
      await model.fit(x, y, {
        epochs: EPOCHS,
        batchSize: 32,
        verbose: 0,
        callbacks: {
          onEpochEnd: () => {
            perEpoch.push((performance.now() - t0) / 1000);
            t0 = performance.now();
          },
        },
      });
      model.dispose();
      optimizer.dispose();
      tf.dispose([x, y]);
      return await withReference(perEpoch, "fit+flat");
    },
  },
];
