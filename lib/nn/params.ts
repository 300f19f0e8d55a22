/**
 * The course's one parameter kit, written as functions of named parameters:
 * a parameter map (name → tf.Variable) filled by a seeded initialiser, dense and layer-norm
 * layers, GELU, and sinusoidal position codes. Named parameters make the EMA target, saving
 * and loading a matter of matching names.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireNumber } from "../errors.ts";
import { Rng } from "../random.ts";

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
    const lim = Math.sqrt(6 / (fanIn + fanOut));
    const seed = this.rng.seedInt();
    return this.#add(key, () => tf.randomUniform([fanIn, fanOut], -lim, lim, "float32", seed));
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

/** x·W + b on the last axis of a tensor of any rank (weights `${key}/w`, `${key}/b`). */
export function dense(params: ParamMap, key: string, x: tf.Tensor): tf.Tensor {
  const w = param(params, `${key}/w`);
  const b = param(params, `${key}/b`);
  const [fanIn, fanOut] = w.shape;
  require(
    x.shape[x.rank - 1] === fanIn,
    "dense",
    "x",
    `last axis ${fanIn} for layer ${key}`,
    x,
  );
  if (x.rank === 2) return tf.add(tf.matMul(x, w), b);
  const flat = tf.reshape(x, [-1, fanIn]);
  return tf.reshape(tf.add(tf.matMul(flat, w), b), [...x.shape.slice(0, -1), fanOut]);
}

/** Layer normalisation over the last axis; with `key`, scaled and shifted by `${key}/g|b`. */
export function layerNorm(
  params: ParamMap | null,
  key: string | null,
  x: tf.Tensor,
  eps = 1e-5,
): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const z = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
  if (params === null || key === null) return z;
  return tf.add(tf.mul(z, param(params, `${key}/g`)), param(params, `${key}/b`));
}

/** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
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
  for (const v of Object.values(params)) v.dispose();
}
