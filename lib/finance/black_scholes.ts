/**
 * Black-Scholes prices and Greeks of European calls and puts, two ways: closed form in
 * float64, and by automatic differentiation of the tfjs price (`tf.grad`, and `tf.grad` of
 * `tf.grad` for Gamma) in float32. Inputs broadcast like NumPy: each of S, K, T, r, σ is a
 * number or an array of one common length n, and every output has length n (the analogue of
 * `jax.vmap`: the price is elementwise, so the gradient of the summed prices is the vector
 * of per-option derivatives).
 *
 * Conventions: T and σ are in years; Vega and Rho are per unit (1.00 = 100 percentage
 * points), Theta is the calendar-time derivative ∂V/∂t = −∂V/∂T per year (divide by 365 for
 * a per-day figure).
 */
import { ensureBackend } from "../backend.ts";
import * as tf from "@tensorflow/tfjs";
import { CourseInputError, describe, require } from "../errors.ts";

/** Call or put. */
export type OptionKind = "call" | "put";

/** Black-Scholes inputs: numbers or equally long arrays (broadcast). */
export interface BlackScholesInputs {
  S: number | ArrayLike<number>;
  K: number | ArrayLike<number>;
  T: number | ArrayLike<number>;
  r: number | ArrayLike<number>;
  sigma: number | ArrayLike<number>;
}

/** Price and Greeks per option (Theta per year, calendar time; Vega and Rho per unit). */
export interface Greeks {
  price: Float64Array;
  delta: Float64Array;
  gamma: Float64Array;
  vega: Float64Array;
  theta: Float64Array;
  rho: Float64Array;
}

type Vectors = Record<"S" | "K" | "T" | "r" | "sigma", Float64Array>;

/** Broadcast and validate the inputs: S, K, T, σ > 0 and finite, r finite. */
function vectors(fn: string, inp: BlackScholesInputs, kind: OptionKind): Vectors {
  require(
    inp !== null && typeof inp === "object",
    fn,
    "inputs",
    "an object {S, K, T, r, sigma}",
    inp,
  );
  require(kind === "call" || kind === "put", fn, "kind", '"call" or "put"', kind);
  const keys = ["S", "K", "T", "r", "sigma"] as const;
  let n = 1;
  for (const k of keys) {
    const v = inp[k];
    if (typeof v !== "number") {
      require(
        v !== undefined && v !== null && typeof v.length === "number",
        fn,
        k,
        "a number or an array of numbers",
        v,
      );
      require(v.length > 0, fn, k, "a non-empty array", v);
      require(
        n === 1 || v.length === n || v.length === 1,
        fn,
        k,
        `length ${n} (as the other arrays) or a number`,
        `length ${v.length}`,
      );
      if (v.length > 1) n = v.length;
    }
  }
  const out = {} as Vectors;
  for (const k of keys) {
    const v = inp[k];
    const arr = typeof v === "number" ? new Float64Array(n).fill(v) : Float64Array.from(
      { length: n },
      (_, i) => v.length === 1 ? v[0] : v[i],
    );
    arr.forEach((x, i) => {
      const ok = Number.isFinite(x) && (k === "r" || x > 0);
      if (!ok) {
        const where = typeof v === "number" ? "" : ` at index ${i}`;
        throw new CourseInputError(
          fn,
          k,
          k === "r" ? "a finite rate" : "a finite number > 0",
          `${describe(x)}${where}`,
        );
      }
    });
    out[k] = arr;
  }
  return out;
}

/** erfc in float64 (series below 3, continued fraction above); relative error ~1e-14. */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    // erf(x) = 2/√π e^{-x²} Σ 2^n x^{2n+1} / (1·3·…·(2n+1)): positive terms, no cancellation
    let term = x, sum = x;
    for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  // erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + (k / 2) / f;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

const cdf = (x: number) => 0.5 * erfc(-x / Math.SQRT2);
const pdf = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

