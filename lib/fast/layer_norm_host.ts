/**
 * Fast path (lib/fast, behind COURSE_FAST): LayerNorm over the last axis with a scale and a
 * shift as ONE differentiable op for backends whose tensors live in host memory (wasm, cpu):
 * forward and hand-written backward in JS (lib/fast/block_math.ts), no tfjs kernel at all,
 * where the reference (`layerNormForward` in lib/nn/params.ts: moments, sub, sqrt, div, mul,
 * add and their gradients) runs about 40 kernels plus the tape's copies. `normLayer` picks it
 * for the JEPA encoders' and predictor's final LayerNorm. Reads synchronously (`hostRead`).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { layerNorm, param, type ParamMap } from "../nn/params.ts";
import { hostRead } from "../sync_reads.ts";
import { layerNormRows, layerNormRowsBackward } from "./block_math.ts";
import { fastPaths } from "./switch.ts";

/** (x − mean)/√(var + eps)·gamma + beta over the last axis of x (rank ≥ 1), differentiable in
 * x, gamma and beta: the same map as `layerNormForward`'s tfjs ops. */
export function layerNormHost(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  eps = 1e-5,
): tf.Tensor {
  const fn = "layerNormHost";
  const backend = tf.getBackend();
  require(backend === "wasm" || backend === "cpu", fn, "backend", '"wasm" or "cpu"', backend);
  require(
    x instanceof tf.Tensor && x.rank >= 1 && x.size > 0 && x.dtype === "float32",
    fn,
    "x",
    "a non-empty float32 tensor",
    x,
  );
  const d = x.shape[x.rank - 1];
  for (const [name, t] of [["gamma", gamma], ["beta", beta]] as const) {
    require(
      t instanceof tf.Tensor && t.dtype === "float32" && t.rank === 1 && t.shape[0] === d,
      fn,
      name,
      `a float32 tensor [${d}]`,
      t,
    );
  }
  requireNumber(fn, "eps", eps, { positive: true });
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xs, g, b] = args as tf.Tensor[];
    const rows = xs.size / d;
    const G = hostRead(g) as Float32Array;
    const ln = layerNormRows(
      hostRead(xs) as Float32Array,
      rows,
      d,
      G,
      hostRead(b) as Float32Array,
      eps,
    );
    const value = tf.tensor(ln.y, xs.shape);
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const dx = new Float32Array(rows * d);
      const dy_ = hostRead(dy) as Float32Array;
      const r = layerNormRowsBackward(dy_, ln.xhat, ln.rstd, G, rows, d, dx);
      return [tf.tensor(dx, xs.shape), tf.tensor1d(r.dgamma), tf.tensor1d(r.dbeta)];
    };
    return { value, gradFunc };
  });
  return op(x, gamma, beta);
}

/** `layerNorm` with the scale `${key}/g` and shift `${key}/b` of a parameter map: the host op
 * on wasm and cpu with the fast paths on, the tfjs ops otherwise. */
export function normLayer(params: ParamMap, key: string, x: tf.Tensor, eps = 1e-5): tf.Tensor {
  const backend = tf.getBackend();
  if (fastPaths() && (backend === "wasm" || backend === "cpu")) {
    return layerNormHost(x, param(params, `${key}/g`), param(params, `${key}/b`), eps);
  }
  return layerNorm(params, key, x, eps);
}
