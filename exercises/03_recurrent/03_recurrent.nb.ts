// %% [markdown]
// # Exercise 03 · An LSTM step by hand, padding, and a leak-free vocabulary
//
// Three small pieces of the chapter, in `recurrent.ts` next to this notebook:
//
// 1. `lstmCellStep`: one LSTM step from its equations (Keras gate order i, f, c, o):
//    $z = x W + h U + b$, $i, f, o = \sigma(\cdot)$, $g = \tanh(\cdot)$,
//    $c' = f \odot c + i \odot g$, $h' = o \odot \tanh(c')$.
//    It must agree with `tf.layers.lstm` (same weights) to 1e-5.
// 2. `padOrTruncate`: make every id sequence `maxLen` long, padding and cutting at the front
//    ("pre", the Keras default: an LSTM then ends on real words) or at the back ("post").
// 3. `buildTrainVocab`: word → id from the **training** texts only; words that only the test
//    split contains must become `<UNK>`, otherwise the test score is optimistic.
//
// Grade yourself with `deno task grade 03`.

// %%
import * as tf from "@tensorflow/tfjs";
import { deviceBanner } from "@course/lib";
// Your file, imported afresh each time this cell runs: after editing it, re-run
// this cell, then the cell you are working on (no kernel restart needed).
const recurrentFile: typeof import("./recurrent.ts") = await import(
  `./recurrent.ts?v=${Date.now()}`
);
const { buildTrainVocab, lstmCellStep, padOrTruncate } = recurrentFile;

// Exercises run on the CPU (wasm): they are small, they are graded there, and reading a tensor
// synchronously (`dataSync`, which WebGPU under Deno cannot do) is fine here.
await deviceBanner("wasm");

// %% [markdown]
// ## 1. One LSTM step against tf.layers.lstm

// %%
const exLayer = tf.layers.lstm({
  units: 3,
  returnSequences: true,
  recurrentActivation: "sigmoid",
  kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
  recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }),
});
const exX = [[0.5, -1], [1, 0.25]];
const exOut = (exLayer.apply(tf.tensor3d([exX])) as tf.Tensor).arraySync() as number[][][];
const [exK, exRk, exB] = exLayer.getWeights().map((t) => t.arraySync());
let exState = { h: [0, 0, 0], c: [0, 0, 0] };
for (let t = 0; t < exX.length; t++) {
  exState = lstmCellStep(exX[t], exState.h, exState.c, {
    kernel: exK as number[][],
    recurrentKernel: exRk as number[][],
    bias: exB as number[],
  });
  const diff = Math.max(...exState.h.map((v, u) => Math.abs(v - exOut[0][t][u])));
  console.log(`step ${t}: max |h_mine - h_tfjs| = ${diff.toExponential(2)}`);
}

// %% [markdown]
// ## 2. Padding and truncation

// %%
padOrTruncate([[1, 2, 3, 4, 5], [7, 8]], 3, "pre", "pre");

// %% [markdown]
// ## 3. A vocabulary that never sees the test split

// %%
const exTexts = ["Profit rose", "Profit fell", "Bankruptcy looms"];
const exVocab = buildTrainVocab(exTexts, [0, 1]);
console.log([...exVocab.entries()]);
console.log("test-only word known?", exVocab.has("bankruptcy"));
