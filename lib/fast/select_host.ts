/**
 * Fast path (lib/fast, behind COURSE_FAST): the JEPA's token selections — a constant per-row
 * matrix S [B, k, N] (one-hot rows: which patches are visible or masked) times tokens — as ONE
 * host op on wasm and cpu: sel·x, or selᵀ·x (placing k tokens back at their N positions), summed
 * in JS over the non-zero entries of S only, with the gradient in x (the other product) written
 * by hand. The reference is tf.matMul (a batched matmul on a backend path for batches, and two
 * more for its gradient). S gets no gradient: it is data, not a weight.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";
import { fastPaths } from "./switch.ts";

/** out[b] = S[b]·X[b] (S [k, n], X [n, d]) or S[b]ᵀ·X[b] (X [k, d]) over the non-zeros of S. */
function product(
  s: Float32Array,
  x: Float32Array,
  batch: number,
  k: number,
  n: number,
  d: number,
  transpose: boolean,
): Float32Array {
  const out = new Float32Array(batch * (transpose ? n : k) * d);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < n; j++) {
        const w = s[(b * k + i) * n + j];
        if (w === 0) continue;
        // S·X: row i gets w·X[j]; Sᵀ·X: row j gets w·X[i]
        const from = (b * (transpose ? k : n) + (transpose ? i : j)) * d;
        const to = (b * (transpose ? n : k) + (transpose ? j : i)) * d;
        for (let e = 0; e < d; e++) out[to + e] += w * x[from + e];
      }
    }
  }
  return out;
}

/**
 * sel·x (sel [B, k, N], x [B, N, D] → [B, k, D]) or, with `transposeSel`, selᵀ·x (x [B, k, D] →
 * [B, N, D]) on a host backend: the values of tf.matMul(sel, x, transposeSel), differentiable in
 * x; `sel` is a constant (no gradient flows to it).
 */
export function selectHost(sel: tf.Tensor, x: tf.Tensor, transposeSel = false): tf.Tensor3D {
  const fn = "selectHost";
  const backend = tf.getBackend();
  require(backend === "wasm" || backend === "cpu", fn, "backend", '"wasm" or "cpu"', backend);
  require(
    sel instanceof tf.Tensor && sel.rank === 3 && sel.dtype === "float32",
    fn,
    "sel",
    "a float32 tensor [batch, k, n]",
    sel,
  );
  const [batch, k, n] = sel.shape as [number, number, number];
  const rowsIn = transposeSel ? k : n;
  require(
    x instanceof tf.Tensor && x.rank === 3 && x.dtype === "float32" && x.shape[0] === batch &&
      x.shape[1] === rowsIn,
    fn,
    "x",
    `a float32 tensor [${batch}, ${rowsIn}, dim]`,
    x,
  );
  const d = x.shape[2] as number;
  const S = hostRead(sel) as Float32Array;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const X = hostRead(args[0] as tf.Tensor) as Float32Array;
    const out = product(S, X, batch, k, n, d, transposeSel);
    const value = tf.tensor3d(out, [batch, transposeSel ? n : k, d]);
    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => [
      tf.tensor3d(product(S, hostRead(dy) as Float32Array, batch, k, n, d, !transposeSel), [
        batch,
        rowsIn,
        d,
      ]),
    ];
    return { value, gradFunc };
  });
  return op(x) as tf.Tensor3D;
}

/** tf.matMul(sel, x, transposeSel) for a constant selection `sel`: the host op on wasm and cpu
 * with the fast paths on, tf.matMul otherwise. */
export function selectTokens(sel: tf.Tensor3D, x: tf.Tensor3D, transposeSel = false): tf.Tensor3D {
  const backend = tf.getBackend();
  if (fastPaths() && (backend === "wasm" || backend === "cpu")) {
    return selectHost(sel, x, transposeSel);
  }
  return tf.matMul(sel, x, transposeSel, false);
}
