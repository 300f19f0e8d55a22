/**
 * Multi-head softmax attention over a few tokens on host typed arrays, forward and backward,
 * for lib/fast/block_host.ts: general loops, and loops written out for heads of width 8 (the
 * course's Transformers: 32 wide, 4 heads). q | k | v side by side in one [B·n, 3d] array.
 */

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
  if (dh === 8) return attention8(qkv, batch, n, d, heads);
  const ctx = new Float32Array(batch * n * d), p = new Float32Array(batch * heads * n * n);
  const s = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const po = (b * heads + h) * n * n;
      for (let i = 0; i < n; i++) {
        const qo = (b * n + i) * d3 + h * dh;
        let max = -Infinity;
        for (let j = 0; j < n; j++) {
          const sj = dot(qkv, qo, qkv, (b * n + j) * d3 + d + h * dh, dh) * scale;
          s[j] = sj;
          if (sj > max) max = sj;
        }
        let sum = 0;
        for (let j = 0; j < n; j++) sum += s[j] = Math.exp(s[j] - max);
        const co = (b * n + i) * d + h * dh, pi = po + i * n;
        for (let j = 0; j < n; j++) {
          const w = s[j] / sum;
          p[pi + j] = w;
          axpy(w, qkv, (b * n + j) * d3 + 2 * d + h * dh, ctx, co, dh);
        }
      }
    }
  }
  return { ctx, p };
}

/** Σ_e a[ao + e]·b[bo + e] over `len` entries (four running sums). */
function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, e = 0;
  for (; e + 3 < len; e += 4) {
    s0 += a[ao + e] * b[bo + e];
    s1 += a[ao + e + 1] * b[bo + e + 1];
    s2 += a[ao + e + 2] * b[bo + e + 2];
    s3 += a[ao + e + 3] * b[bo + e + 3];
  }
  for (; e < len; e++) s0 += a[ao + e] * b[bo + e];
  return (s0 + s1) + (s2 + s3);
}

/** y[yo + e] += w·x[xo + e] over `len` entries. */
function axpy(w: number, x: Float32Array, xo: number, y: Float32Array, yo: number, len: number) {
  let e = 0;
  for (; e + 3 < len; e += 4) {
    y[yo + e] += w * x[xo + e];
    y[yo + e + 1] += w * x[xo + e + 1];
    y[yo + e + 2] += w * x[xo + e + 2];
    y[yo + e + 3] += w * x[xo + e + 3];
  }
  for (; e < len; e++) y[yo + e] += w * x[xo + e];
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
  if (dh === 8) return attention8Backward(dctx, qkv, p, batch, n, d, heads);
  const dqkv = new Float32Array(batch * n * d3);
  const dp = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const po = (b * heads + h) * n * n;
      for (let i = 0; i < n; i++) {
        const co = (b * n + i) * d + h * dh, qo = (b * n + i) * d3 + h * dh, pi = po + i * n;
        let dot_ = 0;
        for (let j = 0; j < n; j++) {
          const vo = (b * n + j) * d3 + 2 * d + h * dh;
          const w = p[pi + j];
          const g = dot(dctx, co, qkv, vo, dh); // dp_ij = dctx_i · v_j
          axpy(w, dctx, co, dqkv, vo, dh); // dv_j += p_ij · dctx_i
          dp[j] = g;
          dot_ += w * g;
        }
        for (let j = 0; j < n; j++) {
          const ds = p[pi + j] * (dp[j] - dot_) * scale;
          const ko = (b * n + j) * d3 + d + h * dh;
          axpy(ds, qkv, ko, dqkv, qo, dh); // dq_i += ds_ij · k_j
          axpy(ds, qkv, qo, dqkv, ko, dh); // dk_j += ds_ij · q_i
        }
      }
    }
  }
  return dqkv;
}

/** `attentionRows` for heads of width 8 (the course's: 32 wide, 4 heads), written out so that a
 * query row and its output stay in registers (about a third faster than the general loops). */
