/**
 * The contrastive family, each a pure function of embedding tensors returning a scalar loss:
 * - `cosineContrastiveLoss` on labelled pairs: positives pulled to cosine 1, negatives pushed
 *   below a cosine margin: mean of y(1 - c)² + (1 - y)·max(0, c - margin)²;
 * - `tripletLoss`: mean of max(0, d(a, p) - d(a, n) + margin) (cosine or Euclidean distance);
 * - `infoNceLoss`: row i of `query` must pick row i of `keys` among all keys (in-batch negatives),
 *   softmax over cosine / temperature;
 * - `ntXentLoss` (SimCLR): 2n views, each view's positive is its twin, negatives are the other
 *   2n - 2 views;
 * - `supConLoss` (Khosla et al. 2020, L_out): every other item with the same label is a positive.
 * Embeddings are L2-normalised inside the batch losses, so the similarities are cosines.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { labelTensor, requireFloatTensor, requireSameShape } from "./checks.ts";
import { l2NormalizeRows } from "../nn/normalize.ts";

/** Class labels per row, as numbers or a 1-D tensor. */
type Labels = ArrayLike<number> | tf.Tensor1D;

/** Distances the triplet loss supports. */
export type TripletDistance = "cosine" | "euclidean";

function rows(fn: string, arg: string, x: unknown): tf.Tensor2D {
  return requireFloatTensor(fn, arg, x, 2) as tf.Tensor2D;
}

/** Cosine similarity of matching rows of two [n, d] tensors, as an [n] tensor. */
export function rowwiseCosine(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
  rows("rowwiseCosine", "a", a);
  requireSameShape("rowwiseCosine", "b", a, rows("rowwiseCosine", "b", b), "a");
  return tf.tidy(() => tf.sum(tf.mul(l2NormalizeRows(a), l2NormalizeRows(b)), -1) as tf.Tensor1D);
}

/** Cosine-similarity matrix [n, m] between the rows of `a` [n, d] and `b` [m, d]. */
export function pairwiseCosine(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  rows("pairwiseCosine", "a", a);
  rows("pairwiseCosine", "b", b);
  require(b.shape[1] === a.shape[1], "pairwiseCosine", "b", `${a.shape[1]} columns (as a)`, b);
  return tf.tidy(() => tf.matMul(l2NormalizeRows(a), l2NormalizeRows(b), false, true));
}

/**
 * Cosine contrastive loss on pairs (a[i], b[i]) labelled 1 (same group) or 0: mean of
 * y(1 - cos)² + (1 - y)·max(0, cos - margin)², margin in [-1, 1) (default 0.5).
 */
export function cosineContrastiveLoss(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  labels: Labels,
  margin = 0.5,
): tf.Scalar {
  const fn = "cosineContrastiveLoss";
  rows(fn, "a", a);
  requireSameShape(fn, "b", a, rows(fn, "b", b), "a");
  requireNumber(fn, "margin", margin, { min: -1 });
  require(margin < 1, fn, "margin", "a cosine margin in [-1, 1)", margin);
  return tf.tidy(() => {
    const y = labelTensor(fn, "labels", labels, a.shape[0], true);
    const c = rowwiseCosine(a, b);
    const pos = tf.mul(y, tf.square(tf.sub(1, c)));
    const neg = tf.mul(tf.sub(1, y), tf.square(tf.relu(tf.sub(c, margin))));
    return tf.mean(tf.add(pos, neg)) as tf.Scalar;
  });
}

function distance(a: tf.Tensor2D, b: tf.Tensor2D, kind: TripletDistance): tf.Tensor1D {
  if (kind === "cosine") return tf.sub(1, rowwiseCosine(a, b));
  // sqrt of a clamped sum of squares: finite gradient when a row pair coincides.
  return tf.sqrt(tf.maximum(tf.sum(tf.squaredDifference(a, b), -1), 1e-12));
}

/** Triplet loss: mean of max(0, d(anchor, positive) - d(anchor, negative) + margin). */
export function tripletLoss(
  anchor: tf.Tensor2D,
  positive: tf.Tensor2D,
  negative: tf.Tensor2D,
  opts: { margin?: number; distance?: TripletDistance } = {},
): tf.Scalar {
  const fn = "tripletLoss";
  rows(fn, "anchor", anchor);
  requireSameShape(fn, "positive", anchor, rows(fn, "positive", positive), "anchor");
  requireSameShape(fn, "negative", anchor, rows(fn, "negative", negative), "anchor");
  const margin = requireNumber(fn, "opts.margin", opts.margin ?? 0.2, { nonNegative: true });
  const kind = opts.distance ?? "cosine";
  const known = kind === "cosine" || kind === "euclidean";
  require(known, fn, "opts.distance", "cosine | euclidean", kind);
  return tf.tidy(() => {
    const gap = tf.sub(distance(anchor, positive, kind), distance(anchor, negative, kind));
    return tf.mean(tf.relu(tf.add(gap, margin))) as tf.Scalar;
  });
}

