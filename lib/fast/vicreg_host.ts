/**
 * Fast path (lib/fast, behind COURSE_FAST): VICReg's weighted regulariser
 * wVar·variance + wCov·covariance of a batch of embeddings z [B, d] (the terms of
 * `vicregTerms` in lib/jepa/losses.ts, the reference) as ONE differentiable op on host
 * backends (wasm, cpu): the centring, the per-dimension hinge and the gradient run in JS, the
 * covariance zcᵀ·zc and the gradient's zc·C are one matmul kernel each, where the reference
 * runs about 20 kernels forward and 40 backward. Reads synchronously (`hostRead`).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";
import { transposeRows } from "./block_math.ts";

/** a [r, k] · b [k, n] of host arrays with one tfjs kernel. */
function matmul(a: Float32Array, r: number, k: number, b: Float32Array, n: number): Float32Array {
  return tf.tidy(() => {
    const out = tf.matMul(tf.tensor2d(a, [r, k]), tf.tensor2d(b, [k, n]));
    return Float32Array.from(hostRead(out) as Float32Array);
  });
}

/**
 * wVar·mean_j max(0, γ − √(Var z_j + ε)) + wCov·Σ_{i≠j} C_ij² / d for z [B ≥ 2, d] (C the
 * covariance, both with the B − 1 divisor): a scalar, differentiable in z.
 */
export function vicregHost(
  z: tf.Tensor,
  weights: { variance: number; covariance: number },
  opts: { gamma?: number; eps?: number } = {},
): tf.Scalar {
  const fn = "vicregHost";
  const backend = tf.getBackend();
  require(backend === "wasm" || backend === "cpu", fn, "backend", '"wasm" or "cpu"', backend);
  require(
    z instanceof tf.Tensor && z.rank === 2 && z.shape[0] >= 2 && z.dtype === "float32",
    fn,
    "z",
    "a float32 tensor [batch >= 2, dim]",
    z,
  );
  const wv = requireNumber(fn, "weights.variance", weights?.variance, { nonNegative: true });
  const wc = requireNumber(fn, "weights.covariance", weights?.covariance, { nonNegative: true });
  const gamma = requireNumber(fn, "opts.gamma", opts.gamma ?? 1, {});
  const eps = requireNumber(fn, "opts.eps", opts.eps ?? 1e-4, { positive: true });
  const [b, d] = z.shape as [number, number];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const Z = hostRead(args[0] as tf.Tensor) as Float32Array;
    const mean = new Float64Array(d);
    for (let r = 0; r < b; r++) for (let j = 0; j < d; j++) mean[j] += Z[r * d + j];
    for (let j = 0; j < d; j++) mean[j] /= b;
    const zc = new Float32Array(b * d);
    for (let r = 0; r < b; r++) for (let j = 0; j < d; j++) zc[r * d + j] = Z[r * d + j] - mean[j];
    const zcT = transposeRows(zc, b, d);
    const cov = matmul(zcT, d, b, zc, d); // [d, d], not yet divided by B − 1
    const varJ = new Float64Array(d), std = new Float64Array(d);
    let hinge = 0, off = 0;
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let r = 0; r < b; r++) s += zc[r * d + j] ** 2;
      varJ[j] = s / (b - 1);
      std[j] = Math.sqrt(varJ[j] + eps);
      hinge += Math.max(0, gamma - std[j]);
      off -= varJ[j] ** 2;
    }
    for (let i = 0; i < d * d; i++) cov[i] /= b - 1;
    for (let i = 0; i < d * d; i++) off += cov[i] ** 2;
    const value = tf.scalar(wv * hinge / d + wc * off / d);
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const g = (hostRead(dy) as Float32Array)[0];
      // d/dzc of wCov·(Σ C_ij² − Σ var_j²)/d: 4·wCov/(d(B−1))·(zc·C − zc ⊙ var)
      const zcC = matmul(zc, b, d, cov, d);
      const kc = (4 * wc) / (d * (b - 1));
      const coef = new Float64Array(d); // per column: −kc·var_j + the hinge's part
      for (let j = 0; j < d; j++) {
        const active = gamma - std[j] > 0 ? 1 : 0;
        coef[j] = -kc * varJ[j] - (active * wv) / (d * std[j] * (b - 1));
      }
      const dzc = new Float32Array(b * d);
      const colMean = new Float64Array(d);
      for (let r = 0; r < b; r++) {
        for (let j = 0; j < d; j++) {
          const v = g * (kc * zcC[r * d + j] + coef[j] * zc[r * d + j]);
          dzc[r * d + j] = v;
          colMean[j] += v / b;
        }
      }
      // zc = z − mean(z): the gradient loses its column means
      for (let r = 0; r < b; r++) for (let j = 0; j < d; j++) dzc[r * d + j] -= colMean[j];
      return [tf.tensor2d(dzc, [b, d])];
    };
    return { value, gradFunc };
  });
  return op(z) as tf.Scalar;
}
