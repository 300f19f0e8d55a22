/**
 * Fast path (lib/fast, behind COURSE_FAST): the LSTM op for backends whose tensors live in host
 * memory (wasm, cpu), used by `lstmSequence` in models/lstm.ts; the reference is
 * models/lstm_ops.ts. One of the few places in lib allowed to read synchronously (`hostRead`).
 */
import * as tf from "@tensorflow/tfjs";
import { hostRead } from "../sync_reads.ts";
import { type LstmImplementation, lstmOp } from "../models/lstm_ops.ts";
import { hostTanh } from "./host_tanh.ts";
import { stepMatMul } from "./step_matmul.ts";

/** a [1, M, K] · b [1, K, N] as ONE BatchMatMul kernel (tf.matMul adds reshapes around it). */
function mm(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel("BatchMatMul", { a, b }, {
    transposeA: false,
    transposeB: false,
  }) as tf.Tensor;
}

/** Spare work arrays by length: the op needs ~3 MB of them per batch at the windows benchmark's
 * sizes, and taking them back spares the allocator (zeroed pages) and the garbage collector. */
const spare = new Map<number, Float32Array[]>();

/** A work array of `len` floats, NOT zeroed (its previous contents remain). */
function take(len: number): Float32Array {
  return spare.get(len)?.pop() ?? new Float32Array(len);
}

