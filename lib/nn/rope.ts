/**
 * Rotary position embedding (RoPE, Su et al. 2021), applied to queries and keys only: the pair
 * (x_i, x_{i+d/2}) at position p is rotated by the angle p·θ_i, θ_i = base^(−2i/d). A rotation
 * by p on q and by s on k leaves q·k depending on p − s alone, so attention sees relative time.
 * Also a causal multi-head self-attention that applies it (the world-model predictor's).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { dense, type ParamMap } from "./params.ts";

/** cos and sin tables [T, d/2] of the RoPE angles p·base^(−2i/d) for the given positions. */
export function ropeTables(
  positions: readonly number[],
  dim: number,
  base = 10000,
): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
  requireNumber("ropeTables", "dim", dim, { integer: true, positive: true });
  require(dim % 2 === 0, "ropeTables", "dim", "an even number", dim);
  require(positions.length > 0, "ropeTables", "positions", "a non-empty list", positions);
  for (const p of positions) requireNumber("ropeTables", "positions[i]", p);
  requireNumber("ropeTables", "base", base, { positive: true });
  const half = dim / 2;
  const c = new Float32Array(positions.length * half);
  const s = new Float32Array(positions.length * half);
  positions.forEach((p, t) => {
    for (let i = 0; i < half; i++) {
      const angle = p * Math.pow(base, (-2 * i) / dim);
      c[t * half + i] = Math.cos(angle);
      s[t * half + i] = Math.sin(angle);
    }
  });
  return {
    cos: tf.tensor2d(c, [positions.length, half]),
    sin: tf.tensor2d(s, [positions.length, half]),
  };
}

/** Rotate x [..., T, d] (d even) by RoPE at `positions` (length T; default 0..T−1). */
export function applyRope(x: tf.Tensor, positions?: readonly number[], base = 10000): tf.Tensor {
  require(x instanceof tf.Tensor && x.rank >= 2, "applyRope", "x", "a tensor [..., T, d]", x);
  const t = x.shape[x.rank - 2];
  const d = x.shape[x.rank - 1];
  const pos = positions ?? Array.from({ length: t }, (_, i) => i);
  require(pos.length === t, "applyRope", "positions", `${t} positions (one per step)`, pos.length);
  return tf.tidy(() => {
    const { cos, sin } = ropeTables(pos, d, base);
    const [x1, x2] = tf.split(x, 2, -1);
    return tf.concat([
      tf.sub(tf.mul(x1, cos), tf.mul(x2, sin)),
      tf.add(tf.mul(x2, cos), tf.mul(x1, sin)),
    ], -1);
  });
}

/**
 * Causal multi-head self-attention with RoPE on x [B, T, D] (projections `${key}/q|k|v|o`, as
 * `initAttention` makes them): token t attends to tokens ≤ t; positions default to 0..T−1.
 */
export function causalRopeAttention(
  params: ParamMap,
  key: string,
  x: tf.Tensor3D,
  heads: number,
  positions?: readonly number[],
): tf.Tensor3D {
  const fn = "causalRopeAttention";
  require(x instanceof tf.Tensor && x.rank === 3, fn, "x", "a tensor [batch, time, dim]", x);
  const [b, n, d] = x.shape;
  requireNumber(fn, "heads", heads, { integer: true, positive: true });
  require(d % heads === 0 && (d / heads) % 2 === 0, fn, "heads", `h with ${d}/h even`, heads);
  const dh = d / heads;
  return tf.tidy(() => {
    const split = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [b, n, heads, dh]), [0, 2, 1, 3]);
    const q = applyRope(split(dense(params, `${key}/q`, x)), positions);
    const k = applyRope(split(dense(params, `${key}/k`, x)), positions);
    const v = split(dense(params, `${key}/v`, x));
    const mask = tf.linalg.bandPart(tf.ones([n, n]), -1, 0); // lower triangle incl. diagonal
    const scores = tf.add(
      tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh)),
      tf.mul(tf.sub(1, mask), -1e9),
    );
    const mixed = tf.matMul(tf.softmax(scores, -1), v);
    return dense(
      params,
      `${key}/o`,
      tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [b, n, d]),
    ) as tf.Tensor3D;
  });
}
