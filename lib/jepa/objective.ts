/**
 * The JEPA objectives of one batch: "shift" (context = the first T − h steps, target = the
 * sequence shifted h steps ahead, horizon-conditioned MLP predictor) and "mask" (context = the
 * visible patches, targets = the target encoder's tokens at the masked patches, Transformer
 * predictor with mask tokens), plus the optional VICReg and SIGReg-style terms.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import type { Rng } from "../random.ts";
import { selectTokens } from "../fast/select_host.ts";
import { stopGradient } from "../train/ema.ts";
import { latentLoss, randomDirections, sigregLoss, vicregLoss } from "./losses.ts";
import { jepaEncode, type JepaModel } from "./model.ts";
import {
  numPatches,
  type PatchEncoderConfig,
  patchEncodeTokens,
  patchTokens,
} from "./patch_encoder.ts";
import { mlpPredict, type PredictorConfig, transformerPredict } from "./predictors.ts";

/** One-hot selection matrices [B, k, N] for per-row position lists. */
function selection(rows: number[][], n: number): tf.Tensor3D {
  const k = rows[0].length;
  const out = new Float32Array(rows.length * k * n);
  rows.forEach((pos, b) => pos.forEach((p, j) => (out[(b * k + j) * n + p] = 1)));
  return tf.tensor3d(out, [rows.length, k, n]);
}

/** Visible and masked patch positions of a batch (sorted), drawn from `rng`. */
export function maskPositions(
  batch: number,
  n: number,
  ratio: number,
  strategy: "random" | "future",
  rng: Rng,
): { visible: number[][]; masked: number[][] } {
  const nm = Math.min(n - 1, Math.max(1, Math.round(ratio * n)));
  const visible: number[][] = [];
  const masked: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const order = strategy === "future"
      ? Array.from({ length: n }, (_, i) => i)
      : rng.permutation(n);
    const m = strategy === "future" ? order.slice(n - nm) : order.slice(0, nm);
    const set = new Set(m);
    masked.push([...m].sort((a, c) => a - c));
    visible.push(order.filter((i) => !set.has(i)).sort((a, c) => a - c));
  }
  return { visible, masked };
}

/** One batch's losses: total (what is minimised), latent prediction and regulariser parts. */
export interface JepaLosses {
  total: tf.Scalar;
  latent: tf.Scalar;
  reg: tf.Scalar;
}

/** The losses of one batch x [B, T, F] (call inside tf.tidy / variableGrads). */
export function jepaLosses(
  model: JepaModel,
  x: tf.Tensor3D,
  ctx: { training: boolean; rng: Rng },
): JepaLosses {
  const c = model.config;
  const sg = (t: tf.Tensor) => (c.target === "online" ? t : stopGradient(t));
  let pred: tf.Tensor;
  let tgt: tf.Tensor;
  let z: tf.Tensor2D;
  if (c.objective.kind === "shift") {
    const t = x.shape[1];
    require(
      t > c.objective.maxHorizon,
      "jepaLosses",
      "x",
      `more than ${c.objective.maxHorizon} time steps`,
      x,
    );
    const h = 1 + ctx.rng.int(c.objective.maxHorizon);
    const len = t - h;
    z = jepaEncode(c.encoder, model.params, tf.slice(x, [0, 0, 0], [-1, len, -1]));
    tgt = sg(jepaEncode(c.encoder, model.target, tf.slice(x, [0, h, 0], [-1, len, -1])));
    const pc = c.predictor as Extract<PredictorConfig, { kind: "mlp" }>;
    pred = mlpPredict(model.params, "pred", pc, z, pc.maxHorizon ? h : null, ctx);
  } else {
    const ec = c.encoder as PatchEncoderConfig;
    const n = numPatches(ec);
    const { visible, masked } = maskPositions(
      x.shape[0],
      n,
      c.objective.maskRatio,
      c.objective.strategy,
      ctx.rng,
    );
    const vis = selection(visible, n);
    const msk = selection(masked, n);
    const ctxTokens = patchEncodeTokens(
      model.params,
      "enc",
      ec,
      selectTokens(vis, patchTokens(model.params, "enc", ec, x)),
    );
    z = tf.mean(ctxTokens, 1) as tf.Tensor2D;
    const all = patchEncodeTokens(model.target, "enc", ec, patchTokens(model.target, "enc", ec, x));
    tgt = sg(selectTokens(msk, all));
    pred = transformerPredict(
      model.params,
      "pred",
      c.predictor as Extract<PredictorConfig, { kind: "transformer" }>,
      ctxTokens,
      vis,
      msk,
    );
  }
  const latent = latentLoss(pred, tgt, c.loss);
  let reg: tf.Scalar = tf.scalar(0);
  if (c.vicreg) reg = tf.add(reg, vicregLoss(z, c.vicreg));
  if (c.sigreg && c.sigreg.weight > 0) {
    const dirs = randomDirections(z.shape[1], c.sigreg.directions ?? 32, ctx.rng);
    reg = tf.add(reg, tf.mul(sigregLoss(z, dirs), c.sigreg.weight));
  }
  return { total: tf.add(latent, reg) as tf.Scalar, latent, reg };
}
