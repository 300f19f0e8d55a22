/**
 * `trainWorldModel`: AdamW with warmup + cosine learning rate and clipping by global norm on
 * `worldModelLosses`, over random runs of L + K consecutive days. A part can be frozen (the
 * random-encoder control freezes "enc": only predictor and heads learn). Sets the model's
 * `returnScale` to 1 / std of the training returns. Written on the pattern of lib/jepa/train.ts
 * (to be ported onto the single training core); reads with `await data()`.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import { Rng } from "../../random.ts";
import { warmupCosine } from "../../train/schedules.ts";
import { makeOptimizer } from "../../train/step_optimizer.ts";
import { partParams, WM_PARTS, type WorldModel } from "./model.ts";
import { type WorldBatch, worldModelLosses } from "./objective.ts";

/** Day-aligned training data: row i is day i. */
export interface WorldData {
  /** Observation window ending at day i [n, T, F]. */
  obs: tf.Tensor3D;
  /** Encoded action taken at the close of day i [n, A]. */
  actions: tf.Tensor2D;
  /** Returns earned from day i to day i + 1 [n, N] (known only after day i + 1). */
  nextReturns: tf.Tensor2D;
}

/** Settings of `trainWorldModel` (only `epochs` is required). */
export interface WorldTrainOptions {
  epochs: number;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  clipNorm?: number;
  /** Autoregressive rollout steps K (default 3). */
  k?: number;
  sigregWeight?: number;
  directions?: number;
  headWeight?: number;
  idmWeight?: number;
  /** Parts whose parameters do not learn, e.g. ["enc"] for the random-encoder control. */
  freeze?: string[];
  seed?: number;
}

/** One epoch's mean losses. */
export interface WorldEpochLog {
  epoch: number;
  total: number;
  teacher: number;
  rollout: number;
  sigreg: number;
  heads: number;
  idm: number;
  seconds: number;
}

/** Gather B runs of L + K consecutive days starting at `starts`. */
export function worldBatch(
  data: WorldData,
  starts: readonly number[],
  days: number,
  scale: number,
): WorldBatch {
  return tf.tidy(() => {
    const idx = tf.tensor1d(
      starts.flatMap((s) => Array.from({ length: days }, (_, j) => s + j)),
      "int32",
    );
    const [, t, f] = data.obs.shape;
    const b = starts.length;
    return {
      obs: tf.reshape(tf.gather(data.obs, idx), [b, days, t, f]) as tf.Tensor4D,
      actions: tf.reshape(tf.gather(data.actions, idx), [b, days, -1]) as tf.Tensor3D,
      nextReturns: tf.reshape(tf.mul(tf.gather(data.nextReturns, idx), scale), [
        b,
        days,
        -1,
      ]) as tf.Tensor3D,
    };
  });
}

