/**
 * Exercise 09 (reference solution): one activation and its derivative (SiLU), a seeded batch
 * iterator (the PyTorch DataLoader's job), and saving a tfjs Layers model to a folder and
 * loading it back (Keras's `model.save` / `load_model`).
 */
import * as tf from "@tensorflow/tfjs";
import { Rng } from "../../lib/random.ts";

/** SiLU (swish): x · sigmoid(x), elementwise. */
export function silu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
}

/** The derivative of SiLU in closed form: s(x) · (1 + x · (1 − s(x))), s = sigmoid. */
export function siluDerivative(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const s = tf.sigmoid(x);
    return tf.mul(s, tf.add(1, tf.mul(x, tf.sub(1, s))));
  });
}

/**
 * The row indices 0..n−1 in a seeded random order (`new Rng(seed).permutation(n)`), cut into
 * consecutive batches of `batchSize` (the last one may be smaller). Throws on n or batchSize
 * that is not a positive integer.
 */
export function shuffledBatches(n: number, batchSize: number, seed: number): number[][] {
  for (const [name, v] of [["n", n], ["batchSize", batchSize]] as const) {
    if (!Number.isInteger(v) || v <= 0) {
      throw new Error(`shuffledBatches: ${name} must be a positive integer, received ${v}`);
    }
  }
  const order = new Rng(seed).permutation(n);
  const out: number[][] = [];
  for (let s = 0; s < n; s += batchSize) out.push(order.slice(s, s + batchSize));
  return out;
}

/**
 * Save `model` into the folder `dir` as `model.json` (topology + a weights manifest naming
 * `weights.bin`) and `weights.bin` (all weights, concatenated), using `tf.io.withSaveHandler`.
 */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? new ArrayBuffer(0));
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeFile(`${dir}/weights.bin`, new Uint8Array(weights));
    await Deno.writeTextFile(
      `${dir}/model.json`,
      JSON.stringify({
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ["./weights.bin"], weights: artifacts.weightSpecs }],
      }),
    );
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
}

/** Load a model written by `saveModel` from `dir` (with `tf.io.fromMemory`). */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const json = JSON.parse(await Deno.readTextFile(`${dir}/model.json`));
  const bytes = await Deno.readFile(`${dir}/weights.bin`);
  const weightSpecs = (json.weightsManifest as tf.io.WeightsManifestConfig).flatMap((g) =>
    g.weights
  );
  return await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs,
    weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  }));
}
