// %% [markdown]
// # Exercise 00 · Leak-free standardisation and a covariance matrix
//
// Models train better on standardised features, but the mean and standard deviation must
// come from the **training rows only**: using the test rows would leak information from the
// future into the model. Implement the three functions in `tensors.ts` (next to this
// notebook), run the cells below to see them work, then grade yourself:
//
// ```
// deno task grade 00
// ```

// %%
import * as tf from "@tensorflow/tfjs";
import { deviceBanner, rng } from "@course/lib";
// Your file, imported afresh each time this cell runs: after editing it, re-run
// this cell, then the cell you are working on (no kernel restart needed).
const tensorsFile: typeof import("./tensors.ts") = await import(`./tensors.ts?v=${Date.now()}`);
const { covariance, fitStandardizer, standardize } = tensorsFile;

// Exercises run on the CPU (wasm): they are small, they are graded there, and reading a tensor
// synchronously (`dataSync`, which WebGPU under Deno cannot do) is fine here.
await deviceBanner("wasm");

// %% [markdown]
// Three synthetic features (labelled synthetic: a known correlation of 0.8 between the first
// two, a third on a different scale). The first 200 rows are "the past" (training), the last
// 50 "the future" (test).

// %%
const r = rng(0);
const rows = Array.from({ length: 250 }, () => {
  const a = r.normal();
  const b = 0.8 * a + 0.6 * r.normal();
  return [a, b, 100 + 15 * r.normal()];
});
const xTrain = tf.tensor2d(rows.slice(0, 200));
const xTest = tf.tensor2d(rows.slice(200));

// %% [markdown]
// ## 1. Fit on train, apply to both

// %%
const stats = fitStandardizer(xTrain);
const zTrain = standardize(xTrain, stats);
const zTest = standardize(xTest, stats);
console.log(
  "train column means (≈0):",
  Array.from(zTrain.mean(0).dataSync()).map((v) => v.toFixed(3)),
);
console.log(
  "test column means (close to 0, not exactly):",
  Array.from(zTest.mean(0).dataSync()).map((v) => v.toFixed(3)),
);

// %% [markdown]
// ## 2. Covariance of the standardised training features (≈ correlation matrix)

// %%
const cov = covariance(zTrain);
console.log(cov.toString());
tf.dispose([xTrain, xTest, stats.mean, stats.std, zTrain, zTest, cov]);
