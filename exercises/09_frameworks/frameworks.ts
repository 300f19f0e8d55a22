/**
 * Exercise 09: one activation and its derivative (SiLU), a seeded batch iterator (the PyTorch
 * DataLoader's job), and saving a tfjs Layers model to a folder and loading it back (Keras's
 * `model.save` / `load_model`). Replace each `throw` with your code, then run
 * `deno task grade 09`.
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/random.ts";

/** SiLU (swish): x · sigmoid(x), elementwise. Dispose what you create (`tf.tidy`). */
export function silu(x: tf.Tensor): tf.Tensor {
  void x, tf;
  throw new Error("TODO: silu — x * sigmoid(x), inside tf.tidy");
}

/**
 * The derivative of SiLU in closed form (work it out with the product rule; sigmoid′ = s(1 − s)).
 * It must agree with `tf.grad` of your `silu`.
 */
export function siluDerivative(x: tf.Tensor): tf.Tensor {
  void x;
  throw new Error("TODO: siluDerivative — the product rule on x * s(x), with s' = s * (1 - s)");
}

/**
 * The row indices 0..n−1 in a seeded random order (`new Rng(seed).permutation(n)`), cut into
 * consecutive batches of `batchSize` (the last one may be smaller). Throw an Error when n or
 * batchSize is not a positive integer.
 */
export function shuffledBatches(n: number, batchSize: number, seed: number): number[][] {
  void n, batchSize, seed, Rng;
  throw new Error(
    "TODO: shuffledBatches — new Rng(seed).permutation(n), then slices of batchSize",
  );
}

/**
 * Save `model` into the folder `dir` as `model.json` (topology + a weights manifest naming
 * `weights.bin`) and `weights.bin` (all weights, concatenated), using `tf.io.withSaveHandler`.
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  void model, dir;
  await Promise.resolve();
  throw new Error(
    "TODO: saveModel — model.save(tf.io.withSaveHandler(async (artifacts) => {...write files}))",
  );
}

/** Load a model written by `saveModel` from `dir` (with `tf.io.fromMemory`). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  void dir;
  await Promise.resolve();
  throw new Error(
    "TODO: loadModel — read both files, then tf.loadLayersModel(tf.io.fromMemory({...}))",
  );
}
