/**
 * Save and load a trained encoder: `tf.io.encodeWeights` writes the named weights to
 * `<dir>/weights.bin` and `<dir>/encoder.json` holds the format tag, the encoder config and the
 * weight specs; loading decodes them back into variables with the same names and checks the
 * config and every expected weight.
 */
import { ensureBackend } from "../backend.ts";
import * as tf from "@tensorflow/tfjs";
import { require } from "../errors.ts";
import { disposeParams } from "../nn/params.ts";
import { readBinaryFile, readJsonFile, weightBytes } from "../nlp/model_files.ts";
import { initJepaEncoder, type JepaEncoder } from "./model.ts";

/** Format tag written in encoder.json. */
export const ENCODER_FORMAT = "course-jepa-encoder/1";

/** Write an encoder to the folder `dir` (created if needed): encoder.json + weights.bin. */
export async function saveEncoder(encoder: JepaEncoder, dir: string): Promise<void> {
  require(
    encoder !== null && typeof encoder === "object" && !!encoder.params && !!encoder.config,
    "saveEncoder",
    "encoder",
    "an JepaEncoder {config, params}",
    encoder,
  );
  require(typeof dir === "string" && dir.length > 0, "saveEncoder", "dir", "a folder path", dir);
  const { data, specs } = await tf.io.encodeWeights(encoder.params);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeFile(`${dir}/weights.bin`, new Uint8Array(data));
  const meta = { format: ENCODER_FORMAT, config: encoder.config, weightSpecs: specs };
  await Deno.writeTextFile(`${dir}/encoder.json`, JSON.stringify(meta, null, 1) + "\n");
}

/** Read an encoder saved by `saveEncoder`; its embeddings equal the saved encoder's. */
export async function loadEncoder(dir: string): Promise<JepaEncoder> {
  await ensureBackend();
  require(typeof dir === "string" && dir.length > 0, "loadEncoder", "dir", "a folder path", dir);
  const meta = await readJsonFile(
    "loadEncoder",
    "dir",
    `${dir}/encoder.json`,
    "a folder with encoder.json (written by saveEncoder)",
  ) as { format?: string; config?: unknown; weightSpecs?: tf.io.WeightsManifestEntry[] };
  require(
    meta?.format === ENCODER_FORMAT,
    "loadEncoder",
    "encoder.json",
    `format "${ENCODER_FORMAT}" in ${dir}/encoder.json`,
    String(meta?.format),
  );
  require(
    Array.isArray(meta.weightSpecs) && meta.config !== null && typeof meta.config === "object",
    "loadEncoder",
    "encoder.json",
    `config and weightSpecs in ${dir}/encoder.json`,
    "a record without them",
  );
  const bytes = await readBinaryFile(
    "loadEncoder",
    "dir",
    `${dir}/weights.bin`,
    "a folder with weights.bin (written by saveEncoder)",
  );
  const need = weightBytes(meta.weightSpecs);
  require(
    bytes.byteLength === need,
    "loadEncoder",
    "weights.bin",
    `${need} bytes (as ${dir}/encoder.json says)`,
    `${bytes.byteLength} bytes in ${dir}/weights.bin (truncated or damaged: save it again)`,
  );
  const encoder = initJepaEncoder(meta.config as Parameters<typeof initJepaEncoder>[0], 0);
  let decoded: tf.NamedTensorMap = {};
  try {
    decoded = tf.io.decodeWeights(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      meta.weightSpecs,
    );
    for (const [k, v] of Object.entries(encoder.params)) {
      const w = decoded[k];
      require(
        w !== undefined && w.shape.join(",") === v.shape.join(","),
        "loadEncoder",
        "weights.bin",
        `weight ${k} of shape [${v.shape.join(", ")}]`,
        w === undefined ? "no such weight" : w,
      );
      v.assign(w);
    }
  } catch (e) {
    disposeParams(encoder.params);
    throw e;
  } finally {
    tf.dispose(Object.values(decoded));
  }
  return encoder;
}
