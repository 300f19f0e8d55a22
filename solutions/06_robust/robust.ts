/**
 * Exercise 06 (reference solution): the four small tools of robust training — the Huber loss,
 * a rank transform of targets to [0, 1], a linear learning-rate warmup, and clipping of
 * gradients by their global norm.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Mean Huber loss with threshold `delta`: ½r² where |r| ≤ delta, delta·(|r| − ½delta) beyond,
 * r = yPred − yTrue. Throw an Error when delta is not > 0 or the shapes differ.
 */
export function huberLoss(yTrue: tf.Tensor, yPred: tf.Tensor, delta = 1): tf.Scalar {
  if (!(delta > 0)) throw new Error(`huberLoss: delta must be > 0, received ${delta}`);
  if (yTrue.shape.join() !== yPred.shape.join()) {
    throw new Error(`huberLoss: shapes differ: [${yTrue.shape}] vs [${yPred.shape}]`);
  }
  return tf.tidy(() => {
    const a = tf.abs(tf.sub(yPred, yTrue));
    const quad = tf.minimum(a, delta);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(quad)), tf.mul(delta, tf.sub(a, quad))));
  }) as tf.Scalar;
}

/**
 * Ranks scaled to [0, 1]: the smallest value maps to 0, the largest to 1, (rank − 1)/(n − 1)
 * in between, tied values share their average rank; a single value maps to 0.5. Throw an Error
 * on an empty input or a non-finite value.
 */
export function rankTransform(xs: ArrayLike<number>): number[] {
  const n = xs.length;
  if (n === 0) throw new Error("rankTransform: empty input");
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(xs[i])) throw new Error(`rankTransform: non-finite value at ${i}`);
  }
  if (n === 1) return [0.5];
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const out = new Array<number>(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && xs[order[j + 1]] === xs[order[i]]) j++;
    const avgRank0 = (i + j) / 2; // 0-based average rank of the tie group
    for (let k = i; k <= j; k++) out[order[k]] = avgRank0 / (n - 1);
    i = j + 1;
  }
  return out;
}

/**
 * A linear warmup schedule: step → learning rate, rising from 0 at step 0 to `peak` at step
 * `warmupSteps` (peak · step / warmupSteps), then `peak`. warmupSteps 0 means no warmup.
 * Throw an Error when peak is not > 0 or warmupSteps is not an integer ≥ 0.
 */
export function linearWarmup(peak: number, warmupSteps: number): (step: number) => number {
  if (!(peak > 0)) throw new Error(`linearWarmup: peak must be > 0, received ${peak}`);
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0) {
    throw new Error(`linearWarmup: warmupSteps must be an integer >= 0, received ${warmupSteps}`);
  }
  return (step) => (step >= warmupSteps ? peak : (peak * step) / warmupSteps);
}

/**
 * Clip gradients by their global norm √(Σ‖g‖²): when it exceeds `maxNorm`, scale every
 * gradient by maxNorm / norm (same direction); otherwise return copies unchanged. Returns the
 * new tensors and the norm before clipping. Throw an Error when maxNorm is not > 0.
 */
export function clipByGlobalNorm(
  grads: tf.Tensor[],
  maxNorm: number,
): { clipped: tf.Tensor[]; norm: number } {
  if (!(maxNorm > 0)) throw new Error(`clipByGlobalNorm: maxNorm must be > 0, received ${maxNorm}`);
  const norm = Math.sqrt(
    grads.reduce((s, g) => s + tf.tidy(() => tf.sum(tf.square(g)).dataSync()[0]), 0),
  );
  const scale = norm > maxNorm ? maxNorm / norm : 1;
  return { clipped: grads.map((g) => tf.tidy(() => tf.mul(g, scale))), norm };
}
