/**
 * Exercise 05: the cosine contrastive loss with a margin, in tfjs. Positive pairs are pulled
 * towards cosine 1; negative pairs are pushed below the margin and left alone once they are
 * there. Replace the `throw` with your code, then run `deno task grade 05`.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Mean over pairs of y·(1 − cos)² + (1 − y)·max(0, cos − margin)², where cos is the cosine
 * similarity of rows a[i] and b[i] ([n, d] each) and y the pair label (0 or 1).
 * Use tfjs ops only (so gradients flow) inside `tf.tidy`; reject mismatched shapes, labels
 * other than 0/1 and a margin outside [-1, 1) with an Error naming the argument.
 */
export function contrastiveLoss(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  labels: readonly number[],
  margin = 0.5,
): tf.Scalar {
  void a, b, labels, margin, tf;
  throw new Error("TODO: contrastiveLoss — y(1 - cos)² + (1 - y) max(0, cos - margin)², averaged");
}
