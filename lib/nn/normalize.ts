/**
 * Row-wise L2 normalisation for embeddings: used by projection heads and by every cosine-based
 * loss, with a gradient that stays finite at zero rows.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { requireFloatTensor } from "../losses/checks.ts";

/** Row-wise L2 normalisation x / max(‖x‖, 1e-6) whose gradient stays finite at zero rows. */
export function l2NormalizeRows(x: tf.Tensor): tf.Tensor {
  requireFloatTensor("l2NormalizeRows", "x", x);
  require(x.rank >= 1, "l2NormalizeRows", "x", "a tensor of rank >= 1", x);
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(x), -1, true);
    return tf.mul(x, tf.rsqrt(tf.maximum(sq, 1e-12)));
  });
}
