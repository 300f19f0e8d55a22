/**
 * Fast path (lib/fast, behind COURSE_FAST): the compiled losses of `model.fit` that the one-node
 * Dense stack can take into its own tape node, with their gradients by hand. The value is
 * computed by the compiled tfjs function itself (same numbers, just not recorded on the tape):
 *   binaryCrossentropy after a sigmoid head: mean BCE of q = clip(sigmoid(z), ε, 1 − ε);
 *     dL/dz = (sigmoid(z) − y)·1[ε ≤ sigmoid(z) ≤ 1 − ε] / size (the clip passes no gradient);
 *   meanSquaredError after a linear head: mean (z − y)²; dL/dz = 2(z − y) / size.
 * Any other pairing returns null and keeps autodiff of the compiled loss.
 */
import * as tf from "@tensorflow/tfjs";
import type { LogitsLoss } from "./mlp_backward.ts";
import type { DenseHead } from "./dense_stack.ts";

type LossFn = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

let canonical: { bce: LossFn; mse: LossFn } | null = null;

/** tfjs-layers' own functions for the two loss names, as `compile` resolves them. */
function canonicalLosses(): { bce: LossFn; mse: LossFn } {
  if (canonical) return canonical;
  const resolve = (loss: string): LossFn => {
    const m = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    const opt = tf.train.sgd(0.1);
    m.compile({ optimizer: opt, loss });
    const fn = (m as unknown as { model: { lossFunctions: LossFn[] } }).model.lossFunctions[0];
    opt.dispose();
    m.dispose();
    return fn;
  };
  canonical = { bce: resolve("binaryCrossentropy"), mse: resolve("meanSquaredError") };
  return canonical;
}

/**
 * The one-node form of `lossFn` on the head `head` for targets `y`, or null. `onOutput` gets
 * the head's output (kept; the caller disposes it) for the compiled metrics.
 */
export function logitsLossFor(
  head: DenseHead,
  lossFn: LossFn,
  y: tf.Tensor,
  onOutput: (out: tf.Tensor) => void,
): LogitsLoss | null {
  const { bce, mse } = canonicalLosses();
  if (head === "sigmoid" && lossFn === bce) {
    const eps = tf.backend().epsilon(); // the clip bound tfjs-layers' epsilon() uses
    return {
      value: (z) => {
        const p = tf.sigmoid(z);
        onOutput(tf.keep(p));
        return tf.mean(lossFn(y, p)) as tf.Scalar;
      },
      grad: (z, dy) => {
        const p = tf.sigmoid(z);
        const inside = tf.cast(
          tf.logicalAnd(tf.greaterEqual(p, eps), tf.lessEqual(p, 1 - eps)),
          "float32",
        );
        return tf.mul(tf.mul(tf.sub(p, y), inside), tf.div(dy, z.size)) as tf.Tensor2D;
      },
    };
  }
  if (head === "linear" && lossFn === mse) {
    return {
      value: (z) => {
        onOutput(tf.keep(z.clone()));
        return tf.mean(lossFn(y, z)) as tf.Scalar;
      },
      grad: (z, dy) => tf.mul(tf.sub(z, y), tf.div(tf.mul(dy, 2), z.size)) as tf.Tensor2D,
    };
  }
  return null;
}
