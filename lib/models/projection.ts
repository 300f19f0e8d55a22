/**
 * The projection head of contrastive learning: a small MLP (input dim → 128 → 64 by default)
 * with an activation, optional LayerNorm after each hidden Dense, and an L2-normalised output,
 * so that a dot product of two outputs is their cosine similarity. Plain seeded variables and a
 * pure forward function, for custom training steps with the contrastive losses.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import { l2NormalizeRows } from "../nn/normalize.ts";
import { ACTIVATIONS, applyActivation, checkForwardArgs, collectVariables } from "../nn/params.ts";
import { denseVars, disposeVariables, layerNormForward, linear, normVars } from "../nn/params.ts";
import type { DenseVars, NormVars } from "../nn/params.ts";
import type { MlpActivation } from "./mlp.ts";

/** Shape of a projection head. */
export interface ProjectionConfig {
  inputDim: number;
  /** Hidden sizes (default [128]; [] makes a linear projection). */
  hidden?: number[];
  /** Output (embedding) size (default 64). */
  outputDim?: number;
  /** Hidden activation (default "relu"). */
  activation?: MlpActivation;
  /** LayerNorm after each hidden Dense, before the activation (default false). */
  layerNorm?: boolean;
  /** L2-normalise the output rows (default true). */
  normalize?: boolean;
  /** Seed of the initialisers (default DEFAULT_SEED). */
  seed?: number;
}

/** The projection head as plain variables. */
export interface ProjectionParams {
  layers: DenseVars[];
  norms: NormVars[];
  config: Required<ProjectionConfig>;
}

function checkConfig(cfg: ProjectionConfig): Required<ProjectionConfig> {
  const fn = "projectionParams";
  require(typeof cfg === "object" && cfg !== null, fn, "config", "a ProjectionConfig", cfg);
  const int = { integer: true, positive: true };
  const hidden = cfg.hidden ?? [128];
  require(Array.isArray(hidden), fn, "hidden", "an array of layer sizes", hidden);
  hidden.forEach((h, i) => requireNumber(fn, `hidden[${i}]`, h, int));
  const activation = cfg.activation ?? "relu";
  require(ACTIVATIONS.includes(activation), fn, "activation", ACTIVATIONS.join(" | "), activation);
  return {
    inputDim: requireNumber(fn, "inputDim", cfg.inputDim, int),
    hidden: [...hidden],
    outputDim: requireNumber(fn, "outputDim", cfg.outputDim ?? 64, int),
    activation,
    layerNorm: cfg.layerNorm ?? false,
    normalize: cfg.normalize ?? true,
    seed: requireNumber(fn, "seed", cfg.seed ?? DEFAULT_SEED, { integer: true }),
  };
}

/** Create a projection head's variables (Glorot-uniform kernels, zero biases, unit LN scales). */
export function projectionParams(config: ProjectionConfig): ProjectionParams {
  const cfg = checkConfig(config);
  const r = new Rng(cfg.seed);
  const sizes = [cfg.inputDim, ...cfg.hidden, cfg.outputDim];
  const layers = sizes.slice(1).map((out, i) => denseVars(r, sizes[i], out));
  const norms = cfg.layerNorm ? cfg.hidden.map((h) => normVars(h)) : [];
  return { layers, norms, config: cfg };
}

/** Project a [batch, inputDim] tensor to [batch, outputDim] (unit rows when `normalize`). */
export function projectionForward(params: ProjectionParams, x: tf.Tensor): tf.Tensor2D {
  const cfg = checkForwardArgs("projectionForward", params, "layers", "projectionParams", x);
  return tf.tidy(() => {
    let h = x;
    params.layers.forEach(({ w, b }, i) => {
      h = linear(h, w, b);
      if (i === params.layers.length - 1) return;
      if (cfg.layerNorm) h = layerNormForward(h, params.norms[i]);
      h = applyActivation(h, cfg.activation);
    });
    return (cfg.normalize ? l2NormalizeRows(h) : h) as tf.Tensor2D;
  });
}

/** Every trainable variable of the projection head (layers, then norms). */
export const projectionVariables: (params: ProjectionParams) => tf.Variable[] = collectVariables;

/** Dispose the projection head's variables. */
export const disposeProjectionParams: (params: ProjectionParams) => void = disposeVariables;
