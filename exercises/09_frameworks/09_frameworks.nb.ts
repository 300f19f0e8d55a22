// %% [markdown]
// # Exercise 09 · An activation, a data loader, a saved model
//
// Chapter 09 compared the Keras and PyTorch ways of writing the same network. Here you write
// three of the pieces yourself, in `frameworks.ts` next to this notebook:
//
// 1. `silu` and `siluDerivative` — the SiLU (swish) activation x·sigmoid(x) and its derivative
//    in closed form, which must agree with what `tf.grad` computes;
// 2. `shuffledBatches` — the PyTorch `DataLoader(shuffle=True)` idea: a seeded permutation of
//    the rows cut into batches;
// 3. `saveModel` / `loadModel` — Keras's `model.save` and `load_model`: a tfjs Layers model
//    written to a folder as `model.json` + `weights.bin` and read back.
//
// Each cell compares your code with the course library. Then grade yourself:
//
// ```
// deno task grade 09
// ```

// %%
import * as tf from "@tensorflow/tfjs";
import { deviceBanner, lineFigure } from "@course/lib";
import { activationCurve, linspace } from "@course/lib/nn/activations.ts";
import { batchIndices } from "@course/lib/data/batches.ts";
import { loadModel, saveModel, shuffledBatches, silu, siluDerivative } from "./frameworks.ts";

// Exercises run on the CPU (wasm): they are small, they are graded there, and reading a tensor
// synchronously (`dataSync`, which WebGPU under Deno cannot do) is fine here.
await deviceBanner("wasm");

// %% [markdown]
// ## 1. SiLU and its derivative
//
// Your closed form, `tf.grad` of your `silu`, and the library's curve: the three derivative
// lines should lie on top of each other.

// %%
const xs = linspace(-5, 5, 101);
const x = tf.tensor1d(xs);
const yours = Array.from(silu(x).dataSync());
const yoursSlope = Array.from(siluDerivative(x).dataSync());
const autodiff = Array.from(tf.grad((t: tf.Tensor) => tf.sum(silu(t)))(x).dataSync());
const lib = await activationCurve("silu", xs);
console.log(
  `largest |your derivative − tf.grad| ${
    Math.max(...yoursSlope.map((v, i) => Math.abs(v - autodiff[i])))
  }, largest |your silu − library| ${Math.max(...yours.map((v, i) => Math.abs(v - lib.y[i])))}`,
);
tf.dispose(x);
lineFigure({
  x: xs,
  y: {
    "silu (yours)": yours,
    "derivative (yours)": yoursSlope,
    "derivative (tf.grad)": autodiff,
    "derivative (library)": lib.dyClosed,
  },
  dashed: ["derivative (tf.grad)", "derivative (library)"],
  title: "SiLU and its derivative",
  xTitle: "x",
});

// %% [markdown]
// ## 2. Seeded batches
//
// Every row once per epoch, the same batches for the same seed. The library's `batchIndices`
// draws the same permutation when you use `new Rng(seed).permutation(n)`.

// %%
const mine = shuffledBatches(10, 4, 42);
console.log("yours  ", JSON.stringify(mine));
console.log("library", JSON.stringify(batchIndices(10, 4, { seed: 42 })));
console.log("seed 43", JSON.stringify(shuffledBatches(10, 4, 43)));

// %% [markdown]
// ## 3. Save and load a small model
//
// A tiny network saved to a temporary folder and loaded back must predict exactly the same.

// %%
const model = tf.sequential();
model.add(tf.layers.dense({
  inputShape: [3],
  units: 4,
  activation: "relu",
  kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
}));
model.add(tf.layers.dense({
  units: 1,
  kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
}));
const dir = await Deno.makeTempDir({ prefix: "exercise09_" });
await saveModel(model, dir);
console.log("files:", [...Deno.readDirSync(dir)].map((e) => e.name).sort().join(", "));
const loaded = await loadModel(dir);
const probe = tf.tensor2d([[1, 2, 3], [-1, 0.5, 2]]);
const before = (model.predict(probe) as tf.Tensor).dataSync();
const after = (loaded.predict(probe) as tf.Tensor).dataSync();
console.log("saved model ", Array.from(before));
console.log("loaded model", Array.from(after));
await Deno.remove(dir, { recursive: true });
