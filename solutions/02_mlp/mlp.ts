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
  return tf.tidy(() => {
    const z = tf.add(tf.matMul(x, w), b) as tf.Tensor2D;
    if (activation === "relu") return tf.relu(z);
    if (activation === "sigmoid") return tf.sigmoid(z);
    return z;
  });
}

/** One plain SGD step: every parameter moves against its gradient, p − lr · g (new tensors). */
export function sgdStep(params: tf.Tensor[], grads: tf.Tensor[], lr: number): tf.Tensor[] {
  return params.map((p, i) => tf.tidy(() => tf.sub(p, tf.mul(lr, grads[i]))));
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
  const { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = opts;
  const t = state.t + 1;
  const [p, m, v] = tf.tidy(() => {
    const m = tf.add(tf.mul(beta1, state.m), tf.mul(1 - beta1, grad));
    const v = tf.add(tf.mul(beta2, state.v), tf.mul(1 - beta2, tf.square(grad)));
    const mHat = tf.div(m, 1 - beta1 ** t);
    const vHat = tf.div(v, 1 - beta2 ** t);
    const p = tf.sub(param, tf.mul(lr, tf.div(mHat, tf.add(tf.sqrt(vHat), eps))));
    return [p, m, v];
  });
  return { param: p, state: { m, v, t } };
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
  return tf.tidy(() => {
    const t = tf.tensor1d(T);
    const N = (x: tf.Tensor) => tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
    const price = (s: tf.Tensor) => {
      const volT = tf.mul(sigma, tf.sqrt(t));
      const d1 = tf.div(tf.add(tf.log(tf.div(s, K)), tf.mul(r + 0.5 * sigma * sigma, t)), volT);
      const d2 = tf.sub(d1, volT);
      return tf.sum(tf.sub(tf.mul(s, N(d1)), tf.mul(tf.mul(K, tf.exp(tf.mul(-r, t))), N(d2))));
    };
    return Array.from(tf.grad(price)(tf.tensor1d(S)).dataSync());
  });
}

/**
 * Binary cross-entropy from scratch: mean of −[y log p + (1 − y) log(1 − p)], with p clipped
 * to [eps, 1 − eps] so a confident mistake costs a lot but not infinity.
 */
export function binaryCrossEntropy(yTrue: tf.Tensor, p: tf.Tensor, eps = 1e-7): tf.Scalar {
  return tf.tidy(() => {
    const q = tf.clipByValue(p, eps, 1 - eps);
    const ll = tf.add(tf.mul(yTrue, tf.log(q)), tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, q))));
    return tf.neg(tf.mean(ll)) as tf.Scalar;
  });
}
