/**
 * Exercise 00: standardise a feature matrix column-wise without leaking test statistics, and
 * compute a covariance matrix with tensors. Replace each `throw` with your code, then run
 * `deno task grade 00`. Work inside `tf.tidy` so intermediate tensors are freed.
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
 * Hint: `tf.moments(x, 0)` gives per-column mean and variance; `tf.where` picks values.
 */
export function fitStandardizer(xTrain: tf.Tensor2D): Standardizer {
  void xTrain;
  throw new Error("TODO: fitStandardizer — per-column mean and std of the training rows");
}

/** Apply a fitted standardiser to any rows (train, validation or test): (x - mean) / std. */
export function standardize(x: tf.Tensor2D, s: Standardizer): tf.Tensor2D {
  void x, s;
  throw new Error("TODO: standardize — subtract the training mean, divide by the training std");
}

/** Sample covariance matrix of the columns of x (n - 1 in the denominator), shape [F, F]. */
export function covariance(x: tf.Tensor2D): tf.Tensor2D {
  void x;
  throw new Error("TODO: covariance — center the columns, then Xcᵀ Xc / (n - 1)");
}
