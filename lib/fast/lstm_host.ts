/**
 * Fast path (lib/fast, behind COURSE_FAST): the LSTM op for backends whose tensors live in host
 * memory (wasm, cpu), used by `lstmSequence` in models/lstm.ts; the reference is
 * models/lstm_ops.ts. One of the few places in lib allowed to read synchronously (`hostRead`).
 */
import * as tf from "@tensorflow/tfjs";
import { hostRead } from "../sync_reads.ts";
import { type LstmImplementation, lstmOp } from "../models/lstm_ops.ts";

/** a [1, M, K] · b [1, K, N] as ONE BatchMatMul kernel (tf.matMul adds reshapes around it). */
function mm(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel("BatchMatMul", { a, b }, {
    transposeA: false,
    transposeB: false,
  }) as tf.Tensor;
}

/** sigmoid(a [1, M, K] · b [1, K, N] + bias [N]) as ONE _FusedMatMul kernel. tf.fused.matMul
 * splits it into three (matmul, add, sigmoid) whenever a gradient is being recorded. */
function mmSigmoid(a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel("_FusedMatMul", { a, b, bias }, {
    transposeA: false,
    transposeB: false,
    activation: "sigmoid",
    leakyreluAlpha: 0,
  }) as tf.Tensor;
}

/** The transpose of a row-major [rows, cols] matrix, as a new [cols, rows] array. */
function transposed(m: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c];
  }
  return out;
}

/**
 * Host implementation: per step ONE tfjs kernel forward, sigmoid([h, x_t] @ [rk; k] + b) (the
 * g columns doubled: tanh(z) = 2 sigmoid(2z) - 1), and ONE backward, dz_t @ rkᵀ; the cell
 * update, the whole backward gate maths and the bias gradient run in JS on typed arrays (tfjs's
 * per-kernel cost dominates at these sizes); the other weight gradients and dx are one matmul
 * each over all steps, their operands laid out in JS so that no kernel transposes.
 */
