/**
 * Fast path (lib/fast, behind COURSE_FAST): the compiled losses of `model.fit` that the one-node
 * Dense stack can take into its own tape node, with their gradients by hand (the references:
 * tfjs-layers' functions on the head's output, and autodiff):
 *   binaryCrossentropy after a sigmoid head: tfjs's logit l = log(q / (1 − q)) of
 *     q = clip(sigmoid(z), ε, 1 − ε), then mean(softplus(l) − l·y) (its sigmoid cross-entropy
 *     in fewer kernels, equal within float rounding); dL/dz = (sigmoid(z) − y)·1[ε ≤ sigmoid(z)
 *     ≤ 1 − ε] / size (the clip passes no gradient, tested on sigmoid(z) as tfjs does);
 *   meanSquaredError after a linear head: the compiled function's mean (z − y)²;
 *     dL/dz = 2(z − y) / size.
 * Any other pairing returns null and keeps autodiff of the compiled loss.
 */
import * as tf from "@tensorflow/tfjs";
import { requireShape } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";
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
 * The one-node form of `lossFn` on the head `head` for targets `y`, or null. When `wantOutput`,
 * `onOutput` gets the head's output (kept; the caller disposes it) for the compiled metrics.
 */
export function logitsLossFor(
  head: DenseHead,
  lossFn: LossFn,
  y: tf.Tensor,
  wantOutput: boolean,
  onOutput: (out: tf.Tensor) => void,
): LogitsLoss | null {
  const { bce, mse } = canonicalLosses();
  // host forms (wasm/cpu, mlp_host.ts): the targets read once, the math in JS
  let Y: tf.TypedArray | null = null;
  const targets = () => (Y ??= hostRead(y));
  const eps32 = Math.fround(tf.backend().epsilon());
  const sigmoid32 = (u: number) => Math.fround(1 / (1 + Math.exp(-u)));
  if (head === "sigmoid" && lossFn === bce) {
    const eps = tf.backend().epsilon(); // the clip bound tfjs-layers' epsilon() uses
    return {
      value: (z) => {
        requireShape("logitsLossFor", "y", y.shape, z.shape);
        const p = tf.sigmoid(z);
        if (wantOutput) onOutput(tf.keep(p));
        // tfjs's logit of the clipped probability (its float32 rounding included), then the
        // cross-entropy with logits as softplus(l) − l·y: 9 kernels instead of its 15
        const q = tf.clipByValue(p, eps, 1 - eps);
        const l = tf.log(tf.div(q, tf.sub(1, q)));
        return tf.mean(tf.sub(tf.softplus(l), tf.mul(l, y))) as tf.Scalar;
      },
      grad: (z, dy) => {
        const p = tf.sigmoid(z);
        const inside = tf.cast(
          tf.logicalAnd(tf.greaterEqual(p, eps), tf.lessEqual(p, 1 - eps)),
          "float32",
        );
        return tf.mul(tf.mul(tf.sub(p, y), inside), tf.div(dy, z.size)) as tf.Tensor2D;
      },
      host: {
        value: (z, shape) => {
          requireShape("logitsLossFor", "y", y.shape, shape);
          const t = targets();
          const p = z.map(sigmoid32);
          if (wantOutput) onOutput(tf.keep(tf.tensor(p, shape)));
          let sum = 0;
          for (let i = 0; i < p.length; i++) {
            const q = Math.min(Math.max(p[i], eps32), Math.fround(1 - eps));
            const l = Math.log(q / (1 - q));
            sum += Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l))) - l * t[i];
          }
          return sum / p.length;
        },
        grad: (z, dy) => {
          const t = targets();
          const g = new Float32Array(z.length);
          for (let i = 0; i < z.length; i++) {
            const p = sigmoid32(z[i]);
            const inside = p >= eps32 && p <= Math.fround(1 - eps);
            g[i] = inside ? ((p - t[i]) * dy) / z.length : 0;
          }
          return g;
        },
      },
    };
  }
  if (head === "linear" && lossFn === mse) {
    return {
      value: (z) => {
        requireShape("logitsLossFor", "y", y.shape, z.shape);
        if (wantOutput) onOutput(tf.keep(z.clone()));
        return tf.mean(lossFn(y, z)) as tf.Scalar;
      },
      grad: (z, dy) => tf.mul(tf.sub(z, y), tf.div(tf.mul(dy, 2), z.size)) as tf.Tensor2D,
      host: {
        value: (z, shape) => {
          requireShape("logitsLossFor", "y", y.shape, shape);
          const t = targets();
          if (wantOutput) onOutput(tf.keep(tf.tensor(z, shape)));
          let sum = 0;
          for (let i = 0; i < z.length; i++) sum += (z[i] - t[i]) * (z[i] - t[i]);
          return sum / z.length;
        },
        grad: (z, dy) => z.map((u, i) => (2 * (u - targets()[i]) * dy) / z.length),
      },
    };
  }
  return null;
}
