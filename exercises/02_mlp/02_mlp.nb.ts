// %% [markdown]
// # Exercise 02 · The pieces under every deep-learning library
//
// Chapter 02 trained one network three ways. Underneath all three sit the same few pieces,
// and here you write them yourself in `mlp.ts` (next to this notebook):
//
// 1. `denseForward` — a dense layer: activation(x · w + b);
// 2. `sgdStep` and `adamStep` — one optimiser update, by hand;
// 3. `bsDeltaByGrad` — Black-Scholes Delta by automatic differentiation (`tf.grad`);
// 4. `binaryCrossEntropy` — the loss of a sigmoid classifier, from scratch.
//
// Run the cells below to see each piece work (they throw "TODO" until you implement it),
// then grade yourself:
//
// ```
// deno task grade 02
// ```

// %%
import * as tf from "@tensorflow/tfjs";
import { blackScholesGreeks, deviceBanner, Rng } from "@course/lib";
// Your file, imported afresh each time this cell runs: after editing it, re-run
// this cell, then the cell you are working on (no kernel restart needed).
import type { AdamState } from "./mlp.ts";
const mlpFile: typeof import("./mlp.ts") = await import(`./mlp.ts?v=${Date.now()}`);
const { adamStep, binaryCrossEntropy, bsDeltaByGrad, denseForward, sgdStep } = mlpFile;

// Exercises run on the CPU (wasm): they are small, they are graded there, and reading a tensor
// synchronously (`dataSync`, which WebGPU under Deno cannot do) is fine here.
await deviceBanner("wasm");

// %% [markdown]
// ## 1. A dense layer
//
// A batch of 2 rows with 3 features through a layer of 4 ReLU units. Check by hand: each
// output is max(0, Σ_j x_j w_jk + b_k).

// %%
const x = tf.tensor2d([[1, 0, -1], [0.5, 2, 1]]);
const w = tf.tensor2d([[1, 0, -1, 2], [0, 1, 1, -1], [1, 1, 0, 0]]);
const b = tf.tensor1d([0, -1, 0.5, 0]);
const h = denseForward(x, w, b, "relu");
console.log(h.arraySync());

// %% [markdown]
// ## 2. Gradient descent by hand: fit y = 3x − 1 with SGD, then with Adam
//
// The loss is the mean squared error of `a·x + c`; `tf.grads` gives its gradient with
// respect to [a, c]; your step functions do the rest.

// %%
const rng = new Rng(0);
const xValues = Array.from({ length: 64 }, () => rng.uniform(-1, 1));
const xs = tf.tensor1d(xValues);
const ys = tf.tensor1d(xValues.map((v) => 3 * v - 1 + 0.05 * rng.normal()));
const mse = (a: tf.Tensor, c: tf.Tensor) =>
  tf.mean(tf.square(tf.sub(tf.add(tf.mul(a, xs), c), ys))) as tf.Scalar;
let sgdParams: tf.Tensor[] = [tf.scalar(0), tf.scalar(0)];
for (let i = 0; i < 200; i++) {
  const grads = tf.grads(mse)(sgdParams);
  const next = sgdStep(sgdParams, grads, 0.1);
  tf.dispose([...sgdParams, ...grads]);
  sgdParams = next;
}
console.log(
  `SGD:  a = ${sgdParams[0].dataSync()[0].toFixed(3)}, c = ${
    sgdParams[1].dataSync()[0].toFixed(3)
  } (truth 3, −1)`,
);

let adamParams: tf.Tensor[] = [tf.scalar(0), tf.scalar(0)];
let adamStates: AdamState[] = adamParams.map(() => ({ m: tf.scalar(0), v: tf.scalar(0), t: 0 }));
for (let i = 0; i < 300; i++) {
  const grads = tf.grads(mse)(adamParams);
  const outs = adamParams.map((p, k) => adamStep(p, grads[k], adamStates[k], { lr: 0.05 }));
  tf.dispose([...adamParams, ...grads, ...adamStates.flatMap((s) => [s.m, s.v])]);
  adamParams = outs.map((o) => o.param);
  adamStates = outs.map((o) => o.state);
}
console.log(
  `Adam: a = ${adamParams[0].dataSync()[0].toFixed(3)}, c = ${
    adamParams[1].dataSync()[0].toFixed(3)
  }`,
);

// %% [markdown]
// ## 3. Black-Scholes Delta by `tf.grad`
//
// Write the call price with tf ops, differentiate the **sum** of the prices with respect to
// the vector S: because option i's price depends only on S_i, that gradient is the vector of
// Deltas (what `jax.vmap(jax.grad(price))` gives in the lecture). Compare with the closed form
// N(d1) from the course library.

// %%
const spots = [90, 100, 110];
const maturities = [0.5, 1, 1.5];
const deltas = bsDeltaByGrad(spots, 100, maturities, 0.05, 0.2);
const closed = blackScholesGreeks({ S: spots, K: 100, T: maturities, r: 0.05, sigma: 0.2 }).delta;
console.log("tf.grad:    ", deltas.map((d) => d.toFixed(4)), "(lecture: 0.3094, 0.6368, 0.7933)");
console.log("closed form:", Array.from(closed, (d) => d.toFixed(4)));

// %% [markdown]
// ## 4. Binary cross-entropy
//
// A confident right answer costs almost nothing, a confident wrong one a lot (clipping keeps
// it finite).

// %%
const yTrue = tf.tensor1d([1, 1, 0, 0]);
for (const probs of [[0.99, 0.95, 0.01, 0.05], [0.6, 0.6, 0.4, 0.4], [0.01, 0.5, 0.5, 0.99]]) {
  const p = tf.tensor1d(probs);
  const loss = binaryCrossEntropy(yTrue, p);
  console.log(`p = [${probs.join(", ")}] → loss ${loss.dataSync()[0].toFixed(4)}`);
  tf.dispose([p, loss]);
}
tf.dispose([
  x,
  w,
  b,
  h,
  xs,
  ys,
  yTrue,
  ...sgdParams,
  ...adamParams,
  ...adamStates.flatMap((s) => [s.m, s.v]),
]);
