/**
 * The multi-layer perceptron two ways: a Layers-API model (`buildMlp`, Keras style) and the same
 * network as plain variables with a pure forward function (`mlpParams` + `mlpForward`, PyTorch /
 * JAX style). Both draw initial weights from one seed in the same order, so they start equal;
 * dropout masks come from a seeded `Rng`, a fresh mask per call.
 */
import * as tf from "@tensorflow/tfjs";
import { propagateNonFinite, require, requireNumber } from "../errors.ts";
import { DEFAULT_SEED, Rng } from "../random.ts";
import {
  type Activation,
  ACTIVATIONS,
  checkForwardArgs,
  collectVariables,
  type DenseVars,
  denseVars,
  disposeVariables,
} from "../nn/params.ts";
import { reluMlpLogits } from "../fast/mlp_backward.ts";
import { fastPaths } from "../fast/switch.ts";
import { enableFastFit } from "../fast/fast_fit.ts";
import { SeededDropout, seededDropout } from "./seeded_dropout.ts";

/** Hidden-layer activations the MLP supports. */
export type MlpActivation = Activation;
/** Output heads: raw scores, a probability, or a probability vector. */
export type MlpHead = "linear" | "sigmoid" | "softmax";

/** Shape of an MLP: input size, hidden sizes, activation, dropout rate and output head. */
export interface MlpConfig {
  inputDim: number;
  hidden: number[];
  /** Hidden activation (default "relu"). */
  activation?: MlpActivation;
  /** Dropout rate after every hidden layer, in [0, 1) (default 0). */
  dropout?: number;
  output: { units: number; activation?: MlpHead };
  /** Seed of the initialisers and the dropout masks (default DEFAULT_SEED). */
  seed?: number;
}

/** The MLP as plain variables: one `{w, b}` per layer (hidden layers first, then the head). */
export interface MlpParams {
  layers: DenseVars[];
  config: Required<MlpConfig>;
}

const HEADS: readonly MlpHead[] = ["linear", "sigmoid", "softmax"];

function checkConfig(fn: string, cfg: MlpConfig): Required<MlpConfig> {
  require(typeof cfg === "object" && cfg !== null, fn, "config", "an MlpConfig object", cfg);
  requireNumber(fn, "inputDim", cfg.inputDim, { integer: true, positive: true });
  require(Array.isArray(cfg.hidden), fn, "hidden", "an array of layer sizes", cfg.hidden);
  cfg.hidden.forEach((h, i) =>
    requireNumber(fn, `hidden[${i}]`, h, { integer: true, positive: true })
  );
  const activation = cfg.activation ?? "relu";
  require(ACTIVATIONS.includes(activation), fn, "activation", ACTIVATIONS.join(" | "), activation);
  const dropout = cfg.dropout ?? 0;
  requireNumber(fn, "dropout", dropout, { min: 0 });
  require(dropout < 1, fn, "dropout", "a rate in [0, 1)", dropout);
  require(
    typeof cfg.output === "object" && cfg.output !== null,
    fn,
    "output",
    "{units}",
    cfg.output,
  );
  requireNumber(fn, "output.units", cfg.output.units, { integer: true, positive: true });
  const head = cfg.output.activation ?? "linear";
  require(HEADS.includes(head), fn, "output.activation", HEADS.join(" | "), head);
  const seed = requireNumber(fn, "seed", cfg.seed ?? DEFAULT_SEED, { integer: true });
  return {
    inputDim: cfg.inputDim,
    hidden: [...cfg.hidden],
    activation,
    dropout,
    output: { units: cfg.output.units, activation: head },
    seed,
  };
}

/** Layer sizes as [fanIn, fanOut] pairs, hidden layers first. */
function layerShapes(cfg: Required<MlpConfig>): [number, number][] {
  const sizes = [cfg.inputDim, ...cfg.hidden, cfg.output.units];
  return sizes.slice(1).map((out, i) => [sizes[i], out]);
}