function checkTemperature(fn: string, t: number): number {
  return requireNumber(fn, "temperature", t, { positive: true });
}

/** −mean_i log softmax(logits_i)[target_i], with the targets given as a one-hot mask. */
function maskedCrossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  const logProb = tf.sub(logits, tf.logSumExp(logits, -1, true));
  return tf.neg(tf.mean(tf.sum(tf.mul(oneHot, logProb), -1))) as tf.Scalar;
}

/**
 * InfoNCE with in-batch negatives: row i of `query` [n, d] should match row i of `keys` [n, d]
 * among all n keys; logits are cosines / temperature (default 0.1). `symmetric` averages with
 * the keys → query direction (CLIP style).
 */
export function infoNceLoss(
  query: tf.Tensor2D,
  keys: tf.Tensor2D,
  temperature = 0.1,
  opts: { symmetric?: boolean } = {},
): tf.Scalar {
  const fn = "infoNceLoss";
  rows(fn, "query", query);
  requireSameShape(fn, "keys", query, rows(fn, "keys", keys), "query");
  checkTemperature(fn, temperature);
  return tf.tidy(() => {
    const logits = tf.div(pairwiseCosine(query, keys), temperature) as tf.Tensor2D;
    const eye = tf.eye(query.shape[0]) as tf.Tensor2D;
    const forward = maskedCrossEntropy(logits, eye);
    if (!opts.symmetric) return forward;
    const backward = maskedCrossEntropy(tf.transpose(logits) as tf.Tensor2D, eye);
    return tf.mul(0.5, tf.add(forward, backward)) as tf.Scalar;
  });
}

/** A large negative added to self-similarities so that softmax ignores them. */
const SELF_MASK = -1e9;

/**
 * NT-Xent (SimCLR): views z1[i] and z2[i] are positives; each of the 2n views is contrasted with
 * the other 2n - 2 (self excluded); mean over the 2n views, temperature default 0.5.
 */
export function ntXentLoss(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature = 0.5): tf.Scalar {
  const fn = "ntXentLoss";
  rows(fn, "z1", z1);
  requireSameShape(fn, "z2", z1, rows(fn, "z2", z2), "z1");
  require(z1.shape[0] >= 2, fn, "z1", "at least 2 rows (a batch with negatives)", z1);
  checkTemperature(fn, temperature);
  const n = z1.shape[0];
  return tf.tidy(() => {
    const z = tf.concat([z1, z2], 0) as tf.Tensor2D;
    const eye = tf.eye(2 * n);
    const logits = tf.add(tf.div(pairwiseCosine(z, z), temperature), tf.mul(eye, SELF_MASK));
    const twin = Array.from({ length: 2 * n }, (_, i) => (i + n) % (2 * n));
    const target = tf.oneHot(tf.tensor1d(twin, "int32"), 2 * n).toFloat() as tf.Tensor2D;
    return maskedCrossEntropy(logits as tf.Tensor2D, target);
  });
}

/**
 * Supervised contrastive loss (Khosla et al. 2020, L_out): for each anchor with at least one
 * positive, −(1/|P(i)|) Σ_{p ∈ P(i)} log(exp(s_ip/τ) / Σ_{a ≠ i} exp(s_ia/τ)); mean over those
 * anchors. `labels` are integer classes (array or tensor); temperature default 0.1.
 */
export function supConLoss(z: tf.Tensor2D, labels: Labels, temperature = 0.1): tf.Scalar {
  const fn = "supConLoss";
  rows(fn, "z", z);
  checkTemperature(fn, temperature);
  const n = z.shape[0];
  if (!(labels instanceof tf.Tensor)) {
    const xs = labels as ArrayLike<number>;
    const seen = new Set<number>();
    let pair = false;
    for (let i = 0; i < (xs?.length ?? 0) && !pair; i++) {
      pair = seen.has(xs[i]);
      seen.add(xs[i]);
    }
    tf.dispose(labelTensor(fn, "labels", labels, n, false)); // validates the values
    require(pair, fn, "labels", "at least two rows sharing a label (a positive pair)", "none");
  }
  return tf.tidy(() => {
    const y = labelTensor(fn, "labels", labels, n, false);
    const eye = tf.eye(n);
    const same = tf.cast(tf.equal(tf.expandDims(y, 1), tf.expandDims(y, 0)), "float32");
    const positives = tf.sub(same, eye);
    const logits = tf.add(tf.div(pairwiseCosine(z, z), temperature), tf.mul(eye, SELF_MASK));
    const logProb = tf.sub(logits, tf.logSumExp(logits, -1, true));
    const count = tf.sum(positives, -1);
    const has = tf.cast(tf.greater(count, 0), "float32");
    const perAnchor = tf.div(tf.sum(tf.mul(positives, logProb), -1), tf.maximum(count, 1));
    return tf.div(tf.neg(tf.sum(tf.mul(perAnchor, has))), tf.maximum(tf.sum(has), 1)) as tf.Scalar;
  });
}
