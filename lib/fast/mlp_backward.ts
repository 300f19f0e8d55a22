/**
 * Fast path (lib/fast, behind COURSE_FAST): the ReLU MLP's forward pass with its backward pass
 * written by hand, as ONE tape node (the reference is `mlpForward`'s plain ops and autodiff):
 * tfjs's autodiff records every op and clones every saved tensor, which for a small network
 * costs more than the arithmetic. Backprop here is the textbook one:
 *   dW_l = h_{l-1}ᵀ dz_l,  db_l = Σ_rows dz_l,  dz_{l-1} = (dz_l W_lᵀ) ⊙ 1[h_{l-1} > 0] · keep
 * where h_l = relu(z_l) ⊙ mask_l and, for inverted dropout, ∂h/∂z = keep · 1[h > 0].
 * Tests compare it with tfjs's autodiff of the plain ops.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireShape } from "../errors.ts";
import type { Rng } from "../random.ts";
import { dropoutKeepScale, fillDropoutMask } from "../models/seeded_dropout.ts";
import { reluMlpHostNode } from "./mlp_host.ts";
import { hostBackend } from "./switch.ts";

/** Logits of a ReLU MLP (dropout rate `rate` in training) with a hand-written gradient. */
export function reluMlpLogits(
  layers: { w: tf.Variable | tf.Tensor; b: tf.Variable | tf.Tensor }[],
  x: tf.Tensor2D,
  opts: { rate: number; training: boolean; rng?: Rng },
): tf.Tensor2D {
  const fn = "reluMlpLogits";
  require(Array.isArray(layers) && layers.length > 0, fn, "layers", "at least one layer", layers);
  const n = layers.length;
  layers.forEach((l, i) => {
    require(
      l !== null && typeof l === "object" && l.w instanceof tf.Tensor && l.w.rank === 2 &&
        l.b instanceof tf.Tensor,
      fn,
      `layers[${i}]`,
      "{w: rank-2 tensor, b: tensor}",
      l,
    );
    const fanIn = (i === 0 ? l.w.shape[0] : layers[i - 1].w.shape[1]) as number;
    requireShape(fn, `layers[${i}].w`, l.w.shape, [fanIn, null]);
    requireShape(fn, `layers[${i}].b`, l.b.shape, [l.w.shape[1] as number]);
  });
  require(x instanceof tf.Tensor, fn, "x", "a rank-2 tensor", x);
  requireShape(fn, "x", x.shape, [null, layers[0].w.shape[0] as number]);
  const dropout = opts.training && opts.rate > 0;
  require(!dropout || opts.rng !== undefined, "reluMlpLogits", "opts.rng", "an Rng", opts.rng);
  // Masks are drawn outside the custom op so the Rng advances exactly as in mlpForward.
  const keep = dropout ? dropoutKeepScale(opts.rate) : 1;
  const masks: (DropoutMask | null)[] = [];
  for (let l = 0; l < n - 1; l++) {
    const size = x.shape[0] * (layers[l].w.shape[1] as number);
    masks.push(
      dropout
        ? { mask: fillDropoutMask(new Float32Array(size), opts.rate, opts.rng!), keep }
        : null,
    );
  }
  return reluMlpMasked(layers, x, masks);
}

/** An inverted-dropout mask (entries 0 or `keep`) of a hidden layer's [batch, units] output. */
export interface DropoutMask {
  mask: Float32Array;
  keep: number;
}

/**
 * Logits of a ReLU MLP whose hidden outputs are multiplied by given dropout masks (null: no
 * dropout), as one tape node with the hand-written gradient (parameters only, not `x`).
 * Layers and shapes are those `reluMlpLogits` checked; `masks` has one entry per hidden layer.
 */
export function reluMlpMasked(
  layers: { w: tf.Variable | tf.Tensor; b: tf.Variable | tf.Tensor }[],
  x: tf.Tensor2D,
  masks: (DropoutMask | null)[],
): tf.Tensor2D {
  return reluMlpNode(layers, x, masks, null) as tf.Tensor2D;
}