export const lstmHost: LstmImplementation = (x, weights, units, seq) =>
  lstmOp(x, weights, ([xs, k, rk, b], n, steps, feats) => {
    const u = units, g4 = 4 * units, nu = n * units, uf = units + feats, nt = n * steps;
    const XS = hostRead(xs) as Float32Array; // [n, T, F]
    const K = hostRead(k) as Float32Array, RK = hostRead(rk) as Float32Array;
    // [rk; k] and b with the g columns doubled (exact in float: a power of two)
    const WS = new Float32Array(uf * g4), BS = Float32Array.from(hostRead(b));
    WS.set(RK, 0);
    WS.set(K, u * g4);
    for (let r = 0; r < uf; r++) {
      for (let j = 2 * u; j < 3 * u; j++) WS[r * g4 + j] *= 2;
    }
    for (let j = 2 * u; j < 3 * u; j++) BS[j] *= 2;
    const w = tf.tensor3d(WS, [1, uf, g4]), bw = tf.tensor1d(BS);
    // per step, batch-major: h/c/tanh(c) [T, n, U], activated gates i, f, g, o [T, n, 4U]
    const H = new Float32Array(steps * nu), C = new Float32Array(steps * nu);
    const TC = new Float32Array(steps * nu), G = new Float32Array(steps * n * g4);
    const A = new Float32Array(n * uf); // [h_{t-1}, x_t] per row (h = 0 at the first step)
    for (let t = 0; t < steps; t++) {
      for (let s = 0; s < n; s++) {
        if (t > 0) A.set(H.subarray((t - 1) * nu + s * u, (t - 1) * nu + (s + 1) * u), s * uf);
        A.set(XS.subarray((s * steps + t) * feats, (s * steps + t + 1) * feats), s * uf + u);
      }
      const at = tf.tensor3d(A, [1, n, uf]);
      const st = mmSigmoid(at, w, bw);
      const S = hostRead(st) as Float32Array;
      tf.dispose([at, st]);
      const to = t * nu, cp = to - nu, gt = t * n * g4;
      for (let s = 0; s < n; s++) {
        const zo = s * g4, go = gt + zo, so = to + s * u, sp = cp + s * u;
        for (let j = 0; j < u; j++) {
          const i = S[zo + j], f = S[zo + u + j];
          const g = 2 * S[zo + 2 * u + j] - 1, o = S[zo + 3 * u + j];
          const c = (t > 0 ? f * C[sp + j] : 0) + i * g;
          const tc = 1 - 2 / (1 + Math.exp(2 * c));
          G[go + j] = i, G[go + u + j] = f, G[go + 2 * u + j] = g, G[go + 3 * u + j] = o;
          C[so + j] = c, TC[so + j] = tc, H[so + j] = o * tc;
        }
      }
    }
    tf.dispose([w, bw]);
    let value: tf.Tensor;
    if (seq) {
      const out = new Float32Array(nt * u);
      for (let t = 0; t < steps; t++) {
        for (let s = 0; s < n; s++) {
          out.set(H.subarray(t * nu + s * u, t * nu + (s + 1) * u), (s * steps + t) * u);
        }
      }
      value = tf.tensor3d(out, [n, steps, u]);
    } else value = tf.tensor2d(H.slice((steps - 1) * nu), [n, u]);
    // the backward pass reads the forward's arrays (copies of x and the weights included)
    const gradFunc = (dy: tf.Tensor) => {
      const DY = hostRead(dy) as Float32Array;
      const rkT = tf.tensor3d(transposed(RK, u, g4), [1, g4, u]);
      const DZ = new Float32Array(nt * g4); // [n, T, 4U], batch-major like x
      const DB = new Float64Array(g4);
      let dh: Float32Array = new Float32Array(nu);
      const dc = new Float32Array(nu);
      const dzt = new Float32Array(n * g4);
      for (let t = steps - 1; t >= 0; t--) {
        const hasDy = seq || t === steps - 1;
        for (let s = 0; s < n; s++) {
          const go = (t * n + s) * g4, so = t * nu + s * u, cp = so - nu, su = s * u;
          const yo = seq ? (s * steps + t) * u : su, a0 = s * g4;
          for (let j = 0; j < u; j++) {
            const i = G[go + j], f = G[go + u + j], g = G[go + 2 * u + j], o = G[go + 3 * u + j];
            const tc = TC[so + j], c0 = t > 0 ? C[cp + j] : 0;
            const dht = dh[su + j] + (hasDy ? DY[yo + j] : 0);
            const dct = dc[su + j] + dht * o * (1 - tc * tc);
            const a = a0 + j;
            const di = dct * g * i * (1 - i), df = dct * c0 * f * (1 - f);
            const dg = dct * i * (1 - g * g), dq = dht * tc * o * (1 - o);
            dzt[a] = di, dzt[a + u] = df, dzt[a + 2 * u] = dg, dzt[a + 3 * u] = dq;
            DB[j] += di, DB[j + u] += df, DB[j + 2 * u] += dg, DB[j + 3 * u] += dq;
            dc[su + j] = dct * f;
          }
          DZ.set(dzt.subarray(a0, a0 + g4), (s * steps + t) * g4);
        }
        if (t > 0) {
          const dzT = tf.tensor3d(dzt, [1, n, g4]);
          const r = mm(dzT, rkT);
          dh = hostRead(r) as Float32Array;
          tf.dispose([dzT, r]);
        }
      }
      rkT.dispose();
      // left operands of the weight gradients, transposed here: x as [F, n·T] and the previous
      // states h_{t-1} as [U, n·T] (columns in DZ's row order s·T + t; h_{-1} = 0)
      const XT = transposed(XS, nt, feats);
      const HPT = new Float32Array(u * nt);
      for (let t = 1; t < steps; t++) {
        for (let s = 0; s < n; s++) {
          const from = (t - 1) * nu + s * u, col = s * steps + t;
          for (let j = 0; j < u; j++) HPT[j * nt + col] = H[from + j];
        }
      }
      return tf.tidy(() => {
        const dZ = tf.tensor3d(DZ, [1, nt, g4]);
        const kT = tf.tensor3d(transposed(K, feats, g4), [1, g4, feats]);
        return [
          tf.reshape(mm(dZ, kT), [n, steps, feats]),
          tf.reshape(mm(tf.tensor3d(XT, [1, feats, nt]), dZ), [feats, g4]),
          tf.reshape(mm(tf.tensor3d(HPT, [1, u, nt]), dZ), [u, g4]),
          tf.tensor1d(Float32Array.from(DB)),
        ];
      });
    };
    return { value, gradFunc };
  });
