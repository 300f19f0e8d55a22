/**
 * One JEPA framework for both encoders. An online encoder and a predictor are trained; a
 * target encoder (an EMA copy, or the online encoder itself for the no-EMA ablations) gives the
 * targets. Two objectives: "shift" (seed 1: predict the target embedding of the same sequence
 * h steps ahead from the context embedding, horizon-conditioned MLP predictor) and "mask"
 * (TS-JEPA: predict the target encoder's tokens at masked patches from the visible patches
 * with a Transformer predictor). `jepaLosses` is one batch's loss; training is in train.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import { emaCopy, stopGradient } from "../train/ema.ts";
import { checkGruConfig, gruEncode, type GruEncoderConfig, initGruEncoder } from "./gru_encoder.ts";
import { disposeParams, ParamInit, type ParamMap } from "./layers.ts";
import {
  latentLoss,
  type LatentLossKind,
  randomDirections,
  sigregLoss,
  vicregTerms,
} from "./losses.ts";
import {
  checkPatchConfig,
  initPatchEncoder,
  numPatches,
  patchEncode,
  type PatchEncoderConfig,
  patchEncodeTokens,
  patchTokens,
} from "./patch_encoder.ts";
import {
  initPredictor,
  mlpPredict,
  type PredictorConfig,
  transformerPredict,
} from "./predictors.ts";

/** Either encoder. */
export type EncoderConfig = GruEncoderConfig | PatchEncoderConfig;

/** An encoder: its config and named parameters (keys start with "enc/"). */
export interface JepaEncoder {
  config: EncoderConfig;
  params: ParamMap;
}

/** Where the targets come from: an EMA copy, the online encoder behind a stop-gradient, or
 * the online encoder with gradients flowing into the targets (the forced-collapse ablation). */
export type TargetMode = "ema" | "online-stopgrad" | "online";

/** The JEPA objective. */
export type JepaObjective =
  | { kind: "shift"; maxHorizon: number }
  | { kind: "mask"; maskRatio: number; strategy: "random" | "future" };

/** Everything that defines a JEPA model (saved with the encoder). */
export interface JepaConfig {
  encoder: EncoderConfig;
  predictor: PredictorConfig;
  objective: JepaObjective;
  target: TargetMode;
  loss: LatentLossKind;
  /** VICReg variance and covariance weights (0 or absent: off). */
  vicreg?: { variance: number; covariance: number };
  /** SIGReg-style weight and number of random directions per step (absent: off). */
  sigreg?: { weight: number; directions?: number };
  seed?: number;
}

/** A JEPA model: online encoder + predictor (trained), target encoder parameters. */
export interface JepaModel {
  config: JepaConfig;
  /** Online encoder and predictor parameters (keys "enc/..." and "pred/..."). */
  params: ParamMap;
  /** Target encoder parameters under the same "enc/..." keys (the online ones unless "ema"). */
  target: ParamMap;
}

/** A new encoder with seeded random weights (also the "random-init encoder" baseline). */
export function initJepaEncoder(config: EncoderConfig, seed = DEFAULT_SEED): JepaEncoder {
  const params: ParamMap = {};
  const init = new ParamInit(params, new Rng(seed));
  if (config?.kind === "gru") initGruEncoder(init, "enc", config);
  else {
    require(
      config?.kind === "patch",
      "initJepaEncoder",
      "config.kind",
      '"gru" or "patch"',
      config?.kind,
    );
    initPatchEncoder(init, "enc", config);
  }
  return { config, params };
}

/** Embed x [B, T, F] with an encoder's parameters → [B, dModel] (call inside tf.tidy). */
export function jepaEncode(config: EncoderConfig, params: ParamMap, x: tf.Tensor): tf.Tensor2D {
  return config.kind === "gru"
    ? gruEncode(params, "enc", config, x)
    : patchEncode(params, "enc", config, x);
}

/** Embed many sequences in chunks without keeping intermediate tensors: [n, dModel]. */
export function embedSequences(encoder: JepaEncoder, x: tf.Tensor, batchSize = 512): tf.Tensor2D {
  require(
    x instanceof tf.Tensor && x.rank === 3,
    "embedSequences",
    "x",
    "a tensor [n, time, features]",
    x,
  );
  const n = x.shape[0];
  const parts: tf.Tensor2D[] = [];
  for (let s = 0; s < n; s += batchSize) {
    parts.push(
      tf.tidy(() =>
        jepaEncode(encoder.config, encoder.params, tf.slice(x, [s], [Math.min(batchSize, n - s)]))
      ),
    );
  }
  const out = parts.length === 1 ? parts[0] : tf.concat(parts, 0) as tf.Tensor2D;
  if (parts.length > 1) tf.dispose(parts);
  return out;
}