/** A loss of the logits computed inside the one tape node: its value and its gradient. */
export interface LogitsLoss {
  /** The scalar loss of the logits `z` (not recorded on the tape). */
  value(z: tf.Tensor2D): tf.Scalar;
  /** dL/dz · dy, given the logits and the upstream scalar gradient. */
  grad(z: tf.Tensor2D, dy: tf.Tensor): tf.Tensor2D;
  /** The same loss on the logits' values (host backends' path, mlp_host.ts), when it has one. */
  host?: {
    /** The loss of logits `z` of shape `shape`. */
    value(z: Float32Array, shape: number[]): number;
    /** dL/dz · dy. */
    grad(z: Float32Array, dy: number): Float32Array;
  };
}

/**
 * `reluMlpMasked` followed by a loss of its logits, all as ONE tape node (the loss's own ops
 * are neither recorded nor cloned for the backward pass): returns the scalar loss.
 */
export function reluMlpLoss(
  layers: { w: tf.Variable | tf.Tensor; b: tf.Variable | tf.Tensor }[],
  x: tf.Tensor2D,
  masks: (DropoutMask | null)[],
  loss: LogitsLoss,
): tf.Scalar {
  require(
    loss !== null && typeof loss === "object" && typeof loss.grad === "function",
    "reluMlpLoss",
    "loss",
    "{value, grad}",
    loss,
  );
  return reluMlpNode(layers, x, masks, loss) as tf.Scalar;
}

function reluMlpNode(
  layers: { w: tf.Variable | tf.Tensor; b: tf.Variable | tf.Tensor }[],
  x: tf.Tensor2D,
  masks: (DropoutMask | null)[],
  loss: LogitsLoss | null,
): tf.Tensor {
  const n = layers.length;
  require(
    Array.isArray(masks) && masks.length === n - 1,
    "reluMlpMasked",
    "masks",
    `one entry per hidden layer (${n - 1})`,
    masks,
  );
  // host backends: activations in typed arrays, only the large products as kernels
  if (hostBackend()) return reluMlpHostNode(layers, x, masks, loss);
  return reluMlpTensorNode(layers, x, masks, loss);
}

/**
 * The one node with tensors throughout (backends whose tensors are not in host memory; the
 * reference of mlp_host.ts): arguments as `reluMlpMasked`/`reluMlpLoss`, already checked.
 */
export function reluMlpTensorNode(
  layers: { w: tf.Variable | tf.Tensor; b: tf.Variable | tf.Tensor }[],
  x: tf.Tensor2D,
  masks: (DropoutMask | null)[],
  loss: LogitsLoss | null,
): tf.Tensor {
  const n = layers.length;
  const params = [...layers.map((l) => l.w), ...layers.map((l) => l.b)];
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[2 * n] as tf.GradSaveFunc;
    const ws = args.slice(0, n) as tf.Tensor2D[];
    const bs = args.slice(n, 2 * n) as tf.Tensor[];
    const hs: tf.Tensor2D[] = [x];
    let h = x;
    for (let l = 0; l < n; l++) {
      const last = l === n - 1;
      const activation = last ? "linear" : "relu";
      h = tf.fused.matMul({ a: h, b: ws[l], bias: bs[l], activation }) as tf.Tensor2D;
      if (!last) {
        const m = masks[l];
        if (m) h = tf.mul(h, tf.tensor(m.mask, h.shape, "float32"));
        hs.push(h);
      }
    }
    save(loss ? [...hs.slice(1), h] : hs.slice(1));
    return {
      value: loss ? loss.value(h) : h,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const acts = [x, ...saved.slice(0, n - 1)] as tf.Tensor2D[];
        const gw: tf.Tensor[] = new Array(n);
        const gb: tf.Tensor[] = new Array(n);
        let dz = loss ? loss.grad(saved[n - 1] as tf.Tensor2D, dy) : dy as tf.Tensor2D;
        for (let l = n - 1; l >= 0; l--) {
          // Explicit transposes: tfjs-wasm's matmul with a transpose flag is ~5x slower here.
          gw[l] = tf.matMul(tf.transpose(acts[l]), dz);
          gb[l] = tf.sum(dz, 0);
          if (l > 0) {
            dz = tf.mul(tf.matMul(dz, tf.transpose(ws[l])), tf.step(acts[l]));
            const keep = masks[l - 1]?.keep ?? 1;
            if (keep !== 1) dz = tf.mul(dz, keep);
          }
        }
        return [...gw, ...gb];
      },
    };
  });
  return f(...params) as tf.Tensor;
}
