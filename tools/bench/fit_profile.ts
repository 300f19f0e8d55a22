/**
 * `deno run -A tools/bench/fit_profile.ts [--epochs 3] [--n 20000] [--json FILE]`: where raw
 * `model.fit` spends its time against the course loop, on the lecture MLP of mlp_bench.ts
 * (10→64→32→1, dropout 0.3, Adam 1e-3, BCE; synthetic data). Each variant takes away one piece
 * of `fit`'s per-batch work (callbacks and their yields, the shuffle's gather, the fit machinery
 * itself) or changes the batch size; the number is the best of `epochs` epochs (after a warm-up
 * epoch), and kernels per batch are counted with `tf.profile` on 10 batches. `buildMlp`'s `fit`
 * is lib/fast's (fast_fit.ts) unless COURSE_FAST=0, which profiles tfjs's own. Not part of
 * `deno task bench` (its file name does not end in _bench.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../lib/backend.ts";
import { fitOptimizer } from "../../lib/fast/fit_optimizer.ts";
import { buildMlp, disposeMlpParams, mlpForward, mlpParams } from "../../lib/models/mlp.ts";
import { Rng } from "../../lib/random.ts";
import { train } from "../../lib/train/loop.ts";

const D = 10;
const CONFIG = {
  inputDim: D,
  hidden: [64, 32],
  dropout: 0.3,
  output: { units: 1, activation: "sigmoid" as const },
  seed: 7,
};

/** Synthetic (labelled synthetic) data as in mlp_bench.ts: y = 1[x·w + noise > 0]. */
function makeData(n: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const r = new Rng(3);
  const x = new Float32Array(n * D).map(() => r.normal());
  const w = Array.from({ length: D }, () => r.normal());
  const y = new Float32Array(n).map((_, i) => {
    let s = 0.5 * r.normal();
    for (let j = 0; j < D; j++) s += x[i * D + j] * w[j];
    return s > 0 ? 1 : 0;
  });
  return { x: tf.tensor2d(x, [n, D]), y: tf.tensor2d(y, [n, 1]) };
}

/** One epoch of some training path over (x, y) with a batch size. */
type Epoch = (x: tf.Tensor2D, y: tf.Tensor2D, batch: number) => Promise<void>;
/** A training path: `setup` builds its model and returns one-epoch runner and a disposer. */
interface Variant {
  name: string;
  setup(): { epoch: Epoch; dispose(): void };
}

function compiled(flat: boolean): tf.LayersModel {
  const model = buildMlp(CONFIG);
  const optimizer = flat ? fitOptimizer("adam", 1e-3) : tf.train.adam(1e-3);
  model.compile({ optimizer, loss: "binaryCrossentropy" });
  return model;
}

const fitVariant = (name: string, args: tf.ModelFitArgs, flat = false): Variant => ({
  name,
  setup() {
    const model = compiled(flat);
    return {
      epoch: async (x, y, batchSize) => {
        await model.fit(x, y, { ...args, epochs: 1, batchSize, verbose: 0 });
      },
      dispose: () => {
        model.optimizer.dispose();
        model.dispose();
      },
    };
  },
});

/** The Layers model's own forward + autodiff + Adam per batch, without `fit`'s machinery. */
const minimizeVariant = (name: string, gather: boolean): Variant => ({
  name,
  setup() {
    const model = buildMlp(CONFIG);
    const opt = tf.train.adam(1e-3);
    const rng = new Rng(11);
    return {
      epoch: async (x, y, batchSize) => {
        const n = x.shape[0];
        const order = gather ? tf.tensor1d(rng.permutation(n), "int32") : null;
        for (let s = 0; s < n; s += batchSize) {
          const size = Math.min(batchSize, n - s);
          tf.tidy(() => {
            const idx = order ? tf.slice(order, [s], [size]) : null;
            const xb = idx ? tf.gather(x, idx) : tf.slice(x, [s, 0], [size, D]);
            const yb = idx ? tf.gather(y, idx) : tf.slice(y, [s, 0], [size, 1]);
            opt.minimize(() =>
              tf.losses.logLoss(yb, model.apply(xb, { training: true }) as tf.Tensor) as tf.Scalar
            );
          });
        }
        order?.dispose();
        await tf.nextFrame();
      },
      dispose: () => {
        model.dispose();
        opt.dispose();
      },
    };
  },
});

