/**
 * The course's one parameter kit. Every model's parameters are plain tf.Variables, created by
 * one seeded Glorot-uniform + zeros initialiser and one LayerNorm (ones, zeros), found by one
 * `collectVariables` and freed by one `disposeVariables`. Two ways to hold them: a named map
 * (`ParamMap`, name → variable, filled by `ParamInit`: the JEPA encoders, where names make the
 * EMA target and saving a matter of matching keys) or small structs (`DenseVars`, `NormVars`:
 * the MLP, residual and projection heads). Both go through the same `linear` and
 * `layerNormForward`. Also GELU and sinusoidal position codes.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber, requireShape } from "../errors.ts";
import type { Rng } from "../random.ts";

/** A dense layer's variables: weight [fanIn, fanOut] and bias [fanOut]. */
export interface DenseVars {
  w: tf.Variable;
  b: tf.Variable;
}

/** A LayerNorm's scale (gamma, ones) and shift (beta, zeros). */
export interface NormVars {
  gamma: tf.Variable;
  beta: tf.Variable;
}

/** Glorot-uniform [fanIn, fanOut] (Keras's initializer, so Layers models draw the same). */
export function glorotUniform(seed: number, fanIn: number, fanOut: number): tf.Tensor2D {
  return tf.initializers.glorotUniform({ seed }).apply([fanIn, fanOut]) as tf.Tensor2D;
}

/** A dense layer's variables: Glorot-uniform weight (seed drawn from `rng`), zero bias. */
export function denseVars(rng: Rng, fanIn: number, fanOut: number): DenseVars {
  const seed = rng.seedInt();
  return tf.tidy(() => ({
    w: tf.variable(glorotUniform(seed, fanIn, fanOut), true),
    b: tf.variable(tf.zeros([fanOut]), true),
  }));
}

/** A LayerNorm's variables over `dim` features: gamma = 1, beta = 0. */
export function normVars(dim: number): NormVars {
  return tf.tidy(() => ({
    gamma: tf.variable(tf.ones([dim]), true),
    beta: tf.variable(tf.zeros([dim]), true),
  }));
}

/** Every tf.Variable inside a params structure (maps, arrays, structs; depth first, once). */
export function collectVariables(params: unknown): tf.Variable[] {
  const out: tf.Variable[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown) => {
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    if (v instanceof tf.Variable) out.push(v);
    else if (v instanceof tf.Tensor) return;
    else if (Array.isArray(v)) v.forEach(walk);
    else Object.values(v as Record<string, unknown>).forEach(walk);
  };
  walk(params);
  return out;
}

/**
 * Check a forward pass's arguments: `params` made by `maker` (an object with the array `key`,
 * holding `config.inputDim`) and x a [batch, inputDim] tensor; returns params.config.
 */
export function checkForwardArgs<C extends { inputDim: number }>(
  fn: string,
  params: { config: C } & object,
  key: string,
  maker: string,
  x: tf.Tensor,
): C {
  const ok = params !== null && typeof params === "object" &&
    Array.isArray((params as Record<string, unknown>)[key]);
  require(ok, fn, "params", `params from ${maker}()`, params);
  const dim = params.config.inputDim;
  const shapeOk = x instanceof tf.Tensor && x.rank === 2 && x.shape[1] === dim;
  require(shapeOk, fn, "x", `a tensor of shape [*, ${dim}]`, x);
  return params.config;
}

/** Dispose every variable inside a params structure (see `collectVariables`). */
export function disposeVariables(params: unknown): void {
  for (const v of collectVariables(params)) v.dispose();
}

/** A model's parameters by stable name ("enc/gru0f/wx", ...). */
export type ParamMap = Record<string, tf.Variable>;

let uid = 0;
/** A tfjs-unique variable name for a parameter key (tfjs registers variable names globally). */
function varName(key: string): string {
  return `nn${uid++}/${key}`;
}

/** Seeded initialisers that add variables to a ParamMap. */
export class ParamInit {
  constructor(readonly params: ParamMap, readonly rng: Rng) {}

  #add(key: string, make: () => tf.Tensor): tf.Variable {
    require(!(key in this.params), "ParamInit", "key", "a new parameter name", key);
    const v = tf.tidy(() => tf.variable(make(), true, varName(key)));
    this.params[key] = v;
    return v;
  }

  /** Glorot-uniform matrix [fanIn, fanOut]. */
  glorot(key: string, fanIn: number, fanOut: number): tf.Variable {
    const seed = this.rng.seedInt();
    return this.#add(key, () => glorotUniform(seed, fanIn, fanOut));
  }

  /** Normal(0, std) tensor of any shape. */
  normal(key: string, shape: number[], std: number): tf.Variable {
    const seed = this.rng.seedInt();
    return this.#add(key, () => tf.randomNormal(shape, 0, std, "float32", seed));
  }

  /** Zeros. */
  zeros(key: string, shape: number[]): tf.Variable {
    return this.#add(key, () => tf.zeros(shape));
  }

  /** Ones. */
  ones(key: string, shape: number[]): tf.Variable {
    return this.#add(key, () => tf.ones(shape));
  }

  /** A dense layer's weight `${key}/w` [fanIn, fanOut] and bias `${key}/b`. */
  dense(key: string, fanIn: number, fanOut: number): void {
    this.glorot(`${key}/w`, fanIn, fanOut);
    this.zeros(`${key}/b`, [fanOut]);
  }

  /** A layer norm's scale `${key}/g` (ones) and shift `${key}/b` (zeros). */
  layerNorm(key: string, dim: number): void {
    this.ones(`${key}/g`, [dim]);
    this.zeros(`${key}/b`, [dim]);
  }
}

