/**
 * Fast path (lib/fast, behind COURSE_FAST): SIGReg's Epps–Pulley statistic (lib/jepa/losses.ts,
 * `sigregLoss`, the reference) as ONE op on host backends (wasm, cpu). The tensor path evaluates
 * cos and sin on an [N, m, K] grid (projections × knots), which tfjs-wasm does slowly (about
 * 130 ms per call at chapter 08's N·m·K ≈ 10⁶); the knots are evenly spaced, t_k = k·Δt, so here
 * one cos and one sin per projection p give all K by the angle-addition recurrence
 *   cos((k+1)Δt·p) = cos(kΔt·p)·cos(Δt·p) − sin(kΔt·p)·sin(Δt·p)   (and its sin twin),
 * in float64. With re_jk = mean_i cos(t_k p_ij) − φ0_k and im_jk = mean_i sin(t_k p_ij), the
 * loss is N/m · Σ_jk w_k (re_jk² + im_jk²) and
 *   ∂L/∂p_ij = (1/m) Σ_k 2 w_k t_k (im_jk cos(t_k p_ij) − re_jk sin(t_k p_ij)),
 * then ∂L/∂z = ∂L/∂P · Uᵀ (the directions U are constants). Parity tests compare values and
 * gradients with the tensor path.
 */
import * as tf from "@tensorflow/tfjs";
import { hostRead } from "../sync_reads.ts";

/** The quadrature of sigregLoss: knot spacing Δt (t_k = kΔt), weights w_k and φ0_k = e^{−t_k²/2}. */
export interface SigregGrid {
  dt: number;
  w: number[];
  phi0: number[];
}

/** For every projection p (row-major [N, m]), call `f(j, k, cos(t_k p), sin(t_k p))`. */
function eachKnot(
  p: Float32Array,
  m: number,
  grid: SigregGrid,
  f: (idx: number, j: number, k: number, c: number, s: number) => void,
): void {
  const K = grid.w.length;
  for (let idx = 0; idx < p.length; idx++) {
    const j = idx % m;
    const a = grid.dt * p[idx];
    const c1 = Math.cos(a), s1 = Math.sin(a);
    let c = 1, s = 0;
    for (let k = 0; k < K; k++) {
      f(idx, j, k, c, s);
      const cn = c * c1 - s * s1;
      s = s * c1 + c * s1;
      c = cn;
    }
  }
}

/** SIGReg of z [N, d] along directions [d, m] on `grid`, one differentiable op (in z). */
export function sigregHost(z: tf.Tensor2D, directions: tf.Tensor2D, grid: SigregGrid): tf.Scalar {
  const n = z.shape[0], m = directions.shape[1];
  const K = grid.w.length;
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const zIn = args[0] as tf.Tensor2D;
    // the directions are read now: the caller may free them before the backward pass
    const d = directions.shape[0];
    const U = hostRead(directions) as Float32Array;
    const uT = new Float32Array(U.length);
    for (let a = 0; a < d; a++) for (let j = 0; j < m; j++) uT[j * d + a] = U[a * m + j];
    const proj = tf.matMul(zIn, directions);
    const p = hostRead(proj) as Float32Array;
    proj.dispose();
    const re = new Float64Array(m * K), im = new Float64Array(m * K);
    eachKnot(p, m, grid, (_, j, k, c, s) => {
      re[j * K + k] += c;
      im[j * K + k] += s;
    });
    let total = 0;
    for (let j = 0; j < m; j++) {
      for (let k = 0; k < K; k++) {
        const r = (re[j * K + k] /= n) - grid.phi0[k];
        re[j * K + k] = r;
        const i = (im[j * K + k] /= n);
        total += grid.w[k] * (r * r + i * i);
      }
    }
    return {
      value: tf.scalar((total / m) * n),
      gradFunc: (dy: tf.Tensor) => {
        const scale = hostRead(dy)[0] / m;
        const dp = new Float32Array(p.length);
        let acc = 0;
        eachKnot(p, m, grid, (idx, j, k, c, s) => {
          const t = k * grid.dt;
          acc += 2 * grid.w[k] * t * (im[j * K + k] * c - re[j * K + k] * s);
          if (k === K - 1) {
            dp[idx] = acc * scale;
            acc = 0;
          }
        });
        return tf.tidy(() => tf.matMul(tf.tensor2d(dp, [n, m]), tf.tensor2d(uT, [m, d])));
      },
    };
  })(z) as tf.Scalar;
}
