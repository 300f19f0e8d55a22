/**
 * Save a tfjs Layers model to a folder and load it back under Deno. tfjs's `file://` handler
 * lives in tfjs-node only, so this is a small IOHandler of our own: `tf.io.withSaveHandler`
 * receives the model's artifacts (topology + weights) and writes `model.json` (the same
 * layout `tf.loadLayersModel` reads over HTTP) and one `weights.bin`; loading reads both
 * files and hands them to `tf.io.fromMemory`.
 */
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { readBinaryFile, readJsonFile } from "../nlp/model_files.ts";

/** Name of the topology + manifest file in a saved model folder. */
export const LAYERS_MODEL_JSON = "model.json";
/** Name of the binary weights file in a saved model folder. */
export const LAYERS_WEIGHTS_BIN = "weights.bin";

/** What `saveLayersModelToDir` wrote: the folder, its two files and the weight bytes. */
export interface SavedLayersModel {
  dir: string;
  files: string[];
  weightBytes: number;
}

/** Write `model` to the folder `dir` (created if needed) as model.json + weights.bin. */
export async function saveLayersModelToDir(
  model: tf.LayersModel,
  dir: string,
): Promise<SavedLayersModel> {
  const fn = "saveLayersModelToDir";
  require(
    model instanceof tf.LayersModel,
    fn,
    "model",
    "a tf.LayersModel (tf.sequential or tf.model)",
    model,
  );
  require(typeof dir === "string" && dir.length > 0, fn, "dir", "a folder path", dir);
  let weightBytes = 0;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = artifacts.weightData === undefined
      ? new ArrayBuffer(0)
      : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    weightBytes = weights.byteLength;
    const modelJson = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      modelTopology: artifacts.modelTopology,
      trainingConfig: artifacts.trainingConfig,
      weightsManifest: [{ paths: [`./${LAYERS_WEIGHTS_BIN}`], weights: artifacts.weightSpecs }],
    };
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeFile(`${dir}/${LAYERS_WEIGHTS_BIN}`, new Uint8Array(weights));
    await Deno.writeTextFile(`${dir}/${LAYERS_MODEL_JSON}`, JSON.stringify(modelJson));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
  return { dir, files: [LAYERS_MODEL_JSON, LAYERS_WEIGHTS_BIN], weightBytes };
}

/** Load a model saved by `saveLayersModelToDir`; it predicts exactly as the saved one did. */
export async function loadLayersModelFromDir(dir: string): Promise<tf.LayersModel> {
  const fn = "loadLayersModelFromDir";
  require(typeof dir === "string" && dir.length > 0, fn, "dir", "a folder path", dir);
  const folder =
    `a folder written by saveLayersModelToDir (with ${LAYERS_MODEL_JSON} and ${LAYERS_WEIGHTS_BIN})`;
  const json = await readJsonFile(fn, "dir", `${dir}/${LAYERS_MODEL_JSON}`, folder) as Record<
    string,
    // deno-lint-ignore no-explicit-any
    any
  >;
  require(
    json !== null && typeof json === "object" && json.modelTopology !== undefined &&
      Array.isArray(json.weightsManifest),
    fn,
    LAYERS_MODEL_JSON,
    "modelTopology and weightsManifest",
    "a file without them",
  );
  const bytes = await readBinaryFile(fn, "dir", `${dir}/${LAYERS_WEIGHTS_BIN}`, folder);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const specs = (json.weightsManifest as tf.io.WeightsManifestConfig).flatMap((g) => g.weights);
  const expected = specs.reduce(
    (s, w) => s + w.shape.reduce((a, b) => a * b, 1) * (w.dtype === "bool" ? 1 : 4),
    0,
  );
  require(
    weightData.byteLength === expected,
    fn,
    LAYERS_WEIGHTS_BIN,
    `${expected} bytes (from the manifest in ${LAYERS_MODEL_JSON})`,
    `${weightData.byteLength} bytes`,
  );
  return await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: json.modelTopology,
    weightSpecs: specs,
    weightData: weightData as ArrayBuffer,
    trainingConfig: json.trainingConfig,
    format: json.format,
    generatedBy: json.generatedBy,
  }));
}