/** The parameter `key` of `params`, or a clear error naming the missing key. */
export function param(params: ParamMap, key: string): tf.Variable {
  const v = params[key];
  require(v !== undefined, "param", "key", "a parameter of the model", key);
  return v;
}

/** x·W + b on the last axis of a tensor of any rank (the one dense layer of the course). */
export function linear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, name = "linear"): tf.Tensor {
  const [fanIn, fanOut] = w.shape;
  require(x.shape[x.rank - 1] === fanIn, "dense", "x", `last axis ${fanIn} for layer ${name}`, x);
  if (x.rank === 2) return tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b);
  const flat = tf.reshape(x, [-1, fanIn]);
  return tf.reshape(tf.add(tf.matMul(flat, w as tf.Tensor2D), b), [
    ...x.shape.slice(0, -1),
    fanOut,
  ]);
}

/** `linear` with the weights `${key}/w`, `${key}/b` of a parameter map. */
export function dense(params: ParamMap, key: string, x: tf.Tensor): tf.Tensor {
  return linear(x, param(params, `${key}/w`), param(params, `${key}/b`), key);
}

/** LayerNorm over the last axis: (x − mean)/√(var + eps), then ·gamma + beta when given. */
export function layerNormForward(x: tf.Tensor, norm: NormVars | null, epsilon = 1e-5): tf.Tensor {
  const fn = "layerNormForward";
  require(x instanceof tf.Tensor && x.rank >= 1, fn, "x", "a tensor of rank >= 1", x);
  requireNumber(fn, "epsilon", epsilon, { positive: true });
  if (norm !== null) {
    require(
      typeof norm === "object" && norm.gamma instanceof tf.Tensor &&
        norm.beta instanceof tf.Tensor,
      fn,
      "norm",
      "{gamma, beta} tensors",
      norm,
    );
    const dim = x.shape[x.rank - 1];
    requireShape(fn, "norm.gamma", norm.gamma.shape, [dim]);
    requireShape(fn, "norm.beta", norm.beta.shape, [dim]);
  }
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, -1, true);
    const z = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon)));
    return norm === null ? z : tf.add(tf.mul(z, norm.gamma), norm.beta);
  });
}

/** `layerNormForward` with the scale `${key}/g` and shift `${key}/b` of a parameter map. */
export function layerNorm(
  params: ParamMap | null,
  key: string | null,
  x: tf.Tensor,
  eps = 1e-5,
): tf.Tensor {
  const norm = params === null || key === null
    ? null
    : { gamma: param(params, `${key}/g`), beta: param(params, `${key}/b`) };
  return layerNormForward(x, norm, eps);
}

/** Activations of the MLP family. */
export type Activation = "relu" | "elu" | "tanh" | "sigmoid" | "linear";
/** Every `Activation`, for input checks. */
export const ACTIVATIONS: readonly Activation[] = ["relu", "elu", "tanh", "sigmoid", "linear"];

/** Apply an activation by name. */
export function applyActivation(x: tf.Tensor, name: Activation): tf.Tensor {
  switch (name) {
    case "relu":
      return tf.relu(x);
    case "elu":
      return tf.elu(x);
    case "tanh":
      return tf.tanh(x);
    case "sigmoid":
      return tf.sigmoid(x);
    case "linear":
      return x;
  }
  require(false, "applyActivation", "name", ACTIVATIONS.join(" | "), name);
}

/** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

/** GELU, exact erf form (BERT's, and ONNX's Erf graph): 0.5·x·(1 + erf(x/√2)). */
export function geluErf(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)));
}

/** Sinusoidal position codes [n, d]: sin/cos of pos / 10000^(2i/d) (Vaswani et al.). */
export function sinusoidalPositions(n: number, d: number): tf.Tensor2D {
  requireNumber("sinusoidalPositions", "n", n, { integer: true, positive: true });
  requireNumber("sinusoidalPositions", "d", d, { integer: true, positive: true });
  const out = new Float32Array(n * d);
  for (let p = 0; p < n; p++) {
    for (let i = 0; i < d; i++) {
      const angle = p / Math.pow(10000, (2 * Math.floor(i / 2)) / d);
      out[p * d + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return tf.tensor2d(out, [n, d]);
}

/** Number of scalar weights in a parameter map. */
export function countParams(params: ParamMap): number {
  return Object.values(params).reduce((s, v) => s + v.size, 0);
}

/** Dispose every variable of a parameter map. */
export function disposeParams(params: ParamMap): void {
  disposeVariables(params);
}