/** Closed-form Black-Scholes price and Greeks in float64. */
export function blackScholesGreeks(inputs: BlackScholesInputs, kind: OptionKind = "call"): Greeks {
  const { S, K, T, r, sigma } = vectors("blackScholesGreeks", inputs, kind);
  const n = S.length;
  const g: Greeks = {
    price: new Float64Array(n),
    delta: new Float64Array(n),
    gamma: new Float64Array(n),
    vega: new Float64Array(n),
    theta: new Float64Array(n),
    rho: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const sq = Math.sqrt(T[i]);
    const d1 = (Math.log(S[i] / K[i]) + (r[i] + 0.5 * sigma[i] ** 2) * T[i]) / (sigma[i] * sq);
    const d2 = d1 - sigma[i] * sq;
    const disc = K[i] * Math.exp(-r[i] * T[i]);
    const decay = (-S[i] * pdf(d1) * sigma[i]) / (2 * sq);
    g.gamma[i] = pdf(d1) / (S[i] * sigma[i] * sq);
    g.vega[i] = S[i] * pdf(d1) * sq;
    if (kind === "call") {
      g.price[i] = S[i] * cdf(d1) - disc * cdf(d2);
      g.delta[i] = cdf(d1);
      g.theta[i] = decay - r[i] * disc * cdf(d2);
      g.rho[i] = T[i] * disc * cdf(d2);
    } else {
      g.price[i] = disc * cdf(-d2) - S[i] * cdf(-d1);
      g.delta[i] = cdf(d1) - 1;
      g.theta[i] = decay + r[i] * disc * cdf(-d2);
      g.rho[i] = -T[i] * disc * cdf(-d2);
    }
  }
  return g;
}

/** Closed-form Black-Scholes price in float64. */
export function blackScholesPrice(
  inputs: BlackScholesInputs,
  kind: OptionKind = "call",
): Float64Array {
  return blackScholesGreeks(inputs, kind).price;
}

/**
 * The Black-Scholes price as a differentiable tfjs function (elementwise over equally
 * shaped tensors; the normal CDF is 0.5·(1 + erf(x/√2)) with tfjs's erf).
 */
export function blackScholesTensor(
  S: tf.Tensor,
  K: tf.Tensor,
  T: tf.Tensor,
  r: tf.Tensor,
  sigma: tf.Tensor,
  kind: OptionKind = "call",
): tf.Tensor {
  require(kind === "call" || kind === "put", "blackScholesTensor", "kind", '"call" or "put"', kind);
  return tf.tidy(() => {
    const N = (x: tf.Tensor) => tf.mul(0.5, tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
    const sq = tf.sqrt(T);
    const volT = tf.mul(sigma, sq);
    const d1 = tf.div(
      tf.add(tf.log(tf.div(S, K)), tf.mul(tf.add(r, tf.mul(0.5, tf.square(sigma))), T)),
      volT,
    );
    const d2 = tf.sub(d1, volT);
    const disc = tf.mul(K, tf.exp(tf.neg(tf.mul(r, T))));
    if (kind === "call") return tf.sub(tf.mul(S, N(d1)), tf.mul(disc, N(d2)));
    return tf.sub(tf.mul(disc, N(tf.neg(d2))), tf.mul(S, N(tf.neg(d1))));
  });
}

/**
 * Price and Greeks by automatic differentiation of `blackScholesTensor` (float32): Delta,
 * Vega, Rho and −Theta are first derivatives of the summed prices; Gamma differentiates Delta.
 * Asynchronous: the values are read with `await data()`, which works on every backend.
 */
export async function blackScholesGreeksAutodiff(
  inputs: BlackScholesInputs,
  kind: OptionKind = "call",
): Promise<Greeks> {
  await ensureBackend();
  const v = vectors("blackScholesGreeksAutodiff", inputs, kind);
  const out = tf.tidy(() => {
    const [S, K, T, r, sigma] = [v.S, v.K, v.T, v.r, v.sigma].map((a) =>
      tf.tensor1d(Float32Array.from(a))
    );
    const total = (s: tf.Tensor, t: tf.Tensor, rr: tf.Tensor, vol: tf.Tensor) =>
      tf.sum(blackScholesTensor(s, K, t, rr, vol, kind));
    const [dS, dT, dr, dSigma] = tf.grads((s, t, rr, vol) => total(s, t, rr, vol))([
      S,
      T,
      r,
      sigma,
    ]);
    const deltaOf = (s: tf.Tensor) => tf.grad((x: tf.Tensor) => total(x, T, r, sigma))(s);
    const gamma = tf.grad((s: tf.Tensor) => tf.sum(deltaOf(s)))(S);
    return [blackScholesTensor(S, K, T, r, sigma, kind), dS, gamma, dSigma, tf.neg(dT), dr];
  });
  const read = await Promise.all(out.map((t) => t.data()));
  tf.dispose(out);
  const [price, delta, gamma, vega, theta, rho] = read.map((a) => Float64Array.from(a));
  return { price, delta, gamma, vega, theta, rho };
}
