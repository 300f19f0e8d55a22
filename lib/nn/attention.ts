/**
 * Multi-head self-attention and the pre-LayerNorm Transformer block, written with tfjs ops:
 * softmax(Q·Kᵀ/√d_head)·V per head, heads concatenated and projected; a block is
 * x + MHSA(LN(x)) then x + MLP(LN(x)) with a GELU MLP.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { type BlockWeights, transformerBlockHost } from "../fast/block_host.ts";
import { fastPaths } from "../fast/switch.ts";
import { dense, gelu, layerNorm, param, type ParamInit, type ParamMap } from "./params.ts";

const HOST_BACKENDS = new Set(["wasm", "cpu"]);

/** Add the q, k, v and output projections of a `dim`-wide attention layer under `key`. */
export function initAttention(init: ParamInit, key: string, dim: number): void {
  for (const p of ["q", "k", "v", "o"]) init.dense(`${key}/${p}`, dim, dim);
}

/**
 * Multi-head self-attention on x [batch, tokens, dim]; returns the output [batch, tokens, dim]
 * and, when asked, the attention weights [batch, heads, tokens, tokens]. `mask` is an additive
 * bias on the scores (broadcast to [batch, heads, tokens, tokens]; BERT's is [batch, 1, 1,
 * tokens]: 0 on real tokens, −10000 on padding).
 */
export function multiHeadSelfAttention(
  params: ParamMap,
  key: string,
  x: tf.Tensor,
  heads: number,
  opts: { returnWeights?: boolean; mask?: tf.Tensor } = {},
): { output: tf.Tensor3D; weights: tf.Tensor4D | null } {
  require(
    x instanceof tf.Tensor && x.rank === 3,
    "multiHeadSelfAttention",
    "x",
    "a rank-3 tensor [batch, tokens, dim]",
    x,
  );
  const [b, n, d] = x.shape;
  requireNumber("multiHeadSelfAttention", "heads", heads, { integer: true, positive: true });
  require(d % heads === 0, "multiHeadSelfAttention", "heads", `a divisor of dim ${d}`, heads);
  const dh = d / heads;
  const split = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [b, n, heads, dh]), [0, 2, 1, 3]);
  const q = split(dense(params, `${key}/q`, x));
  const k = split(dense(params, `${key}/k`, x));
  const v = split(dense(params, `${key}/v`, x));
  const raw = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dh));
  const scores = opts.mask === undefined ? raw : tf.add(raw, opts.mask);
  const weights = tf.softmax(scores, -1) as tf.Tensor4D;
  const mixed = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [b, n, d]);
  const output = dense(params, `${key}/o`, mixed) as tf.Tensor3D;
  return { output, weights: opts.returnWeights ? weights : null };
}

/** Add a pre-LN Transformer block (attention + GELU MLP of width dim·mlpRatio) under `key`. */
export function initTransformerBlock(
  init: ParamInit,
  key: string,
  dim: number,
  mlpRatio = 2,
): void {
  init.layerNorm(`${key}/ln1`, dim);
  initAttention(init, `${key}/attn`, dim);
  init.layerNorm(`${key}/ln2`, dim);
  init.dense(`${key}/fc1`, dim, Math.round(dim * mlpRatio));
  init.dense(`${key}/fc2`, Math.round(dim * mlpRatio), dim);
}

/** The weights of the block under `key`, for the host op (lib/fast/block_host.ts). */
function blockWeights(params: ParamMap, key: string): BlockWeights {
  const p = (k: string) => param(params, `${key}/${k}`);
  return {
    ln1g: p("ln1/g"),
    ln1b: p("ln1/b"),
    qw: p("attn/q/w"),
    qb: p("attn/q/b"),
    kw: p("attn/k/w"),
    kb: p("attn/k/b"),
    vw: p("attn/v/w"),
    vb: p("attn/v/b"),
    ow: p("attn/o/w"),
    ob: p("attn/o/b"),
    ln2g: p("ln2/g"),
    ln2b: p("ln2/b"),
    fc1w: p("fc1/w"),
    fc1b: p("fc1/b"),
    fc2w: p("fc2/w"),
    fc2b: p("fc2/b"),
  };
}

/**
 * One pre-LN block: x + MHSA(LN(x)), then x + W2·GELU(W1·LN(x)). On wasm and cpu with the fast
 * paths on, one host op (lib/fast/block_host.ts); `reference` forces the tfjs ops below.
 */
export function transformerBlock(
  params: ParamMap,
  key: string,
  x: tf.Tensor3D,
  heads: number,
  reference = false,
): tf.Tensor3D {
  if (!reference && fastPaths() && HOST_BACKENDS.has(tf.getBackend())) {
    return transformerBlockHost(x, blockWeights(params, key), heads);
  }
  const a = multiHeadSelfAttention(
    params,
    `${key}/attn`,
    layerNorm(params, `${key}/ln1`, x),
    heads,
  );
  const h = tf.add(x, a.output);
  const m = dense(
    params,
    `${key}/fc2`,
    gelu(dense(params, `${key}/fc1`, layerNorm(params, `${key}/ln2`, h))),
  );
  return tf.add(h, m) as tf.Tensor3D;
}
