/**
 * The pre-LayerNorm residual MLP: a stem Dense to `width`, then `blocks` times
 * x ← x + W₂·act(W₁·LN(x) + b₁) + b₂, a final LayerNorm and a linear head. The identity path
 * carries the signal (and the gradient) through every block untouched, and LayerNorm keeps
 * each block's input at unit scale, so fat-tailed inputs cannot blow up deep activations.
 * Two forms that start from the same seeded weights: `buildResidualMlp` (Layers API) and
 * `residualMlpParams` + `residualMlpForward` (plain variables, fits `train`'s FunctionalModel).
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import {
  ACTIVATIONS,
  applyActivation,
  checkForwardArgs,
  collectVariables,
  type DenseVars,
  denseVars,
  disposeVariables,
  layerNormForward,
  linear,
  type NormVars,
  normVars,
} from "../nn/params.ts";
import type { MlpActivation } from "./mlp.ts";

/** Shape of a residual MLP. */
export interface ResidualMlpConfig {
  inputDim: number;
  /** Width of the residual stream (default 64). */
  width?: number;
  /** Number of residual blocks (default 2). */
  blocks?: number;
  /** Hidden size of each block as a multiple of `width` (default 2). */
  expansion?: number;
  /** Activation inside the blocks (default "relu"). */
  activation?: MlpActivation;
  /** Output units of the linear head (default 1). */
  outputDim?: number;
  /** LayerNorm epsilon (default 1e-5). */
  epsilon?: number;
  /** Seed of the initialisers (default DEFAULT_SEED). */
  seed?: number;
}

/** The residual MLP as plain variables. */
export interface ResidualMlpParams {
  stem: DenseVars;
  blocks: { norm: NormVars; up: DenseVars; down: DenseVars }[];
  norm: NormVars;
  head: DenseVars;
  config: Required<ResidualMlpConfig>;
}

function checkConfig(fn: string, cfg: ResidualMlpConfig): Required<ResidualMlpConfig> {
  require(typeof cfg === "object" && cfg !== null, fn, "config", "a ResidualMlpConfig", cfg);
  const int = { integer: true, positive: true };
  const activation = cfg.activation ?? "relu";
  require(ACTIVATIONS.includes(activation), fn, "activation", ACTIVATIONS.join(" | "), activation);
  return {
    inputDim: requireNumber(fn, "inputDim", cfg.inputDim, int),
    width: requireNumber(fn, "width", cfg.width ?? 64, int),
    blocks: requireNumber(fn, "blocks", cfg.blocks ?? 2, { integer: true, nonNegative: true }),
    expansion: requireNumber(fn, "expansion", cfg.expansion ?? 2, int),
    activation,
    outputDim: requireNumber(fn, "outputDim", cfg.outputDim ?? 1, int),
    epsilon: requireNumber(fn, "epsilon", cfg.epsilon ?? 1e-5, { positive: true }),
    seed: requireNumber(fn, "seed", cfg.seed ?? DEFAULT_SEED, { integer: true }),
  };
}

/** Create the residual MLP's variables (same seeded draws, in the same order, as the Layers form). */
export function residualMlpParams(config: ResidualMlpConfig): ResidualMlpParams {
  const cfg = checkConfig("residualMlpParams", config);
  const r = new Rng(cfg.seed);
  const hidden = cfg.width * cfg.expansion;
  const stem = denseVars(r, cfg.inputDim, cfg.width);
  const blocks = Array.from({ length: cfg.blocks }, () => ({
    norm: normVars(cfg.width),
    up: denseVars(r, cfg.width, hidden),
    down: denseVars(r, hidden, cfg.width),
  }));
  return {
    stem,
    blocks,
    norm: normVars(cfg.width),
    head: denseVars(r, cfg.width, cfg.outputDim),
    config: cfg,
  };
}

/** Forward pass of the residual MLP on a [batch, inputDim] tensor. */
export function residualMlpForward(params: ResidualMlpParams, x: tf.Tensor): tf.Tensor {
  const cfg = checkForwardArgs("residualMlpForward", params, "blocks", "residualMlpParams", x);
  const lin = (h: tf.Tensor, d: DenseVars) => linear(h, d.w, d.b);
  return tf.tidy(() => {
    let h = lin(x, params.stem);
    for (const blk of params.blocks) {
      const u = applyActivation(
        lin(layerNormForward(h, blk.norm, cfg.epsilon), blk.up),
        cfg.activation,
      );
      h = tf.add(h, lin(u, blk.down));
    }
    return lin(layerNormForward(h, params.norm, cfg.epsilon), params.head);
  });
}

/** Every trainable variable of the residual MLP (stem, blocks, final norm, head). */
export const residualMlpVariables: (params: ResidualMlpParams) => tf.Variable[] = collectVariables;

/** Dispose the residual MLP's variables. */
export const disposeResidualMlpParams: (params: ResidualMlpParams) => void = disposeVariables;

/** Build the residual MLP as a Layers model (functional API, `tf.layers.add` for the skips). */
export function buildResidualMlp(config: ResidualMlpConfig): tf.LayersModel {
  const cfg = checkConfig("buildResidualMlp", config);
  const r = new Rng(cfg.seed);
  const dense = (units: number, activation: MlpActivation = "linear") =>
    tf.layers.dense({
      units,
      activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed: r.seedInt() }),
      biasInitializer: "zeros",
    });
  const norm = () => tf.layers.layerNormalization({ axis: -1, epsilon: cfg.epsilon });
  const input = tf.input({ shape: [cfg.inputDim] });
  let h = dense(cfg.width).apply(input) as tf.SymbolicTensor;
  for (let i = 0; i < cfg.blocks; i++) {
    const n = norm().apply(h) as tf.SymbolicTensor;
    const u = dense(cfg.width * cfg.expansion, cfg.activation).apply(n) as tf.SymbolicTensor;
    const v = dense(cfg.width).apply(u) as tf.SymbolicTensor;
    h = tf.layers.add().apply([h, v]) as tf.SymbolicTensor;
  }
  const out = dense(cfg.outputDim).apply(norm().apply(h)) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: "residual_mlp" });
}