function attention8(
  qkv: Float32Array,
  batch: number,
  n: number,
  d: number,
  heads: number,
): { ctx: Float32Array; p: Float32Array } {
  const d3 = 3 * d, scale = 1 / Math.sqrt(8);
  const ctx = new Float32Array(batch * n * d), p = new Float32Array(batch * heads * n * n);
  const s = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const po = (b * heads + h) * n * n;
      for (let i = 0; i < n; i++) {
        const qo = (b * n + i) * d3 + h * 8;
        const q0 = qkv[qo], q1 = qkv[qo + 1], q2 = qkv[qo + 2], q3 = qkv[qo + 3];
        const q4 = qkv[qo + 4], q5 = qkv[qo + 5], q6 = qkv[qo + 6], q7 = qkv[qo + 7];
        let max = -Infinity;
        for (let j = 0; j < n; j++) {
          const k = (b * n + j) * d3 + d + h * 8;
          const sj = (q0 * qkv[k] + q1 * qkv[k + 1] + q2 * qkv[k + 2] + q3 * qkv[k + 3] +
            q4 * qkv[k + 4] + q5 * qkv[k + 5] + q6 * qkv[k + 6] + q7 * qkv[k + 7]) * scale;
          s[j] = sj;
          if (sj > max) max = sj;
        }
        let sum = 0;
        for (let j = 0; j < n; j++) sum += s[j] = Math.exp(s[j] - max);
        let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0;
        const pi = po + i * n;
        for (let j = 0; j < n; j++) {
          const w = s[j] / sum;
          p[pi + j] = w;
          const v = (b * n + j) * d3 + 2 * d + h * 8;
          c0 += w * qkv[v], c1 += w * qkv[v + 1], c2 += w * qkv[v + 2], c3 += w * qkv[v + 3];
          c4 += w * qkv[v + 4], c5 += w * qkv[v + 5], c6 += w * qkv[v + 6], c7 += w * qkv[v + 7];
        }
        const co = (b * n + i) * d + h * 8;
        ctx[co] = c0, ctx[co + 1] = c1, ctx[co + 2] = c2, ctx[co + 3] = c3;
        ctx[co + 4] = c4, ctx[co + 5] = c5, ctx[co + 6] = c6, ctx[co + 7] = c7;
      }
    }
  }
  return { ctx, p };
}

/** `attentionRowsBackward` for heads of width 8, written out like `attention8`. */
function attention8Backward(
  dctx: Float32Array,
  qkv: Float32Array,
  p: Float32Array,
  batch: number,
  n: number,
  d: number,
  heads: number,
): Float32Array {
  const d3 = 3 * d, scale = 1 / Math.sqrt(8);
  const dqkv = new Float32Array(batch * n * d3);
  const dp = new Float64Array(n);
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      const po = (b * heads + h) * n * n;
      for (let i = 0; i < n; i++) {
        const co = (b * n + i) * d + h * 8, qo = (b * n + i) * d3 + h * 8, pi = po + i * n;
        const g0 = dctx[co], g1 = dctx[co + 1], g2 = dctx[co + 2], g3 = dctx[co + 3];
        const g4 = dctx[co + 4], g5 = dctx[co + 5], g6 = dctx[co + 6], g7 = dctx[co + 7];
        let dot = 0;
        for (let j = 0; j < n; j++) {
          const v = (b * n + j) * d3 + 2 * d + h * 8;
          const w = p[pi + j];
          const g = g0 * qkv[v] + g1 * qkv[v + 1] + g2 * qkv[v + 2] + g3 * qkv[v + 3] +
            g4 * qkv[v + 4] + g5 * qkv[v + 5] + g6 * qkv[v + 6] + g7 * qkv[v + 7];
          // dv_j += p_ij · dctx_i
          dqkv[v] += w * g0, dqkv[v + 1] += w * g1, dqkv[v + 2] += w * g2, dqkv[v + 3] += w * g3;
          dqkv[v + 4] += w * g4, dqkv[v + 5] += w * g5, dqkv[v + 6] += w * g6;
          dqkv[v + 7] += w * g7;
          dp[j] = g;
          dot += w * g;
        }
        const q0 = qkv[qo], q1 = qkv[qo + 1], q2 = qkv[qo + 2], q3 = qkv[qo + 3];
        const q4 = qkv[qo + 4], q5 = qkv[qo + 5], q6 = qkv[qo + 6], q7 = qkv[qo + 7];
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
        for (let j = 0; j < n; j++) {
          const ds = p[pi + j] * (dp[j] - dot) * scale;
          const k = (b * n + j) * d3 + d + h * 8;
          a0 += ds * qkv[k], a1 += ds * qkv[k + 1], a2 += ds * qkv[k + 2], a3 += ds * qkv[k + 3];
          a4 += ds * qkv[k + 4], a5 += ds * qkv[k + 5], a6 += ds * qkv[k + 6];
          a7 += ds * qkv[k + 7];
          // dk_j += ds_ij · q_i
          dqkv[k] += ds * q0, dqkv[k + 1] += ds * q1, dqkv[k + 2] += ds * q2;
          dqkv[k + 3] += ds * q3, dqkv[k + 4] += ds * q4, dqkv[k + 5] += ds * q5;
          dqkv[k + 6] += ds * q6, dqkv[k + 7] += ds * q7;
        }
        // dq_i = Σ_j ds_ij · k_j (only this row and head write it)
        dqkv[qo] = a0, dqkv[qo + 1] = a1, dqkv[qo + 2] = a2, dqkv[qo + 3] = a3;
        dqkv[qo + 4] = a4, dqkv[qo + 5] = a5, dqkv[qo + 6] = a6, dqkv[qo + 7] = a7;
      }
    }
  }
  return dqkv;
}
