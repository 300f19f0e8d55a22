/**
 * Robust regression losses for fat-tailed targets. With residual r = yPred - yTrue:
 * Huber is ½r² for |r| ≤ δ and δ(|r| - ½δ) beyond (its gradient is capped at δ, so one extreme
 * return cannot blow up a step); pseudo-Huber δ²(√(1 + (r/δ)²) - 1) is its smooth cousin; the
 * quantile (pinball) loss max(q·e, (q-1)·e) with e = yTrue - yPred fits the q-th quantile.
 * Each returns the mean over all elements as a scalar tensor (the train loop's loss contract);
 * the `*Objective` factories turn them into `(yTrue, yPred) => loss` functions for `train`.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import type { LossFn } from "../train/objectives.ts";
import { requireFloatTensor, requireSameShape } from "./checks.ts";

function checkPair(fn: string, yTrue: unknown, yPred: unknown): void {
  const t = requireFloatTensor(fn, "yTrue", yTrue);
  const p = requireFloatTensor(fn, "yPred", yPred);
  requireSameShape(fn, "yPred", t, p, "yTrue");
}

/** Mean Huber loss with threshold `delta` (equals tf.losses.huberLoss with its default reduction). */
export function huberLoss(yTrue: tf.Tensor, yPred: tf.Tensor, delta = 1): tf.Scalar {
  checkPair("huberLoss", yTrue, yPred);
  requireNumber("huberLoss", "delta", delta, { positive: true });
  return tf.tidy(() => {
    const a = tf.abs(tf.sub(yPred, yTrue));
    const quad = tf.minimum(a, delta);
    const lin = tf.sub(a, quad);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(quad)), tf.mul(delta, lin))) as tf.Scalar;
  });
}

/** Mean pseudo-Huber loss δ²(√(1 + (r/δ)²) - 1): smooth, quadratic near 0, linear in the tails. */
export function pseudoHuberLoss(yTrue: tf.Tensor, yPred: tf.Tensor, delta = 1): tf.Scalar {
  checkPair("pseudoHuberLoss", yTrue, yPred);
  requireNumber("pseudoHuberLoss", "delta", delta, { positive: true });
  return tf.tidy(() => {
    const z = tf.div(tf.sub(yPred, yTrue), delta);
    // √(1 + z²) - 1 written as z² / (√(1 + z²) + 1): no cancellation for small residuals.
    const z2 = tf.square(z);
    const v = tf.div(z2, tf.add(tf.sqrt(tf.add(1, z2)), 1));
    return tf.mul(delta * delta, tf.mean(v)) as tf.Scalar;
  });
}

/** Mean quantile (pinball) loss for quantile `q` in (0, 1); q = 0.5 is half the MAE. */
export function quantileLoss(yTrue: tf.Tensor, yPred: tf.Tensor, q: number): tf.Scalar {
  checkPair("quantileLoss", yTrue, yPred);
  requireNumber("quantileLoss", "q", q);
  require(q > 0 && q < 1, "quantileLoss", "q", "a quantile in (0, 1)", q);
  return tf.tidy(() => {
    const e = tf.sub(yTrue, yPred);
    return tf.mean(tf.maximum(tf.mul(q, e), tf.mul(q - 1, e))) as tf.Scalar;
  });
}

/** A Huber loss function `(yTrue, yPred) => loss` with a fixed delta, for `train({loss})`. */
export function huberObjective(delta = 1): LossFn {
  requireNumber("huberObjective", "delta", delta, { positive: true });
  return (yTrue, yPred) => huberLoss(yTrue, yPred, delta);
}

/** A pseudo-Huber loss function with a fixed delta, for `train({loss})`. */
export function pseudoHuberObjective(delta = 1): LossFn {
  requireNumber("pseudoHuberObjective", "delta", delta, { positive: true });
  return (yTrue, yPred) => pseudoHuberLoss(yTrue, yPred, delta);
}

/** A quantile (pinball) loss function for quantile `q`, for `train({loss})`. */
export function quantileObjective(q: number): LossFn {
  requireNumber("quantileObjective", "q", q);
  require(q > 0 && q < 1, "quantileObjective", "q", "a quantile in (0, 1)", q);
  return (yTrue, yPred) => quantileLoss(yTrue, yPred, q);
}
