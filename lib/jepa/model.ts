/**
 * One JEPA framework for both encoders. An online encoder and a predictor are trained; a
 * target encoder (an EMA copy, or the online encoder itself for the no-EMA ablations) gives the
 * targets. Two objectives: "shift" (seed 1: predict the target embedding of the same sequence
 * h steps ahead from the context embedding, horizon-conditioned MLP predictor) and "mask"
 * (TS-JEPA: predict the target encoder's tokens at masked patches from the visible patches
 * with a Transformer predictor). One batch's loss is in objective.ts; training in train.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import { emaCopy } from "../train/ema.ts";
import { checkGruConfig, gruEncode, type GruEncoderConfig, initGruEncoder } from "./gru_encoder.ts";
import { disposeParams, ParamInit, type ParamMap } from "../nn/params.ts";
import type { LatentLossKind } from "./losses.ts";
import {
  checkPatchConfig,
  initPatchEncoder,
  patchEncode,
  type PatchEncoderConfig,
} from "./patch_encoder.ts";
import { initPredictor, type PredictorConfig } from "./predictors.ts";

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

/** Require `value` to be one of `allowed` (a config field of createJepa). */
function oneOf(arg: string, value: unknown, allowed: readonly unknown[], why = ""): void {
  const expected = allowed.map((a) => JSON.stringify(a)).join(" | ") + why;
  require(allowed.includes(value), "createJepa", arg, expected, value);
}

function checkConfig(c: JepaConfig): void {
  const fn = "createJepa";
  require(c !== null && typeof c === "object", fn, "config", "a JepaConfig", c);
  if (c.encoder?.kind === "gru") checkGruConfig(c.encoder);
  else checkPatchConfig(c.encoder as PatchEncoderConfig);
  oneOf("config.target", c.target, ["ema", "online-stopgrad", "online"]);
  oneOf("config.loss", c.loss, ["mse", "smooth_l1"]);
  oneOf("config.objective.kind", c.objective?.kind, ["shift", "mask"]);
  if (c.objective.kind === "shift") {
    oneOf("config.predictor.kind", c.predictor.kind, ["mlp"], " for the shift objective");
    oneOf("config.encoder.kind", c.encoder.kind, ["gru"], " for the shift objective");
    requireNumber(fn, "config.objective.maxHorizon", c.objective.maxHorizon, {
      integer: true,
      positive: true,
    });
  } else {
    oneOf("config.encoder.kind", c.encoder.kind, ["patch"], " for the mask objective");
    oneOf("config.predictor.kind", c.predictor.kind, ["transformer"], " for the mask objective");
    requireNumber(fn, "config.objective.maskRatio", c.objective.maskRatio, {
      positive: true,
      max: 0.95,
    });
    oneOf("config.objective.strategy", c.objective.strategy, ["random", "future"]);
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
