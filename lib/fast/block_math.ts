/**
 * The element-wise and small pieces of a pre-LN Transformer block on host typed arrays, forward
 * and backward, for lib/fast/block_host.ts: LayerNorm over rows, multi-head softmax attention
 * over a few tokens, GELU (tanh form), column sums and a row-major transpose. Rows are
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

/**
 * Softmax attention per (sequence, head) over `n` tokens: qkv [B·n, 3d] holds q | k | v, head h
 * on columns h·dh..(h+1)·dh of each; returns the mixed values ctx [B·n, d] and the weights
 * p [B, heads, n, n].
 */
export function attentionRows(
  qkv: Float32Array,
  batch: number,
  n: number,
  d: number,
  heads: number,
): { ctx: Float32Array; p: Float32Array } {
  const dh = d / heads, d3 = 3 * d, scale = 1 / Math.sqrt(dh);
  const ctx = new Float32Array(batch * n * d), p = new Float32Array(batch * heads * n * n);
  const s = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const po = (b * heads + h) * n * n;
      for (let i = 0; i < n; i++) {
        const qo = (b * n + i) * d3 + h * dh;
        let max = -Infinity;
        for (let j = 0; j < n; j++) {
          const ko = (b * n + j) * d3 + d + h * dh;
          let dot = 0;
          for (let e = 0; e < dh; e++) dot += qkv[qo + e] * qkv[ko + e];
          s[j] = dot * scale;
          if (s[j] > max) max = s[j];
        }
        let sum = 0;
        for (let j = 0; j < n; j++) sum += s[j] = Math.exp(s[j] - max);
        const co = (b * n + i) * d + h * dh;
        for (let j = 0; j < n; j++) {
          const w = s[j] / sum;
          p[po + i * n + j] = w;
          const vo = (b * n + j) * d3 + 2 * d + h * dh;
          for (let e = 0; e < dh; e++) ctx[co + e] += w * qkv[vo + e];
        }
      }
    }
  }
  return { ctx, p };
}

/** Backward of `attentionRows`: d(qkv) [B·n, 3d] from d(ctx) [B·n, d]. */
export function attentionRowsBackward(
  dctx: Float32Array,
  qkv: Float32Array,
  p: Float32Array,
  batch: number,
  n: number,
  d: number,
  heads: number,
): Float32Array {
  const dh = d / heads, d3 = 3 * d, scale = 1 / Math.sqrt(dh);
  const dqkv = new Float32Array(batch * n * d3);
  const dp = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const po = (b * heads + h) * n * n;
      for (let i = 0; i < n; i++) {
        const co = (b * n + i) * d + h * dh;
        const qo = (b * n + i) * d3 + h * dh;
        let dot = 0;
        for (let j = 0; j < n; j++) {
          const vo = (b * n + j) * d3 + 2 * d + h * dh;
          const w = p[po + i * n + j];
          let g = 0;
          for (let e = 0; e < dh; e++) {
            g += dctx[co + e] * qkv[vo + e];
            dqkv[vo + e] += w * dctx[co + e]; // dv_j += p_ij · dctx_i
          }
          dp[j] = g;
          dot += w * g;
        }
        for (let j = 0; j < n; j++) {
          const ds = p[po + i * n + j] * (dp[j] - dot) * scale;
          const ko = (b * n + j) * d3 + d + h * dh;
          for (let e = 0; e < dh; e++) {
            dqkv[qo + e] += ds * qkv[ko + e];
            dqkv[ko + e] += ds * qkv[qo + e];
          }
        }
      }
    }
  }
  return dqkv;
}

const GELU_C = Math.sqrt(2 / Math.PI);

/** GELU (tanh form) of u in place of a new array; also returns tanh of the inner term. */
export function geluRows(u: Float32Array): { y: Float32Array; t: Float32Array } {
  const y = new Float32Array(u.length), t = new Float32Array(u.length);
  for (let i = 0; i < u.length; i++) {
    const x = u[i];
    const e = Math.exp(2 * GELU_C * (x + 0.044715 * x * x * x));
    // tanh(a) = 1 − 2/(e^{2a} + 1); exact limits at ±∞ (e = ∞ gives 1, e = 0 gives −1)
    const th = 1 - 2 / (e + 1);
    t[i] = th;
    y[i] = 0.5 * x * (1 + th);
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
