/**
 * Fast path (lib/fast, behind COURSE_FAST): the one-node ReLU MLP of mlp_backward.ts for host
 * backends (wasm, cpu), with only its large matrix products as tfjs kernels. The activations
 * live in typed arrays between kernels: the dropout masks, the ReLU derivative, the bias
 * gradients, the loss of the logits (when it has a host form) and the products too small to
 * pay a kernel's fixed cost run in JS, and transposed operands are written transposed rather
 * than transposed by a kernel. Same formulas as mlp_backward.ts (its tensor path is the
 * reference; parity tests compare values and gradients). One of the few places in lib allowed
 * to read synchronously (`hostRead`).
 */
import * as tf from "@tensorflow/tfjs";
import { hostRead } from "../sync_reads.ts";
import type { DropoutMask, LogitsLoss } from "./mlp_backward.ts";

/** Products with fewer multiply-adds than this run in JS (a kernel's fixed cost is ~5 µs). */
const JS_PRODUCT_MAX = 4096;

/** a [m, k] (row-major) transposed into [k, m]. */
function transposed(a: Float32Array, m: number, k: number): Float32Array {
  const t = new Float32Array(a.length);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) t[j * m + i] = a[i * k + j];
  return t;
}

/** a [m, k] · b [k, n] as a tensor: in JS when small, else one tfjs kernel. */
function product(a: Float32Array, b: Float32Array, m: number, k: number, n: number): tf.Tensor2D {
  if (m * k * n < JS_PRODUCT_MAX) {
    const out = new Float32Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < k; p++) {
        const av = a[i * k + p];
        if (av === 0) continue;
        for (let j = 0; j < n; j++) out[i * n + j] += av * b[p * n + j];
      }
    }
    return tf.tensor2d(out, [m, n]);
  }
  return tf.tidy(() => tf.matMul(tf.tensor2d(a, [m, k]), tf.tensor2d(b, [k, n])));
}

/** Column sums of a [m, n] array, as a tensor [n]. */
function columnSums(a: Float32Array, m: number, n: number): tf.Tensor1D {
  const out = new Float32Array(n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j] += a[i * n + j];
  return tf.tensor1d(out);
}

/**
 * The MLP's logits (loss null) or the loss of its logits as ONE differentiable op on a host
 * backend; arguments as reluMlpNode's, already checked.
 */
export function reluMlpHostNode(
  layers: { w: tf.Tensor; b: tf.Tensor }[],
  x: tf.Tensor2D,
  masks: (DropoutMask | null)[],
  loss: LogitsLoss | null,
): tf.Tensor {
  const n = layers.length;
  const rows = x.shape[0];
  const widths = [x.shape[1], ...layers.map((l) => l.w.shape[1] as number)];
  const params = [...layers.map((l) => l.w), ...layers.map((l) => l.b)];
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const ws = args.slice(0, n) as tf.Tensor2D[];
    const bs = args.slice(n, 2 * n) as tf.Tensor[];
    // hs[l]: layer l's output after ReLU and dropout (host), for l < n − 1
    const hs: Float32Array[] = [];
    let input: tf.Tensor2D = x;
    let zHost: Float32Array = new Float32Array(0);
    for (let l = 0; l < n; l++) {
      // the product alone: a fused bias (and, under a tape, a fused ReLU) costs extra kernels
      const prod = tf.matMul(input, ws[l]);
      if (input !== x) input.dispose();
      const h = hostRead(prod) as Float32Array;
      prod.dispose();
      const bias = hostRead(bs[l]) as Float32Array;
      const width = widths[l + 1];
      for (let i = 0; i < h.length; i += width) {
        for (let j = 0; j < width; j++) h[i + j] += bias[j];
      }
      if (l === n - 1) {
        zHost = h;
        break;
      }
      const m = masks[l]?.mask;
      for (let i = 0; i < h.length; i++) h[i] = h[i] > 0 ? (m ? h[i] * m[i] : h[i]) : 0;
      hs.push(h);
      input = tf.tensor2d(h, [rows, width]);
    }
    const zShape = [rows, widths[n]];
    let value: tf.Tensor;
    if (loss?.host) value = tf.scalar(loss.host.value(zHost, zShape));
    else {
      const z = tf.tensor2d(zHost, zShape as [number, number]);
      if (loss) {
        (args[2 * n] as tf.GradSaveFunc)([z]); // kept for the loss's gradient
        value = loss.value(z);
      } else value = z;
    }
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        let dz: Float32Array;
        if (loss?.host) dz = loss.host.grad(zHost, hostRead(dy)[0]);
        else if (loss) {
          const g = tf.tidy(() => loss.grad(saved[0] as tf.Tensor2D, dy));
          dz = hostRead(g) as Float32Array;
          g.dispose();
        } else dz = hostRead(dy) as Float32Array;
        const gw: tf.Tensor[] = new Array(n);
        const gb: tf.Tensor[] = new Array(n);
        for (let l = n - 1; l >= 0; l--) {
          const din = widths[l], dout = widths[l + 1];
          const a = l === 0 ? hostRead(x) as Float32Array : hs[l - 1];
          gw[l] = product(transposed(a, rows, din), dz, din, rows, dout);
          gb[l] = columnSums(dz, rows, dout);
          if (l === 0) break;
          const wT = transposed(hostRead(ws[l]) as Float32Array, din, dout);
          const da = product(dz, wT, rows, dout, din);
          const dPrev = hostRead(da) as Float32Array;
          da.dispose();
          const keep = masks[l - 1]?.keep ?? 1;
          for (let i = 0; i < dPrev.length; i++) dPrev[i] = a[i] > 0 ? dPrev[i] * keep : 0;
          dz = dPrev;
        }
        return [...gw, ...gb];
      },
    };
  });
  return f(...params) as tf.Tensor;
}
