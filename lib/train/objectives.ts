/**
 * Losses and metrics by name for the training loop. A loss maps (yTrue, yPred) to a scalar mean
 * over the batch; a metric does the same on a whole data set at the end of an epoch.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";

/** (yTrue, yPred) → scalar tensor, the mean over the rows. */
export type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;
/** Loss names the loop understands; the `*Logits` ones expect raw scores from the model. */
export type LossName =
  | "mse"
  | "mae"
  | "bce"
  | "bceWithLogits"
  | "crossentropy"
  | "softmaxCrossentropyLogits";
/** Metric names the loop understands. */
export type MetricName = "accuracy" | "mse" | "mae";
/** (yTrue, yPred) → scalar tensor over a whole data set. */
export type MetricFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

const EPS = 1e-7;

const LOSSES: Record<LossName, LossFn> = {
  mse: (y, p) => tf.mean(tf.squaredDifference(p, y)),
  mae: (y, p) => tf.mean(tf.abs(tf.sub(p, y))),
  bce: (y, p) => {
    const q = tf.clipByValue(p, EPS, 1 - EPS);
    return tf.neg(tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log1p(tf.neg(q))))));
  },
  // max(z, 0) - z·y + log(1 + exp(-|z|)): stable for large |z|.
  bceWithLogits: (y, z) =>
    tf.mean(tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))))),
  crossentropy: (y, p) => {
    const q = tf.clipByValue(p, EPS, 1);
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(q)), -1)));
  },
  softmaxCrossentropyLogits: (y, z) => tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(z)), -1))),
};

/** The loss function for a name (or the function itself), checking that it is known. */
export function resolveLoss(loss: LossName | LossFn): LossFn {
  if (typeof loss === "function") return loss;
  require(
    typeof loss === "string" && loss in LOSSES,
    "resolveLoss",
    "loss",
    `a function or one of ${Object.keys(LOSSES).join(", ")}`,
    loss,
  );
  return LOSSES[loss];
}

/** True when a loss name expects raw scores (logits) rather than probabilities. */
export function isLogitsLoss(loss: LossName | LossFn): boolean {
  return loss === "bceWithLogits" || loss === "softmaxCrossentropyLogits";
}

/**
 * Accuracy of predictions: one output column is a binary probability (or a logit when
 * `fromLogits`) thresholded at 0.5 (0); several columns compare argmax with the one-hot target.
 */
export function accuracyMetric(fromLogits = false): MetricFn {
  return (y, p) =>
    tf.tidy(() => {
      const cols = p.shape[p.rank - 1] ?? 1;
      if (p.rank === 1 || cols === 1) {
        const hit = tf.equal(tf.greater(p, fromLogits ? 0 : 0.5), tf.greater(y, 0.5));
        return tf.mean(tf.cast(hit, "float32")) as tf.Scalar;
      }
      return tf.mean(tf.cast(tf.equal(tf.argMax(p, -1), tf.argMax(y, -1)), "float32")) as tf.Scalar;
    });
}

/** The metric function for a name (or a custom {name, fn}), as a named pair. */
export function resolveMetric(
  metric: MetricName | { name: string; fn: MetricFn },
  fromLogits = false,
): { name: string; fn: MetricFn } {
  if (typeof metric === "object" && metric !== null) {
    require(
      typeof metric.name === "string" && typeof metric.fn === "function",
      "resolveMetric",
      "metric",
      "a metric name or {name, fn}",
      metric,
    );
    return metric;
  }
  switch (metric) {
    case "accuracy":
      return { name: "accuracy", fn: accuracyMetric(fromLogits) };
    case "mse":
      return { name: "mse", fn: LOSSES.mse };
    case "mae":
      return { name: "mae", fn: LOSSES.mae };
  }
  require(false, "resolveMetric", "metric", "accuracy | mse | mae | {name, fn}", metric);
}
