/**
 * `trainWorldModel`: AdamW with warmup + cosine learning rate and clipping by global norm on
 * `worldModelLosses`, over random runs of L + K consecutive days. A part can be frozen (the
 * random-encoder control freezes "enc": only predictor and heads learn). Sets the model's
 * `returnScale` to 1 / std of the training returns. Runs on the course's one training loop
 * (`train` with a loss hook that samples its own runs of days; the NaN guard and clipping are
 * the loop's); reads with `await data()`.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../errors.ts";
import { Rng } from "../../random.ts";
import { warmupCosine } from "../../train/schedules.ts";
import { train } from "../../train/loop.ts";
import type { ProgressReporter, TrainCallbacks } from "../../train/callbacks.ts";
import { formatGuardReport } from "../../train/guards.ts";
import type { LossModel } from "../../train/train_types.ts";
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
  /** More step/epoch hooks for the training loop (e.g. a live loss chart). */
  callbacks?: TrainCallbacks[];
  /** A progress display (default none). */
  progress?: ProgressReporter | false;
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
  const seed = requireNumber(fn, "seed", opts.seed ?? model.config.seed, { integer: true });
  const startRng = new Rng(seed).fork(); // batch starts; train() forks its own streams
  const stepsPerEpoch = Math.max(1, Math.floor(nStarts / batchSize));
  const total = epochs * stepsPerEpoch;
  const schedule = warmupCosine(lr, Math.floor(0.1 * total), total + 1, { floor: lr * 0.01 });
  let perm: number[] = [];
  let batchIndex = 0;
  const lossModel: LossModel = {
    variables: vars,
    loss: (_batch, ctx) => {
      const starts = perm.slice(batchIndex * batchSize, (batchIndex + 1) * batchSize);
      // inside the step's tidy: the batch lives until the gradients are taken, then goes
      const batch = worldBatch(data, starts, days, model.returnScale);
      const l = worldModelLosses(model, batch, {
        k,
        rng: ctx.rng,
        sigregWeight: opts.sigregWeight,
        directions: opts.directions,
        headWeight: opts.headWeight,
        idmWeight: opts.idmWeight,
      });
      const parts = { teacher: l.teacher, rollout: l.rollout, sigreg: l.sigreg, heads: l.heads };
      return { loss: l.total, parts: { ...parts, idm: l.idm } };
    },
  };
  const logs: WorldEpochLog[] = [];
  const sampler: TrainCallbacks = {
    onEpochBegin: () => {
      perm = startRng.permutation(nStarts); // a fresh order of run starts each epoch
    },
    onBatchBegin: (_step, info) => {
      batchIndex = info.batch;
    },
    onEpochEnd: (epoch, l) => {
      logs.push({
        epoch,
        total: l.loss,
        teacher: l.teacher,
        rollout: l.rollout,
        sigreg: l.sigreg,
        heads: l.heads,
        idm: l.idm,
        seconds: l.seconds,
      });
    },
  };
  const run = await train(lossModel, null, {
    epochs,
    stepsPerEpoch,
    seed,
    optimizer: { name: "adamw", weightDecay: opts.weightDecay ?? 0.01 },
    lr: schedule,
    clipNorm: clipNorm > 0 ? clipNorm : undefined,
    recordSteps: false,
    callbacks: [sampler, ...(opts.callbacks ?? [])],
    progress: opts.progress ?? false,
  });
  require(
    run.stopReason !== "guard",
    fn,
    "loss",
    "finite values",
    run.guard ? formatGuardReport(run.guard) : "a non-finite loss or gradient",
  );
  return logs;
}
