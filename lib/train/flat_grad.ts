/**
 * The interface between the training step and its optimisers: the step hands every optimiser
 * ONE flat gradient (all gradients concatenated in variable order), and `unflatten` cuts such a
 * vector back into tensors shaped like the variables.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";

/** One update from a flat gradient; the loop sets `learningRate` before each step. */
export interface StepOptimizer {
  readonly name: string;
  /** null: a wrapped tf.Optimizer keeps its own learning rate. */
  learningRate: number | null;
  step(vars: tf.Variable[], flatGrad: tf.Tensor1D): void;
  /** The same update from a flat gradient held in JS (host backends; lib/fast's optimisers). */
  stepHost?(vars: tf.Variable[], flatGrad: Float32Array): void;
  dispose(): void;
}

/** Split a flat vector into tensors shaped like `vars` (in order). */
export function unflatten(vars: tf.Variable[], flat: tf.Tensor1D): tf.Tensor[] {
  const sizes = vars.map((v) => v.size);
  const total = sizes.reduce((a, b) => a + b, 0);
  require(flat.size === total, "unflatten", "flat", `a vector of ${total} values`, flat);
  if (vars.length === 1) return [vars[0].rank === 1 ? flat : tf.reshape(flat, vars[0].shape)];
  return tf.split(flat, sizes).map((
    p,
    i,
  ) => (vars[i].rank === 1 ? p : tf.reshape(p, vars[i].shape)));
}
