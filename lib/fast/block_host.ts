/**
 * Fast path (lib/fast, behind COURSE_FAST): a whole pre-LN Transformer block as ONE
 * differentiable op for backends whose tensors live in host memory (wasm, cpu), used by
 * `transformerBlock` in lib/nn/attention.ts (the reference: tfjs ops and autodiff there).
 * x + MHSA(LN(x)), then x + W2·GELU(W1·LN(x)) + b2: the four products (q|k|v fused into one,
 * the output projection, the two MLP layers) run as tfjs matmul kernels; LayerNorm, attention
 * over the tokens, GELU, the residuals and the whole backward pass (eight more matmul kernels)
 * run in JS on typed arrays (lib/fast/block_math.ts, attention_math.ts): the reference's 70
 * forward kernels (and more for the gradient, plus the tape's copies) become 4 (and 8), and
 * no tensor is cloned for the tape. Reads synchronously (`hostRead`).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { hostRead } from "../sync_reads.ts";
import { attentionRows, attentionRowsBackward } from "./attention_math.ts";
import {
  colSums,
  geluRows,
  geluRowsBackward,
  layerNormRows,
  layerNormRowsBackward,
  transposeRows,
} from "./block_math.ts";

/** A block's weights (the parameter layout of `initTransformerBlock`): d = model width, m = MLP
 * width. LayerNorm scales and shifts [d]; q, k, v, o [d, d] + [d]; fc1 [d, m] + [m]; fc2 [m, d]
 * + [d]. */
export interface BlockWeights {
  ln1g: tf.Tensor;
  ln1b: tf.Tensor;
  qw: tf.Tensor;
  qb: tf.Tensor;
  kw: tf.Tensor;
  kb: tf.Tensor;
  vw: tf.Tensor;
  vb: tf.Tensor;
  ow: tf.Tensor;
  ob: tf.Tensor;
  ln2g: tf.Tensor;
  ln2b: tf.Tensor;
  fc1w: tf.Tensor;
  fc1b: tf.Tensor;
  fc2w: tf.Tensor;
  fc2b: tf.Tensor;
}

/** The weights in the op's input order (after x). */
const ORDER = [
  "ln1g",
  "ln1b",
  "qw",
  "qb",
  "kw",
  "kb",
  "vw",
  "vb",
  "ow",
  "ob",
  "ln2g",
  "ln2b",
  "fc1w",
  "fc1b",
  "fc2w",
  "fc2b",
] as const;

/** Check the block's arguments; returns the MLP width m. */
function checkArgs(x: tf.Tensor, w: BlockWeights, heads: number): number {
  const fn = "transformerBlockHost";
  const backend = tf.getBackend();
  require(backend === "wasm" || backend === "cpu", fn, "backend", '"wasm" or "cpu"', backend);
  require(
    x instanceof tf.Tensor && x.rank === 3 && x.size > 0,
    fn,
    "x",
    "a non-empty tensor [batch, tokens, dim]",
    x,
  );
  const d = x.shape[2] as number;
  requireNumber(fn, "heads", heads, { integer: true, positive: true });
  require(d % heads === 0, fn, "heads", `a divisor of dim ${d}`, heads);
  require(w !== null && typeof w === "object", fn, "w", "the block's weights", w);
  const m: number = w.fc1w instanceof tf.Tensor && w.fc1w.rank === 2 ? w.fc1w.shape[1] ?? 0 : 0;
  const shapes: Record<(typeof ORDER)[number], number[]> = {
    ln1g: [d],
    ln1b: [d],
    qw: [d, d],
    qb: [d],
    kw: [d, d],
    kb: [d],
    vw: [d, d],
    vb: [d],
    ow: [d, d],
    ob: [d],
    ln2g: [d],
    ln2b: [d],
    fc1w: [d, m],
    fc1b: [m],
    fc2w: [m, d],
    fc2b: [d],
  };
  for (const k of ORDER) {
    const t = w[k];
    require(
      m > 0 && t instanceof tf.Tensor && t.dtype === "float32" &&
        t.shape.join(",") === shapes[k].join(","),
      fn,
      `w.${k}`,
      `a float32 tensor [${shapes[k].join(", ")}]`,
      t,
    );
  }
  return m;
}

const read = (t: tf.Tensor) => hostRead(t) as Float32Array;

/** a [rows, k] (host) · b [k, n] (+ bias [n], added here) with one tfjs kernel; on the host. */
function matmul(
  a: Float32Array,
  rows: number,
  k: number,
  b: tf.Tensor | Float32Array,
  n: number,
  bias?: Float32Array,
): Float32Array {
  const at = tf.tensor2d(a, [rows, k]);
  const bt = b instanceof tf.Tensor ? b as tf.Tensor2D : tf.tensor2d(b, [k, n]);
  const out = tf.matMul(at, bt);
  // wasm reads a copy; on the cpu backend a read aliases the tensor's values (edited below)
  const values = tf.getBackend() === "cpu" ? Float32Array.from(read(out)) : read(out);
  at.dispose();
  out.dispose();
  if (!(b instanceof tf.Tensor)) bt.dispose();
  if (bias) {
    for (let r = 0; r < rows; r++) for (let j = 0; j < n; j++) values[r * n + j] += bias[j];
  }
  return values;
}

/** aᵀ·b for a [rows, k] and b [rows, n] (host) with one tfjs kernel: the weight gradients
 * (the wasm kernel, patched by lib/fast/wasm_matmul.ts, transposes faster than JS). */