const loopVariant = (name: string, layers: boolean, guard: boolean): Variant => ({
  name,
  setup() {
    if (layers) {
      const model = buildMlp(CONFIG);
      return {
        epoch: async (x, y, batchSize) => {
          await train(model, { x, y }, {
            epochs: 1,
            batchSize,
            optimizer: "adam",
            loss: "bce",
            guard,
            progress: false,
          });
        },
        dispose: () => model.dispose(),
      };
    }
    const params = mlpParams(CONFIG);
    return {
      epoch: async (x, y, batchSize) => {
        await train(
          { params, forward: (p, xb, ctx) => mlpForward(p, xb, { ...ctx, logits: true }) },
          { x, y },
          {
            epochs: 1,
            batchSize,
            optimizer: "adam",
            loss: "bceWithLogits",
            guard,
            progress: false,
          },
        );
      },
      dispose: () => disposeMlpParams(params),
    };
  },
});

const onEpoch = { onEpochEnd: () => {} };
export const VARIANTS: Variant[] = [
  fitVariant("fit, an onEpochEnd callback (as mlp_bench)", { callbacks: onEpoch }),
  fitVariant("fit, same callback, yieldEvery: never", {
    callbacks: onEpoch,
    yieldEvery: "never",
  }),
  fitVariant("fit, no callbacks", {}),
  fitVariant("fit, no callbacks, shuffle: false", { shuffle: false }),
  fitVariant('fit, no callbacks, fitOptimizer("adam")', {}, true),
  minimizeVariant("Layers apply + optimizer.minimize, slices", false),
  minimizeVariant("Layers apply + optimizer.minimize, gather", true),
  loopVariant("course loop, Layers model", true, true),
  loopVariant("course loop, Layers model, guard off", true, false),
  loopVariant("course loop, mlpParams", false, true),
  loopVariant("course loop, mlpParams, guard off", false, false),
];

/** Best seconds per epoch of `v` over `epochs` epochs, after one warm-up epoch. */
export async function bestEpoch(
  v: Variant,
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  batch: number,
  epochs: number,
): Promise<number> {
  const { epoch, dispose } = v.setup();
  try {
    await epoch(x, y, batch);
    let best = Infinity;
    for (let e = 0; e < epochs; e++) {
      const t0 = performance.now();
      await epoch(x, y, batch);
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    return best;
  } finally {
    dispose();
  }
}

/** Kernels run per batch by `v` (tf.profile over one epoch of `batches` batches of 32). */
export async function kernelsPerBatch(v: Variant, batches = 10): Promise<number> {
  const { x, y } = makeData(32 * batches);
  const { epoch, dispose } = v.setup();
  try {
    await epoch(x, y, 32);
    const info = await tf.profile(() => epoch(x, y, 32) as unknown as tf.TensorContainer);
    return info.kernels.length / batches;
  } finally {
    dispose();
    tf.dispose([x, y]);
  }
}

if (import.meta.main) {
  const args = [...Deno.args];
  const opt = (k: string, d: string) => {
    const i = args.indexOf(k);
    return i >= 0 ? args[i + 1] : d;
  };
  const epochs = Number(opt("--epochs", "3"));
  const n = Number(opt("--n", "20000"));
  const json = args.indexOf("--json") >= 0 ? opt("--json", "") : null;
  const info = await initBackend();
  console.log(`backend ${info.backend} (${info.device}); ${n} rows, best of ${epochs} epochs`);
  const { x, y } = makeData(n);
  const rows: Record<string, unknown>[] = [];
  const nb = (b: number) => Math.ceil(n / b);
  for (const v of VARIANTS) {
    const s = await bestEpoch(v, x, y, 32, epochs);
    const k = await kernelsPerBatch(v);
    rows.push({ variant: v.name, batch: 32, seconds: s, ms_per_batch: 1000 * s / nb(32), k });
    console.log(
      `${v.name.padEnd(48)} ${s.toFixed(3)} s/epoch  ${(1000 * s / nb(32)).toFixed(3)} ms/batch` +
        `  ${k.toFixed(0)} kernels/batch`,
    );
  }
  for (const v of [VARIANTS[2], VARIANTS[4], VARIANTS[7], VARIANTS[9]]) {
    for (const b of [64, 128, 256, 512]) {
      const s = await bestEpoch(v, x, y, b, epochs);
      rows.push({ variant: v.name, batch: b, seconds: s, ms_per_batch: 1000 * s / nb(b) });
      console.log(
        `${v.name.padEnd(40)} batch ${String(b).padStart(3)} ${s.toFixed(3)} s/epoch  ${
          (1000 * s / nb(b)).toFixed(3)
        } ms/batch`,
      );
    }
  }
  tf.dispose([x, y]);
  if (json) Deno.writeTextFileSync(json, JSON.stringify(rows, null, 2) + "\n");
}
