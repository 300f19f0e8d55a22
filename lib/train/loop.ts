/**
 * THE course training loop: `train(model | {params, forward}, {x, y}, opts)`. Seeded shuffling
 * (one gather per epoch, contiguous batch slices), any optimiser (flat fast path for SGD,
 * momentum, Adam, AdamW), loss and metrics by name, validation, early stopping with best
 * weights, learning-rate schedules, clipping by global norm, a NaN/Inf guard, callbacks and a
 * progress display. Losses are summed on the device and read once per epoch unless the guard
 * needs them per step, always with `await data()` (never `dataSync()`, which throws on WebGPU
 * under Deno). Leak-free: every tensor it makes is disposed.
 */
import * as tf from "@tensorflow/tfjs";
import { disposeAbandonedTape, require, requireFiniteTensors, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import { progressDisplay } from "../plot/progress.ts";
import { EarlyStopper, type EpochLogs, type ProgressReporter } from "./callbacks.ts";
import { evaluateSetAsync } from "./evaluate.ts";
import { firstNonFiniteAsync, formatGuardReport, type GuardReport, StepGuard } from "./guards.ts";
import { isLogitsLoss, resolveLoss, resolveMetric } from "./objectives.ts";
import { type StepSetup, trainStepAsync } from "./step.ts";
import { constantLr, type LrSchedule } from "./schedules.ts";
import { isTfOptimizer, makeOptimizer } from "./step_optimizer.ts";
import {
  checkData,
  type FunctionalModel,
  type TrainData,
  type TrainHistory,
  type TrainOptions,
} from "./train_types.ts";
import {
  collectVariables,
  disposeSnapshot,
  layersModelVariables,
  restoreWeights,
  snapshotWeights,
} from "./weights.ts";

export type { FunctionalModel, TrainData, TrainHistory, TrainOptions } from "./train_types.ts";

/** The default display: lib/plot's progress line (in place in Jupyter), one update per epoch. */
function epochProgress(epochs: number): ProgressReporter {
  const display = progressDisplay({ total: epochs, label: "epoch" });
  return {
    update: (epoch, logs) => {
      const { lr: _lr, seconds: _s, ...shown } = logs;
      display.update(epoch + 1, shown);
    },
    done: () => display.done(),
  };
}

/** Train a Layers model or a {params, forward} model; resolves to the history. */
export async function train<P>(
  model: tf.LayersModel | FunctionalModel<P>,
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
  const v = opts.validationData; // features and validation: NaN would pass wasm's fused relu as 0
  await requireFiniteTensors("train", {
    "data.x": data.x,
    "validationData.x": v?.x,
    "validationData.y": v?.y,
  });
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
  const progress = opts.progress === false ? null : opts.progress ?? epochProgress(epochs);
  const optimizer = makeOptimizer(opts.optimizer ?? "adam", schedule?.(0));
  const ownOptimizer = !(isTfOptimizer(opts.optimizer));

  const history: TrainHistory = {
    epoch: [],
    loss: [],
    val_loss: [],
    lr: [],
    seconds: [],
    history: {},
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
  const stepSetup: StepSetup = {
    vars,
    forward,
    lossFn,
    optimizer,
    clipNorm,
    read: guardOn || recordSteps,
  };

  try {
    for (const cb of callbacks) await cb.onTrainBegin?.({ epochs, stepsPerEpoch }, control);
    for (let epoch = 0; epoch < epochs && stopReason === null; epoch++) {
      const t0 = performance.now();
      for (const cb of callbacks) await cb.onEpochBegin?.(epoch, control);
      if (guardOn) {
        disposeSnapshot(epochSnapshot);
        epochSnapshot = snapshotWeights(vars);
      }
      const order = opts.shuffle === false
        ? Int32Array.from({ length: n }, (_, i) => i)
        : Int32Array.from(shuffleRng.permutation(n));
      let lossSum: tf.Scalar | null = null;
      let lossSumJs = 0;
      let lastLr = schedule ? schedule(step) : NaN;
      let rows = 0;
      for (let b = 0; b < stepsPerEpoch && stopReason === null; b++) {
        if (schedule) optimizer.learningRate = lastLr = schedule(step);
        const batch = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
        const check = guardOn
          ? async (
            loss: number,
            norm: number | null,
            named: () => { name: string; tensor: tf.Tensor }[],
          ) => {
            history.guard = await guard.checkAsync({ step, epoch, batch: b }, loss, norm, named);
            return history.guard === null;
          }
          : undefined;
        const r = await trainStepAsync(stepSetup, data.x, data.y, batch, lossSum, check);
        lossSum = r.lossSum;
        if (!r.applied) {
          stopReason = "guard";
          break;
        }
        step += 1;
        rows += batch.length;
        if (r.loss !== null) {
          lossSumJs += r.loss * batch.length;
          if (recordSteps) {
            history.stepLoss.push(r.loss);
            history.gradNorm.push(r.norm ?? NaN);
          }
        }
        const info = { epoch, batch: b, loss: r.loss };
        for (const cb of callbacks) await cb.onBatchEnd?.(step - 1, info, control);
      }
      const sum = lossSumJs + (lossSum ? (await lossSum.data())[0] : 0);
      tf.dispose(lossSum ?? []);
      const trainLoss = rows > 0 ? sum / rows : NaN;
      if (stopReason === "guard") {
        const report = history.guard as unknown as GuardReport;
        const named = vars.map((v) => ({ name: v.name, tensor: v as tf.Tensor }));
        if ((await firstNonFiniteAsync(named)) && epochSnapshot) {
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
        Object.assign(
          logs,
          (await evaluateSetAsync(evalFwd, data.x, data.y, null, metrics)).metrics,
        );
      }
      if (val) {
        const r = await evaluateSetAsync(evalFwd, val.x, val.y, lossFn, metrics);
        logs.val_loss = r.loss as number;
        for (const [k, v] of Object.entries(r.metrics)) logs[`val_${k}`] = v;
      }
      logs.lr = lastLr;
      logs.seconds = (performance.now() - t0) / 1000;
      history.epoch.push(epoch);
      for (const [k, v] of Object.entries(logs)) {
        if (k === "lr" || k === "seconds") history[k].push(v);
        else (history.history[k] ??= k === "loss" || k === "val_loss" ? history[k] : []).push(v);
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
    disposeAbandonedTape(); // an error inside a loss or shape check left the tape's tensors
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
