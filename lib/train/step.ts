/**
 * One optimisation step of the training loop: gather a batch, take the loss and the gradients,
 * flatten them into one vector (global norm, clipping and the flat optimisers all work on it),
 * optionally read loss and norm back for the guard, then update. Everything is in one tidy.
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

/** Run one step on the rows `rows` of `x`/`y` (see the module comment). */
export function trainStep(
  s: StepSetup,
  x: tf.Tensor,
  y: tf.Tensor,
  rows: Int32Array,
  lossSum: tf.Scalar | null,
  check?: StepCheck,
): StepResult {
  const result: StepResult = { applied: true, loss: null, norm: null, lossSum };
  const kept = tf.tidy((): tf.Scalar | void => {
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
    const norm = s.clipNorm !== null || s.read ? tf.sqrt(tf.sum(tf.square(flat))) : null;
    if (s.read) {
      const d = (norm ? tf.stack([value, norm]) : value).dataSync();
      result.loss = d[0];
      result.norm = norm ? d[1] : null;
      const named = () => s.vars.map((v) => ({ name: v.name, tensor: grads[v.name] }));
      if (check && !check(d[0], result.norm, named)) {
        result.applied = false;
        return;
      }
    }
    const g = s.clipNorm !== null && norm
      ? tf.mul(flat, tf.div(s.clipNorm, tf.maximum(norm, s.clipNorm))) as tf.Tensor1D
      : flat;
    s.optimizer.step(s.vars, g);
    if (s.read) return;
    const weighted = tf.mul(value, rows.length);
    return (lossSum ? tf.add(lossSum, weighted) : weighted) as tf.Scalar;
  });
  if (kept) {
    lossSum?.dispose();
    result.lossSum = kept;
  }
  return result;
}
