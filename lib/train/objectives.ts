/**
 * Losses and metrics by name for the training loop. A loss maps (yTrue, yPred) to a scalar mean
 * over the batch; a metric does the same on a whole data set at the end of an epoch.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { HOST_LOSSES, hostLoss, type HostLossMath, hostLossReady } from "../fast/host_losses.ts";

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

/**
 * A loss with a hand-written gradient with respect to the prediction (the target is a constant):
 * one tape node instead of a dozen, which is most of a small network's backward pass.
 */
function withGrad(
  value: (y: tf.Tensor, p: tf.Tensor) => tf.Scalar,
  grad: (y: tf.Tensor, p: tf.Tensor) => tf.Tensor,
  host: HostLossMath,
): LossFn {
  return (y, p) =>
    // lib/fast: the same loss in JS on wasm/cpu (one op, no kernels)
    hostLossReady(y, p)
      ? hostLoss(host, y, p)
      : tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        const pred = args[0] as tf.Tensor;
        (args[1] as tf.GradSaveFunc)([pred]);
        return {
          value: value(y, pred),
          gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
            tf.mul(grad(y, saved[0]), tf.div(dy, saved[0].size)),
        };
      })(p) as tf.Scalar;
}

const clipProb = (p: tf.Tensor) => tf.clipByValue(p, EPS, 1 - EPS);

/** The elementwise losses' derivatives with respect to the prediction (before the 1/n). */
const DERIVATIVES: Record<keyof typeof HOST_LOSSES, (y: tf.Tensor, p: tf.Tensor) => tf.Tensor> = {
  mse: (y, p) => tf.mul(tf.sub(p, y), 2),
  bce: (y, p) => {
    const q = clipProb(p);
    return tf.div(tf.sub(q, y), tf.mul(q, tf.sub(1, q)));
  },
  bceWithLogits: (y, z) => tf.sub(tf.sigmoid(z), y),
};

/** d term / d prediction of an elementwise loss by name (mse, bce, bceWithLogits), or null. */
export function lossDerivative(
  loss: LossName | LossFn,
): ((y: tf.Tensor, p: tf.Tensor) => tf.Tensor) | null {
  return typeof loss === "string" && loss in DERIVATIVES
    ? DERIVATIVES[loss as keyof typeof DERIVATIVES]
    : null;
}

const LOSSES: Record<LossName, LossFn> = {
  // mean((p - y)²); d/dp = 2(p - y)/n
  mse: withGrad((y, p) => tf.mean(tf.squaredDifference(p, y)), DERIVATIVES.mse, HOST_LOSSES.mse),
  mae: (y, p) => tf.mean(tf.abs(tf.sub(p, y))),
  // -mean(y log q + (1-y) log(1-q)), q = clip(p); d/dp = (q - y) / (q (1 - q)) / n
  bce: withGrad(
    (y, p) => {
      const q = clipProb(p);
      return tf.neg(
        tf.mean(tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log1p(tf.neg(q))))),
      );
    },
    DERIVATIVES.bce,
    HOST_LOSSES.bce,
  ),
  // mean(softplus(z) - z·y), stable for large |z|; d/dz = (sigmoid(z) - y)/n
  bceWithLogits: withGrad(
    (y, z) => tf.mean(tf.sub(tf.softplus(z), tf.mul(z, y))),
    DERIVATIVES.bceWithLogits,
    HOST_LOSSES.bceWithLogits,
  ),
  crossentropy: (y, p) => {
    const q = tf.clipByValue(p, EPS, 1);
    return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.log(q)), -1)));
  },
  // -mean over rows of Σ y log softmax(z)
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
