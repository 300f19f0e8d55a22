// %% [markdown]
// # Exercise 06 · Four tools for robust training
//
// Chapter 06 trained networks on returns with kurtosis in the twenties and showed which fixes
// keep training finite. Here you write the four tools yourself, in `robust.ts` next to this
// notebook:
//
// 1. `huberLoss` — quadratic up to `delta`, linear beyond;
// 2. `rankTransform` — values to [0, 1] by rank, ties sharing their average rank;
// 3. `linearWarmup` — a learning-rate schedule rising from 0 to its peak;
// 4. `clipByGlobalNorm` — scale a list of gradients so their joint L2 norm is at most a bound.
//
// Each cell compares your function with the course library on real S&P 500 returns. Then
// grade yourself:
//
// ```
// deno task grade 06
// ```

// %%
import * as tf from "@tensorflow/tfjs";
import {
  averageRanks,
  clipByGlobalNorm as libClip,
  deviceBanner,
  huberLoss as libHuber,
  linearWarmup as libWarmup,
  lineFigure,
  loadSp500Returns,
  sampleSchedule,
} from "@course/lib";
// Your file, imported afresh each time this cell runs: after editing it, re-run
// this cell, then the cell you are working on (no kernel restart needed).
const robustFile: typeof import("./robust.ts") = await import(`./robust.ts?v=${Date.now()}`);
const { clipByGlobalNorm, huberLoss, linearWarmup, rankTransform } = robustFile;

// Exercises run on the CPU (wasm): they are small, they are graded there, and reading a tensor
// synchronously (`dataSync`, which WebGPU under Deno cannot do) is fine here.
await deviceBanner("wasm");

// %% [markdown]
// ## 1. Huber loss on S&P 500 returns (in percent)
//
// Predicting 0 for every day: MSE is dominated by the crash days, Huber much less. Your value
// should equal the library's to float precision.

// %%
const returnsPct = (loadSp500Returns().getColumn("sp500_return").toArray() as number[]).map((v) =>
  v * 100
);
const yReal = tf.tensor1d(returnsPct);
const yZero = tf.zerosLike(yReal);
const mine = huberLoss(yReal, yZero, 1);
const lib = libHuber(yReal, yZero, 1);
const mseZero = tf.losses.meanSquaredError(yReal, yZero);
console.log(
  `Huber (yours) ${mine.dataSync()[0].toFixed(6)}, library ${lib.dataSync()[0].toFixed(6)}, ` +
    `MSE ${mseZero.dataSync()[0].toFixed(4)}`,
);
tf.dispose([yReal, yZero, mine, lib, mseZero]);

// %% [markdown]
// ## 2. Rank transform
//
// The largest day maps to 1, the smallest to 0, and a 20 % crash no longer weighs more than a
// 3 % fall. Compare with the library's average ranks, rescaled.

// %%
const ranks = rankTransform(returnsPct);
const libRanks = averageRanks(returnsPct).map((r) => (r - 1) / (returnsPct.length - 1));
const rankDiff = Math.max(...ranks.map((v, i) => Math.abs(v - libRanks[i])));
console.log(
  `min ${Math.min(...ranks)}, max ${
    Math.max(...ranks)
  }, largest difference from the library ${rankDiff}`,
);

// %% [markdown]
// ## 3. Linear warmup
//
// Yours over 1,000 steps to 1e-4 (the seed project's setting) against the library's.

// %%
const steps = 1500;
lineFigure({
  y: {
    yours: sampleSchedule(linearWarmup(1e-4, 1000), steps),
    library: sampleSchedule(libWarmup(1e-4, 1000), steps),
  },
  dashed: ["library"],
  title: "Learning rate by step",
  xTitle: "step",
  yTitle: "learning rate",
});

// %% [markdown]
// ## 4. Clipping by global norm
//
// Two gradients with joint norm 13 clipped to 1: same direction, norm 1.

// %%
const grads = [tf.tensor1d([3, 4]), tf.tensor1d([12, 0])];
const { clipped, norm } = clipByGlobalNorm(grads, 1);
const libClipped = libClip(grads, 1);
console.log(`norm before ${norm.toFixed(4)}`);
console.log("yours  ", clipped.map((t) => Array.from(t.dataSync()).map((v) => v.toFixed(4))));
console.log("library", libClipped.map((t) => Array.from(t.dataSync()).map((v) => v.toFixed(4))));
tf.dispose([...grads, ...clipped, ...libClipped]);
