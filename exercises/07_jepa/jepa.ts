/**
 * Exercise 07: the four small pieces of a JEPA and its evaluation — the EMA update of the
 * target weights, the latent prediction loss with a stop-gradient on the target, the ROC AUC
 * of a linear probe's scores, and the silhouette score of a clustering. Replace each `throw`
 * with your code, then run `deno task grade 07`.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * In place: target ← τ·target + (1 − τ)·online for every pair of tensors. Throw an Error when
 * τ is outside [0, 1] or the lists differ in length or shapes.
 */
export function emaUpdate(target: tf.Variable[], online: tf.Tensor[], tau: number): void {
  void target, online, tau, tf;
  throw new Error("TODO: emaUpdate — t.assign(τ·t + (1 − τ)·online[i]) inside tf.tidy");
}

/**
 * Mean squared error between `pred` and `target`, where no gradient flows into `target`
 * (a stop-gradient: its value is used, its gradient is zero). Throw on different shapes.
 */
export function latentPredictionLoss(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  void pred, target;
  throw new Error(
    "TODO: latentPredictionLoss — wrap target in tf.customGrad whose gradFunc returns zeros, then MSE",
  );
}

/**
 * ROC AUC of scores for 0/1 labels: the probability that a random positive scores above a
 * random negative, ties counting one half. Throw when a class is missing or lengths differ.
 */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number {
  void labels, scores;
  throw new Error("TODO: rocAuc — average ranks of the scores, Mann-Whitney U / (n+ · n−)");
}

/**
 * Mean silhouette of rows X with cluster labels (Euclidean): s = (b − a)/max(a, b), a the mean
 * distance to the own cluster's other rows, b the smallest mean distance to another cluster;
 * a row alone in its cluster scores 0. Throw when there are fewer than 2 clusters.
 */
export function silhouette(X: readonly (readonly number[])[], labels: readonly number[]): number {
  void X, labels;
  throw new Error(
    "TODO: silhouette — per row a and b from mean distances, average (b − a)/max(a, b)",
  );
}