/** Hand work arrays back once nothing reads them (a few per length are kept). */
function give(...arrays: Float32Array[]): void {
  for (const a of arrays) {
    const list = spare.get(a.length) ?? [];
    if (list.length < 4) list.push(a);
    spare.set(a.length, list);
  }
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
 * Host implementation: per step ONE tfjs kernel forward, sigmoid([h_{t-1}, x_t] @ [rk; k] + b)
 * (the g columns doubled: tanh(z) = 2 sigmoid(2z) - 1), and ONE backward, dz_t @ [rk; k]ᵀ (which
 * gives both dh_{t-1} and dx_t); the cell update, the whole backward gate maths and the bias
 * gradient run in JS on typed arrays (tfjs's per-kernel cost dominates at these sizes); the
 * kernel and recurrent-kernel gradients are ONE matmul over all steps, dZᵀ @ [h_{t-1}, x_t]: the
 * big dZ goes left, since the wasm matmul repacks its right operand at every new tensor.
 */
export const lstmHost: LstmImplementation = (x, weights, units, seq) =>
  lstmOp(x, weights, ([xs, k, rk, b], n, steps, feats) => {
    const u = units, g4 = 4 * units, uf = units + feats, nt = n * steps, nuf = n * uf;
    const XS = hostRead(xs) as Float32Array; // [n, T, F]
    const K = hostRead(k) as Float32Array, RK = hostRead(rk) as Float32Array;
    // [rk; k] and b with the g columns doubled (exact in float: a power of two)
    const WS = new Float32Array(uf * g4), BS = Float32Array.from(hostRead(b));
    WS.set(RK, 0);
    WS.set(K, u * g4);
    const WT = transposed(WS, uf, g4); // [rk; k]ᵀ for the backward pass, before the doubling
    for (let r = 0; r < uf; r++) {
      for (let j = 2 * u; j < 3 * u; j++) WS[r * g4 + j] *= 2;
    }
    for (let j = 2 * u; j < 3 * u; j++) BS[j] *= 2;
    const w = tf.tensor3d(WS, [1, uf, g4]), bw = tf.tensor1d(BS);
    // the matmul's left operand of every step, time-major [T, n, U + F]: rows [h_{t-1}, x_t]
    const AA = take(steps * nuf);
    for (let s = 0; s < n; s++) AA.fill(0, s * uf, s * uf + u); // h_{-1} = 0
    for (let t = 0; t < steps; t++) {
      for (let s = 0; s < n; s++) {
        const from = (s * steps + t) * feats;
        AA.set(XS.subarray(from, from + feats), t * nuf + s * uf + u);
      }
    }
    // per step, time-major: c and tanh(c) [T, n, U], the kernel's outputs [T, n, 4U] (i, f,
    // σ(2 z_g) = (g + 1) / 2, o); every entry of C, TC, G below is written before it is read
    const C = take(nt * u), TC = take(nt * u), G = take(nt * g4);
    const out = new Float32Array((seq ? nt : n) * u);
    const step = stepMatMul(w, n, bw);
    for (let t = 0; t < steps; t++) {
      const S = step.run(AA.subarray(t * nuf, (t + 1) * nuf));
      const to = t * n * u, cp = to - n * u, next = (t + 1) * nuf;
      G.set(S, t * n * g4);
      const last = t === steps - 1;
      for (let s = 0; s < n; s++) {
        const zo = s * g4, so = to + s * u, sp = cp + s * u;
        const ho = next + s * uf, yo = seq ? (s * steps + t) * u : s * u;
        for (let j = 0; j < u; j++) {
          const i = S[zo + j], f = S[zo + u + j];
          const g = 2 * S[zo + 2 * u + j] - 1, o = S[zo + 3 * u + j];
          const c = (t > 0 ? f * C[sp + j] : 0) + i * g;
          const tc = hostTanh(c);
          const h = o * tc;
          C[so + j] = c, TC[so + j] = tc;
          if (!last) AA[ho + j] = h;
          if (seq || last) out[yo + j] = h;
        }
      }
    }
    step.close();
    tf.dispose([w, bw]);
    const value = seq ? tf.tensor3d(out, [n, steps, u]) : tf.tensor2d(out, [n, u]);
    // the backward pass reads the forward's arrays (the weights' copies included)
    const gradFunc = (dy: tf.Tensor) => {
      const DY = hostRead(dy) as Float32Array;
      const wT = tf.tensor3d(WT, [1, g4, uf]);
      const step = stepMatMul(wT, n);
      const DZT = take(g4 * nt); // dz of every step as [4U, T·n], columns t·n + s (all written)
      const DX = new Float32Array(nt * feats);
      const DB = new Float64Array(g4);
      let R: Float32Array = new Float32Array(nuf); // dz_t @ [rk; k]ᵀ = [dh_{t-1}, dx_t] per row
      const dc = new Float32Array(n * u);
      const dzt = new Float32Array(n * g4);
      for (let t = steps - 1; t >= 0; t--) {
        const hasDy = seq || t === steps - 1;
        for (let s = 0; s < n; s++) {
          const go = (t * n + s) * g4, so = (t * n + s) * u, cp = so - n * u, su = s * u;
          const yo = seq ? (s * steps + t) * u : su, a0 = s * g4, ro = s * uf;
          for (let j = 0; j < u; j++) {
            const i = G[go + j], f = G[go + u + j], o = G[go + 3 * u + j];
            const g = 2 * G[go + 2 * u + j] - 1;
            const tc = TC[so + j], c0 = t > 0 ? C[cp + j] : 0;
            const dht = (t < steps - 1 ? R[ro + j] : 0) + (hasDy ? DY[yo + j] : 0);
            const dct = dc[su + j] + dht * o * (1 - tc * tc);
            const a = a0 + j;
            const di = dct * g * i * (1 - i), df = dct * c0 * f * (1 - f);
            const dg = dct * i * (1 - g * g), dq = dht * tc * o * (1 - o);
            dzt[a] = di, dzt[a + u] = df, dzt[a + 2 * u] = dg, dzt[a + 3 * u] = dq;
            DB[j] += di, DB[j + u] += df, DB[j + 2 * u] += dg, DB[j + 3 * u] += dq;
            dc[su + j] = dct * f;
          }
        }
        for (let j = 0; j < g4; j++) {
          const col = j * nt + t * n;
          for (let s = 0; s < n; s++) DZT[col + s] = dzt[s * g4 + j];
        }
        R = step.run(dzt);
        for (let s = 0; s < n; s++) {
          DX.set(R.subarray(s * uf + u, (s + 1) * uf), (s * steps + t) * feats);
        }
      }
      step.close();
      wT.dispose();
      // [drk; dk]ᵀ = dZᵀ @ [h_{t-1}, x_t] over all steps, [4U, U + F]
      const dwt = tf.tidy(() => mm(tf.tensor3d(DZT, [1, g4, nt]), tf.tensor3d(AA, [1, nt, uf])));
      const DW = hostRead(dwt) as Float32Array;
      dwt.dispose();
      give(DZT, AA, C, TC, G); // the tensors made from them are disposed: no one reads them now
      const dW = transposed(DW, g4, uf); // [U + F, 4U]: rows of rk, then of k
      return [
        tf.tensor3d(DX, [n, steps, feats]),
        tf.tensor2d(dW.subarray(u * g4), [feats, g4]),
        tf.tensor2d(dW.subarray(0, u * g4), [u, g4]),
        tf.tensor1d(Float32Array.from(DB)),
      ];
    };
    return { value, gradFunc };
  });