function checkConfig(c: JepaConfig): void {
  const fn = "createJepa";
  require(c !== null && typeof c === "object", fn, "config", "a JepaConfig", c);
  if (c.encoder?.kind === "gru") checkGruConfig(c.encoder);
  else checkPatchConfig(c.encoder as PatchEncoderConfig);
  require(
    ["ema", "online-stopgrad", "online"].includes(c.target),
    fn,
    "config.target",
    '"ema" | "online-stopgrad" | "online"',
    c.target,
  );
  require(
    c.loss === "mse" || c.loss === "smooth_l1",
    fn,
    "config.loss",
    '"mse" or "smooth_l1"',
    c.loss,
  );
  if (c.objective?.kind === "shift") {
    require(
      c.predictor.kind === "mlp",
      fn,
      "config.predictor.kind",
      '"mlp" for the shift objective',
      c.predictor.kind,
    );
    require(
      c.encoder.kind === "gru",
      fn,
      "config.encoder.kind",
      '"gru" for the shift objective',
      c.encoder.kind,
    );
    requireNumber(fn, "config.objective.maxHorizon", c.objective.maxHorizon, {
      integer: true,
      positive: true,
    });
  } else {
    require(
      c.objective?.kind === "mask",
      fn,
      "config.objective.kind",
      '"shift" or "mask"',
      c.objective?.kind,
    );
    require(
      c.encoder.kind === "patch",
      fn,
      "config.encoder.kind",
      '"patch" for the mask objective',
      c.encoder.kind,
    );
    require(
      c.predictor.kind === "transformer",
      fn,
      "config.predictor.kind",
      '"transformer" for the mask objective',
      c.predictor.kind,
    );
    requireNumber(fn, "config.objective.maskRatio", c.objective.maskRatio, {
      positive: true,
      max: 0.95,
    });
    require(
      ["random", "future"].includes(c.objective.strategy),
      fn,
      "config.objective.strategy",
      '"random" or "future"',
      c.objective.strategy,
    );
  }
}

/** Create a JEPA model: seeded online encoder and predictor, target = EMA copy or shared. */
export function createJepa(config: JepaConfig): JepaModel {
  checkConfig(config);
  const seed = config.seed ?? DEFAULT_SEED;
  const { params } = initJepaEncoder(config.encoder, seed);
  const init = new ParamInit(params, new Rng(seed + 1));
  initPredictor(init, "pred", config.predictor, config.encoder.dModel);
  const encKeys = Object.keys(params).filter((k) => k.startsWith("enc/"));
  const target: ParamMap = {};
  if (config.target === "ema") {
    const copies = emaCopy(encKeys.map((k) => params[k]), "target");
    encKeys.forEach((k, i) => (target[k] = copies[i]));
  } else encKeys.forEach((k) => (target[k] = params[k]));
  return { config, params, target };
}

/** The online or the target encoder of a model (shares its variables). */
export function jepaEncoder(model: JepaModel, which: "online" | "target" = "target"): JepaEncoder {
  const src = which === "target" ? model.target : model.params;
  const params: ParamMap = {};
  for (const [k, v] of Object.entries(src)) if (k.startsWith("enc/")) params[k] = v;
  return { config: model.config.encoder, params };
}

/** Dispose a model's variables (the target copies too when they are separate). */
export function disposeJepa(model: JepaModel): void {
  if (model.config.target === "ema") disposeParams(model.target);
  disposeParams(model.params);
}

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
      tf.matMul(vis, patchTokens(model.params, "enc", ec, x)),
    );
    z = tf.mean(ctxTokens, 1) as tf.Tensor2D;
    const all = patchEncodeTokens(model.target, "enc", ec, patchTokens(model.target, "enc", ec, x));
    tgt = sg(tf.matMul(msk, all));
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
  if (c.vicreg) {
    const v = vicregTerms(z);
    reg = tf.add(
      reg,
      tf.add(tf.mul(v.variance, c.vicreg.variance), tf.mul(v.covariance, c.vicreg.covariance)),
    );
  }
  if (c.sigreg && c.sigreg.weight > 0) {
    const dirs = randomDirections(z.shape[1], c.sigreg.directions ?? 32, ctx.rng);
    reg = tf.add(reg, tf.mul(sigregLoss(z, dirs), c.sigreg.weight));
  }
  return { total: tf.add(latent, reg) as tf.Scalar, latent, reg };
}
