/**
 * `trainJepa`: JEPA on the course's one training loop (`train` with a loss hook) — AdamW,
 * warmup + cosine learning rate, clipping by global norm, the NaN/Inf step guard — with the
 * EMA update of the target encoder (τ schedule) as a step callback. Every epoch it logs the losses and the
 * collapse diagnostics of the online embeddings of a fixed sample, and at the end it says
 * whether the run collapsed. Reads values with `await data()` (works on the WebGPU backend).
 */
import * as tf from "@tensorflow/tfjs";
import { disposeAbandonedTape, require, requireFiniteTensor, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import type { TrainCallbacks } from "../train/callbacks.ts";
import { constantTau, cosineTau, EmaCallback } from "../train/ema.ts";
import type { GuardReport } from "../train/guards.ts";
import { type LossModel, train, type TrainHistory } from "../train/loop.ts";
import { warmupCosine } from "../train/schedules.ts";
import {
  type CollapseDiagnostics,
  collapseDiagnostics,
  type CollapseThresholds,
  type CollapseVerdict,
  detectCollapse,
} from "./diagnostics.ts";
import { embedSequences, jepaEncoder, type JepaModel } from "./model.ts";
import { jepaLosses } from "./objective.ts";

/** Settings of `trainJepa` (only `epochs` is required). */
export interface JepaTrainOptions {
  epochs: number;
  batchSize?: number;
  /** Peak learning rate of the warmup + cosine schedule (default 1e-3). */
  lr?: number;
  /** Fraction of the steps spent warming up (default 0.1). */
  warmupFraction?: number;
  /** AdamW decoupled weight decay (default 0.01). */
  weightDecay?: number;
  /** Clip gradients to this global norm (default 1.0; 0 disables). */
  clipNorm?: number;
  /** EMA decay at step 0 (default 0.996); rises to 1 on a cosine when tauSchedule is "cosine". */
  tau?: number;
  tauSchedule?: "cosine" | "constant";
  seed?: number;
  /** Rows of x whose online embeddings are diagnosed every epoch (default 512). */
  diagnosticRows?: number;
  thresholds?: CollapseThresholds;
  /** Called after every epoch with its log (e.g. to update a plot). */
  onEpoch?: (log: JepaEpochLog) => void | Promise<void>;
}

/** One epoch of a JEPA run. */
export interface JepaEpochLog {
  epoch: number;
  loss: number;
  latent: number;
  reg: number;
  lr: number;
  tau: number;
  seconds: number;
  diagnostics: CollapseDiagnostics;
}

/** What a JEPA run did. */
export interface JepaHistory {
  epochs: JepaEpochLog[];
  steps: number;
  seconds: number;
  stopReason: "completed" | "guard";
  guard: GuardReport | null;
  /** Diagnostics of the online encoder before the first step (the collapse reference). */
  initial: CollapseDiagnostics;
  /** Verdict on the last epoch's diagnostics (against the initial ones). */
  collapse: CollapseVerdict;
}

/** Train a JEPA model on unlabelled sequences x [n, T, F]; resolves to the history. */
export async function trainJepa(
  model: JepaModel,
  x: tf.Tensor3D,
  opts: JepaTrainOptions,
): Promise<JepaHistory> {
  const fn = "trainJepa";
  require(
    model !== null && typeof model === "object" && !!model.params,
    fn,
    "model",
    "a JepaModel from createJepa",
    model,
  );
  require(
    x instanceof tf.Tensor && x.rank === 3 && x.shape[0] >= 2,
    fn,
    "x",
    "a tensor [n >= 2, time, features]",
    x,
  );
  await requireFiniteTensor(fn, "x", x); // names the window, step and feature of a NaN
  const epochs = requireNumber(fn, "epochs", opts?.epochs, { integer: true, positive: true });
  const n = x.shape[0];
  const batchSize = Math.min(
    n,
    requireNumber(fn, "batchSize", opts.batchSize ?? 128, { integer: true, min: 2 }),
  );
  const lr = requireNumber(fn, "lr", opts.lr ?? 1e-3, { positive: true });
  const warmFrac = requireNumber(fn, "warmupFraction", opts.warmupFraction ?? 0.1, {
    min: 0,
    max: 0.9,
  });
  const clipNorm = requireNumber(fn, "clipNorm", opts.clipNorm ?? 1, { nonNegative: true });
  const tau0 = requireNumber(fn, "tau", opts.tau ?? 0.996, { min: 0, max: 1 });
  const seed = requireNumber(fn, "seed", opts.seed ?? model.config.seed ?? DEFAULT_SEED, {
    integer: true,
  });
  const rng = new Rng(seed);
  const stepsPerEpoch = Math.floor(n / batchSize); // full batches only: the regularisers need them
  const totalSteps = epochs * stepsPerEpoch;
  const schedule = warmupCosine(lr, Math.floor(warmFrac * totalSteps), totalSteps + 1, {
    floor: lr * 0.01,
  });
  const tauAt = opts.tauSchedule === "constant" ? constantTau(tau0) : cosineTau(tau0, totalSteps);
  const vars = Object.values(model.params);
  const encKeys = Object.keys(model.target);
  const ema = model.config.target === "ema"
    ? new EmaCallback(
      encKeys.map((k) => model.target[k]),
      encKeys.map((k) => model.params[k]),
      tauAt,
    )
    : null;
  // train() forks its shuffling and dropout streams from the same seed first; the sample of
  // diagnosed rows is the third fork.
  rng.fork();
  rng.fork();
  const diagRows = Math.min(n, opts.diagnosticRows ?? 512);
  const diagIdx = tf.tensor1d(rng.fork().permutation(n).slice(0, diagRows), "int32");
  const diagX = tf.gather(x, diagIdx) as tf.Tensor3D;
  diagIdx.dispose();
  const diagnose = async (seed: number) => {
    const emb = embedSequences(jepaEncoder(model, "online"), diagX);
    const rows = await emb.array();
    emb.dispose();
    return collapseDiagnostics(rows, { seed });
  };
  let initial: CollapseDiagnostics;
  try {
    initial = await diagnose(0);
  } catch (e) {
    diagX.dispose();
    throw e;
  }
  const epochLogs: JepaEpochLog[] = [];
  const lossModel: LossModel = {
    variables: vars,
    loss: (batch, ctx) => {
      const l = jepaLosses(model, batch!.x as tf.Tensor3D, ctx);
      return { loss: l.total, parts: { latent: l.latent, reg: l.reg } };
    },
  };
  const diagnostics: TrainCallbacks = {
    onEpochEnd: async (epoch, logs) => {
      const log: JepaEpochLog = {
        epoch,
        loss: logs.loss,
        latent: logs.latent,
        reg: logs.reg,
        lr: logs.lr,
        tau: ema ? ema.lastTau : 0,
        seconds: logs.seconds,
        diagnostics: await diagnose(epoch + 1),
      };
      epochLogs.push(log);
      await opts.onEpoch?.(log);
    },
  };
  const t0 = performance.now();
  let run: TrainHistory;
  try {
    run = await train(lossModel, { x }, {
      epochs,
      batchSize,
      dropRemainder: true, // full batches only: the regularisers need them
      seed,
      optimizer: { name: "adamw", weightDecay: opts.weightDecay ?? 0.01 },
      lr: schedule,
      clipNorm: clipNorm > 0 ? clipNorm : undefined,
      recordSteps: false,
      callbacks: ema ? [ema, diagnostics] : [diagnostics],
      progress: false,
    });
  } finally {
    disposeAbandonedTape(); // an error inside a step left the gradient tape's tensors
    diagX.dispose();
  }
  const history: JepaHistory = {
    initial,
    epochs: epochLogs,
    steps: run.steps,
    seconds: (performance.now() - t0) / 1000,
    stopReason: run.stopReason === "guard" ? "guard" : "completed",
    guard: run.guard,
    collapse: { collapsed: false, reasons: [] },
  };
  const last = history.epochs.at(-1);
  history.collapse = last
    ? detectCollapse(last.diagnostics, opts.thresholds, initial)
    : { collapsed: false, reasons: ["no epoch completed"] };
  return history;
}
