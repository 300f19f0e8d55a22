/**
 * THE optimisation step of the course, shared by `train` (MLP, residual, projection heads,
 * Layers models) and `trainJepa`: take the loss of one batch from a loss hook and its gradients,
 * flatten them into one vector (global norm, clipping and the flat optimisers all work on it),
 * optionally read loss, norm and the loss's named parts back for a guard (`await data()`, so it
 * works on WebGPU too), then clip and update. What happens after a step (EMA of a target
 * network, logging) belongs to the loop's callbacks.
 */
import * as tf from "@tensorflow/tfjs";
import { clipByGlobalNorm, globalNorm } from "./guards.ts";
import type { StepOptimizer } from "./step_optimizer.ts";
import { hostStep, hostStepReady } from "../fast/host_step.ts";

/** A loss hook's result: the scalar to minimise, or it with named parts to log (e.g. latent). */
export type BatchLossResult = tf.Scalar | { loss: tf.Scalar; parts: Record<string, tf.Scalar> };

/** What a step needs, fixed for a whole run. */
export interface StepSetup {
  vars: tf.Variable[];
  optimizer: StepOptimizer;
  clipNorm: number | null;
  /** Read the loss, parts and gradient norm back every step (guard, per-step records). */
  read: boolean;
}

/** Result of a step: the numbers read (when `read`), and the running device-side sums. */
export interface StepResult {
  applied: boolean;
  loss: number | null;
  norm: number | null;
  /** The loss's named parts, read (when `read`). */
  parts: Record<string, number>;
  /** Names of the parts, in the order of `sums` after the loss. */
  partNames: string[];
  /** Σ weight·[loss, ...parts] kept on the device when not read (the input sum is disposed). */
  sums: tf.Tensor1D | null;
}

/** Veto on a step after its loss and norm were read: resolve false to skip the update. */
export type StepCheck = (
  loss: number,
  norm: number | null,
  grads: () => { name: string; tensor: tf.Tensor }[],
) => boolean | Promise<boolean>;

/** Loss, parts, gradients and norm of one batch, kept alive between the two halves of a step. */
interface Pending {
  values: tf.Tensor1D;
  flat: tf.Tensor1D;
  norm?: tf.Scalar;
  grads?: tf.NamedTensorMap;
}

/** A batch's loss, its named parts and the gradients of every variable (the caller disposes). */
export interface BatchGrads {
  value: tf.Scalar;
  parts: tf.Scalar[];
  names: string[];
  /** One gradient per variable of the step, in its order (zeros where the loss ignores one). */
  grads: tf.Tensor[];
}

/** Loss, parts and gradients of one batch (the batch's own tensors are freed). */
export function batchGrads<B>(
  s: StepSetup,
  batch: () => B,
  lossOf: (batch: B) => BatchLossResult,
): BatchGrads {
  let names: string[] = [];
  const out = tf.tidy(() => {
    let parts: tf.Scalar[] = [];
    // the batch is made outside the gradient scope: custom ops may close over their inputs
    const b = batch();
    const { value, grads } = tf.variableGrads(() => {
      const r = lossOf(b);
      if (r instanceof tf.Tensor) return r;
      names = Object.keys(r.parts);
      parts = names.map((k) => tf.keep(r.parts[k]));
      return r.loss;
    }, s.vars);
    const all = s.vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
    return { value, parts, grads: all } as unknown as tf.TensorContainer;
  }) as unknown as BatchGrads;
  return { ...out, names };
}

/** First half of a step: loss (and parts), gradients, flat gradient and (if needed) its norm. */
function computeStep<B>(
  s: StepSetup,
  batch: () => B,
  lossOf: (batch: B) => BatchLossResult,
): Pending & { names: string[] } {
  const r = batchGrads(s, batch, lossOf);
  const p = tf.tidy(() => {
    const pieces = r.grads.map((g) => (g.rank === 1 ? g : tf.reshape(g, [-1])));
    const flat = (pieces.length === 1 ? pieces[0].clone() : tf.concat(pieces)) as tf.Tensor1D;
    const out: Pending = { values: tf.stack([r.value, ...r.parts]) as tf.Tensor1D, flat };
    if (s.clipNorm !== null || s.read) out.norm = globalNorm([flat]);
    return out as unknown as tf.TensorContainer;
  }) as unknown as Pending;
  if (s.read) {
    p.grads = Object.fromEntries(s.vars.map((v, i) => [v.name, r.grads[i]]));
  } else tf.dispose(r.grads);
  tf.dispose([r.value, ...r.parts]);
  return { ...p, names: r.names };
}

/**
 * Run one step: `batch` gathers the batch's tensors (disposed after the step), `lossOf` is the
 * loss hook (the batch loss from the model's variables), `weight` (the batch's row count)
 * weights it in the device sums, `check` may veto the update.
 */
export async function trainStep<B>(
  s: StepSetup,
  batch: () => B,
  lossOf: (batch: B) => BatchLossResult,
  weight: number,
  sums: tf.Tensor1D | null,
  check?: StepCheck,
): Promise<StepResult> {
  // lib/fast: on wasm/cpu the flat gradient, its norm and the update stay in JS (no kernels)
  if (hostStepReady(s.optimizer)) {
    return { ...(await hostStep(s, batchGrads(s, batch, lossOf), check)), sums };
  }
  const p = computeStep(s, batch, lossOf);
  const result: StepResult = {
    applied: true,
    loss: null,
    norm: null,
    parts: {},
    partNames: p.names,
    sums,
  };
  try {
    if (s.read) {
      const t = tf.tidy(
        () => (p.norm ? tf.concat([p.values, tf.reshape(p.norm, [1])]) : p.values.clone()),
      );
      const d = await t.data().finally(() => t.dispose());
      result.loss = d[0];
      p.names.forEach((k, i) => (result.parts[k] = d[i + 1]));
      result.norm = p.norm ? d[p.names.length + 1] : null;
      const named = () =>
        s.vars.flatMap((v) => {
          const g = p.grads?.[v.name];
          return g ? [{ name: v.name, tensor: g }] : [];
        });
      if (check && !(await check(d[0], result.norm, named))) {
        result.applied = false;
        return result;
      }
    }
    const kept = tf.tidy((): tf.Tensor1D | void => {
      const g = s.clipNorm !== null && p.norm
        ? clipByGlobalNorm([p.flat], s.clipNorm, p.norm)[0] as tf.Tensor1D
        : p.flat;
      s.optimizer.step(s.vars, g);
      if (s.read) return;
      const weighted = tf.mul(p.values, weight);
      return (sums ? tf.add(sums, weighted) : weighted) as tf.Tensor1D;
    });
    if (kept) {
      sums?.dispose();
      result.sums = kept;
    }
    return result;
  } finally {
    tf.dispose([p.values, p.flat, ...(p.norm ? [p.norm] : []), ...Object.values(p.grads ?? {})]);
  }
}
