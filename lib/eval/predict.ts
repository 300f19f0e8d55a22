/**
 * Model outputs as plain arrays, read asynchronously (`await data()`, valid on every backend):
 * a Layers model, a functional model ({ params, forward }) or a function of the input tensor;
 * the input may be a tensor (kept) or rows of numbers (turned into a tensor and disposed).
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { type Rng, rng } from "../random.ts";
import { ensureBackend } from "../backend.ts";

/** A model as parameters plus a pure forward function (the shape `train` accepts). */
export interface ForwardModel<P> {
  params: P;
  forward: (params: P, x: tf.Tensor, ctx: { training: boolean; rng: Rng }) => tf.Tensor;
}

/** Anything that maps an input tensor to an output tensor. */
// deno-lint-ignore no-explicit-any
export type Predictor = tf.LayersModel | ForwardModel<any> | ((x: tf.Tensor) => tf.Tensor);

/** Model inputs: a tensor (not disposed) or rows of numbers. */
export type PredictInput = tf.Tensor | readonly (readonly number[])[];

async function withOutput<T>(
  fn: string,
  model: Predictor,
  x: PredictInput,
  read: (out: tf.Tensor) => Promise<T>,
): Promise<T> {
  await ensureBackend();
  require(model !== null && model !== undefined, fn, "model", "a model or a function", model);
  const owned = !(x instanceof tf.Tensor);
  if (owned) {
    require(Array.isArray(x) && x.length > 0, fn, "x", "a tensor or a non-empty array of rows", x);
  }
  const input = owned ? tf.tensor2d(x as number[][]) : x as tf.Tensor;
  try {
    const out = tf.tidy(() => {
      if (model instanceof tf.LayersModel) return model.predict(input) as tf.Tensor;
      if (typeof model === "function") return model(input);
      return model.forward(model.params, input, { training: false, rng: rng(0) });
    });
    try {
      return await read(out);
    } finally {
      out.dispose();
    }
  } finally {
    if (owned) input.dispose();
  }
}

/** The model's outputs on `x`, flattened into one array (one value per row for one output). */
export function predictArray(model: Predictor, x: PredictInput): Promise<number[]> {
  return withOutput("predictArray", model, x, async (out) => Array.from(await out.data()));
}

/** The model's outputs on `x` as rows [n][k]. */
export function predictRows(model: Predictor, x: PredictInput): Promise<number[][]> {
  return withOutput("predictRows", model, x, async (out) => {
    const flat = Array.from(await out.data());
    const k = out.shape[0] === 0 ? 0 : flat.length / out.shape[0];
    return Array.from({ length: out.shape[0] }, (_, i) => flat.slice(i * k, (i + 1) * k));
  });
}

/**
 * Class predictions: the argmax of each row for several outputs, or output > `threshold`
 * (default 0.5) as 1/0 for one output.
 */
export function predictClasses(
  model: Predictor,
  x: PredictInput,
  options: { threshold?: number } = {},
): Promise<number[]> {
  return withOutput("predictClasses", model, x, async (out) => {
    const k = out.size / out.shape[0];
    if (k === 1) {
      const t = options.threshold ?? 0.5;
      return Array.from(await out.data(), (v) => (v > t ? 1 : 0));
    }
    const idx = tf.tidy(() => tf.argMax(out.reshape([out.shape[0], k]), -1));
    try {
      return Array.from(await idx.data());
    } finally {
      idx.dispose();
    }
  });
}
