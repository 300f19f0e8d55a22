/**
 * Exercise 00 (reference solution): standardise a feature matrix column-wise without leaking
 * test statistics, and compute a covariance matrix with tensors.
 */
import * as tf from "@tensorflow/tfjs";

/** Column means and standard deviations of a training matrix. */
export interface Standardizer {
  mean: tf.Tensor1D;
  std: tf.Tensor1D;
}

/**
 * Fit a standardiser on the TRAINING rows only: per-column mean and population standard
 * deviation (divide by n). Columns with zero spread get std 1 so they map to 0, not NaN.
 */
export function fitStandardizer(xTrain: tf.Tensor2D): Standardizer {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(xTrain, 0);
    const std = tf.sqrt(variance);
    const safe = tf.where(tf.greater(std, 0), std, tf.onesLike(std));
    return { mean: mean as tf.Tensor1D, std: safe as tf.Tensor1D };
  });
}

/** Apply a fitted standardiser to any rows (train, validation or test): (x - mean) / std. */
export function standardize(x: tf.Tensor2D, s: Standardizer): tf.Tensor2D {
  return tf.tidy(() => tf.div(tf.sub(x, s.mean), s.std) as tf.Tensor2D);
}

/** Sample covariance matrix of the columns of x (n - 1 in the denominator), shape [F, F]. */
export function covariance(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const n = x.shape[0];
    const centered = tf.sub(x, tf.mean(x, 0));
    return tf.div(tf.matMul(centered, centered, true, false), n - 1) as tf.Tensor2D;
  });
}
