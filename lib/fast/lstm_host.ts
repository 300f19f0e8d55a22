/**
 * Fast path (lib/fast, behind COURSE_FAST): the LSTM op for backends whose tensors live in host
 * memory (wasm, cpu), used by `lstmSequence` in models/lstm.ts; the reference is
 * models/lstm_ops.ts. One of the few places in lib allowed to read synchronously (`hostRead`).
 */
import * as tf from "@tensorflow/tfjs";
import { hostRead } from "../sync_reads.ts";
import { type LstmImplementation, lstmOp } from "../models/lstm_ops.ts";

/**
 * Host implementation: per step ONE tfjs kernel, [h, x_t] @ [rk; k] + b with a fused sigmoid
 * (the g columns doubled: tanh(z) = 2 sigmoid(2z) - 1); the cell update and the whole
 * backward gate maths run in JS on typed arrays (tfjs's per-kernel cost dominates here); the
 * weight gradients are three matmuls over all steps at the end.
 */
export const lstmHost: LstmImplementation = (x, weights, units, seq) =>
  lstmOp(x, weights, ([xs, k, rk, b, save], n, steps, feats) => {
    const u = units, g4 = 4 * units, nu = n * units, uf = units + feats;
    const XS = hostRead(xs) as Float32Array; // [n, T, F]
    // [h_{t-1}, x_t] @ [rk; k] + b in one fused matmul with sigmoid; the g columns are
    // doubled so that tanh(z) = 2 sigmoid(2z) - 1
    const [w, bw] = tf.tidy(() => {
      const scale = tf.concat([tf.ones([2 * u]), tf.fill([u], 2), tf.ones([u])]);
      return [tf.mul(tf.concat([rk, k], 0), scale), tf.mul(b, scale)];
    });
    // per step, batch-major: h/c/tanh(c) [T, n, U], activated gates i, f, g, o [T, n, 4U]
    const H = new Float32Array(steps * nu), C = new Float32Array(steps * nu);
    const TC = new Float32Array(steps * nu), G = new Float32Array(steps * n * g4);
    const A = new Float32Array(n * uf);
    for (let t = 0; t < steps; t++) {
      for (let s = 0; s < n; s++) {
        if (t > 0) A.set(H.subarray((t - 1) * nu + s * u, (t - 1) * nu + (s + 1) * u), s * uf);
        A.set(XS.subarray((s * steps + t) * feats, (s * steps + t + 1) * feats), s * uf + u);
      }
      const at = tf.tensor2d(A, [n, uf]);
      const st = tf.fused.matMul({ a: at, b: w, bias: bw, activation: "sigmoid" });
      const S = hostRead(st) as Float32Array;
      tf.dispose([at, st]);
      for (let s = 0; s < n; s++) {
        const zo = s * g4, go = t * n * g4 + zo, so = t * nu + s * u, cp = so - nu;
        for (let j = 0; j < u; j++) {
          const i = S[zo + j],
            f = S[zo + u + j],
            g = 2 * S[zo + 2 * u + j] - 1,
            o = S[zo + 3 * u + j];
          const c = (t > 0 ? f * C[cp + j] : 0) + i * g;
          const tc = 1 - 2 / (1 + Math.exp(2 * c));
          G[go + j] = i, G[go + u + j] = f, G[go + 2 * u + j] = g, G[go + 3 * u + j] = o;
          C[so + j] = c, TC[so + j] = tc, H[so + j] = o * tc;
        }
      }
    }
    tf.dispose([w, bw]);
    save([xs, k, rk]);
    let value: tf.Tensor;
    if (seq) {
      const out = new Float32Array(n * steps * u);
      for (let t = 0; t < steps; t++) {
        for (let s = 0; s < n; s++) {
          out.set(H.subarray(t * nu + s * u, t * nu + (s + 1) * u), (s * steps + t) * u);
        }
      }
      value = tf.tensor3d(out, [n, steps, u]);
    } else value = tf.tensor2d(H.slice((steps - 1) * nu), [n, u]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [x0, k0, rk0] = saved;
      const DY = hostRead(dy) as Float32Array;
      const rkT = tf.transpose(rk0);
      const DZ = new Float32Array(n * steps * g4); // [n, T, 4U]
      const HP = new Float32Array(n * steps * u); // h_{t-1} as [n, T, U]
      let dh: Float32Array = new Float32Array(nu);
      const dc = new Float32Array(nu);
      const dzt = new Float32Array(n * g4);
      for (let t = steps - 1; t >= 0; t--) {
        for (let s = 0; s < n; s++) {
          const go = (t * n + s) * g4, so = t * nu + s * u, cp = (t - 1) * nu + s * u;
          const yo = seq ? (s * steps + t) * u : s * u, zo = (s * steps + t) * g4;
          const hasDy = seq || t === steps - 1;
          for (let j = 0; j < u; j++) {
            const i = G[go + j], f = G[go + u + j], g = G[go + 2 * u + j], o = G[go + 3 * u + j];
            const tc = TC[so + j], c0 = t > 0 ? C[cp + j] : 0;
            const dht = dh[s * u + j] + (hasDy ? DY[yo + j] : 0);
            const dct = dc[s * u + j] + dht * o * (1 - tc * tc);
            const a = s * g4 + j;
            dzt[a] = dct * g * i * (1 - i);
            dzt[a + u] = dct * c0 * f * (1 - f);
            dzt[a + 2 * u] = dct * i * (1 - g * g);
            dzt[a + 3 * u] = dht * tc * o * (1 - o);
            dc[s * u + j] = dct * f;
            if (t > 0) HP[(s * steps + t) * u + j] = H[cp + j];
          }
          DZ.set(dzt.subarray(s * g4, (s + 1) * g4), zo);
        }
        if (t > 0) {
          const dzT = tf.tensor2d(dzt, [n, g4]);
          const r = tf.matMul(dzT, rkT);
          dh = hostRead(r) as Float32Array;
          tf.dispose([dzT, r]);
        }
      }
      rkT.dispose();
      return tf.tidy(() => {
        const dZ = tf.tensor2d(DZ, [n * steps, g4]);
        const dx = tf.reshape(tf.matMul(dZ, k0, false, true), [n, steps, feats]);
        const dk = tf.matMul(tf.reshape(x0, [n * steps, feats]), dZ, true, false);
        const drk = tf.matMul(tf.tensor2d(HP, [n * steps, u]), dZ, true, false);
        const db = tf.sum(dZ, 0);
        return [dx, dk, drk, db];
      });
    };
    return { value, gradFunc };
  });
