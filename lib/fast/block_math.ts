/**
 * The element-wise pieces of a pre-LN Transformer block on host typed arrays, forward and
 * backward, for lib/fast/block_host.ts: LayerNorm over rows, GELU (tanh form, with a rational
 * tanh), column sums and a row-major transpose (attention: attention_math.ts). Rows are
 * [rows, cols] row-major Float32Arrays; sums accumulate in float64.
 */

/** LayerNorm of each row of x [rows, d]: y = (x − μ)·r·γ + β with r = 1/√(var + eps); returns
 * y, the normalised xhat and r per row (what the backward pass needs). */
export function layerNormRows(
  x: Float32Array,
  rows: number,
  d: number,
  gamma: Float32Array,
  beta: Float32Array,
  eps: number,
): { y: Float32Array; xhat: Float32Array; rstd: Float32Array } {
  const y = new Float32Array(rows * d), xhat = new Float32Array(rows * d);
  const rstd = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let mean = 0;
    for (let j = 0; j < d; j++) mean += x[o + j];
    mean /= d;
    let v = 0;
    for (let j = 0; j < d; j++) v += (x[o + j] - mean) ** 2;
    const s = 1 / Math.sqrt(v / d + eps);
    rstd[r] = s;
    for (let j = 0; j < d; j++) {
      const z = (x[o + j] - mean) * s;
      xhat[o + j] = z;
      y[o + j] = z * gamma[j] + beta[j];
    }
  }
  return { y, xhat, rstd };
}

/** Backward of `layerNormRows`: dx (added into `dxAcc` when given), dγ and dβ. */
export function layerNormRowsBackward(
  dy: Float32Array,
  xhat: Float32Array,
  rstd: Float32Array,
  gamma: Float32Array,
  rows: number,
  d: number,
  dxAcc: Float32Array,
): { dgamma: Float32Array; dbeta: Float32Array } {
  const dg = new Float64Array(d), db = new Float64Array(d);
  const dxh = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let m1 = 0, m2 = 0;
    for (let j = 0; j < d; j++) {
      const g = dy[o + j];
      dg[j] += g * xhat[o + j];
      db[j] += g;
      const t = g * gamma[j];
      dxh[j] = t;
      m1 += t;
      m2 += t * xhat[o + j];
    }
    m1 /= d;
    m2 /= d;
    const s = rstd[r];
    for (let j = 0; j < d; j++) dxAcc[o + j] += s * (dxh[j] - m1 - xhat[o + j] * m2);
  }
  return { dgamma: Float32Array.from(dg), dbeta: Float32Array.from(db) };
}

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * Coefficients of tanh(x) ≈ x·P(x²)/Q(x²), the 10th convergent of Lambert's continued fraction
 * tanh x = x/(1 + x²/(3 + x²/(5 + …))), built here by the convergents' recurrence
 * A_k = (2k − 1)·A_{k−1} + x²·A_{k−2} (the same for B). Its error is below 1e-8 on |x| ≤ 4.5.
 */
function lambertTanh(k: number): { p: number[]; q: number[] } {
  const next = (a1: number[], a2: number[], b: number, y: boolean) =>
    Array.from(
      { length: Math.max(a1.length, a2.length + 1) },
      (_, i) => b * (a1[i] ?? 0) + (y ? (a2[i - 1] ?? 0) : (a2[i] ?? 0)),
    );
  let [a2, a1, b2, b1] = [[1], [0], [0], [1]];
  for (let i = 1; i <= k; i++) {
    [a2, a1] = [a1, next(a1, a2, 2 * i - 1, i > 1)];
    [b2, b1] = [b1, next(b1, b2, 2 * i - 1, i > 1)];
  }
  return { p: a1, q: b1 };
}
const TANH = lambertTanh(10);
const [P0, P1, P2, P3, P4, P5] = TANH.p;
const [Q0, Q1, Q2, Q3, Q4, Q5] = TANH.q;

/** tanh(x) within 1e-8: the rational form on |x| ≤ 4.5, 1 − 2/(e^{2|x|} + 1) beyond. */
export function tanhRational(x: number): number {
  if (x > 4.5 || x < -4.5) {
    const t = 1 - 2 / (Math.exp(2 * Math.abs(x)) + 1);
    return x > 0 ? t : -t;
  }
  const y = x * x;
  return (x * (P0 + y * (P1 + y * (P2 + y * (P3 + y * (P4 + y * P5)))))) /
    (Q0 + y * (Q1 + y * (Q2 + y * (Q3 + y * (Q4 + y * Q5)))));
}

/** u ← u + bias (u [rows, bias.length], a product's bias) in place, then GELU (tanh form) of u
 * into a new array; also returns tanh of the inner term. */
export function geluRows(
  u: Float32Array,
  bias: Float32Array,
): { y: Float32Array; t: Float32Array } {
  const y = new Float32Array(u.length), t = new Float32Array(u.length);
  const m = bias.length;
  for (let o = 0; o < u.length; o += m) {
    for (let j = 0; j < m; j++) {
      const x = u[o + j] + bias[j];
      u[o + j] = x;
      const th = tanhRational(GELU_C * (x + 0.044715 * x * x * x));
      t[o + j] = th;
      y[o + j] = 0.5 * x * (1 + th);
    }
  }
  return { y, t };
}

/** Backward of `geluRows` in place: du = dy·GELU'(u) (overwrites dy). */
export function geluRowsBackward(dy: Float32Array, u: Float32Array, t: Float32Array): void {
  for (let i = 0; i < dy.length; i++) {
    const x = u[i], th = t[i];
    const inner = GELU_C * (1 + 3 * 0.044715 * x * x);
    dy[i] *= 0.5 * (1 + th) + 0.5 * x * (1 - th * th) * inner;
  }
}

/** Column sums of x [rows, cols]. */
export function colSums(x: Float32Array, rows: number, cols: number): Float32Array {
  const s = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) s[j] += x[o + j];
  }
  return Float32Array.from(s);
}

/** Transpose of x [rows, cols] → [cols, rows]. */
export function transposeRows(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let j = 0; j < cols; j++) out[j * rows + r] = x[o + j];
  }
  return out;
}