/** Build the MLP as a tf.Sequential (Dense + seeded dropout per hidden layer, then the head), with the fast `fit`. */
export function buildMlp(config: MlpConfig): tf.Sequential {
  const cfg = checkConfig("buildMlp", config);
  const r = new Rng(cfg.seed);
  const model = tf.sequential();
  const shapes = layerShapes(cfg);
  shapes.forEach(([fanIn, fanOut], i) => {
    const last = i === shapes.length - 1;
    model.add(tf.layers.dense({
      units: fanOut,
      inputShape: i === 0 ? [fanIn] : undefined,
      activation: last ? cfg.output.activation : cfg.activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed: r.seedInt() }),
      biasInitializer: "zeros",
    }));
    if (!last && cfg.dropout > 0) {
      model.add(new SeededDropout({ rate: cfg.dropout, seed: r.seedInt() }));
    }
  });
  // lib/fast (COURSE_FAST): `fit` trains through one tape node, same API and numbers
  return enableFastFit(model);
}

/** Create the MLP's variables (Glorot-uniform kernels, zero biases; same draws as buildMlp). */
export function mlpParams(config: MlpConfig): MlpParams {
  const cfg = checkConfig("mlpParams", config);
  const r = new Rng(cfg.seed);
  const shapes = layerShapes(cfg);
  const layers = shapes.map(([fanIn, fanOut], i) => {
    const layer = denseVars(r, fanIn, fanOut);
    // buildMlp draws a dropout seed after each hidden layer; keep the streams aligned.
    if (i < shapes.length - 1 && cfg.dropout > 0) r.seedInt();
    return layer;
  });
  return { layers, config: cfg };
}

/** Options of `mlpForward`: training mode applies dropout with masks drawn from `rng`. */
export interface MlpForwardOptions {
  training?: boolean;
  rng?: Rng;
  /** Return the head's raw scores (before sigmoid/softmax), for losses computed from logits. */
  logits?: boolean;
}

/** The MLP's forward pass on a [batch, inputDim] tensor (fused matmul + bias + relu). */
export function mlpForward(
  params: MlpParams,
  x: tf.Tensor,
  opts: MlpForwardOptions = {},
): tf.Tensor {
  const cfg = checkForwardArgs("mlpForward", params, "layers", "mlpParams", x);
  const training = opts.training ?? false;
  require(
    !(training && cfg.dropout > 0 && !(opts.rng instanceof Rng)),
    "mlpForward",
    "opts.rng",
    "an Rng when training with dropout",
    opts.rng,
  );
  return tf.tidy(() => {
    const head = cfg.output.activation;
    const outOf = (z: tf.Tensor2D) =>
      opts.logits ? z : head === "sigmoid" ? tf.sigmoid(z) : head === "softmax" ? tf.softmax(z) : z;
    if (training && cfg.activation === "relu" && fastPaths()) {
      // lib/fast: the same network as one tape node with a hand-written backward pass
      // (parameters only), several times cheaper than tfjs's op-by-op autodiff here.
      return outOf(reluMlpLogits(params.layers, x as tf.Tensor2D, {
        rate: cfg.dropout,
        training,
        rng: opts.rng,
      }));
    }
    let h = x as tf.Tensor2D;
    const n = params.layers.length;
    for (let i = 0; i < n; i++) {
      const { w, b } = params.layers[i];
      const last = i === n - 1;
      const act = last ? "linear" : cfg.activation;
      const fusable = act === "relu" || act === "linear";
      h = tf.fused.matMul({
        a: h,
        b: w as tf.Tensor2D,
        bias: b,
        activation: fusable ? act : "linear",
      }) as tf.Tensor2D;
      if (!fusable) h = act === "tanh" ? tf.tanh(h) : act === "elu" ? tf.elu(h) : tf.sigmoid(h);
      if (!last && training && cfg.dropout > 0) {
        h = seededDropout(h, cfg.dropout, opts.rng as Rng) as tf.Tensor2D;
      }
    }
    return propagateNonFinite(x, outOf(h)); // a NaN row answers NaN on every backend
  });
}

/** All variables of MlpParams, in layer order (w0, b0, w1, b1, ...). */
export const mlpVariables: (params: MlpParams) => tf.Variable[] = collectVariables;

/** Dispose the variables of MlpParams. */
export const disposeMlpParams: (params: MlpParams) => void = disposeVariables;
