/**
 * Inference over a whole data set in chunks (bounded memory), and the loss and metrics of the
 * predictions, as plain numbers.
 */
import * as tf from "@tensorflow/tfjs";
import { requireNumber } from "../errors.ts";
import type { LossFn, MetricFn } from "./objectives.ts";

/** Run `forward` (inference mode) over `x` in chunks of `chunk` rows and concatenate. */
export function predictInChunks(
  forward: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  chunk = 8192,
): tf.Tensor {
  requireNumber("predictInChunks", "chunk", chunk, { integer: true, positive: true });
  const n = x.shape[0];
  if (n <= chunk) return tf.tidy(() => forward(x));
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [];
    for (let s = 0; s < n; s += chunk) {
      const size = Math.min(chunk, n - s);
      const xb = tf.slice(x, [s], [size]);
      parts.push(forward(xb));
    }
    return tf.concat(parts, 0);
  });
}

/** Loss (optional) and metrics of `forward` on (x, y), read back as numbers. */
export function evaluateSet(
  forward: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  y: tf.Tensor,
  loss: LossFn | null,
  metrics: { name: string; fn: MetricFn }[],
): { loss: number | null; metrics: Record<string, number> } {
  const values = tf.tidy(() => {
    const pred = predictInChunks(forward, x);
    const parts = metrics.map((m) => m.fn(y, pred));
    if (loss) parts.unshift(loss(y, pred));
    return parts.length ? tf.stack(parts).dataSync() : new Float32Array(0);
  });
  const out: Record<string, number> = {};
  const offset = loss ? 1 : 0;
  metrics.forEach((m, i) => out[m.name] = values[i + offset]);
  return { loss: loss ? values[0] : null, metrics: out };
}