/** Train a world model on day-aligned data; resolves to the per-epoch logs. */
export async function trainWorldModel(
  model: WorldModel,
  data: WorldData,
  opts: WorldTrainOptions,
): Promise<WorldEpochLog[]> {
  const fn = "trainWorldModel";
  const n = data?.obs?.shape?.[0];
  require(
    data?.obs instanceof tf.Tensor && data.actions instanceof tf.Tensor &&
      data.nextReturns instanceof tf.Tensor &&
      data.actions.shape[0] === n && data.nextReturns.shape[0] === n,
    fn,
    "data",
    "{obs [n, T, F], actions [n, A], nextReturns [n, N]} with the same n",
    data,
  );
  const epochs = requireNumber(fn, "epochs", opts?.epochs, { integer: true, positive: true });
  const k = requireNumber(fn, "k", opts.k ?? 3, { integer: true, positive: true });
  const days = model.config.context + k;
  const nStarts = n - days + 1;
  require(nStarts >= 2, fn, "data", `more than ${days} days (context + k)`, n);
  const batchSize = Math.min(
    nStarts,
    requireNumber(fn, "batchSize", opts.batchSize ?? 32, { integer: true, min: 2 }),
  );
  const lr = requireNumber(fn, "lr", opts.lr ?? 1e-3, { positive: true });
  const clipNorm = requireNumber(fn, "clipNorm", opts.clipNorm ?? 1, { nonNegative: true });
  const freeze = new Set(opts.freeze ?? []);
  for (const p of freeze) {
    require(
      Object.values(WM_PARTS).includes(p),
      fn,
      "freeze",
      `parts among ${Object.values(WM_PARTS).join(", ")}`,
      p,
    );
  }
  const vars = Object.values(WM_PARTS).filter((p) => !freeze.has(p)).flatMap((p) =>
    partParams(model, p)
  );
  const moments = tf.tidy(() => tf.moments(data.nextReturns));
  const sd = Math.sqrt((await moments.variance.data())[0]);
  tf.dispose([moments.mean, moments.variance]);
  model.returnScale = sd > 0 ? 1 / sd : 1;
  const rng = new Rng(requireNumber(fn, "seed", opts.seed ?? model.config.seed, { integer: true }));
  const stepRng = rng.fork();
  const stepsPerEpoch = Math.max(1, Math.floor(nStarts / batchSize));
  const total = epochs * stepsPerEpoch;
  const schedule = warmupCosine(lr, Math.floor(0.1 * total), total + 1, { floor: lr * 0.01 });
  const optimizer = makeOptimizer({ name: "adamw", weightDecay: opts.weightDecay ?? 0.01 }, lr);
  const logs: WorldEpochLog[] = [];
  let step = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const t0 = performance.now();
      const perm = rng.permutation(nStarts);
      const sums = new Array(6).fill(0);
      for (let s = 0; s < stepsPerEpoch; s++) {
        optimizer.learningRate = schedule(step);
        const batch = worldBatch(
          data,
          perm.slice(s * batchSize, (s + 1) * batchSize),
          days,
          model.returnScale,
        );
        const { stats, flat } = tf.tidy(() => {
          let parts: tf.Tensor[] = [];
          const { grads } = tf.variableGrads(() => {
            const l = worldModelLosses(model, batch, {
              k,
              rng: stepRng,
              sigregWeight: opts.sigregWeight,
              directions: opts.directions,
              headWeight: opts.headWeight,
              idmWeight: opts.idmWeight,
            });
            parts = [l.total, l.teacher, l.rollout, l.sigreg, l.heads, l.idm].map((t) =>
              tf.keep(t)
            );
            return l.total;
          }, vars);
          const flat = tf.concat(
            vars.map((v) => tf.reshape(grads[v.name] ?? tf.zerosLike(v), [-1])),
          );
          const norm = tf.sqrt(tf.sum(tf.square(flat)));
          const stats = tf.stack([...parts, norm]);
          tf.dispose(parts);
          return { stats, flat };
        });
        tf.dispose([batch.obs, batch.actions, batch.nextReturns]);
        const v = await stats.data();
        stats.dispose();
        const norm = v[6];
        require(
          Number.isFinite(v[0]) && Number.isFinite(norm),
          fn,
          "loss",
          "finite values",
          `loss ${v[0]} at step ${step}`,
        );
        tf.tidy(() => {
          const g = clipNorm > 0
            ? tf.mul(flat, Math.min(1, clipNorm / Math.max(norm, 1e-12)))
            : flat;
          optimizer.step(vars, g as tf.Tensor1D);
        });
        flat.dispose();
        for (let i = 0; i < 6; i++) sums[i] += v[i];
        step += 1;
      }
      const m = sums.map((x) => x / stepsPerEpoch);
      logs.push({
        epoch,
        total: m[0],
        teacher: m[1],
        rollout: m[2],
        sigreg: m[3],
        heads: m[4],
        idm: m[5],
        seconds: (performance.now() - t0) / 1000,
      });
      await new Promise((r) => setTimeout(r, 0));
    }
  } finally {
    optimizer.dispose();
  }
  return logs;
}
