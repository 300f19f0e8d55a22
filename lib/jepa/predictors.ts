/**
 * JEPA predictors: they map the context encoder's output to the target encoder's output.
 * - MLP predictor (d → hidden → d, GELU, seeded dropout), optionally conditioned on the
 *   horizon h through a learned horizon embedding concatenated to its input.
 * - Transformer predictor (TS-JEPA / I-JEPA style): context tokens are placed at their
 *   positions, a learned mask token (plus position code) fills every target position, pre-LN
 *   blocks mix them, and the outputs at the target positions are the predictions.
 * Positions are picked with one-hot selection matrices (matmul), whose gradient every backend has.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import type { Rng } from "../random.ts";
import { seededDropout } from "../models/seeded_dropout.ts";
import { initTransformerBlock, transformerBlock } from "../nn/attention.ts";
import { normLayer } from "../fast/layer_norm_host.ts";
import { selectTokens } from "../fast/select_host.ts";
import {
  dense,
  gelu,
  param,
  type ParamInit,
  type ParamMap,
  sinusoidalPositions,
} from "../nn/params.ts";

/** MLP predictor settings (the seed: 212 → 512 → 212, dropout 0.178). */
export interface MlpPredictorConfig {
  kind: "mlp";
  hidden: number;
  dropout: number;
  /** Condition on the horizon 1..maxHorizon (0 or absent: no conditioning). */
  maxHorizon?: number;
  /** Width of the horizon embedding (default 8). */
  horizonDim?: number;
}

/** Transformer predictor settings (narrower than the encoder, as in I-JEPA). */
export interface TransformerPredictorConfig {
  kind: "transformer";
  dim: number;
  depth: number;
  heads: number;
}

/** Either predictor. */
export type PredictorConfig = MlpPredictorConfig | TransformerPredictorConfig;

/** Add a predictor's parameters under `key` for embeddings of width `dModel`. */
export function initPredictor(
  init: ParamInit,
  key: string,
  c: PredictorConfig,
  dModel: number,
): void {
  if (c.kind === "mlp") {
    requireNumber("initPredictor", "config.hidden", c.hidden, { integer: true, positive: true });
    requireNumber("initPredictor", "config.dropout", c.dropout, { min: 0, max: 0.9 });
    const hz = c.maxHorizon ? (c.horizonDim ?? 8) : 0;
    if (hz) init.normal(`${key}/horizon`, [c.maxHorizon as number, hz], 0.1);
    init.dense(`${key}/fc1`, dModel + hz, c.hidden);
    init.dense(`${key}/fc2`, c.hidden, dModel);
    return;
  }
  require(
    c.kind === "transformer",
    "initPredictor",
    "config.kind",
    '"mlp" or "transformer"',
    c.kind,
  );
  for (const k of ["dim", "depth", "heads"] as const) {
    requireNumber("initPredictor", `config.${k}`, c[k], { integer: true, positive: true });
  }
  require(
    c.dim % c.heads === 0,
    "initPredictor",
    "config.heads",
    `a divisor of dim ${c.dim}`,
    c.heads,
  );
  init.dense(`${key}/in`, dModel, c.dim);
  init.normal(`${key}/mask`, [c.dim], 0.02);
  for (let i = 0; i < c.depth; i++) initTransformerBlock(init, `${key}/block${i}`, c.dim, 2);
  init.layerNorm(`${key}/lnf`, c.dim);
  init.dense(`${key}/out`, c.dim, dModel);
}

/** MLP prediction of the target embedding from z [B, d] (horizon h when conditioned). */
export function mlpPredict(
  params: ParamMap,
  key: string,
  c: MlpPredictorConfig,
  z: tf.Tensor2D,
  horizon: number | null,
  ctx: { training: boolean; rng: Rng },
): tf.Tensor2D {
  let input: tf.Tensor2D = z;
  if (c.maxHorizon) {
    require(
      horizon !== null && Number.isInteger(horizon) && horizon >= 1 && horizon <= c.maxHorizon,
      "mlpPredict",
      "horizon",
      `an integer in 1..${c.maxHorizon}`,
      horizon,
    );
    const table = param(params, `${key}/horizon`);
    const row = tf.slice(table, [horizon - 1, 0], [1, -1]);
    // the row repeated by a broadcast add: tf.tile's gradient would be one slice and one add
    // per batch row (2B kernels per step); the broadcast's is one sum (same values forward)
    const rows = tf.add(tf.zeros([z.shape[0], 1]), row);
    input = tf.concat([z, rows], 1) as tf.Tensor2D;
  }
  let h = gelu(dense(params, `${key}/fc1`, input));
  if (ctx.training && c.dropout > 0) h = seededDropout(h, c.dropout, ctx.rng);
  return dense(params, `${key}/fc2`, h) as tf.Tensor2D;
}

/**
 * Transformer prediction at the target positions. ctxTokens [B, Nv, d] are the context encoder's
 * outputs at the visible positions `visSel` [B, Nv, N] (one-hot rows); `maskSel` [B, Nm, N]
 * marks the target positions. Returns predictions [B, Nm, d].
 */
export function transformerPredict(
  params: ParamMap,
  key: string,
  c: TransformerPredictorConfig,
  ctxTokens: tf.Tensor3D,
  visSel: tf.Tensor3D,
  maskSel: tf.Tensor3D,
): tf.Tensor3D {
  const n = visSel.shape[2];
  require(maskSel.shape[2] === n, "transformerPredict", "maskSel", `[batch, *, ${n}]`, maskSel);
  const placed = selectTokens(visSel, dense(params, `${key}/in`, ctxTokens) as tf.Tensor3D, true);
  const isMasked = tf.expandDims(tf.sum(maskSel, 1), 2); // [B, N, 1]
  const tokens = tf.add(
    tf.add(placed, tf.mul(isMasked, param(params, `${key}/mask`))),
    sinusoidalPositions(n, c.dim),
  ) as tf.Tensor3D;
  let h = tokens;
  for (let i = 0; i < c.depth; i++) h = transformerBlock(params, `${key}/block${i}`, h, c.heads);
  const out = dense(params, `${key}/out`, normLayer(params, `${key}/lnf`, h));
  return selectTokens(maskSel, out as tf.Tensor3D);
}
