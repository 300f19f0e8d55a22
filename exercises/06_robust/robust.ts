/**
 * Exercise 06: the four small tools of robust training — the Huber loss,
 * a rank transform of targets to [0, 1], a linear learning-rate warmup, and clipping of
 * gradients by their global norm. Replace each `throw` with your code, then run
 * `deno task grade 06`.
 */
import * as tf from "@tensorflow/tfjs";

/**
 * Mean Huber loss with threshold `delta`: ½r² where |r| ≤ delta, delta·(|r| − ½delta) beyond,
 * r = yPred − yTrue. Throw an Error when delta is not > 0 or the shapes differ.
 */
export function huberLoss(yTrue: tf.Tensor, yPred: tf.Tensor, delta = 1): tf.Scalar {
  void yTrue, yPred, delta, tf;
  throw new Error(
    "TODO: huberLoss — |r| = |yPred - yTrue|, quadratic up to delta, linear beyond, mean",
  );
}

/**
 * Ranks scaled to [0, 1]: the smallest value maps to 0, the largest to 1, (rank − 1)/(n − 1)
 * in between, tied values share their average rank; a single value maps to 0.5. Throw an Error
 * on an empty input or a non-finite value.
 */
export function rankTransform(xs: ArrayLike<number>): number[] {
  void xs;
  throw new Error("TODO: rankTransform — sort indices, average the ranks of ties, scale to [0, 1]");
}

/**
 * A linear warmup schedule: step → learning rate, rising from 0 at step 0 to `peak` at step
 * `warmupSteps` (peak · step / warmupSteps), then `peak`. warmupSteps 0 means no warmup.
 * Throw an Error when peak is not > 0 or warmupSteps is not an integer ≥ 0.
 */
export function linearWarmup(peak: number, warmupSteps: number): (step: number) => number {
  void peak, warmupSteps;
  throw new Error("TODO: linearWarmup — return step => peak * step / warmupSteps, then peak");
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
  void grads, maxNorm;
  throw new Error(
    "TODO: clipByGlobalNorm — the global norm, then scale by maxNorm / norm if larger",
  );
}