function matmulTA(a: Float32Array, rows: number, k: number, b: Float32Array, n: number) {
  const at = tf.tensor2d(a, [rows, k]), bt = tf.tensor2d(b, [rows, n]);
  const out = tf.matMul(at, bt, true, false);
  const values = read(out);
  tf.dispose([at, bt, out]);
  return values;
}

/** out[r, j] += bias[j] + res[r, j] in place (a product's bias and the residual, one pass). */
function addBiasResidual(
  out: Float32Array,
  rows: number,
  cols: number,
  bias: Float32Array,
  res: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) out[o + j] += bias[j] + res[o + j];
  }
}

/** q | k | v side by side: [d, 3d] from three [d, d] (or [3d] from three biases [d]). */
function sideBySide(parts: Float32Array[], rows: number, d: number): Float32Array {
  const out = new Float32Array(rows * 3 * d);
  for (let r = 0; r < rows; r++) {
    parts.forEach((p, i) => out.set(p.subarray(r * d, (r + 1) * d), r * 3 * d + i * d));
  }
  return out;
}

/** Columns [from, from + d) of x [rows, cols] → [rows, d]. */
function columns(x: Float32Array, rows: number, cols: number, from: number, d: number) {
  const out = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) out.set(x.subarray(r * cols + from, r * cols + from + d), r * d);
  return out;
}

/**
 * One pre-LN Transformer block on x [batch, tokens, dim] with `heads` heads (no attention mask,
 * LayerNorm epsilon `eps`): the same map as `transformerBlock`'s tfjs ops, differentiable in x
 * and every weight.
 */
export function transformerBlockHost(
  x: tf.Tensor,
  w: BlockWeights,
  heads: number,
  eps = 1e-5,
): tf.Tensor3D {
  const m = checkArgs(x, w, heads);
  requireNumber("transformerBlockHost", "eps", eps, { positive: true });
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = args[0] as tf.Tensor;
    const [batch, n, d] = xs.shape as [number, number, number];
    const rows = batch * n, d3 = 3 * d;
    const X = read(xs);
    const G1 = read(w.ln1g), B1 = read(w.ln1b), G2 = read(w.ln2g), B2 = read(w.ln2b);
    const WQKV = sideBySide([read(w.qw), read(w.kw), read(w.vw)], d, d);
    const BQKV = sideBySide([read(w.qb), read(w.kb), read(w.vb)], 1, d);
    const WO = read(w.ow), W1 = read(w.fc1w), W2 = read(w.fc2w);

    const ln1 = layerNormRows(X, rows, d, G1, B1, eps);
    const QKV = matmul(ln1.y, rows, d, WQKV, d3, BQKV);
    const att = attentionRows(QKV, batch, n, d, heads);
    const H = matmul(att.ctx, rows, d, w.ow, d);
    addBiasResidual(H, rows, d, read(w.ob), X); // H = x + ctx·Wo + bo
    const ln2 = layerNormRows(H, rows, d, G2, B2, eps);
    const U = matmul(ln2.y, rows, d, w.fc1w, m);
    const gl = geluRows(U, read(w.fc1b)); // adds the bias to U in place first
    const Y = matmul(gl.y, rows, m, w.fc2w, d);
    addBiasResidual(Y, rows, d, read(w.fc2b), H);
    const value = tf.tensor3d(Y, [batch, n, d]);

    const gradFunc = (dy: tf.Tensor): tf.Tensor[] => {
      const DY = read(dy);
      const dH = Float32Array.from(DY); // the residual path, then LN2's gradient is added
      const dW2 = matmulTA(gl.y, rows, m, DY, d);
      const dU = matmul(DY, rows, d, transposeRows(W2, m, d), m);
      geluRowsBackward(dU, U, gl.t);
      const dW1 = matmulTA(ln2.y, rows, d, dU, m);
      const dC = matmul(dU, rows, m, transposeRows(W1, d, m), d);
      const n2 = layerNormRowsBackward(dC, ln2.xhat, ln2.rstd, G2, rows, d, dH);
      const dWo = matmulTA(att.ctx, rows, d, dH, d);
      const dCtx = matmul(dH, rows, d, transposeRows(WO, d, d), d);
      const dQKV = attentionRowsBackward(dCtx, QKV, att.p, batch, n, d, heads);
      const dWqkv = matmulTA(ln1.y, rows, d, dQKV, d3);
      const dA = matmul(dQKV, rows, d3, transposeRows(WQKV, d, d3), d);
      const dX = Float32Array.from(dH);
      const n1 = layerNormRowsBackward(dA, ln1.xhat, ln1.rstd, G1, rows, d, dX);
      const dBqkv = colSums(dQKV, rows, d3);
      const grads: Float32Array[] = [
        n1.dgamma,
        n1.dbeta,
        columns(dWqkv, d, d3, 0, d),
        dBqkv.slice(0, d),
        columns(dWqkv, d, d3, d, d),
        dBqkv.slice(d, 2 * d),
        columns(dWqkv, d, d3, 2 * d, d),
        dBqkv.slice(2 * d),
        dWo,
        colSums(dH, rows, d),
        n2.dgamma,
        n2.dbeta,
        dW1,
        colSums(dU, rows, m),
        dW2,
        colSums(DY, rows, d),
      ];
      return [
        tf.tensor3d(dX, [batch, n, d]),
        ...grads.map((g, i) => tf.tensor(g, w[ORDER[i]].shape)),
      ];
    };
    return { value, gradFunc };
  });
  return op(x, ...ORDER.map((k) => w[k])) as tf.Tensor3D;
}
