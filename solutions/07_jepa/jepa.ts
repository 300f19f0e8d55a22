/**
 * Exercise 07 (solution): the four small pieces of a JEPA and its evaluation — the EMA update
 * of the target weights, the latent prediction loss with a stop-gradient on the target, the
 * ROC AUC of a linear probe's scores, and the silhouette score of a clustering.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * In place: target ← τ·target + (1 − τ)·online for every pair of tensors. Throw an Error when
 * τ is outside [0, 1] or the lists differ in length or shapes.
 */
export function emaUpdate(target: tf.Variable[], online: tf.Tensor[], tau: number): void {
  if (!(tau >= 0 && tau <= 1)) throw new Error(`emaUpdate: tau must be in [0, 1], got ${tau}`);
  if (target.length !== online.length) throw new Error("emaUpdate: lists differ in length");
  target.forEach((t, i) => {
    if (t.shape.join(",") !== online[i].shape.join(",")) {
      throw new Error(`emaUpdate: shape mismatch at ${i}`);
    }
  });
  tf.tidy(() =>
    target.forEach((t, i) => t.assign(tf.add(tf.mul(t, tau), tf.mul(online[i], 1 - tau))))
  );
}

/**
 * Mean squared error between `pred` and `target`, where no gradient flows into `target`
 * (a stop-gradient: its value is used, its gradient is zero). Throw on different shapes.
 */
export function latentPredictionLoss(pred: tf.Tensor, target: tf.Tensor): tf.Scalar {
  if (pred.shape.join(",") !== target.shape.join(",")) {
    throw new Error("latentPredictionLoss: pred and target shapes differ");
  }
  const stop = tf.customGrad((x) => ({
    value: tf.clone(x as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  }));
  return tf.mean(tf.square(tf.sub(pred, stop(target) as tf.Tensor))) as tf.Scalar;
}

/**
 * ROC AUC of scores for 0/1 labels: the probability that a random positive scores above a
 * random negative, ties counting one half. Throw when a class is missing or lengths differ.
 */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number {
  if (labels.length !== scores.length) throw new Error("rocAuc: lengths differ");
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const pos = labels.filter((l) => l === 1).length;
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) throw new Error("rocAuc: both classes are needed");
  const rankSum = labels.reduce((s, l, i) => s + (l === 1 ? ranks[i] : 0), 0);
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/**
 * Mean silhouette of rows X with cluster labels (Euclidean): s = (b − a)/max(a, b), a the mean
 * distance to the own cluster's other rows, b the smallest mean distance to another cluster;
 * a row alone in its cluster scores 0. Throw when there are fewer than 2 clusters.
 */
export function silhouette(X: readonly (readonly number[])[], labels: readonly number[]): number {
  const ks = [...new Set(labels)];
  if (ks.length < 2 || labels.length !== X.length) throw new Error("silhouette: need ≥ 2 clusters");
  const dist = (a: readonly number[], b: readonly number[]) =>
    Math.hypot(...a.map((v, j) => v - b[j]));
  let total = 0;
  X.forEach((x, i) => {
    const sums = new Map<number, [number, number]>(ks.map((k) => [k, [0, 0]]));
    X.forEach((y, j) => {
      if (i === j) return;
      const e = sums.get(labels[j]) as [number, number];
      e[0] += dist(x, y);
      e[1] += 1;
    });
    const [ownSum, ownCount] = sums.get(labels[i]) as [number, number];
    if (ownCount === 0) return;
    const a = ownSum / ownCount;
    const b = Math.min(
      ...ks.filter((k) => k !== labels[i]).map((k) => {
        const [s, c] = sums.get(k) as [number, number];
        return s / c;
      }),
    );
    total += (b - a) / Math.max(a, b);
  });
  return total / X.length;
}
