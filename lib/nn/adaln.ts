/**
 * AdaLN-zero conditioning (Peebles & Xie 2023, DiT; the action conditioning of JEPA-WMs and
 * LeWorldModel): a conditioning vector c goes through SiLU and a Linear(C → 6D) that gives a
 * shift, scale and gate for the attention and for the MLP of a pre-LN Transformer block:
 * x += gate₁·Attn(LN(x)·(1 + scale₁) + shift₁), then x += gate₂·MLP(LN(x)·(1 + scale₂) + shift₂).
 * The Linear starts at zero, so every gate is 0 and a fresh block is the identity.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { initAttention, multiHeadSelfAttention } from "./attention.ts";
import { dense, gelu, layerNorm, type ParamInit, type ParamMap } from "./params.ts";
import { geluHost } from "../fast/gelu_host.ts";
import { layerNormHost } from "../fast/layer_norm_host.ts";
import { fastPaths, hostBackend } from "../fast/switch.ts";

/** An attention map on tokens [B, T, D] (its projections live under `key`). */
export type AttentionFn = (params: ParamMap, key: string, x: tf.Tensor3D) => tf.Tensor3D;

/** Add an AdaLN-zero block under `key`: attention, GELU MLP, zero-initialised modulation. */
export function initAdaLNZeroBlock(
  init: ParamInit,
  key: string,
  dim: number,
  condDim: number,
  mlpRatio = 2,
): void {
  initAttention(init, `${key}/attn`, dim);
  init.dense(`${key}/fc1`, dim, Math.round(dim * mlpRatio));
  init.dense(`${key}/fc2`, Math.round(dim * mlpRatio), dim);
  init.zeros(`${key}/mod/w`, [condDim, 6 * dim]);
  init.zeros(`${key}/mod/b`, [6 * dim]);
}

/** LN(x)·(1 + scale) + shift, LayerNorm without its own affine parameters. */
export function modulate(x: tf.Tensor, shift: tf.Tensor, scale: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    let ln: tf.Tensor;
    if (fastPaths() && hostBackend()) {
      // lib/fast: one host op (its unit scale and zero shift learn nothing)
      const d = x.shape[x.rank - 1];
      ln = layerNormHost(x, tf.ones([d]), tf.zeros([d]));
    } else ln = layerNorm(null, null, x);
    return tf.add(tf.mul(ln, tf.add(scale, 1)), shift);
  });
}

/** The block's GELU: one host op on wasm/cpu with the fast paths on, tfjs's ops otherwise. */
const blockGelu = (x: tf.Tensor): tf.Tensor => fastPaths() && hostBackend() ? geluHost(x) : gelu(x);

/**
 * One AdaLN-zero block on x [B, T, D] conditioned per token on cond [B, T, C]; `attention`
 * defaults to bidirectional multi-head self-attention with `heads` heads.
 */
export function adaLNZeroBlock(
  params: ParamMap,
  key: string,
  x: tf.Tensor3D,
  cond: tf.Tensor3D,
  heads: number,
  attention?: AttentionFn,
): tf.Tensor3D {
  const fn = "adaLNZeroBlock";
  require(x instanceof tf.Tensor && x.rank === 3, fn, "x", "a tensor [batch, time, dim]", x);
  require(
    cond instanceof tf.Tensor && cond.rank === 3 && cond.shape[0] === x.shape[0] &&
      cond.shape[1] === x.shape[1],
    fn,
    "cond",
    `a tensor [${x.shape[0]}, ${x.shape[1]}, condDim]`,
    cond,
  );
  const attn: AttentionFn = attention ??
    ((p, k, h) => multiHeadSelfAttention(p, k, h, heads).output);
  return tf.tidy(() => {
    const mods = tf.split(dense(params, `${key}/mod`, tf.mul(cond, tf.sigmoid(cond))), 6, -1);
    const [shiftA, scaleA, gateA, shiftM, scaleM, gateM] = mods;
    const a = attn(params, `${key}/attn`, modulate(x, shiftA, scaleA) as tf.Tensor3D);
    const h = tf.add(x, tf.mul(gateA, a));
    const hm = modulate(h, shiftM, scaleM);
    const m = dense(params, `${key}/fc2`, blockGelu(dense(params, `${key}/fc1`, hm)));
    return tf.add(h, tf.mul(gateM, m)) as tf.Tensor3D;
  });
}
