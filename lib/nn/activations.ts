/**
 * Activation functions with their derivatives in closed form, side by side: the closed form is
 * what a textbook (or a hand-written backward pass) uses, `tf.grad` is what autodiff computes;
 * `activationCurve` returns both so a notebook can plot them and a test can compare them.
 */
import * as tf from "@tensorflow/tfjs";
import { require, requireFinite, requireNumber } from "../errors.ts";

/** The activations the course draws and differentiates. */
export const ACTIVATION_NAMES = [
  "relu",
  "leakyRelu",
  "sigmoid",
  "tanh",
  "elu",
  "softplus",
  "silu",
] as const;

/** One of `ACTIVATION_NAMES`. */
export type ActivationName = typeof ACTIVATION_NAMES[number];

/** Slope of leaky ReLU for negative inputs (Keras's default is 0.3; PyTorch's 0.01). */
export const LEAKY_RELU_ALPHA = 0.1;

/** An activation f and its derivative f', both elementwise on tensors. */
export interface ActivationPair {
  name: ActivationName;
  /** The formula, as text. */
  formula: string;
  f: (x: tf.Tensor) => tf.Tensor;
  df: (x: tf.Tensor) => tf.Tensor;
}

const A = LEAKY_RELU_ALPHA;

const PAIRS: Record<ActivationName, ActivationPair> = {
  relu: {
    name: "relu",
    formula: "max(0, x)",
    f: (x) => tf.relu(x),
    df: (x) => tf.cast(tf.greater(x, 0), "float32"),
  },
  leakyRelu: {
    name: "leakyRelu",
    formula: `x if x > 0 else ${A}·x`,
    f: (x) => tf.leakyRelu(x, A),
    df: (x) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, A)),
  },
  sigmoid: {
    name: "sigmoid",
    formula: "1 / (1 + e^−x)",
    f: (x) => tf.sigmoid(x),
    df: (x) => tf.tidy(() => tf.sigmoid(x).mul(tf.sub(1, tf.sigmoid(x)))),
  },
  tanh: {
    name: "tanh",
    formula: "(e^x − e^−x) / (e^x + e^−x)",
    f: (x) => tf.tanh(x),
    df: (x) => tf.tidy(() => tf.sub(1, tf.square(tf.tanh(x)))),
  },
  elu: {
    name: "elu",
    formula: "x if x > 0 else e^x − 1",
    f: (x) => tf.elu(x),
    df: (x) => tf.tidy(() => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.exp(x))),
  },
  softplus: {
    name: "softplus",
    formula: "log(1 + e^x)",
    f: (x) => tf.softplus(x),
    df: (x) => tf.sigmoid(x),
  },
  silu: {
    name: "silu",
    formula: "x · sigmoid(x)",
    f: (x) => tf.tidy(() => x.mul(tf.sigmoid(x))),
    df: (x) =>
      tf.tidy(() => {
        const s = tf.sigmoid(x);
        return s.mul(tf.add(1, x.mul(tf.sub(1, s))));
      }),
  },
};

/** The activation `name` with its closed-form derivative. */
export function activationPair(name: ActivationName): ActivationPair {
  require(
    typeof name === "string" && name in PAIRS,
    "activationPair",
    "name",
    `one of ${ACTIVATION_NAMES.join(", ")}`,
    name,
  );
  return PAIRS[name];
}

/** Values of f, f' in closed form and f' by `tf.grad` on the points `xs`. */
export interface ActivationCurve {
  name: ActivationName;
  x: number[];
  y: number[];
  dyClosed: number[];
  dyAutodiff: number[];
  /** Largest |closed form − tf.grad| over the points. */
  maxAbsDiff: number;
}

/**
 * Evaluate activation `name` and its derivative on `xs`, the derivative twice: closed form and
 * `tf.grad` (which sums f over the points, so its gradient is f'(x) elementwise).
 */
export async function activationCurve(
  name: ActivationName,
  xs: readonly number[],
): Promise<ActivationCurve> {
  const pair = activationPair(name);
  requireFinite("activationCurve", "xs", xs);
  const x = tf.tensor1d(xs as number[]);
  const [y, dc, da] = tf.tidy(() => [
    pair.f(x),
    pair.df(x),
    tf.grad((t: tf.Tensor) => tf.sum(pair.f(t)))(x),
  ]);
  const [yv, dcv, dav] = await Promise.all([y.data(), dc.data(), da.data()]);
  tf.dispose([x, y, dc, da]);
  let maxAbsDiff = 0;
  for (let i = 0; i < xs.length; i++) {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(dcv[i] - dav[i]));
  }
  return {
    name,
    x: [...xs],
    y: Array.from(yv),
    dyClosed: Array.from(dcv),
    dyAutodiff: Array.from(dav),
    maxAbsDiff,
  };
}

/** `n` evenly spaced points from `lo` to `hi` inclusive. */
export function linspace(lo: number, hi: number, n: number): number[] {
  requireNumber("linspace", "lo", lo);
  requireNumber("linspace", "hi", hi);
  requireNumber("linspace", "n", n, { integer: true, min: 2 });
  require(hi > lo, "linspace", "hi", `a number > lo = ${lo}`, hi);
  return Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}
