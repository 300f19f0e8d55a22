/**
 * Inference over a whole data set in chunks (bounded memory), and the loss and metrics of the
 * predictions, as plain numbers.
 */
import * as tf from "@tensorflow/tfjs";
import { propagateNonFinite, requireNumber } from "../errors.ts";
import type { LossFn, MetricFn } from "./objectives.ts";

/**
 * Run `forward` (inference mode) over `x` in chunks of `chunk` rows and concatenate; a row of
 * `x` holding NaN/Inf gets a NaN prediction on every backend (never wasm's fused 0).
 */
export function predictInChunks(
  model: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  chunk = 8192,
): tf.Tensor {
  requireNumber("predictInChunks", "chunk", chunk, { integer: true, positive: true });
  const forward = (xb: tf.Tensor) => propagateNonFinite(xb, model(xb));
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

/** Loss first (when given), then each metric, stacked into one vector on the device. */
function stackedResults(
  forward: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  y: tf.Tensor,
  loss: LossFn | null,
  metrics: { name: string; fn: MetricFn }[],
): tf.Tensor1D | null {
  if (!loss && metrics.length === 0) return null;
  return tf.tidy(() => {
    const pred = predictInChunks(forward, x);
    const parts = metrics.map((m) => m.fn(y, pred));
    if (loss) parts.unshift(loss(y, pred));
    return tf.stack(parts) as tf.Tensor1D;
  });
}

function unpack(
  values: ArrayLike<number>,
  loss: LossFn | null,
  metrics: { name: string; fn: MetricFn }[],
): { loss: number | null; metrics: Record<string, number> } {
  const out: Record<string, number> = {};
  const offset = loss ? 1 : 0;
  metrics.forEach((m, i) => out[m.name] = values[i + offset]);
  return { loss: loss ? values[0] : null, metrics: out };
}

/** Loss (optional) and metrics of `forward` on (x, y), read back with `await data()`. */
export async function evaluateSet(
  forward: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  y: tf.Tensor,
  loss: LossFn | null,
  metrics: { name: string; fn: MetricFn }[],
): Promise<{ loss: number | null; metrics: Record<string, number> }> {
  const t = stackedResults(forward, x, y, loss, metrics);
  const values = t ? await t.data().finally(() => t.dispose()) : new Float32Array(0);
  return unpack(values, loss, metrics);
}
