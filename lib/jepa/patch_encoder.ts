/**
 * The TS-JEPA encoder: a patch tokenizer (a Conv1D whose kernel and stride are the patch length,
 * written as reshape + matmul, which is the same map) with learned or sinusoidal positions,
 * then pre-LN Transformer blocks and a final LayerNorm. `patchTokens` makes the tokens,
 * `patchEncodeTokens` runs the blocks on a chosen subset (the visible patches), and
 * `patchEncode` mean-pools all tokens into one embedding.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { initTransformerBlock, transformerBlock } from "../nn/attention.ts";
import { normLayer } from "../fast/layer_norm_host.ts";
import { dense, param, sinusoidalPositions } from "../nn/params.ts";
import type { ParamInit, ParamMap } from "../nn/params.ts";

/** Settings of the patch-Transformer encoder. */
export interface PatchEncoderConfig {
  kind: "patch";
  inputDim: number;
  /** Time steps per sequence (a multiple of patchLen). */
  seqLen: number;
  patchLen: number;
  dModel: number;
  depth: number;
  heads: number;
  /** MLP width as a multiple of dModel (default 2). */
  mlpRatio?: number;
  positions: "learned" | "sinusoidal";
}

/** Check a patch encoder config; returns it. */
export function checkPatchConfig(c: PatchEncoderConfig): PatchEncoderConfig {
  const fn = "patchEncoder";
  for (const k of ["inputDim", "seqLen", "patchLen", "dModel", "depth", "heads"] as const) {
    requireNumber(fn, `config.${k}`, c[k], { integer: true, positive: true });
  }
  require(
    c.seqLen % c.patchLen === 0,
    fn,
    "config.patchLen",
    `a divisor of seqLen ${c.seqLen}`,
    c.patchLen,
  );
  require(c.dModel % c.heads === 0, fn, "config.heads", `a divisor of dModel ${c.dModel}`, c.heads);
  require(
    c.positions === "learned" || c.positions === "sinusoidal",
    fn,
    "config.positions",
    '"learned" or "sinusoidal"',
    c.positions,
  );
  return c;
}

/** Number of patches (tokens) of a sequence. */
export function numPatches(c: PatchEncoderConfig): number {
  return c.seqLen / c.patchLen;
}

/** Add the patch encoder's parameters under `key`. */
export function initPatchEncoder(init: ParamInit, key: string, c: PatchEncoderConfig): void {
  checkPatchConfig(c);
  init.dense(`${key}/patch`, c.patchLen * c.inputDim, c.dModel);
  if (c.positions === "learned") init.normal(`${key}/pos`, [numPatches(c), c.dModel], 0.02);
  for (let i = 0; i < c.depth; i++) {
    initTransformerBlock(init, `${key}/block${i}`, c.dModel, c.mlpRatio ?? 2);
  }
  init.layerNorm(`${key}/lnf`, c.dModel);
}

/** Position codes [N, dModel] of the encoder (its variable, or sinusoidal constants). */
export function patchPositions(params: ParamMap, key: string, c: PatchEncoderConfig): tf.Tensor2D {
  return c.positions === "learned"
    ? param(params, `${key}/pos`) as tf.Tensor as tf.Tensor2D
    : sinusoidalPositions(numPatches(c), c.dModel);
}

/** Patch embeddings plus positions: x [B, T, F] → tokens [B, N, dModel]. */
export function patchTokens(
  params: ParamMap,
  key: string,
  c: PatchEncoderConfig,
  x: tf.Tensor,
): tf.Tensor3D {
  require(
    x instanceof tf.Tensor && x.rank === 3 && x.shape[1] === c.seqLen && x.shape[2] === c.inputDim,
    "patchTokens",
    "x",
    `a tensor [batch, ${c.seqLen}, ${c.inputDim}]`,
    x,
  );
  const n = numPatches(c);
  const patches = tf.reshape(x, [x.shape[0], n, c.patchLen * c.inputDim]);
  return tf.add(
    dense(params, `${key}/patch`, patches),
    patchPositions(params, key, c),
  ) as tf.Tensor3D;
}

/** Run the blocks and final LayerNorm on tokens [B, N', dModel] (any subset of patches). */
export function patchEncodeTokens(
  params: ParamMap,
  key: string,
  c: PatchEncoderConfig,
  tokens: tf.Tensor3D,
): tf.Tensor3D {
  let h = tokens;
  for (let i = 0; i < c.depth; i++) h = transformerBlock(params, `${key}/block${i}`, h, c.heads);
  return normLayer(params, `${key}/lnf`, h) as tf.Tensor3D;
}

/** Embed sequences x [B, T, F] into [B, dModel]: all patches encoded, then mean-pooled. */
export function patchEncode(
  params: ParamMap,
  key: string,
  c: PatchEncoderConfig,
  x: tf.Tensor,
): tf.Tensor2D {
  return tf.mean(
    patchEncodeTokens(params, key, c, patchTokens(params, key, c, x)),
    1,
  ) as tf.Tensor2D;
}
