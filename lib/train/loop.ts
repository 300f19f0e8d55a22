/**
 * THE course training loop: `train(model | {params, forward}, {x, y}, opts)`. Seeded shuffling
 * (one gather per epoch, contiguous batch slices), any optimiser (flat fast path for SGD,
 * momentum, Adam, AdamW), loss and metrics by name, validation, early stopping with best
 * weights, learning-rate schedules, clipping by global norm, a NaN/Inf guard, callbacks and a
 * progress display. Losses are summed on the device and read once per epoch unless the guard
 * needs them per step. Leak-free: every tensor it makes is disposed.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import {
  consoleProgress,
  EarlyStopper,
  type EarlyStoppingOptions,
  type EpochLogs,
  type ProgressReporter,
  type TrainCallbacks,
} from "./callbacks.ts";
import { evaluateSet } from "./evaluate.ts";
import { firstNonFinite, formatGuardReport, type GuardReport, StepGuard } from "./guards.ts";
import {
  isLogitsLoss,
  type LossFn,
  type LossName,
  type MetricFn,
  type MetricName,
  resolveLoss,
  resolveMetric,
} from "./objectives.ts";
import { constantLr, type LrSchedule } from "./schedules.ts";
import { isTfOptimizer, makeOptimizer, type OptimizerSpec } from "./step_optimizer.ts";
import {
  collectVariables,
  disposeSnapshot,
  layersModelVariables,
  restoreWeights,
  snapshotWeights,
} from "./weights.ts";

/** A model as parameters plus a pure forward function (mlpForward fits directly). */
export interface FunctionalModel<P = unknown> {
  params: P;
  forward: (params: P, x: tf.Tensor, ctx: { training: boolean; rng: Rng }) => tf.Tensor;
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
  /** Metrics per epoch: `accuracy`, `val_accuracy`, ... */
  metrics: Record<string, number[]>;
  stepLoss: number[];
  gradNorm: number[];
  steps: number;
  stopReason: "completed" | "early_stopping" | "guard" | "callback";
  /** Epoch whose weights the model holds after early stopping with restoreBest, else null. */
  bestEpoch: number | null;
  guard: GuardReport | null;
}

