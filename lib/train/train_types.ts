/** The training loop's data, options and history types, and its input check. */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import type { Rng } from "../random.ts";
import type { EarlyStoppingOptions, ProgressReporter, TrainCallbacks } from "./callbacks.ts";
import type { GuardReport } from "./guards.ts";
import type { LossFn, LossName, MetricFn, MetricName } from "./objectives.ts";
import type { LrSchedule } from "./schedules.ts";
import type { BatchLossResult } from "./step.ts";
import type { OptimizerSpec } from "./step_optimizer.ts";

/** A model as parameters plus a pure forward function (mlpForward fits directly). */
export interface FunctionalModel<P = unknown> {
  params: P;
  forward: (params: P, x: tf.Tensor, ctx: { training: boolean; rng: Rng }) => tf.Tensor;
}

/** One batch's rows as the loss hook sees them (y null when the data has no targets). */
export interface TrainBatch {
  x: tf.Tensor;
  y: tf.Tensor | null;
}

/**
 * A model given by its variables and a loss hook: the loss of a batch (null when the hook
 * samples its own batches), optionally with named parts that the history logs per epoch.
 */
export interface LossModel {
  variables: unknown;
  loss: (batch: TrainBatch | null, ctx: { training: boolean; rng: Rng }) => BatchLossResult;
}

/** Features and targets, rows on the first axis. */
export interface TrainData {
  x: tf.Tensor;
  y: tf.Tensor;
}

/** Settings of `train` (only `epochs` is required). */
export interface TrainOptions {
  epochs: number;
  batchSize?: number;
  /** Reshuffle the rows every epoch (default true), drawn from `seed`. */
  shuffle?: boolean;
  /** Only full batches (the last partial one of each epoch is skipped; default false). */
  dropRemainder?: boolean;
  /** Steps per epoch when `data` is null (a loss hook that samples its own batches). */
  stepsPerEpoch?: number;
  seed?: number;
  optimizer?: OptimizerSpec;
  /** A learning rate or a schedule step → lr (default 1e-3). */
  lr?: number | LrSchedule;
  loss?: LossName | LossFn;
  metrics?: (MetricName | { name: string; fn: MetricFn })[];
  validationData?: TrainData;
  earlyStopping?: EarlyStoppingOptions;
  /** Clip gradients to this global L2 norm. */
  clipNorm?: number;
  /** Stop on a NaN/Inf loss or gradient before applying it (default true). */
  guard?: boolean;
  /** Record per-step loss and gradient norm in the history (default: same as guard). */
  recordSteps?: boolean;
  callbacks?: TrainCallbacks | TrainCallbacks[];
  /** A progress display; default one line per epoch; false for none. */
  progress?: ProgressReporter | false;
}

/** What a run did: per-epoch numbers, per-step records, and why it stopped. */
export interface TrainHistory {
  epoch: number[];
  loss: number[];
  val_loss: number[];
  lr: number[];
  seconds: number[];
  /** The plottable curves per epoch (tf.History style): loss, val_loss, accuracy, val_... */
  history: Record<string, number[]>;
  stepLoss: number[];
  gradNorm: number[];
  steps: number;
  stopReason: "completed" | "early_stopping" | "guard" | "callback";
  /** Epoch whose weights the model holds after early stopping with restoreBest, else null. */
  bestEpoch: number | null;
  guard: GuardReport | null;
}

/** Check `{x, y}` (tensors, same number of rows, at least one); returns the row count. */
export function checkData(arg: string, d: TrainData): number {
  require(
    d !== null && typeof d === "object" && d.x instanceof tf.Tensor && d.y instanceof tf.Tensor,
    "train",
    arg,
    "{x: tf.Tensor, y: tf.Tensor}",
    d,
  );
  require(d.x.shape[0] > 0, "train", `${arg}.x`, "at least one row", d.x);
  require(
    d.y.shape[0] === d.x.shape[0],
    "train",
    `${arg}.y`,
    `${d.x.shape[0]} rows like ${arg}.x`,
    d.y,
  );
  return d.x.shape[0];
}
