/**
 * `trainJepa`: the custom JEPA training step on lib/train's pieces — AdamW (flat optimiser),
 * warmup + cosine learning rate, clipping by global norm, the NaN/Inf step guard — followed by
 * the EMA update of the target encoder (τ schedule). Every epoch it logs the losses and the
 * collapse diagnostics of the online embeddings of a fixed sample, and at the end it says
 * whether the run collapsed. Reads values with `await data()` (works on the WebGPU backend).
 */
import * as tf from "@tensorflow/tfjs";
import { disposeAbandonedTape, require, requireFiniteTensor, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import { constantTau, cosineTau, emaUpdate } from "../train/ema.ts";
import { type GuardReport, StepGuard } from "../train/guards.ts";
import { warmupCosine } from "../train/schedules.ts";
import { makeOptimizer } from "../train/step_optimizer.ts";
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
  const rng = new Rng(
    requireNumber(fn, "seed", opts.seed ?? model.config.seed ?? DEFAULT_SEED, { integer: true }),
  );
  const stepsPerEpoch = Math.floor(n / batchSize); // full batches only: the regularisers need them
  const totalSteps = epochs * stepsPerEpoch;
  const schedule = warmupCosine(lr, Math.floor(warmFrac * totalSteps), totalSteps + 1, {
    floor: lr * 0.01,
  });
  const tauAt = opts.tauSchedule === "constant" ? constantTau(tau0) : cosineTau(tau0, totalSteps);
  const optimizer = makeOptimizer({ name: "adamw", weightDecay: opts.weightDecay ?? 0.01 }, lr);
  const vars = Object.values(model.params);
  const encKeys = Object.keys(model.target);
  const ema = model.config.target === "ema";
  const shuffleRng = rng.fork();
  const stepRng = rng.fork();
  const diagRows = Math.min(n, opts.diagnosticRows ?? 512);
  const diagIdx = tf.tensor1d(rng.fork().permutation(n).slice(0, diagRows), "int32");
  const diagX = tf.gather(x, diagIdx) as tf.Tensor3D;
  diagIdx.dispose();
  const guard = new StepGuard();
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
  const history: JepaHistory = {
    initial,
    epochs: [],
    steps: 0,
    seconds: 0,
    stopReason: "completed",
    guard: null,
    collapse: { collapsed: false, reasons: [] },
  };
  const t0 = performance.now();
  let step = 0;
  try {
    for (let epoch = 0; epoch < epochs && history.stopReason === "completed"; epoch++) {
      const te = performance.now();
      const perm = shuffleRng.permutation(n);
      const sums = [0, 0, 0];
      let lastLr = lr;
      let lastTau = tau0;
      for (let b = 0; b < stepsPerEpoch; b++) {
        optimizer.learningRate = lastLr = schedule(step);
        const idx = perm.slice(b * batchSize, (b + 1) * batchSize);
        const { stats, flat } = tf.tidy(() => {
          const xb = tf.gather(x, tf.tensor1d(idx, "int32")) as tf.Tensor3D;
          let parts: tf.Tensor[] = [];
          const { value, grads } = tf.variableGrads(() => {
            const l = jepaLosses(model, xb, { training: true, rng: stepRng });
            parts = [tf.keep(l.latent), tf.keep(l.reg)];
            return l.total;
          }, vars);
          const flat = tf.concat(
            vars.map((v) => tf.reshape(grads[v.name] ?? tf.zerosLike(v), [-1])),
          );
          const norm = tf.sqrt(tf.sum(tf.square(flat)));
          const stats = tf.stack([value, norm, ...parts]);
          tf.dispose(parts);
          return { stats, flat };
        });
        const [loss, norm, latent, reg] = await stats.data();
        stats.dispose();
        const report = guard.check({ step, epoch, batch: b }, loss, norm, () => []);
        if (report) {
          flat.dispose();
          history.guard = report;
          history.stopReason = "guard";
          console.warn(report.message);
          break;
        }
        tf.tidy(() => {
          const g = clipNorm > 0
            ? tf.mul(flat, Math.min(1, clipNorm / Math.max(norm, 1e-12)))
            : flat;
          optimizer.step(vars, g as tf.Tensor1D);
        });
        flat.dispose();
        if (ema) {
          lastTau = tauAt(step);
          emaUpdate(
            encKeys.map((k) => model.target[k]),
            encKeys.map((k) => model.params[k]),
            lastTau,
          );
        }
        sums[0] += loss;
        sums[1] += latent;
        sums[2] += reg;
        step += 1;
      }
      if (history.stopReason === "guard") break;
      const diagnostics = await diagnose(epoch + 1);
      const k = Math.max(1, stepsPerEpoch);
      const log: JepaEpochLog = {
        epoch,
        loss: sums[0] / k,
        latent: sums[1] / k,
        reg: sums[2] / k,
        lr: lastLr,
        tau: ema ? lastTau : 0,
        seconds: (performance.now() - te) / 1000,
        diagnostics,
      };
      history.epochs.push(log);
      await opts.onEpoch?.(log);
      await new Promise((r) => setTimeout(r, 0));
    }
  } finally {
    disposeAbandonedTape(); // an error inside a step left the gradient tape's tensors
    diagX.dispose();
    optimizer.dispose();
  }
  history.steps = step;
  history.seconds = (performance.now() - t0) / 1000;
  const last = history.epochs.at(-1);
  history.collapse = last
    ? detectCollapse(last.diagnostics, opts.thresholds, initial)
    : { collapsed: false, reasons: ["no epoch completed"] };
  return history;
}
