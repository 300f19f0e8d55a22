/**
 * THE course training loop: `train(model, data, opts)` for a Layers model, a {params, forward}
 * model, or a loss hook ({variables, loss}: JEPA, contrastive heads) — all through the one step
 * of step.ts. Seeded shuffling (one gather per batch), any optimiser (flat fast path for SGD,
 * momentum, Adam, AdamW), loss and metrics by name, validation, early stopping with best
 * weights, learning-rate schedules, clipping by global norm, a NaN/Inf guard, callbacks (EMA of
 * a target network is one) and a progress display. Losses are summed on the device and read
 * once per epoch unless the guard needs them per step, always with `await data()`. Leak-free.
 */
import * as tf from "@tensorflow/tfjs";
import { disposeAbandonedTape, require, requireFiniteTensors, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import { denseStackApply, denseStackLoss, denseStackPlan } from "../fast/dense_stack.ts";
import { type FoldableHead, headLogitsLoss, HOST_LOSSES } from "../fast/host_losses.ts";
import { fastPaths } from "../fast/switch.ts";
import { progressDisplay } from "./progress.ts";
import { EarlyStopper, type EpochLogs, type ProgressReporter } from "./callbacks.ts";
import { evaluateSet } from "./evaluate.ts";
import { firstNonFinite, formatGuardReport, type GuardReport, StepGuard } from "./guards.ts";
import { isLogitsLoss, lossDerivative, resolveLoss, resolveMetric } from "./objectives.ts";
import { type BatchLossResult, type StepResult, type StepSetup, trainStep } from "./step.ts";
import { constantLr, type LrSchedule } from "./schedules.ts";
import { isTfOptimizer, makeOptimizer } from "./step_optimizer.ts";
import {
  checkData,
  type FunctionalModel,
  type LossModel,
  type TrainBatch,
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

export type {
  FunctionalModel,
  LossModel,
  TrainBatch,
  TrainData,
  TrainHistory,
  TrainOptions,
} from "./train_types.ts";

/** The default display: an in-place progress line (Jupyter or terminal), one update per epoch. */
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

type AnyModel<P> = tf.LayersModel | FunctionalModel<P> | LossModel;

function isLossModel<P>(m: AnyModel<P>): m is LossModel {
  return !(m instanceof tf.LayersModel) && typeof (m as LossModel).loss === "function";
}

/**
 * Train a Layers model, a {params, forward} model or a loss hook {variables, loss}; resolves to
 * the history. `data` is {x, y} ({x} or null for a loss hook: null when it samples its own
 * batches, then each epoch has `opts.stepsPerEpoch` steps).
 */
export async function train<P>(
  model: AnyModel<P>,
  data: TrainData | { x: tf.Tensor } | null,
  opts: TrainOptions,
): Promise<TrainHistory> {
  const isLayers = model instanceof tf.LayersModel;
  const hook = model !== null && typeof model === "object" && isLossModel(model);
  require(
    isLayers || hook ||
      (model !== null && typeof model === "object" && typeof model.forward === "function"),
    "train",
    "model",
    "a tf.LayersModel, {params, forward} or {variables, loss}",
    model,
  );
  const y = data && "y" in data ? data.y : null;
  require(hook || y !== null, "train", "data", "{x: tf.Tensor, y: tf.Tensor}", data);
  const n = data === null ? 0 : checkData("data", { x: data.x, y: y ?? data.x });
  require(
    !hook || (!opts.validationData && !opts.metrics?.length),
    "train",
    "opts",
    "no validationData or metrics with a loss hook model",
    "some",
  );
  if (opts.validationData) checkData("validationData", opts.validationData);
  const v = opts.validationData; // features and validation: NaN would pass wasm's fused relu as 0
  await requireFiniteTensors("train", {
    "data.x": data?.x,
    "validationData.x": v?.x,
    "validationData.y": v?.y,
  });
  const epochs = requireNumber("train", "epochs", opts?.epochs, { integer: true, positive: true });
  const batchSize = requireNumber("train", "batchSize", opts.batchSize ?? 32, {
    integer: true,
    positive: true,
  });
  const vars = isLayers
    ? layersModelVariables(model)
    : collectVariables(hook ? model.variables : (model as FunctionalModel<P>).params);
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
  // lib/fast: a Sequential Dense(+SeededDropout) stack trains through one tape node
  const plan = isLayers && fastPaths() ? denseStackPlan(model) : null;
  const forward = (x: tf.Tensor, training: boolean): tf.Tensor =>
    isLayers
      ? plan && training ? denseStackApply(plan, x) : model.apply(x, { training }) as tf.Tensor
      : (model as FunctionalModel<P>).forward((model as FunctionalModel<P>).params, x, {
        training,
        rng: dropoutRng,
      });
  // lib/fast: the plan's head and a course loss by name fold into its one tape node
  const foldDeriv = plan && plan.head !== "softmax" ? lossDerivative(lossArg) : null;
  const foldMath = foldDeriv ? HOST_LOSSES[lossArg as keyof typeof HOST_LOSSES] : null;
  /** The loss hook of one batch (a loss model's own, else forward + loss function). */
  const batchLoss = (batch: TrainBatch | null): BatchLossResult => {
    if (hook) return model.loss(batch, { training: true, rng: dropoutRng });
    const { x: xb, y: yb } = batch as TrainBatch;
    const checkY = (shape: number[]) =>
      require(
        shape.length === yb!.shape.length && shape.every((d, i) => d === yb!.shape[i]),
        "train",
        "data.y",
        `the model's output shape [${shape.join(", ")}] per batch`,
        yb,
      );
    if (plan && foldMath) {
      const units = plan.layers[plan.layers.length - 1].w.shape[1] as number;
      checkY([xb.shape[0], units]);
      const head = plan.head as FoldableHead;
      const loss = headLogitsLoss(head, foldMath, lossFn, foldDeriv!, yb!);
      return denseStackLoss(plan, xb, loss);
    }
    const pred = forward(xb, true);
    checkY(pred.shape);
    return lossFn(yb!, pred);
  };
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
  const dropRemainder = opts.dropRemainder ?? false;
  require(!dropRemainder || n >= batchSize, "train", "batchSize", `at most ${n} rows`, batchSize);
  const stepsPerEpoch = data === null
    ? requireNumber("train", "stepsPerEpoch", opts.stepsPerEpoch, { integer: true, positive: true })
    : dropRemainder
    ? Math.floor(n / batchSize)
    : Math.ceil(n / batchSize);
  let bestSnapshot: tf.Tensor[] | null = null;
  let epochSnapshot: tf.Tensor[] | null = null;
  let step = 0;
  const stepSetup: StepSetup = { vars, optimizer, clipNorm, read: guardOn || recordSteps };

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
      let sums: tf.Tensor1D | null = null;
      const sumsJs: Record<string, number> = { loss: 0 };
      let partNames: string[] = [];
      let lastLr = schedule ? schedule(step) : NaN;
      let rows = 0;
      for (let b = 0; b < stepsPerEpoch && stopReason === null; b++) {
        if (schedule) optimizer.learningRate = lastLr = schedule(step);
        const batch = order.subarray(b * batchSize, Math.min(n, (b + 1) * batchSize));
        const where = { epoch, batch: b };
        for (const cb of callbacks) await cb.onBatchBegin?.(step, where, control);
        const check = guardOn
          ? async (
            loss: number,
            norm: number | null,
            named: () => { name: string; tensor: tf.Tensor }[],
          ) => {
            history.guard = await guard.check({ step, epoch, batch: b }, loss, norm, named);
            return history.guard === null;
          }
          : undefined;
        const gather = (): TrainBatch | null => {
          if (data === null) return null;
          // gather reads only the rows it needs (tfjs-wasm's slice copies its whole input).
          const idx = tf.tensor1d(batch, "int32");
          return { x: tf.gather(data.x, idx), y: y ? tf.gather(y, idx) : null };
        };
        const weight = data === null ? 1 : batch.length;
        const r: StepResult = await trainStep(stepSetup, gather, batchLoss, weight, sums, check);
        sums = r.sums;
        partNames = r.partNames;
        if (!r.applied) {
          stopReason = "guard";
          break;
        }
        step += 1;
        rows += weight;
        if (r.loss !== null) {
          sumsJs.loss += r.loss * weight;
          for (const [k, v] of Object.entries(r.parts)) sumsJs[k] = (sumsJs[k] ?? 0) + v * weight;
          if (recordSteps) {
            history.stepLoss.push(r.loss);
            history.gradNorm.push(r.norm ?? NaN);
          }
        }
        const info = { ...where, loss: r.loss };
        for (const cb of callbacks) await cb.onBatchEnd?.(step - 1, info, control);
      }
      const device = sums ? await sums.data().finally(() => sums!.dispose()) : null;
      const mean = (k: string, i: number) =>
        rows > 0 ? ((sumsJs[k] ?? 0) + (device ? device[i] : 0)) / rows : NaN;
      if (stopReason === "guard") {
        const report = history.guard as unknown as GuardReport;
        const named = vars.map((v) => ({ name: v.name, tensor: v as tf.Tensor }));
        if ((await firstNonFinite(named)) && epochSnapshot) {
          restoreWeights(vars, epochSnapshot);
          report.restoredFromSnapshot = true;
          report.message = formatGuardReport(report);
        }
        console.warn(report.message);
        break;
      }
      const logs: EpochLogs = { loss: mean("loss", 0) };
      for (const k of partNames) logs[k] = mean(k, 1 + partNames.indexOf(k));
      const evalFwd = (x: tf.Tensor) => forward(x, false);
      if (metrics.length && data && y) {
        Object.assign(logs, (await evaluateSet(evalFwd, data.x, y, null, metrics)).metrics);
      }
      if (val) {
        const r = await evaluateSet(evalFwd, val.x, val.y, lossFn, metrics);
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
