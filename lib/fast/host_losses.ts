/**
 * Fast path (lib/fast, behind COURSE_FAST): the course's elementwise losses (objectives.ts) as
 * ONE op computed in JS on host backends (wasm, cpu): on a batch of a few dozen rows the eight
 * or so kernels of a loss and its gradient cost more than the arithmetic. The math is the
 * tensor path's (its reference; parity tests compare values and gradients):
 *   mse            mean((p − y)²),                      ∂/∂p = 2(p − y)/n
 *   bce            −mean(y log q + (1 − y) log(1 − q)),  ∂/∂p = (q − y)/(q(1 − q))/n, q = clip(p)
 *   bceWithLogits  mean(softplus(z) − z·y),             ∂/∂z = (sigmoid(z) − y)/n
 */
import * as tf from "@tensorflow/tfjs";
import { hostRead } from "../sync_reads.ts";
import type { LogitsLoss } from "./mlp_backward.ts";
import { fastPaths, hostBackend } from "./switch.ts";

/** A loss's per-element term and its derivative with respect to the prediction. */
export interface HostLossMath {
  /** The term whose mean is the loss, for target y and prediction p. */
  term(y: number, p: number): number;
  /** d term / dp. */
  deriv(y: number, p: number): number;
}

const EPS = 1e-7;
const clip = (p: number) => Math.min(Math.max(p, Math.fround(EPS)), Math.fround(1 - EPS));
const softplus = (z: number) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

/** The host forms of the losses that have one (by the names objectives.ts uses). */
export const HOST_LOSSES: Record<"mse" | "bce" | "bceWithLogits", HostLossMath> = {
  mse: { term: (y, p) => (p - y) * (p - y), deriv: (y, p) => 2 * (p - y) },
  bce: {
    term: (y, p) => {
      const q = clip(p);
      return -(y * Math.log(q) + (1 - y) * Math.log1p(-q));
    },
    deriv: (y, p) => {
      const q = clip(p);
      return (q - y) / (q * (1 - q));
    },
  },
  bceWithLogits: {
    term: (y, z) => softplus(z) - z * y,
    deriv: (y, z) => 1 / (1 + Math.exp(-z)) - y,
  },
};

/** True when a loss can run on the host now: fast paths on, wasm or cpu, equal shapes. */
export function hostLossReady(y: tf.Tensor, p: tf.Tensor): boolean {
  return fastPaths() && hostBackend() && y.dtype !== "string" &&
    y.rank === p.rank && y.shape.every((d, i) => d === p.shape[i]);
}

/** mean(term(y, p)) as one differentiable op in p (y is a constant), computed in JS. */
export function hostLoss(math: HostLossMath, y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const pred = args[0] as tf.Tensor;
    const Y = hostRead(y), P = hostRead(pred);
    const n = P.length;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += math.term(Y[i], P[i]);
    return {
      value: tf.scalar(sum / n),
      gradFunc: (dy: tf.Tensor) => {
        const scale = hostRead(dy)[0] / n;
        const g = new Float32Array(n);
        for (let i = 0; i < n; i++) g[i] = math.deriv(Y[i], P[i]) * scale;
        return tf.tensor(g, pred.shape, "float32");
      },
    };
  })(p) as tf.Scalar;
}

/** The head activations a one-node Dense stack can fold into its loss. */
export type FoldableHead = "linear" | "sigmoid";

/**
 * The course loss `lossFn` (derivative `deriv` in the prediction, host form `math`) of a Dense
 * stack's head `head` applied to its logits, as the stack's one-node loss (mlp_backward.ts's
 * LogitsLoss) for targets `y`: dL/dz = deriv(y, p)·p(1 − p)/n for a sigmoid head, deriv/n for a
 * linear one, as tensors or in JS.
 */
export function headLogitsLoss(
  head: FoldableHead,
  math: HostLossMath,
  lossFn: (y: tf.Tensor, p: tf.Tensor) => tf.Scalar,
  deriv: (y: tf.Tensor, p: tf.Tensor) => tf.Tensor,
  y: tf.Tensor,
): LogitsLoss {
  const act = (z: tf.Tensor) => (head === "sigmoid" ? tf.sigmoid(z) : z);
  const sig = (z: number) => Math.fround(1 / (1 + Math.exp(-z)));
  let Y: tf.TypedArray | null = null;
  const targets = () => (Y ??= hostRead(y));
  return {
    value: (z) => tf.tidy(() => lossFn(y, act(z))),
    grad: (z, dy) =>
      tf.tidy(() => {
        const p = act(z);
        const d = deriv(y, p);
        const dz = head === "sigmoid" ? tf.mul(d, tf.mul(p, tf.sub(1, p))) : d;
        return tf.mul(dz, tf.div(dy, z.size)) as tf.Tensor2D;
      }),
    host: {
      value: (z) => {
        const t = targets();
        let sum = 0;
        for (let i = 0; i < z.length; i++) {
          sum += math.term(t[i], head === "sigmoid" ? sig(z[i]) : z[i]);
        }
        return sum / z.length;
      },
      grad: (z, dy) => {
        const t = targets();
        const g = new Float32Array(z.length);
        const scale = dy / z.length;
        for (let i = 0; i < z.length; i++) {
          if (head === "sigmoid") {
            const p = sig(z[i]);
            g[i] = math.deriv(t[i], p) * p * (1 - p) * scale;
          } else g[i] = math.deriv(t[i], z[i]) * scale;
        }
        return g;
      },
    },
  };
}