function checkData(arg: string, d: TrainData): number {
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

/** Train a Layers model or a {params, forward} model; resolves to the history. */
export async function train(
  model: tf.LayersModel | FunctionalModel,
  data: TrainData,
  opts: TrainOptions,
): Promise<TrainHistory> {
  const isLayers = model instanceof tf.LayersModel;
  require(
    isLayers ||
      (model !== null && typeof model === "object" && typeof model.forward === "function"),
    "train",
    "model",
    "a tf.LayersModel or {params, forward}",
    model,
  );
  const n = checkData("data", data);
  if (opts.validationData) checkData("validationData", opts.validationData);
  const epochs = requireNumber("train", "epochs", opts?.epochs, { integer: true, positive: true });
  const batchSize = requireNumber("train", "batchSize", opts.batchSize ?? 32, {
    integer: true,
    positive: true,
  });
  const vars = isLayers ? layersModelVariables(model) : collectVariables(model.params);
  require(vars.length > 0, "train", "model", "at least one trainable variable", "none");
  const lossArg = opts.loss ?? "mse";
  const lossFn = resolveLoss(lossArg);
  const metrics = (opts.metrics ?? []).map((m) => resolveMetric(m, isLogitsLoss(lossArg)));
  const clipNorm = opts.clipNorm === undefined
    ? null
    : requireNumber("train", "clipNorm", opts.clipNorm, { positive: true });
  const guardOn = opts.guard ?? true;
  const recordSteps = opts.recordSteps ?? guardOn;
  const schedule: LrSchedule | null = typeof opts.lr === "function"
    ? opts.lr
    : opts.lr === undefined && isTfOptimizer(opts.optimizer)
    ? null
    : constantLr(requireNumber("train", "lr", opts.lr ?? 1e-3, { positive: true }));
  const rng = new Rng(requireNumber("train", "seed", opts.seed ?? DEFAULT_SEED, { integer: true }));
  const shuffleRng = rng.fork();
  const dropoutRng = rng.fork();
  const forward = (x: tf.Tensor, training: boolean): tf.Tensor =>
    isLayers
      ? model.apply(x, { training }) as tf.Tensor
      : model.forward(model.params, x, { training, rng: dropoutRng });
  const val = opts.validationData;
  const stopper = opts.earlyStopping
    ? new EarlyStopper(
      opts.earlyStopping.monitor ?? (val ? "val_loss" : "loss"),
      opts.earlyStopping,
    )
    : null;
  const callbacks = opts.callbacks === undefined
    ? []
    : Array.isArray(opts.callbacks)
    ? opts.callbacks
    : [opts.callbacks];
  const progress = opts.progress === false ? null : opts.progress ?? consoleProgress(epochs);
  const optimizer = makeOptimizer(opts.optimizer ?? "adam", schedule?.(0));
  const ownOptimizer = !(isTfOptimizer(opts.optimizer));

  const history: TrainHistory = {
    epoch: [],
    loss: [],
    val_loss: [],
    lr: [],
    seconds: [],
    metrics: {},
    stepLoss: [],
    gradNorm: [],
    steps: 0,
    stopReason: "completed",
    bestEpoch: null,
    guard: null,
  };
  let stopReason: string | null = null;
  const control = { stop: (reason = "callback") => void (stopReason = reason) };
  const guard = new StepGuard();
  const stepsPerEpoch = Math.ceil(n / batchSize);
  let bestSnapshot: tf.Tensor[] | null = null;
  let epochSnapshot: tf.Tensor[] | null = null;
  let step = 0;

  try {
    for (const cb of callbacks) await cb.onTrainBegin?.({ epochs, stepsPerEpoch }, control);
    for (let epoch = 0; epoch < epochs && stopReason === null; epoch++) {
      const t0 = performance.now();
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, control);
      if (guardOn) {
        disposeSnapshot(epochSnapshot);
        epochSnapshot = snapshotWeights(vars);
      }
      const [xs, ys] = opts.shuffle === false ? [data.x, data.y] : tf.tidy(() => {
        const perm = tf.tensor1d(shuffleRng.permutation(n), "int32");
        return [tf.gather(data.x, perm), tf.gather(data.y, perm)];
      });
      let lossSum: tf.Scalar = tf.scalar(0);
      let lastLr = schedule ? schedule(step) : NaN;
      let rows = 0;
      for (let b = 0; b < stepsPerEpoch && stopReason === null; b++) {
        if (schedule) optimizer.learningRate = lastLr = schedule(step);
        const start = b * batchSize;
        const size = Math.min(batchSize, n - start);
        let read: { loss: number; norm: number | null } | null = null;
        const next: tf.Scalar | undefined = tf.tidy((): tf.Scalar | undefined => {
          const xb = tf.slice(xs, [start], [size]);
          const yb = tf.slice(ys, [start], [size]);
          const { value, grads } = tf.variableGrads(() => lossFn(yb, forward(xb, true)), vars);
          const flat = (vars.length === 1
            ? tf.reshape(grads[vars[0].name] ?? tf.zerosLike(vars[0]), [-1])
            : tf.concat(vars.map((v) =>
              tf.reshape(grads[v.name] ?? tf.zerosLike(v), [-1])
            ))) as tf.Tensor1D;
          const norm = clipNorm !== null || recordSteps || guardOn
            ? tf.sqrt(tf.sum(tf.square(flat)))
            : null;
          if (recordSteps || guardOn) {
            const d = (norm ? tf.stack([value, norm]) : value).dataSync();
            read = { loss: d[0], norm: norm ? d[1] : null };
            if (guardOn) {
              const named = () =>
                vars.map((v) => ({ name: v.name, tensor: grads[v.name] }));
              const report = guard.check({ step, epoch, batch: b }, d[0], read.norm, named);
              if (report) {
                history.guard = report;
                return undefined;
              }
            }
          }
          const g = clipNorm !== null && norm
            ? tf.mul(flat, tf.div(clipNorm, tf.maximum(norm, clipNorm))) as tf.Tensor1D
            : flat;
          optimizer.step(vars, g);
          return tf.add(lossSum, tf.mul(value, size)) as tf.Scalar;
        });
        if (next === undefined) {
          stopReason = "guard";
          break;
        }
        lossSum.dispose();
        lossSum = next;
        step += 1;
        rows += size;
        if (recordSteps && read) {
          history.stepLoss.push((read as { loss: number }).loss);
          history.gradNorm.push((read as { norm: number | null }).norm ?? NaN);
        }
        const info = { epoch, batch: b, loss: read ? (read as { loss: number }).loss : null };
        for (const cb of callbacks) await cb.onBatchEnd?.(step - 1, info, control);
      }
      if (xs !== data.x) tf.dispose([xs, ys]);
      const trainLoss = rows > 0 ? lossSum.dataSync()[0] / rows : NaN;
      lossSum.dispose();
      if (stopReason === "guard") {
        const report = history.guard as unknown as GuardReport;
        if (firstNonFinite(vars.map((v) => ({ name: v.name, tensor: v }))) && epochSnapshot) {
          restoreWeights(vars, epochSnapshot);
          report.restoredFromSnapshot = true;
          report.message = formatGuardReport(report);
        }
        console.warn(report.message);
        break;
      }
      const logs: EpochLogs = { loss: trainLoss };
      const evalFwd = (x: tf.Tensor) => forward(x, false);
      if (metrics.length) {
        Object.assign(logs, evaluateSet(evalFwd, data.x, data.y, null, metrics).metrics);
      }
      if (val) {
        const r = evaluateSet(evalFwd, val.x, val.y, lossFn, metrics);
        logs.val_loss = r.loss as number;
        for (const [k, v] of Object.entries(r.metrics)) logs[`val_${k}`] = v;
      }
      logs.lr = lastLr;
      logs.seconds = (performance.now() - t0) / 1000;
      history.epoch.push(epoch);
      for (const [k, v] of Object.entries(logs)) {
        if (k === "loss" || k === "val_loss" || k === "lr" || k === "seconds") history[k].push(v);
        else (history.metrics[k] ??= []).push(v);
      }
      if (stopper) {
        const { improved, stop } = stopper.observe(epoch, logs);
        if (improved && stopper.restoreBest) {
          disposeSnapshot(bestSnapshot);
          bestSnapshot = snapshotWeights(vars);
        }
        if (stop) stopReason = "early_stopping";
      }
      progress?.update(epoch, logs);
      for (const cb of callbacks) await cb.onEpochEnd?.(epoch, logs, control);
      await new Promise((r) => setTimeout(r, 0));
    }
    if (stopper && stopper.restoreBest && bestSnapshot && stopReason !== "guard") {
      restoreWeights(vars, bestSnapshot);
      history.bestEpoch = stopper.bestEpoch;
    }
  } finally {
    disposeSnapshot(bestSnapshot);
    disposeSnapshot(epochSnapshot);
    if (ownOptimizer) optimizer.dispose();
    progress?.done();
  }
  history.steps = step;
  history.stopReason = (stopReason ?? "completed") as TrainHistory["stopReason"];
  for (const cb of callbacks) {
    await cb.onTrainEnd?.({ epochs: history.epoch.length, stopReason: history.stopReason });
  }
  return history;
}
