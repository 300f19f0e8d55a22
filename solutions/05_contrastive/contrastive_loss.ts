/**
 * Exercise 05 (reference solution): the cosine contrastive loss with a margin, in tfjs.
 * Positive pairs are pulled towards cosine 1; negative pairs are pushed below the margin and
 * left alone once they are there.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../../lib/errors.ts";

/**
 * Mean over pairs of y·(1 − cos)² + (1 − y)·max(0, cos − margin)², where cos is the cosine
 * similarity of rows a[i] and b[i] ([n, d] each) and y the pair label (0 or 1).
 */
export function contrastiveLoss(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  labels: readonly number[],
  margin = 0.5,
): tf.Scalar {
  const fn = "contrastiveLoss";
  require(
    a instanceof tf.Tensor && a.rank === 2 && a.size > 0,
    fn,
    "a",
    "a non-empty 2-D tensor",
    a,
  );
  require(
    b instanceof tf.Tensor && b.rank === 2 && b.shape[0] === a.shape[0] &&
      b.shape[1] === a.shape[1],
    fn,
    "b",
    `a tensor of shape [${a.shape}] (as a)`,
    b,
  );
  require(
    Array.isArray(labels) && labels.length === a.shape[0],
    fn,
    "labels",
    `${a.shape[0]} labels (one per pair)`,
    labels,
  );
  labels.forEach((v, i) => require(v === 0 || v === 1, fn, "labels", "0 or 1", `${v} at ${i}`));
  requireNumber(fn, "margin", margin, { min: -1 });
  require(margin < 1, fn, "margin", "a cosine in [-1, 1)", margin);
  return tf.tidy(() => {
    const norm = (x: tf.Tensor) => tf.div(x, tf.maximum(tf.norm(x, 2, 1, true), 1e-12));
    const cos = tf.sum(tf.mul(norm(a), norm(b)), 1);
    const y = tf.tensor1d(labels as number[], "float32");
    const pos = tf.mul(y, tf.square(tf.sub(1, cos)));
    const neg = tf.mul(tf.sub(1, y), tf.square(tf.relu(tf.sub(cos, margin))));
    return tf.mean(tf.add(pos, neg)) as tf.Scalar;
  });
}
