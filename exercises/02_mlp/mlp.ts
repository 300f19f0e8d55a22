/**
 * Exercise 02: the pieces under every deep-learning library — a dense layer's forward pass,
 * one SGD step and one Adam step written by hand, Black-Scholes Delta by `tf.grad`, and
 * binary cross-entropy from scratch. Replace each `throw` with your code, then run
 * `deno task grade 02`. Work inside `tf.tidy` so intermediate tensors are freed.
 */
import * as tf from "@tensorflow/tfjs";

/** Activation of a dense layer. */
export type DenseActivation = "linear" | "relu" | "sigmoid";

/**
 * Dense layer forward pass: activation(x · w + b) for x [batch, in], w [in, out], b [out].
 * Hint: `tf.matMul`, `tf.add` (broadcasts b over rows), `tf.relu`, `tf.sigmoid`.
 */
export function denseForward(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D,
  activation: DenseActivation = "linear",
): tf.Tensor2D {
  void x, w, b, activation;
  throw new Error("TODO: denseForward — activation(x · w + b)");
}

/** One plain SGD step: every parameter moves against its gradient, p − lr · g (new tensors). */
export function sgdStep(params: tf.Tensor[], grads: tf.Tensor[], lr: number): tf.Tensor[] {
  void params, grads, lr;
  throw new Error("TODO: sgdStep — p − lr · g for every parameter");
}

/** Adam's running state for one parameter: first and second moment estimates and the step count. */
export interface AdamState {
  m: tf.Tensor;
  v: tf.Tensor;
  t: number;
}

/**
 * One Adam step for one parameter (Kingma & Ba): t ← t+1; m ← β1 m + (1−β1) g;
 * v ← β2 v + (1−β2) g²; m̂ = m/(1−β1^t); v̂ = v/(1−β2^t); p ← p − lr · m̂ / (√v̂ + ε).
 * Returns the new parameter and the new state (new tensors; the inputs are left alone).
 */
export function adamStep(
  param: tf.Tensor,
  grad: tf.Tensor,
  state: AdamState,
  opts: { lr?: number; beta1?: number; beta2?: number; eps?: number } = {},
): { param: tf.Tensor; state: AdamState } {
  void param, grad, state, opts;
  throw new Error("TODO: adamStep — update m, v, bias-correct, then step");
}

/**
 * Black-Scholes call Delta by automatic differentiation: write the call price with tf ops
 * (N(x) = 0.5 · (1 + erf(x / √2)) with `tf.erf`) as a function of S and take `tf.grad` of the
 * summed prices. S and T are arrays of the same length; K, r, sigma are numbers.
 */
export function bsDeltaByGrad(
  S: number[],
  K: number,
  T: number[],
  r: number,
  sigma: number,
): number[] {
  void S, K, T, r, sigma;
  throw new Error(
    "TODO: bsDeltaByGrad — write the call price with tf ops, then tf.grad with respect to S",
  );
}

/**
 * Binary cross-entropy from scratch: mean of −[y log p + (1 − y) log(1 − p)], with p clipped
 * to [eps, 1 − eps] so a confident mistake costs a lot but not infinity.
 */
export function binaryCrossEntropy(yTrue: tf.Tensor, p: tf.Tensor, eps = 1e-7): tf.Scalar {
  void yTrue, p, eps;
  throw new Error("TODO: binaryCrossEntropy — clip p, then the mean negative log-likelihood");
}
