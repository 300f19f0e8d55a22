/**
 * One optimisation step of the training loop: gather a batch, take the loss and the gradients,
 * flatten them into one vector (global norm, clipping and the flat optimisers all work on it),
 * optionally read loss and norm back for the guard, then update. `trainStepAsync` (what the loop
 * uses) reads with `await data()`, which also works on WebGPU where `dataSync()` throws.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import type { LossFn } from "./objectives.ts";
import type { StepOptimizer } from "./step_optimizer.ts";

/** What a step needs, fixed for a whole run. */
export interface StepSetup {
  vars: tf.Variable[];
  forward: (x: tf.Tensor, training: boolean) => tf.Tensor;
  lossFn: LossFn;
  optimizer: StepOptimizer;
  clipNorm: number | null;
  /** Read the loss and gradient norm back every step (guard, per-step records). */
  read: boolean;
}

/** Result of a step: the numbers read (when `read`), and the running device-side loss sum. */
export interface StepResult {
  applied: boolean;
  loss: number | null;
  norm: number | null;
  /** Σ batch loss × rows kept on the device when not read (the input sum is disposed). */
  lossSum: tf.Scalar | null;
}

/** Veto on a step after its loss and norm were read: return false to skip the update. */
export type StepCheck = (
  loss: number,
  norm: number | null,
  grads: () => { name: string; tensor: tf.Tensor }[],
) => boolean;

/** A `StepCheck` that may be async (the async step awaits it). */
export type StepCheckAsync = (
  ...args: Parameters<StepCheck>
) => boolean | Promise<boolean>;

/** Loss, gradients and norm of one batch, kept alive between the two halves of a step. */
interface Pending {
  value: tf.Scalar;
  flat: tf.Tensor1D;
  norm?: tf.Scalar;
  grads?: tf.NamedTensorMap;
}

/** First half of a step: forward, loss, gradients, flat gradient and (if needed) its norm. */
function computeStep(s: StepSetup, x: tf.Tensor, y: tf.Tensor, rows: Int32Array): Pending {
  return tf.tidy(() => {
    // gather reads only the rows it needs (tfjs-wasm's slice copies its whole input).
    const idx = tf.tensor1d(rows, "int32");
    const xb = tf.gather(x, idx);
    const yb = tf.gather(y, idx);
    const lossOf = () => {
      const pred = s.forward(xb, true);
      require(
        pred.shape.length === yb.shape.length && pred.shape.every((d, i) => d === yb.shape[i]),
        "train",
        "data.y",
        `the model's output shape [${pred.shape.join(", ")}] per batch`,
        yb,
      );
      return s.lossFn(yb, pred);
    };
    const { value, grads } = tf.variableGrads(lossOf, s.vars);
    const pieces = s.vars.map((v) => {
      const g = grads[v.name] ?? tf.zerosLike(v);
      return g.rank === 1 ? g : tf.reshape(g, [-1]);
    });
    const flat = (pieces.length === 1 ? pieces[0] : tf.concat(pieces)) as tf.Tensor1D;
    const out: Pending = { value, flat };
    if (s.clipNorm !== null || s.read) out.norm = tf.sqrt(tf.sum(tf.square(flat)));
    if (s.read) out.grads = grads;
    return out as unknown as tf.TensorContainer;
  }) as unknown as Pending;
}

/** The loss and norm of a pending step as one tensor to read back. */
function readTensor(p: Pending): tf.Tensor {
  return p.norm ? tf.stack([p.value, p.norm]) : p.value.clone();
}

/** Named gradients of a pending step, for the guard's culprit search. */
function namedGrads(s: StepSetup, p: Pending): () => { name: string; tensor: tf.Tensor }[] {
  return () =>
    s.vars.flatMap((v) => {
      const t = p.grads?.[v.name];
      return t ? [{ name: v.name, tensor: t }] : [];
    });
}

/** Second half of a step: clip, update, and (when not reading) add to the device loss sum. */
function applyStep(s: StepSetup, p: Pending, n: number, result: StepResult): void {
  const lossSum = result.lossSum;
  const kept = tf.tidy((): tf.Scalar | void => {
    const g = s.clipNorm !== null && p.norm
      ? tf.mul(p.flat, tf.div(s.clipNorm, tf.maximum(p.norm, s.clipNorm))) as tf.Tensor1D
      : p.flat;
    s.optimizer.step(s.vars, g);
    if (s.read) return;
    const weighted = tf.mul(p.value, n);
    return (lossSum ? tf.add(lossSum, weighted) : weighted) as tf.Scalar;
  });
  if (kept) {
    lossSum?.dispose();
    result.lossSum = kept;
  }
}

function disposePending(p: Pending): void {
  tf.dispose([p.value, p.flat, ...(p.norm ? [p.norm] : []), ...Object.values(p.grads ?? {})]);
}

/** Run one step on the rows `rows` of `x`/`y`, reading synchronously (see the module comment). */
export function trainStep(
  s: StepSetup,
  x: tf.Tensor,
  y: tf.Tensor,
  rows: Int32Array,
  lossSum: tf.Scalar | null,
  check?: StepCheck,
): StepResult {
  const result: StepResult = { applied: true, loss: null, norm: null, lossSum };
  const p = computeStep(s, x, y, rows);
  try {
    if (s.read) {
      const d = tf.tidy(() => readTensor(p).dataSync());
      result.loss = d[0];
      result.norm = p.norm ? d[1] : null;
      if (check && !check(d[0], result.norm, namedGrads(s, p))) {
        result.applied = false;
        return result;
      }
    }
    applyStep(s, p, rows.length, result);
    return result;
  } finally {
    disposePending(p);
  }
}

/** `trainStep` reading with `await data()` (no synchronous read: safe on WebGPU). */
export async function trainStepAsync(
  s: StepSetup,
  x: tf.Tensor,
  y: tf.Tensor,
  rows: Int32Array,
  lossSum: tf.Scalar | null,
  check?: StepCheckAsync,
): Promise<StepResult> {
  const result: StepResult = { applied: true, loss: null, norm: null, lossSum };
  const p = computeStep(s, x, y, rows);
  try {
    if (s.read) {
      const t = readTensor(p);
      const d = await t.data().finally(() => t.dispose());
      result.loss = d[0];
      result.norm = p.norm ? d[1] : null;
      if (check && !(await check(d[0], result.norm, namedGrads(s, p)))) {
        result.applied = false;
        return result;
      }
    }
    applyStep(s, p, rows.length, result);
    return result;
  } finally {
    disposePending(p);
  }
}
